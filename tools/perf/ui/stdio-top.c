// SPDX-License-Identifier: GPL-2.0
#include "ui/stdio.h"
#include "ui/stdio-top.h"
#include "util/hist-group.h"
#include "util/top.h"

#define LINE_MAX_LEN	1024
#define RULE_WIDTH	79

static void headline__fprintf(const char *headline, bool clear, FILE *fp)
{
	int i;

	if (clear)
		fputs("\033[H\033[2J", fp);
	fprintf(fp, "%s\n", headline);
	for (i = 0; i < RULE_WIDTH; i++)
		fputc('-', fp);
	fputs("\n\n", fp);
}

int top_snapshot__fprintf_chains(const struct top_snapshot *snap, const char *headline,
				 size_t max_rows, bool clear, FILE *fp)
{
	struct hists *view = (struct hists *)&snap->view;
	struct hists_fmt fmt = { .max_rows = max_rows };
	struct hists_group g;
	int err = hists_group__build(&g, &view, 1);

	if (err)
		return err;
	headline__fprintf(headline, clear, fp);
	hists_group__fprintf(&g, &fmt, fp);
	hists_group__exit(&g);
	fflush(fp);
	return 0;
}

void top_snapshot__fprintf(const struct top_snapshot *snap, const char *headline, size_t max_rows,
			   bool clear, FILE *fp)
{
	char title[LINE_MAX_LEN], rule[LINE_MAX_LEN], row[LINE_MAX_LEN];
	int w = top_snapshot__sym_width(snap, max_rows);
	size_t r;

	headline__fprintf(headline, clear, fp);
	top_snapshot__format_header(snap, w, title, rule, sizeof(title));
	fprintf(fp, "%s\n%s\n\n", title, rule);
	for (r = 0; r < snap->nr && (!max_rows || r < max_rows); r++) {
		top_snapshot__format_row(snap, r, w, row, sizeof(row));
		fprintf(fp, "%s\n", row);
	}
	fputc('\n', fp);
	fflush(fp);
}
