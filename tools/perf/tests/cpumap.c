// SPDX-License-Identifier: GPL-2.0
/* CPU list parsing. */
#include <string.h>
#include "tests.h"
#include "util/cpumap.h"
#include "util/util.h"

static int test_lists(void)
{
	static const struct {
		const char *list;
		int nr;
		int cpus[6];
	} good[] = {
		{ "0", 1, { 0 } },
		{ "0-3", 4, { 0, 1, 2, 3 } },
		{ "5,1-2,1", 3, { 1, 2, 5 } },
		{ "0-1,8\n", 3, { 0, 1, 8 } },
	};
	static const char *bad[] = { "", "a", "3-1", "1,,2", "-1", "1-", "99999" };
	struct cpu_map map;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		TEST_ASSERT_VAL("parsed", !cpu_map__parse(&map, good[i].list));
		TEST_ASSERT_VAL("count", map.nr == good[i].nr);
		TEST_ASSERT_VAL("cpus", !memcmp(map.cpus, good[i].cpus, map.nr * sizeof(int)));
		cpu_map__exit(&map);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		TEST_ASSERT_VAL("refused", cpu_map__parse(&map, bad[i]) < 0);
		cpu_map__exit(&map);
	}
	return TEST_OK;
}

const struct test_case cpumap_tests[] = {
	{ "cpumap: CPU lists parsed, bad ones refused", test_lists },
	{ NULL, NULL },
};
