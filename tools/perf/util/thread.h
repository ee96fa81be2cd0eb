/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_THREAD_H
#define __PERF_THREAD_H

#include <sys/types.h>

#define THREAD_COMM_LEN	32

/* A host thread as the records describe it: ids and its current command name. */
struct thread {
	pid_t pid;
	pid_t tid;
	char comm[THREAD_COMM_LEN];	/* ":<tid>" until a COMM names it */
	struct thread *next;		/* hash chain */
};

/* The threads of one machine, by tid. */
struct threads {
	struct thread **hash;
	size_t nr_buckets;
	size_t nr;
};

/* Returns thread @tid, creating it (with @pid) if new; NULL on ENOMEM. */
struct thread *threads__findnew(struct threads *t, pid_t pid, pid_t tid);

/* Returns thread @tid or NULL. */
struct thread *threads__find(const struct threads *t, pid_t tid);

/* Frees every thread. */
void threads__exit(struct threads *t);

#endif /* __PERF_THREAD_H */
