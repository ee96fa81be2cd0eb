// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "ui/stdio.h"
#include "util/hist.h"
#include "util/sort.h"

#define COL_BUF	SORT_KEY_MAX

_Static_assert(HISTS_LINE_MAX >= HISTS_MAX_KEYS * (COL_BUF + 2) + 256,
	       "a line holds every key whole");

static double pct(uint64_t part, uint64_t total)
{
	return total ? 100.0 * part / total : 0.0;
}

bool hists__entry_hidden(const struct hists *h, const struct hist_entry *e,
			 const struct hists_fmt *fmt)
{
	return fmt->percent_limit > 0 && pct(e->period, h->total_period) < fmt->percent_limit;
}

/* Width of each sort-key column: its title or its widest value, whichever is wider. */
void hists__key_widths(const struct hists *h, const struct hists_fmt *fmt, int *w)
{
	char buf[COL_BUF];
	size_t i;
	int k;

	for (k = 0; k < h->nr_keys; k++)
		w[k] = strlen(h->keys[k]->header);
	for (i = 0; i < h->nr; i++) {
		if (hists__entry_hidden(h, &h->entries[i], fmt))
			continue;
		for (k = 0; k < h->nr_keys; k++) {
			const struct sort_key *key = h->keys[k];
			int n = key->width ? key->width(&h->entries[i]) :
					     key->snprintf(&h->entries[i], buf, sizeof(buf));

			if (n > w[k])
				w[k] = n < COL_BUF ? n : COL_BUF - 1;
		}
	}
}

/* A line being formatted into a caller's buffer; what does not fit is cut off. */
struct line {
	char *buf;
	size_t size, len;
};

static void __attribute__((format(printf, 2, 3))) line__add(struct line *l, const char *f, ...)
{
	va_list ap;
	int n;

	if (l->len + 1 >= l->size)
		return;
	va_start(ap, f);
	n = vsnprintf(l->buf + l->len, l->size - l->len, f, ap);
	va_end(ap);
	if (n > 0)
		l->len = (size_t)n < l->size - l->len ? l->len + n : l->size - 1;
}

/* Two blanks, then @s (@n bytes) padded to @width: "  %-*s" without vsnprintf. */
static void line__column(struct line *l, const char *s, size_t n, int width)
{
	size_t room, pad = (size_t)width > n ? width - n : 0;

	if (l->len + 1 >= l->size)
		return;
	room = l->size - 1 - l->len;
	if (room > 2 + n + pad) {
		memcpy(l->buf + l->len, "  ", 2);
		memcpy(l->buf + l->len + 2, s, n);
		memset(l->buf + l->len + 2 + n, ' ', pad);
		l->len += 2 + n + pad;
		l->buf[l->len] = '\0';
		return;
	}
	line__add(l, "  %-*.*s", width, (int)n, s);
}

static void line__dots(struct line *l, int n)
{
	while (n-- > 0 && l->len + 1 < l->size) {
		l->buf[l->len++] = '.';
		l->buf[l->len] = '\0';
	}
}

void hists__format_header(const struct hists *h, const struct hists_fmt *fmt, const int *w,
			  char *title, char *rule, size_t size)
{
	struct line t = { title, size, 0 }, r = { rule, size, 0 };
	int k;

	if (!size)
		return;
	title[0] = rule[0] = '\0';
	line__add(&t, "# Overhead");
	line__add(&r, "# ........");
	if (fmt->show_cpu_util) {
		line__add(&t, "  %8s  %8s", "sys", "usr");
		line__add(&r, "  ........  ........");
		if (fmt->show_guest_util) {
			line__add(&t, "  %9s  %9s", "guest sys", "guest usr");
			line__add(&r, "  .........  .........");
		}
	}
	if (fmt->show_nr_samples) {
		line__add(&t, "  %12s", "Samples");
		line__add(&r, "  ............");
	}
	for (k = 0; k < h->nr_keys; k++) {
		line__add(&t, "  %-*s", w[k], h->keys[k]->header);
		line__add(&r, "  ");
		line__dots(&r, w[k]);
	}
}

int hists__format_entry(const struct hists *h, const struct hist_entry *e,
			const struct hists_fmt *fmt, const int *w, char *buf, size_t size)
{
	struct line l = { buf, size, 0 };
	uint64_t t = h->total_period;
	char key[COL_BUF];
	int k;

	if (!size)
		return 0;
	buf[0] = '\0';
	line__add(&l, "  %7.2f%%", pct(e->period, t));
	if (fmt->show_cpu_util) {
		line__add(&l, "  %7.2f%%  %7.2f%%", pct(e->period_sys, t), pct(e->period_us, t));
		if (fmt->show_guest_util)
			line__add(&l, "  %8.2f%%  %8.2f%%", pct(e->period_guest_sys, t),
				  pct(e->period_guest_us, t));
	}
	if (fmt->show_nr_samples)
		line__add(&l, "  %12llu", (unsigned long long)e->nr_samples);
	for (k = 0; k < h->nr_keys; k++) {
		int n = h->keys[k]->snprintf(e, key, sizeof(key));

		if (n < 0)
			n = 0;
		else if (n >= COL_BUF)
			n = COL_BUF - 1;
		if (h->keys[k]->width && n > w[k])
			n = w[k];
		/* As perf does: the last column is not padded, so lines carry no trailing blanks. */
		line__column(&l, key, n, k == h->nr_keys - 1 ? 0 : w[k]);
	}
	return l.len;
}

void hists__fprintf(const struct hists *h, const struct hists_fmt *fmt, FILE *fp)
{
	int w[HISTS_MAX_KEYS], rows = 0;
	size_t i;
	char *line = malloc(HISTS_LINE_MAX), *rule = malloc(HISTS_LINE_MAX);

	if (!line || !rule) {
		free(line);
		free(rule);
		return;
	}
	hists__key_widths(h, fmt, w);
	hists__format_header(h, fmt, w, line, rule, HISTS_LINE_MAX);
	fprintf(fp, "%s\n%s\n#\n", line, rule);
	for (i = 0; i < h->nr; i++) {
		if (hists__entry_hidden(h, &h->entries[i], fmt))
			continue;
		if (fmt->max_rows && rows++ == fmt->max_rows)
			break;
		hists__format_entry(h, &h->entries[i], fmt, w, line, HISTS_LINE_MAX);
		fprintf(fp, "%s\n", line);
	}
	fputc('\n', fp);
	free(line);
	free(rule);
}
