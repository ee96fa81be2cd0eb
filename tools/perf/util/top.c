// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dso.h"
#include "hist.h"
#include "hist-chain.h"
#include "sort.h"
#include "top.h"
#include "util.h"

/* perf top's default order: one row per function, whatever thread ran it. */
#define TOP_SORT	"dso,sym"
#define SYM_WIDTH_MIN	8
#define SYM_WIDTH_MAX	60

int top__init(struct top *t, const struct guest_config *cfg, uint64_t sample_type)
{
	int err;

	memset(t, 0, sizeof(*t));
	t->sample_type = sample_type;
	t->host = true;
	t->guest = true;
	err = machines__init(&t->machines, cfg);
	if (!err)
		err = hists__init(&t->hists, TOP_SORT);
	return err;
}

int top__set_sort(struct top *t, const char *sort)
{
	struct hists h;
	int err = hists__init(&h, sort);

	if (err)
		return err;
	hists__exit(&t->hists);
	t->hists = h;
	return 0;
}

int top__enable_chains(struct top *t, const struct callchain_param *cc, bool children)
{
	t->cc = *cc;
	return hists__enable_chains(&t->hists, &t->cc, children);
}

void top__exit(struct top *t)
{
	hists__exit(&t->hists);
	machines__exit(&t->machines);
}

static void top_counts__add(struct top_counts *c, uint16_t cpumode, bool exact)
{
	c->samples++;
	c->exact += exact;
	switch (cpumode) {
	case PERF_RECORD_MISC_KERNEL:		c->kernel++; break;
	case PERF_RECORD_MISC_USER:		c->user++; break;
	case PERF_RECORD_MISC_GUEST_KERNEL:	c->guest_kernel++; break;
	case PERF_RECORD_MISC_GUEST_USER:	c->guest_user++; break;
	default:				break;
	}
}

int top__add_sample(struct top *t, const struct perf_sample *s, bool exact)
{
	bool guest = cpumode__is_guest(s->cpumode);
	struct addr_location al;
	size_t idx;
	int err;

	/* The headline counts every sample, kept in the table or not, as perf's does. */
	top_counts__add(&t->interval, s->cpumode, exact);
	top_counts__add(&t->total, s->cpumode, exact);
	t->seen_guest |= guest;
	if (guest ? !t->guest : !t->host)
		return 0;
	err = machines__resolve(&t->machines, s, &al);
	if (!err)
		err = hists__add(&t->hists, &al, s, &idx);
	if (err || !t->hists.chains || !al.thread ||
	    (!s->callchain.nr && !s->user_stack.size))
		return err;
	return hists__add_chain(&t->hists, idx, &t->machines, s, al.thread);
}

int top__process_event(struct top *t, const union perf_event *ev)
{
	struct perf_sample s;
	int err;

	switch (ev->header.type) {
	case PERF_RECORD_SAMPLE:
		if (t->attr ? perf_sample__parse_attr(&s, ev, t->attr) :
			      perf_sample__parse(&s, ev, t->sample_type)) {
			t->nr_bad++;
			return 0;
		}
		return top__add_sample(t, &s, ev->header.misc & PERF_RECORD_MISC_EXACT_IP);
	case PERF_RECORD_LOST:
		if (ev->header.size < sizeof(ev->lost)) {
			t->nr_bad++;
			return 0;
		}
		t->interval.lost += ev->lost.lost;
		t->total.lost += ev->lost.lost;
		return 0;
	case PERF_RECORD_MMAP:
	case PERF_RECORD_MMAP2:
	case PERF_RECORD_COMM:
	case PERF_RECORD_FORK:
		err = machines__process_event(&t->machines, ev);
		if (err == -EINVAL) {
			t->nr_bad++;
			err = 0;
		}
		return err;
	default:
		return 0;
	}
}

static uint64_t decay(uint64_t v)
{
	return v * 7 / 8;
}

int top__decay(struct top *t)
{
	struct hists *h = &t->hists;
	uint32_t *remap = NULL;
	size_t i, kept = 0;
	int err;

	/* The chains name their rows by index: they follow the compaction. */
	if (h->chains) {
		remap = malloc((h->nr ? h->nr : 1) * sizeof(*remap));
		if (!remap)
			return -ENOMEM;
	}
	h->total_period = 0;
	h->nr_samples = 0;
	for (i = 0; i < h->nr; i++) {
		struct hist_entry *e = &h->entries[i];

		/* period >= nr_samples stays true under decay: period 0 means no samples left. */
		e->period = decay(e->period);
		if (remap)
			remap[i] = e->period ? kept : UINT32_MAX;
		if (!e->period) {
			free(e->sym_name);
			continue;
		}
		e->nr_samples = decay(e->nr_samples);
		e->period_sys = decay(e->period_sys);
		e->period_us = decay(e->period_us);
		e->period_guest_sys = decay(e->period_guest_sys);
		e->period_guest_us = decay(e->period_guest_us);
		h->total_period += e->period;
		h->nr_samples += e->nr_samples;
		h->entries[kept++] = *e;
	}
	h->nr = kept;
	/* The view names entries that moved or went: the next sort makes another. */
	h->nr_sorted = 0;
	err = remap ? hist_chains__decay(h, remap, decay) : 0;
	free(remap);
	/* The slots index the entry array, which decay just compacted. */
	return err ? err : hists__rehash(h);
}

void top__end_interval(struct top *t)
{
	memset(&t->interval, 0, sizeof(t->interval));
}

/* top's own table is function and DSO; any other --sort gets a column per key. */
static void top_snapshot__set_columns(struct top_snapshot *snap)
{
	const struct hists *h = &snap->view;
	char buf[SYM_WIDTH_MAX + 2];
	size_t i;
	int k, n;

	snap->columns = !(h->nr_keys == 2 && h->keys[0] == sort_key__find("dso") &&
			  h->keys[1] == sort_key__find("sym"));
	if (!snap->columns)
		return;
	for (k = 0; k < h->nr_keys; k++) {
		snap->widths[k] = strlen(h->keys[k]->header);
		for (i = 0; i < snap->nr; i++) {
			n = h->keys[k]->snprintf(&snap->entries[i], buf, sizeof(buf));
			snap->widths[k] = max(snap->widths[k], min(n, SYM_WIDTH_MAX));
		}
	}
}

int top__snapshot(struct top *t, struct top_snapshot *snap)
{
	struct hists *h = &t->hists;
	size_t i;
	int err;

	memset(snap, 0, sizeof(*snap));
	snap->hists = &snap->view;
	snap->total_period = h->total_period;
	/* The view, not the entries, is in order: the table goes on taking samples. */
	err = h->chains ? hists__sort(h) : hists__sort_rows(h);
	if (err)
		return err;
	snap->nr = hists__nr_rows(h);
	snap->entries = malloc((snap->nr ? snap->nr : 1) * sizeof(*snap->entries));
	if (!snap->entries) {
		snap->nr = 0;
		return -ENOMEM;
	}
	for (i = 0; i < snap->nr; i++)
		snap->entries[i] = *hists__row(h, i);
	snap->view = *h;
	snap->view.entries = snap->entries;
	snap->view.nr = snap->view.alloc = snap->nr;
	snap->view.slots = NULL;
	snap->view.nr_slots = 0;
	snap->view.sorted = NULL;
	snap->view.nr_sorted = 0;
	top_snapshot__set_columns(snap);
	return 0;
}

void top_snapshot__exit(struct top_snapshot *snap)
{
	free(snap->entries);
	memset(snap, 0, sizeof(*snap));
}

static double share(uint64_t part, uint64_t total)
{
	return total ? 100.0 * part / total : 0.0;
}

/* "(all, 2 CPUs)", "(all, CPUs: 0,1)", "(target_pid: 42)", as perf 6.1 ends the headline. */
static int headline__target(const struct top_target *tgt, char *buf, size_t size)
{
	if (tgt->pid)
		return snprintf(buf, size, "(target_pid: %s)", tgt->pid);
	if (tgt->tid)
		return snprintf(buf, size, "(target_tid: %s)", tgt->tid);
	if (tgt->cpu_list)
		return snprintf(buf, size, "(all, CPU%s: %s)", tgt->nr_cpus == 1 ? "" : "s",
				tgt->cpu_list);
	return snprintf(buf, size, "(all, %d CPU%s)", tgt->nr_cpus, tgt->nr_cpus == 1 ? "" : "s");
}

int top__headline(const struct top *t, const struct top_target *tgt, double secs,
		  char *buf, size_t size)
{
	const struct top_counts *c = &t->interval;
	char rate[32], target[128];
	int n;

	n = secs > 0 ? snprintf(buf, size, "   PerfTop:%8.0f irqs/sec", c->samples / secs) :
		       snprintf(buf, size, "   PerfTop:%8d irqs/sec", 0);
	if (tgt->kvm || t->seen_guest)
		n += snprintf(buf + n, size > (size_t)n ? size - n : 0,
			      "  kernel:%4.1f%% us:%4.1f%% guest kernel:%4.1f%% guest us:%4.1f%%"
			      " exact: %4.1f%%", share(c->kernel, c->samples),
			      share(c->user, c->samples), share(c->guest_kernel, c->samples),
			      share(c->guest_user, c->samples), share(c->exact, c->samples));
	else
		n += snprintf(buf + n, size > (size_t)n ? size - n : 0,
			      "  kernel:%4.1f%%  exact: %4.1f%% lost: %" PRIu64 "/%" PRIu64
			      " drop: 0/0", share(c->kernel, c->samples), share(c->exact, c->samples),
			      c->lost, t->total.lost);
	if (tgt->freq)
		snprintf(rate, sizeof(rate), "%" PRIu64 "Hz", tgt->freq);
	else
		snprintf(rate, sizeof(rate), "%" PRIu64, tgt->period);
	headline__target(tgt, target, sizeof(target));
	n += snprintf(buf + n, size > (size_t)n ? size - n : 0, " [%s %s],  %s", rate,
		      tgt->event, target);
	return n;
}

int top_snapshot__sym_width(const struct top_snapshot *snap, size_t rows)
{
	const struct sort_key *sym = sort_key__find("sym");
	char buf[SYM_WIDTH_MAX + 2];
	int w = SYM_WIDTH_MIN;
	size_t i;

	if (!rows || rows > snap->nr)
		rows = snap->nr;
	for (i = 0; i < rows; i++) {
		int n = sym->snprintf(&snap->entries[i], buf, sizeof(buf));

		if (n > w)
			w = n;
	}
	return w > SYM_WIDTH_MAX ? SYM_WIDTH_MAX : w;
}

static void underline(char *buf, int n)
{
	memset(buf, '_', n);
	buf[n] = '\0';
}

void top__format_header(int sym_width, char *title, char *rule, size_t size)
{
	char fn[SYM_WIDTH_MAX + 1];

	snprintf(title, size, "%12s  %7s  %-*s  %s", "samples", "pcnt", sym_width, "function",
		 "DSO");
	underline(fn, sym_width);
	snprintf(rule, size, "%12s  %7s  %s  %s", "_______", "_______", fn, "___");
}

void top_snapshot__format_header(const struct top_snapshot *snap, int sym_width, char *title,
				 char *rule, size_t size)
{
	const struct hists *h = &snap->view;
	char line[SYM_WIDTH_MAX + 1];
	int k, n = 0, m = 0;

	if (!snap->columns) {
		top__format_header(sym_width, title, rule, size);
		return;
	}
	n = snprintf(title, size, "%12s  %7s", "samples", "pcnt");
	m = snprintf(rule, size, "%12s  %7s", "_______", "_______");
	for (k = 0; k < h->nr_keys && (size_t)n < size && (size_t)m < size; k++) {
		underline(line, min(snap->widths[k], SYM_WIDTH_MAX));
		n += snprintf(title + n, size - n, "  %-*s", k == h->nr_keys - 1 ? 0 : snap->widths[k],
			      h->keys[k]->header);
		m += snprintf(rule + m, size - m, "  %s", line);
	}
}

/* A --sort row: each key's value, in its column. */
static int top_snapshot__format_columns(const struct top_snapshot *snap, size_t i, char *buf,
					size_t size)
{
	const struct hist_entry *e = &snap->entries[i];
	const struct hists *h = &snap->view;
	char val[SYM_WIDTH_MAX + 1];
	int k, n;

	n = snprintf(buf, size, "%12" PRIu64 "  %6.2f%%", e->nr_samples,
		     share(e->period, snap->total_period));
	for (k = 0; k < h->nr_keys && (size_t)n < size; k++) {
		h->keys[k]->snprintf(e, val, (size_t)snap->widths[k] + 1);
		n += snprintf(buf + n, size - n, "  %-*s", k == h->nr_keys - 1 ? 0 : snap->widths[k],
			      val);
	}
	return n;
}

int top_snapshot__format_row(const struct top_snapshot *snap, size_t i, int sym_width,
			     char *buf, size_t size)
{
	const struct hist_entry *e = &snap->entries[i];
	char sym[SYM_WIDTH_MAX + 1];

	if (snap->columns)
		return top_snapshot__format_columns(snap, i, buf, size);
	/* Cut at the column: a C++ name must not push the DSO off the screen. */
	sort_key__find("sym")->snprintf(e, sym, (size_t)sym_width + 1);
	return snprintf(buf, size, "%12" PRIu64 "  %6.2f%%  %-*s  %s", e->nr_samples,
			share(e->period, snap->total_period), sym_width, sym,
			e->key.dso ? e->key.dso->short_name : "[unknown]");
}
