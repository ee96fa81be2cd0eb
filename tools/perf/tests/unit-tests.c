// SPDX-License-Identifier: GPL-2.0
/*
 * Runs the unit test tables.  One line per test: "ok - ...", "not ok - ..."
 * or "skip - ...: why"; failures also print file:line to stderr.
 * Usage: unit-tests [substring]   runs only the tests whose name matches.
 */
#include <stdio.h>
#include <string.h>
#include "tests.h"

static const struct test_case *suites[] = {
	header_tests,
	mmap_tests,
	parse_options_tests,
	maps_tests,
	cpumap_tests,
	symbol_tests,
	top_tests,
	hists_tests,
	build_id_cache_tests,
	names_tests,
	sample_tests,
	evlist_tests,
	symtab_cache_tests,
	flamegraph_tests,
	unwind_tests,
	callgraph_opts_tests,
	trace_data_tests,
};

int main(int argc, char **argv)
{
	int passed = 0, failed = 0, skipped = 0;
	size_t i;

	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		const struct test_case *t;

		for (t = suites[i]; t->desc; t++) {
			int ret;

			if (argc > 1 && !strstr(t->desc, argv[1]))
				continue;
			ret = t->func();
			if (ret == TEST_OK) {
				printf("ok - %s\n", t->desc);
				passed++;
			} else if (ret == TEST_SKIP) {
				printf("skip - %s\n", t->desc);
				skipped++;
			} else {
				printf("not ok - %s\n", t->desc);
				failed++;
			}
			fflush(stdout);
		}
	}
	fprintf(stderr, "unit: %d passed, %d failed, %d skipped\n", passed, failed, skipped);
	return failed ? 1 : 0;
}
