// SPDX-License-Identifier: GPL-2.0
/* The call-graph options of record and top, and the attrs they make (as perf 6.1's). */
#include <errno.h>
#include <string.h>
#include "tests.h"
#include "util/callgraph-opts.h"
#include "util/util.h"

/* A table row: a --call-graph argument and what record makes of it (0 size: refused). */
struct cg_case {
	const char *arg;
	enum callgraph_mode mode;
	unsigned int dump_size;
};

static const struct cg_case record_cases[] = {
	{ "fp", CALLGRAPH_FP, 0 },
	{ "dwarf", CALLGRAPH_DWARF, 8192 },
	{ "dwarf,", CALLGRAPH_DWARF, 8192 },
	{ "dwarf,4096", CALLGRAPH_DWARF, 4096 },
	{ "dwarf,5001", CALLGRAPH_DWARF, 5008 },
	{ "dwarf,1", CALLGRAPH_DWARF, 8 },
	{ "dwarf,0x1000", CALLGRAPH_DWARF, 4096 },
	{ "dwarf,65528", CALLGRAPH_DWARF, 65528 },
	{ "dwarf,65529", CALLGRAPH_NONE, 0 },
	{ "dwarf,70000", CALLGRAPH_NONE, 0 },
	{ "dwarf,0", CALLGRAPH_NONE, 0 },
	{ "dwarf,-8", CALLGRAPH_NONE, 0 },
	{ "dwarf,4k", CALLGRAPH_NONE, 0 },
	{ "dwarf,4096,x", CALLGRAPH_NONE, 0 },
	{ "fp,100", CALLGRAPH_NONE, 0 },
	{ "bogus", CALLGRAPH_NONE, 0 },
	{ "lbr", CALLGRAPH_NONE, 0 },
	{ "", CALLGRAPH_NONE, 0 },
	{ ",", CALLGRAPH_NONE, 0 },
	{ "graph", CALLGRAPH_NONE, 0 },
};

static int test_parse_record(void)
{
	size_t i;

	for (i = 0; i < sizeof(record_cases) / sizeof(record_cases[0]); i++) {
		const struct cg_case *c = &record_cases[i];
		struct callgraph_opts o = { .record = true };
		char msg[256] = "";
		int err = callgraph_opts__parse(&o, c->arg, msg, sizeof(msg));

		if (c->mode == CALLGRAPH_NONE) {
			TEST_ASSERT_VAL(c->arg, err == -EINVAL);
			/* The message names the option and what it allows. */
			TEST_ASSERT_VAL(msg, strstr(msg, "--call-graph") &&
					     (strstr(msg, "fp and dwarf") || strstr(msg, "1 to 65528")));
		} else {
			TEST_ASSERT_VAL(c->arg, !err && o.mode == c->mode &&
						o.dump_size == c->dump_size);
		}
	}
	return TEST_OK;
}

static int display_words;

/* Stands in for top's display parser: takes "graph" and "caller" only. */
static int take_display_word(struct callgraph_opts *o __maybe_unused, const char *word)
{
	if (strcmp(word, "graph") && strcmp(word, "caller"))
		return -EINVAL;
	display_words++;
	return 0;
}

static int test_parse_display(void)
{
	struct callgraph_opts o = { .display_word = take_display_word };
	char msg[256];

	display_words = 0;
	TEST_ASSERT_VAL("display words alone mean fp",
			!callgraph_opts__parse(&o, "graph,caller", msg, sizeof(msg)) &&
			o.mode == CALLGRAPH_FP && display_words == 2);
	TEST_ASSERT_VAL("a word after dwarf is not a size",
			!callgraph_opts__parse(&o, "dwarf,graph", msg, sizeof(msg)) &&
			o.mode == CALLGRAPH_DWARF && o.dump_size == 8192 && display_words == 3);
	TEST_ASSERT_VAL("a number after dwarf is",
			!callgraph_opts__parse(&o, "caller,dwarf,4096,graph", msg, sizeof(msg)) &&
			o.dump_size == 4096 && display_words == 5);
	TEST_ASSERT_VAL("unknown words are still refused",
			callgraph_opts__parse(&o, "dwarf,bogus", msg, sizeof(msg)) == -EINVAL &&
			strstr(msg, "'bogus'"));
	TEST_ASSERT_VAL("bad sizes too",
			callgraph_opts__parse(&o, "dwarf,0,graph", msg, sizeof(msg)) == -EINVAL);
	return TEST_OK;
}

static int test_enable(void)
{
	struct callgraph_opts o = { .record = true };
	char msg[256];

	callgraph_opts__enable(&o);
	TEST_ASSERT_VAL("-g is fp", o.mode == CALLGRAPH_FP);
	TEST_ASSERT_VAL("dwarf", !callgraph_opts__parse(&o, "dwarf,4096", msg, sizeof(msg)));
	callgraph_opts__enable(&o);
	TEST_ASSERT_VAL("-g keeps an earlier mode", o.mode == CALLGRAPH_DWARF &&
						    o.dump_size == 4096);
	return TEST_OK;
}

static int test_max_stack(void)
{
	struct callgraph_opts o = { .record = true };
	char msg[256];

	TEST_ASSERT_VAL("10", !callgraph_opts__parse_max_stack(&o, "10", 127, msg, sizeof(msg)) &&
			      o.max_stack == 10);
	TEST_ASSERT_VAL("the limit", !callgraph_opts__parse_max_stack(&o, "127", 127, msg,
								     sizeof(msg)));
	TEST_ASSERT_VAL("past the limit",
			callgraph_opts__parse_max_stack(&o, "128", 127, msg, sizeof(msg)) == -EINVAL &&
			strstr(msg, "--max-stack") && strstr(msg, "1 to 127"));
	TEST_ASSERT_VAL("0", callgraph_opts__parse_max_stack(&o, "0", 127, msg, sizeof(msg)));
	TEST_ASSERT_VAL("-1", callgraph_opts__parse_max_stack(&o, "-1", 127, msg, sizeof(msg)));
	TEST_ASSERT_VAL("10x", callgraph_opts__parse_max_stack(&o, "10x", 127, msg, sizeof(msg)));
	o.mode = CALLGRAPH_NONE;
	TEST_ASSERT_VAL("needs a call graph", callgraph_opts__check(&o, msg, sizeof(msg)) &&
					      strstr(msg, "--call-graph"));
	o.mode = CALLGRAPH_FP;
	TEST_ASSERT_VAL("with one", !callgraph_opts__check(&o, msg, sizeof(msg)));
	TEST_ASSERT_VAL("a limit", callgraph__max_stack_limit() >= 1);
	return TEST_OK;
}

/* What perf 6.1 record and top put in the attr (checked with perf evlist -v and top -vv). */
static int test_config(void)
{
	struct callgraph_opts rec = { .record = true, .max_stack = 10 }, top = rec;
	struct perf_event_attr a, t;
	const uint64_t dwarf = PERF_SAMPLE_CALLCHAIN | PERF_SAMPLE_REGS_USER |
			       PERF_SAMPLE_STACK_USER;
	char msg[256];

	top.record = false;
	memset(&a, 0, sizeof(a));
	rec.mode = CALLGRAPH_NONE;
	callgraph_opts__config(&rec, &a);
	TEST_ASSERT_VAL("none", !a.sample_type && !a.sample_max_stack);
	rec.mode = CALLGRAPH_FP;
	callgraph_opts__config(&rec, &a);
	TEST_ASSERT_VAL("fp", a.sample_type == PERF_SAMPLE_CALLCHAIN && a.sample_max_stack == 10 &&
			      !a.sample_stack_user && !a.exclude_callchain_user);
	if (!CALLGRAPH_REGS_USER)
		return TEST_OK;
	memset(&a, 0, sizeof(a));
	memset(&t, 0, sizeof(t));
	TEST_ASSERT_VAL("record dwarf", !callgraph_opts__parse(&rec, "dwarf", msg, sizeof(msg)));
	TEST_ASSERT_VAL("top dwarf", !callgraph_opts__parse(&top, "dwarf,4096", msg, sizeof(msg)));
	callgraph_opts__config(&rec, &a);
	callgraph_opts__config_tracking(&rec, &a);
	callgraph_opts__config(&top, &t);
	callgraph_opts__config_tracking(&top, &t);
	TEST_ASSERT_VAL("record's dwarf samples data addresses",
			a.sample_type == (dwarf | PERF_SAMPLE_ADDR | PERF_SAMPLE_DATA_SRC) &&
			a.mmap_data);
	TEST_ASSERT_VAL("record's dwarf", a.sample_regs_user == 0xff0fff &&
					  a.sample_stack_user == 8192 &&
					  a.exclude_callchain_user && a.sample_max_stack == 10);
	TEST_ASSERT_VAL("top's does not", t.sample_type == dwarf && !t.mmap_data);
	TEST_ASSERT_VAL("top's dwarf", t.sample_regs_user == 0xff0fff &&
				       t.sample_stack_user == 4096 && t.exclude_callchain_user);
	TEST_ASSERT_VAL("top's --max-stack is the display's", !t.sample_max_stack);
	return TEST_OK;
}

const struct test_case callgraph_opts_tests[] = {
	{ "callgraph-opts: record's --call-graph modes, sizes and refusals", test_parse_record },
	{ "callgraph-opts: top's --call-graph takes the display's words too", test_parse_display },
	{ "callgraph-opts: -g is fp, or the mode given before", test_enable },
	{ "callgraph-opts: --max-stack and its limits", test_max_stack },
	{ "callgraph-opts: the attr of fp and dwarf, for record and top", test_config },
	{ NULL, NULL },
};
