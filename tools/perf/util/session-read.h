/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_SESSION_READ_H
#define __PERF_SESSION_READ_H

struct perf_sample;
struct perf_session;
struct perf_tool;
struct sample_reads;

/*
 * Delivers a PERF_SAMPLE_READ sample as Linux perf does: each counter of
 * the read becomes a sample of its own event, at the sample's IP, whose
 * period is how much that counter (that one id: a CPU or thread of the
 * event) grew since its previous read.  A counter that did not grow
 * gives no sample; one whose id is in no attr is counted as a bad
 * sample.  Returns 0, the tool's error or -ENOMEM.
 */
int session__deliver_read(struct perf_session *s, struct perf_tool *tool,
			  struct perf_sample *sample);

/* Frees what session__deliver_read() kept in @r (NULL is fine). */
void sample_reads__free(struct sample_reads *r);

#endif /* __PERF_SESSION_READ_H */
