// SPDX-License-Identifier: GPL-2.0
/*
 * Call-chain trees of histogram entries, and the Children column.
 *
 * perf appends every sample's chain to the tree of its row and, for
 * Children, to the tree of every caller's row: depth squared tree walks
 * per sample.  Here a sample only finds its (row, chain) pair in a hash;
 * the trees are built from the distinct pairs once, when the histogram
 * is sorted.  The result is the same: a tree's numbers are sums.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "big-alloc.h"
#include "callchain.h"
#include "demangle.h"
#include "event.h"
#include "hist.h"
#include "hist-chain.h"
#include "sort.h"
#include "symbol.h"

/* An open-addressing index: hash tag << 32 | (index + 1) per slot, 0 empty. */
struct chain_table {
	uint64_t *slots;
	size_t mask;		/* slots - 1, a power of two less one */
	size_t nr;
};

/* A distinct chain: @len frame numbers at ids[@off]. */
struct chain_seq {
	size_t off;
	uint32_t len;
};

/* How much period the samples of entry @entry with chain @seq saw. */
struct chain_use {
	uint32_t entry;
	uint32_t seq;
	uint64_t period;
	uint64_t count;
};

static uint64_t mix(uint64_t h, uint64_t v)
{
	h = (h ^ v) * 0x9e3779b97f4a7c15ULL;
	return h ^ (h >> 31);
}

/* The slot's place is its tag's: the table regrows without the items' hashes. */
static size_t table__pos(uint64_t tag, size_t mask)
{
	return (tag >> 32) & mask;
}

static int table__grow(struct chain_table *t)
{
	size_t n = t->slots ? (t->mask + 1) * 2 : 1024, i, j;
	uint64_t *slots = big_alloc(n * sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	for (i = 0; t->slots && i <= t->mask; i++) {
		if (!t->slots[i])
			continue;
		for (j = table__pos(t->slots[i], n - 1); slots[j]; j = (j + 1) & (n - 1))
			;
		slots[j] = t->slots[i];
	}
	if (t->slots)
		big_free(t->slots, (t->mask + 1) * sizeof(*slots));
	t->slots = slots;
	t->mask = n - 1;
	return 0;
}

typedef bool (*chain_eq_fn)(const struct hist_chains *hc, uint32_t idx, const void *key);

/*
 * The index of the item equal to @key, or, if none, a free slot for it in
 * *@slot (the table has room for one more).  Returns the index, UINT32_MAX
 * when not found, or -ENOMEM as UINT32_MAX - 1.
 */
static uint32_t table__find(struct hist_chains *hc, struct chain_table **tp, uint64_t hash,
			    chain_eq_fn eq, const void *key, uint64_t **slot)
{
	struct chain_table *t = *tp;
	uint64_t tag = hash & 0xffffffff00000000ULL;
	size_t j;

	if (!t) {
		t = calloc(1, sizeof(*t));
		if (!t)
			return UINT32_MAX - 1;
		*tp = t;
	}
	if ((t->nr + 1) * 2 > t->mask + 1 && table__grow(t))
		return UINT32_MAX - 1;
	for (j = table__pos(tag, t->mask); t->slots[j]; j = (j + 1) & t->mask) {
		uint32_t idx = (uint32_t)t->slots[j] - 1;

		if ((t->slots[j] & 0xffffffff00000000ULL) == tag && eq(hc, idx, key))
			return idx;
	}
	*slot = &t->slots[j];
	return UINT32_MAX;
}

static void table__set(struct chain_table *t, uint64_t *slot, uint64_t hash, uint32_t idx)
{
	*slot = (hash & 0xffffffff00000000ULL) | ((uint64_t)idx + 1);
	t->nr++;
}

static void table__free(struct chain_table *t)
{
	if (!t)
		return;
	if (t->slots)
		big_free(t->slots, (t->mask + 1) * sizeof(*t->slots));
	free(t);
}

/* Makes room for one more of @size bytes in *@v (holding @nr of @alloc). */
static int grow(void **v, uint32_t nr, uint32_t *alloc, size_t size)
{
	uint32_t n;
	void *p;

	if (nr < *alloc)
		return 0;
	n = *alloc ? *alloc * 2 : 256;
	p = big_realloc(*v, (size_t)*alloc * size, (size_t)n * size);
	if (!p)
		return -ENOMEM;
	*v = p;
	*alloc = n;
	return 0;
}

int hists__enable_chains(struct hists *h, const struct callchain_param *param, bool children)
{
	struct hist_chains *hc = calloc(1, sizeof(*hc));

	if (!hc)
		return -ENOMEM;
	hc->param = param;
	hc->children = children;
	/* Node 0 means none: a tree's links are 0 where they end. */
	if (grow((void **)&hc->nodes, 0, &hc->alloc_nodes, sizeof(*hc->nodes))) {
		free(hc);
		return -ENOMEM;
	}
	memset(&hc->nodes[0], 0, sizeof(hc->nodes[0]));
	hc->nr_nodes = 1;
	h->chains = hc;
	return 0;
}

static bool frame_eq(const struct hist_chains *hc, uint32_t idx, const void *key)
{
	const struct chain_frame *a = &hc->frames[idx], *b = key;

	return a->dso == b->dso && a->sym == b->sym && a->level == b->level &&
	       (a->sym || a->ip == b->ip);
}

/* The number of frame @f, added if new; UINT32_MAX on ENOMEM. */
static uint32_t chains__frame(struct hist_chains *hc, const struct chain_frame *f)
{
	uint64_t hash = mix(mix(mix((uintptr_t)f->dso, (uintptr_t)f->sym), f->sym ? 0 : f->ip),
			    f->level);
	uint64_t *slot;
	uint32_t idx = table__find(hc, &hc->frame_idx, hash, frame_eq, f, &slot);

	if (idx < UINT32_MAX - 1)
		return idx;
	if (idx == UINT32_MAX - 1 ||
	    grow((void **)&hc->frames, hc->nr_frames, &hc->alloc_frames, sizeof(*f)))
		return UINT32_MAX;
	idx = hc->nr_frames++;
	hc->frames[idx] = *f;
	table__set(hc->frame_idx, slot, hash, idx);
	return idx;
}

struct seq_key {
	const uint32_t *ids;
	uint32_t len;
};

static bool seq_eq(const struct hist_chains *hc, uint32_t idx, const void *key)
{
	const struct chain_seq *s = &hc->seqs[idx];
	const struct seq_key *k = key;

	return s->len == k->len && !memcmp(hc->ids + s->off, k->ids, k->len * sizeof(*k->ids));
}

/* The number of the chain of the @len frames at @ids, added if new; UINT32_MAX on ENOMEM. */
static uint32_t chains__seq(struct hist_chains *hc, const uint32_t *ids, uint32_t len)
{
	struct seq_key k = { ids, len };
	uint64_t hash = len, *slot;
	uint32_t i, idx;

	for (i = 0; i < len; i++)
		hash = mix(hash, ids[i]);
	idx = table__find(hc, &hc->seq_idx, hash, seq_eq, &k, &slot);
	if (idx < UINT32_MAX - 1)
		return idx;
	if (idx == UINT32_MAX - 1 ||
	    grow((void **)&hc->seqs, hc->nr_seqs, &hc->alloc_seqs, sizeof(*hc->seqs)))
		return UINT32_MAX;
	while (hc->nr_ids + len > hc->alloc_ids) {
		size_t n = hc->alloc_ids ? hc->alloc_ids * 2 : 4096;
		uint32_t *p = big_realloc(hc->ids, hc->alloc_ids * sizeof(*p), n * sizeof(*p));

		if (!p)
			return UINT32_MAX;
		hc->ids = p;
		hc->alloc_ids = n;
	}
	memcpy(hc->ids + hc->nr_ids, ids, len * sizeof(*ids));
	idx = hc->nr_seqs++;
	hc->seqs[idx] = (struct chain_seq){ hc->nr_ids, len };
	hc->nr_ids += len;
	table__set(hc->seq_idx, slot, hash, idx);
	return idx;
}

static bool use_eq(const struct hist_chains *hc, uint32_t idx, const void *key)
{
	const struct chain_use *a = &hc->uses[idx], *b = key;

	return a->entry == b->entry && a->seq == b->seq;
}

int hists__add_chain(struct hists *h, size_t idx, const struct callchain_cursor *c,
		     const struct perf_sample *s)
{
	struct hist_chains *hc = h->chains;
	uint32_t ids[256], *v = ids, i, n = c->nr;
	struct chain_use key = { idx, 0, 0, 0 };
	uint64_t hash, *slot;
	uint32_t u;
	int err = -ENOMEM;

	if (!n)
		return 0;
	if (n > sizeof(ids) / sizeof(ids[0])) {
		v = malloc(n * sizeof(*v));
		if (!v)
			return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		const struct callchain_frame *cf = &c->frames[i];
		struct chain_frame f = { cf->dso, cf->sym, cf->ip, NULL, cf->level };

		v[i] = chains__frame(hc, &f);
		if (v[i] == UINT32_MAX)
			goto out;
	}
	key.seq = chains__seq(hc, v, n);
	if (key.seq == UINT32_MAX)
		goto out;
	hash = mix(key.entry, key.seq);
	u = table__find(hc, &hc->use_idx, hash, use_eq, &key, &slot);
	if (u == UINT32_MAX - 1)
		goto out;
	if (u == UINT32_MAX) {
		if (grow((void **)&hc->uses, hc->nr_uses, &hc->alloc_uses, sizeof(key)))
			goto out;
		u = hc->nr_uses++;
		hc->uses[u] = key;
		table__set(hc->use_idx, slot, hash, u);
	}
	hc->uses[u].period += s->period;
	hc->uses[u].count++;
	err = 0;
out:
	if (v != ids)
		free(v);
	return err;
}

/*
 * The frames of use @u in the order of the report (caller or callee
 * first), cut to --max-stack as perf cuts them: the frames nearest the
 * start of that order are kept.  Returns their number; @v holds them.
 */
static uint32_t use__frames(const struct hist_chains *hc, const struct chain_use *u, uint32_t *v)
{
	const struct chain_seq *s = &hc->seqs[u->seq];
	const uint32_t *ids = hc->ids + s->off;
	uint32_t n = s->len < hc->param->max_stack ? s->len : hc->param->max_stack, i;

	for (i = 0; i < n; i++)
		v[i] = hc->param->order == ORDER_CALLER ? ids[s->len - 1 - i] : ids[i];
	return n;
}

/* The key of the row that frame @f has, for the sample of row @self. */
static void chain_key(const struct hists *h, const struct hist_key *self,
		      const struct chain_frame *f, struct hist_key *k)
{
	*k = *self;
	if (h->key_fields & SORT_FIELD_DSO)
		k->dso = f->dso;
	if (h->key_fields & SORT_FIELD_SYM) {
		k->sym = f->sym;
		/* A caller's row without a symbol is keyed by its IP, as perf keys it. */
		k->addr = f->sym ? 0 : f->ip;
		k->level = f->level;
	}
}

static int chains__max_len(const struct hist_chains *hc, uint32_t **v)
{
	uint32_t i, max = 0;

	for (i = 0; i < hc->nr_seqs; i++)
		if (hc->seqs[i].len > max)
			max = hc->seqs[i].len;
	*v = malloc((max + 1) * sizeof(**v));
	return *v ? 0 : -ENOMEM;
}

int hist_chains__add_entries(struct hists *h)
{
	struct hist_chains *hc = h->chains;
	uint32_t *v, i, j, n;

	if (!hc->children)
		return 0;
	if (chains__max_len(hc, &v))
		return -ENOMEM;
	for (i = 0; i < hc->nr_uses; i++) {
		n = use__frames(hc, &hc->uses[i], v);
		for (j = 0; j < n; j++) {
			const struct chain_frame *f = &hc->frames[v[j]];
			struct hist_key k;
			struct hist_entry *e;

			chain_key(h, &h->entries[hc->uses[i].entry].key, f, &k);
			e = hists__findnew(h, &k);
			if (!e) {
				free(v);
				return -ENOMEM;
			}
			if (!e->thread) {
				e->thread = h->entries[hc->uses[i].entry].thread;
				e->no_sym = !f->sym;
			}
		}
	}
	free(v);
	return 0;
}

static bool child_eq(const struct hist_chains *hc, uint32_t idx, const void *key)
{
	const uint32_t *pf = key;

	return hc->nodes[idx].parent == pf[0] && hc->nodes[idx].frame == pf[1];
}

/* The child of node @parent for frame @frame, added if new; 0 on ENOMEM. */
static uint32_t chains__child(struct hist_chains *hc, uint32_t parent, uint32_t frame)
{
	uint32_t key[2] = { parent, frame }, idx;
	uint64_t hash = mix(parent, frame), *slot;
	struct chain_node *n;

	idx = table__find(hc, &hc->child_idx, hash, child_eq, key, &slot);
	if (idx < UINT32_MAX - 1)
		return idx;
	if (idx == UINT32_MAX - 1 ||
	    grow((void **)&hc->nodes, hc->nr_nodes, &hc->alloc_nodes, sizeof(*n)))
		return 0;
	idx = hc->nr_nodes++;
	n = &hc->nodes[idx];
	memset(n, 0, sizeof(*n));
	n->frame = frame;
	n->parent = parent;
	n->next_sibling = hc->nodes[parent].first_child;
	hc->nodes[parent].first_child = idx;
	table__set(hc->child_idx, slot, hash, idx);
	return idx;
}

/* A new root, framed by nothing. Returns its index, or 0 on ENOMEM. */
static uint32_t chains__root(struct hist_chains *hc)
{
	uint32_t idx;

	if (grow((void **)&hc->nodes, hc->nr_nodes, &hc->alloc_nodes, sizeof(*hc->nodes)))
		return 0;
	idx = hc->nr_nodes++;
	memset(&hc->nodes[idx], 0, sizeof(hc->nodes[idx]));
	hc->nodes[idx].frame = UINT32_MAX;
	return idx;
}

/* Hangs the @n frames at @v under entry @e's tree, with the period and count of use @u. */
static int entry__append(struct hist_chains *hc, struct hist_entry *e, const uint32_t *v,
			 uint32_t n, const struct chain_use *u)
{
	uint32_t node, i;

	if (!e->chain_root) {
		e->chain_root = chains__root(hc);
		if (!e->chain_root)
			return -ENOMEM;
	}
	node = e->chain_root;
	hc->nodes[node].cumul += u->period;
	hc->nodes[node].cumul_count += u->count;
	for (i = 0; i < n; i++) {
		node = chains__child(hc, node, v[i]);
		if (!node)
			return -ENOMEM;
		hc->nodes[node].cumul += u->period;
		hc->nodes[node].cumul_count += u->count;
	}
	hc->nodes[node].hit += u->period;
	hc->nodes[node].count += u->count;
	if (n > e->chain_depth)
		e->chain_depth = n;
	return 0;
}

/* Whether row @r is among the @n rows at @seen, and if not, adds it. */
static bool seen_before(uint32_t *seen, uint32_t *n, uint32_t r)
{
	uint32_t i;

	for (i = 0; i < *n; i++)
		if (seen[i] == r)
			return true;
	seen[(*n)++] = r;
	return false;
}

/*
 * Children: every row in the chain is a caller of the sample's function
 * and gets its period once (recursion counts once), with the chain from
 * it on.
 */
static int use__cumulate(struct hists *h, const uint32_t *rep, const struct chain_use *u,
			 const uint32_t *v, uint32_t n, uint32_t *seen)
{
	struct hist_chains *hc = h->chains;
	uint32_t j, nr_seen = 1;

	seen[0] = rep[u->entry];
	for (j = 0; j < n; j++) {
		struct hist_key k;
		struct hist_entry *e;

		chain_key(h, &h->entries[u->entry].key, &hc->frames[v[j]], &k);
		e = hists__find(h, &k);
		if (!e || seen_before(seen, &nr_seen, rep[e - h->entries]))
			continue;
		e = &h->entries[rep[e - h->entries]];
		e->period_acc += u->period;
		if (hc->param->mode != CHAIN_NONE && entry__append(hc, e, v + j, n - j, u))
			return -ENOMEM;
	}
	return 0;
}

int hist_chains__build(struct hists *h, const uint32_t *rep)
{
	struct hist_chains *hc = h->chains;
	uint32_t *v, *seen, i, n;
	int err = 0;

	hc->period = 0;
	for (i = 0; i < h->nr; i++) {
		hc->period += h->entries[i].period;
		h->entries[i].period_acc = h->entries[i].period;
	}
	if (chains__max_len(hc, &v))
		return -ENOMEM;
	seen = malloc((hc->param->max_stack + 2) * sizeof(*seen));
	if (!seen) {
		free(v);
		return -ENOMEM;
	}
	for (i = 0; i < hc->nr_uses && !err; i++) {
		const struct chain_use *u = &hc->uses[i];

		n = use__frames(hc, u, v);
		/* -g none: Children without trees. */
		if (hc->param->mode != CHAIN_NONE)
			err = entry__append(hc, &h->entries[rep[u->entry]], v, n, u);
		if (!err && hc->children)
			err = use__cumulate(h, rep, u, v, n, seen);
	}
	free(seen);
	free(v);
	return err;
}

const char *chain_frame__name(struct chain_frame *f, char *buf, size_t size)
{
	char tmp[SORT_KEY_MAX];

	if (!f->sym) {
		/* As perf prints it: "0x..." but "0" for 0. */
		snprintf(buf, size, "%#llx", (unsigned long long)f->ip);
		return buf;
	}
	if (!f->name && demangle(f->sym->name, tmp, sizeof(tmp)) >= 0)
		f->name = strdup(tmp);
	return f->name ? f->name : f->sym->name;
}

void hist_chains__free(struct hist_chains *hc)
{
	uint32_t i;

	if (!hc)
		return;
	for (i = 0; i < hc->nr_frames; i++)
		free(hc->frames[i].name);
	big_free(hc->frames, hc->alloc_frames * sizeof(*hc->frames));
	big_free(hc->ids, hc->alloc_ids * sizeof(*hc->ids));
	big_free(hc->seqs, hc->alloc_seqs * sizeof(*hc->seqs));
	big_free(hc->uses, hc->alloc_uses * sizeof(*hc->uses));
	big_free(hc->nodes, hc->alloc_nodes * sizeof(*hc->nodes));
	table__free(hc->frame_idx);
	table__free(hc->seq_idx);
	table__free(hc->use_idx);
	table__free(hc->child_idx);
	free(hc);
}
