// SPDX-License-Identifier: GPL-2.0
/*
 * arch/x86/events/guest.c: the guest frame-pointer walker (0003), over a
 * simulated guest stack in the fake guest's memory.
 *
 * Known call paths must give exactly their return addresses, innermost
 * first after the IP; each of the walker's stop conditions must end the
 * chain cleanly, after exactly the frames before the bad one.  Where a
 * bad frame pointer leads somewhere readable, the test puts a decoy frame
 * there, so that a walker which failed to stop would store DECOY_RET.
 */
#include <string.h>

#include "fake.h"

#define STACK		0xffffc90000004000UL	/* one page of stack */
#define LOW		(STACK + 0x080)
#define LEAF		(STACK + 0x100)
#define B		(STACK + 0x180)
#define C		(STACK + 0x180)		/* c's frame where b's was */
#define A		(STACK + 0x200)
#define ENTRY		(STACK + 0x300)
#define DECOY		(STACK + 0x800)
#define STACK_END	(STACK + 0x1000)
#define UNMAPPED	(STACK + 0x2000)
#define USER_PAGE	0x00007ffd00001000UL
#define USER_DECOY	(USER_PAGE + 0x100)
#define USER_RBP	0x00007ffd12345670UL	/* the syscall's user RBP */
#define DEEP		0xffffc90000100000UL

#define IP		0xffffffff81000f00UL	/* in leaf */
#define RET_B		0xffffffff81000b10UL
#define RET_C		0xffffffff81000c30UL
#define RET_A		0xffffffff81000a20UL
#define RET_ENTRY	0xffffffff81000e40UL	/* e.g. in do_syscall_64 */
#define RET_STUB	0xffffffff81c00050UL	/* in entry_SYSCALL_64 */
#define DECOY_RET	0xffffffff8dead000UL

struct pg_frame {
	u64	fp, next, ret;
};

struct pg_walk_case {
	const char		*name;
	u64			fp;		/* RBP at the interrupt */
	struct pg_frame		frames[8];	/* written in order */
	unsigned int		max_stack;
	u64			want[8];
	unsigned int		want_nr;
};

#define WANT(...)	.want = { __VA_ARGS__ }, \
			.want_nr = sizeof((u64[]){ __VA_ARGS__ }) / sizeof(u64)

/* entry -> a -> b -> leaf, entered from user space by a syscall */
#define PATH_AB		{ LEAF, B, RET_B }, { B, A, RET_A },		\
			{ A, ENTRY, RET_ENTRY }, { ENTRY, USER_RBP, RET_STUB }

static const struct pg_walk_case pg_walk_cases[] = {
	{ "entry -> a -> b -> leaf", LEAF, { PATH_AB }, 64,
	  WANT(IP, RET_B, RET_A, RET_ENTRY, RET_STUB) },
	{ "entry -> c -> leaf", LEAF,
	  { { LEAF, C, RET_C }, { C, ENTRY, RET_ENTRY },
	    { ENTRY, USER_RBP, RET_STUB } }, 64,
	  WANT(IP, RET_C, RET_ENTRY, RET_STUB) },
	{ "no frame pointer: the IP alone", 0, { PATH_AB }, 64,
	  WANT(IP) },
	{ "unaligned frame pointer at the interrupt", DECOY + 4,
	  { PATH_AB, { DECOY + 4, 0, DECOY_RET } }, 64,
	  WANT(IP) },
	{ "unaligned next frame pointer", LEAF,
	  { PATH_AB, { B, DECOY + 4, RET_A }, { DECOY + 4, 0, DECOY_RET } }, 64,
	  WANT(IP, RET_B, RET_A) },
	{ "next frame pointer in the user half", LEAF,
	  { PATH_AB, { B, USER_DECOY, RET_A }, { USER_DECOY, 0, DECOY_RET } }, 64,
	  WANT(IP, RET_B, RET_A) },
	{ "next frame pointer equal to the current one", LEAF,
	  { PATH_AB, { B, B, RET_A } }, 64,
	  WANT(IP, RET_B, RET_A) },
	{ "next frame pointer below the current one", LEAF,
	  { PATH_AB, { B, LOW, RET_A }, { LOW, 0, DECOY_RET } }, 64,
	  WANT(IP, RET_B, RET_A) },
	{ "a loop back to the leaf's frame", LEAF,
	  { PATH_AB, { A, LEAF, RET_ENTRY } }, 64,
	  WANT(IP, RET_B, RET_A, RET_ENTRY) },
	{ "unreadable next frame", LEAF,
	  { PATH_AB, { B, UNMAPPED, RET_A } }, 64,
	  WANT(IP, RET_B, RET_A) },
	{ "next frame across the end of readable memory", LEAF,
	  { PATH_AB, { B, STACK_END - 8, RET_A } }, 64,
	  WANT(IP, RET_B, RET_A) },
	{ "zero return address", LEAF,
	  { PATH_AB, { A, ENTRY, 0 } }, 64,
	  WANT(IP, RET_B, RET_A) },
	{ "max_stack 3", LEAF, { PATH_AB }, 3,
	  WANT(IP, RET_B, RET_A) },
	{ "max_stack 1: the IP alone", LEAF, { PATH_AB }, 1,
	  WANT(IP) },
	{ "max_stack 0: nothing", LEAF, { PATH_AB }, 0, .want_nr = 0 },
};

static void pg_fake_stack(void)
{
	pg_fake_reset();
	pg_fake_region(0, STACK, STACK_END - STACK);
	pg_fake_region(1, USER_PAGE, PAGE_SIZE);
	pg_fake_region(2, DEEP, 0x4000);
	pg_fake.state = PERF_GUEST_ACTIVE;
	pg_fake.ip = IP;
}

/* The walker on its own, into a chain buffer as perf_guest_callchain() has. */
static struct perf_callchain_entry *pg_walk(unsigned int max_stack, int *rctx)
{
	struct perf_callchain_entry_ctx ctx = { 0 };
	struct perf_callchain_entry *entry = get_callchain_entry(rctx);

	if (!entry)
		return NULL;
	entry->nr = 0;
	ctx.entry = entry;
	ctx.max_stack = max_stack;
	perf_callchain_guest(&ctx);
	return entry;
}

static void pg_walk_check(const char *name, unsigned int max_stack,
			  const u64 *want, unsigned int want_nr)
{
	struct perf_callchain_entry *entry;
	const char *bad;
	char why[1200];
	int rctx;

	entry = pg_walk(max_stack, &rctx);
	if (!entry) {
		pg_result(false, name, "no chain buffer");
		return;
	}
	put_callchain_entry(rctx);
	bad = pg_callchain_check();
	if (!bad)
		bad = pg_chain_diff(why, sizeof(why), entry->ip, entry->nr,
				    want, want_nr);
	pg_result(!bad, name, "%s", bad);
}

/* A chain of @frames valid frames, each above the one it returns to. */
static void pg_deep_stack(unsigned int frames, u64 *want)
{
	unsigned int i;

	want[0] = IP;
	for (i = 0; i < frames; i++) {
		u64 fp = DEEP + 16 * i;
		u64 ret = 0xffffffff82000000UL + 16 * i;

		pg_fake_frame(fp, i + 1 < frames ? fp + 16 : USER_RBP, ret);
		want[1 + i] = ret;
	}
	pg_fake.fp = DEEP;
}

static void pg_test_walker(void)
{
	int saved_max = sysctl_perf_event_max_stack;
	u64 want[256];
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(pg_walk_cases); i++) {
		const struct pg_walk_case *tc = &pg_walk_cases[i];

		pg_fake_stack();
		for (j = 0; j < ARRAY_SIZE(tc->frames) && tc->frames[j].fp; j++)
			pg_fake_frame(tc->frames[j].fp, tc->frames[j].next,
				      tc->frames[j].ret);
		pg_fake.fp = tc->fp;
		pg_walk_check(tc->name, tc->max_stack, tc->want, tc->want_nr);
	}

	/*
	 * Deep stacks, with room for all of them in the chain: the walk is
	 * bounded by PERF_MAX_STACK_DEPTH frames after the IP.
	 */
	sysctl_perf_event_max_stack = 1000;
	pg_fake_stack();
	pg_deep_stack(PERF_MAX_STACK_DEPTH, want);
	pg_walk_check("a stack exactly PERF_MAX_STACK_DEPTH deep", 1000,
		      want, 1 + PERF_MAX_STACK_DEPTH);
	pg_fake_stack();
	pg_deep_stack(200, want);
	pg_walk_check("a stack deeper than PERF_MAX_STACK_DEPTH", 1000,
		      want, 1 + PERF_MAX_STACK_DEPTH);
	pg_fake_stack();
	pg_deep_stack(200, want);
	pg_walk_check("a deep stack, max_stack 50", 50, want, 50);
	sysctl_perf_event_max_stack = saved_max;

	pg_fake_reset();
	pg_set_guest_cbs(NULL);
}
PG_GROUP("walker", pg_test_walker)
