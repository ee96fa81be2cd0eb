// SPDX-License-Identifier: GPL-2.0
#include "ui/stdio-top.h"
#include "util/top.h"

#define LINE_MAX_LEN	1024
#define RULE_WIDTH	79

void top_snapshot__fprintf(const struct top_snapshot *snap, const char *headline, size_t max_rows,
			   bool clear, FILE *fp)
{
	char title[LINE_MAX_LEN], rule[LINE_MAX_LEN], row[LINE_MAX_LEN];
	int w = top_snapshot__sym_width(snap, max_rows), i;
	size_t r;

	if (clear)
		fputs("\033[H\033[2J", fp);
	fprintf(fp, "%s\n", headline);
	for (i = 0; i < RULE_WIDTH; i++)
		fputc('-', fp);
	fputs("\n\n", fp);
	top__format_header(w, title, rule, sizeof(title));
	fprintf(fp, "%s\n%s\n\n", title, rule);
	for (r = 0; r < snap->nr && (!max_rows || r < max_rows); r++) {
		top_snapshot__format_row(snap, r, w, row, sizeof(row));
		fprintf(fp, "%s\n", row);
	}
	fputc('\n', fp);
	fflush(fp);
}
