/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_TOP_H
#define __PERF_TOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "callchain.h"
#include "event.h"
#include "hist.h"
#include "machines.h"

/*
 * The live side of perf top, without perf_event_open: ring records go in
 * (top__process_event), a histogram of (dso, sym) and per-interval
 * counters come out.  Between two displays the entries decay, so the
 * table shows what is hot now rather than since the start.
 */

/* Samples of one interval (or of the whole run) by where they were taken. */
struct top_counts {
	uint64_t samples;
	uint64_t kernel;
	uint64_t user;
	uint64_t guest_kernel;
	uint64_t guest_user;
	uint64_t exact;		/* PERF_RECORD_MISC_EXACT_IP */
	uint64_t lost;		/* samples the kernel dropped (LOST records) */
};

struct top {
	struct machines machines;
	struct hists hists;
	uint64_t sample_type;		/* of the one event sampled */
	const struct perf_event_attr *attr;	/* its attr, for the chains' fields; NULL: none */
	bool host;			/* keep host samples in the table */
	bool guest;			/* keep guest samples in the table */
	bool seen_guest;		/* some guest sample arrived */
	struct top_counts interval;	/* since the last top__end_interval() */
	struct top_counts total;
	uint64_t nr_bad;		/* malformed records skipped */
	struct callchain_param cc;	/* with call chains: how the trees are built */
};

/*
 * A sorted copy of the table's rows, safe to browse while the table
 * changes.  With call chains, @view is a hists over the copy that the
 * report printers take: it shares the table's chains, whose trees stay
 * as they are until the next top__snapshot().  The rows' demangled names
 * are the table's: good until the next top__decay() or top__snapshot().
 */
struct top_snapshot {
	struct hist_entry *entries;	/* by period, highest first (Children first, with chains) */
	size_t nr;
	uint64_t total_period;
	const struct hists *hists;	/* for the sort keys' order: @view */
	struct hists view;		/* not to hists__exit(): it owns nothing */
	bool columns;			/* --sort: a column per key, not function and DSO */
	int widths[HISTS_MAX_KEYS];	/* with @columns: each key's column */
};

/* What the headline says about the session besides the counts. */
struct top_target {
	const char *event;		/* "cpu-clock" */
	uint64_t freq;			/* Hz, or 0 with @period */
	uint64_t period;
	const char *pid;		/* -p, or NULL */
	const char *tid;		/* -t, or NULL */
	const char *cpu_list;		/* -C, or NULL */
	int nr_cpus;
	bool kvm;			/* perf kvm top: always the guest shares */
};

/* Sets up an empty top over the host and @cfg's guests. Returns 0 or -errno. */
int top__init(struct top *t, const struct guest_config *cfg, uint64_t sample_type);

/*
 * Keeps call chains: each sample's into its row's tree, and Children as
 * @children says, shown as @cc says (copied).  Returns 0 or -ENOMEM.
 */
int top__enable_chains(struct top *t, const struct callchain_param *cc, bool children);

/*
 * Groups the table by the comma list @sort (report's keys) rather than
 * by function and DSO; before any sample.  Returns 0, -EINVAL (an
 * unknown key) or -ENOMEM.
 */
int top__set_sort(struct top *t, const char *sort);

/* Frees the table and the machines. */
void top__exit(struct top *t);

/*
 * Applies one ring record: side-band records update the machines, a
 * sample is counted and, if its host/guest side is kept, resolved into
 * the table.  Returns 0 or -ENOMEM; a malformed record only counts in @nr_bad.
 */
int top__process_event(struct top *t, const union perf_event *ev);

/* Accounts one parsed sample (@exact: the record had EXACT_IP). Returns 0 or -ENOMEM. */
int top__add_sample(struct top *t, const struct perf_sample *s, bool exact);

/*
 * Ages the table as perf does between refreshes: every count becomes
 * 7/8 of itself, rounded down, and entries that reach zero go away;
 * so do the call chains' counts.  Returns 0 or -ENOMEM.
 */
int top__decay(struct top *t);

/* Starts a new interval: the headline counts restart from zero. */
void top__end_interval(struct top *t);

/*
 * Sorts the table (hists__sort() with chains: their trees too; else
 * hists__sort_rows()) and fills @snap with a copy of its rows (free with
 * top_snapshot__exit).  Returns 0 or -ENOMEM.
 */
int top__snapshot(struct top *t, struct top_snapshot *snap);

/* Frees a snapshot's entries. */
void top_snapshot__exit(struct top_snapshot *snap);

/*
 * Formats the headline of the interval that lasted @secs seconds into
 * @buf, as perf 6.1's top prints it (its perf kvm top form when @tgt->kvm
 * or once a guest sample was seen).  Returns the length snprintf gave.
 */
int top__headline(const struct top *t, const struct top_target *tgt, double secs,
		  char *buf, size_t size);

/* Width of the function column for the first @rows rows of @snap (0: all). */
int top_snapshot__sym_width(const struct top_snapshot *snap, size_t rows);

/* The two column title lines for a function column @sym_width wide. */
void top__format_header(int sym_width, char *title, char *rule, size_t size);

/* The column titles of @snap's table: top__format_header()'s, or with --sort one per key. */
void top_snapshot__format_header(const struct top_snapshot *snap, int sym_width, char *title,
				 char *rule, size_t size);

/*
 * Formats row @i of @snap: samples, pcnt, "[level] function", DSO (with
 * --sort: each key's column).  Returns the length.
 */
int top_snapshot__format_row(const struct top_snapshot *snap, size_t i, int sym_width,
			     char *buf, size_t size);

#endif /* __PERF_TOP_H */
