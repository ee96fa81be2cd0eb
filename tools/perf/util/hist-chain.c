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
#include "machines.h"
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
	struct thread *thread;	/* of the first of those samples */
	uint64_t first_sample;	/* its number in the hists */
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
	hc->cursor = calloc(1, sizeof(*hc->cursor));
	if (!hc->cursor) {
		free(hc);
		return -ENOMEM;
	}
	/* Node 0 means none: a tree's links are 0 where they end. */
	if (grow((void **)&hc->nodes, 0, &hc->alloc_nodes, sizeof(*hc->nodes))) {
		free(hc->cursor);
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

/* The chain of the @c->nr frames of @c, interned: UINT32_MAX on ENOMEM. */
static uint32_t chains__intern(struct hist_chains *hc, const struct callchain_cursor *c)
{
	uint32_t ids[256], *v = ids, i, seq = UINT32_MAX;

	if (c->nr > sizeof(ids) / sizeof(ids[0])) {
		v = malloc(c->nr * sizeof(*v));
		if (!v)
			return UINT32_MAX;
	}
	for (i = 0; i < c->nr; i++) {
		const struct callchain_frame *cf = &c->frames[i];
		struct chain_frame f = { cf->dso, cf->sym, cf->ip, NULL, cf->level };

		v[i] = chains__frame(hc, &f);
		if (v[i] == UINT32_MAX)
			goto out;
	}
	seq = chains__seq(hc, v, c->nr);
out:
	if (v != ids)
		free(v);
	return seq;
}

static int chains__add_use(struct hists *h, size_t idx, uint32_t seq,
			   const struct perf_sample *s, struct thread *thread)
{
	struct hist_chains *hc = h->chains;
	struct chain_use key = { idx, seq, 0, 0, thread, 0 };
	uint64_t hash = mix(key.entry, key.seq), *slot;
	uint32_t u = table__find(hc, &hc->use_idx, hash, use_eq, &key, &slot);

	if (u == UINT32_MAX - 1)
		return -ENOMEM;
	if (u == UINT32_MAX) {
		if (grow((void **)&hc->uses, hc->nr_uses, &hc->alloc_uses, sizeof(key)))
			return -ENOMEM;
		u = hc->nr_uses++;
		/* hists__add() has counted this sample already. */
		key.first_sample = h->nr_samples - 1;
		hc->uses[u] = key;
		table__set(hc->use_idx, slot, hash, u);
	}
	hc->uses[u].period += s->period;
	hc->uses[u].count++;
	return 0;
}

/*
 * Samples repeat their chains: a direct-mapped cache from a sample's raw
 * IPs (of one process, under one state of the maps) to its chain spares
 * resolving and interning every frame again.
 */
#define RAW_CACHE_BITS	15

struct raw_chain {
	uint64_t hash;
	uint64_t generation;	/* of the maps it was resolved in */
	uint64_t *ips;
	uint32_t nr;
	uint32_t seq;		/* UINT32_MAX - 1: empty */
	pid_t pid;
};

static uint64_t raw_hash(const struct perf_sample *s)
{
	uint64_t h = mix(s->pid, s->callchain.nr), i;

	for (i = 0; i < s->callchain.nr; i++)
		h = mix(h, sample_callchain__ip(&s->callchain, i));
	return h;
}

static struct raw_chain *raw_cache__slot(struct hist_chains *hc, uint64_t hash)
{
	if (!hc->raw_cache) {
		hc->raw_cache = calloc(1 << RAW_CACHE_BITS, sizeof(*hc->raw_cache));
		if (!hc->raw_cache)
			return NULL;
	}
	return &hc->raw_cache[hash >> (64 - RAW_CACHE_BITS)];
}

/* New maps may resolve the same IPs otherwise: a slot is good for its generation only. */
static bool raw_chain__is(const struct raw_chain *r, uint64_t hash, uint64_t generation,
			  const struct perf_sample *s)
{
	return r->nr && r->hash == hash && r->generation == generation &&
	       r->pid == (pid_t)s->pid && r->nr == s->callchain.nr &&
	       !memcmp(r->ips, s->callchain.ips, r->nr * 8);
}

static int raw_chain__set(struct raw_chain *r, uint64_t hash, uint64_t generation,
			  const struct perf_sample *s, uint32_t seq)
{
	uint64_t *ips = r->ips;

	if (s->callchain.nr > r->nr || !ips) {
		ips = realloc(r->ips, s->callchain.nr * 8);
		if (!ips)
			return -ENOMEM;
	}
	memcpy(ips, s->callchain.ips, s->callchain.nr * 8);
	*r = (struct raw_chain){ hash, generation, ips, s->callchain.nr, seq, s->pid };
	return 0;
}

int hists__add_chain(struct hists *h, size_t idx, struct machines *ms,
		     const struct perf_sample *s, struct thread *thread)
{
	struct hist_chains *hc = h->chains;
	uint64_t hash = raw_hash(s);
	struct raw_chain *r = raw_cache__slot(hc, hash);
	uint32_t seq;
	int err;

	if (!r)
		return -ENOMEM;
	if (raw_chain__is(r, hash, ms->generation, s)) {
		seq = r->seq;
	} else {
		/* Every frame: --max-stack cuts from the end that the order starts at. */
		err = callchain__resolve(hc->cursor, ms, s, UINT32_MAX);
		if (err)
			return err;
		seq = hc->cursor->nr ? chains__intern(hc, hc->cursor) : UINT32_MAX - 1;
		if (seq == UINT32_MAX || raw_chain__set(r, hash, ms->generation, s, seq))
			return -ENOMEM;
	}
	return seq == UINT32_MAX - 1 ? 0 : chains__add_use(h, idx, seq, s, thread);
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

/*
 * The key of the row that frame @f has, for the sample of row @self.
 * *@level carries the level along the chain: perf gives a frame without
 * a map the level of the frame before it in the report's order (the
 * sample's, for the first), and so does this.
 */
static void chain_key(const struct hists *h, const struct hist_key *self,
		      const struct chain_frame *f, char *level, struct hist_key *k)
{
	*k = *self;
	if (f->dso)
		*level = f->level;
	if (h->key_fields & SORT_FIELD_DSO)
		k->dso = f->dso;
	if (h->key_fields & SORT_FIELD_SYM) {
		k->sym = f->sym;
		/* A caller's row without a symbol is keyed by its IP, as perf keys it. */
		k->addr = f->sym ? 0 : f->ip;
		k->level = *level;
	}
}

/* A buffer for the frames of any chain, into *@v; sets hc->max_len. */
static int chains__max_len(struct hist_chains *hc, uint32_t **v)
{
	uint32_t i, max = 0;

	for (i = 0; i < hc->nr_seqs; i++)
		if (hc->seqs[i].len > max)
			max = hc->seqs[i].len;
	hc->max_len = max;
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
		/* A copy: adding rows may move the array. */
		struct hist_key self = h->entries[hc->uses[i].entry].key;
		char level = self.level;

		n = use__frames(hc, &hc->uses[i], v);
		for (j = 0; j < n; j++) {
			const struct chain_frame *f = &hc->frames[v[j]];
			struct hist_key k;
			struct hist_entry *e;

			chain_key(h, &self, f, &level, &k);
			e = hists__findnew(h, &k);
			if (!e) {
				free(v);
				return -ENOMEM;
			}
			/* A row's thread is that of its first sample, be it a callee's. */
			if (!e->thread || hc->uses[i].first_sample < e->first_sample) {
				if (!e->thread)
					e->no_sym = !f->sym;
				e->thread = hc->uses[i].thread;
				e->first_sample = hc->uses[i].first_sample;
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

/* Up to this many children a node's are found by walking them; beyond it, by hash. */
#define SMALL_FANOUT	8

static int chains__index_child(struct hist_chains *hc, uint32_t c)
{
	uint32_t key[2] = { hc->nodes[c].parent, hc->nodes[c].frame };
	uint64_t hash = mix(key[0], key[1]), *slot;
	uint32_t idx = table__find(hc, &hc->child_idx, hash, child_eq, key, &slot);

	if (idx == UINT32_MAX - 1)
		return -ENOMEM;
	if (idx == UINT32_MAX)
		table__set(hc->child_idx, slot, hash, c);
	return 0;
}

static uint32_t chains__find_child(struct hist_chains *hc, uint32_t parent, uint32_t frame)
{
	uint32_t key[2] = { parent, frame }, c;
	uint64_t *slot;

	if (hc->nodes[parent].nr_children > SMALL_FANOUT) {
		c = table__find(hc, &hc->child_idx, mix(parent, frame), child_eq, key, &slot);
		return c < UINT32_MAX - 1 ? c : 0;
	}
	for (c = hc->nodes[parent].first_child; c; c = hc->nodes[c].next_sibling)
		if (hc->nodes[c].frame == frame)
			return c;
	return 0;
}

/* The child of node @parent for frame @frame, added if new; 0 on ENOMEM. */
static uint32_t chains__child(struct hist_chains *hc, uint32_t parent, uint32_t frame)
{
	uint32_t idx = chains__find_child(hc, parent, frame), c;
	struct chain_node *n, *p;

	if (idx)
		return idx;
	if (grow((void **)&hc->nodes, hc->nr_nodes, &hc->alloc_nodes, sizeof(*n)))
		return 0;
	idx = hc->nr_nodes++;
	n = &hc->nodes[idx];
	p = &hc->nodes[parent];
	memset(n, 0, sizeof(*n));
	n->frame = frame;
	n->parent = parent;
	n->next_sibling = p->first_child;
	p->first_child = idx;
	if (++p->nr_children <= SMALL_FANOUT)
		return idx;
	/* Crossing over: the hash gets the children found by walking until now. */
	if (p->nr_children == SMALL_FANOUT + 1) {
		for (c = p->first_child; c; c = hc->nodes[c].next_sibling)
			if (chains__index_child(hc, c))
				return 0;
		return idx;
	}
	return chains__index_child(hc, idx) ? 0 : idx;
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
 * and gets its period once (recursion counts once).  @rows[j] is left
 * the merged row that frame j adds to, or UINT32_MAX where it adds
 * nothing: the sample's own row, or a row met before in the chain.
 */
static void use__cumulate(struct hists *h, const uint32_t *rep, const struct chain_use *u,
			  const uint32_t *v, uint32_t n, uint32_t *seen, uint32_t *rows)
{
	struct hist_chains *hc = h->chains;
	const struct hist_key *self = &h->entries[u->entry].key;
	uint32_t j, nr_seen = 1;
	char level = self->level;

	seen[0] = rep[u->entry];
	for (j = 0; j < n; j++) {
		struct hist_key k;
		struct hist_entry *e;

		rows[j] = UINT32_MAX;
		chain_key(h, self, &hc->frames[v[j]], &level, &k);
		e = hists__find(h, &k);
		if (!e || seen_before(seen, &nr_seen, rep[e - h->entries]))
			continue;
		rows[j] = rep[e - h->entries];
		e = &h->entries[rows[j]];
		e->period_acc += u->period;
		if (n - j > e->chain_depth)
			e->chain_depth = n - j;
	}
}

/* The period a row's tree holds: what the tree's shares and thresholds are of. */
static uint64_t tree_period(const struct hist_chains *hc, const struct hist_entry *e)
{
	return hc->children ? e->period_acc : e->period;
}

/*
 * The trees.  A branch prints only if it reaches the threshold, a share
 * of all samples in graph, flat and folded; a row below it would print
 * no branch, so its tree is not built.  Fractal's threshold is a share
 * of each branch's parent: every tree is built then.
 */
static int hist_chains__build_trees(struct hists *h, const uint32_t *rep, uint32_t *v,
				    const uint32_t *rows)
{
	struct hist_chains *hc = h->chains;
	const struct callchain_param *param = hc->param;
	uint64_t min = param->mode == CHAIN_GRAPH_REL ? 0 :
		       (uint64_t)(hc->period * (param->min_percent / 100));
	uint32_t i, j, n;
	size_t at = 0;

	for (i = 0; i < hc->nr_uses; i++) {
		const struct chain_use *u = &hc->uses[i];
		struct hist_entry *self = &h->entries[rep[u->entry]];

		n = use__frames(hc, u, v);
		if (tree_period(hc, self) >= min && entry__append(hc, self, v, n, u))
			return -ENOMEM;
		for (j = 0; hc->children && j < n; j++) {
			struct hist_entry *e;

			if (rows[at + j] == UINT32_MAX)
				continue;
			e = &h->entries[rows[at + j]];
			if (e->period_acc >= min && entry__append(hc, e, v + j, n - j, u))
				return -ENOMEM;
		}
		at += hc->children ? n : 0;
	}
	return 0;
}

int hist_chains__build(struct hists *h, const uint32_t *rep)
{
	struct hist_chains *hc = h->chains;
	uint32_t *v, *seen, *rows = NULL, i, n;
	size_t at = 0, total = 0;
	int err = -ENOMEM;

	hc->period = 0;
	for (i = 0; i < h->nr; i++) {
		/* Rows merged away gave their period to the row that stays. */
		if (rep[i] != i)
			continue;
		hc->period += h->entries[i].period;
		h->entries[i].period_acc = h->entries[i].period;
	}
	if (chains__max_len(hc, &v))
		return -ENOMEM;
	seen = malloc((hc->max_len + 1) * sizeof(*seen));
	for (i = 0; hc->children && i < hc->nr_uses; i++)
		total += use__frames(hc, &hc->uses[i], v);
	if (total)
		rows = big_alloc(total * sizeof(*rows));
	if (!seen || (total && !rows))
		goto out;
	for (i = 0; i < hc->nr_uses; i++) {
		const struct chain_use *u = &hc->uses[i];
		struct hist_entry *self = &h->entries[rep[u->entry]];

		n = use__frames(hc, u, v);
		if (n > self->chain_depth)
			self->chain_depth = n;
		if (hc->children) {
			use__cumulate(h, rep, u, v, n, seen, rows + at);
			at += n;
		}
	}
	err = 0;
	/* -g none: Children without trees. */
	if (hc->param->mode != CHAIN_NONE)
		err = hist_chains__build_trees(h, rep, v, rows);
	/* From here on a use belongs to its merged row. */
	for (i = 0; i < hc->nr_uses; i++)
		hc->uses[i].entry = rep[hc->uses[i].entry];
out:
	if (rows)
		big_free(rows, total * sizeof(*rows));
	free(seen);
	free(v);
	return err;
}

void hist_chains__move_entries(struct hist_chains *hc, const uint32_t *dst)
{
	uint32_t i;

	for (i = 0; i < hc->nr_uses; i++)
		hc->uses[i].entry = dst[hc->uses[i].entry];
}

int hist_chains__for_each_chain(struct hists *h, hist_chain_fn fn, void *arg)
{
	struct hist_chains *hc = h->chains;
	uint32_t i;
	int err;

	for (i = 0; i < hc->nr_uses; i++) {
		const struct chain_use *u = &hc->uses[i];
		const struct chain_seq *sq = &hc->seqs[u->seq];

		err = fn(h, &h->entries[u->entry], hc->ids + sq->off, sq->len, u->period,
			 u->count, arg);
		if (err)
			return err;
	}
	return 0;
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
	if (hc->raw_cache) {
		for (i = 0; i < 1 << RAW_CACHE_BITS; i++)
			free(hc->raw_cache[i].ips);
		free(hc->raw_cache);
	}
	if (hc->cursor)
		callchain_cursor__exit(hc->cursor);
	free(hc->cursor);
	free(hc);
}
