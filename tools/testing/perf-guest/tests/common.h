/* SPDX-License-Identifier: GPL-2.0 */
/* Assertions for the tests: report file:line:function and fail the test. */
#ifndef _PG_TESTS_COMMON_H
#define _PG_TESTS_COMMON_H

#include <stdio.h>

#define PG_ASSERT(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: %s: assertion failed: %s\n",	\
			__FILE__, __LINE__, __func__, #cond);		\
		return -1;						\
	}								\
} while (0)

#define PG_ASSERT_EQ(a, b) do {						\
	long long __a = (long long)(a), __b = (long long)(b);		\
	if (__a != __b) {						\
		fprintf(stderr, "%s:%d: %s: %s == %lld, expected %s == %lld\n", \
			__FILE__, __LINE__, __func__, #a, __a, #b, __b); \
		return -1;						\
	}								\
} while (0)

#endif /* _PG_TESTS_COMMON_H */
