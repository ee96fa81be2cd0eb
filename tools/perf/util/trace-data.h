/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_TRACE_DATA_H
#define __PERF_TRACE_DATA_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct tep_handle;

/*
 * Encodes HEADER_TRACING_DATA (the pipe format's TRACING_DATA payload)
 * for the tracepoints @names ("SYSTEM:EVENT", modifiers after a second
 * ':' ignored) from tracefs, laid out as perf writes it (version 0.6):
 * the ring-buffer headers, each event's format file grouped by system,
 * no kallsyms, printk_formats, no saved cmdlines.  Returns 0 or -errno.
 */
int trace_data__encode(struct buf *b, const char * const *names, int nr);

/*
 * Parses tracing data (untrusted: every length is checked against
 * @size) into a new libtraceevent handle.  Returns it, or NULL with
 * @err saying at which offset of the data what was wrong.
 */
struct tep_handle *trace_data__parse(const void *data, size_t size, char *err, size_t errlen);

/*
 * Walks tracing data as trace_data__parse() does, every length checked,
 * but hands no format to libtraceevent.  Returns 0, or -EINVAL with @err
 * set.  (libtraceevent's own parsers are not hardened against hostile
 * format text; this is the part that is ours.)
 */
int trace_data__check(const void *data, size_t size, char *err, size_t errlen);

#endif /* __PERF_TRACE_DATA_H */
