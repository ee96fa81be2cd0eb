// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include "ui/stdio.h"
#include "util/hist.h"
#include "util/sort.h"

#define COL_BUF	512

static double pct(uint64_t part, uint64_t total)
{
	return total ? 100.0 * part / total : 0.0;
}

static bool entry__hidden(const struct hists *h, const struct hist_entry *e,
			  const struct hists_fmt *fmt)
{
	return fmt->percent_limit > 0 && pct(e->period, h->total_period) < fmt->percent_limit;
}

/* Width of each sort-key column: its title or its widest value, whichever is wider. */
static void key_widths(const struct hists *h, const struct hists_fmt *fmt, int *w)
{
	char buf[COL_BUF];
	size_t i;
	int k;

	for (k = 0; k < h->nr_keys; k++)
		w[k] = strlen(h->keys[k]->header);
	for (i = 0; i < h->nr; i++) {
		if (entry__hidden(h, &h->entries[i], fmt))
			continue;
		for (k = 0; k < h->nr_keys; k++) {
			int n = h->keys[k]->snprintf(&h->entries[i], buf, sizeof(buf));

			if (n > w[k])
				w[k] = n < COL_BUF ? n : COL_BUF - 1;
		}
	}
}

static void dots(FILE *fp, int n)
{
	while (n-- > 0)
		fputc('.', fp);
}

static void print_header(const struct hists *h, const struct hists_fmt *fmt, const int *w,
			 FILE *fp)
{
	int k;

	fprintf(fp, "# Overhead");
	if (fmt->show_cpu_util) {
		fprintf(fp, "  %8s  %8s", "sys", "usr");
		if (fmt->show_guest_util)
			fprintf(fp, "  %9s  %9s", "guest sys", "guest usr");
	}
	if (fmt->show_nr_samples)
		fprintf(fp, "  %12s", "Samples");
	for (k = 0; k < h->nr_keys; k++)
		fprintf(fp, "  %-*s", w[k], h->keys[k]->header);
	fprintf(fp, "\n# ........");
	if (fmt->show_cpu_util) {
		fprintf(fp, "  ........  ........");
		if (fmt->show_guest_util)
			fprintf(fp, "  .........  .........");
	}
	if (fmt->show_nr_samples)
		fprintf(fp, "  ............");
	for (k = 0; k < h->nr_keys; k++) {
		fprintf(fp, "  ");
		dots(fp, w[k]);
	}
	fprintf(fp, "\n#\n");
}

static void print_entry(const struct hists *h, const struct hist_entry *e,
			const struct hists_fmt *fmt, const int *w, FILE *fp)
{
	uint64_t t = h->total_period;
	char buf[COL_BUF];
	int k;

	fprintf(fp, "  %7.2f%%", pct(e->period, t));
	if (fmt->show_cpu_util) {
		fprintf(fp, "  %7.2f%%  %7.2f%%", pct(e->period_sys, t), pct(e->period_us, t));
		if (fmt->show_guest_util)
			fprintf(fp, "  %8.2f%%  %8.2f%%", pct(e->period_guest_sys, t),
				pct(e->period_guest_us, t));
	}
	if (fmt->show_nr_samples)
		fprintf(fp, "  %12llu", (unsigned long long)e->nr_samples);
	for (k = 0; k < h->nr_keys; k++) {
		h->keys[k]->snprintf(e, buf, sizeof(buf));
		fprintf(fp, "  %-*s", w[k], buf);
	}
	fputc('\n', fp);
}

void hists__fprintf(const struct hists *h, const struct hists_fmt *fmt, FILE *fp)
{
	int w[HISTS_MAX_KEYS], rows = 0;
	size_t i;

	key_widths(h, fmt, w);
	print_header(h, fmt, w, fp);
	for (i = 0; i < h->nr; i++) {
		if (entry__hidden(h, &h->entries[i], fmt))
			continue;
		if (fmt->max_rows && rows++ == fmt->max_rows)
			break;
		print_entry(h, &h->entries[i], fmt, w, fp);
	}
	fputc('\n', fp);
}
