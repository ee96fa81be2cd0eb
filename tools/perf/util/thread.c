// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "thread.h"

#define THREAD_BUCKETS	4096
#define COMM_BUCKETS	1024

struct comm_str {
	struct comm_str *next;
	struct comm comm;
	char name[];
};

static const struct comm *threads__intern(struct threads *t, const char *name)
{
	size_t h = 5381, len = strlen(name), b;
	struct comm_str *c;
	const char *p;

	for (p = name; *p; p++)
		h = h * 33 + (unsigned char)*p;
	if (!t->comms) {
		t->comms = calloc(COMM_BUCKETS, sizeof(*t->comms));
		if (!t->comms)
			return NULL;
		t->nr_comm_buckets = COMM_BUCKETS;
	}
	b = h % t->nr_comm_buckets;
	for (c = t->comms[b]; c; c = c->next)
		if (!strcmp(c->name, name))
			return &c->comm;
	c = malloc(sizeof(*c) + len + 1);
	if (!c)
		return NULL;
	memcpy(c->name, name, len + 1);
	c->comm.str = c->name;
	c->next = t->comms[b];
	t->comms[b] = c;
	return &c->comm;
}

int threads__set_comm(struct threads *t, struct thread *th, const char *name)
{
	const struct comm *c = threads__intern(t, name);

	if (!c)
		return -ENOMEM;
	/*
	 * The samples taken so far saw the placeholder: renamed, their rows
	 * print the new name (and merge with its rows when sorted).  Later
	 * samples use the interned name, which the thread's peers share.
	 */
	if (!th->comm_set)
		th->placeholder.str = c->str;
	th->comm = c;
	th->comm_set = true;
	return 0;
}

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

/* Takes @old out of the hash; it stays allocated on the retired list. */
static void threads__retire(struct threads *t, struct thread *old)
{
	struct thread **pp = &t->hash[(uint32_t)old->tid % t->nr_buckets];

	while (*pp != old)
		pp = &(*pp)->next;
	*pp = old->next;
	old->next = t->retired;
	t->retired = old;
	t->nr--;
}

struct thread *threads__new(struct threads *t, pid_t pid, pid_t tid)
{
	struct thread *th = threads__find(t, tid);
	size_t b;

	if (th)
		threads__retire(t, th);
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
	snprintf(th->placeholder_str, sizeof(th->placeholder_str), ":%d", tid);
	th->placeholder.str = th->placeholder_str;
	th->comm = &th->placeholder;
	b = (uint32_t)tid % t->nr_buckets;
	th->next = t->hash[b];
	t->hash[b] = th;
	t->nr++;
	return th;
}

struct thread *threads__findnew(struct threads *t, pid_t pid, pid_t tid)
{
	struct thread *th = threads__find(t, tid);

	if (!th)
		return threads__new(t, pid, tid);
	if (th->pid <= 0 && pid > 0)
		th->pid = pid;
	return th;
}

static void threads__free_list(struct thread *th)
{
	struct thread *n;

	for (; th; th = n) {
		n = th->next;
		free(th);
	}
}

void threads__exit(struct threads *t)
{
	size_t b;

	for (b = 0; t->hash && b < t->nr_buckets; b++)
		threads__free_list(t->hash[b]);
	threads__free_list(t->retired);
	for (b = 0; t->comms && b < t->nr_comm_buckets; b++) {
		struct comm_str *c = t->comms[b], *n;

		for (; c; c = n) {
			n = c->next;
			free(c);
		}
	}
	free(t->comms);
	free(t->hash);
	memset(t, 0, sizeof(*t));
}

int thread__vcpu(const struct thread *th)
{
	const char *s = th && th->comm ? th->comm->str : "";
	long n = 0;

	if (strncmp(s, "CPU ", 4))
		return -1;
	for (s += 4; *s >= '0' && *s <= '9' && n < 1000000; s++)
		n = n * 10 + (*s - '0');
	return strcmp(s, "/KVM") || s[-1] == ' ' ? -1 : (int)n;
}
