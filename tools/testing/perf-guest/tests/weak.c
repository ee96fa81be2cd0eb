// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/events/guest.c without an architecture's walker: the __weak
 * perf_callchain_guest() of 0002.  Only perf-guest-generic links this
 * file, and it leaves arch/x86/events/guest.c out, as a kernel without
 * CONFIG_X86_64 or another architecture would.
 */
#include "../include/quote/kernel/events/internal.h"
#include "fake.h"

#define KIP	0xffffffff81000f00UL

static void pg_test_weak(void)
{
	static const u64 want[] = { PERF_CONTEXT_GUEST_KERNEL, KIP };
	struct perf_callchain_entry *entry;
	struct perf_event event;
	const char *bad;
	char why[1200];

	pg_fake_reset();
	pg_fake_region(0, 0xffffc90000004000UL, PAGE_SIZE);
	pg_fake_frame(0xffffc90000004100UL, 0, 0xffffffff81000b10UL);
	pg_fake.state = PERF_GUEST_ACTIVE;
	pg_fake.ip = KIP;
	pg_fake.fp = 0xffffc90000004100UL;
	pg_event_init(&event, 64);

	entry = perf_guest_callchain(&event);
	bad = entry ? pg_callchain_check() : "NULL, want a chain";
	if (!bad)
		bad = pg_chain_diff(why, sizeof(why), entry->ip, entry->nr,
				    want, ARRAY_SIZE(want));
	if (!bad && pg_fake.fp_calls + pg_fake.read_calls)
		bad = "the default read the guest's stack";
	pg_result(!bad, "guest kernel, the default hook: GUEST_KERNEL and the IP",
		  "%s", bad);
	pg_fake_reset();
	pg_set_guest_cbs(NULL);
}
PG_GROUP("weak", pg_test_weak)
