/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_WORKLOAD_H
#define __PERF_WORKLOAD_H

#include <stdbool.h>
#include <sys/types.h>

/*
 * A command started by perf: forked at once, but held before exec()
 * until workload__start(), so that its events can be opened on its pid
 * first and see it from its very first instruction.
 */
struct workload {
	pid_t pid;
	int go_fd;	/* write end: one byte releases the child */
	int err_fd;	/* read end: the child's errno if exec() failed, EOF if it worked */
	bool quiet_stdout;	/* its standard output goes to standard error (ours is data) */
};

/* Forks the child for @argv. Returns 0 or -errno. */
int workload__prepare(struct workload *w, const char **argv);

/* Lets the child exec. Returns 0, or the -errno of a failed exec (the child is then reaped). */
int workload__start(struct workload *w);

/* Stops and reaps the child, started or not: SIGTERM, then SIGKILL after 2 s. */
void workload__cancel(struct workload *w);

#endif /* __PERF_WORKLOAD_H */
