/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_HEADER_RECORDS_H
#define __PERF_HEADER_RECORDS_H

#include <stdint.h>

/*
 * The header as records: what the pipe format sends in place of the
 * file header (HEADER_ATTR, HEADER_FEATURE, HEADER_BUILD_ID,
 * HEADER_TRACING_DATA), and the records of either format that amend the
 * header (EVENT_UPDATE).  Records may lie misaligned: they are read with
 * memcpy.  Each returns 0, -ENOMEM, or -EINVAL with s->err set.
 */
struct perf_session;

/*
 * Reads the header records at the start of a pipe-format stream, up to
 * the first record of another kind, and lays the features out in
 * s->image as a file's header would hold them (s->base points there).
 */
int header_records__read(struct perf_session *s);

/* EVENT_UPDATE: a NAME update renames the event its id belongs to; the others are skipped. */
int header_records__event_update(struct perf_session *s, const char *ev, uint32_t size,
				 uint64_t off);

/* Checks a HEADER_BUILD_ID record's size and name, so that the consumer may trust it. */
int header_records__check_build_id(struct perf_session *s, const char *ev, uint32_t size,
				   uint64_t off);

/* HEADER_TRACING_DATA: sets *@payload to the size of the data that follow it. */
int header_records__tracing_data(struct perf_session *s, const char *ev, uint32_t size,
				 uint64_t off, uint64_t *payload);

/* AUXTRACE: hardware trace data, not decoded; sets *@payload to the bytes to skip after it. */
int header_records__auxtrace(struct perf_session *s, const char *ev, uint32_t size,
			     uint64_t off, uint64_t *payload);

#endif /* __PERF_HEADER_RECORDS_H */
