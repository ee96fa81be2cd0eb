/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shim for <linux/bug.h>: CUSTOM.  WARN_ON() counts instead of printing a
 * backtrace, and the harness fails the test group in which one fired
 * (shim/perf.c keeps the count and the first site).  WARN_ON_ONCE() warns
 * every time: the harness wants to know how often.
 */
#ifndef _PG_SHIM_LINUX_BUG_H
#define _PG_SHIM_LINUX_BUG_H

#include "../dup.h"

void pg_warn(const char *file, int line, const char *cond);

#define WARN_ON(cond) ({						\
	bool __pg_c = !!(cond);						\
	if (unlikely(__pg_c))						\
		pg_warn(__FILE__, __LINE__, #cond);			\
	__pg_c;								\
})
#define WARN_ON_ONCE(cond)	WARN_ON(cond)

#endif
