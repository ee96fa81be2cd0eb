// SPDX-License-Identifier: GPL-2.0
/* The histogram table: rows sorted and printed as perf prints them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests.h"
#include "ui/stdio.h"
#include "util/event.h"
#include "util/hist.h"
#include "util/machines.h"
#include "util/sort.h"
#include "util/symbol.h"

/* One row per symbol, all in the same (absent) DSO; the table takes copies. */
static int hists__add_syms(struct hists *h, const struct symbol *syms, const uint64_t *periods,
			   size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		struct addr_location al = { .sym = &syms[i], .level = '.' };
		struct perf_sample s = { .period = periods[i], .cpumode = PERF_RECORD_MISC_USER };

		if (hists__add(h, &al, &s, NULL))
			return -1;
	}
	return 0;
}

/* perf breaks ties in period by symbol name, not address. */
static int test_tie_order(void)
{
	const struct symbol syms[] = {
		{ 0x1000, 0x1100, "zeta" }, { 0x2000, 0x2100, "alpha" },
		{ 0x3000, 0x3100, "mid" }, { 0x4000, 0x4100, "beta" },
	};
	const uint64_t periods[] = { 5, 5, 9, 5 };
	struct hists h;

	TEST_ASSERT_VAL("init", !hists__init(&h, "sym"));
	TEST_ASSERT_VAL("add", !hists__add_syms(&h, syms, periods, 4));
	TEST_ASSERT_VAL("sort", !hists__sort(&h) && hists__nr_rows(&h) == 4);
	TEST_ASSERT_VAL("largest first", !strcmp(hists__row(&h, 0)->key.sym->name, "mid"));
	TEST_ASSERT_VAL("then by name", !strcmp(hists__row(&h, 1)->key.sym->name, "alpha") &&
			!strcmp(hists__row(&h, 2)->key.sym->name, "beta") &&
			!strcmp(hists__row(&h, 3)->key.sym->name, "zeta"));
	hists__exit(&h);
	return TEST_OK;
}

/* The name that orders them is the one printed: C++ names demangled. */
static int test_tie_order_demangled(void)
{
	const struct symbol syms[] = {
		{ 0x1000, 0x1100, "_ZN1z3fooEv" }, { 0x2000, 0x2100, "m_plain" },
		{ 0x3000, 0x3100, "_ZN1a3barEv" },
	};
	const uint64_t periods[] = { 5, 5, 5 };
	char line[256];
	struct hists h;
	size_t i;
	const char *want[] = { "[.] a::bar", "[.] m_plain", "[.] z::foo" };

	TEST_ASSERT_VAL("init", !hists__init(&h, "sym"));
	TEST_ASSERT_VAL("add", !hists__add_syms(&h, syms, periods, 3));
	TEST_ASSERT_VAL("sort", !hists__sort(&h) && hists__nr_rows(&h) == 3);
	for (i = 0; i < 3; i++) {
		h.keys[0]->snprintf(hists__row(&h, i), line, sizeof(line));
		TEST_ASSERT_VAL("demangled-name order", !strcmp(line, want[i]));
	}
	hists__exit(&h);
	return TEST_OK;
}

/*
 * Many rows in a scrambled order, every third one a second symbol like
 * the row's before it (as in two copies of one binary): the sort merges those and lays the rest out in
 * place, by period, none lost.
 */
static int test_sort_many(void)
{
	enum { NR = 3000 };
	struct symbol *syms = calloc(NR, sizeof(*syms));
	uint64_t *periods = calloc(NR, sizeof(*periods)), total = 0, sum = 0;
	char (*names)[16] = calloc(NR, sizeof(*names));
	struct hists h;
	size_t i, kept = 0;

	TEST_ASSERT_VAL("alloc", syms && periods && names);
	for (i = 0; i < NR; i++) {
		size_t name = i % 3 == 2 ? i - 1 : i;	/* shares the row before */

		snprintf(names[i], sizeof(names[i]), "f%zu", name);
		syms[i] = (struct symbol){ 0x1000 * (name + 1), 0x1000 * (name + 1) + 0x100, names[i] };
		periods[i] = (i * 7919) % 1009 + 1;
		total += periods[i];
		kept += i % 3 != 2;
	}
	TEST_ASSERT_VAL("init", !hists__init(&h, "sym"));
	TEST_ASSERT_VAL("add", !hists__add_syms(&h, syms, periods, NR));
	TEST_ASSERT_VAL("sort", !hists__sort(&h) && hists__nr_rows(&h) == kept);
	for (i = 0; i < hists__nr_rows(&h); i++) {
		sum += hists__row(&h, i)->period;
		TEST_ASSERT_VAL("by period",
				!i || hists__row(&h, i - 1)->period >= hists__row(&h, i)->period);
	}
	TEST_ASSERT_VAL("no period lost or counted twice", sum == total);
	hists__exit(&h);
	free(syms);
	free(periods);
	free(names);
	return TEST_OK;
}

/* A long C++ name is printed whole, as in perf, however wide. */
static int test_long_name(void)
{
	size_t len = 3000;
	char *name = malloc(len + 1), *line = malloc(HISTS_LINE_MAX);
	struct symbol sym = { 0x1000, 0x2000, NULL };
	const uint64_t period = 1;
	struct hists_fmt fmt = { 0 };
	struct hists h;
	int w[HISTS_MAX_KEYS];

	TEST_ASSERT_VAL("alloc", name && line);
	memset(name, 'x', len);
	name[len] = '\0';
	sym.name = name;
	TEST_ASSERT_VAL("init", !hists__init(&h, "sym,dso"));
	TEST_ASSERT_VAL("add", !hists__add_syms(&h, &sym, &period, 1));
	hists__key_widths(&h, w);
	TEST_ASSERT_VAL("column as wide as the name", w[0] == (int)len + 4);
	hists__format_entry(&h, hists__row(&h, 0), &fmt, w, line, HISTS_LINE_MAX);
	TEST_ASSERT_VAL("printed whole", strstr(line, name) && strstr(line, "[unknown]"));
	hists__exit(&h);
	free(name);
	free(line);
	return TEST_OK;
}

const struct test_case hists_tests[] = {
	{ "hists: rows that tie on period in symbol-name order", test_tie_order },
	{ "hists: tied rows in the order of their printed, demangled names", test_tie_order_demangled },
	{ "hists: 3000 rows merged and sorted in place, none lost", test_sort_many },
	{ "hists: a 3000-character symbol printed whole", test_long_name },
	{ NULL, NULL },
};
