// SPDX-License-Identifier: GPL-2.0
/* Sample records: the PERF_SAMPLE_READ part, in every read_format, bounds-checked. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "tests.h"
#include "util/event.h"
#include "util/util.h"

#define SAMPLE_TYPE	(PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_IP | PERF_SAMPLE_TID | \
			 PERF_SAMPLE_TIME | PERF_SAMPLE_CPU | PERF_SAMPLE_PERIOD | \
			 PERF_SAMPLE_READ)
#define ALL_FORMATS	(PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING | \
			 PERF_FORMAT_ID | PERF_FORMAT_GROUP | PERF_FORMAT_LOST)
#define NR_COUNTERS	3
#define MAX_U64S	64

/* A sample record being built, as the kernel lays it out. */
struct rec {
	uint64_t u[MAX_U64S];	/* u[0] is the header */
	int n;
};

static void rec__add(struct rec *r, uint64_t v)
{
	if (r->n < MAX_U64S)
		r->u[r->n++] = v;
}

/* Counter i of the test: value, id and lost distinct for every i. */
static uint64_t val(int i)  { return 1000 + i; }
static uint64_t id(int i)   { return 70 + i; }
static uint64_t lost(int i) { return 5 + i; }

/* The leading fields, then the read part in read_format @rf; returns the record. */
static struct rec build(uint64_t rf)
{
	struct rec r = { .n = 1 };
	struct perf_event_header h = { PERF_RECORD_SAMPLE, PERF_RECORD_MISC_USER, 0 };
	int i, nr = (rf & PERF_FORMAT_GROUP) ? NR_COUNTERS : 1;

	rec__add(&r, id(0));			/* IDENTIFIER */
	rec__add(&r, 0x401000);			/* IP */
	rec__add(&r, 42ULL << 32 | 41);		/* TID: tid 42, pid 41 */
	rec__add(&r, 123456789);		/* TIME */
	rec__add(&r, 1);			/* CPU */
	rec__add(&r, 2500);			/* PERIOD */
	if (rf & PERF_FORMAT_GROUP)
		rec__add(&r, nr);
	else
		rec__add(&r, val(0));
	if (rf & PERF_FORMAT_TOTAL_TIME_ENABLED)
		rec__add(&r, 900);
	if (rf & PERF_FORMAT_TOTAL_TIME_RUNNING)
		rec__add(&r, 800);
	for (i = 0; i < nr; i++) {
		if (rf & PERF_FORMAT_GROUP)
			rec__add(&r, val(i));
		if (rf & PERF_FORMAT_ID)
			rec__add(&r, id(i));
		if (rf & PERF_FORMAT_LOST)
			rec__add(&r, lost(i));
	}
	h.size = r.n * 8;
	memcpy(&r.u[0], &h, sizeof(h));
	return r;
}

static void set_size(struct rec *r, uint16_t size)
{
	struct perf_event_header h;

	memcpy(&h, &r->u[0], sizeof(h));
	h.size = size;
	memcpy(&r->u[0], &h, sizeof(h));
}

static int check_read(const struct perf_sample *s, uint64_t rf)
{
	uint64_t i, nr = (rf & PERF_FORMAT_GROUP) ? NR_COUNTERS : 1;

	TEST_ASSERT_VAL("leading fields", s->id == id(0) && s->ip == 0x401000 && s->pid == 41 &&
			s->tid == 42 && s->time == 123456789 && s->cpu == 1 && s->period == 2500);
	TEST_ASSERT_VAL("counters", s->read.nr == nr);
	TEST_ASSERT_VAL("group or one", !!s->read.group == !!(rf & PERF_FORMAT_GROUP));
	TEST_ASSERT_VAL("enabled", s->read.time_enabled ==
			((rf & PERF_FORMAT_TOTAL_TIME_ENABLED) ? 900 : 0));
	TEST_ASSERT_VAL("running", s->read.time_running ==
			((rf & PERF_FORMAT_TOTAL_TIME_RUNNING) ? 800 : 0));
	for (i = 0; i < nr; i++) {
		struct sample_read_value v = sample_read__value(&s->read, i);

		TEST_ASSERT_VAL("value", v.value == val(i));
		TEST_ASSERT_VAL("id", v.id == ((rf & PERF_FORMAT_ID) ? id(i) : 0));
		TEST_ASSERT_VAL("lost", v.lost == ((rf & PERF_FORMAT_LOST) ? lost(i) : 0));
	}
	return TEST_OK;
}

/* Every combination of the five read_format bits, group read or single. */
static int test_every_format(void)
{
	struct perf_event_attr attr = { .sample_type = SAMPLE_TYPE };
	uint64_t rf;

	for (rf = 0; rf <= ALL_FORMATS; rf++) {
		struct rec r = build(rf);
		struct perf_sample s;

		attr.read_format = rf;
		if (perf_sample__parse_attr(&s, (const union perf_event *)r.u, &attr)) {
			fprintf(stderr, "    read_format %#llx refused\n", (unsigned long long)rf);
			return TEST_FAIL;
		}
		if (check_read(&s, rf)) {
			fprintf(stderr, "    read_format %#llx\n", (unsigned long long)rf);
			return TEST_FAIL;
		}
	}
	return TEST_OK;
}

/* Cut anywhere in the read part (or before), a record is refused; whole, it is read. */
static int test_truncated(void)
{
	struct perf_event_attr attr = { .sample_type = SAMPLE_TYPE };
	uint64_t rf;

	for (rf = 0; rf <= ALL_FORMATS; rf++) {
		struct rec r = build(rf);
		uint16_t full = r.n * 8, size;
		struct perf_sample s;

		attr.read_format = rf;
		for (size = sizeof(struct perf_event_header); size < full; size++) {
			set_size(&r, size);
			TEST_ASSERT_VAL("a cut record is refused",
					perf_sample__parse_attr(&s, (const union perf_event *)r.u,
								&attr) == -EINVAL);
			TEST_ASSERT_VAL("and leaves no read behind", !s.read.nr && !s.read.group);
		}
		set_size(&r, full);
		TEST_ASSERT_VAL("whole", !perf_sample__parse_attr(&s, (const union perf_event *)r.u,
								  &attr));
	}
	return TEST_OK;
}

/* A group count from the file that no record could hold, even where nr * stride wraps. */
static int test_huge_group(void)
{
	const uint64_t counts[] = { NR_COUNTERS + 1, 1ULL << 61, 1ULL << 63, ~0ULL,
				    (~0ULL / 24) + 2 };
	struct perf_event_attr attr = {
		.sample_type = SAMPLE_TYPE,
		.read_format = PERF_FORMAT_GROUP | PERF_FORMAT_ID | PERF_FORMAT_LOST,
	};
	struct perf_sample s;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(counts); i++) {
		struct rec r = build(attr.read_format);

		r.u[7] = counts[i];	/* nr: right after the six leading fields */
		TEST_ASSERT_VAL("refused", perf_sample__parse_attr(&s, (const union perf_event *)r.u,
								   &attr) == -EINVAL);
	}
	return TEST_OK;
}

/* Without PERF_SAMPLE_READ nothing past PERIOD is looked at; perf_sample__parse() never does. */
static int test_no_read(void)
{
	struct perf_event_attr attr = {
		.sample_type = SAMPLE_TYPE & ~(uint64_t)PERF_SAMPLE_READ,
		.read_format = ALL_FORMATS,
	};
	struct rec r = build(0);
	struct perf_sample s;

	set_size(&r, 7 * 8);	/* the leading fields only */
	TEST_ASSERT_VAL("no READ", !perf_sample__parse_attr(&s, (const union perf_event *)r.u,
							    &attr) && !s.read.nr);
	TEST_ASSERT_VAL("leading only", !perf_sample__parse(&s, (const union perf_event *)r.u,
							    SAMPLE_TYPE) && !s.read.nr &&
			s.period == 2500);
	return TEST_OK;
}

/*
 * A record that is not 8-byte aligned (after an unpadded one) is read as
 * well: 4 bytes off, as far as its header's own alignment allows.
 */
static int test_unaligned(void)
{
	struct perf_event_attr attr = {
		.sample_type = SAMPLE_TYPE,
		.read_format = PERF_FORMAT_GROUP | PERF_FORMAT_ID | PERF_FORMAT_LOST,
	};
	struct rec r = build(attr.read_format);
	char *buf = malloc(r.n * 8 + 4);
	struct perf_sample s;
	int ret;

	TEST_ASSERT_VAL("alloc", buf);
	memcpy(buf + 4, r.u, r.n * 8);
	ret = !perf_sample__parse_attr(&s, (const union perf_event *)(buf + 4), &attr) &&
	      check_read(&s, attr.read_format) == TEST_OK;
	free(buf);
	TEST_ASSERT_VAL("parsed 4 bytes off", ret);
	return TEST_OK;
}

#define TAIL_TYPE	(PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_PERIOD | PERF_SAMPLE_READ | \
			 PERF_SAMPLE_CALLCHAIN | PERF_SAMPLE_RAW | PERF_SAMPLE_BRANCH_STACK | \
			 PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER)

/* IP, TID, PERIOD, READ, a 3-deep chain, 5 raw bytes, 1 branch, 2 regs, a 16-byte stack. */
static struct rec build_tail(void)
{
	struct perf_event_header h = { PERF_RECORD_SAMPLE, PERF_RECORD_MISC_USER, 0 };
	struct rec r = { .n = 1 };
	uint32_t raw_size = 5;

	rec__add(&r, 0x401000);
	rec__add(&r, 42ULL << 32 | 41);
	rec__add(&r, 2500);
	rec__add(&r, val(0));				/* READ: one counter */
	rec__add(&r, 3);				/* CALLCHAIN */
	rec__add(&r, PERF_CONTEXT_USER);
	rec__add(&r, 0x401000);
	rec__add(&r, 0x402000);
	rec__add(&r, raw_size | 0xabcdefULL << 32);	/* RAW: size, then 5 bytes and padding */
	rec__add(&r, 0x1122334455ULL);
	rec__add(&r, 1);				/* BRANCH_STACK: one entry */
	rec__add(&r, 0x1);
	rec__add(&r, 0x2);
	rec__add(&r, 0x3);
	rec__add(&r, PERF_SAMPLE_REGS_ABI_64);		/* REGS_USER: two registers */
	rec__add(&r, 0x7ffd0000);
	rec__add(&r, 0x401000);
	rec__add(&r, 16);				/* STACK_USER: size, data, dyn_size */
	rec__add(&r, 0xaa);
	rec__add(&r, 0xbb);
	rec__add(&r, 8);
	h.size = r.n * 8;
	memcpy(&r.u[0], &h, sizeof(h));
	return r;
}

/* Every part after READ is found where it lies; a record cut anywhere in them is refused. */
static int test_tail(void)
{
	struct perf_event_attr attr = {
		.sample_type = TAIL_TYPE,
		.sample_regs_user = (1ULL << 7) | (1ULL << 8),
	};
	struct rec r = build_tail();
	struct perf_sample s;
	uint64_t v;
	int cut;

	TEST_ASSERT_VAL("parsed", !perf_sample__parse_attr(&s, (const union perf_event *)r.u, &attr));
	TEST_ASSERT_VAL("chain", s.callchain.nr == 3 &&
			sample_callchain__ip(&s.callchain, 0) == PERF_CONTEXT_USER &&
			sample_callchain__ip(&s.callchain, 2) == 0x402000);
	TEST_ASSERT_VAL("raw", s.raw.size == 5 && s.raw.data[2] == 0xab && s.raw.data[4] == 0x55);
	memcpy(&v, s.user_regs.regs + 8, 8);
	TEST_ASSERT_VAL("regs", s.user_regs.abi == PERF_SAMPLE_REGS_ABI_64 &&
			s.user_regs.mask == attr.sample_regs_user && v == 0x401000);
	memcpy(&v, s.user_stack.data + 8, 8);
	TEST_ASSERT_VAL("stack", s.user_stack.size == 16 && s.user_stack.dyn_size == 8 && v == 0xbb);
	for (cut = 5 * 8; cut < r.n * 8; cut += 8) {
		set_size(&r, cut);
		TEST_ASSERT_VAL("cut refused",
				perf_sample__parse_attr(&s, (const union perf_event *)r.u, &attr) &&
				!s.callchain.nr && !s.user_stack.data);
	}
	return TEST_OK;
}

/* A chain longer than its record, by a count chosen to overflow nr * 8, is refused. */
static int test_huge_chain(void)
{
	struct perf_event_attr attr = { .sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_CALLCHAIN };
	struct perf_event_header h = { PERF_RECORD_SAMPLE, PERF_RECORD_MISC_USER, 4 * 8 };
	uint64_t u[4] = { 0, 0x401000, 1ULL << 61, PERF_CONTEXT_USER };
	struct perf_sample s;

	memcpy(u, &h, sizeof(h));
	TEST_ASSERT_VAL("refused", perf_sample__parse_attr(&s, (const union perf_event *)u, &attr));
	return TEST_OK;
}

const struct test_case sample_tests[] = {
	{ "sample: CALLCHAIN, RAW, BRANCH_STACK, REGS_USER, STACK_USER found and bounded", test_tail },
	{ "sample: a chain count no record can hold is refused", test_huge_chain },
	{ "sample: PERF_SAMPLE_READ in all 32 read_formats", test_every_format },
	{ "sample: a read cut at any byte is refused", test_truncated },
	{ "sample: a group count no record can hold is refused", test_huge_group },
	{ "sample: nothing past PERIOD is read without PERF_SAMPLE_READ", test_no_read },
	{ "sample: read values of a record 4 bytes off 8-byte alignment", test_unaligned },
	{ NULL, NULL },
};
