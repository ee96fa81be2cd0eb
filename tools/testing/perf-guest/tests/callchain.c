// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/events/guest.c: perf_guest_callchain() (0002), with the x86
 * walker of 0003 linked in, over the fake guest.
 *
 * The chain of a guest kernel sample is PERF_CONTEXT_GUEST_KERNEL and the
 * walker's frames; of a guest user sample, PERF_CONTEXT_GUEST_USER and the
 * IP, without reading the guest; the exclude_callchain_* bits, a missing
 * chain buffer, the contexts limit and max_stack apply as for the host.
 * Every case also checks that the chain buffer was put back and that
 * nothing was written past its end.
 */
#include <string.h>

#include "../include/quote/kernel/events/internal.h"
#include "fake.h"

#define STACK		0xffffc90000004000UL
#define LEAF		(STACK + 0x100)
#define B		(STACK + 0x180)
#define A		(STACK + 0x200)
#define USER_RBP	0x00007ffd12345670UL

#define KIP		0xffffffff81000f00UL
#define UIP		0x000055d0c0ffee00UL
#define RET_B		0xffffffff81000b10UL
#define RET_A		0xffffffff81000a20UL

#define GK		PERF_CONTEXT_GUEST_KERNEL
#define GU		PERF_CONTEXT_GUEST_USER

enum { KERN, USER };

static const struct pg_chain_case {
	const char	*name;
	int		mode;		/* of the guest at the interrupt */
	bool		excl_kernel;	/* attr.exclude_callchain_kernel */
	bool		excl_user;	/* attr.exclude_callchain_user */
	bool		no_buffer;	/* get_callchain_entry() fails */
	int		contexts;	/* max contexts per stack; 0: default */
	unsigned int	max_stack;
	bool		want_null;
	bool		may_read;	/* the guest's stack may be read */
	u64		want[8];
	unsigned int	want_nr;
} pg_chain_cases[] = {
	{ "guest kernel: GUEST_KERNEL, the IP and the frames", KERN,
	  .max_stack = 64, .may_read = true,
	  .want = { GK, KIP, RET_B, RET_A }, .want_nr = 4 },
	{ "guest user: GUEST_USER and the IP, nothing read", USER,
	  .max_stack = 64, .want = { GU, UIP }, .want_nr = 2 },
	{ "guest kernel, exclude_callchain_kernel: empty", KERN,
	  .excl_kernel = true, .max_stack = 64, .want_nr = 0 },
	{ "guest kernel, exclude_callchain_user: all of it", KERN,
	  .excl_user = true, .max_stack = 64, .may_read = true,
	  .want = { GK, KIP, RET_B, RET_A }, .want_nr = 4 },
	{ "guest user, exclude_callchain_user: empty", USER,
	  .excl_user = true, .max_stack = 64, .want_nr = 0 },
	{ "guest user, exclude_callchain_kernel: GUEST_USER and the IP", USER,
	  .excl_kernel = true, .max_stack = 64,
	  .want = { GU, UIP }, .want_nr = 2 },
	{ "guest kernel, no chain buffer: NULL, nothing read", KERN,
	  .no_buffer = true, .max_stack = 64, .want_null = true },
	{ "guest user, no chain buffer: NULL", USER,
	  .no_buffer = true, .max_stack = 64, .want_null = true },
	{ "guest kernel, max contexts 0: empty", KERN,
	  .contexts = -1, .max_stack = 64, .want_nr = 0 },
	{ "guest user, max contexts 0: empty", USER,
	  .contexts = -1, .max_stack = 64, .want_nr = 0 },
	{ "guest kernel, max contexts 1: the marker fits", KERN,
	  .contexts = 1, .max_stack = 64, .may_read = true,
	  .want = { GK, KIP, RET_B, RET_A }, .want_nr = 4 },
	{ "guest kernel, max_stack 2: the marker is not a frame", KERN,
	  .max_stack = 2, .may_read = true,
	  .want = { GK, KIP, RET_B }, .want_nr = 3 },
	{ "guest kernel, max_stack 0: the marker alone", KERN,
	  .max_stack = 0, .may_read = true, .want = { GK }, .want_nr = 1 },
	{ "guest user, max_stack 0: the marker alone", USER,
	  .max_stack = 0, .want = { GU }, .want_nr = 1 },
};

static void pg_chain_guest(int mode)
{
	pg_fake_reset();
	pg_fake_region(0, STACK, PAGE_SIZE);
	pg_fake_frame(LEAF, B, RET_B);
	pg_fake_frame(B, A, RET_A);
	pg_fake_frame(A, USER_RBP, 0);	/* ends the walk after RET_A */
	pg_fake.fp = LEAF;
	if (mode == USER) {
		pg_fake.state = PERF_GUEST_ACTIVE | PERF_GUEST_USER;
		pg_fake.ip = UIP;
	} else {
		pg_fake.state = PERF_GUEST_ACTIVE;
		pg_fake.ip = KIP;
	}
}

static void pg_test_callchain(void)
{
	int saved_contexts = sysctl_perf_event_max_contexts_per_stack;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pg_chain_cases); i++) {
		const struct pg_chain_case *tc = &pg_chain_cases[i];
		struct perf_callchain_entry *entry;
		struct perf_event event;
		const char *bad = NULL;
		char why[1200];

		pg_chain_guest(tc->mode);
		pg_event_init(&event, tc->max_stack);
		event.attr.exclude_callchain_kernel = tc->excl_kernel;
		event.attr.exclude_callchain_user = tc->excl_user;
		if (tc->contexts)
			sysctl_perf_event_max_contexts_per_stack =
				tc->contexts < 0 ? 0 : tc->contexts;
		pg_callchain_set_unavailable(tc->no_buffer);

		entry = perf_guest_callchain(&event);

		pg_callchain_set_unavailable(false);
		sysctl_perf_event_max_contexts_per_stack = saved_contexts;

		if (tc->want_null && entry)
			bad = "a chain, want NULL";
		else if (!tc->want_null && !entry)
			bad = "NULL, want a chain";
		else if (!bad)
			bad = pg_callchain_check();
		if (!bad && entry)
			bad = pg_chain_diff(why, sizeof(why), entry->ip,
					    entry->nr, tc->want, tc->want_nr);
		if (!bad && !tc->may_read && pg_fake.read_calls + pg_fake.fp_calls) {
			snprintf(why, sizeof(why),
				 "the guest's stack was read (%u frame pointer, %u read calls)",
				 pg_fake.fp_calls, pg_fake.read_calls);
			bad = why;
		}
		pg_result(!bad, tc->name, "%s", bad);
	}
	pg_fake_reset();
	pg_set_guest_cbs(NULL);
}
PG_GROUP("callchain", pg_test_callchain)
