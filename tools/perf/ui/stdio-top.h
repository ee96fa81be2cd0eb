/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_UI_STDIO_TOP_H
#define __PERF_UI_STDIO_TOP_H

#include <stdbool.h>
#include <stdio.h>

struct top_snapshot;

/*
 * Prints one perf top --stdio screen: @headline, a rule, the column
 * titles and the first @max_rows rows of @snap (0: all).  @clear starts
 * with the terminal's clear-screen sequence, as on a terminal.
 */
void top_snapshot__fprintf(const struct top_snapshot *snap, const char *headline, size_t max_rows,
			   bool clear, FILE *fp);

/*
 * The same screen for a table with call chains: @headline and its rule,
 * then the rows of @snap's view and their trees exactly as perf report
 * --stdio prints them (at most @max_rows rows, 0: all).  Returns 0 or
 * -ENOMEM.
 */
int top_snapshot__fprintf_chains(const struct top_snapshot *snap, const char *headline,
				 size_t max_rows, bool clear, FILE *fp);

#endif /* __PERF_UI_STDIO_TOP_H */
