/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_UI_TUI_TOP_H
#define __PERF_UI_TUI_TOP_H

#include <stdbool.h>
#include <stddef.h>
#include "ui/tui/browser.h"
#include "ui/tui/hists.h"
#include "util/hist-group.h"

struct top_snapshot;

/*
 * The perf top browser: a line browser (ui/tui/browser.h) whose rows are
 * a top_snapshot formatted as perf top --stdio prints it; or, with call
 * chains, report's browser lines (ui/tui/hists.h), that fold and unfold
 * as there, and stay so from one snapshot to the next.
 * The caller owns @snap and @headline and sets them before each draw;
 * @notice is shown by the next draw, until a key is pressed.
 */
struct top_browser {
	const struct top_snapshot *snap;
	const char *headline;
	const char *notice;
	struct line_browser lb;
	char **rows;		/* @snap formatted by the last draw */
	size_t nr_rows;
	char title[1024];
	char rule[1024];
	struct hists_group group;	/* with chains: the snapshot's rows ... */
	struct hists_browser *hb;	/* ... as report's browser shows them */
	struct hists_folding folding;	/* what was unfolded before this snapshot */
};

/* Takes over the terminal. Returns 0 or -errno (-ENOTTY: no usable terminal). */
int top_browser__init(struct top_browser *b);

/* Gives the terminal back as it was and frees the rows; safe to call twice. */
void top_browser__exit(struct top_browser *b);

/* The descriptor that becomes readable on a key press, for poll(). */
int top_browser__input_fd(void);

/*
 * Before the snapshot changes: remembers the folding of its chains and
 * lets go of the snapshot's rows.  Draw again before the next key.
 */
void top_browser__save(struct top_browser *b);

/* Formats @snap into rows and redraws the screen. */
void top_browser__draw(struct top_browser *b);

/* Handles the keys waiting; returns true when the user asked to quit (q, Q, ^C). */
bool top_browser__handle_keys(struct top_browser *b);

#endif /* __PERF_UI_TUI_TOP_H */
