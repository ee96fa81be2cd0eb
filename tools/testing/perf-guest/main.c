// SPDX-License-Identifier: GPL-2.0
/*
 * perf-guest: runs the test groups that this binary links, one result
 * line per case, then "N passed, N failed".
 *
 * Usage: perf-guest [-s SEED] [-T SECONDS] [-r READERS] [-t GROUP]... [-q] [-v] [-l]
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

struct pg_opts pg_opts = {
	.seconds	= 2,
	.readers	= 2,
};

static struct pg_group *pg_groups;
static const struct pg_group *pg_current;
static unsigned int pg_passed, pg_failed;

void pg_group_register(struct pg_group *g)
{
	struct pg_group **p = &pg_groups;

	/* Sorted by name, whatever the link order: stable output. */
	while (*p && strcmp((*p)->name, g->name) < 0)
		p = &(*p)->next;
	g->next = *p;
	*p = g;
}

void pg_result(bool ok, const char *name, const char *why, ...)
{
	va_list ap;

	if (ok) {
		pg_passed++;
		if (!pg_opts.quiet)
			printf("ok - %s: %s\n", pg_current->name, name);
		return;
	}
	pg_failed++;
	printf("not ok - %s: %s: ", pg_current->name, name);
	va_start(ap, why);
	vprintf(why, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

void pg_log(const char *fmt, ...)
{
	va_list ap;

	if (!pg_opts.verbose)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

u64 pg_rand(u64 *state)
{
	u64 x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

void pg_format_chain(char *buf, size_t size, const u64 *ip, u64 nr)
{
	size_t off = 0;
	u64 i;

	off += snprintf(buf + off, size - off, "[");
	for (i = 0; i < nr && off < size; i++) {
		if (i == 8 && nr > 10) {
			off += snprintf(buf + off, size - off, " ... (%llu)",
					(unsigned long long)nr);
			break;
		}
		off += snprintf(buf + off, size - off, "%s%#llx", i ? " " : "",
				(unsigned long long)ip[i]);
	}
	if (off < size)
		snprintf(buf + off, size - off, "]");
}

static void pg_usage(const char *prog)
{
	const struct pg_group *g;

	fprintf(stderr,
		"usage: %s [-s SEED] [-T SECONDS] [-r READERS] [-t GROUP]... [-q] [-v] [-l]\n"
		"  -s SEED     random seed of the race test (printed; replays its choices)\n"
		"  -T SECONDS  length of the race test (default %u)\n"
		"  -r READERS  reader threads of the race test (default %u)\n"
		"  -l          long run: the race test for 60 s\n"
		"  -t GROUP    run only GROUP; may be repeated.  Groups:",
		prog, pg_opts.seconds, pg_opts.readers);
	for (g = pg_groups; g; g = g->next)
		fprintf(stderr, " %s", g->name);
	fprintf(stderr,
		"\n  -q          print only the failures and the count\n"
		"  -v          verbose\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *only[16];
	unsigned int nr_only = 0, j;
	const struct pg_group *g;
	bool have_seed = false;
	int opt;

	while ((opt = getopt(argc, argv, "s:T:r:lt:qvh")) != -1) {
		switch (opt) {
		case 's':
			pg_opts.seed = strtoull(optarg, NULL, 0);
			have_seed = true;
			break;
		case 'T':
			pg_opts.seconds = strtoul(optarg, NULL, 0);
			break;
		case 'r':
			pg_opts.readers = strtoul(optarg, NULL, 0);
			if (!pg_opts.readers || pg_opts.readers > 8)
				pg_usage(argv[0]);
			break;
		case 'l':
			pg_opts.seconds = 60;
			break;
		case 't':
			if (nr_only == ARRAY_SIZE(only))
				pg_usage(argv[0]);
			only[nr_only++] = optarg;
			break;
		case 'q':
			pg_opts.quiet = true;
			break;
		case 'v':
			pg_opts.verbose = true;
			break;
		default:
			pg_usage(argv[0]);
		}
	}
	if (optind != argc)
		pg_usage(argv[0]);
	for (j = 0; j < nr_only; j++) {
		for (g = pg_groups; g; g = g->next)
			if (!strcmp(only[j], g->name))
				break;
		if (!g)
			pg_usage(argv[0]);
	}

	if (!have_seed) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		pg_opts.seed = ts.tv_sec * 1000000007ULL + ts.tv_nsec;
	}
	pg_opts.seed |= 1;	/* xorshift never leaves 0 */
	printf("# seed %#llx (replay with -s, or SEED= for make check)\n",
	       (unsigned long long)pg_opts.seed);
	fflush(stdout);

	rcu_register_thread();
	for (g = pg_groups; g; g = g->next) {
		unsigned int failed = pg_failed, passed = pg_passed;
		bool run = !nr_only;
		char site[256];

		for (j = 0; j < nr_only; j++)
			run |= !strcmp(only[j], g->name);
		if (!run)
			continue;
		pg_current = g;
		pg_warnings_reset();
		g->run();
		/* A warning in the series or a shim fails its group. */
		if (pg_warnings(site, sizeof(site)))
			pg_result(false, "no warnings", "%llu, the first at %s",
				  (unsigned long long)pg_warnings(NULL, 0), site);
		if (pg_opts.quiet)
			printf("perf-guest: %s: %u passed, %u failed\n", g->name,
			       pg_passed - passed, pg_failed - failed);
		fflush(stdout);
	}
	rcu_unregister_thread();
	pg_callchain_free();
	pg_rcu_quarantine_drain();

	printf("perf-guest: %u passed, %u failed\n", pg_passed, pg_failed);
	return pg_failed ? 1 : 0;
}
