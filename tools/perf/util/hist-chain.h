/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_HIST_CHAIN_H
#define __PERF_HIST_CHAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct callchain_cursor;
struct callchain_param;
struct dso;
struct hist_entry;
struct hists;
struct machines;
struct perf_sample;
struct symbol;
struct thread;

/*
 * A frame as call-chain trees tell frames apart: by DSO and function,
 * or, without a function, by DSO and IP (perf's "function" key).
 */
struct chain_frame {
	struct dso *dso;
	const struct symbol *sym;
	uint64_t ip;		/* the IP that made the frame: printed without @sym */
	char *name;		/* @sym's demangled name, once printed; NULL until then */
	char level;		/* 'k' '.' 'g' 'u' 'H' */
	uint32_t node;		/* the first frame equal to this one but for @level */
};

#define CHAIN_NONE_IDX	0	/* no node: node 0 is never used */

/*
 * A node of an entry's call-chain tree: one frame under its parent.  An
 * entry's root stands for no frame; the frames of each chain hang under
 * it in the order the report asked for (caller or callee first).
 */
struct chain_node {
	uint32_t frame;
	uint32_t parent;
	uint32_t first_child;	/* CHAIN_NONE_IDX: a leaf */
	uint32_t next_sibling;
	uint64_t hit;		/* period of the chains that end here */
	uint64_t cumul;		/* period of the chains through here, those included */
	uint32_t count;		/* samples of the chains that end here */
	uint32_t cumul_count;
	uint32_t nr_children;	/* in the whole tree: those below the threshold are not made */
};

/*
 * The chains of a histogram: the distinct frames, the distinct chains
 * (as frame numbers), how much period each (entry, chain) pair saw, and,
 * once the histogram is sorted, each entry's tree.  Samples repeat their
 * chains: the trees are built once per distinct pair, not per sample.
 */
struct ip_frame;
struct raw_chain;
struct hist_chains {
	const struct callchain_param *param;
	bool children;			/* the Children column: cumulate callers */
	struct chain_frame *frames;
	uint32_t nr_frames, alloc_frames;
	struct chain_table *frame_idx;
	struct chain_table *node_idx;	/* frames by what tells tree nodes apart */
	uint32_t *ids;			/* every chain's frames, innermost first */
	size_t nr_ids, alloc_ids;
	struct chain_seq *seqs;
	uint32_t nr_seqs, alloc_seqs;
	uint32_t max_len;		/* of any chain */
	uint32_t *rows;			/* while sorting: the row of each frame of each pair */
	size_t nr_rows;
	struct chain_table *seq_idx;
	struct chain_use *uses;
	uint32_t nr_uses, alloc_uses;
	struct chain_table *use_idx;
	struct chain_node *nodes;
	uint32_t nr_nodes, alloc_nodes;
	uint64_t period;		/* of the samples that rows show: thresholds are of it */
	struct raw_chain *raw_cache;	/* a sample's IPs -> its chain, before resolving */
	struct ip_frame *ip_cache;	/* an IP -> its frame, before resolving */
	uint32_t *scratch;		/* a chain's frames while it is interned */
	uint32_t alloc_scratch;
	struct callchain_cursor *cursor;
};

/* Gives @h call-chain trees, printed and cumulated as @param and @children say. Returns 0 or -ENOMEM. */
int hists__enable_chains(struct hists *h, const struct callchain_param *param, bool children);

/*
 * Accounts the call chain of sample @s of @thread, whose own row is entry
 * @idx, resolved in @ms (each distinct chain once per change of the maps).
 * Returns 0 or -ENOMEM.
 */
int hists__add_chain(struct hists *h, size_t idx, struct machines *ms,
		     const struct perf_sample *s, struct thread *thread);

/*
 * hists__sort()'s part before merging rows: the Children rows of callers
 * that no sample hit itself.  Returns 0 or -ENOMEM.
 */
int hist_chains__add_entries(struct hists *h);

/*
 * hists__sort()'s part after merging rows (@rep: each entry's merged
 * row): the Children periods and every row's tree.  Returns 0 or -ENOMEM.
 */
int hist_chains__build(struct hists *h, const uint32_t *rep);

/* hists__sort()'s: the rows moved, row i to @dst[i]. */
void hist_chains__move_entries(struct hist_chains *hc, const uint32_t *dst);

/*
 * One distinct (row, chain) pair of a sorted histogram: the chain's @n
 * frame numbers (into h->chains->frames), innermost first, and the period
 * and samples it saw.  Non-zero stops the walk and is returned.
 */
typedef int (*hist_chain_fn)(struct hists *h, struct hist_entry *e, const uint32_t *ids,
			     uint32_t n, uint64_t period, uint64_t count, void *arg);

/* Calls @fn for every (row, chain) pair of the sorted @h. Returns 0 or what @fn returned. */
int hist_chains__for_each_chain(struct hists *h, hist_chain_fn fn, void *arg);

/* The name a frame prints as: the demangled symbol, else @buf holding its IP in hex. */
const char *chain_frame__name(struct chain_frame *f, char *buf, size_t size);

/*
 * top's aging between refreshes: each (row, chain) pair's period and
 * samples become @decay of them; pairs at zero go, and the others follow
 * their row from i to @remap[i] (UINT32_MAX: the row went, and they go
 * too).  Returns 0 or -ENOMEM.
 */
int hist_chains__decay(struct hists *h, const uint32_t *remap, uint64_t (*decay)(uint64_t));

/* Frees the chains. */
void hist_chains__free(struct hist_chains *hc);

#endif /* __PERF_HIST_CHAIN_H */
