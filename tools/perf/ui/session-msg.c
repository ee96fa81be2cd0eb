// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include "ui/session-msg.h"
#include "util/debug.h"
#include "util/event.h"
#include "util/session.h"
#include "util/trace-event.h"
#include "util/util.h"

static const char *record_type_name(unsigned int type)
{
	static char buf[32];

	snprintf(buf, sizeof(buf), type >= STATS_TYPES - 1 ? "%u and above" : "%u", type);
	return buf;
}

int session_msg__open(struct perf_session *s, const char *path, const struct guest_config *cfg)
{
	char msg[512];
	int err = perf_session__open(s, path, cfg);

	if (err) {
		perf_session__strerror(s, err, cfg ? cfg->guestmount : NULL, msg, sizeof(msg));
		pr_err("%s\n", msg);
		return err;
	}
	if (s->header.data_size_unknown && !s->pipe)
		pr_warning("%s: the header says the data size is 0 (was perf record killed?); "
			   "reading up to the end of the file\n", path);
	return 0;
}

static struct perf_session *interruptible;
static volatile sig_atomic_t interrupts;

/*
 * Ctrl-C while reading: a file stops where it is and what was read is
 * shown.  A stream's writer (perf record -o - | ...) got the same
 * SIGINT and is finishing its data: read on to its end, and stop only
 * on a second Ctrl-C.
 */
static void session_msg__sigint(int sig __maybe_unused)
{
	if (interruptible && (++interrupts > 1 || !interruptible->rd.src.stream))
		perf_session__stop(interruptible);
}

int session_msg__process(struct perf_session *s, struct perf_tool *tool)
{
	struct sigaction sa = { .sa_handler = session_msg__sigint }, old;
	char msg[512];
	int err;

	sigemptyset(&sa.sa_mask);
	interruptible = s;
	interrupts = 0;
	sigaction(SIGINT, &sa, &old);
	err = perf_session__process(s, tool);
	sigaction(SIGINT, &old, NULL);
	interruptible = NULL;

	if (err) {
		perf_session__strerror(s, err, NULL, msg, sizeof(msg));
		pr_err("%s\n", msg);
	}
	return err;
}

int session_msg__trace_events(struct perf_session *s, struct tep_handle **tep)
{
	char msg[512];
	int err = session__trace_events(s, tep);

	if (err) {
		perf_session__strerror(s, err, NULL, msg, sizeof(msg));
		pr_err("%s\n", msg);
	}
	return err;
}

void session_msg__stats(const struct perf_session *s)
{
	const struct session_stats *st = &s->stats;
	unsigned int t;

	if (st->stopped_at)
		pr_warning("%s: interrupted at offset %" PRIu64 ": what follows covers the data "
			   "before it\n", s->path, st->stopped_at);
	if (st->truncated_at)
		pr_warning("%s: offset %" PRIu64 ": the data end inside a record; the records "
			   "before it were read\n", s->path, st->truncated_at);
	if (st->nr_lost)
		pr_warning("%s: the kernel lost %" PRIu64 " samples in %" PRIu64
			   " chunks while recording\n", s->path, st->nr_lost, st->nr_lost_records);
	if (st->nr_bad_samples)
		pr_warning("%s: %" PRIu64 " samples were malformed or had an unknown id; skipped\n",
			   s->path, st->nr_bad_samples);
	if (st->aux_bytes)
		pr_warning("%s: %" PRIu64 " bytes of hardware trace data (AUXTRACE) were skipped: "
			   "they are not decoded\n", s->path, st->aux_bytes);
	if (st->nr_ignored)
		pr_warning("%s: %" PRIu64 " header records came after the data began; ignored\n",
			   s->path, st->nr_ignored);
	if (!st->nr_unknown)
		return;
	pr_debug("%s: %" PRIu64 " records of unknown types skipped\n", s->path, st->nr_unknown);
	for (t = 0; t < STATS_TYPES; t++)
		if (st->unknown_types[t])
			pr_debug("  type %s: %u records\n", record_type_name(t), st->unknown_types[t]);
}
