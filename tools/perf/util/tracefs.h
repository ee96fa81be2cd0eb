/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_TRACEFS_H
#define __PERF_TRACEFS_H

#include <stddef.h>

/*
 * The tracefs mount: /sys/kernel/tracing, else the debugfs one
 * (/sys/kernel/debug/tracing), whichever has an events/ directory.
 * Returns the path, or NULL if neither does.
 */
const char *tracefs__path(void);

/*
 * Whether @s is a tracepoint name, SYSTEM:EVENT (letters, digits, '_',
 * and '-' or '.' in the system), ending at @len.
 */
int tracepoint__valid_name(const char *s, size_t len);

/*
 * The tracefs id of the tracepoint @sys:@name.  Returns the id (>= 0),
 * -ENOENT when the kernel has no such tracepoint (or no tracefs), or
 * -errno for any other failure to read it.
 */
int tracepoint__id(const char *sys, const char *name);

/*
 * Reads the tracefs file @rel (relative to the mount, e.g.
 * "events/kvm/kvm_exit/format") whole into a new buffer.  Returns its
 * length, with *@out to be freed, or -errno.
 */
long tracefs__read(const char *rel, char **out);

#endif /* __PERF_TRACEFS_H */
