// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ui/tui/top.h"
#include "util/top.h"

int top_browser__init(struct top_browser *b)
{
	return line_browser__init(&b->lb);
}

static void top_browser__free_rows(struct top_browser *b)
{
	size_t i;

	for (i = 0; i < b->nr_rows; i++)
		free(b->rows[i]);
	free(b->rows);
	b->rows = NULL;
	b->nr_rows = 0;
}

void top_browser__exit(struct top_browser *b)
{
	line_browser__exit(&b->lb);
	b->lb.rows = NULL;
	b->lb.nr_rows = 0;
	top_browser__free_rows(b);
}

int top_browser__input_fd(void)
{
	return line_browser__input_fd();
}

/* Formats every row of @snap; on a failed allocation the table is cut short. */
static void top_browser__format(struct top_browser *b)
{
	const struct top_snapshot *snap = b->snap;
	int w = snap ? top_snapshot__sym_width(snap, 0) : 8;
	char line[1024];
	size_t i;

	top_browser__free_rows(b);
	top__format_header(w, b->title, b->rule, sizeof(b->title));
	if (snap && snap->nr)
		b->rows = calloc(snap->nr, sizeof(*b->rows));
	for (i = 0; b->rows && i < snap->nr; i++) {
		top_snapshot__format_row(snap, i, w, line, sizeof(line));
		b->rows[i] = strdup(line);
		if (!b->rows[i])
			break;
		b->nr_rows++;
	}
}

void top_browser__draw(struct top_browser *b)
{
	if (!b->lb.active)
		return;
	top_browser__format(b);
	b->lb.headline = b->headline;
	b->lb.title = b->title;
	b->lb.rule = b->rule;
	b->lb.rows = (const char * const *)b->rows;
	b->lb.nr_rows = b->nr_rows;
	if (b->notice) {
		/* Shown once: the line browser drops it at the next key. */
		b->lb.notice = b->notice;
		b->notice = NULL;
	}
	line_browser__draw(&b->lb);
}

bool top_browser__handle_keys(struct top_browser *b)
{
	return line_browser__handle_keys(&b->lb);
}
