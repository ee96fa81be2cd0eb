/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_UI_TUI_HISTS_H
#define __PERF_UI_TUI_HISTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hists_browser;
struct hists_group;
struct hists_fmt;
struct line_browser;

/*
 * Browses the rows of @g in a line browser until the user quits:
 * @headline on top, then the columns and rows exactly as
 * hists_group__fprintf() prints them, less the two-character margin that
 * holds the '#' of the stdio header.  Returns 0 or -errno (-ENOTTY: no
 * usable terminal, nothing was drawn).
 */
int hists__tui_browse(const struct hists_group *g, const struct hists_fmt *fmt,
		      const char *headline);

/*
 * What is unfolded and which line is selected, by what they show (rows
 * by their keys, branches by their frames), so that another sort's
 * browser can show the same.
 */
struct hists_folding {
	uint64_t *ids;		/* sorted */
	size_t nr;
	uint64_t selected;
	bool has_selected;
};

/*
 * The browser's lines for the rows of @g and their foldable chains, in
 * the line browser @lb (NULL: one of its own), which the caller draws and
 * feeds keys; the folding and selection of @keep (NULL: all folded) are
 * carried over.  @g and its trees must outlive it.  Returns
 * 0 or -errno.
 */
int hists_browser__new(struct hists_browser **hbp, const struct hists_group *g,
		       const struct hists_fmt *fmt, struct line_browser *lb,
		       const struct hists_folding *keep);

/* Frees @hb, leaving its line browser (if the caller's) with nothing to show. */
void hists_browser__delete(struct hists_browser *hb);

/* Fills @f (free with hists_folding__exit()). Returns 0 or -ENOMEM. */
int hists_browser__folding(const struct hists_browser *hb, struct hists_folding *f);

/* Frees what hists_browser__folding() filled in. */
void hists_folding__exit(struct hists_folding *f);

#endif /* __PERF_UI_TUI_HISTS_H */
