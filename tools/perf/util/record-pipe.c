// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "record-pipe.h"

#define N	RECORD_PIPE_BATCHES

int record_pipe__init(struct record_pipe *p)
{
	int err;

	memset(p, 0, sizeof(*p));
	err = pthread_mutex_init(&p->lock, NULL);
	if (err)
		return -err;
	err = pthread_cond_init(&p->cond, NULL);
	if (err) {
		pthread_mutex_destroy(&p->lock);
		return -err;
	}
	return 0;
}

void record_pipe__exit(struct record_pipe *p)
{
	int i;

	for (i = 0; i < N; i++)
		free(p->batch[i].refs);
	pthread_cond_destroy(&p->cond);
	pthread_mutex_destroy(&p->lock);
}

int record_pipe__push(struct record_pipe *p, const union perf_event *ev, uint64_t off)
{
	struct record_batch *b = &p->batch[p->tail % N];

	if (b->nr == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 1024;
		struct record_ref *r = realloc(b->refs, cap * sizeof(*r));

		if (!r)
			return -ENOMEM;
		b->refs = r;
		b->cap = cap;
	}
	b->refs[b->nr++] = (struct record_ref){ ev, off };
	return 0;
}

int record_pipe__send(struct record_pipe *p, unsigned int bufs)
{
	int err = 0, i;

	if (!p->batch[p->tail % N].nr)
		return 0;
	pthread_mutex_lock(&p->lock);
	p->batch[p->tail % N].bufs = bufs;
	for (i = 0; i < RECORD_PIPE_BUFS; i++)
		p->refs[i] += (bufs >> i) & 1;
	p->tail++;
	pthread_cond_broadcast(&p->cond);
	/* The slot to fill next must not be one the consumer still reads. */
	while (p->tail - p->head == N && !p->cancelled)
		pthread_cond_wait(&p->cond, &p->lock);
	if (p->cancelled)
		err = -ECANCELED;
	pthread_mutex_unlock(&p->lock);
	p->batch[p->tail % N].nr = 0;
	return err;
}

int record_pipe__wait_buffer(struct record_pipe *p, int buf)
{
	int err = 0;

	pthread_mutex_lock(&p->lock);
	while (p->refs[buf] && !p->cancelled)
		pthread_cond_wait(&p->cond, &p->lock);
	if (p->cancelled)
		err = -ECANCELED;
	pthread_mutex_unlock(&p->lock);
	return err;
}

void record_pipe__finish(struct record_pipe *p)
{
	pthread_mutex_lock(&p->lock);
	p->done = true;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

struct record_batch *record_pipe__pull(struct record_pipe *p)
{
	struct record_batch *b = NULL;

	pthread_mutex_lock(&p->lock);
	while (p->head == p->tail && !p->done)
		pthread_cond_wait(&p->cond, &p->lock);
	if (p->head != p->tail)
		b = &p->batch[p->head % N];
	pthread_mutex_unlock(&p->lock);
	return b;
}

void record_pipe__release(struct record_pipe *p)
{
	unsigned int bufs = p->batch[p->head % N].bufs;
	bool wake;
	int i;

	pthread_mutex_lock(&p->lock);
	wake = p->tail - p->head == N;
	for (i = 0; i < RECORD_PIPE_BUFS; i++) {
		if (!((bufs >> i) & 1))
			continue;
		p->refs[i]--;
		wake |= !p->refs[i];
	}
	p->head++;
	/*
	 * Wake the reader only for what it waits for: a free slot or a
	 * buffer let go.  A wakeup for every batch costs both threads.
	 */
	if (wake)
		pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

void record_pipe__cancel(struct record_pipe *p)
{
	pthread_mutex_lock(&p->lock);
	p->cancelled = true;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
}
