/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_LIVE_H
#define __PERF_LIVE_H

#include <poll.h>
#include <stdbool.h>
#include "evlist.h"

/*
 * The loop of a live session (record, top): the signals that end it,
 * draining the rings, and waiting for more.  A process runs one live
 * session at a time; the signal state is the process's.
 */

/*
 * Makes SIGINT and SIGTERM (and SIGHUP with @hup) end the session, and
 * with @chld makes SIGCHLD set live__child_exited().
 */
void live__install_signals(bool hup, bool chld);

/* Has a signal asked the session to end? */
bool live__done(void);

/* Has SIGCHLD come since the start or the last live__clear_child()? */
bool live__child_exited(void);

/* Forgets a SIGCHLD that was not our child's exit. */
void live__clear_child(void);

/* What to do with the rings' records, for live__read_rings(). */
struct ring_reader {
	/* One record, valid until the ring is consumed; non-zero stops reading (returned). */
	int (*event)(struct ring_reader *r, const union perf_event *ev);
	/* Optional: called once a ring's records were handed over, before it is consumed. */
	void (*ring_done)(struct ring_reader *r, const struct perf_mmap *m);
};

/*
 * Hands every new record of every ring of @el to @r once.  *@read says
 * whether some ring had new data.  Returns 0 or the first non-zero
 * r->event() result (the rest of that ring is then still consumed).
 */
int live__read_rings(struct evlist *el, struct ring_reader *r, bool *read);

/* The descriptors to wait on: @el's rings, then one extra (a keyboard, say). */
struct live_poll {
	struct pollfd *fds;
	int nr_rings;
};

/* Sets up @p over @el's mapped rings. Returns 0 or -ENOMEM. */
int live_poll__init(struct live_poll *p, const struct evlist *el);

/*
 * Waits up to @timeout_ms for ring data or input on @extra_fd (none if
 * negative).  Returns -1 once every ring has hung up (all the threads
 * followed are gone), else 0.
 */
int live_poll__wait(struct live_poll *p, int extra_fd, int timeout_ms);

/* Frees what live_poll__init() allocated. */
void live_poll__exit(struct live_poll *p);

#endif /* __PERF_LIVE_H */
