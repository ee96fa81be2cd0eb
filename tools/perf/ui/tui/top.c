// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ui/stdio.h"
#include "ui/tui/top.h"
#include "util/hist-chain.h"
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

void top_browser__save(struct top_browser *b)
{
	if (!b->hb)
		return;
	hists_folding__exit(&b->folding);
	/* Without memory for it the folding is lost, not the browser. */
	if (hists_browser__folding(b->hb, &b->folding))
		hists_folding__exit(&b->folding);
	hists_browser__delete(b->hb);
	b->hb = NULL;
	hists_group__exit(&b->group);
}

void top_browser__exit(struct top_browser *b)
{
	top_browser__save(b);
	hists_folding__exit(&b->folding);
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
	if (snap)
		top_snapshot__format_header(snap, w, b->title, b->rule, sizeof(b->title));
	else
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

/* The snapshot's rows and trees in report's browser lines. Returns 0 or -ENOMEM. */
static int top_browser__chains(struct top_browser *b)
{
	struct hists *view = (struct hists *)&b->snap->view;
	struct hists_fmt fmt = { 0 };
	int err;

	top_browser__save(b);
	err = hists_group__build(&b->group, &view, 1);
	if (err)
		return err;
	err = hists_browser__new(&b->hb, &b->group, &fmt, &b->lb, &b->folding);
	if (err)
		hists_group__exit(&b->group);
	return err;
}

void top_browser__draw(struct top_browser *b)
{
	if (!b->lb.active)
		return;
	if (b->snap && b->snap->view.chains) {
		/* Out of memory: an empty table says so better than a stale one. */
		if (top_browser__chains(b))
			b->lb.notice = "out of memory for the call chains";
		b->lb.headline = b->headline;
		line_browser__draw(&b->lb);
		return;
	}
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
