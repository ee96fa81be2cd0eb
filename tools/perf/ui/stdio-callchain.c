// SPDX-License-Identifier: GPL-2.0
/*
 * The call-chain text under a report row, character for character as
 * perf 6.1 prints it: its branches ("|--12.34%--"), its margins and
 * trailing blanks, its thresholds and its order, because scripts and
 * people diff the two tools' output.  A walk gives the text's lines one
 * by one; the printer here and the browser (ui/tui/hists.c) lay them out.
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

/* What one entry's walk needs. */
struct chain_walk {
	struct hist_chains *hc;
	const struct callchain_param *param;
	const struct hist_entry *e;
	unsigned int flags;	/* CHAIN_WALK_* */
	chain_line_fn fn;
	void *arg;
	uint64_t total;		/* what percentages are of */
	uint64_t parent_total;	/* the row's period, which the root's branches share */
	uint64_t min_hit;	/* graph and flat: a branch below it is not shown */
	bool printed;		/* a graph line: the tree then ends with a blank one */
	char *folded;		/* folded: the chain's frames, joined by ';' */
	size_t folded_len, folded_alloc;
	char name[NAME_MAX_LEN];
};

/*
 * The bit of a level in the mask of open pipes.  perf keeps the mask in
 * an int and shifts by the level, which x86 takes modulo 32: deeper than
 * 31 levels its pipes wrap around, and so do ours, without the undefined
 * shift.
 */
static unsigned int level_bit(int level)
{
	return 1u << (level & 31);
}

static struct chain_node *node(const struct chain_walk *p, uint32_t i)
{
	return &p->hc->nodes[i];
}

static const char *frame_name(struct chain_walk *p, uint32_t n)
{
	return chain_frame__name(&p->hc->frames[node(p, n)->frame], p->name, sizeof(p->name));
}

/* Where a run of frames that perf keeps as one tree node ends: at a fork or a chain's end. */
static uint32_t run_last(const struct chain_walk *p, uint32_t n)
{
	while (!node(p, n)->count && node(p, n)->nr_children == 1 && node(p, n)->first_child)
		n = node(p, n)->first_child;
	return n;
}

/*
 * perf's order for siblings of equal weight: by DSO, then address, the
 * highest first (the order its tree of children is walked in).
 */
static int frame_order(const struct chain_walk *p, uint32_t a, uint32_t b)
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

static uint64_t node_weight(const struct chain_walk *p, uint32_t n, enum node_order o)
{
	return o == BY_HIT ? node(p, n)->hit : o == BY_CUMUL ? node(p, n)->cumul : 0;
}

/* Whether @a goes before @b, stably. */
static bool node_before(const struct chain_walk *p, uint32_t a, uint32_t b, enum node_order o)
{
	uint64_t wa = node_weight(p, a, o), wb = node_weight(p, b, o);

	if (wa != wb)
		return wa > wb;
	return o != BY_HIT && frame_order(p, a, b) < 0;
}

/* Sorts @v[0..n) in order @o. Insertion sort: stable, and sibling lists are short. */
static void sort_nodes(const struct chain_walk *p, uint32_t *v, size_t n, enum node_order o)
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
static long children(const struct chain_walk *p, uint32_t n, uint64_t min, enum node_order o,
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

/* Whether @p's print_limit stops a level after @printed branches. */
static bool limit_reached(const struct chain_walk *p, uint32_t printed)
{
	return !(p->flags & CHAIN_WALK_ALL) && printed == p->param->print_limit;
}

static int emit(struct chain_walk *p, const struct chain_line *l)
{
	if (l->kind <= CHAIN_LINE_MORE)
		p->printed = true;
	return p->fn(l, p->arg);
}

/* The minimum a child of node @n needs to be shown: fractal's is a share of @n's children. */
static uint64_t graph_min(const struct chain_walk *p, uint32_t n)
{
	if (p->param->mode != CHAIN_GRAPH_REL)
		return p->min_hit;
	return ceil((node(p, n)->cumul - node(p, n)->hit) * (p->param->min_percent / 100.0));
}

/* The period that the children of @n share: the root's is the row's. */
static uint64_t children_total(const struct chain_walk *p, uint32_t n)
{
	if (n == p->e->chain_root)
		return p->parent_total;
	return node(p, n)->cumul - node(p, n)->hit;
}

/*
 * The frames of branch @c from @c down to @last, its run; @l says the
 * rest.  Returns 0 (whole run shown), CHAIN_WALK_FOLD (cut short),
 * CHAIN_WALK_STOP or a negative error.
 */
static int walk_run(struct chain_walk *p, struct chain_line *l, uint32_t c, uint32_t last,
		    bool forks)
{
	uint32_t n;
	int ret;

	l->kind = CHAIN_LINE_FRAME;
	l->first = true;
	for (n = c;; n = node(p, n)->first_child) {
		l->node = n;
		l->last = n == last;
		l->fork = l->last && forks;
		l->name = frame_name(p, n);
		ret = emit(p, l);
		if (ret)
			return ret;
		l->first = false;
		if (n == last)
			return 0;
	}
}

static int graph_level(struct chain_walk *p, uint32_t parent, const uint32_t *kids, long nr,
		       uint64_t total, int depth, int mask, int margin)
{
	uint64_t remaining = total, parent_sum = children_total(p, parent);
	struct chain_line l;
	uint32_t printed = 0;
	int new_mask = mask, ret;
	long i;

	for (i = 0; i < nr; i++) {
		uint32_t c = kids[i], last = run_last(p, c), *sub;
		const struct chain_node *k = node(p, c);
		long nr_sub;

		remaining -= k->cumul;
		/* The last branch closes its level's pipe, unless fractal's "[...]" follows. */
		if (i == nr - 1 && (p->param->mode != CHAIN_GRAPH_REL || !remaining))
			new_mask &= ~level_bit(depth - 1);
		nr_sub = children(p, last, graph_min(p, last), BY_CUMUL, &sub);
		if (nr_sub < 0)
			return -ENOMEM;
		l = (struct chain_line){
			.kind = CHAIN_LINE_GAP, .depth = depth, .mask = mask, .margin = margin,
			.top = parent == p->e->chain_root, .siblings = nr > 1,
			.share = nr > 1 || k->cumul != parent_sum,
			.period = k->cumul, .count = k->cumul_count, .total = total,
			.parent_period = parent_sum,
		};
		ret = emit(p, &l);
		if (!ret) {
			l.mask = new_mask;
			ret = walk_run(p, &l, c, last, nr_sub > 0);
		}
		if (!ret) {
			uint64_t sub_total = p->param->mode == CHAIN_GRAPH_REL ?
					     node(p, last)->cumul - node(p, last)->hit : total;

			ret = graph_level(p, last, sub, nr_sub, sub_total, depth + 1,
					  new_mask | level_bit(depth), margin);
		}
		free(sub);
		if (ret < 0 || ret == CHAIN_WALK_STOP)
			return ret;
		if (limit_reached(p, ++printed))
			break;
	}
	if (p->param->mode == CHAIN_GRAPH_REL && remaining && remaining != total) {
		new_mask &= ~level_bit(depth - 1);
		l = (struct chain_line){
			.kind = CHAIN_LINE_MORE, .depth = depth, .mask = new_mask, .margin = margin,
			.first = true, .period = remaining, .total = total, .name = "[...]",
		};
		ret = emit(p, &l);
		if (ret < 0 || ret == CHAIN_WALK_STOP)
			return ret;
	}
	return 0;
}

/*
 * The run of the root's one branch, printed after "---" without a share
 * (it would repeat the row's).  Returns what walk_run() does.
 */
static int walk_lone_run(struct chain_walk *p, uint32_t c, uint32_t last, bool forks)
{
	struct chain_line l = {
		.kind = CHAIN_LINE_FRAME, .top = true, .first = true,
		.period = node(p, c)->cumul, .count = node(p, c)->cumul_count, .total = p->total,
		.parent_period = p->parent_total,
	};
	uint32_t n, printed = 0;
	int ret;

	for (n = c;; n = node(p, n)->first_child) {
		/* With sym first, the row names the first frame already. */
		if (n != c || !(p->flags & CHAIN_WALK_SKIP_FIRST)) {
			l.node = n;
			l.last = n == last;
			l.fork = l.last && forks;
			l.name = frame_name(p, n);
			l.margin = l.first ? 0 : 3;
			ret = emit(p, &l);
			if (ret)
				return ret;
			l.first = false;
			if (limit_reached(p, ++printed))
				break;
		}
		if (n == last)
			break;
	}
	return 0;
}

/*
 * A tree whose root has one branch prints that branch's run after "---"
 * without a share (it would repeat the row's), then forks below it.
 */
static int walk_graph(struct chain_walk *p)
{
	uint32_t *kids, root = p->e->chain_root;
	uint64_t total = p->total;
	int margin = 0, ret;
	long nr;

	nr = children(p, root, graph_min(p, root), BY_CUMUL, &kids);
	if (nr < 0)
		return -ENOMEM;
	/* One branch, but not all of the row's period: perf then shows its share. */
	if (nr == 1 && node(p, kids[0])->cumul == p->parent_total) {
		uint32_t last = run_last(p, kids[0]), *sub;
		long nr_sub = children(p, last, graph_min(p, last), BY_CUMUL, &sub);

		if (nr_sub < 0) {
			free(kids);
			return -ENOMEM;
		}
		ret = walk_lone_run(p, kids[0], last, nr_sub > 0);
		free(kids);
		if (ret) {
			free(sub);
			return ret == CHAIN_WALK_FOLD ? 0 : ret;
		}
		margin = p->printed ? 3 : 0;
		root = last;
		kids = sub;
		nr = nr_sub;
	}
	if (p->param->mode == CHAIN_GRAPH_REL)
		total = p->parent_total;
	ret = graph_level(p, root, kids, nr, total, 1, 1, margin);
	free(kids);
	return ret;
}
struct node_list {
	uint32_t *v;
	size_t nr, alloc;
};

static int node_list__add(struct node_list *l, uint32_t n)
{
	if (l->nr == l->alloc) {
		uint32_t *v = realloc(l->v, (l->alloc = l->alloc * 2 + 16) * sizeof(*v));

		if (!v)
			return -ENOMEM;
		l->v = v;
	}
	l->v[l->nr++] = n;
	return 0;
}

/* Flat and folded list the ends of chains, children before parents, as perf walks them. */
static int collect_ends(const struct chain_walk *p, uint32_t n, struct node_list *l)
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
	return node_list__add(l, n);
}

/* The frames from @n up to the root's branch, innermost first, in @path. */
static int collect_path(const struct chain_walk *p, uint32_t n, struct node_list *path)
{
	path->nr = 0;
	for (; node(p, n)->frame != UINT32_MAX; n = node(p, n)->parent) {
		if (node_list__add(path, n))
			return -ENOMEM;
	}
	return 0;
}

static int folded_add(struct chain_walk *p, const char *s)
{
	size_t len = strlen(s);

	if (p->folded_len + len + 1 > p->folded_alloc) {
		size_t alloc = (p->folded_len + len + 1) * 2;
		char *f = realloc(p->folded, alloc);

		if (!f)
			return -ENOMEM;
		p->folded = f;
		p->folded_alloc = alloc;
	}
	memcpy(p->folded + p->folded_len, s, len + 1);
	p->folded_len += len;
	return 0;
}

/* Folded: the chain's frames from the root on, joined by ';'. */
static const char *folded_name(struct chain_walk *p, const struct node_list *path)
{
	size_t i;

	p->folded_len = 0;
	if (folded_add(p, ""))
		return NULL;
	for (i = path->nr; i-- > 0;) {
		if ((i + 1 < path->nr && folded_add(p, ";")) ||
		    folded_add(p, frame_name(p, path->v[i])))
			return NULL;
	}
	return p->folded;
}

/* Flat: the chain's frames on lines of their own, from the root on. */
static int walk_path(struct chain_walk *p, struct chain_line *l, const struct node_list *path)
{
	size_t i;
	int ret;

	l->kind = CHAIN_LINE_PATH;
	l->first = true;
	for (i = path->nr; i-- > 0;) {
		l->node = path->v[i];
		l->last = !i;
		l->name = frame_name(p, l->node);
		ret = emit(p, l);
		if (ret)
			return ret;
		l->first = false;
	}
	return 0;
}

/* One chain of flat or folded: its share, then its frames. */
static int walk_end(struct chain_walk *p, uint32_t end, bool siblings, struct node_list *path)
{
	const struct chain_node *n = node(p, end);
	bool folded = p->param->mode == CHAIN_FOLDED;
	struct chain_line l = {
		.kind = CHAIN_LINE_CHAIN, .top = true, .first = true, .last = folded,
		.siblings = siblings, .share = siblings || n->cumul != p->parent_total,
		.node = end, .chain = end, .total = p->total,
		.period = folded ? n->hit : n->cumul, .count = folded ? n->count : n->cumul_count,
	};
	int ret;

	if (collect_path(p, end, path))
		return -ENOMEM;
	if (folded) {
		l.name = folded_name(p, path);
		if (!l.name)
			return -ENOMEM;
		return emit(p, &l);
	}
	ret = emit(p, &l);
	if (!ret)
		ret = walk_path(p, &l, path);
	if (ret < 0 || ret == CHAIN_WALK_STOP)
		return ret;
	l = (struct chain_line){ .kind = CHAIN_LINE_END, .chain = end };
	return emit(p, &l);
}

static int walk_ends(struct chain_walk *p)
{
	struct node_list l = { NULL, 0, 0 }, path = { NULL, 0, 0 };
	size_t i;
	int ret = 0;

	if (collect_ends(p, p->e->chain_root, &l)) {
		free(l.v);
		return -ENOMEM;
	}
	sort_nodes(p, l.v, l.nr, BY_HIT);
	for (i = 0; i < l.nr; i++) {
		ret = walk_end(p, l.v[i], l.nr > 1, &path);
		if (ret < 0 || ret == CHAIN_WALK_STOP)
			break;
		ret = 0;
		if (limit_reached(p, i + 1))
			break;
	}
	free(path.v);
	free(l.v);
	return ret;
}

int hist_entry__walk_chains(const struct hists *h, const struct hist_entry *e,
			    unsigned int flags, chain_line_fn fn, void *arg)
{
	struct chain_walk *p;
	int ret;

	if (!h->chains || !e->chain_root || h->chains->param->mode == CHAIN_NONE)
		return 0;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->hc = h->chains;
	p->param = h->chains->param;
	p->e = e;
	p->flags = flags;
	p->fn = fn;
	p->arg = arg;
	p->total = h->total_period;
	p->parent_total = h->chains->children ? e->period_acc : e->period;
	/* perf truncates the threshold to a whole period. */
	p->min_hit = (uint64_t)(h->chains->period * (p->param->min_percent / 100));
	if (p->param->mode == CHAIN_FLAT || p->param->mode == CHAIN_FOLDED) {
		ret = walk_ends(p);
	} else {
		ret = walk_graph(p);
		/* Nothing printed, nothing to end: perf adds no blank line then. */
		if (!ret && p->printed) {
			struct chain_line l = { .kind = CHAIN_LINE_END };

			ret = emit(p, &l);
		}
	}
	free(p->folded);
	free(p);
	return ret == CHAIN_WALK_STOP || ret == CHAIN_WALK_FOLD ? 0 : ret;
}

int chain_line__scnprintf_value(const struct chain_line *l, const struct hists *h,
				char *buf, size_t size)
{
	int n;

	if (!size)
		return 0;
	switch (h->chains->param->value) {
	case CCVAL_PERIOD:
		n = snprintf(buf, size, "%" PRIu64, l->period);
		break;
	case CCVAL_COUNT:
		n = snprintf(buf, size, "%" PRIu64, l->count);
		break;
	default:
		n = snprintf(buf, size, "%.2f%%", l->total ? l->period * 100.0 / l->total : 0.0);
		break;
	}
	return n < 0 ? 0 : (size_t)n >= size ? (int)size - 1 : n;
}

/* The stdio printer: perf's text from the walk's lines. */
struct chain_print {
	FILE *fp;
	const struct hists *h;
};

static void print_value(const struct chain_print *p, const struct chain_line *l)
{
	char v[64];

	chain_line__scnprintf_value(l, p->h, v, sizeof(v));
	fputs(v, p->fp);
}

static void left_margin(const struct chain_print *p, int margin)
{
	fprintf(p->fp, "%*s", 12 + margin, "");
}

/* The blank line with the pipes of the levels still open, before a branch. */
static void graph_line(const struct chain_print *p, const struct chain_line *l)
{
	int i;

	left_margin(p, l->margin);
	for (i = 0; i < l->depth; i++)
		fputs(l->mask & level_bit(i) ? "|          " : "           ", p->fp);
	fputc('\n', p->fp);
}

/* One frame of a branch: the first carries the branch's share ("--12.34%--"). */
static void graph_frame(const struct chain_print *p, const struct chain_line *l)
{
	int i;

	left_margin(p, l->margin);
	for (i = 0; i < l->depth; i++) {
		fputc(l->mask & level_bit(i) ? '|' : ' ', p->fp);
		if (l->first && i == l->depth - 1) {
			fputs("--", p->fp);
			print_value(p, l);
			fputs("--", p->fp);
		} else {
			fputs("          ", p->fp);
		}
	}
	fprintf(p->fp, "%s\n", l->name);
}

/* A frame of the root's lone branch: the first after "---". */
static void lone_frame(const struct chain_print *p, const struct chain_line *l)
{
	left_margin(p, l->margin);
	if (l->first) {
		fputs("|\n", p->fp);
		left_margin(p, l->margin);
		fputs("---", p->fp);
	}
	fprintf(p->fp, "%s\n", l->name);
}

static int print_line(const struct chain_line *l, void *arg)
{
	const struct chain_print *p = arg;

	switch (l->kind) {
	case CHAIN_LINE_GAP:
		graph_line(p, l);
		break;
	case CHAIN_LINE_FRAME:
		if (l->depth)
			graph_frame(p, l);
		else
			lone_frame(p, l);
		break;
	case CHAIN_LINE_MORE:
		graph_frame(p, l);
		break;
	case CHAIN_LINE_CHAIN:
		if (l->name) {
			print_value(p, l);
			fprintf(p->fp, " %s\n", l->name);
		} else {
			fputs("           ", p->fp);
			print_value(p, l);
			fputc('\n', p->fp);
		}
		break;
	case CHAIN_LINE_PATH:
		fprintf(p->fp, "                %s\n", l->name);
		break;
	case CHAIN_LINE_END:
		fputc('\n', p->fp);
		break;
	}
	return 0;
}

int hist_entry__fprintf_chains(FILE *fp, const struct hists *h, const struct hist_entry *e,
			       bool skip_first)
{
	struct chain_print p = { fp, h };

	return hist_entry__walk_chains(h, e, skip_first ? CHAIN_WALK_SKIP_FIRST : 0, print_line,
				       &p);
}
