/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_UI_STDIO_H
#define __PERF_UI_STDIO_H

#include <stdbool.h>
#include <stdio.h>

struct hists;
struct hist_entry;

/* Enough for any header or entry line (without its newline): up to eight keys of SORT_KEY_MAX. */
#define HISTS_LINE_MAX	(72 * 1024)

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

/* The width of each sort-key column (HISTS_MAX_KEYS ints at @w) over the shown entries. */
void hists__key_widths(const struct hists *h, const struct hists_fmt *fmt, int *w);

/* Whether --percent-limit hides @e. */
bool hists__entry_hidden(const struct hists *h, const struct hist_entry *e,
			 const struct hists_fmt *fmt);

/*
 * The two column title lines ("# Overhead  Command ..." and its rule of
 * dots), without newlines, each into a buffer of @size bytes.  @w from
 * hists__key_widths().
 */
void hists__format_header(const struct hists *h, const struct hists_fmt *fmt, const int *w,
			  char *title, char *rule, size_t size);

/* One entry's line, without its newline. Returns the length written. */
int hists__format_entry(const struct hists *h, const struct hist_entry *e,
			const struct hists_fmt *fmt, const int *w, char *buf, size_t size);

#endif /* __PERF_UI_STDIO_H */
