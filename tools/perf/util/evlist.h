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
 * header stores for it (attr, kernel ids, name).
 */
struct evsel {
	struct perf_header_attr desc;
	int *fds;
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
 * Parses an event spec, NAME[:MODIFIERS] (u, k, G, H), into @attr and
 * a canonical @name.  Returns 0 or -ENOENT for an unknown event.
 */
int parse_event(const char *spec, struct perf_event_attr *attr, char *name, size_t size);

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

/* Adds the event @spec with @attr's sampling settings. Returns 0, -ENOENT or -ENOMEM. */
int evlist__add(struct evlist *el, const char *spec, const struct perf_event_attr *tmpl);

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
