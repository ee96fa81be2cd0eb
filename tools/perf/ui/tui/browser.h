/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_UI_TUI_BROWSER_H
#define __PERF_UI_TUI_BROWSER_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A full-screen browser over lines of text, drawn with slang on a screen
 * set up by newt: a headline, two column-title lines (title and rule),
 * a scrolling table of rows with a selected row, and a status line.
 * The caller owns every string and keeps them alive while they are shown.
 */
struct line_browser {
	const char *headline;
	const char *title;		/* column titles, or NULL */
	const char *rule;		/* the line under the titles, or NULL */
	const char * const *rows;
	size_t nr_rows;
	const char *notice;	/* shown in the status line until a key is pressed */
	size_t selected;	/* row index in @rows */
	size_t first;		/* first row on the screen */
	bool help;		/* the key help replaces the table */
	bool active;
	/* The caller's keys, tried before ours (LINE_BROWSER_KEY_*). NULL: none. */
	int (*key)(struct line_browser *b, int key);
	void *key_arg;			/* for @key */
	const char * const *key_help;	/* their help lines, NULL-terminated, or NULL */
};

enum {
	LINE_BROWSER_KEY_NONE,		/* not the caller's key: ours then */
	LINE_BROWSER_KEY_DONE,		/* handled */
	LINE_BROWSER_KEY_QUIT,		/* handled, and the browser ends */
};

/* Takes over the terminal. Returns 0 or -errno (-ENOTTY: no usable terminal). */
int line_browser__init(struct line_browser *b);

/* Gives the terminal back as it was; safe to call twice. */
void line_browser__exit(struct line_browser *b);

/* The descriptor that becomes readable on a key press, for poll(). */
int line_browser__input_fd(void);

/* Redraws the screen, adapting first to a size change. */
void line_browser__draw(struct line_browser *b);

/* Handles the keys waiting; returns true when the user asked to quit (q, Q, ^C). */
bool line_browser__handle_keys(struct line_browser *b);

/* Draws and waits for keys until the user quits. Returns 0 or -errno. */
int line_browser__run(struct line_browser *b);

#endif /* __PERF_UI_TUI_BROWSER_H */
