// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "ui/stdio.h"
#include "ui/stdio-callchain.h"
#include "util/hist.h"
#include "util/hist-chain.h"
#include "util/hist-group.h"
#include "util/sort.h"

#define COL_BUF	SORT_KEY_MAX

_Static_assert(HISTS_LINE_MAX >= HISTS_MAX_KEYS * (COL_BUF + 2) + 256,
	       "a line holds every key whole");

static double pct(uint64_t part, uint64_t total)
{
	return total ? 100.0 * part / total : 0.0;
}

/* Whether @h has a Children column, which then orders and limits its rows. */
static bool hists__children(const struct hists *h)
{
	return h->chains && h->chains->children;
}

bool hists__entry_hidden(const struct hists *h, const struct hist_entry *e,
			 const struct hists_fmt *fmt)
{
	uint64_t v = !e ? 0 : hists__children(h) ? e->period_acc : e->period;

	return fmt->percent_limit > 0 && pct(v, h->total_period) < fmt->percent_limit;
}

bool hists_group__row_hidden(const struct hists_group *g, size_t row, const struct hists_fmt *fmt)
{
	/* The leader's share decides, as in perf: a row only members have is at 0%. */
	return hists__entry_hidden(g->members[0], hists_group__cell(g, row, 0), fmt);
}

static void key_widths_init(const struct hists *h, int *w)
{
	int k;

	for (k = 0; k < h->nr_keys; k++)
		w[k] = strlen(h->keys[k]->header);
}

/* perf's DSO column is at least this wide once a row has no symbol: a 64-bit address's digits. */
#define UNRESOLVED_DSO_WIDTH	16

static void key_widths_add(const struct hists *h, const struct hist_entry *e, int *w)
{
	char buf[COL_BUF];
	int k;

	for (k = 0; k < h->nr_keys; k++) {
		const struct sort_key *key = h->keys[k];
		int n = key->width ? key->width(e) : key->snprintf(e, buf, sizeof(buf));

		if (e->no_sym && (key->fields & SORT_FIELD_DSO) && n < UNRESOLVED_DSO_WIDTH)
			n = UNRESOLVED_DSO_WIDTH;
		if (n > w[k])
			w[k] = n < COL_BUF ? n : COL_BUF - 1;
	}
}

void hists__key_widths(const struct hists *h, int *w)
{
	size_t i;

	key_widths_init(h, w);
	for (i = 0; i < hists__nr_rows(h); i++)
		key_widths_add(h, hists__row(h, i), w);
}

void hists_group__key_widths(const struct hists_group *g, int *w)
{
	size_t r;

	key_widths_init(g->members[0], w);
	for (r = 0; r < g->nr_rows; r++)
		key_widths_add(g->members[0], hists_group__key_entry(g, r), w);
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

/* A column title over @n members' values, each @width wide, right-aligned as perf does. */
static void line__title(struct line *t, struct line *r, const char *title, int n, int width)
{
	line__add(t, "  %*s", n * width, title);
	line__add(r, "  ");
	line__dots(r, n * width);
}

static void format_header(struct hists * const *members, int n, const struct hists_fmt *fmt,
			  const int *w, char *title, char *rule, size_t size)
{
	struct line t = { title, size, 0 }, r = { rule, size, 0 };
	const struct hists *h = members[0];
	int k;

	if (!size)
		return;
	title[0] = rule[0] = '\0';
	line__add(&t, "# %*s", n * 8, hists__children(h) ? "Children" : "Overhead");
	line__add(&r, "# ");
	line__dots(&r, n * 8);
	if (hists__children(h))
		line__title(&t, &r, "Self", n, 8);
	if (fmt->show_cpu_util) {
		line__title(&t, &r, "sys", n, 8);
		line__title(&t, &r, "usr", n, 8);
		if (fmt->show_guest_util) {
			line__title(&t, &r, "guest sys", n, 9);
			line__title(&t, &r, "guest usr", n, 9);
		}
	}
	if (fmt->show_nr_samples)
		line__title(&t, &r, "Samples", n, 12);
	for (k = 0; k < h->nr_keys; k++) {
		line__add(&t, "  %-*s", w[k], h->keys[k]->header);
		line__add(&r, "  ");
		line__dots(&r, w[k]);
	}
}

void hists__format_header(const struct hists *h, const struct hists_fmt *fmt, const int *w,
			  char *title, char *rule, size_t size)
{
	struct hists *one = (struct hists *)h;

	format_header(&one, 1, fmt, w, title, rule, size);
}

void hists_group__format_header(const struct hists_group *g, const struct hists_fmt *fmt,
				const int *w, char *title, char *rule, size_t size)
{
	format_header(g->members, g->nr_members, fmt, w, title, rule, size);
}

typedef uint64_t (*entry_field)(const struct hist_entry *e);

static uint64_t field_period(const struct hist_entry *e)
{
	return e->period;
}

static uint64_t field_acc(const struct hist_entry *e)
{
	return e->period_acc;
}

static uint64_t field_sys(const struct hist_entry *e)
{
	return e->period_sys;
}

static uint64_t field_us(const struct hist_entry *e)
{
	return e->period_us;
}

static uint64_t field_guest_sys(const struct hist_entry *e)
{
	return e->period_guest_sys;
}

static uint64_t field_guest_us(const struct hist_entry *e)
{
	return e->period_guest_us;
}

/*
 * "%*.2f%%" of @v, without printf's slow exact path: @v * 100 rounds as
 * @v's decimal digits do but within a hair of a tie (or out of range),
 * which is left to printf.
 */
static void line__pct(struct line *l, int width, double v)
{
	double x = v * 100.0, f;
	unsigned long long n, q;
	char d[32];
	int len, pad, i;

	if (!(x >= 0 && x < 1e15) || l->len + 40 >= l->size)
		goto slow;
	f = x - (double)(unsigned long long)x;
	if (f > 0.5 - 1e-6 && f < 0.5 + 1e-6)
		goto slow;
	n = (unsigned long long)(x + 0.5);
	len = 0;
	for (q = n / 100; q || !len; q /= 10)
		d[len++] = '0' + q % 10;
	for (i = 0; i < len / 2; i++) {
		char t = d[i];

		d[i] = d[len - 1 - i];
		d[len - 1 - i] = t;
	}
	d[len++] = '.';
	d[len++] = '0' + n % 100 / 10;
	d[len++] = '0' + n % 10;
	d[len++] = '%';
	pad = width + 1 > len ? width + 1 - len : 0;
	if (l->len + pad + len + 1 >= l->size)
		goto slow;
	memset(l->buf + l->len, ' ', pad);
	memcpy(l->buf + l->len + pad, d, len);
	l->len += pad + len;
	l->buf[l->len] = '\0';
	return;
slow:
	line__add(l, "%*.2f%%", width, v);
}

/* Each member's share of its own total, side by side, no blank between them, as perf has it. */
static void line__shares(struct line *l, struct hists * const *members, int n,
			 const struct hist_entry * const *cells, entry_field field, int width)
{
	int m;

	line__add(l, "  ");
	for (m = 0; m < n; m++)
		line__pct(l, width - 1, pct(cells[m] ? field(cells[m]) : 0, members[m]->total_period));
}

static int format_row(struct hists * const *members, int n, const struct hist_entry * const *cells,
		      const struct hists_fmt *fmt, const int *w, char *buf, size_t size)
{
	const struct hists *h = members[0];
	const struct hist_entry *e = NULL;
	struct line l = { buf, size, 0 };
	char key[COL_BUF];
	int k, m;

	if (!size)
		return 0;
	buf[0] = '\0';
	if (hists__children(h))
		line__shares(&l, members, n, cells, field_acc, 8);
	line__shares(&l, members, n, cells, field_period, 8);
	if (fmt->show_cpu_util) {
		line__shares(&l, members, n, cells, field_sys, 8);
		line__shares(&l, members, n, cells, field_us, 8);
		if (fmt->show_guest_util) {
			line__shares(&l, members, n, cells, field_guest_sys, 9);
			line__shares(&l, members, n, cells, field_guest_us, 9);
		}
	}
	if (fmt->show_nr_samples) {
		line__add(&l, "  ");
		for (m = 0; m < n; m++)
			line__add(&l, "%12llu",
				  (unsigned long long)(cells[m] ? cells[m]->nr_samples : 0));
	}
	for (m = 0; m < n && !e; m++)
		e = cells[m];
	for (k = 0; e && k < h->nr_keys; k++) {
		int len = h->keys[k]->snprintf(e, key, sizeof(key));

		if (len < 0)
			len = 0;
		else if (len >= COL_BUF)
			len = COL_BUF - 1;
		/* A key with a width of its own is cut to it, as perf cuts a long comm. */
		if (h->keys[k]->width && len > w[k])
			len = w[k];
		line__column(&l, key, len,
			     k == h->nr_keys - 1 && h->keys[k]->ragged_last ? 0 : w[k]);
	}
	return l.len;
}

int hists__format_entry(const struct hists *h, const struct hist_entry *e,
			const struct hists_fmt *fmt, const int *w, char *buf, size_t size)
{
	struct hists *one = (struct hists *)h;

	return format_row(&one, 1, &e, fmt, w, buf, size);
}

int hists_group__format_row(const struct hists_group *g, size_t row, const struct hists_fmt *fmt,
			    const int *w, char *buf, size_t size)
{
	return format_row(g->members, g->nr_members, &g->cells[row * g->nr_members], fmt, w,
			  buf, size);
}

void hists_group__fprintf(const struct hists_group *g, const struct hists_fmt *fmt, FILE *fp)
{
	int w[HISTS_MAX_KEYS], rows = 0;
	size_t r;
	char *line = malloc(HISTS_LINE_MAX), *rule = malloc(HISTS_LINE_MAX);

	if (!line || !rule) {
		free(line);
		free(rule);
		return;
	}
	hists_group__key_widths(g, w);
	hists_group__format_header(g, fmt, w, line, rule, HISTS_LINE_MAX);
	fprintf(fp, "%s\n%s\n#\n", line, rule);
	for (r = 0; r < g->nr_rows; r++) {
		if (hists_group__row_hidden(g, r, fmt))
			continue;
		if (fmt->max_rows && rows++ == fmt->max_rows)
			break;
		hists_group__format_row(g, r, fmt, w, line, HISTS_LINE_MAX);
		fprintf(fp, "%s\n", line);
		/* A group's members share rows but not trees: only one event's are shown. */
		if (g->nr_members == 1)
			hist_entry__fprintf_chains(fp, g->members[0], hists_group__cell(g, r, 0),
						   fmt->chain_skip_first);
	}
	fputc('\n', fp);
	free(line);
	free(rule);
}

int hists__fprintf(const struct hists *h, const struct hists_fmt *fmt, FILE *fp)
{
	struct hists *one = (struct hists *)h;
	struct hists_group g;
	int err = hists_group__build(&g, &one, 1);

	if (err)
		return err;
	hists_group__fprintf(&g, fmt, fp);
	hists_group__exit(&g);
	return 0;
}
