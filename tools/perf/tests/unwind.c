// SPDX-License-Identifier: GPL-2.0
/*
 * DWARF unwinding of a stack taken from this very process: its registers
 * and a copy of its stack, in maps read from /proc/self/maps, unwound as
 * a --call-graph dwarf sample is.  Then the maps change under the cached
 * Dwfl, and the frames must follow them.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tests.h"
#include "util/machines.h"
#include "util/unwind.h"
#include "util/util.h"

#define STACK		65528	/* the most perf record asks for */
#define REG_BP		6	/* perf's x86 register numbers */
#define REG_SP		7
#define REG_IP		8
#define MASK		(1ULL << REG_BP | 1ULL << REG_SP | 1ULL << REG_IP)
#define MAX_FRAMES	64

/* A sample of this process: BP, SP and IP (in bit order) and its stack. */
struct snap {
	uint64_t regs[3];
	unsigned char stack[STACK];
	uint64_t size;
	uint64_t ret;		/* where capture() returns to */
};

struct frames {
	uint64_t ip[MAX_FRAMES];
	unsigned int nr;
	unsigned int stop_at;	/* return 7 at this frame, if non-zero */
};

static int add_frame(uint64_t ip, void *arg)
{
	struct frames *f = arg;

	if (f->nr < MAX_FRAMES)
		f->ip[f->nr] = ip;
	if (++f->nr == f->stop_at)
		return 7;
	return 0;
}

/* The end of this thread's stack, from /proc/self/maps; 0 if not found. */
static uint64_t stack_end(uint64_t sp)
{
	unsigned long long start, end;
	char line[512];
	uint64_t found = 0;
	FILE *f = fopen("/proc/self/maps", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx-%llx", &start, &end) == 2 && sp >= start && sp < end)
			found = end;
	if (f)
		fclose(f);
	return found;
}

/* A byte copy that the sanitizer does not check: the stack has its redzones. */
static __attribute__((no_sanitize_address, noinline)) void copy_stack(unsigned char *dst,
								      const volatile unsigned char *src,
								      size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] = src[i];
}

static __attribute__((noinline)) void capture(struct snap *sn)
{
	uint64_t ip, sp, bp, end;

	__asm__ volatile("lea (%%rip), %0\n\tmov %%rsp, %1\n\tmov %%rbp, %2"
			 : "=r"(ip), "=r"(sp), "=r"(bp));
	sn->regs[0] = bp;
	sn->regs[1] = sp;
	sn->regs[2] = ip;
	sn->ret = (uint64_t)__builtin_return_address(0);
	end = stack_end(sp);
	sn->size = end > sp ? min(end - sp, (uint64_t)STACK) : 0;
	copy_stack(sn->stack, (const unsigned char *)sp, sn->size);
}

/* Gives process @pid the map of one /proc/self/maps line, under @name if not NULL. */
static int put_map(struct machines *ms, pid_t pid, uint64_t start, uint64_t end, uint64_t pgoff,
		   const char *name)
{
	char buf[sizeof(struct perf_record_mmap2) + 4096 + 8];
	union perf_event *ev = (union perf_event *)buf;
	size_t len = strlen(name);

	if (len > 4096)
		return -ENAMETOOLONG;
	memset(buf, 0, sizeof(buf));
	ev->header.type = PERF_RECORD_MMAP2;
	ev->header.misc = PERF_RECORD_MISC_USER;
	ev->header.size = sizeof(ev->mmap2) + PERF_ALIGN(len + 1, 8);
	ev->mmap2.pid = ev->mmap2.tid = pid;
	ev->mmap2.start = start;
	ev->mmap2.len = end - start;
	ev->mmap2.pgoff = pgoff;
	memcpy(ev->mmap2.filename, name, len);
	return machines__process_event(ms, ev);
}

/*
 * This process's maps, as records would give them; the one holding @ip
 * goes into *@text.  Returns 0 or -1.
 */
static int put_self_maps(struct machines *ms, pid_t pid, uint64_t ip, uint64_t text[3],
			 char *text_name, size_t size)
{
	unsigned long long start, end, pgoff;
	char line[4096 + 128], path[4096];
	int n, err = 0;
	FILE *f = fopen("/proc/self/maps", "r");

	if (!f)
		return -1;
	while (!err && fgets(line, sizeof(line), f)) {
		path[0] = '\0';
		n = sscanf(line, "%llx-%llx %*s %llx %*s %*s %4095[^\n]", &start, &end, &pgoff,
			   path);
		if (n < 3)
			continue;
		err = put_map(ms, pid, start, end, pgoff, path[0] ? path : "//anon");
		if (ip >= start && ip < end) {
			text[0] = start;
			text[1] = end;
			text[2] = pgoff;
			snprintf(text_name, size, "%s", path);
		}
	}
	fclose(f);
	return err ? -1 : 0;
}

static void sample__init(struct perf_sample *s, struct snap *sn, pid_t pid)
{
	memset(s, 0, sizeof(*s));
	s->pid = s->tid = pid;
	s->cpumode = PERF_RECORD_MISC_USER;
	s->user_regs.abi = PERF_SAMPLE_REGS_ABI_64;
	s->user_regs.mask = MASK;
	s->user_regs.regs = (const unsigned char *)sn->regs;
	s->user_stack.data = sn->stack;
	s->user_stack.size = sn->size;
	s->user_stack.dyn_size = sn->size;
}

static int unwind(struct machines *ms, const struct perf_sample *s, unsigned int max,
		  struct frames *f)
{
	unsigned int stop_at = f->stop_at;

	memset(f, 0, sizeof(*f));
	f->stop_at = stop_at;
	return unwind__get_entries(ms, &ms->host, s->pid, s->tid, s, max, add_frame, f);
}

/* The offset of the word @w in the stack copy, or -1. */
static long stack_find(const struct snap *sn, uint64_t w)
{
	uint64_t v;
	size_t i;

	for (i = 0; i + 8 <= sn->size; i += 8) {
		memcpy(&v, sn->stack + i, 8);
		if (v == w)
			return i;
	}
	return -1;
}

static int check_self(struct machines *ms, struct snap *sn, pid_t pid, uint64_t text[3],
		      const char *text_name)
{
	struct frames first, f = { .stop_at = 0 };
	struct perf_sample s;
	long ra;

	sample__init(&s, sn, pid);
	TEST_ASSERT_VAL("unwinds", !unwind(ms, &s, 127, &first));
	TEST_ASSERT_VAL("the sampled IP first", first.nr >= 1 && first.ip[0] == sn->regs[2]);
	TEST_ASSERT_VAL("then capture()'s caller, at its return address - 1",
			first.nr >= 2 && first.ip[1] == sn->ret - 1);
	TEST_ASSERT_VAL("up through main and libc", first.nr >= 4 && first.nr < MAX_FRAMES);

	/* Cached: the same frames again. */
	TEST_ASSERT_VAL("again", !unwind(ms, &s, 127, &f));
	TEST_ASSERT_VAL("the same frames", f.nr == first.nr &&
					   !memcmp(f.ip, first.ip, f.nr * 8));

	TEST_ASSERT_VAL("max_stack 2", !unwind(ms, &s, 2, &f) && f.nr == 2 &&
				       f.ip[1] == first.ip[1]);
	f.stop_at = 2;
	TEST_ASSERT_VAL("a callback's non-zero stops and is returned", unwind(ms, &s, 127, &f) == 7);
	TEST_ASSERT_VAL("after that frame", f.nr == 2);
	f.stop_at = 0;

	/* perf reads the stack copy's last word from the files: not there. */
	ra = stack_find(sn, sn->ret);
	TEST_ASSERT_VAL("the return address is on the stack", ra >= 0);
	s.user_stack.dyn_size = ra + 8;
	TEST_ASSERT_VAL("return address as the last word", !unwind(ms, &s, 127, &f));
	TEST_ASSERT_VAL("is not read", f.nr == 1);
	s.user_stack.dyn_size = ra + 16;
	TEST_ASSERT_VAL("one word more", !unwind(ms, &s, 127, &f) && f.nr >= 2 &&
					 f.ip[1] == first.ip[1]);
	s.user_stack.dyn_size = sn->size;

	/*
	 * The text's map now names a file that does not exist: the cached
	 * module is stale, and perf stops after the sampled frame.
	 */
	TEST_ASSERT_VAL("remap", !put_map(ms, pid, text[0], text[1], text[2], "/nonexistent/x"));
	TEST_ASSERT_VAL("unwinds in the new map", !unwind(ms, &s, 127, &f));
	TEST_ASSERT_VAL("only the sampled IP", f.nr == 1 && f.ip[0] == sn->regs[2]);
	TEST_ASSERT_VAL("map back", !put_map(ms, pid, text[0], text[1], text[2], text_name));
	TEST_ASSERT_VAL("unwinds in the old map", !unwind(ms, &s, 127, &f));
	TEST_ASSERT_VAL("the first frames again", f.nr == first.nr &&
						  !memcmp(f.ip, first.ip, f.nr * 8));
	return TEST_OK;
}

static int test_self(void)
{
	struct machines ms;
	struct snap *sn = calloc(1, sizeof(*sn));
	uint64_t text[3] = { 0 };
	char name[4096];
	pid_t pid = getpid();
	int ret;

	TEST_ASSERT_VAL("alloc", sn);
	capture(sn);
	if (!sn->size) {
		free(sn);
		fprintf(stderr, "    no stack map found in /proc/self/maps\n");
		return TEST_SKIP;
	}
	TEST_ASSERT_VAL("machines", !machines__init(&ms, NULL));
	ret = put_self_maps(&ms, pid, sn->regs[2], text, name, sizeof(name));
	if (!ret && text[1])
		ret = check_self(&ms, sn, pid, text, name);
	else
		ret = TEST_FAIL;
	unwind__exit(&ms);
	machines__exit(&ms);
	free(sn);
	return ret;
}

/* Samples perf unwinds nothing of, and registers it cannot unwind from. */
static int test_nothing(void)
{
	struct machines ms;
	struct frames f = { .stop_at = 0 };
	struct perf_sample s;
	struct snap *sn = calloc(1, sizeof(*sn));

	TEST_ASSERT_VAL("alloc", sn);
	TEST_ASSERT_VAL("machines", !machines__init(&ms, NULL));
	sn->size = 64;
	sample__init(&s, sn, 4242);
	s.user_stack.dyn_size = 0;
	TEST_ASSERT_VAL("no stack copied: no frames", !unwind(&ms, &s, 127, &f) && !f.nr);
	s.user_stack.dyn_size = 64;
	s.user_regs.abi = PERF_SAMPLE_REGS_ABI_NONE;
	TEST_ASSERT_VAL("no registers: no frames", !unwind(&ms, &s, 127, &f) && !f.nr);
	s.user_regs.abi = PERF_SAMPLE_REGS_ABI_32;
	TEST_ASSERT_VAL("a 32-bit process: no frames", !unwind(&ms, &s, 127, &f) && !f.nr);
	s.user_regs.abi = PERF_SAMPLE_REGS_ABI_64;
	s.user_regs.mask = 1ULL << REG_IP | 1ULL << REG_BP;
	TEST_ASSERT_VAL("no SP: -EINVAL", unwind(&ms, &s, 127, &f) == -EINVAL);
	s.user_regs.mask = MASK;
	sn->regs[2] = 0x1234;
	TEST_ASSERT_VAL("an IP in no map", !unwind(&ms, &s, 127, &f));
	TEST_ASSERT_VAL("is the one frame", f.nr == 1 && f.ip[0] == 0x1234);
	sn->regs[2] = 0;
	TEST_ASSERT_VAL("IP 0: counted, not given", !unwind(&ms, &s, 127, &f) && !f.nr);
	unwind__exit(&ms);
	machines__exit(&ms);
	free(sn);
	return TEST_OK;
}

const struct test_case unwind_tests[] = {
	{ "unwind: this process's stack, through main, as its maps change", test_self },
	{ "unwind: samples with nothing to unwind", test_nothing },
	{ NULL, NULL },
};
