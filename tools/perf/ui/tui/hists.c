// SPDX-License-Identifier: GPL-2.0
/*
 * The report browser: the rows of the stdio table, and under the rows
 * with call chains their graph, folded and unfolded as in perf's
 * browser.  The chain lines come from the walk that prints --stdio's
 * (ui/stdio-callchain.c), laid out as perf's browser lays them out:
 * three columns a level, a '+' or '-' before what folds, the share
 * before a branch's first frame, no pipes.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ui/stdio.h"
#include "ui/stdio-callchain.h"
#include "ui/tui/browser.h"
#include "ui/tui/hists.h"
#include "util/callchain.h"
#include "util/hist.h"
#include "util/hist-chain.h"
#include "util/hist-group.h"
#include "util/util.h"

/* The stdio lines start with "# " or "  ": without chains the browser has no use for it. */
#define MARGIN		2
#define LEVEL_STEP	3	/* columns a level of the graph is indented by */
#define CHAIN_LINE_LEN	4096
#define ENTER_CR	'\r'
#define ENTER_LF	'\n'

static const char *skip_margin(const char *line)
{
	return strlen(line) >= MARGIN ? line + MARGIN : line;
}

/* A line on the screen: a table row, or a line of its call-chain text. */
struct hb_line {
	char *text;		/* a chain line's own; a row's is in hists_browser.rows */
	size_t row;		/* the table row it belongs to */
	uint32_t node;		/* chain lines: the frame's tree node; rows: 0 */
	uint32_t chain;		/* flat and folded: the chain's last node */
	uint32_t fold;		/* the node whose folding the line toggles; 0: none */
};

struct hists_browser {
	struct line_browser own;	/* report's; top's browser has its own */
	struct line_browser *b;		/* where the lines are shown */
	char *title, *rule;		/* the column titles the line browser shows */
	uint64_t *ids;			/* per tree node: what it shows (hb_ids()) */
	const struct hists_group *g;
	const struct hists *h;	/* whose trees are shown; NULL: no chains */
	char **rows;		/* the rows as --stdio prints them, margin included */
	size_t *cells;		/* each row's row in @g */
	size_t nr_rows;
	bool *has_chain;	/* the row has lines of call chains to show */
	bool *unfolded_row;
	uint8_t *unfolded;	/* per tree node: its branch shows what it heads */
	struct hb_line *lines;	/* what is on show, rows and chain lines */
	const char **text;	/* the lines' text, for the line browser */
	size_t *row_line;	/* each row's index in @lines */
	size_t nr_lines, alloc_lines;
	int *level;		/* perf's level of each depth the walk is at */
	int nr_levels;
	size_t cur_row;		/* the row whose chains are being walked */
	int err;
	char buf[CHAIN_LINE_LEN];
};

static const char * const chain_help[] = {
	"  +, Enter           fold/unfold the selected entry or call-chain branch",
	"  e                  expand/collapse all of the selected entry's call chains",
	"  E                  expand every entry and all of its call chains",
	"  C                  collapse every entry and all of its call chains",
	NULL
};

static const struct hist_entry *hb_entry(const struct hists_browser *hb, size_t row)
{
	return hists_group__cell(hb->g, hb->cells[row], 0);
}

/*
 * The node whose folding line @l toggles, 0 for none.  As perf's browser:
 * a run of frames folds at its first frame, unless it is the root's only
 * branch or a chain of one frame, and at its last when branches follow.
 */
static uint32_t fold_key(const struct chain_line *l)
{
	switch (l->kind) {
	case CHAIN_LINE_FRAME:
		if (l->last)
			return l->fork ? l->node : 0;
		return l->first && (!l->top || l->siblings) ? l->node : 0;
	case CHAIN_LINE_PATH:
		return l->first && !l->last && l->siblings ? l->chain : 0;
	case CHAIN_LINE_CHAIN:
		/* Folded: perf gives siblings a marker, though nothing is under it. */
		return l->name && l->siblings ? l->chain : 0;
	default:
		return 0;
	}
}

/* Whether the browser shows @l: the graph's pipes and flat's share lines it leaves out. */
static bool shown(const struct chain_line *l)
{
	return l->kind == CHAIN_LINE_FRAME || l->kind == CHAIN_LINE_PATH ||
	       (l->kind == CHAIN_LINE_CHAIN && l->name);
}

static int hb_add_line(struct hists_browser *hb, char *text, size_t row, uint32_t node,
		       uint32_t chain, uint32_t fold)
{
	if (hb->nr_lines == hb->alloc_lines) {
		size_t alloc = hb->alloc_lines * 2 + 64;
		struct hb_line *l = realloc(hb->lines, alloc * sizeof(*l));

		if (!l)
			return -ENOMEM;
		hb->lines = l;
		hb->alloc_lines = alloc;
	}
	hb->lines[hb->nr_lines++] = (struct hb_line){ text, row, node, chain, fold };
	return 0;
}

/* perf's level of depth @depth: the root's lone run and branches start at 1. */
static int *level_of(struct hists_browser *hb, int depth)
{
	if (depth + 1 >= hb->nr_levels) {
		int n = depth + 16, *v = realloc(hb->level, n * sizeof(*v));

		if (!v)
			return NULL;
		hb->level = v;
		hb->nr_levels = n;
	}
	return &hb->level[depth];
}

/*
 * Where perf's browser starts line @l: each level three columns in, the
 * frames after a branch's share under its name; a branch's forks a level
 * further in, two when its frames were shifted under the share.
 */
static int line_offset(struct hists_browser *hb, const struct chain_line *l)
{
	int *lvl, off;

	if (l->kind != CHAIN_LINE_FRAME) {
		/* Flat and folded: each chain at the first level. */
		return LEVEL_STEP + (!l->first && l->share ? LEVEL_STEP : 0);
	}
	lvl = level_of(hb, l->depth);
	if (!lvl)
		return -ENOMEM;
	off = lvl[0] * LEVEL_STEP;
	if (l->first) {
		lvl[1] = lvl[0] + 1;
	} else if (l->share) {
		off += LEVEL_STEP;
		lvl[1] = lvl[0] + 2;
	}
	return off;
}

static int hb_chain_line(const struct chain_line *l, void *arg)
{
	struct hists_browser *hb = arg;
	uint32_t fold = fold_key(l);
	char value[64] = "", sign = ' ', *text;
	int off;

	if (!shown(l))
		return 0;
	off = line_offset(hb, l);
	if (off < 0)
		return off;
	if (fold)
		sign = hb->unfolded[fold] ? '-' : '+';
	if (l->first && l->share) {
		struct chain_line v = *l;

		/* Fractal: of the parent's, under a lone run too (--stdio's: the row's). */
		if (l->kind == CHAIN_LINE_FRAME && hb->h->chains->param->mode == CHAIN_GRAPH_REL)
			v.total = l->parent_period;
		chain_line__scnprintf_value(&v, hb->h, value, sizeof(value) - 1);
		strcat(value, " ");
	}
	snprintf(hb->buf, sizeof(hb->buf), "%*s%c %s%s", off, "", sign, value, l->name);
	text = strdup(hb->buf);
	if (!text || hb_add_line(hb, text, hb->cur_row, l->node, l->chain, fold)) {
		free(text);
		return -ENOMEM;
	}
	/* Folded's lines have nothing under them to leave out. */
	return fold && !hb->unfolded[fold] && l->kind != CHAIN_LINE_CHAIN ? CHAIN_WALK_FOLD : 0;
}

static void hb_clear_lines(struct hists_browser *hb)
{
	size_t i;

	for (i = 0; i < hb->nr_lines; i++)
		free(hb->lines[i].text);
	hb->nr_lines = 0;
}

/* The lines on show after a folding changed. Returns 0 or -ENOMEM. */
static int hb_build_lines(struct hists_browser *hb)
{
	size_t r;
	int err;

	hb_clear_lines(hb);
	for (r = 0; r < hb->nr_rows; r++) {
		char *row = hb->rows[r];

		hb->row_line[r] = hb->nr_lines;
		/* The margin is where the folding sign goes. */
		if (hb->h && strlen(row) >= MARGIN)
			row[0] = !hb->has_chain[r] ? ' ' : hb->unfolded_row[r] ? '-' : '+';
		if (hb_add_line(hb, NULL, r, 0, 0, 0))
			return -ENOMEM;
		if (!hb->has_chain[r] || !hb->unfolded_row[r])
			continue;
		hb->cur_row = r;
		/* The root's lone run and branches: level 1 (hists_browser__init() sized it). */
		hb->level[0] = 1;
		hb->level[1] = 1;
		err = hist_entry__walk_chains(hb->h, hb_entry(hb, r), CHAIN_WALK_ALL,
					      hb_chain_line, hb);
		if (err)
			return err;
	}
	free(hb->text);
	hb->text = malloc((hb->nr_lines ? hb->nr_lines : 1) * sizeof(*hb->text));
	if (!hb->text)
		return -ENOMEM;
	for (r = 0; r < hb->nr_lines; r++) {
		const struct hb_line *l = &hb->lines[r];

		if (l->text)
			hb->text[r] = l->text;
		else
			hb->text[r] = hb->h ? hb->rows[l->row] : skip_margin(hb->rows[l->row]);
	}
	hb->b->rows = hb->text;
	hb->b->nr_rows = hb->nr_lines;
	return 0;
}

static int has_line(const struct chain_line *l, void *arg)
{
	if (!shown(l))
		return 0;
	*(bool *)arg = true;
	return CHAIN_WALK_STOP;
}

static int set_folding(const struct chain_line *l, void *arg)
{
	struct hists_browser *hb = arg;
	uint32_t fold = fold_key(l);

	if (fold)
		hb->unfolded[fold] = hb->unfolded_row[hb->cur_row];
	/*
	 * The frames it shows too, as perf marks every frame: in top's next
	 * tree a frame may head a branch that this one does not have yet.
	 */
	if (l->node)
		hb->unfolded[l->node] = hb->unfolded_row[hb->cur_row];
	return 0;
}

/* Row @r and all of its chains unfolded (@unfold) or folded. */
static int hb_set_row_folding(struct hists_browser *hb, size_t r, bool unfold)
{
	hb->unfolded_row[r] = unfold && hb->has_chain[r];
	if (!hb->has_chain[r])
		return 0;
	hb->cur_row = r;
	return hist_entry__walk_chains(hb->h, hb_entry(hb, r), CHAIN_WALK_ALL, set_folding, hb);
}

/* Applies a folding key to the selected line; false when @key is none. */
static bool hb_fold(struct hists_browser *hb, int key, const struct hb_line *sel)
{
	size_t r;

	switch (key) {
	case '+': case ENTER_CR: case ENTER_LF:
		if (sel->fold)
			hb->unfolded[sel->fold] = !hb->unfolded[sel->fold];
		else if (!sel->node && hb->has_chain[sel->row])
			hb->unfolded_row[sel->row] = !hb->unfolded_row[sel->row];
		return true;
	case 'e':
		hb->err = hb_set_row_folding(hb, sel->row, !hb->unfolded_row[sel->row]);
		return true;
	case 'E': case 'C':
		memset(hb->unfolded, key == 'E', hb->h->chains->nr_nodes);
		for (r = 0; r < hb->nr_rows; r++)
			hb->unfolded_row[r] = key == 'E' && hb->has_chain[r];
		return true;
	default:
		return false;
	}
}

/* The line that shows what @sel showed, or else its row. */
static size_t hb_find_line(const struct hists_browser *hb, const struct hb_line *sel)
{
	size_t i = hb->row_line[sel->row];

	for (; i < hb->nr_lines && hb->lines[i].row == sel->row; i++) {
		if (hb->lines[i].node == sel->node && hb->lines[i].chain == sel->chain)
			return i;
	}
	return hb->row_line[sel->row];
}

static int hb_key(struct line_browser *b, int key)
{
	struct hists_browser *hb = b->key_arg;
	struct hb_line sel;

	if (!hb->h || b->selected >= hb->nr_lines)
		return LINE_BROWSER_KEY_NONE;
	sel = hb->lines[b->selected];
	sel.text = NULL;
	if (!hb_fold(hb, key, &sel))
		return LINE_BROWSER_KEY_NONE;
	if (!hb->err)
		hb->err = hb_build_lines(hb);
	/* The lines may be half built: quit, and hists__tui_browse() says why. */
	if (hb->err) {
		b->rows = NULL;
		b->nr_rows = 0;
		return LINE_BROWSER_KEY_QUIT;
	}
	b->selected = hb_find_line(hb, &sel);
	return LINE_BROWSER_KEY_DONE;
}

static void hists_browser__exit(struct hists_browser *hb)
{
	size_t i;

	hb_clear_lines(hb);
	for (i = 0; i < hb->nr_rows; i++)
		free(hb->rows[i]);
	free(hb->rows);
	free(hb->cells);
	free(hb->has_chain);
	free(hb->unfolded_row);
	free(hb->unfolded);
	free(hb->lines);
	free(hb->text);
	free(hb->row_line);
	free(hb->level);
	free(hb->ids);
	free(hb->title);
	free(hb->rule);
}

/* The shown rows of @g, formatted as hists_group__fprintf() does. */
static int hists_browser__add_rows(struct hists_browser *hb, const struct hists_fmt *fmt,
				   const int *w, char *line)
{
	const struct hists_group *g = hb->g;
	size_t i, n = g->nr_rows ? g->nr_rows : 1;

	hb->rows = calloc(n, sizeof(*hb->rows));
	hb->cells = calloc(n, sizeof(*hb->cells));
	hb->has_chain = calloc(n, sizeof(*hb->has_chain));
	hb->unfolded_row = calloc(n, sizeof(*hb->unfolded_row));
	hb->row_line = calloc(n, sizeof(*hb->row_line));
	if (!hb->rows || !hb->cells || !hb->has_chain || !hb->unfolded_row || !hb->row_line)
		return -ENOMEM;
	for (i = 0; i < g->nr_rows; i++) {
		if (hists_group__row_hidden(g, i, fmt))
			continue;
		if (fmt->max_rows && hb->nr_rows == (size_t)fmt->max_rows)
			break;
		hists_group__format_row(g, i, fmt, w, line, HISTS_LINE_MAX);
		hb->rows[hb->nr_rows] = strdup(line);
		if (!hb->rows[hb->nr_rows])
			return -ENOMEM;
		hb->cells[hb->nr_rows++] = i;
	}
	return 0;
}

/* Which rows have chain lines to show: those perf marks with a '+'. */
static int hists_browser__find_chains(struct hists_browser *hb)
{
	size_t r;
	int err;

	hb->unfolded = calloc(hb->h->chains->nr_nodes ? hb->h->chains->nr_nodes : 1, 1);
	if (!hb->unfolded || !level_of(hb, 1))
		return -ENOMEM;
	for (r = 0; r < hb->nr_rows; r++) {
		const struct hist_entry *e = hb_entry(hb, r);

		if (!e)
			continue;
		err = hist_entry__walk_chains(hb->h, e, CHAIN_WALK_ALL, has_line,
					      &hb->has_chain[r]);
		if (err)
			return err;
	}
	return 0;
}

static int hists_browser__init(struct hists_browser *hb, const struct hists_fmt *fmt,
			       char *title, char *rule)
{
	int w[HISTS_MAX_KEYS], err;
	const struct hists *h = hb->g->nr_members == 1 ? hb->g->members[0] : NULL;

	/* A group's members share rows but not trees: as --stdio, no chains for groups. */
	if (h && h->chains && h->chains->param->mode != CHAIN_NONE)
		hb->h = h;
	hists_group__key_widths(hb->g, w);
	/* @rule is scratch space for the rows until the header goes in. */
	err = hists_browser__add_rows(hb, fmt, w, rule);
	if (!err && hb->h)
		err = hists_browser__find_chains(hb);
	if (err)
		return err;
	hists_group__format_header(hb->g, fmt, w, title, rule, HISTS_LINE_MAX);
	if (hb->h) {
		/* perf's browser keeps the margin, for the signs, and drops the '#'. */
		title[0] = ' ';
		rule[0] = ' ';
		hb->b->title = title;
		hb->b->rule = rule;
		hb->b->key = hb_key;
		hb->b->key_arg = hb;
		hb->b->key_help = chain_help;
	} else {
		hb->b->title = skip_margin(title);
		hb->b->rule = skip_margin(rule);
	}
	return hb_build_lines(hb);
}

int hists__tui_browse(const struct hists_group *g, const struct hists_fmt *fmt,
		      const char *headline)
{
	struct hists_browser *hb;
	int err;

	err = hists_browser__new(&hb, g, fmt, NULL, NULL);
	if (err)
		return err;
	hb->b->headline = headline;
	err = line_browser__init(hb->b);
	if (!err) {
		err = line_browser__run(hb->b);
		line_browser__exit(hb->b);
	}
	if (!err)
		err = hb->err;
	hists_browser__delete(hb);
	return err;
}

/*
 * What a row shows, the same from one sort to the next however the rows
 * and trees move: its keys.  A branch's is its parent's and its frame's.
 */
static uint64_t id_mix(uint64_t h, uint64_t v)
{
	h = (h ^ v) * 0x9e3779b97f4a7c15ULL;
	return h ^ (h >> 29);
}

static uint64_t row_id(const struct hist_entry *e)
{
	const struct hist_key *k = &e->key;
	uint64_t h = id_mix((uintptr_t)k->comm, (uintptr_t)k->thread);

	h = id_mix(h, (uintptr_t)k->dso);
	h = id_mix(h, (uintptr_t)k->sym);
	h = id_mix(h, k->addr);
	return id_mix(h, (uint8_t)k->level);
}

#define ROW_UNFOLDED	0x5a5a5a5a5a5a5a5aULL	/* a row's own id is its root's */

/* Each node's id: a node comes after its parent, so one pass does. */
static int hb_ids(struct hists_browser *hb)
{
	const struct hist_chains *hc = hb->h->chains;
	uint32_t n;
	size_t r;

	hb->ids = calloc(hc->nr_nodes ? hc->nr_nodes : 1, sizeof(*hb->ids));
	if (!hb->ids)
		return -ENOMEM;
	for (r = 0; r < hb->nr_rows; r++) {
		const struct hist_entry *e = hb_entry(hb, r);

		if (e && e->chain_root)
			hb->ids[e->chain_root] = row_id(e);
	}
	for (n = 1; n < hc->nr_nodes; n++)
		if (hc->nodes[n].parent)
			hb->ids[n] = id_mix(hb->ids[hc->nodes[n].parent], hc->nodes[n].frame + 1ULL);
	return 0;
}

static uint64_t line_id(const struct hists_browser *hb, const struct hb_line *l)
{
	if (!l->node) {
		const struct hist_entry *e = hb_entry(hb, l->row);

		return e ? row_id(e) : 0;
	}
	return id_mix(hb->ids[l->node], l->chain ? hb->ids[l->chain] : 0);
}

static int cmp_id(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static bool folding__has(const struct hists_folding *f, uint64_t id)
{
	return f->nr && bsearch(&id, f->ids, f->nr, sizeof(id), cmp_id);
}

int hists_browser__folding(const struct hists_browser *hb, struct hists_folding *f)
{
	uint32_t n, nr_nodes = hb->h ? hb->h->chains->nr_nodes : 0;
	size_t r;

	memset(f, 0, sizeof(*f));
	if (hb->b->selected < hb->nr_lines) {
		f->selected = line_id(hb, &hb->lines[hb->b->selected]);
		f->has_selected = true;
	}
	if (!hb->h)
		return 0;
	f->ids = malloc((hb->nr_rows + nr_nodes + 1) * sizeof(*f->ids));
	if (!f->ids)
		return -ENOMEM;
	for (r = 0; r < hb->nr_rows; r++)
		if (hb->unfolded_row[r] && hb_entry(hb, r))
			f->ids[f->nr++] = row_id(hb_entry(hb, r)) ^ ROW_UNFOLDED;
	for (n = 1; n < nr_nodes; n++)
		if (hb->unfolded[n])
			f->ids[f->nr++] = hb->ids[n];
	qsort(f->ids, f->nr, sizeof(*f->ids), cmp_id);
	return 0;
}

void hists_folding__exit(struct hists_folding *f)
{
	free(f->ids);
	memset(f, 0, sizeof(*f));
}

/* @keep's folding and selection on the rows and trees of another sort. */
static int hb_restore(struct hists_browser *hb, const struct hists_folding *keep)
{
	uint32_t n;
	size_t r, i;
	int err;

	if (hb->h) {
		for (r = 0; r < hb->nr_rows; r++)
			hb->unfolded_row[r] = hb->has_chain[r] && hb_entry(hb, r) &&
					      folding__has(keep, row_id(hb_entry(hb, r)) ^
								 ROW_UNFOLDED);
		for (n = 1; n < hb->h->chains->nr_nodes; n++)
			hb->unfolded[n] = folding__has(keep, hb->ids[n]);
		err = hb_build_lines(hb);
		if (err)
			return err;
	}
	for (i = 0; keep->has_selected && i < hb->nr_lines; i++) {
		if (line_id(hb, &hb->lines[i]) == keep->selected) {
			hb->b->selected = i;
			break;
		}
	}
	return 0;
}

int hists_browser__new(struct hists_browser **hbp, const struct hists_group *g,
		       const struct hists_fmt *fmt, struct line_browser *lb,
		       const struct hists_folding *keep)
{
	struct hists_browser *hb = calloc(1, sizeof(*hb));
	int err = -ENOMEM;

	*hbp = NULL;
	if (!hb)
		return -ENOMEM;
	hb->b = lb ? lb : &hb->own;
	hb->g = g;
	hb->title = malloc(HISTS_LINE_MAX);
	hb->rule = malloc(HISTS_LINE_MAX);
	if (!hb->title || !hb->rule)
		goto fail;
	err = hists_browser__init(hb, fmt, hb->title, hb->rule);
	if (!err && hb->h)
		err = hb_ids(hb);
	if (!err && keep)
		err = hb_restore(hb, keep);
	if (err)
		goto fail;
	*hbp = hb;
	return 0;
fail:
	hists_browser__delete(hb);
	return err;
}

void hists_browser__delete(struct hists_browser *hb)
{
	if (!hb)
		return;
	/* The line browser may outlive us: it must not show what goes now. */
	if (hb->b != &hb->own) {
		hb->b->rows = NULL;
		hb->b->nr_rows = 0;
		hb->b->key = NULL;
		hb->b->key_arg = NULL;
		hb->b->key_help = NULL;
		hb->b->title = hb->b->rule = NULL;
	}
	hists_browser__exit(hb);
	free(hb);
}
