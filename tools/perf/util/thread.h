/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_THREAD_H
#define __PERF_THREAD_H

#include <sys/types.h>

/* A host thread as the records describe it: ids and its current command name. */
struct thread {
	pid_t pid;
	pid_t tid;
	const char *comm;	/* interned by struct threads; ":<tid>" until a COMM names it */
	struct thread *next;	/* hash chain */
};

/*
 * The threads of one machine, by tid, and the command names they use.
 * Names are interned: two threads with the same name share one pointer,
 * so the report groups by comm with a pointer compare.
 */
struct threads {
	struct thread **hash;
	size_t nr_buckets;
	size_t nr;
	struct comm_str **comms;
	size_t nr_comm_buckets;
};

/* Returns thread @tid, creating it (with @pid) if new; NULL on ENOMEM. */
struct thread *threads__findnew(struct threads *t, pid_t pid, pid_t tid);

/* Names @th @name. Returns 0 or -ENOMEM. */
int threads__set_comm(struct threads *t, struct thread *th, const char *name);

/* Returns thread @tid or NULL. */
struct thread *threads__find(const struct threads *t, pid_t tid);

/* Frees every thread. */
void threads__exit(struct threads *t);

#endif /* __PERF_THREAD_H */
