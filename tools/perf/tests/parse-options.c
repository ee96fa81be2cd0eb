// SPDX-License-Identifier: GPL-2.0
/* The option parser: short clusters, long forms, values, negation, stopping. */
#include <string.h>
#include "tests.h"
#include "util/parse-options.h"
#include "util/util.h"

struct opts {
	bool a;
	int v;
	const char *o;
	int n;
	uint64_t c;
};

static const char * const usage[] = { "test [<options>]", NULL };

static int parse(struct opts *x, int argc, const char **argv, int flags)
{
	const struct option options[] = {
		OPT_BOOLEAN('a', "all", &x->a, "all"),
		OPT_INCR('v', "verbose", &x->v, "verbose"),
		OPT_STRING('o', "output", &x->o, "file", "output"),
		OPT_INTEGER('n', "num", &x->n, "number"),
		OPT_U64('c', "count", &x->c, "count"),
		OPT_END()
	};

	memset(x, 0, sizeof(*x));
	return parse_options(argc, argv, options, usage, flags);
}

static int test_forms(void)
{
	const char *argv[] = { "cmd", "-avv", "-ofile", "--num=-3", "--count", "0x10", "rest", NULL };
	struct opts x;
	int argc = parse(&x, 7, argv, 0);

	TEST_ASSERT_VAL("one left", argc == 1 && !strcmp(argv[0], "rest"));
	TEST_ASSERT_VAL("values", x.a && x.v == 2 && !strcmp(x.o, "file") && x.n == -3 &&
				  x.c == 16);
	return TEST_OK;
}

static int test_stop(void)
{
	const char *argv[] = { "cmd", "-a", "sleep", "-o", "1", NULL };
	const char *argv2[] = { "cmd", "-o", "f", "--", "-a", NULL };
	struct opts x;
	int argc = parse(&x, 5, argv, PARSE_OPT_STOP_AT_NON_OPTION);

	TEST_ASSERT_VAL("command kept whole", argc == 3 && !strcmp(argv[0], "sleep") &&
					      !strcmp(argv[1], "-o") && !x.o);
	argc = parse(&x, 5, argv2, 0);
	TEST_ASSERT_VAL("after --", argc == 1 && !strcmp(argv2[0], "-a") && !x.a);
	return TEST_OK;
}

static int test_errors(void)
{
	static const char *bad[][3] = {
		{ "cmd", "--bogus", NULL },
		{ "cmd", "-x", NULL },
		{ "cmd", "-n", "abc" },
		{ "cmd", "--count=-1", NULL },
		{ "cmd", "--all=1", NULL },
		{ "cmd", "-o", NULL },
	};
	struct opts x;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		const char *argv[4] = { bad[i][0], bad[i][1], bad[i][2], NULL };
		int argc = bad[i][2] ? 3 : 2;
		FILE *saved = stderr;

		stderr = fopen("/dev/null", "w");
		argc = parse(&x, argc, argv, 0);
		fclose(stderr);
		stderr = saved;
		TEST_ASSERT_VAL("rejected", argc == PARSE_OPT_ERR);
	}
	return TEST_OK;
}

static int test_negation(void)
{
	const char *argv[] = { "cmd", "--all", "--no-all", NULL };
	struct opts x;

	TEST_ASSERT_VAL("parsed", parse(&x, 3, argv, 0) == 0);
	TEST_ASSERT_VAL("--no- clears", !x.a);
	return TEST_OK;
}

const struct test_case parse_options_tests[] = {
	{ "parse-options: short clusters, long forms and values", test_forms },
	{ "parse-options: stops at the command and at --", test_stop },
	{ "parse-options: bad options and values are refused", test_errors },
	{ "parse-options: --no-<name> clears a boolean", test_negation },
	{ NULL, NULL },
};
