/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_RECORD_PIPE_H
#define __PERF_RECORD_PIPE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "event.h"

/*
 * Records handed from the thread that reads and orders them to the thread
 * that delivers them, so that reading, walking and sorting one round of
 * the file overlaps resolving and counting the round before.
 *
 * Records are not copied: a batch points into the reader's buffers (two
 * read buffers, and two for records it had to copy).  The reader reuses
 * a buffer only once every batch that points into it has been released.
 */
#define RECORD_PIPE_BUFS	4

struct record_ref {
	const union perf_event *ev;
	uint64_t off;			/* file offset, for error messages */
};

struct record_batch {
	struct record_ref *refs;
	size_t nr;
	size_t cap;
	unsigned int bufs;		/* bit i: records lie in reader buffer i */
};

/*
 * A batch is a round, and a read buffer holds about thirty of them:
 * with room for all, the reader waits only for a buffer, and the
 * consumer has a buffer's worth queued while the next one is read
 * (with 8, it ran dry during every read: 0.14 s of 0.9 s).
 */
#define RECORD_PIPE_BATCHES	64

struct record_pipe {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct record_batch batch[RECORD_PIPE_BATCHES];
	unsigned int head;		/* the consumer's next batch */
	unsigned int tail;		/* the batch the reader fills */
	int refs[RECORD_PIPE_BUFS];	/* batches sent and not released, per buffer */
	bool done;			/* the reader has sent its last batch */
	bool cancelled;			/* the consumer stopped early */
};

/* Sets up an empty pipe. Returns 0 or -errno. */
int record_pipe__init(struct record_pipe *p);

/* Frees the batches. */
void record_pipe__exit(struct record_pipe *p);

/* Reader: adds the record @ev, at file offset @off, to the batch being filled. Returns 0 or -ENOMEM. */
int record_pipe__push(struct record_pipe *p, const union perf_event *ev, uint64_t off);

/* Reader: the records pushed so far (in the buffers of mask @bufs) go to the consumer. Returns 0 or -ECANCELED. */
int record_pipe__send(struct record_pipe *p, unsigned int bufs);

/* Reader: waits until no batch points into read buffer @buf. Returns 0 or -ECANCELED. */
int record_pipe__wait_buffer(struct record_pipe *p, int buf);

/* Reader: no more batches follow. */
void record_pipe__finish(struct record_pipe *p);

/* Consumer: the next batch, waiting for one; NULL once the reader is done. */
struct record_batch *record_pipe__pull(struct record_pipe *p);

/* Consumer: done with the batch from the last record_pipe__pull(). */
void record_pipe__release(struct record_pipe *p);

/* Consumer: stops the reader at its next wait (after an error). */
void record_pipe__cancel(struct record_pipe *p);

#endif /* __PERF_RECORD_PIPE_H */
