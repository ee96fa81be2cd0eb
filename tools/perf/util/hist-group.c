// SPDX-License-Identifier: GPL-2.0
/*
 * Event groups in report: which events go together, and the one table
 * of a group, with a column per member.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "header.h"
#include "hist.h"
#include "hist-group.h"

int event_groups__init(struct event_groups *g, const struct perf_header *h, bool force)
{
	int i, j, n = h->nr_attrs;

	memset(g, 0, sizeof(*g));
	g->leader = calloc(n ? n : 1, sizeof(*g->leader));
	g->nr_members = calloc(n ? n : 1, sizeof(*g->nr_members));
	if (!g->leader || !g->nr_members) {
		event_groups__exit(g);
		return -ENOMEM;
	}
	g->nr = n;
	for (i = 0; i < n; i++) {
		g->leader[i] = i;
		g->nr_members[i] = 1;
	}
	/*
	 * perf_header__decode_group_desc() checked that they fit the attrs
	 * it had; a pipe may have brought fewer since, so check again.
	 */
	for (i = 0; i < h->nr_groups; i++) {
		const struct perf_header_group *grp = &h->groups[i];

		if ((uint64_t)grp->leader + grp->nr_members > (uint64_t)n || !grp->nr_members)
			continue;
		g->nr_members[grp->leader] = grp->nr_members;
		for (j = 1; j < (int)grp->nr_members; j++)
			g->leader[grp->leader + j] = grp->leader;
	}
	if (!h->nr_groups && force && n > 1) {
		g->forced = true;
		g->nr_members[0] = n;
		for (i = 1; i < n; i++)
			g->leader[i] = 0;
	}
	return 0;
}

void event_groups__exit(struct event_groups *g)
{
	free(g->leader);
	free(g->nr_members);
	memset(g, 0, sizeof(*g));
}

struct member_entry {
	const struct hist_entry *e;
	int m;
};

static int cmp_member_entries(const void *a, const void *b, void *arg)
{
	const struct member_entry *x = a, *y = b;
	int r = hists__cmp_keys(arg, x->e, y->e);

	return r ? r : x->m - y->m;
}

static uint64_t cell_period(const struct hist_entry *e)
{
	return e ? e->period : 0;
}

static int cmp_rows(const void *a, const void *b, void *arg)
{
	const struct hists_group *g = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	const struct hist_entry *ex, *ey;
	int m;

	for (m = 0; m < g->nr_members; m++) {
		uint64_t px = cell_period(hists_group__cell(g, x, m));
		uint64_t py = cell_period(hists_group__cell(g, y, m));

		if (px != py)
			return px > py ? -1 : 1;
	}
	ex = hists_group__key_entry(g, x);
	ey = hists_group__key_entry(g, y);
	m = hists__order_keys(g->members[0], ex, ey);
	/* Two rows may print alike yet be two: keep the order the same every run. */
	return m ? m : hists__cmp_keys(g->members[0], ex, ey);
}

/* Entries of every member that are one row under the sort keys go in one row. */
static int hists_group__match(struct hists_group *g, const struct hist_entry ***cells)
{
	int n = g->nr_members, m;
	struct member_entry *all;
	size_t nr = 0, i, j;

	for (m = 0; m < n; m++)
		nr += hists__nr_rows(g->members[m]);
	all = malloc((nr ? nr : 1) * sizeof(*all));
	*cells = calloc((nr ? nr : 1) * n, sizeof(**cells));
	if (!all || !*cells) {
		free(all);
		return -ENOMEM;
	}
	for (m = 0, j = 0; m < n; m++)
		for (i = 0; i < hists__nr_rows(g->members[m]); i++)
			all[j++] = (struct member_entry){ hists__row(g->members[m], i), m };
	qsort_r(all, nr, sizeof(*all), cmp_member_entries, g->members[0]);
	for (i = 0; i < nr; i++) {
		if (i && hists__cmp_keys(g->members[0], all[i - 1].e, all[i].e))
			g->nr_rows++;
		/* Each hists holds a row once (hists__sort() merged the rest): keep the first. */
		if (!(*cells)[g->nr_rows * n + all[i].m])
			(*cells)[g->nr_rows * n + all[i].m] = all[i].e;
	}
	g->nr_rows += !!nr;
	free(all);
	return 0;
}

int hists_group__build(struct hists_group *g, struct hists * const *members, int nr)
{
	const struct hist_entry **cells;
	size_t *order, i;
	int err;

	memset(g, 0, sizeof(*g));
	g->members = members;
	g->nr_members = nr;
	if (nr == 1) {
		/* A lone event: its entries are sorted already. */
		size_t n = hists__nr_rows(members[0]);

		g->cells = calloc(n ? n : 1, sizeof(*g->cells));
		if (!g->cells)
			return -ENOMEM;
		for (i = 0; i < n; i++)
			g->cells[i] = hists__row(members[0], i);
		g->nr_rows = n;
		return 0;
	}
	err = hists_group__match(g, &cells);
	if (err)
		return err;
	g->cells = cells;
	order = malloc((g->nr_rows ? g->nr_rows : 1) * sizeof(*order));
	cells = malloc((g->nr_rows ? g->nr_rows : 1) * nr * sizeof(*cells));
	if (!order || !cells) {
		free(order);
		free(cells);
		hists_group__exit(g);
		return -ENOMEM;
	}
	for (i = 0; i < g->nr_rows; i++)
		order[i] = i;
	qsort_r(order, g->nr_rows, sizeof(*order), cmp_rows, g);
	for (i = 0; i < g->nr_rows; i++)
		memcpy(&cells[i * nr], &g->cells[order[i] * nr], nr * sizeof(*cells));
	free(order);
	free(g->cells);
	g->cells = cells;
	return 0;
}

void hists_group__exit(struct hists_group *g)
{
	free(g->cells);
	memset(g, 0, sizeof(*g));
}

const struct hist_entry *hists_group__key_entry(const struct hists_group *g, size_t row)
{
	const struct hist_entry *e = NULL;
	int m;

	for (m = 0; m < g->nr_members && !e; m++)
		e = hists_group__cell(g, row, m);
	return e;
}

uint64_t hists_group__nr_samples(const struct hists_group *g)
{
	uint64_t n = 0;
	int m;

	for (m = 0; m < g->nr_members; m++)
		n += g->members[m]->nr_samples;
	return n;
}

uint64_t hists_group__total_period(const struct hists_group *g)
{
	uint64_t n = 0;
	int m;

	for (m = 0; m < g->nr_members; m++)
		n += g->members[m]->total_period;
	return n;
}
