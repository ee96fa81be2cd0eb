// SPDX-License-Identifier: GPL-2.0
/*
 * perf diff's rows: two profiles matched by their sort keys, ordered and
 * printed as Linux perf diff prints them (compute method delta-abs).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "hist-diff.h"
#include "hist.h"
#include "sort.h"
#include "symbol.h"

#define COL_BUF			SORT_KEY_MAX
#define BASELINE_WIDTH		8	/* "Baseline" */
#define DELTA_WIDTH		9	/* "Delta Abs" */
#define UNRESOLVED_DSO_WIDTH	16	/* perf widens the DSO column for raw addresses */

static double share(uint64_t period, uint64_t total)
{
	/* The same expression as perf's, so that equal shares compare equal. */
	return total ? period * 100.0 / total : 0.0;
}

/*
 * A sort key's order in perf diff, which is also how it matches rows:
 * symbols by name, resolved ones first, a DSO's unresolved addresses
 * all alike; every other key as report groups it.
 */
static int key_order(const struct sort_key *k, const struct hist_entry *a,
		     const struct hist_entry *b)
{
	const struct symbol *x = a->key.sym, *y = b->key.sym;

	if (strcmp(k->name, "sym"))
		return k->cmp(a, b);
	if (x && y)
		return strcmp(x->name, y->name);
	if (x || y)
		return x ? -1 : 1;
	return 0;
}

static int keys_order(const struct hists *h, const struct hist_entry *a,
		      const struct hist_entry *b)
{
	int i, r;

	for (i = 0; i < h->nr_keys; i++) {
		r = key_order(h->keys[i], a, b);
		if (r)
			return r;
	}
	return 0;
}

/* Key order; within a group the lowest address first, the one perf shows. */
static int group_cmp(const void *pa, const void *pb, void *h)
{
	const struct hist_entry *a = *(const struct hist_entry * const *)pa;
	const struct hist_entry *b = *(const struct hist_entry * const *)pb;
	int r = keys_order(h, a, b);

	if (r)
		return r;
	return (a->key.addr > b->key.addr) - (a->key.addr < b->key.addr);
}

/* A profile's entries merged by key_order(), in that order. */
struct diff_group {
	const struct hist_entry *rep;
	uint64_t period;
};

/* Groups the entries of @h (keys of @keys); sets *@out (malloc'd) and *@nr. Returns 0 or -ENOMEM. */
static int hists__group(const struct hists *keys, const struct hists *h,
			struct diff_group **out, size_t *nr)
{
	size_t nr_rows = hists__nr_rows(h);
	const struct hist_entry **v = calloc(nr_rows + 1, sizeof(*v));
	struct diff_group *g = calloc(nr_rows + 1, sizeof(*g));
	size_t i, n = 0;

	if (!v || !g) {
		free(v);
		free(g);
		return -ENOMEM;
	}
	for (i = 0; i < nr_rows; i++)
		v[i] = hists__row(h, i);
	qsort_r(v, nr_rows, sizeof(*v), group_cmp, (void *)keys);
	for (i = 0; i < nr_rows; i++) {
		if (!n || keys_order(keys, g[n - 1].rep, v[i]))
			g[n++].rep = v[i];
		g[n - 1].period += v[i]->period;
	}
	free(v);
	*out = g;
	*nr = n;
	return 0;
}

/* Rows with a new share first, by |delta|; then by baseline share; then by the keys. */
static int row_cmp(const void *pa, const void *pb, void *h)
{
	const struct diff_entry *a = pa, *b = pb;

	if (a->in_new != b->in_new)
		return a->in_new ? -1 : 1;
	if (a->in_new && fabs(a->delta) != fabs(b->delta))
		return fabs(a->delta) > fabs(b->delta) ? -1 : 1;
	if (a->old_period != b->old_period)
		return a->old_period > b->old_period ? -1 : 1;
	return keys_order(h, a->key, b->key);
}

static void diff__add(struct hists_diff *d, const struct diff_group *old,
		      const struct diff_group *new)
{
	struct diff_entry *r = &d->entries[d->nr++];

	r->key = old ? old->rep : new->rep;
	r->in_old = old;
	r->in_new = new;
	r->old_period = old ? old->period : 0;
	r->new_period = new ? new->period : 0;
	if (new)
		r->delta = share(r->new_period, d->new->total_period) -
			   share(r->old_period, d->old->total_period);
}

/* Both group lists are in key order: walk them side by side. */
static void diff__join(struct hists_diff *d, const struct diff_group *o, size_t nr_o,
		       const struct diff_group *n, size_t nr_n)
{
	size_t i = 0, j = 0;

	while (i < nr_o || j < nr_n) {
		int r = i == nr_o ? 1 : j == nr_n ? -1 : keys_order(d->old, o[i].rep, n[j].rep);

		if (r < 0)
			diff__add(d, &o[i++], NULL);
		else if (r > 0)
			diff__add(d, NULL, &n[j++]);
		else
			diff__add(d, &o[i++], &n[j++]);
	}
}

int hists_diff__compute(struct hists_diff *d, const struct hists *old, const struct hists *new)
{
	static const struct hists empty;
	struct diff_group *o = NULL, *n = NULL;
	size_t nr_o = 0, nr_n = 0;
	int err;

	memset(d, 0, sizeof(*d));
	d->old = old;
	d->new = new ? new : &empty;
	err = hists__group(old, old, &o, &nr_o);
	if (!err)
		err = hists__group(old, d->new, &n, &nr_n);
	if (!err) {
		d->entries = calloc(nr_o + nr_n + 1, sizeof(*d->entries));
		if (!d->entries)
			err = -ENOMEM;
	}
	if (!err) {
		diff__join(d, o, nr_o, n, nr_n);
		qsort_r(d->entries, d->nr, sizeof(*d->entries), row_cmp, (void *)old);
	}
	free(o);
	free(n);
	if (err)
		hists_diff__exit(d);
	return err;
}

/* Each key column as wide as its title or its widest value. */
static void key_widths(const struct hists_diff *d, int *w)
{
	const struct hists *h = d->old;
	int k, dso_col = -1, sym_col = -1;
	bool unresolved = false;
	char buf[COL_BUF];
	size_t i;

	for (k = 0; k < h->nr_keys; k++) {
		w[k] = strlen(h->keys[k]->header);
		if (!strcmp(h->keys[k]->name, "dso"))
			dso_col = k;
		if (!strcmp(h->keys[k]->name, "sym"))
			sym_col = k;
	}
	for (i = 0; i < d->nr; i++) {
		const struct hist_entry *e = d->entries[i].key;

		for (k = 0; k < h->nr_keys; k++) {
			int n = h->keys[k]->snprintf(e, buf, sizeof(buf));

			if (n > w[k])
				w[k] = n < COL_BUF ? n : COL_BUF - 1;
		}
		if (!e->key.sym)
			unresolved = true;
	}
	if (unresolved && sym_col >= 0 && dso_col >= 0 && w[dso_col] < UNRESOLVED_DSO_WIDTH)
		w[dso_col] = UNRESOLVED_DSO_WIDTH;
}

static void dots(FILE *fp, int n)
{
	while (n-- > 0)
		fputc('.', fp);
}

static void print_header(const struct hists *h, const int *w, FILE *fp)
{
	int k;

	fprintf(fp, "# %*s  %*s", BASELINE_WIDTH, "Baseline", DELTA_WIDTH, "Delta Abs");
	for (k = 0; k < h->nr_keys; k++)
		fprintf(fp, "  %-*s", w[k], h->keys[k]->header);
	fprintf(fp, "\n# ");
	dots(fp, BASELINE_WIDTH);
	fprintf(fp, "  ");
	dots(fp, DELTA_WIDTH);
	for (k = 0; k < h->nr_keys; k++) {
		fprintf(fp, "  ");
		dots(fp, w[k]);
	}
	fprintf(fp, "\n#\n");
}

/* The last column is not padded: perf trims each row's trailing blanks. */
static void print_row(const struct hists_diff *d, const struct diff_entry *r, const int *w,
		      FILE *fp)
{
	const struct hists *h = d->old;
	char base[32] = "", delta[32] = "", buf[COL_BUF];
	int k;

	if (r->in_old)
		snprintf(base, sizeof(base), "%6.2f%%", share(r->old_period, h->total_period));
	if (r->in_new)
		snprintf(delta, sizeof(delta), "%+4.2f%%", r->delta);
	fprintf(fp, "  %*s  %*s", BASELINE_WIDTH, base, DELTA_WIDTH, delta);
	for (k = 0; k < h->nr_keys; k++) {
		h->keys[k]->snprintf(r->key, buf, sizeof(buf));
		if (k == h->nr_keys - 1)
			fprintf(fp, "  %s", buf);
		else
			fprintf(fp, "  %-*s", w[k], buf);
	}
	fputc('\n', fp);
}

void hists_diff__fprintf(const struct hists_diff *d, bool header, FILE *fp)
{
	int w[HISTS_MAX_KEYS];
	size_t i;

	key_widths(d, w);
	if (header)
		print_header(d->old, w, fp);
	for (i = 0; i < d->nr; i++)
		print_row(d, &d->entries[i], w, fp);
}

void hists_diff__exit(struct hists_diff *d)
{
	free(d->entries);
	memset(d, 0, sizeof(*d));
}
