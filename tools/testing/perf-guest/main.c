// SPDX-License-Identifier: GPL-2.0
/*
 * perf-guest: userspace harness for the perf guest info callbacks, x86
 * guest attribution and KVM's NMI window.
 *
 * Usage: perf-guest [-s SEED] [-n NMIS] [-l] [-c CPUS] [-T SECONDS]
 *		     [-t TEST] [-v]
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "../../../arch/x86/kvm/x86.h"

#define PG_LONG_NMIS	10000000ULL

struct pg_opts pg_opts = {
	.nmis		= 300000,
	.ncpus		= 2,
	.timeout	= 30,
};

static const struct {
	const char	*name;
	int		(*fn)(void);
} pg_tests[] = {
	{ "api",	pg_test_api },
	{ "tag",	pg_test_tag },
	{ "race",	pg_test_race },
};

void pg_summary(const char *test, const struct pg_counters *c)
{
	printf("%s: nmis=%llu (timer=%llu injected=%llu) exit_nmis=%llu samples=%llu guest_user=%llu guest_kernel=%llu excluded=%llu host_in_window=%llu mistagged=%llu\n",
	       test, (unsigned long long)c->nmis,
	       (unsigned long long)c->timer,
	       (unsigned long long)c->injected,
	       (unsigned long long)c->exit_nmis,
	       (unsigned long long)c->samples,
	       (unsigned long long)c->guest_user,
	       (unsigned long long)c->guest_kernel,
	       (unsigned long long)c->excluded,
	       (unsigned long long)c->host_in_window,
	       (unsigned long long)c->mistagged);
	fflush(stdout);
}

static void pg_usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [-s SEED] [-n NMIS] [-l] [-c CPUS] [-T SECONDS] [-t TEST] [-v]\n"
		"  -s SEED     random seed (printed at start; replays the random choices)\n"
		"  -n NMIS     NMIs per stress test (default %llu)\n"
		"  -l          long run: %llu NMIs per stress test\n"
		"  -c CPUS     simulated CPUs, 1..%d (default %u; odd ones are SVM)\n"
		"  -T SECONDS  give up on a stress test after this long (default %u)\n"
		"  -t TEST     run only TEST (api, tag, race); may be repeated\n"
		"  -v          verbose\n",
		prog, (unsigned long long)pg_opts.nmis, PG_LONG_NMIS,
		PG_MAX_CPUS, pg_opts.ncpus, pg_opts.timeout);
	exit(2);
}

int main(int argc, char **argv)
{
	const char *only[ARRAY_SIZE(pg_tests)];
	unsigned int nr_only = 0, i, j, failed = 0;
	bool have_seed = false;
	int opt;

	while ((opt = getopt(argc, argv, "s:n:lc:T:t:vh")) != -1) {
		switch (opt) {
		case 's':
			pg_opts.seed = strtoull(optarg, NULL, 0);
			have_seed = true;
			break;
		case 'n':
			pg_opts.nmis = strtoull(optarg, NULL, 0);
			break;
		case 'l':
			pg_opts.nmis = PG_LONG_NMIS;
			pg_opts.timeout = 1800;
			break;
		case 'c':
			pg_opts.ncpus = strtoul(optarg, NULL, 0);
			if (!pg_opts.ncpus || pg_opts.ncpus > PG_MAX_CPUS)
				pg_usage(argv[0]);
			break;
		case 'T':
			pg_opts.timeout = strtoul(optarg, NULL, 0);
			break;
		case 't':
			if (nr_only == ARRAY_SIZE(only))
				pg_usage(argv[0]);
			only[nr_only++] = optarg;
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
		for (i = 0; i < ARRAY_SIZE(pg_tests); i++)
			if (!strcmp(only[j], pg_tests[i].name))
				break;
		if (i == ARRAY_SIZE(pg_tests))
			pg_usage(argv[0]);
	}

	if (!have_seed) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		pg_opts.seed = ts.tv_sec * 1000000007ULL + ts.tv_nsec;
	}
	printf("perf-guest: seed %#llx (replay with -s)\n",
	       (unsigned long long)pg_opts.seed);
	fflush(stdout);

	pg_nmi_signal_init();
	rcu_register_thread();	/* the API tests read perf_guest_cbs too */
	if (pg_pmu_init()) {
		fprintf(stderr, "perf-guest: PMU init failed\n");
		return 2;
	}
	if (kvm_x86_vendor_init(&pg_kvm_ops)) {
		fprintf(stderr, "perf-guest: KVM init failed\n");
		return 2;
	}

	for (i = 0; i < ARRAY_SIZE(pg_tests); i++) {
		bool run = !nr_only;

		for (j = 0; j < nr_only; j++)
			run |= !strcmp(only[j], pg_tests[i].name);
		if (!run)
			continue;
		if (pg_tests[i].fn()) {
			printf("perf-guest: %s: FAIL\n", pg_tests[i].name);
			failed++;
		} else if (pg_opts.verbose) {
			printf("perf-guest: %s: ok\n", pg_tests[i].name);
		}
		fflush(stdout);
	}

	kvm_x86_vendor_exit();
	rcu_unregister_thread();

	printf("perf-guest: %s\n", failed ? "FAIL" : "ok");
	return failed ? 1 : 0;
}
