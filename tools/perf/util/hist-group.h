/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_HIST_GROUP_H
#define __PERF_HIST_GROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hist_entry;
struct hists;
struct perf_header;

/*
 * How the events of a file go together in report: each event's leader
 * (its own index when alone) and each leader's member count.
 */
struct event_groups {
	int *leader;
	int *nr_members;
	int nr;
	bool forced;		/* one group of every event, made by the user, not the file */
};

/*
 * The groups of @h's HEADER_GROUP_DESC; or, if it has none and @force,
 * one group of every event under the first, which is what Linux perf
 * makes of --group (and of --no-group) on a file without groups.
 * Returns 0 or -ENOMEM.
 */
int event_groups__init(struct event_groups *g, const struct perf_header *h, bool force);

/* Frees what event_groups__init() allocated. */
void event_groups__exit(struct event_groups *g);

/*
 * The table of an event group as perf prints it: one row per entry of
 * any member, entries matched by the sort keys, and each member's entry
 * (NULL where it has none) side by side.  A lone event is a group of
 * one, with its entries as rows.
 */
struct hists_group {
	struct hists * const *members;	/* [0] is the leader; the caller's array */
	int nr_members;
	const struct hist_entry **cells;	/* row r, member m at [r * nr_members + m] */
	size_t nr_rows;
};

/*
 * Lays out the group of the @nr hists at @members, each already sorted
 * (hists__sort()).  Rows go by the leader's period, highest first, ties
 * by each member's in turn, then by the sort keys.  Returns 0 or -ENOMEM.
 */
int hists_group__build(struct hists_group *g, struct hists * const *members, int nr);

/* Frees what hists_group__build() allocated. */
void hists_group__exit(struct hists_group *g);

/* Member @m's entry in row @row, or NULL. */
static inline const struct hist_entry *hists_group__cell(const struct hists_group *g,
							 size_t row, int m)
{
	return g->cells[row * g->nr_members + m];
}

/* An entry of row @row: the one its sort keys are printed from. */
const struct hist_entry *hists_group__key_entry(const struct hists_group *g, size_t row);

/* The samples and the period of every member together, as perf's header sums them. */
uint64_t hists_group__nr_samples(const struct hists_group *g);
uint64_t hists_group__total_period(const struct hists_group *g);

#endif /* __PERF_HIST_GROUP_H */
