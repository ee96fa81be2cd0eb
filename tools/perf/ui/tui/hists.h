/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_UI_TUI_HISTS_H
#define __PERF_UI_TUI_HISTS_H

struct hists_group;
struct hists_fmt;

/*
 * Browses the rows of @g in a line browser until the user quits:
 * @headline on top, then the columns and rows exactly as
 * hists_group__fprintf() prints them, less the two-character margin that
 * holds the '#' of the stdio header.  Returns 0 or -errno (-ENOTTY: no
 * usable terminal, nothing was drawn).
 */
int hists__tui_browse(const struct hists_group *g, const struct hists_fmt *fmt,
		      const char *headline);

#endif /* __PERF_UI_TUI_HISTS_H */
