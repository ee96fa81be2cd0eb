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

/*
 * perf's trees tell frames apart by DSO and function (by address without
 * one), not by level: a frame without a map has the level of the context
 * it was met in, and both meet in one node.
 */
static bool node_eq(const struct hist_chains *hc, uint32_t idx, const void *key)
{
	const struct chain_frame *a = &hc->frames[idx], *b = key;

	return a->dso == b->dso && a->sym == b->sym && (a->sym || a->ip == b->ip);
}

/* The number of frame @f, added if new; UINT32_MAX on ENOMEM. */
static uint32_t chains__frame(struct hist_chains *hc, const struct chain_frame *f)
{
	uint64_t node_hash = mix(mix((uintptr_t)f->dso, (uintptr_t)f->sym), f->sym ? 0 : f->ip);
	uint64_t hash = mix(node_hash, f->level);
	uint64_t *slot, *node_slot;
	uint32_t idx = table__find(hc, &hc->frame_idx, hash, frame_eq, f, &slot), node;

	if (idx < UINT32_MAX - 1)
		return idx;
	if (idx == UINT32_MAX - 1 ||
	    grow((void **)&hc->frames, hc->nr_frames, &hc->alloc_frames, sizeof(*f)))
		return UINT32_MAX;
	node = table__find(hc, &hc->node_idx, node_hash, node_eq, f, &node_slot);
	if (node == UINT32_MAX - 1)
		return UINT32_MAX;
	idx = hc->nr_frames++;
	hc->frames[idx] = *f;
	if (node == UINT32_MAX) {
		node = idx;
		table__set(hc->node_idx, node_slot, node_hash, idx);
	}
	hc->frames[idx].node = node;
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
		struct chain_frame f = { cf->dso, cf->sym, cf->ip, NULL, cf->level, 0 };

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

/* Adds sample @s to the pair (@idx, @seq); *@use is the pair's number. */
static int chains__add_use(struct hists *h, size_t idx, uint32_t seq,
			   const struct perf_sample *s, struct thread *thread, uint32_t *use)
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
	*use = u;
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
	uint32_t entry;		/* the row of the pair last added to, */
	uint32_t use;		/* and the pair: most chains have one row */
};

/*
 * Chains that differ share most of their frames: a direct-mapped cache
 * from an IP (of one process and context, under one state of the maps)
 * to its frame spares resolving and interning it again.
 */
#define IP_CACHE_BITS	16

struct ip_frame {
	uint64_t ip;
	uint64_t generation;
	pid_t pid;
	uint16_t cpumode;
	uint32_t frame;		/* + 1; 0: empty */
};

static bool sample__dwarf(const struct perf_sample *s)
{
	return s->user_regs.abi && s->user_stack.size;
}

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

/* New maps may resolve the same IPs otherwise: a slot is good for its maps' version only. */
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
	*r = (struct raw_chain){ hash, generation, ips, s->callchain.nr, seq, s->pid,
				 UINT32_MAX, 0 };
	return 0;
}

/* The frame of @ip, run in @cpumode by process @pid under maps @generation; UINT32_MAX on ENOMEM. */
static uint32_t chains__ip_frame(struct hist_chains *hc, struct machines *ms, uint16_t cpumode,
				 pid_t pid, uint64_t ip, uint64_t generation)
{
	uint64_t h = mix(mix(ip, (uint64_t)pid << 16 | cpumode), generation);
	struct ip_frame *c = &hc->ip_cache[h >> (64 - IP_CACHE_BITS)];
	struct addr_location al;
	struct chain_frame f;
	uint32_t id;

	if (c->frame && c->ip == ip && c->pid == pid && c->cpumode == cpumode &&
	    c->generation == generation)
		return c->frame - 1;
	if (machines__resolve_ip(ms, cpumode, pid, ip, &al))
		return UINT32_MAX;
	f = (struct chain_frame){ al.dso, al.sym, ip, NULL, al.level, 0 };
	id = chains__frame(hc, &f);
	if (id != UINT32_MAX)
		*c = (struct ip_frame){ ip, generation, pid, cpumode, id + 1 };
	return id;
}

/*
 * The chain of sample @s, whose host frames resolve under maps @version,
 * interned; UINT32_MAX - 1 for none (a void chain), UINT32_MAX on ENOMEM.
 * What callchain__resolve() and chains__intern() give, frame by frame
 * through the IP cache.  Not for DWARF samples.
 */
static uint32_t chains__resolve_raw(struct hist_chains *hc, struct machines *ms,
				    const struct perf_sample *s, uint64_t version)
{
	struct callchain_iter it = { 0, 0, s->cpumode };
	uint32_t n = 0;
	int r;

	if (!hc->ip_cache) {
		hc->ip_cache = calloc(1 << IP_CACHE_BITS, sizeof(*hc->ip_cache));
		if (!hc->ip_cache)
			return UINT32_MAX;
	}
	if (s->callchain.nr > hc->alloc_scratch) {
		uint32_t *v = realloc(hc->scratch, s->callchain.nr * sizeof(*v));

		if (!v)
			return UINT32_MAX;
		hc->scratch = v;
		hc->alloc_scratch = s->callchain.nr;
	}
	while ((r = callchain__next_ip(s, &it, true)) > 0) {
		uint64_t g = cpumode__is_guest(it.cpumode) ? ms->generation : version;
		uint32_t id = chains__ip_frame(hc, ms, it.cpumode, s->pid, it.ip, g);

		if (id == UINT32_MAX)
			return UINT32_MAX;
		hc->scratch[n++] = id;
	}
	if (r < 0 || !n)
		return UINT32_MAX - 1;
	return chains__seq(hc, hc->scratch, n);
}

int hists__add_chain(struct hists *h, size_t idx, struct machines *ms,
		     const struct perf_sample *s, struct thread *thread)
{
	struct hist_chains *hc = h->chains;
	uint64_t hash = raw_hash(s), version;
	struct raw_chain *r = raw_cache__slot(hc, hash);
	uint32_t seq, use;
	int err;

	if (!r)
		return -ENOMEM;
	/*
	 * A host chain resolves in the host kernel's maps and its process's:
	 * their version keys the cache, and other processes' changes do not
	 * throw it away.  Guest frames may be on a guest's chain: any change
	 * counts then.
	 */
	version = cpumode__is_guest(s->cpumode) ? ms->generation :
		  machine__maps_version(&ms->host, s->pid);
	/* A DWARF sample's user frames are in its stack copy, which the cache does not key. */
	if (sample__dwarf(s)) {
		/* Every frame: --max-stack cuts from the end that the order starts at. */
		err = callchain__resolve(hc->cursor, ms, s, UINT32_MAX);
		if (err)
			return err;
		seq = hc->cursor->nr ? chains__intern(hc, hc->cursor) : UINT32_MAX - 1;
		if (seq == UINT32_MAX)
			return -ENOMEM;
		return seq == UINT32_MAX - 1 ? 0 : chains__add_use(h, idx, seq, s, thread, &use);
	}
	if (raw_chain__is(r, hash, version, s)) {
		if (r->seq == UINT32_MAX - 1)
			return 0;
		if (r->entry == idx) {
			hc->uses[r->use].period += s->period;
			hc->uses[r->use].count++;
			return 0;
		}
	} else {
		seq = chains__resolve_raw(hc, ms, s, version);
		if (seq == UINT32_MAX || raw_chain__set(r, hash, version, s, seq))
			return -ENOMEM;
		if (seq == UINT32_MAX - 1)
			return 0;
	}
	err = chains__add_use(h, idx, r->seq, s, thread, &use);
	r->entry = idx;
	r->use = use;
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

/* A chain as one row's tree sees it: use @use's frames from @start on. */
struct tree_ref {
	uint32_t use;
	uint32_t start;
	uint32_t key;		/* the frame at the depth being split; UINT32_MAX: ended */
};

static uint32_t use__len(const struct hist_chains *hc, const struct chain_use *u)
{
	uint32_t len = hc->seqs[u->seq].len;

	return len < hc->param->max_stack ? len : hc->param->max_stack;
}

/* Frame @i of use @u in the report's order (see use__frames()). */
static uint32_t use__frame(const struct hist_chains *hc, const struct chain_use *u, uint32_t i)
{
	const struct chain_seq *s = &hc->seqs[u->seq];

	return hc->ids[s->off + (hc->param->order == ORDER_CALLER ? s->len - 1 - i : i)];
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

/* The row a frame of a pair of row @self adds to, as found last. */
#define ROW_CACHE_SIZE	4093

struct row_cache {
	uint32_t self;
	uint32_t frame;
	uint32_t row;		/* + 1; 0: empty */
	char level;
};

int hist_chains__add_entries(struct hists *h)
{
	struct hist_chains *hc = h->chains;
	struct row_cache *cache = NULL;
	uint32_t *v, i, j, n;
	size_t at = 0;

	if (!hc->children)
		return 0;
	if (chains__max_len(hc, &v))
		return -ENOMEM;
	for (i = 0; i < hc->nr_uses; i++)
		hc->nr_rows += use__frames(hc, &hc->uses[i], v);
	hc->rows = big_alloc((hc->nr_rows ? hc->nr_rows : 1) * sizeof(*hc->rows));
	if (!hc->rows)
		goto nomem;
	cache = calloc(ROW_CACHE_SIZE, sizeof(*cache));
	if (!cache)
		goto nomem;
	for (i = 0; i < hc->nr_uses; i++) {
		/* A copy: adding rows may move the array. */
		struct hist_key self = h->entries[hc->uses[i].entry].key;
		char level = self.level;

		n = use__frames(hc, &hc->uses[i], v);
		for (j = 0; j < n; j++) {
			const struct chain_frame *f = &hc->frames[v[j]];
			struct row_cache *rc;
			struct hist_key k;
			struct hist_entry *e;

			chain_key(h, &self, f, &level, &k);
			/* The pairs of one row share most of their frames: ask the hash once. */
			rc = &cache[(hc->uses[i].entry * 0x9e3779b1U ^ v[j] * 0x85ebca6bU ^
				     (uint8_t)level) % ROW_CACHE_SIZE];
			if (rc->row && rc->self == hc->uses[i].entry && rc->frame == v[j] &&
			    rc->level == level) {
				e = &h->entries[rc->row - 1];
			} else {
				e = hists__findnew(h, &k);
				if (!e)
					goto nomem;
				*rc = (struct row_cache){ hc->uses[i].entry, v[j], e - h->entries + 1,
							  level };
			}
			hc->rows[at++] = e - h->entries;
			/* A row's thread is that of its first sample, be it a callee's. */
			if (!e->thread || hc->uses[i].first_sample < e->first_sample) {
				if (!e->thread)
					e->no_sym = !f->sym;
				e->thread = hc->uses[i].thread;
				e->first_sample = hc->uses[i].first_sample;
			}
		}
	}
	free(cache);
	free(v);
	return 0;
nomem:
	free(cache);
	free(v);
	return -ENOMEM;
}

/* A new child of node @parent for frame @frame. Returns its index, or 0 on ENOMEM. */
static uint32_t chains__node(struct hist_chains *hc, uint32_t parent, uint32_t frame)
{
	struct chain_node *n;
	uint32_t idx;

	if (grow((void **)&hc->nodes, hc->nr_nodes, &hc->alloc_nodes, sizeof(*n)))
		return 0;
	idx = hc->nr_nodes++;
	n = &hc->nodes[idx];
	memset(n, 0, sizeof(*n));
	n->frame = frame;
	n->parent = parent;
	n->next_sibling = hc->nodes[parent].first_child;
	hc->nodes[parent].first_child = idx;
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
 * and gets its period once (recursion counts once).  @rows holds the row
 * of each frame (hist_chains__add_entries() found them); each is left
 * the merged row that frame adds to, or UINT32_MAX where it adds nothing:
 * the sample's own row, or a row met before in the chain.
 */
static void use__cumulate(struct hists *h, const uint32_t *rep, const struct chain_use *u,
			  uint32_t n, uint32_t *seen, uint32_t *rows)
{
	uint32_t j, nr_seen = 1;

	seen[0] = rep[u->entry];
	for (j = 0; j < n; j++) {
		struct hist_entry *e;

		if (seen_before(seen, &nr_seen, rep[rows[j]])) {
			rows[j] = UINT32_MAX;
			continue;
		}
		rows[j] = rep[rows[j]];
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

#define FEW_KEYS	64
#define FEW_SLOTS	(FEW_KEYS * 2)

/* The slot of key @k in a table of FEW_SLOTS: its own, or the empty one it would take. */
static uint32_t few__slot(const uint32_t *keys, const bool *used, uint32_t k)
{
	uint32_t j;

	for (j = (k * 0x9e3779b1U) >> 25; used[j] && keys[j] != k; j = (j + 1) & (FEW_SLOTS - 1))
		;
	return j;
}

/*
 * Sorts @nr refs by key through @tmp if they have at most FEW_KEYS keys,
 * as a node's chains mostly do (a node has few children): the keys are
 * counted in a small table, sorted, and each ref is moved to its key's
 * place.  Returns false, @refs as they were, if they have more keys.
 */
static bool refs__sort_few(struct tree_ref *refs, size_t nr, struct tree_ref *tmp)
{
	uint32_t keys[FEW_SLOTS], order[FEW_KEYS], j, x;
	size_t at[FEW_SLOTS], i, n = 0, sum = 0, c;
	bool used[FEW_SLOTS];

	memset(used, 0, sizeof(used));
	for (i = 0; i < nr; i++) {
		j = few__slot(keys, used, refs[i].key);
		if (!used[j]) {
			if (n == FEW_KEYS)
				return false;
			used[j] = true;
			keys[j] = refs[i].key;
			at[j] = 0;
			order[n++] = j;
		}
		at[j]++;
	}
	/* The keys in order, by insertion: there are few. */
	for (i = 1; i < n; i++) {
		x = order[i];
		for (j = i; j > 0 && keys[order[j - 1]] > keys[x]; j--)
			order[j] = order[j - 1];
		order[j] = x;
	}
	for (i = 0; i < n; i++) {
		c = at[order[i]];
		at[order[i]] = sum;
		sum += c;
	}
	for (i = 0; i < nr; i++)
		tmp[at[few__slot(keys, used, refs[i].key)]++] = refs[i];
	memcpy(refs, tmp, nr * sizeof(*refs));
	return true;
}

/*
 * Sorts @nr refs by key: by insertion when few, else by a radix sort of
 * four bytes through @tmp (room for @nr).  Splitting every level of
 * every tree sorts, so this is the hottest loop of the trees.
 */
static void refs__sort(struct tree_ref *refs, size_t nr, struct tree_ref *tmp)
{
	size_t count[256];
	struct tree_ref *from = refs, *to = tmp, *t;
	size_t i, j, sum;
	int shift;

	if (nr < 64) {
		for (i = 1; i < nr; i++) {
			struct tree_ref x = refs[i];

			for (j = i; j > 0 && refs[j - 1].key > x.key; j--)
				refs[j] = refs[j - 1];
			refs[j] = x;
		}
		return;
	}
	if (refs__sort_few(refs, nr, tmp))
		return;
	for (shift = 0; shift < 32; shift += 8) {
		memset(count, 0, sizeof(count));
		for (i = 0; i < nr; i++)
			count[(from[i].key >> shift) & 0xff]++;
		for (i = 0, sum = 0; i < 256; i++) {
			size_t c = count[i];

			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < nr; i++)
			to[count[(from[i].key >> shift) & 0xff]++] = from[i];
		t = from;
		from = to;
		to = t;
	}
	/* An even number of passes: the sorted refs are back in @refs. */
}

/*
 * Builds the children of node @n from the @nr chains at @refs, which all
 * pass through it at @depth: they are split by their frame at @depth,
 * and a child is made for each frame whose chains reach @min.  Below
 * that nothing can print, so nothing is made; but @n still counts the
 * child, for where perf's runs of frames end.
 */
static int tree__split(struct hist_chains *hc, uint32_t n, struct tree_ref *refs, size_t nr,
		       uint32_t depth, uint64_t min, struct tree_ref *tmp)
{
	size_t i, j;
	bool same = true;

	for (i = 0; i < nr; i++) {
		const struct chain_use *u = &hc->uses[refs[i].use];

		if (use__len(hc, u) - refs[i].start == depth) {
			refs[i].key = UINT32_MAX;
			hc->nodes[n].hit += u->period;
			hc->nodes[n].count += u->count;
		} else {
			refs[i].key = hc->frames[use__frame(hc, u, refs[i].start + depth)].node;
		}
		same &= refs[i].key == refs[0].key;
	}
	if (!same)
		refs__sort(refs, nr, tmp);
	for (i = 0; i < nr && refs[i].key != UINT32_MAX; i = j) {
		uint64_t period = 0, count = 0;
		uint32_t c;

		for (j = i; j < nr && refs[j].key == refs[i].key; j++) {
			period += hc->uses[refs[j].use].period;
			count += hc->uses[refs[j].use].count;
		}
		hc->nodes[n].nr_children++;
		if (period < min)
			continue;
		c = chains__node(hc, n, refs[i].key);
		if (!c)
			return -ENOMEM;
		hc->nodes[c].cumul = period;
		hc->nodes[c].cumul_count = count;
		if (tree__split(hc, c, refs + i, j - i, depth + 1, min, tmp))
			return -ENOMEM;
	}
	return 0;
}

/* Row @e's tree, from its @nr chains at @refs. */
static int tree__build(struct hist_chains *hc, struct hist_entry *e, struct tree_ref *refs,
		       size_t nr, uint64_t min, struct tree_ref *tmp)
{
	size_t i;

	e->chain_root = chains__root(hc);
	if (!e->chain_root)
		return -ENOMEM;
	for (i = 0; i < nr; i++) {
		hc->nodes[e->chain_root].cumul += hc->uses[refs[i].use].period;
		hc->nodes[e->chain_root].cumul_count += hc->uses[refs[i].use].count;
	}
	return tree__split(hc, e->chain_root, refs, nr, 0, min, tmp);
}

/*
 * The trees.  A branch prints only if it reaches the threshold, a share
 * of all samples in graph, flat and folded; so a row below it needs no
 * tree, and a tree no branch below it.  Fractal's threshold is a share of
 * each branch's parent: its trees are built whole.  Each row's chains are
 * gathered (by a counting sort on the row) and split level by level.
 */
static int hist_chains__build_trees(struct hists *h, const uint32_t *rep, const uint32_t *rows)
{
	struct hist_chains *hc = h->chains;
	const struct callchain_param *param = hc->param;
	uint64_t min = param->mode == CHAIN_GRAPH_REL ? 0 :
		       (uint64_t)(hc->period * (param->min_percent / 100));
	size_t *first = calloc(h->nr + 1, sizeof(*first)), nr_refs = 0, max_refs = 0, at, i;
	struct tree_ref *refs = NULL, *tmp = NULL;
	uint32_t j, n, r;
	int err = -ENOMEM;

	if (!first)
		return -ENOMEM;
	/* Twice over the pairs: once to count each row's chains, once to place them. */
	for (int pass = 0; pass < 2; pass++) {
		for (i = 0, at = 0; i < hc->nr_uses; i++) {
			const struct chain_use *u = &hc->uses[i];

			n = use__len(hc, u);
			for (j = 0; j <= (hc->children ? n : 0); j++) {
				struct hist_entry *e;

				r = j ? rows[at + j - 1] : rep[u->entry];
				if (r == UINT32_MAX)
					continue;
				e = &h->entries[r];
				if ((j ? e->period_acc : tree_period(hc, e)) < min)
					continue;
				if (pass)
					refs[first[r]++] = (struct tree_ref){ i, j ? j - 1 : 0, 0 };
				else
					first[r + 1]++;
			}
			at += hc->children ? n : 0;
		}
		if (pass)
			break;
		for (i = 0; i < h->nr; i++)
			first[i + 1] += first[i];
		nr_refs = first[h->nr];
		for (i = 0; i < h->nr; i++)
			if (first[i + 1] - first[i] > max_refs)
				max_refs = first[i + 1] - first[i];
		refs = big_alloc((nr_refs ? nr_refs : 1) * sizeof(*refs));
		/* The radix sort's room: as much as one row's chains. */
		tmp = big_alloc((max_refs ? max_refs : 1) * sizeof(*tmp));
		if (!refs || !tmp)
			goto out;
	}
	/* first[i] now ends row i's chains: row i's start where row i - 1's end. */
	for (i = 0, at = 0; i < h->nr; at = first[i++]) {
		if (first[i] > at &&
		    tree__build(hc, &h->entries[i], refs + at, first[i] - at, min, tmp))
			goto out;
	}
	err = 0;
out:
	if (refs)
		big_free(refs, (nr_refs ? nr_refs : 1) * sizeof(*refs));
	if (tmp)
		big_free(tmp, (max_refs ? max_refs : 1) * sizeof(*tmp));
	free(first);
	return err;
}

int hist_chains__build(struct hists *h, const uint32_t *rep)
{
	struct hist_chains *hc = h->chains;
	uint32_t *seen, i, n;
	size_t at = 0;
	int err = 0;

	hc->period = 0;
	for (i = 0; i < h->nr; i++) {
		/* Rows merged away gave their period to the row that stays. */
		if (rep[i] != i)
			continue;
		hc->period += h->entries[i].period;
		h->entries[i].period_acc = h->entries[i].period;
	}
	for (i = 0; i < hc->nr_seqs; i++)
		if (hc->seqs[i].len > hc->max_len)
			hc->max_len = hc->seqs[i].len;
	seen = malloc((hc->max_len + 1) * sizeof(*seen));
	if (!seen) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < hc->nr_uses; i++) {
		const struct chain_use *u = &hc->uses[i];
		struct hist_entry *self = &h->entries[rep[u->entry]];

		n = use__len(hc, u);
		if (n > self->chain_depth)
			self->chain_depth = n;
		if (hc->children) {
			use__cumulate(h, rep, u, n, seen, hc->rows + at);
			at += n;
		}
	}
	/* -g none: Children without trees. */
	if (hc->param->mode != CHAIN_NONE)
		err = hist_chains__build_trees(h, rep, hc->rows);
	/* From here on a use belongs to its merged row. */
	for (i = 0; i < hc->nr_uses; i++)
		hc->uses[i].entry = rep[hc->uses[i].entry];
out:
	free(seen);
	if (hc->rows)
		big_free(hc->rows, (hc->nr_rows ? hc->nr_rows : 1) * sizeof(*hc->rows));
	hc->rows = NULL;
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
	if (hc->rows)
		big_free(hc->rows, (hc->nr_rows ? hc->nr_rows : 1) * sizeof(*hc->rows));
	table__free(hc->frame_idx);
	table__free(hc->node_idx);
	table__free(hc->seq_idx);
	table__free(hc->use_idx);
	if (hc->raw_cache) {
		for (i = 0; i < 1 << RAW_CACHE_BITS; i++)
			free(hc->raw_cache[i].ips);
		free(hc->raw_cache);
	}
	free(hc->ip_cache);
	free(hc->scratch);
	if (hc->cursor)
		callchain_cursor__exit(hc->cursor);
	free(hc->cursor);
	free(hc);
}

int hist_chains__decay(struct hists *h, const uint32_t *remap, uint64_t (*decay)(uint64_t))
{
	struct hist_chains *hc = h->chains;
	uint32_t i, kept = 0;

	/* Rows move and pairs go: the index is rebuilt as the pairs are kept. */
	table__free(hc->use_idx);
	hc->use_idx = NULL;
	for (i = 0; i < hc->nr_uses; i++) {
		struct chain_use u = hc->uses[i];
		uint64_t hash, *slot;
		uint32_t j;

		u.period = decay(u.period);
		u.count = decay(u.count);
		if (!u.period || remap[u.entry] == UINT32_MAX)
			continue;
		u.entry = remap[u.entry];
		hash = mix(u.entry, u.seq);
		j = table__find(hc, &hc->use_idx, hash, use_eq, &u, &slot);
		if (j == UINT32_MAX - 1)
			return -ENOMEM;
		if (j != UINT32_MAX) {
			/* A sort merged two rows: their pairs of one chain are one now. */
			hc->uses[j].period += u.period;
			hc->uses[j].count += u.count;
			if (u.first_sample < hc->uses[j].first_sample) {
				hc->uses[j].first_sample = u.first_sample;
				hc->uses[j].thread = u.thread;
			}
			continue;
		}
		hc->uses[kept] = u;
		table__set(hc->use_idx, slot, hash, kept++);
	}
	hc->nr_uses = kept;
	return 0;
}
