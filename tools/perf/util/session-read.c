// SPDX-License-Identifier: GPL-2.0
/*
 * PERF_SAMPLE_READ delivery.  This is how the members of a leader-
 * sampling group ('{a,b}:S') get their columns: they never sample, the
 * leader's samples carry their counts.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include "event.h"
#include "session.h"
#include "session-read.h"

/* The last value read of one id. */
struct read_slot {
	uint64_t id;
	uint64_t prev;
	int attr;		/* index in the header; -1: an empty slot */
};

/* An open-addressing table of every id of the header. */
struct sample_reads {
	struct read_slot *slots;
	size_t mask;
	int nr_attrs;		/* the header's, when the table was built */
};

static size_t id_hash(uint64_t id, size_t mask)
{
	return (id * 0x9e3779b97f4a7c15ULL >> 17) & mask;
}

static struct read_slot *reads__slot(struct sample_reads *r, uint64_t id)
{
	size_t j;

	for (j = id_hash(id, r->mask); r->slots[j].attr >= 0; j = (j + 1) & r->mask)
		if (r->slots[j].id == id)
			return &r->slots[j];
	return &r->slots[j];
}

void sample_reads__free(struct sample_reads *r)
{
	if (!r)
		return;
	free(r->slots);
	free(r);
}

/*
 * Indexes every id of @s's attrs; a duplicate id belongs to the first
 * attr that has it, as in perf_session__attr().  Values read before a
 * rebuild (pipe mode adds attrs as it goes) carry over.
 */
static int sample_reads__build(struct perf_session *s)
{
	const struct perf_header *h = &s->header;
	struct sample_reads *old = s->reads, *r;
	uint64_t nr = 0;
	size_t n = 16, j;
	int i;
	uint32_t k;

	for (i = 0; i < h->nr_attrs; i++)
		nr += h->attrs[i].nr_ids;
	while (n < 2 * nr + 2)
		n *= 2;
	r = calloc(1, sizeof(*r));
	if (r)
		r->slots = malloc(n * sizeof(*r->slots));
	if (!r || !r->slots) {
		sample_reads__free(r);
		return -ENOMEM;
	}
	r->mask = n - 1;
	r->nr_attrs = h->nr_attrs;
	for (j = 0; j < n; j++)
		r->slots[j].attr = -1;
	for (i = 0; i < h->nr_attrs; i++) {
		for (k = 0; k < h->attrs[i].nr_ids; k++) {
			struct read_slot *slot = reads__slot(r, h->attrs[i].ids[k]), *was;

			if (slot->attr >= 0)
				continue;
			slot->id = h->attrs[i].ids[k];
			slot->attr = i;
			slot->prev = 0;
			if (old) {
				was = reads__slot(old, slot->id);
				if (was->attr >= 0)
					slot->prev = was->prev;
			}
		}
	}
	sample_reads__free(old);
	s->reads = r;
	return 0;
}

int session__deliver_read(struct perf_session *s, struct perf_tool *tool,
			  struct perf_sample *sample)
{
	struct read_slot *slot;
	uint64_t i;
	int err;

	if (!s->reads || s->reads->nr_attrs != s->header.nr_attrs) {
		err = sample_reads__build(s);
		if (err)
			return err;
	}
	for (i = 0; i < sample->read.nr; i++) {
		struct sample_read_value v = sample_read__value(&sample->read, i);

		slot = reads__slot(s->reads, v.id);
		if (slot->attr < 0) {
			s->stats.nr_bad_samples++;
			continue;
		}
		sample->id = v.id;
		sample->period = v.value - slot->prev;
		slot->prev = v.value;
		if (!sample->period || !tool->sample)
			continue;
		err = tool->sample(tool, s, sample, &s->header.attrs[slot->attr]);
		if (err)
			return err;
	}
	return 0;
}
