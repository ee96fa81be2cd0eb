/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_UI_STDIO_H
#define __PERF_UI_STDIO_H

#include <stdbool.h>
#include <stdio.h>

struct hists;

/* Which columns to print besides Overhead and the sort keys. */
struct hists_fmt {
	bool show_nr_samples;		/* Samples */
	bool show_cpu_util;		/* sys, usr */
	bool show_guest_util;		/* guest sys, guest usr (with show_cpu_util) */
	double percent_limit;		/* hide entries below this overhead */
	int max_rows;			/* 0: all */
};

/* Prints the column header and the sorted entries of @h, as perf report --stdio does. */
void hists__fprintf(const struct hists *h, const struct hists_fmt *fmt, FILE *fp);

#endif /* __PERF_UI_STDIO_H */
