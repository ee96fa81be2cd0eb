// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "ordered-events.h"

#define QUEUE_MIN	1024

int ordered_events__queue(struct ordered_events *oe, const union perf_event *ev,
			  uint64_t time, uint64_t off)
{
	struct queued_event *q, *t;

	if (oe->nr == oe->alloc && oe->head) {
		/* Reuse the room of what was delivered before growing. */
		memmove(oe->q, oe->q + oe->head, (oe->nr - oe->head) * sizeof(*oe->q));
		oe->nr -= oe->head;
		oe->head = 0;
	}
	if (oe->nr == oe->alloc) {
		size_t alloc = oe->alloc ? oe->alloc * 2 : QUEUE_MIN;

		q = realloc(oe->q, alloc * sizeof(*q));
		if (!q)
			return -ENOMEM;
		oe->q = q;
		t = realloc(oe->tmp, alloc * sizeof(*t));
		if (!t)
			return -ENOMEM;
		oe->tmp = t;
		oe->alloc = alloc;
	}
	oe->q[oe->nr++] = (struct queued_event){ time, ev, off };
	if (time > oe->max_time)
		oe->max_time = time;
	return 0;
}

static inline bool queued_before(const struct queued_event *x, const struct queued_event *y)
{
	/* The merge is stable: records of the same time stay in file order. */
	return x->time < y->time;
}

/* Merges the sorted runs [a, b) and [b, c) of @src into @dst. */
static void merge_runs(const struct queued_event *src, struct queued_event *dst,
		       size_t a, size_t b, size_t c)
{
	size_t i = a, j = b, k = a;

	while (i < b && j < c)
		dst[k++] = queued_before(&src[j], &src[i]) ? src[j++] : src[i++];
	while (i < b)
		dst[k++] = src[i++];
	while (j < c)
		dst[k++] = src[j++];
}

/* The end of the ascending run that starts at @i. */
static size_t run_end(const struct queued_event *q, size_t i, size_t n)
{
	while (i + 1 < n && !queued_before(&q[i + 1], &q[i]))
		i++;
	return i + 1;
}

void ordered_events__sort(struct ordered_events *oe)
{
	struct queued_event *q, *t = oe->tmp, *swap;
	size_t n = oe->nr - oe->head;
	bool in_tmp = false;

	/* A round that queued nothing may come before the queue exists: q is NULL then. */
	if (n < 2)
		return;
	q = oe->q + oe->head;
	for (;;) {
		size_t a = 0, runs = 0;

		while (a < n) {
			size_t b = run_end(q, a, n), c = b < n ? run_end(q, b, n) : n;

			merge_runs(q, t, a, b, c);
			a = c;
			runs++;
		}
		swap = q;
		q = t;
		t = swap;
		in_tmp = !in_tmp;
		if (runs <= 1)
			break;
	}
	if (in_tmp)
		memcpy(oe->q + oe->head, q, n * sizeof(*q));
}

void ordered_events__drop(struct ordered_events *oe, size_t upto)
{
	oe->head = upto;
	if (oe->head == oe->nr)
		oe->head = oe->nr = 0;
}

const char *ordered_events__lowest(const struct ordered_events *oe, const char *lo,
				   const char *hi)
{
	const char *low = hi;
	size_t i;

	for (i = oe->head; i < oe->nr; i++) {
		const char *p = (const char *)oe->q[i].ev;

		if (p >= lo && p < low)
			low = p;
	}
	return low;
}

void ordered_events__relocate(struct ordered_events *oe, const char *lo, const char *hi,
			      const char *to)
{
	size_t i;

	for (i = oe->head; i < oe->nr; i++) {
		const char *p = (const char *)oe->q[i].ev;

		if (p >= lo && p < hi)
			oe->q[i].ev = (const void *)(to + (p - lo));
	}
}

void ordered_events__exit(struct ordered_events *oe)
{
	free(oe->q);
	free(oe->tmp);
	memset(oe, 0, sizeof(*oe));
}
