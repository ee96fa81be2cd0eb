// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "big-alloc.h"
#include "demangle.h"
#include "callchain.h"
#include "hist.h"
#include "hist-chain.h"
#include "machines.h"
#include "sort.h"
#include "symbol.h"
#include "thread.h"

int hists__init(struct hists *h, const char *sort)
{
	char *list, *tok, *save = NULL;
	int err = 0;

	memset(h, 0, sizeof(*h));
	list = strdup(sort);
	if (!list)
		return -ENOMEM;
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		const struct sort_key *k = sort_key__find(tok);

		if (!k || h->nr_keys == HISTS_MAX_KEYS) {
			err = -EINVAL;
			break;
		}
		h->keys[h->nr_keys++] = k;
		h->key_fields |= k->fields;
	}
	free(list);
	if (!err && !h->nr_keys)
		err = -EINVAL;
	return err;
}

static uint64_t key_hash(const struct hist_key *k)
{
	uint64_t h = (uintptr_t)k->comm;

	h = h * 0x9e3779b97f4a7c15ULL ^ (uintptr_t)k->thread;
	h = h * 0x9e3779b97f4a7c15ULL ^ (uintptr_t)k->dso;
	h = h * 0x9e3779b97f4a7c15ULL ^ (uintptr_t)k->sym;
	h = h * 0x9e3779b97f4a7c15ULL ^ k->addr;
	h = h * 0x9e3779b97f4a7c15ULL ^ (uint64_t)k->level;
	return h ^ (h >> 29);
}

/*
 * A slot keeps the upper half of its entry's hash beside the index, so
 * that a probe touches an entry (a cache miss in a large table) only
 * when the hashes agree.
 */
static uint64_t slot_make(uint64_t hash, size_t idx)
{
	return (hash & 0xffffffff00000000ULL) | (idx + 1);
}

static bool slot_may_be(uint64_t slot, uint64_t hash)
{
	return (slot & 0xffffffff00000000ULL) == (hash & 0xffffffff00000000ULL);
}

/* Indexes the entries in a fresh table of @n slots (a power of two). */
static int hists__build_slots(struct hists *h, size_t n)
{
	uint64_t *slots = big_alloc(n * sizeof(*slots));
	size_t i;

	if (!slots)
		return -ENOMEM;
	for (i = 0; i < h->nr; i++) {
		uint64_t hash = key_hash(&h->entries[i].key);
		size_t j = hash & (n - 1);

		while (slots[j])
			j = (j + 1) & (n - 1);
		slots[j] = slot_make(hash, i);
	}
	big_free(h->slots, h->nr_slots * sizeof(*slots));
	h->slots = slots;
	h->nr_slots = n;
	return 0;
}

static int hists__grow(struct hists *h)
{
	return hists__build_slots(h, h->nr_slots ? h->nr_slots * 2 : 1024);
}

int hists__rehash(struct hists *h)
{
	size_t n = 1024;

	while (n < 2 * h->nr + 2)
		n *= 2;
	return hists__build_slots(h, n);
}

/*
 * The slot of the entry keyed @k (hashed @hash), or of the empty slot
 * where it would go: the table must have one.  *@e is the entry or NULL.
 */
static size_t hists__probe(const struct hists *h, const struct hist_key *k, uint64_t hash,
			   struct hist_entry **e)
{
	size_t j;

	for (j = hash & (h->nr_slots - 1); h->slots[j]; j = (j + 1) & (h->nr_slots - 1)) {
		if (!slot_may_be(h->slots[j], hash))
			continue;
		*e = &h->entries[(uint32_t)h->slots[j] - 1];
		if (!memcmp(&(*e)->key, k, sizeof(*k)))
			return j;
	}
	*e = NULL;
	return j;
}

struct hist_entry *hists__find(const struct hists *h, const struct hist_key *k)
{
	struct hist_entry *e = NULL;

	if (h->nr_slots)
		hists__probe(h, k, key_hash(k), &e);
	return e;
}

struct hist_entry *hists__findnew(struct hists *h, const struct hist_key *k)
{
	uint64_t hash = key_hash(k);
	struct hist_entry *e;
	size_t j;

	if (h->nr * 2 >= h->nr_slots && hists__grow(h))
		return NULL;
	j = hists__probe(h, k, hash, &e);
	if (e)
		return e;
	if (h->nr == h->alloc) {
		size_t alloc = h->alloc * 2 + 256;

		e = big_realloc(h->entries, h->alloc * sizeof(*e), alloc * sizeof(*e));
		if (!e)
			return NULL;
		h->entries = e;
		h->alloc = alloc;
	}
	e = &h->entries[h->nr];
	memset(e, 0, sizeof(*e));
	e->key = *k;
	h->slots[j] = slot_make(hash, h->nr++);
	return e;
}

static void entry__account(struct hist_entry *e, const struct perf_sample *s)
{
	e->period += s->period;
	e->nr_samples++;
	switch (s->cpumode) {
	case PERF_RECORD_MISC_KERNEL:		e->period_sys += s->period; break;
	case PERF_RECORD_MISC_USER:		e->period_us += s->period; break;
	case PERF_RECORD_MISC_GUEST_KERNEL:	e->period_guest_sys += s->period; break;
	case PERF_RECORD_MISC_GUEST_USER:	e->period_guest_us += s->period; break;
	default:				break;
	}
}

void hists__add_to(struct hists *h, size_t idx, const struct perf_sample *s)
{
	entry__account(&h->entries[idx], s);
	h->total_period += s->period;
	h->nr_samples++;
}

void hists__add_hidden(struct hists *h, const struct perf_sample *s)
{
	h->total_period += s->period;
	h->nr_samples++;
}

int hists__add(struct hists *h, const struct addr_location *al, const struct perf_sample *s,
	       size_t *idx)
{
	struct hist_key k;
	struct hist_entry *e;

	/* memcmp() compares keys: padding must be zero too. */
	memset(&k, 0, sizeof(k));
	if (h->key_fields & SORT_FIELD_COMM)
		k.comm = al->thread->comm;
	if (h->key_fields & SORT_FIELD_THREAD)
		k.thread = al->thread;
	if (h->key_fields & SORT_FIELD_DSO)
		k.dso = al->dso;
	if (h->key_fields & SORT_FIELD_SYM) {
		k.sym = al->sym;
		k.addr = al->sym ? 0 : al->addr;
		k.level = al->level;
	}
	e = hists__findnew(h, &k);
	if (!e)
		return -ENOMEM;
	if (!e->nr_samples && !e->thread) {
		e->thread = al->thread;
		e->first_sample = h->nr_samples;
		e->no_sym = !al->sym;
	}
	if (idx)
		*idx = e - h->entries;
	hists__add_to(h, e - h->entries, s);
	return 0;
}

int hists__cmp_keys(const struct hists *h, const struct hist_entry *x, const struct hist_entry *y)
{
	int i, r;

	for (i = 0; i < h->nr_keys; i++) {
		r = h->keys[i]->cmp(x, y);
		if (r)
			return r;
	}
	return 0;
}

int hists__order_keys(const struct hists *h, const struct hist_entry *x,
		      const struct hist_entry *y)
{
	int i, r;

	for (i = 0; i < h->nr_keys; i++) {
		r = sort_key__order(h->keys[i], x, y);
		if (r)
			return r;
	}
	return 0;
}

static int cmp_keys_r(const void *a, const void *b, void *arg)
{
	return hists__cmp_keys(arg, *(const struct hist_entry * const *)a,
			       *(const struct hist_entry * const *)b);
}

/*
 * Children first when cumulated; of two rows of one thread that tie
 * there, the caller (the one with the deeper tree below it, in caller
 * order) comes first, as in perf.
 */
static int cmp_children(const struct hists *h, const struct hist_entry *x,
			const struct hist_entry *y)
{
	int d;

	if (x->period_acc != y->period_acc)
		return x->period_acc > y->period_acc ? -1 : 1;
	/* -g none has no trees to be deeper by, in perf: the keys decide. */
	if (x->thread != y->thread || x->chain_depth == y->chain_depth ||
	    h->chains->param->mode == CHAIN_NONE)
		return 0;
	d = x->chain_depth > y->chain_depth ? -1 : 1;
	return h->chains->param->order == ORDER_CALLER ? d : -d;
}

static int cmp_entries_r(const void *a, const void *b, void *arg)
{
	const struct hist_entry *x = *(const struct hist_entry * const *)a;
	const struct hist_entry *y = *(const struct hist_entry * const *)b;
	const struct hists *h = arg;

	if (h->chains && h->chains->children) {
		int r = cmp_children(h, x, y);

		if (r)
			return r;
	}
	if (x->period != y->period)
		return x->period > y->period ? -1 : 1;
	return hists__order_keys(arg, x, y);
}

/* @into takes @e's counts: a sort may run again, and must not count them twice. */
static void entry__merge(struct hist_entry *into, struct hist_entry *e)
{
	into->period += e->period;
	into->nr_samples += e->nr_samples;
	into->period_sys += e->period_sys;
	into->period_us += e->period_us;
	into->period_guest_sys += e->period_guest_sys;
	into->period_guest_us += e->period_guest_us;
	e->period = e->nr_samples = 0;
	e->period_sys = e->period_us = e->period_guest_sys = e->period_guest_us = 0;
}

/*
 * Entries are hashed by pointers (thread, DSO, symbol), but two keys can
 * print the same: two copies of one binary, the same command name in two
 * machines.  Merge those, as perf's collapse step does.  @v points at
 * every entry; it is left pointing at the merged ones, @return of them.
 */
static size_t hists__collapse(struct hists *h, struct hist_entry **v, uint32_t *rep)
{
	size_t i, out = 0;

	qsort_r(v, h->nr, sizeof(*v), cmp_keys_r, h);
	for (i = 0; i < h->nr; i++) {
		if (out && !cmp_keys_r(&v[out - 1], &v[i], h)) {
			if (rep)
				rep[v[i] - h->entries] = v[out - 1] - h->entries;
			/* The row keeps the thread of its earliest sample, as perf's does. */
			if (v[i] < v[out - 1])
				v[out - 1]->thread = v[i]->thread;
			entry__merge(v[out - 1], v[i]);
			/* Merged away: only the row kept is printed. */
			free(v[i]->sym_name);
			v[i]->sym_name = NULL;
		} else {
			if (rep)
				rep[v[i] - h->entries] = v[i] - h->entries;
			v[out++] = v[i];
		}
	}
	return out;
}

/* What the last sort built of the trees goes: this one builds them anew. */
static void hists__reset_trees(struct hists *h)
{
	size_t i;

	for (i = 0; i < h->nr; i++) {
		h->entries[i].chain_root = CHAIN_NONE_IDX;
		h->entries[i].chain_depth = 0;
		h->entries[i].period_acc = 0;
	}
	h->chains->nr_nodes = 1;
	h->chains->nr_rows = 0;
}

/* Adds the Children rows, merges, then builds the trees on the merged rows. */
static size_t hists__collapse_chains(struct hists *h, struct hist_entry ***vp, int *err)
{
	struct hist_entry **v;
	uint32_t *rep;
	size_t i, n;

	hists__reset_trees(h);
	*err = hist_chains__add_entries(h);
	if (*err)
		return 0;
	v = malloc(h->nr * sizeof(*v));
	rep = malloc(h->nr * sizeof(*rep));
	if (!v || !rep) {
		free(v);
		free(rep);
		*err = -ENOMEM;
		return 0;
	}
	for (i = 0; i < h->nr; i++)
		v[i] = &h->entries[i];
	n = hists__collapse(h, v, rep);
	*err = hist_chains__build(h, rep);
	free(rep);
	*vp = v;
	return n;
}

const char *hist_entry__sym_name(const struct hist_entry *e)
{
	if (!e->key.sym)
		return NULL;
	return e->sym_name ? e->sym_name : e->key.sym->name;
}

/*
 * perf orders and prints symbols by their demangled names: each row's is
 * worked out once here rather than at every comparison.
 */
static int hists__demangle(struct hists *h, struct hist_entry **v, size_t n)
{
	char buf[SORT_KEY_MAX];
	size_t i;

	if (!(h->key_fields & SORT_FIELD_SYM))
		return 0;
	for (i = 0; i < n; i++) {
		struct hist_entry *e = v[i];

		if (!e->key.sym || e->sym_name || demangle(e->key.sym->name, buf, sizeof(buf)) < 0)
			continue;
		e->sym_name = strdup(buf);
		if (!e->sym_name)
			return -ENOMEM;
	}
	return 0;
}

/* The view: row i is entry @v[i]. */
static int hists__set_view(struct hists *h, struct hist_entry **v, size_t n)
{
	uint32_t *sorted = realloc(h->sorted, (n ? n : 1) * sizeof(*sorted));
	size_t i;

	if (!sorted)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		sorted[i] = v[i] - h->entries;
	h->sorted = sorted;
	h->nr_sorted = n;
	return 0;
}

/* Every entry, as pointers: sorting those moves less than sorting the entries. */
static struct hist_entry **hists__all(const struct hists *h)
{
	struct hist_entry **v = malloc((h->nr ? h->nr : 1) * sizeof(*v));
	size_t i;

	for (i = 0; v && i < h->nr; i++)
		v[i] = &h->entries[i];
	return v;
}

int hists__sort(struct hists *h)
{
	struct hist_entry **v = NULL;
	size_t n = 0;
	int err = 0;

	if (h->chains) {
		n = hists__collapse_chains(h, &v, &err);
		if (err)
			goto out;
	} else {
		v = hists__all(h);
		if (!v)
			return -ENOMEM;
		n = h->nr < 2 ? h->nr : hists__collapse(h, v, NULL);
	}
	err = -ENOMEM;
	if (hists__demangle(h, v, n))
		goto out;
	qsort_r(v, n, sizeof(*v), cmp_entries_r, h);
	err = hists__set_view(h, v, n);
out:
	free(v);
	return err;
}

int hists__sort_rows(struct hists *h)
{
	struct hist_entry **v = hists__all(h);
	int err;

	h->nr_sorted = 0;
	if (!v)
		return -ENOMEM;
	qsort_r(v, h->nr, sizeof(*v), cmp_entries_r, h);
	err = hists__set_view(h, v, h->nr);
	free(v);
	return err;
}

void hists__exit(struct hists *h)
{
	size_t i;

	for (i = 0; i < h->nr; i++)
		free(h->entries[i].sym_name);
	big_free(h->entries, h->alloc * sizeof(*h->entries));
	big_free(h->slots, h->nr_slots * sizeof(*h->slots));
	hist_chains__free(h->chains);
	free(h->sorted);
	memset(h, 0, sizeof(*h));
}
