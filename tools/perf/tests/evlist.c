// SPDX-License-Identifier: GPL-2.0
/* Event lists: groups as -e gives them, parsed without opening anything. */
#include <errno.h>
#include <string.h>
#include "tests.h"
#include "util/evlist.h"
#include "util/util.h"

static int test_spec_len(void)
{
	static const struct {
		const char *s;
		size_t len;
	} cases[] = {
		{ "cpu-clock,task-clock", 9 },
		{ "{cpu-clock,task-clock},page-faults", 22 },
		{ "g{cpu-clock,task-clock}:uS,cs", 26 },
		{ "{cpu-clock,task-clock", 21 },	/* unclosed: the rest, for add to refuse */
		{ ",cpu-clock", 0 },
		{ "", 0 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		TEST_ASSERT_VAL(cases[i].s, event_spec__len(cases[i].s) == cases[i].len);
	return TEST_OK;
}

static const struct perf_event_attr tmpl = {
	.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_PERIOD,
	.read_format = PERF_FORMAT_ID,
	.sample_freq = 4000,
	.freq = 1,
	.disabled = 1,
	.enable_on_exec = 1,
	.inherit = 1,
};

static int test_group(void)
{
	struct evlist el;
	struct buf b = BUF_INIT;

	memset(&el, 0, sizeof(el));
	TEST_ASSERT_VAL("lone", !evlist__add(&el, "page-faults", &tmpl));
	TEST_ASSERT_VAL("group", !evlist__add(&el, "{cpu-clock,task-clock:k}:u", &tmpl));
	TEST_ASSERT_VAL("named", !evlist__add(&el, "grp{cs,minor-faults}", &tmpl));
	TEST_ASSERT_VAL("five", el.nr == 5);
	TEST_ASSERT_VAL("lone leads itself", el.entries[0].leader == 0 &&
					     el.entries[0].nr_members == 1);
	TEST_ASSERT_VAL("leader", el.entries[1].leader == 1 && el.entries[1].nr_members == 2 &&
				  !el.entries[1].group_name);
	TEST_ASSERT_VAL("member", el.entries[2].leader == 1);
	TEST_ASSERT_VAL("names without the group's modifiers",
			!strcmp(el.entries[1].desc.name, "cpu-clock") &&
			!strcmp(el.entries[2].desc.name, "task-clock:k"));
	TEST_ASSERT_VAL(":u on a member", el.entries[1].desc.attr.exclude_kernel &&
					  !el.entries[1].desc.attr.exclude_user);
	/* Its own :k, widened by the group's :u. */
	TEST_ASSERT_VAL(":k then :u", !el.entries[2].desc.attr.exclude_kernel &&
				      !el.entries[2].desc.attr.exclude_user &&
				      el.entries[2].desc.attr.exclude_hv);
	TEST_ASSERT_VAL("the leader enables the group", el.entries[1].desc.attr.disabled &&
			!el.entries[2].desc.attr.disabled && !el.entries[2].desc.attr.enable_on_exec);
	TEST_ASSERT_VAL("named group", el.entries[3].group_name &&
				       !strcmp(el.entries[3].group_name, "grp") &&
				       el.entries[4].leader == 3);
	TEST_ASSERT_VAL("no sample read", !(el.entries[1].desc.attr.sample_type & PERF_SAMPLE_READ));
	evlist__encode_group_desc(&el, &b);
	/* Two groups: count, then 76 bytes each for these short names. */
	TEST_ASSERT_VAL("group desc", !b.err && b.len == 4 + 2 * 76 &&
				      !memcmp(b.data + 8, "{anon_group}", 13));
	buf__release(&b);
	evlist__exit(&el);
	return TEST_OK;
}

/* :S on a group: the leader samples everyone's counts, the members only count. */
static int test_leader_sampling(void)
{
	const struct perf_event_attr *l, *m;
	struct evlist el;

	memset(&el, 0, sizeof(el));
	TEST_ASSERT_VAL("add", !evlist__add(&el, "{cpu-clock,task-clock}:S", &tmpl));
	TEST_ASSERT_VAL("single", !evlist__add(&el, "page-faults:S", &tmpl));
	l = &el.entries[0].desc.attr;
	m = &el.entries[1].desc.attr;
	TEST_ASSERT_VAL("leader reads the group", (l->sample_type & PERF_SAMPLE_READ) &&
			l->read_format == (PERF_FORMAT_ID | PERF_FORMAT_GROUP | PERF_FORMAT_LOST));
	TEST_ASSERT_VAL("leader samples", l->freq && l->sample_freq == 4000 && !l->inherit);
	TEST_ASSERT_VAL("member counts only", !m->freq && !m->sample_period && !m->inherit &&
			m->read_format == l->read_format);
	TEST_ASSERT_VAL("S names nothing", !strcmp(el.entries[0].desc.name, "cpu-clock"));
	l = &el.entries[2].desc.attr;
	TEST_ASSERT_VAL("a lone :S reads itself", (l->sample_type & PERF_SAMPLE_READ) &&
			l->read_format == (PERF_FORMAT_ID | PERF_FORMAT_LOST) && l->inherit &&
			!strcmp(el.entries[2].desc.name, "page-faults:S"));
	evlist__exit(&el);
	return TEST_OK;
}

static int test_bad_groups(void)
{
	static const char * const bad[] = {
		"{cpu-clock,task-clock", "{}", "{cpu-clock,}", "{,cpu-clock}",
		"{cpu-clock,{task-clock}}", "{cpu-clock}x", "a b{cpu-clock}", "{cpu-clock}:q",
	};
	struct evlist el;
	size_t i;

	memset(&el, 0, sizeof(el));
	TEST_ASSERT_VAL("one before", !evlist__add(&el, "cpu-clock", &tmpl));
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		int err = evlist__add(&el, bad[i], &tmpl);

		TEST_ASSERT_VAL(bad[i], err == -EINVAL || err == -ENOENT);
		TEST_ASSERT_VAL("the list as it was", el.nr == 1);
	}
	TEST_ASSERT_VAL("unknown member", evlist__add(&el, "{cpu-clock,nope}", &tmpl) == -ENOENT &&
					  el.nr == 1);
	evlist__exit(&el);
	return TEST_OK;
}

/* record --group: one group of everything, whatever groups there were. */
static int test_set_leader(void)
{
	struct evlist el;

	memset(&el, 0, sizeof(el));
	TEST_ASSERT_VAL("add", !evlist__add(&el, "cpu-clock", &tmpl) &&
			       !evlist__add(&el, "g{task-clock,cs}", &tmpl));
	evlist__set_leader(&el);
	TEST_ASSERT_VAL("one group", el.entries[0].nr_members == 3 && el.entries[2].leader == 0 &&
				     el.entries[1].leader == 0 && !el.entries[1].group_name);
	evlist__exit(&el);
	return TEST_OK;
}

const struct test_case evlist_tests[] = {
	{ "evlist: -e lists split between events and groups", test_spec_len },
	{ "evlist: groups, named groups and group modifiers", test_group },
	{ "evlist: leader sampling (:S) and a lone :S", test_leader_sampling },
	{ "evlist: malformed groups are refused, the list left as it was", test_bad_groups },
	{ "evlist: --group makes one group", test_set_leader },
	{ NULL, NULL },
};
