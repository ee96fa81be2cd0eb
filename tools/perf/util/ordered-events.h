/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_ORDERED_EVENTS_H
#define __PERF_ORDERED_EVENTS_H

#include <stddef.h>
#include <stdint.h>

union perf_event;

/* A record waiting for its turn: where it lies now and where it came from. */
struct queued_event {
	uint64_t time;
	const union perf_event *ev;
	uint64_t off;			/* file offset, for messages (see record_ref) */
};

/*
 * Records of one file waiting to be delivered in time order.  perf
 * record writes each ring's records in time order and a FINISHED_ROUND
 * after every pass over the rings, promising that no later record is
 * older than what the pass before it held.  So the queue is flushed one
 * round behind, and what it holds arrives as a few ascending runs:
 * a natural merge sort orders it in a few linear passes.
 */
struct ordered_events {
	struct queued_event *q;		/* [head, nr) are waiting */
	struct queued_event *tmp;	/* merge buffer, as large as @q */
	size_t head;
	size_t nr;
	size_t alloc;
	uint64_t max_time;		/* the latest time queued */
	uint64_t next_flush;		/* a round's end: deliver up to here at the next one */
};

/* Queues @ev (at file offset @off) for time @time. Returns 0 or -ENOMEM. */
int ordered_events__queue(struct ordered_events *oe, const union perf_event *ev,
			  uint64_t time, uint64_t off);

/* Sorts what is waiting by time; records of equal time stay in file order. */
void ordered_events__sort(struct ordered_events *oe);

/* Forgets the waiting records before index @upto (they were delivered). */
void ordered_events__drop(struct ordered_events *oe, size_t upto);

/* The lowest address of a waiting record inside [@lo, @hi), or @hi if none. */
const char *ordered_events__lowest(const struct ordered_events *oe, const char *lo,
				   const char *hi);

/* The waiting records that lie in [@lo, @hi) now lie at @to on: their bytes were copied there. */
void ordered_events__relocate(struct ordered_events *oe, const char *lo, const char *hi,
			      const char *to);

/* Frees the queue. */
void ordered_events__exit(struct ordered_events *oe);

#endif /* __PERF_ORDERED_EVENTS_H */
