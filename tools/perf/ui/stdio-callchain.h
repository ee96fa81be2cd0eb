/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_UI_STDIO_CALLCHAIN_H
#define __PERF_UI_STDIO_CALLCHAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct hists;
struct hist_entry;

/*
 * Prints the call-chain tree of row @e of @h under the row, as perf
 * report --stdio does in the mode of @h's chains (graph, fractal, flat
 * or folded).  @skip_first: the sort starts with sym, whose row already
 * names the first frame.  Returns -ENOMEM, or 0 (also for no chains).
 */
int hist_entry__fprintf_chains(FILE *fp, const struct hists *h, const struct hist_entry *e,
			       bool skip_first);

/*
 * The walk under hist_entry__fprintf_chains(): the tree's text as a
 * sequence of lines, each with what it stands for, so that the stdio
 * printer and the browser show the same branches, shares and order.
 */
enum chain_line_kind {
	CHAIN_LINE_GAP,		/* graph: the line of open pipes before a branch */
	CHAIN_LINE_FRAME,	/* graph: a frame; the first of a branch carries its share */
	CHAIN_LINE_MORE,	/* fractal: "[...]", the share the threshold left out */
	CHAIN_LINE_CHAIN,	/* flat: a chain's share, above its frames; folded: all of it */
	CHAIN_LINE_PATH,	/* flat: one frame of a chain, from the root on */
	CHAIN_LINE_END,		/* the blank line after a flat chain or a tree */
};

struct chain_line {
	enum chain_line_kind kind;
	int depth;		/* graph: 1 for the root's branches; 0: the root's lone run */
	int mask;		/* graph: bit i set: level i + 1's pipe goes on */
	int margin;		/* graph: the columns "---" took before the pipes */
	bool first;		/* the first frame of its branch, run or chain */
	bool last;		/* the last frame of its run (graph) or chain (flat) */
	bool fork;		/* @last, and branches follow under it */
	bool top;		/* the branch hangs from the root */
	bool siblings;		/* other branches (or chains) hang beside it */
	bool share;		/* the branch's share tells something: not all of its parent's */
	uint32_t node;		/* the frame's tree node (h->chains->nodes) */
	uint32_t chain;		/* flat, folded: the node the chain ends at */
	uint64_t period;	/* the branch's or chain's share ... */
	uint64_t count;		/* ... in samples ... */
	uint64_t total;		/* ... and what a percentage of it is of */
	uint64_t parent_period;	/* graph: what the branch and its siblings share (the row's
				 * period at the root); fractal's percentages in perf's browser */
	const char *name;	/* the frame's name; folded: the chain's; valid during the call */
};

/* Flags of a walk. */
#define CHAIN_WALK_SKIP_FIRST	(1U << 0)	/* the row names the first frame */
#define CHAIN_WALK_ALL		(1U << 1)	/* every branch: no print_limit */

/* What a chain_line_fn returns: 0 goes on; negative stops the walk and is returned. */
#define CHAIN_WALK_FOLD		1	/* skip the frames and branches this frame heads */
#define CHAIN_WALK_STOP		2	/* end the walk: it returns 0 */

typedef int (*chain_line_fn)(const struct chain_line *l, void *arg);

/*
 * Calls @fn for each line of row @e's call-chain text, in the order
 * hist_entry__fprintf_chains() prints them (@flags: CHAIN_WALK_*).
 * Returns 0 (also for no chains), -ENOMEM, or what @fn returned.
 */
int hist_entry__walk_chains(const struct hists *h, const struct hist_entry *e,
			    unsigned int flags, chain_line_fn fn, void *arg);

/* @l's share as perf prints it (percent, period or count, per -g). Returns its length. */
int chain_line__scnprintf_value(const struct chain_line *l, const struct hists *h,
				char *buf, size_t size);

#endif /* __PERF_UI_STDIO_CALLCHAIN_H */
