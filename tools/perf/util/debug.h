/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_DEBUG_H
#define __PERF_DEBUG_H

#include <stdbool.h>

/*
 * Messages for the user.  Library code (util/) returns -errno and leaves
 * printing to the command; pr_debug() is the exception, for -v tracing.
 */
extern int verbose;
extern bool quiet;

int eprintf(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define pr_err(fmt, ...)	eprintf(-1, "Error: " fmt, ##__VA_ARGS__)
#define pr_warning(fmt, ...)	eprintf(0, "Warning: " fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)	eprintf(0, fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...)	eprintf(1, fmt, ##__VA_ARGS__)
#define pr_debug2(fmt, ...)	eprintf(2, fmt, ##__VA_ARGS__)

#endif /* __PERF_DEBUG_H */
