/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_UI_SESSION_MSG_H
#define __PERF_UI_SESSION_MSG_H

/*
 * What the commands that read a perf.data (report, diff, buildid-list,
 * kvm) tell the user about it, said once and alike for each.
 */
struct guest_config;
struct perf_session;
struct perf_tool;
struct tep_handle;

/* Opens @path into @s, printing why not (naming @guestmount where it may be at fault). Returns 0 or -errno. */
int session_msg__open(struct perf_session *s, const char *path, const struct guest_config *cfg);

/* Processes @s through @tool, printing why it failed. Returns 0 or -errno. */
int session_msg__process(struct perf_session *s, struct perf_tool *tool);

/* Parses @s's tracepoint formats into *@tep (NULL if none), printing why not. Returns 0 or -errno. */
int session_msg__trace_events(struct perf_session *s, struct tep_handle **tep);

/* Warns of what reading @s lost or skipped: samples, records, a cut-short end. */
void session_msg__stats(const struct perf_session *s);

#endif /* __PERF_UI_SESSION_MSG_H */
