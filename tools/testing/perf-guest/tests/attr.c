// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/events/guest.c: which samples are the guest's (0001).
 *
 * Every combination of where the interrupt came from (the host, a guest's
 * kernel, a guest's user space), which mode the interrupted host
 * registers are in, exclude_guest, and PERF_EFLAGS_EXACT, through
 * perf_event_in_guest(), perf_event_misc_flags() and
 * perf_event_instruction_pointer().  The expected values are written out
 * row by row, not computed: the table is the specification.
 */
#include <string.h>

#include "../include/quote/kernel/events/internal.h"
#include "fake.h"

#define HOST_KERNEL_IP	0xffffffffa0001000UL	/* KVM's exit path */
#define HOST_USER_IP	0x0000555555554321UL	/* the VMM */
#define GUEST_KERNEL_IP	0xffffffff81001234UL
#define GUEST_USER_IP	0x00007f0000001000UL

#define K	PERF_RECORD_MISC_KERNEL
#define U	PERF_RECORD_MISC_USER
#define GK	PERF_RECORD_MISC_GUEST_KERNEL
#define GU	PERF_RECORD_MISC_GUEST_USER
#define X	PERF_RECORD_MISC_EXACT_IP

enum { HOST, GKERN, GUSER };

static const struct pg_attr_case {
	int		from;		/* where the interrupt came from */
	bool		user_regs;	/* the host registers are user mode */
	bool		exclude_guest;
	bool		exact;
	unsigned long	misc;
	unsigned long	ip;
	bool		in_guest;
} pg_attr_cases[] = {
	/* from	 user excl exact  misc     ip               in_guest */
	{ HOST,  0, 0, 0,	K,	HOST_KERNEL_IP,		0 },
	{ HOST,  0, 0, 1,	K | X,	HOST_KERNEL_IP,		0 },
	{ HOST,  0, 1, 0,	K,	HOST_KERNEL_IP,		0 },
	{ HOST,  0, 1, 1,	K | X,	HOST_KERNEL_IP,		0 },
	{ HOST,  1, 0, 0,	U,	HOST_USER_IP,		0 },
	{ HOST,  1, 0, 1,	U | X,	HOST_USER_IP,		0 },
	{ HOST,  1, 1, 0,	U,	HOST_USER_IP,		0 },
	{ HOST,  1, 1, 1,	U | X,	HOST_USER_IP,		0 },
	{ GKERN, 0, 0, 0,	GK,	GUEST_KERNEL_IP,	1 },
	{ GKERN, 0, 0, 1,	GK | X,	GUEST_KERNEL_IP,	1 },
	{ GKERN, 0, 1, 0,	K,	HOST_KERNEL_IP,		0 },
	{ GKERN, 0, 1, 1,	K | X,	HOST_KERNEL_IP,		0 },
	{ GKERN, 1, 0, 0,	GK,	GUEST_KERNEL_IP,	1 },
	{ GKERN, 1, 0, 1,	GK | X,	GUEST_KERNEL_IP,	1 },
	{ GKERN, 1, 1, 0,	U,	HOST_USER_IP,		0 },
	{ GKERN, 1, 1, 1,	U | X,	HOST_USER_IP,		0 },
	{ GUSER, 0, 0, 0,	GU,	GUEST_USER_IP,		1 },
	{ GUSER, 0, 0, 1,	GU | X,	GUEST_USER_IP,		1 },
	{ GUSER, 0, 1, 0,	K,	HOST_KERNEL_IP,		0 },
	{ GUSER, 0, 1, 1,	K | X,	HOST_KERNEL_IP,		0 },
	{ GUSER, 1, 0, 0,	GU,	GUEST_USER_IP,		1 },
	{ GUSER, 1, 0, 1,	GU | X,	GUEST_USER_IP,		1 },
	{ GUSER, 1, 1, 0,	U,	HOST_USER_IP,		0 },
	{ GUSER, 1, 1, 1,	U | X,	HOST_USER_IP,		0 },
};

static const char *const pg_from_name[] = {
	[HOST]	= "host",
	[GKERN]	= "guest-kernel",
	[GUSER]	= "guest-user",
};

static void pg_test_attr(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pg_attr_cases); i++) {
		const struct pg_attr_case *tc = &pg_attr_cases[i];
		struct perf_event event;
		struct pt_regs regs = {
			.ip	= tc->user_regs ? HOST_USER_IP : HOST_KERNEL_IP,
			.cs	= tc->user_regs ? __USER_CS : __KERNEL_CS,
			.flags	= tc->exact ? PERF_EFLAGS_EXACT : 0,
		};
		unsigned long misc, ip;
		bool in_guest;
		char name[128];

		pg_fake_reset();
		pg_fake.state = tc->from == HOST ? 0 :
				tc->from == GKERN ? PERF_GUEST_ACTIVE :
				PERF_GUEST_ACTIVE | PERF_GUEST_USER;
		pg_fake.ip = tc->from == GUSER ? GUEST_USER_IP : GUEST_KERNEL_IP;
		pg_event_init(&event, PERF_MAX_STACK_DEPTH);
		event.attr.exclude_guest = tc->exclude_guest;

		misc = perf_event_misc_flags(&event, &regs);
		ip = perf_event_instruction_pointer(&event, &regs);
		in_guest = perf_event_in_guest(&event);

		snprintf(name, sizeof(name), "%s sample, %s regs%s%s",
			 pg_from_name[tc->from],
			 tc->user_regs ? "user" : "kernel",
			 tc->exclude_guest ? ", exclude_guest" : "",
			 tc->exact ? ", exact" : "");
		pg_result(misc == tc->misc && ip == tc->ip &&
			  in_guest == tc->in_guest, name,
			  "misc %#lx ip %#lx in_guest %d, want misc %#lx ip %#lx in_guest %d",
			  misc, ip, in_guest, tc->misc, tc->ip, tc->in_guest);
	}
	pg_set_guest_cbs(NULL);
}
PG_GROUP("attr", pg_test_attr)
