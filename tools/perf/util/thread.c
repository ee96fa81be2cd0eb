// SPDX-License-Identifier: GPL-2.0
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "thread.h"

#define THREAD_BUCKETS	4096

struct thread *threads__find(const struct threads *t, pid_t tid)
{
	struct thread *th;

	if (!t->hash)
		return NULL;
	for (th = t->hash[(uint32_t)tid % t->nr_buckets]; th; th = th->next)
		if (th->tid == tid)
			return th;
	return NULL;
}

struct thread *threads__findnew(struct threads *t, pid_t pid, pid_t tid)
{
	struct thread *th = threads__find(t, tid);
	size_t b;

	if (th) {
		if (th->pid <= 0 && pid > 0)
			th->pid = pid;
		return th;
	}
	if (!t->hash) {
		t->hash = calloc(THREAD_BUCKETS, sizeof(*t->hash));
		if (!t->hash)
			return NULL;
		t->nr_buckets = THREAD_BUCKETS;
	}
	th = calloc(1, sizeof(*th));
	if (!th)
		return NULL;
	th->pid = pid;
	th->tid = tid;
	snprintf(th->comm, sizeof(th->comm), ":%d", tid);
	b = (uint32_t)tid % t->nr_buckets;
	th->next = t->hash[b];
	t->hash[b] = th;
	t->nr++;
	return th;
}

void threads__exit(struct threads *t)
{
	size_t b;

	for (b = 0; t->hash && b < t->nr_buckets; b++) {
		struct thread *th = t->hash[b], *n;

		for (; th; th = n) {
			n = th->next;
			free(th);
		}
	}
	free(t->hash);
	memset(t, 0, sizeof(*t));
}
