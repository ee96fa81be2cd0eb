// SPDX-License-Identifier: GPL-2.0
/*
 * The loop glue that record and top share: signals, ring draining and
 * polling.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "live.h"

static volatile sig_atomic_t done;
static volatile sig_atomic_t child_exited;

static void live__sig_handler(int sig)
{
	if (sig == SIGCHLD)
		child_exited = 1;
	else
		done = 1;
}

void live__install_signals(bool hup, bool chld)
{
	struct sigaction sa = { .sa_handler = live__sig_handler };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (hup)
		sigaction(SIGHUP, &sa, NULL);
	if (chld)
		sigaction(SIGCHLD, &sa, NULL);
}

bool live__done(void)
{
	return done;
}

bool live__child_exited(void)
{
	return child_exited;
}

void live__clear_child(void)
{
	child_exited = 0;
}

int live__read_rings(struct evlist *el, struct ring_reader *r, bool *read)
{
	int i, err = 0;

	*read = false;
	for (i = 0; i < el->nr_mmaps; i++) {
		struct perf_mmap *m = el->mmaps[i];
		const union perf_event *ev;

		if (perf_mmap__read_init(m))
			continue;
		while (!err && (ev = perf_mmap__read_event(m)))
			err = r->event(r, ev);
		if (r->ring_done)
			r->ring_done(r, m);
		perf_mmap__consume(m);
		*read = true;
		if (err)
			break;
	}
	return err;
}

int live_poll__init(struct live_poll *p, const struct evlist *el)
{
	p->nr_rings = el->nr_mmaps;
	p->fds = calloc(p->nr_rings + 1, sizeof(*p->fds));
	if (!p->fds)
		return -ENOMEM;
	memcpy(p->fds, el->pollfd, p->nr_rings * sizeof(*p->fds));
	p->fds[p->nr_rings].fd = -1;
	p->fds[p->nr_rings].events = POLLIN;
	return 0;
}

int live_poll__wait(struct live_poll *p, int extra_fd, int timeout_ms)
{
	int i, n, hup = 0;

	/* poll() skips a negative fd. */
	p->fds[p->nr_rings].fd = extra_fd;
	n = poll(p->fds, p->nr_rings + 1, timeout_ms);
	if (n <= 0)
		return 0;
	for (i = 0; i < p->nr_rings; i++)
		hup += !!(p->fds[i].revents & POLLHUP);
	return hup == p->nr_rings ? -1 : 0;
}

void live_poll__exit(struct live_poll *p)
{
	free(p->fds);
	p->fds = NULL;
}
