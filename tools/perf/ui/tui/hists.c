// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "ui/stdio.h"
#include "ui/tui/browser.h"
#include "ui/tui/hists.h"
#include "util/hist.h"
#include "util/hist-group.h"

/* The stdio lines start with "# " or "  ": the browser has no use for it. */
#define MARGIN	2

static const char *skip_margin(const char *line)
{
	return strlen(line) >= MARGIN ? line + MARGIN : line;
}

struct hists_rows {
	char **rows;
	size_t nr;
};

static void hists_rows__exit(struct hists_rows *r)
{
	size_t i;

	for (i = 0; i < r->nr; i++)
		free(r->rows[i]);
	free(r->rows);
}

/* The shown rows of @g, formatted as hists_group__fprintf() does. */
static int hists_rows__init(struct hists_rows *r, const struct hists_group *g,
			    const struct hists_fmt *fmt, const int *w, char *line)
{
	size_t i;

	r->nr = 0;
	r->rows = calloc(g->nr_rows ? g->nr_rows : 1, sizeof(*r->rows));
	if (!r->rows)
		return -ENOMEM;
	for (i = 0; i < g->nr_rows; i++) {
		if (hists_group__row_hidden(g, i, fmt))
			continue;
		if (fmt->max_rows && r->nr == (size_t)fmt->max_rows)
			break;
		hists_group__format_row(g, i, fmt, w, line, HISTS_LINE_MAX);
		r->rows[r->nr] = strdup(skip_margin(line));
		if (!r->rows[r->nr])
			return -ENOMEM;
		r->nr++;
	}
	return 0;
}

int hists__tui_browse(const struct hists_group *g, const struct hists_fmt *fmt,
		      const char *headline)
{
	struct line_browser b = { .headline = headline };
	struct hists_rows r = { NULL, 0 };
	char *title = malloc(HISTS_LINE_MAX), *rule = malloc(HISTS_LINE_MAX);
	int w[HISTS_MAX_KEYS], err = -ENOMEM;

	if (!title || !rule)
		goto out;
	hists_group__key_widths(g, w);
	/* @rule is scratch space for the rows until the header goes in. */
	err = hists_rows__init(&r, g, fmt, w, rule);
	if (err)
		goto out;
	hists_group__format_header(g, fmt, w, title, rule, HISTS_LINE_MAX);
	b.title = skip_margin(title);
	b.rule = skip_margin(rule);
	b.rows = (const char * const *)r.rows;
	b.nr_rows = r.nr;
	err = line_browser__init(&b);
	if (err)
		goto out;
	err = line_browser__run(&b);
	line_browser__exit(&b);
out:
	hists_rows__exit(&r);
	free(title);
	free(rule);
	return err;
}
