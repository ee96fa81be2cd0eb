/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_TRACE_EVENT_H
#define __PERF_TRACE_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct perf_sample;
struct perf_session;
struct tep_event;
struct tep_format_field;
struct tep_handle;

/*
 * The tracepoint formats of @s (its HEADER_TRACING_DATA), parsed.
 * Returns 0 with *@tep set (NULL when the file has none), or -EINVAL
 * with s->err saying what is wrong with them.
 */
int session__trace_events(struct perf_session *s, struct tep_handle **tep);

/* Frees what session__trace_events() made; NULL is fine. */
void trace_events__free(struct tep_handle *tep);

/* The format of the tracepoint whose payload @sample carries, or NULL. */
struct tep_event *trace_event__find(struct tep_handle *tep, const struct perf_sample *sample);

/* The common_type field of @tep's payloads, by which libtraceevent tells their event; NULL: none. */
struct tep_format_field *trace_events__type_field(struct tep_handle *tep);

/* The tracepoint id that @sample's payload names (its common_type), or -1. */
int trace_event__type(struct tep_handle *tep, const struct perf_sample *sample);

/* Reads integer field @f of @sample's payload into *@val: 0, or -ENOENT if it does not fit. */
int trace_field__read(struct tep_format_field *f, const struct perf_sample *sample,
		      uint64_t *val);

/*
 * Reads the integer field @name of @ev's payload in @sample into *@val.
 * Returns 0, or -ENOENT when the format has no such field or the
 * payload is too short for it.
 */
int trace_event__field(struct tep_event *ev, const struct perf_sample *sample, const char *name,
		       uint64_t *val);

/* Prints @sample's payload as its format's print fmt has it, as perf script does. */
void trace_event__print(struct tep_handle *tep, const struct perf_sample *sample, FILE *out);

#endif /* __PERF_TRACE_EVENT_H */
