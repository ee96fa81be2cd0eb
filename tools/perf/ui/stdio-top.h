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

#endif /* __PERF_UI_STDIO_TOP_H */
