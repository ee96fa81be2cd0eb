// SPDX-License-Identifier: GPL-2.0
/*
 * Prints the user frames that DWARF unwinding finds for each sample of a
 * perf.data, in the form of the user lines of
 * "perf script -F ip,sym,symoff,dso --no-inline": per sample an empty
 * line, one line per frame, an empty line.  An address that hits a map
 * is printed as an offset into its file, as perf script does.
 *
 *   unwind-dump [-q] [-m MAX_STACK] FILE
 *
 * -q prints nothing but the totals (for timing).  The totals (samples,
 * samples with frames, frames) go to standard error.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util/debug.h"
#include "util/demangle.h"
#include "util/session.h"
#include "util/symbol.h"
#include "util/unwind.h"
#include "util/util.h"

struct dump {
	struct perf_tool tool;
	struct perf_session *session;
	const struct perf_sample *sample;
	unsigned int max_stack;
	bool quiet;
	unsigned long samples, unwound, frames;
	int err;
};

/* One frame, as perf script prints a user frame. */
static int dump__frame(uint64_t ip, void *arg)
{
	struct dump *d = arg;
	struct perf_sample s = {
		.ip = ip, .pid = d->sample->pid, .tid = d->sample->tid,
		.cpumode = PERF_RECORD_MISC_USER,
	};
	struct addr_location al;
	char name[1024];
	const char *sym;

	d->frames++;
	if (d->quiet)
		return 0;
	if (machines__resolve(&d->session->machines, &s, &al))
		return -ENOMEM;
	if (!al.map) {
		printf("\t%16" PRIx64 " [unknown] ([unknown])\n", ip);
		return 0;
	}
	if (!al.sym) {
		printf("\t%16" PRIx64 " [unknown] (%s)\n", al.addr, al.dso->name);
		return 0;
	}
	sym = al.sym->name;
	if (demangle(sym, name, sizeof(name)) >= 0)
		sym = name;
	printf("\t%16" PRIx64 " %s+0x%" PRIx64 " (%s)\n", al.addr, sym, al.addr - al.sym->start,
	       al.dso->name);
	return 0;
}

static int dump__sample(struct perf_tool *tool, struct perf_session *session,
			const struct perf_sample *sample, const struct perf_header_attr *attr)
{
	struct dump *d = container_of(tool, struct dump, tool);
	unsigned long before = d->frames;
	struct machine *m;
	int err;

	(void)attr;
	d->samples++;
	d->session = session;
	d->sample = sample;
	m = machines__findnew(&session->machines, sample->cpumode, sample->pid);
	if (!m)
		return -ENOMEM;
	if (!d->quiet)
		putchar('\n');
	err = unwind__get_entries(&session->machines, m, sample->pid, sample->tid, sample,
				  d->max_stack, dump__frame, d);
	if (err == -ENOMEM)
		return err;
	d->unwound += d->frames > before;
	if (!d->quiet)
		putchar('\n');
	return 0;
}

int main(int argc, char **argv)
{
	struct dump d = { .tool = { .sample = dump__sample }, .max_stack = 127 };
	struct perf_session s;
	char msg[512];
	int opt, err;

	while ((opt = getopt(argc, argv, "qm:")) != -1) {
		switch (opt) {
		case 'q':
			d.quiet = true;
			break;
		case 'm':
			d.max_stack = strtoul(optarg, NULL, 0);
			break;
		default:
			goto usage;
		}
	}
	if (optind + 1 != argc)
		goto usage;
	quiet = true;
	err = perf_session__open(&s, argv[optind], NULL);
	if (!err)
		err = perf_session__process(&s, &d.tool);
	if (err) {
		perf_session__strerror(&s, err, NULL, msg, sizeof(msg));
		fprintf(stderr, "unwind-dump: %s\n", msg);
	}
	unwind__exit(&s.machines);
	perf_session__close(&s);
	fflush(stdout);
	fprintf(stderr, "%lu samples, %lu with user frames, %lu frames\n", d.samples, d.unwound,
		d.frames);
	return err ? 1 : 0;
usage:
	fprintf(stderr, "usage: unwind-dump [-q] [-m MAX_STACK] FILE\n");
	return 2;
}
