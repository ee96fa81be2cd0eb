// SPDX-License-Identifier: GPL-2.0
/*
 * Tracing data as a hostile file may hold them, and kvm stat's pairing
 * on payloads its format does not fit.  Built by hand: no tracefs needed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <traceevent/event-parse.h>
#include "tests.h"
#include "util/buf.h"
#include "util/event.h"
#include "util/kvm-stat.h"
#include "util/trace-data.h"
#include "util/trace-event.h"

static const char entry_fmt[] =
	"name: kvm_entry\nID: 7\nformat:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"
	"\tfield:unsigned int vcpu_id;\toffset:8;\tsize:4;\tsigned:0;\n\n"
	"print fmt: \"vcpu %u\", REC->vcpu_id\n";
static const char exit_fmt[] =
	"name: kvm_exit\nID: 8\nformat:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"
	"\tfield:unsigned int exit_reason;\toffset:8;\tsize:4;\tsigned:0;\n"
	"\tfield:u32 isa;\toffset:12;\tsize:4;\tsigned:0;\n"
	"\tfield:unsigned int vcpu_id;\toffset:16;\tsize:4;\tsigned:0;\n\n"
	"print fmt: \"vcpu %u reason %u\", REC->vcpu_id, REC->exit_reason\n";

/* Tracing data of the two formats, with @printk as printk_formats. */
static void make_data(struct buf *b, const char *printk)
{
	buf__add(b, "\027\010\104tracing0.6", 14);	/* the NUL too */
	buf__add(b, (const char []){ 0, 8 }, 2);
	buf__add_u32(b, 4096);
	buf__add(b, "header_page", 12);
	buf__add_u64(b, 0);
	buf__add(b, "header_event", 13);
	buf__add_u64(b, 0);
	buf__add_u32(b, 0);
	buf__add_u32(b, 1);
	buf__add(b, "kvm", 4);
	buf__add_u32(b, 2);
	buf__add_u64(b, strlen(entry_fmt));
	buf__add(b, entry_fmt, strlen(entry_fmt));
	buf__add_u64(b, strlen(exit_fmt));
	buf__add(b, exit_fmt, strlen(exit_fmt));
	buf__add_u32(b, 0);
	buf__add_u32(b, strlen(printk));
	buf__add(b, printk, strlen(printk));
	buf__add_u64(b, 0);
}

/* libtraceevent reads past lines of these shapes; they must not reach it. */
static int test_printk_lines(void)
{
	/* The last line ends the buffer: what libtraceevent reads past it is out of bounds. */
	static const char bad[] = "0x1:\nabc\n0x2 : \"a\"\n0xffffffff81000000 : \"ok %d\\n\"\n0x3";
	struct buf b = BUF_INIT;
	struct tep_handle *tep;
	char err[256];

	make_data(&b, bad);
	tep = trace_data__parse(b.data, b.len, err, sizeof(err));
	/* Under ASan, a line handed over would read out of bounds here. */
	TEST_ASSERT_VAL("parses, dropping the bad lines", tep);
	tep_free(tep);
	buf__release(&b);
	return TEST_OK;
}

/* Every length is checked: each cut of the data is refused with its offset. */
static int test_truncated(void)
{
	struct buf b = BUF_INIT;
	char err[256];
	size_t n;

	make_data(&b, "");
	for (n = 0; n + 8 < b.len; n++) {
		struct tep_handle *tep = trace_data__parse(b.data, n, err, sizeof(err));

		TEST_ASSERT_VAL("a cut is refused", !tep);
		TEST_ASSERT_VAL("with the offset", !strncmp(err, "tracing data offset ", 20));
		TEST_ASSERT_VAL("the walk agrees", trace_data__check(b.data, n, err, sizeof(err)));
	}
	TEST_ASSERT_VAL("whole, it walks", !trace_data__check(b.data, b.len, err, sizeof(err)));
	buf__release(&b);
	return TEST_OK;
}

static struct perf_sample sample(uint32_t tid, uint64_t time, const void *raw, uint32_t size)
{
	return (struct perf_sample){ .pid = 100, .tid = tid, .time = time,
				     .raw = { .data = raw, .size = size } };
}

/* Pairing: from the thread's first entry; an exit nothing closes is not counted. */
static int test_pairing(void)
{
	uint32_t entry[3] = { 7, 100, 0 }, exit_[5] = { 8, 100, 0x78, 2, 0 };
	struct buf b = BUF_INIT;
	struct tep_handle *tep;
	struct kvm_stat ks;
	struct perf_sample s;
	char err[256], name[64];

	make_data(&b, "");
	tep = trace_data__parse(b.data, b.len, err, sizeof(err));
	TEST_ASSERT_VAL("formats", tep);
	kvm_stat__init(&ks, KVM_STAT_VMEXIT, tep);
	ks.svm = true;
	s = sample(101, 1000, exit_, sizeof(exit_));
	TEST_ASSERT_VAL("an exit before any entry", !kvm_stat__sample(&ks, &s, 100));
	s = sample(101, 2000, entry, sizeof(entry));
	TEST_ASSERT_VAL("the first entry", !kvm_stat__sample(&ks, &s, 100));
	s = sample(101, 3000, exit_, sizeof(exit_));
	kvm_stat__sample(&ks, &s, 100);
	s = sample(101, 7000, entry, sizeof(entry));
	kvm_stat__sample(&ks, &s, 100);
	/* A payload too short for the exit's fields: its reason reads as 0, within bounds. */
	s = sample(101, 8000, exit_, 6);
	kvm_stat__sample(&ks, &s, 100);
	s = sample(101, 9000, exit_, sizeof(exit_));
	kvm_stat__sample(&ks, &s, 100);
	kvm_stat__sort(&ks, KVM_SORT_SAMPLE);
	TEST_ASSERT_VAL("one hlt, of 4 us", ks.nr_events == 1 && ks.events[0].total.count == 1 &&
					   ks.events[0].total.time == 4000);
	TEST_ASSERT_VAL("named by SVM", !strcmp(kvm_stat__event_name(&ks, &ks.events[0], name,
								     sizeof(name)), "hlt"));
	kvm_stat__exit(&ks);
	tep_free(tep);
	buf__release(&b);
	return TEST_OK;
}

const struct test_case trace_data_tests[] = {
	{ "trace-data: printk_formats lines libtraceevent would read past are dropped",
	  test_printk_lines },
	{ "trace-data: every cut of the data is refused with its offset", test_truncated },
	{ "kvm-stat: exits pair with the next entry, from the thread's first", test_pairing },
	{ NULL, NULL },
};
