/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_EVLIST_H
#define __PERF_EVLIST_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include "cpumap.h"
#include "header.h"
#include "mmap.h"
#include "thread_map.h"

/*
 * One event, opened once per (cpu, thread) slot.  @desc is what the file
 * header stores for it (attr, kernel ids, name).  An event group is a
 * leader and the members that follow it in the list; a lone event is its
 * own leader, of a group of one.
 */
struct evsel {
	struct perf_header_attr desc;
	int *fds;
	int leader;		/* index of the group leader in the evlist */
	int nr_members;		/* a leader's group size, itself included */
	char *group_name;	/* a leader's: NULL for an anonymous group */
};

/*
 * The events of a session over one set of CPUs and threads.  Slot
 * (cpu i, thread j) has one ring, owned by the first event's fd there;
 * the other events' fds at that slot write into it.
 */
struct evlist {
	struct evsel *entries;
	int nr;
	struct cpu_map cpus;
	struct thread_map threads;
	struct perf_mmap **mmaps;
	int nr_mmaps;
	struct pollfd *pollfd;
};

/*
 * Parses an event spec, NAME[:MODIFIERS] (u, k, h, G, H, S), into @attr
 * and a canonical @name.  S (sample the counter's value) adds
 * PERF_SAMPLE_READ; evlist__add() sets up the rest.  Returns 0 or
 * -ENOENT for an unknown event.
 */
int parse_event(const char *spec, struct perf_event_attr *attr, char *name, size_t size);

/*
 * The length of the first item of the comma list @s: one event, or one
 * group "[NAME]{EVENT,...}[:MODIFIERS]" whose commas are its own.
 */
size_t event_spec__len(const char *s);

/* Re-targets @e to the event @spec (type, config, modifiers, name). Returns 0, -ENOENT or -ENOMEM. */
int evsel__set_event(struct evsel *e, const char *spec);

/* Closes @e's fds and forgets its ids, so that it can be opened again. */
void evsel__close(struct evsel *e);

/* The canonical name of @attr's event (without modifiers), or "unknown". */
const char *attr__event_name(const struct perf_event_attr *attr);

/*
 * cycles is what perf samples by default; a machine without a PMU
 * cannot count it, and cpu-clock is the honest stand-in.  If @e is
 * cycles and @err says so, re-targets it to cpu-clock (modifiers kept)
 * and returns true; the caller reopens and tells the user.
 */
bool evsel__fallback(struct evsel *e, int err);

/*
 * Adds the event or group @spec (see event_spec__len()) with @tmpl's
 * sampling settings.  A group's modifiers apply to every member (u, k
 * and h widen what a member's own let through, as in Linux perf); S
 * makes the leader sample the whole group's counts, which the members
 * only count.  Returns 0, -ENOENT (unknown event), -EINVAL (bad group
 * syntax) or -ENOMEM; on failure @el is as it was.
 */
int evlist__add(struct evlist *el, const char *spec, const struct perf_event_attr *tmpl);

/* Makes the events that sample their counts (:S) read their enabled and running times too. */
void evlist__set_read_times(struct evlist *el);

/* Makes every event one group, led by the first (record --group). */
void evlist__set_leader(struct evlist *el);

/* Encodes HEADER_GROUP_DESC for @el's groups of two or more into @b (nothing if none). */
void evlist__encode_group_desc(const struct evlist *el, struct buf *b);

/*
 * Opens every event on every slot.  On failure returns -errno and sets
 * *@failed to the event that could not be opened.
 */
int evlist__open(struct evlist *el, struct evsel **failed);

/*
 * evlist__open(), falling back from cycles to cpu-clock (see
 * evsel__fallback()); *@fell_back is the event that fell back, or NULL,
 * for the command to tell the user.  Returns 0 or -errno with *@failed set.
 */
int evlist__open_fallback(struct evlist *el, struct evsel **failed, struct evsel **fell_back);

/* Formats for the user why @e could not be opened; @target names the pid/tid for ESRCH. */
void evsel__open_strerror(const struct evsel *e, int err, const char *target, char *buf,
			  size_t size);

/* Maps one ring of @pages data pages per slot. Returns 0 or -errno. */
int evlist__mmap(struct evlist *el, size_t pages);

/* Enables or disables every event. */
void evlist__enable(struct evlist *el, bool on);

/* Number of slots (rings). */
static inline int evlist__nr_slots(const struct evlist *el)
{
	return el->cpus.nr * el->threads.nr;
}

/* Closes and frees everything, cpus and threads included. */
void evlist__exit(struct evlist *el);

#endif /* __PERF_EVLIST_H */
