/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_HIST_DIFF_H
#define __PERF_HIST_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct hist_entry;
struct hists;

/*
 * One row of perf diff: the entries of the baseline, of the new profile,
 * or of both, that share their sort keys.  As in perf diff, symbols match
 * by name, not address (the two files may come from different builds),
 * and a DSO's unresolved addresses make one row.  @delta is meaningful
 * only with @in_new.
 */
struct diff_entry {
	const struct hist_entry *key;	/* prints the sort keys */
	uint64_t old_period;
	uint64_t new_period;
	bool in_old;
	bool in_new;
	double delta;			/* new share - old share, in percent */
};

/*
 * Two profiles of one event, matched entry by entry.  The hists are
 * borrowed: they must outlive the diff and stay unchanged.
 */
struct hists_diff {
	const struct hists *old;
	const struct hists *new;
	struct diff_entry *entries;
	size_t nr;
};

/*
 * Matches the entries of @old and @new, both sorted by hists__sort()
 * with the same sort keys (@new may be NULL: nothing matches), and orders
 * the rows as perf diff does: by absolute delta, then baseline share,
 * then the sort keys.  Returns 0 or -ENOMEM.
 */
int hists_diff__compute(struct hists_diff *d, const struct hists *old, const struct hists *new);

/* Prints the column titles (if @header) and the rows: Baseline, Delta Abs, then the keys. */
void hists_diff__fprintf(const struct hists_diff *d, bool header, FILE *fp);

/* Frees the rows; the hists are the caller's. */
void hists_diff__exit(struct hists_diff *d);

#endif /* __PERF_HIST_DIFF_H */
