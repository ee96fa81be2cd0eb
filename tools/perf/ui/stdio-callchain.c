// SPDX-License-Identifier: GPL-2.0
/*
 * The call-chain text under a report row, character for character as
 * perf 6.1 prints it: its branches ("|--12.34%--"), its margins and
 * trailing blanks, its thresholds and its order, because scripts and
 * people diff the two tools' output.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ui/stdio-callchain.h"
#include "util/callchain.h"
#include "util/hist.h"
#include "util/hist-chain.h"
#include "util/symbol.h"

#define NAME_MAX_LEN	1024

/* What one entry's printing needs. */
struct chain_print {
	FILE *fp;
	struct hist_chains *hc;
	const struct callchain_param *param;
	uint64_t total;		/* what percentages are of */
	uint64_t min_hit;	/* graph and flat: a branch below it is not shown */
	bool printed;		/* a line: the tree then ends with a blank one */
	char name[NAME_MAX_LEN];
};

static struct chain_node *node(const struct chain_print *p, uint32_t i)
{
	return &p->hc->nodes[i];
}

static const char *frame_name(struct chain_print *p, uint32_t n)
{
	return chain_frame__name(&p->hc->frames[node(p, n)->frame], p->name, sizeof(p->name));
}

/* Where a run of frames that perf keeps as one tree node ends: at a fork or a chain's end. */
static uint32_t run_last(const struct chain_print *p, uint32_t n)
{
	while (!node(p, n)->count && node(p, n)->nr_children == 1 && node(p, n)->first_child)
		n = node(p, n)->first_child;
	return n;
}

/*
 * perf's order for siblings of equal weight: by DSO, then address, the
 * highest first (the order its tree of children is walked in).
 */
static int frame_order(const struct chain_print *p, uint32_t a, uint32_t b)
{
	const struct chain_frame *x = &p->hc->frames[node(p, a)->frame];
	const struct chain_frame *y = &p->hc->frames[node(p, b)->frame];
	uint64_t ax = x->sym ? x->sym->start : x->ip, ay = y->sym ? y->sym->start : y->ip;

	if (x->dso != y->dso)
		return (uintptr_t)x->dso > (uintptr_t)y->dso ? -1 : 1;
	if (ax != ay)
		return ax > ay ? -1 : 1;
	return 0;
}

enum node_order {
	BY_CUMUL,	/* branches: weight, then frame_order() */
	BY_HIT,		/* ends of chains: weight, ties as they come */
	BY_FRAME,	/* the walk itself: frame_order() */
};

static uint64_t node_weight(const struct chain_print *p, uint32_t n, enum node_order o)
{
	return o == BY_HIT ? node(p, n)->hit : o == BY_CUMUL ? node(p, n)->cumul : 0;
}

/* Whether @a goes before @b, stably. */
static bool node_before(const struct chain_print *p, uint32_t a, uint32_t b, enum node_order o)
{
	uint64_t wa = node_weight(p, a, o), wb = node_weight(p, b, o);

	if (wa != wb)
		return wa > wb;
	return o != BY_HIT && frame_order(p, a, b) < 0;
}

/* Sorts @v[0..n) in order @o. Insertion sort: stable, and sibling lists are short. */
static void sort_nodes(const struct chain_print *p, uint32_t *v, size_t n, enum node_order o)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		uint32_t x = v[i];

		for (j = i; j > 0 && node_before(p, x, v[j - 1], o); j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* The children of @n that reach @min, in order @o. Returns their number, or -ENOMEM. */
static long children(const struct chain_print *p, uint32_t n, uint64_t min, enum node_order o,
		     uint32_t **out)
{
	uint32_t c, *v = NULL;
	size_t nr = 0, alloc = 0;

	for (c = node(p, n)->first_child; c; c = node(p, c)->next_sibling) {
		if (node(p, c)->cumul < min)
			continue;
		if (nr == alloc) {
			uint32_t *nv = realloc(v, (alloc = alloc * 2 + 8) * sizeof(*v));

			if (!nv) {
				free(v);
				return -ENOMEM;
			}
			v = nv;
		}
		v[nr++] = c;
	}
	sort_nodes(p, v, nr, o);
	*out = v;
	return nr;
}

static void left_margin(struct chain_print *p, int margin)
{
	p->printed = true;
	fprintf(p->fp, "%*s", 12 + margin, "");
}

static void print_value(const struct chain_print *p, uint64_t period, uint64_t count,
			uint64_t total)
{
	switch (p->param->value) {
	case CCVAL_PERIOD:
		fprintf(p->fp, "%" PRIu64, period);
		break;
	case CCVAL_COUNT:
		fprintf(p->fp, "%" PRIu64, count);
		break;
	default:
		fprintf(p->fp, "%.2f%%", total ? period * 100.0 / total : 0.0);
		break;
	}
}

/* The blank line with the pipes of the levels still open, before a branch. */
static void graph_line(struct chain_print *p, int depth, int mask, int margin)
{
	int i;

	left_margin(p, margin);
	for (i = 0; i < depth; i++)
		fputs(mask & (1 << i) ? "|          " : "           ", p->fp);
	fputc('\n', p->fp);
}

/* One frame of a branch: the first carries the branch's share ("--12.34%--"). */
static void graph_frame(struct chain_print *p, int depth, int mask, bool first,
			uint64_t period, uint64_t count, uint64_t total, const char *name,
			int margin)
{
	int i;

	left_margin(p, margin);
	for (i = 0; i < depth; i++) {
		fputc(mask & (1 << i) ? '|' : ' ', p->fp);
		if (first && i == depth - 1) {
			fputs("--", p->fp);
			print_value(p, period, count, total);
			fputs("--", p->fp);
		} else {
			fputs("          ", p->fp);
		}
	}
	fprintf(p->fp, "%s\n", name);
}

/* The minimum a child of node @n needs to be shown: fractal's is a share of @n's children. */
static uint64_t graph_min(const struct chain_print *p, uint32_t n)
{
	if (p->param->mode != CHAIN_GRAPH_REL)
		return p->min_hit;
	return ceil((node(p, n)->cumul - node(p, n)->hit) * (p->param->min_percent / 100.0));
}

static int graph_level(struct chain_print *p, uint32_t parent, uint64_t total, int depth,
		       int mask, int margin)
{
	uint32_t *kids, printed = 0;
	uint64_t remaining = total;
	int new_mask = mask;
	long nr, i;

	nr = children(p, parent, graph_min(p, parent), BY_CUMUL, &kids);
	if (nr < 0)
		return -ENOMEM;
	for (i = 0; i < nr; i++) {
		uint32_t c = kids[i], last = run_last(p, c), n;
		const struct chain_node *k = node(p, c);
		bool first = true;
		uint64_t sub;

		remaining -= k->cumul;
		/* The last branch closes its level's pipe, unless fractal's "[...]" follows. */
		if (i == nr - 1 && (p->param->mode != CHAIN_GRAPH_REL || !remaining))
			new_mask &= ~(1 << (depth - 1));
		graph_line(p, depth, mask, margin);
		for (n = c;; n = node(p, n)->first_child) {
			graph_frame(p, depth, new_mask, first, k->cumul, k->cumul_count, total,
				    frame_name(p, n), margin);
			first = false;
			if (n == last)
				break;
		}
		sub = p->param->mode == CHAIN_GRAPH_REL ?
		      node(p, last)->cumul - node(p, last)->hit : total;
		if (graph_level(p, last, sub, depth + 1, new_mask | (1 << depth), margin)) {
			free(kids);
			return -ENOMEM;
		}
		if (++printed == p->param->print_limit)
			break;
	}
	if (p->param->mode == CHAIN_GRAPH_REL && remaining && remaining != total) {
		new_mask &= ~(1 << (depth - 1));
		graph_frame(p, depth, new_mask, true, remaining, 0, total, "[...]", margin);
	}
	free(kids);
	return 0;
}

/*
 * A tree whose root has one branch prints that branch's run after "---"
 * without a share (it would repeat the row's), then forks below it.
 */
static int print_graph(struct chain_print *p, const struct hist_entry *e, bool skip_first,
		       bool children_col)
{
	uint64_t parent_total = children_col ? e->period_acc : e->period, total = p->total;
	uint32_t *kids, root = e->chain_root, printed = 0;
	int margin = 0, err;
	long nr;

	nr = children(p, root, graph_min(p, root), BY_CUMUL, &kids);
	if (nr < 0)
		return -ENOMEM;
	/* One branch, but not all of the row's period: perf then shows its share. */
	if (nr == 1 && node(p, kids[0])->cumul == parent_total) {
		uint32_t last = run_last(p, kids[0]), n;
		bool started = false;

		for (n = kids[0];; n = node(p, n)->first_child) {
			if (!(n == kids[0] && skip_first)) {
				left_margin(p, margin);
				if (!started) {
					fputs("|\n", p->fp);
					left_margin(p, margin);
					fputs("---", p->fp);
					margin += 3;
					started = true;
				}
				fprintf(p->fp, "%s\n", frame_name(p, n));
				if (++printed == p->param->print_limit)
					break;
			}
			if (n == last)
				break;
		}
		root = last;
	}
	free(kids);
	if (p->param->mode == CHAIN_GRAPH_REL)
		total = parent_total;
	/* Nothing printed, nothing to end: perf adds no blank line then. */
	err = graph_level(p, root, total, 1, 1, margin);
	if (!err && p->printed)
		fputc('\n', p->fp);
	return err;
}

struct node_list {
	uint32_t *v;
	size_t nr, alloc;
};

/* Flat and folded list the ends of chains, children before parents, as perf walks them. */
static int collect_ends(const struct chain_print *p, uint32_t n, struct node_list *l)
{
	uint32_t *kids;
	long nr, i;

	nr = children(p, n, 0, BY_FRAME, &kids);
	if (nr < 0)
		return -ENOMEM;
	for (i = 0; i < nr; i++) {
		if (collect_ends(p, kids[i], l)) {
			free(kids);
			return -ENOMEM;
		}
	}
	free(kids);
	if (!node(p, n)->count || node(p, n)->hit < p->min_hit || node(p, n)->frame == UINT32_MAX)
		return 0;
	if (l->nr == l->alloc) {
		uint32_t *v = realloc(l->v, (l->alloc = l->alloc * 2 + 16) * sizeof(*v));

		if (!v)
			return -ENOMEM;
		l->v = v;
	}
	l->v[l->nr++] = n;
	return 0;
}

/* The frames from the root down to @n: on lines of their own, or folded with ';'. */
static void print_path(struct chain_print *p, uint32_t n, bool folded, bool *first)
{
	if (node(p, n)->frame == UINT32_MAX)
		return;
	print_path(p, node(p, n)->parent, folded, first);
	if (folded)
		fprintf(p->fp, "%s%s", *first ? "" : ";", frame_name(p, n));
	else
		fprintf(p->fp, "                %s\n", frame_name(p, n));
	*first = false;
}

static int print_ends(struct chain_print *p, const struct hist_entry *e, bool folded)
{
	struct node_list l = { NULL, 0, 0 };
	size_t i;

	if (collect_ends(p, e->chain_root, &l))
		return -ENOMEM;
	sort_nodes(p, l.v, l.nr, BY_HIT);
	for (i = 0; i < l.nr; i++) {
		const struct chain_node *n = node(p, l.v[i]);
		bool first = true;

		if (folded) {
			print_value(p, n->hit, n->count, p->total);
			fputc(' ', p->fp);
		} else {
			fputs("           ", p->fp);
			print_value(p, n->cumul, n->cumul_count, p->total);
			fputc('\n', p->fp);
		}
		print_path(p, l.v[i], folded, &first);
		fputc('\n', p->fp);
		if (i + 1 == p->param->print_limit)
			break;
	}
	free(l.v);
	return 0;
}

int hist_entry__fprintf_chains(FILE *fp, const struct hists *h, const struct hist_entry *e,
			       bool skip_first)
{
	struct chain_print *p;
	int err = 0;

	if (!h->chains || !e->chain_root || h->chains->param->mode == CHAIN_NONE)
		return 0;
	p = malloc(sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->fp = fp;
	p->printed = false;
	p->hc = h->chains;
	p->param = h->chains->param;
	p->total = h->total_period;
	/* perf truncates the threshold to a whole period. */
	p->min_hit = (uint64_t)(h->chains->period * (p->param->min_percent / 100));
	switch (p->param->mode) {
	case CHAIN_FLAT:
		err = print_ends(p, e, false);
		break;
	case CHAIN_FOLDED:
		err = print_ends(p, e, true);
		break;
	default:
		err = print_graph(p, e, skip_first, h->chains->children);
		break;
	}
	free(p);
	return err;
}
