/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_TESTS_H
#define __PERF_TESTS_H

#include <stdio.h>

enum { TEST_OK = 0, TEST_FAIL = -1, TEST_SKIP = -2 };

/* Fails the current test with file:line and the failed condition. */
#define TEST_ASSERT_VAL(text, cond)						\
do {										\
	if (!(cond)) {								\
		fprintf(stderr, "    %s:%d: %s: %s (%s)\n", __FILE__, __LINE__,	\
			__func__, text, #cond);					\
		return TEST_FAIL;						\
	}									\
} while (0)

struct test_case {
	const char *desc;
	int (*func)(void);
};

#define DECLARE_SUITE(name) extern const struct test_case name[]

/* Each tests/<area>.c exports one NULL-terminated table. */
DECLARE_SUITE(header_tests);
DECLARE_SUITE(mmap_tests);
DECLARE_SUITE(parse_options_tests);
DECLARE_SUITE(maps_tests);
DECLARE_SUITE(cpumap_tests);
DECLARE_SUITE(symbol_tests);
DECLARE_SUITE(top_tests);
DECLARE_SUITE(hists_tests);
DECLARE_SUITE(build_id_cache_tests);
DECLARE_SUITE(names_tests);
DECLARE_SUITE(sample_tests);
DECLARE_SUITE(evlist_tests);
DECLARE_SUITE(symtab_cache_tests);
DECLARE_SUITE(flamegraph_tests);
DECLARE_SUITE(unwind_tests);
DECLARE_SUITE(callgraph_opts_tests);
DECLARE_SUITE(trace_data_tests);

#endif /* __PERF_TESTS_H */
