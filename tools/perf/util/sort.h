/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_SORT_H
#define __PERF_SORT_H

#include <stdbool.h>
#include <stddef.h>

struct hist_entry;

/* The longest value of one key that is printed whole: C++ names run long. */
#define SORT_KEY_MAX	8192

enum sort_field {
	SORT_FIELD_COMM	= 1 << 0,
	SORT_FIELD_THREAD	= 1 << 1,
	SORT_FIELD_DSO	= 1 << 2,
	SORT_FIELD_SYM	= 1 << 3,
};

/*
 * A report column that entries are grouped and ordered by.  A new sort
 * key is a new entry in the table in sort.c.
 */
struct sort_key {
	const char *name;	/* as given to --sort */
	const char *header;	/* the column title */
	unsigned int fields;	/* SORT_FIELD_* it needs in the entry key */
	/* Identity: entries that compare equal are one row. */
	int (*cmp)(const struct hist_entry *a, const struct hist_entry *b);
	/* The order of rows that tie on period, as perf prints them; NULL: @cmp's. */
	int (*order)(const struct hist_entry *a, const struct hist_entry *b);
	int (*snprintf)(const struct hist_entry *he, char *buf, size_t size);
	/*
	 * The column width a row asks for, where that is not the length of
	 * what it prints; values longer than the column are then cut to it.
	 * NULL: the printed length, never cut.
	 */
	int (*width)(const struct hist_entry *he);
	/* perf pads every value to its column's width but this one's, when it comes last. */
	bool ragged_last;
};

/* Orders two rows that tie on period by sort key @k. */
static inline int sort_key__order(const struct sort_key *k, const struct hist_entry *a,
				  const struct hist_entry *b)
{
	return k->order ? k->order(a, b) : k->cmp(a, b);
}

/* The sort key called @name, or NULL. */
const struct sort_key *sort_key__find(const char *name);

#endif /* __PERF_SORT_H */
