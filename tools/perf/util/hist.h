/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_HIST_H
#define __PERF_HIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct addr_location;
struct comm;
struct hist_chains;
struct dso;
struct perf_sample;
struct sort_key;
struct symbol;
struct thread;

/*
 * What a histogram entry is keyed by.  Fields of sort keys that are not
 * in use are zeroed before hashing, so entries that differ only there
 * merge, as the sort order asks.
 */
struct hist_key {
	const struct comm *comm;	/* at sample time: a name, or a placeholder named later */
	struct thread *thread;		/* for pid: shown with the thread's last name */
	struct dso *dso;
	const struct symbol *sym;
	uint64_t addr;			/* when @sym is NULL */
	char level;
};

struct hist_entry {
	struct hist_key key;
	uint64_t period;
	uint64_t nr_samples;
	uint64_t period_sys;
	uint64_t period_us;
	uint64_t period_guest_sys;
	uint64_t period_guest_us;
	char *sym_name;			/* demangled, once sorted; NULL: key.sym->name as it is */
	struct thread *thread;		/* of the row's first sample, whatever the keys */
	uint64_t first_sample;		/* that sample's number in the hists (Children: a caller's) */
	uint64_t period_acc;		/* Children: its own period and its callees' */
	uint32_t chain_root;		/* its call-chain tree's root node; 0: none */
	uint32_t chain_depth;		/* the longest chain in the tree */
	bool no_sym;			/* the row's first sample resolved to no symbol */
};

/* The symbol's name as a row prints it (NULL without a symbol). */
const char *hist_entry__sym_name(const struct hist_entry *e);

#define HISTS_MAX_KEYS	8

/* The entries of one event: an open-addressing hash over an array. */
struct hists {
	struct hist_entry *entries;
	size_t nr;
	size_t alloc;
	uint64_t *slots;		/* hash tag << 32 | (entry index + 1); 0 is empty */
	size_t nr_slots;		/* a power of two */
	const struct sort_key *keys[HISTS_MAX_KEYS];
	int nr_keys;
	unsigned int key_fields;	/* SORT_FIELD_* in use */
	uint64_t total_period;
	uint64_t nr_samples;
	struct hist_chains *chains;	/* NULL: no call chains */
	/*
	 * The rows in order, as indexes into @entries, once sorted: a view,
	 * so the entries stay where they are and keep taking samples.
	 */
	uint32_t *sorted;
	size_t nr_sorted;
};

/* The number of rows: the sorted view's, or every entry before any sort. */
static inline size_t hists__nr_rows(const struct hists *h)
{
	return h->sorted ? h->nr_sorted : h->nr;
}

/* Row @i: of the sorted view, or entry @i before any sort. */
static inline struct hist_entry *hists__row(const struct hists *h, size_t i)
{
	return &h->entries[h->sorted ? h->sorted[i] : i];
}

/* Sets up @h for the comma list @sort ("comm,dso,sym"). Returns 0, -EINVAL (unknown key) or -ENOMEM. */
int hists__init(struct hists *h, const char *sort);

/* Accounts one resolved sample; sets *@idx to its entry's index if @idx. Returns 0 or -ENOMEM. */
int hists__add(struct hists *h, const struct addr_location *al, const struct perf_sample *s,
	       size_t *idx);

/*
 * The entry keyed @k, added (empty) if new; NULL on ENOMEM.  One added
 * after a sort is in no row until the next.
 */
struct hist_entry *hists__findnew(struct hists *h, const struct hist_key *k);

/* The entry keyed @k, or NULL. */
struct hist_entry *hists__find(const struct hists *h, const struct hist_key *k);

/* Accounts one more sample to entry @idx, as hists__add() did before. */
void hists__add_to(struct hists *h, size_t idx, const struct perf_sample *s);

/* Counts a sample that no row shows (a filtered one) in the totals that shares are of. */
void hists__add_hidden(struct hists *h, const struct perf_sample *s);

/* Re-indexes the entries after their array was compacted (top's decay). Returns 0 or -ENOMEM. */
int hists__rehash(struct hists *h);

/*
 * Merges entries that print alike (the first of them takes the others'
 * counts, which drop to zero), builds the call-chain trees, then lays
 * out the rows (hists__row()) by period (Children first, if cumulated),
 * highest first; ties by the sort keys.  The entries stay in place: more
 * samples may come, and another sort takes them in.  Returns 0, or
 * -ENOMEM when the entries are good only for hists__exit().
 */
int hists__sort(struct hists *h);

/*
 * hists__sort()'s last step alone: every entry a row, none merged, in
 * the same order.  Returns 0 or -ENOMEM (the view is then empty).
 */
int hists__sort_rows(struct hists *h);

/* Whether @a and @b are one row under @h's sort keys: <0, 0 or >0, as for qsort(). */
int hists__cmp_keys(const struct hists *h, const struct hist_entry *a, const struct hist_entry *b);

/* The order of two rows of @h that tie on period, by the sort keys as perf prints them. */
int hists__order_keys(const struct hists *h, const struct hist_entry *a,
		      const struct hist_entry *b);

/* Frees everything. */
void hists__exit(struct hists *h);

#endif /* __PERF_HIST_H */
