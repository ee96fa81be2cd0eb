/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_UI_STDIO_H
#define __PERF_UI_STDIO_H

#include <stdbool.h>
#include <stdio.h>

struct hists;
struct hists_group;
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
	bool chain_skip_first;		/* the sort starts with sym: trees skip the row's frame */
};

/*
 * Prints the column header and the rows of @g, as perf report --stdio
 * does; a group's members side by side in each numeric column.
 */
void hists_group__fprintf(const struct hists_group *g, const struct hists_fmt *fmt, FILE *fp);

/* hists_group__fprintf() of @h alone.  Returns 0 or -ENOMEM (nothing printed). */
int hists__fprintf(const struct hists *h, const struct hists_fmt *fmt, FILE *fp);

/*
 * The width of each sort-key column (HISTS_MAX_KEYS ints at @w) over
 * every row, those --percent-limit hides too, as perf sizes them.
 */
void hists_group__key_widths(const struct hists_group *g, int *w);
void hists__key_widths(const struct hists *h, int *w);

/* Whether --percent-limit hides row @row: the leader's share decides. */
bool hists_group__row_hidden(const struct hists_group *g, size_t row,
			     const struct hists_fmt *fmt);

/* Whether --percent-limit hides @e of @h (NULL: an entry @h does not have, at 0%). */
bool hists__entry_hidden(const struct hists *h, const struct hist_entry *e,
			 const struct hists_fmt *fmt);

/*
 * The two column title lines ("# Overhead  Command ..." and its rule of
 * dots), without newlines, each into a buffer of @size bytes.  @w from
 * hists_group__key_widths().
 */
void hists_group__format_header(const struct hists_group *g, const struct hists_fmt *fmt,
				const int *w, char *title, char *rule, size_t size);
void hists__format_header(const struct hists *h, const struct hists_fmt *fmt, const int *w,
			  char *title, char *rule, size_t size);

/* One row's line, without its newline. Returns the length written. */
int hists_group__format_row(const struct hists_group *g, size_t row, const struct hists_fmt *fmt,
			    const int *w, char *buf, size_t size);
int hists__format_entry(const struct hists *h, const struct hist_entry *e,
			const struct hists_fmt *fmt, const int *w, char *buf, size_t size);

#endif /* __PERF_UI_STDIO_H */
