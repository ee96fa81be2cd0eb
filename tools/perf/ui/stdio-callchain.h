/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_UI_STDIO_CALLCHAIN_H
#define __PERF_UI_STDIO_CALLCHAIN_H

#include <stdbool.h>
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

#endif /* __PERF_UI_STDIO_CALLCHAIN_H */
