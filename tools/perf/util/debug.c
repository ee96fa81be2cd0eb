// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include "debug.h"

int verbose;
bool quiet;

/*
 * Level -1 is an error and is always printed; level 0 is suppressed by -q;
 * higher levels need that many -v.
 */
int eprintf(int level, const char *fmt, ...)
{
	va_list ap;
	int ret;

	if (level >= 0 && quiet)
		return 0;
	if (level > verbose)
		return 0;
	va_start(ap, fmt);
	ret = vfprintf(stderr, fmt, ap);
	va_end(ap);
	return ret;
}
