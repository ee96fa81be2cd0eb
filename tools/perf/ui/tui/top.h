/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_UI_TUI_TOP_H
#define __PERF_UI_TUI_TOP_H

#include <stdbool.h>
#include <stddef.h>

struct top_snapshot;

/*
 * The perf top browser: the headline, the column titles and a scrolling
 * table with a selected row, drawn with slang on a screen set up by newt.
 * The caller owns @snap and @headline and sets them before each draw.
 */
struct top_browser {
	const struct top_snapshot *snap;
	const char *headline;
	const char *notice;	/* shown in the status line until a key is pressed */
	size_t selected;	/* row index in @snap */
	size_t first;		/* first row on the screen */
	bool help;		/* the key help replaces the table */
	bool active;
};

/* Takes over the terminal. Returns 0 or -errno (-ENOTTY: no usable terminal). */
int top_browser__init(struct top_browser *b);

/* Gives the terminal back as it was; safe to call twice. */
void top_browser__exit(struct top_browser *b);

/* The descriptor that becomes readable on a key press, for poll(). */
int top_browser__input_fd(void);

/* Redraws the screen, adapting first to a size change. */
void top_browser__draw(struct top_browser *b);

/* Handles the keys waiting; returns true when the user asked to quit (q, Q, ^C). */
bool top_browser__handle_keys(struct top_browser *b);

#endif /* __PERF_UI_TUI_TOP_H */
