/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_CALLGRAPH_OPTS_H
#define __PERF_CALLGRAPH_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/perf_event.h>
#include "parse-options.h"

/*
 * How record and top ask the kernel for call chains: -g, --call-graph
 * fp|dwarf[,size] and --max-stack, parsed the same way for both and
 * turned into the perf_event_attr that perf 6.1 asks for.
 */
enum callgraph_mode {
	CALLGRAPH_NONE,
	CALLGRAPH_FP,		/* the kernel walks the frame pointers */
	CALLGRAPH_DWARF,	/* user registers and stack copied, unwound at report time */
};

/* The user stack dump of a dwarf sample: perf's default, and the most the kernel takes. */
#define CALLGRAPH_DUMP_DEFAULT	8192
#define CALLGRAPH_DUMP_MAX	65528	/* below 64 KiB, as a record's size is a u16; in u64s */

/* perf's x86_64 user registers for dwarf: AX..FLAGS, CS, SS, R8..R15. */
#define CALLGRAPH_REGS_USER_X86_64	0xff0fffULL
/* The registers to sample here: none (no dwarf) where we do not know the unwinder's. */
#ifdef __x86_64__
#define CALLGRAPH_REGS_USER		CALLGRAPH_REGS_USER_X86_64
#else
#define CALLGRAPH_REGS_USER		0ULL
#endif

struct callgraph_opts {
	enum callgraph_mode mode;
	unsigned int dump_size;		/* dwarf: user stack bytes per sample */
	unsigned int max_stack;		/* --max-stack frames, 0 when not given */
	/*
	 * record's, set before parsing: --max-stack goes into the attr's
	 * sample_max_stack (as in newer perf), and dwarf samples data
	 * addresses too (as perf 6.1 record does).  top's --max-stack is
	 * only the display's, as in perf 6.1.
	 */
	bool record;
	/*
	 * top's: takes each --call-graph word that is not fp, dwarf or a
	 * dwarf size (graph, caller, 0.5, ...), returning 0 if it is the
	 * display's; NULL when the command has no such words.
	 */
	int (*display_word)(struct callgraph_opts *o, const char *word);
};

/*
 * Parses a --call-graph argument into @o: "fp" or "dwarf[,SIZE]" (1 to
 * CALLGRAPH_DUMP_MAX bytes, rounded up to 8; decimal or 0x hex), and
 * with @o->display_word the display's words too, anywhere in the list
 * (the mode is then fp unless dwarf is named).  Returns 0, or -EINVAL
 * with @msg saying what is wrong and what is allowed.
 */
int callgraph_opts__parse(struct callgraph_opts *o, const char *arg, char *msg, size_t size);

/* -g: call chains by frame pointers, unless a --call-graph mode was given. */
void callgraph_opts__enable(struct callgraph_opts *o);

/*
 * Parses --max-stack N: 1 to @limit frames (callgraph__max_stack_limit()).
 * Returns 0, or -EINVAL with @msg saying what is allowed.
 */
int callgraph_opts__parse_max_stack(struct callgraph_opts *o, const char *arg, unsigned int limit,
				    char *msg, size_t size);

/* The most frames the kernel records per chain: kernel.perf_event_max_stack, else 127. */
unsigned int callgraph__max_stack_limit(void);

/* Checks the options together once parsed. Returns 0, or -EINVAL with @msg. */
int callgraph_opts__check(const struct callgraph_opts *o, char *msg, size_t size);

/* Asks for @o's call chains in the sample_type and fields of @attr (any event). */
void callgraph_opts__config(const struct callgraph_opts *o, struct perf_event_attr *attr);

/* What the event that tracks maps (the first) asks for besides, for @o's chains. */
void callgraph_opts__config_tracking(const struct callgraph_opts *o, struct perf_event_attr *attr);

/* Option callbacks for a struct callgraph_opts value: they print what is wrong, as options do. */
int callgraph_opts__g_cb(const struct option *opt, const char *arg, int unset);
int callgraph_opts__call_graph_cb(const struct option *opt, const char *arg, int unset);
int callgraph_opts__max_stack_cb(const struct option *opt, const char *arg, int unset);

/*
 * report's and script's --max-stack, into the unsigned int opt->value:
 * how many frames of each recorded chain to show (0 or more).
 */
int callgraph_opts__show_stack_cb(const struct option *opt, const char *arg, int unset);

/* -g and --call-graph, into the struct callgraph_opts @cg. */
#define OPT_CALLGRAPH(cg)							\
	OPT_CALLBACK_NOARG('g', NULL, &(cg), "call chains by frame pointers (= --call-graph fp)", \
			   callgraph_opts__g_cb),					\
	OPT_CALLBACK(0, "call-graph", &(cg), "fp|dwarf[,size]",			\
		     "call chains: fp (frame pointers) or dwarf (unwinding size bytes "	\
		     "of user stack, default 8192)", callgraph_opts__call_graph_cb)

/* --max-stack, into the struct callgraph_opts @cg, with the command's @help. */
#define OPT_CALLGRAPH_MAX_STACK(cg, help)					\
	OPT_CALLBACK(0, "max-stack", &(cg), "n", help, callgraph_opts__max_stack_cb)

#endif /* __PERF_CALLGRAPH_OPTS_H */
