/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_CALLCHAIN_H
#define __PERF_CALLCHAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct dso;
struct machine;
struct machines;
struct map;
struct perf_sample;
struct symbol;

/* How report prints the chains under an entry (perf's -g modes). */
enum chain_mode {
	CHAIN_NONE,
	CHAIN_GRAPH_ABS,	/* "graph": percentages of the total */
	CHAIN_GRAPH_REL,	/* "fractal": percentages of the parent */
	CHAIN_FLAT,
	CHAIN_FOLDED,
};

enum chain_order {
	ORDER_CALLEE,		/* the sampled function first */
	ORDER_CALLER,		/* the outermost caller first */
};

enum chain_value {
	CCVAL_PERCENT,
	CCVAL_PERIOD,
	CCVAL_COUNT,
};

#define CALLCHAIN_MAX_STACK	127	/* perf's default --max-stack */

/* What -g / --call-graph / -G / --max-stack of report asked for. */
struct callchain_param {
	enum chain_mode mode;
	enum chain_order order;
	enum chain_value value;
	double min_percent;		/* the threshold: 0.5 */
	unsigned int print_limit;	/* 0: no limit */
	unsigned int max_stack;
	bool order_set;			/* caller or callee was given */
};

/* perf's defaults: graph, 0.5, callee order (caller for Children), no limit, 127 deep. */
void callchain_param__init(struct callchain_param *p);

/*
 * Applies a report -g value ("graph,0.5,caller", "folded", "none", ...):
 * any of a mode, a threshold, a print limit, an order, "function" and a
 * value type, comma separated.  Returns 0 or -EINVAL (@p half changed).
 */
int callchain_param__parse(struct callchain_param *p, const char *arg);

/* One frame of a resolved call chain. */
struct callchain_frame {
	struct map *map;		/* NULL: no map covers the IP */
	struct dso *dso;		/* the map's, or NULL */
	const struct symbol *sym;	/* NULL: not resolved */
	uint64_t ip;			/* as the process saw it */
	uint64_t addr;			/* in the DSO, as its symbols are looked up */
	uint16_t cpumode;		/* PERF_RECORD_MISC_* of the code it ran */
	char level;			/* 'k' '.' 'g' 'u' 'H' */
	bool inlined;			/* @sym is inlined at @addr into @outer */
	const struct symbol *outer;	/* inlined: the function whose code it is, or NULL */
};

/* A sample's frames, innermost (the sampled IP) first. */
struct callchain_cursor {
	struct callchain_frame *frames;
	uint32_t nr;
	uint32_t alloc;
};

/*
 * Resolves the call chain of sample @s into @c: its PERF_SAMPLE_CALLCHAIN
 * IPs, each in the machine and cpumode that the context marker before it
 * names (host or guest, kernel or user), then, for a sample with user
 * registers and stack, the user frames that DWARF unwinding finds (in
 * place of any user part of the chain), each led by the functions
 * inlined at it (inline__find(), unless ms->no_inline).  At
 * most @max_stack frames.  A marker that is not one of the kernel's
 * drops the chain, as a corrupt one.  Returns 0 or -ENOMEM.
 */
int callchain__resolve(struct callchain_cursor *c, struct machines *ms,
		       const struct perf_sample *s, unsigned int max_stack);

/* Frees the frames of @c. */
/* Where a walk through a sample's raw chain is, and the context it is in. */
struct callchain_iter {
	uint64_t i;			/* the next entry of the chain */
	uint64_t ip;			/* the last frame's */
	uint16_t cpumode;		/* of the last frame: start at the sample's */
};

/*
 * The next frame of @s's raw chain, in @it (context markers switch its
 * cpumode, as callchain__resolve() does).  Returns 1 for a frame, 0 at the
 * end (or at the user context unless @to_user), -1 when a marker the
 * kernel does not write voids the whole chain.
 */
int callchain__next_ip(const struct perf_sample *s, struct callchain_iter *it, bool to_user);

void callchain_cursor__exit(struct callchain_cursor *c);

#endif /* __PERF_CALLCHAIN_H */
