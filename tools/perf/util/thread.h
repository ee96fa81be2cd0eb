/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_THREAD_H
#define __PERF_THREAD_H

#include <stdbool.h>
#include <sys/types.h>

/*
 * A command name as samples see it.  The names COMM records give are
 * interned, one object per name, so the report groups by comm with a
 * pointer compare.  A thread's placeholder ":TID" is an object of its
 * own, which the thread's first name renames: samples taken before a
 * thread's first COMM then show that name, as in perf.
 */
struct comm {
	const char *str;
};

/* A host thread as the records describe it: ids and its current command name. */
struct thread {
	pid_t pid;
	pid_t tid;
	const struct comm *comm;	/* the current one: @placeholder until named */
	bool comm_set;			/* named by a COMM or its parent's FORK */
	struct comm placeholder;	/* ":<tid>", then the thread's first name */
	char placeholder_str[16];
	struct thread *next;		/* hash chain, then the list of retired threads */
};

/* The threads of one machine, by tid, and the command names they use. */
struct threads {
	struct thread **hash;
	size_t nr_buckets;
	size_t nr;
	struct thread *retired;		/* replaced by a new thread of their tid; samples may point here */
	struct comm_str **comms;
	size_t nr_comm_buckets;
};

/* Returns thread @tid, creating it (with @pid) if new; NULL on ENOMEM. */
struct thread *threads__findnew(struct threads *t, pid_t pid, pid_t tid);

/*
 * A new thread @tid, replacing any old one of that tid (a FORK reusing
 * it): the old one lives on for the samples that saw it.  NULL on ENOMEM.
 */
struct thread *threads__new(struct threads *t, pid_t pid, pid_t tid);

/*
 * Names @th @name from now on; a first name renames the placeholder, so
 * that it holds for the thread's earlier samples too.  Returns 0 or -ENOMEM.
 */
int threads__set_comm(struct threads *t, struct thread *th, const char *name);

/* Returns thread @tid or NULL. */
struct thread *threads__find(const struct threads *t, pid_t tid);

/*
 * The vCPU that thread @th runs, from the name QEMU gives vCPU threads
 * ("CPU <n>/KVM", with -name ...,debug-threads=on); -1 for any other name.
 */
int thread__vcpu(const struct thread *th);

/* Frees every thread. */
void threads__exit(struct threads *t);

#endif /* __PERF_THREAD_H */
