/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shim for <linux/perf_event.h>: what kernel/events/guest.c and
 * arch/x86/events/guest.c use of it.
 *
 * The UAPI half (struct perf_event_attr, PERF_RECORD_MISC_*,
 * PERF_CONTEXT_*, PERF_MAX_STACK_DEPTH) is the system's own
 * <linux/perf_event.h>, reached with #include_next: an ABI that does not
 * change under us.
 */
#ifndef _PG_SHIM_LINUX_PERF_EVENT_H
#define _PG_SHIM_LINUX_PERF_EVENT_H

#include_next <linux/perf_event.h>

#include <linux/types.h>
#include <linux/bug.h>
#include "../stubs.h"

/*
 * CUSTOM: an event is its attr alone.  Not modelled: everything else in
 * struct perf_event (context, PMU, sampling state); the functions under
 * test read only event->attr.
 */
struct perf_event {
	struct perf_event_attr	attr;
};

/* DUP: the kernel's chain buffer and its builder's state. */
struct perf_callchain_entry {
	__u64	nr;
	__u64	ip[];	/* sysctl_perf_event_max_stack + max contexts */
};

struct perf_callchain_entry_ctx {
	struct perf_callchain_entry	*entry;
	u32				max_stack;
	u32				nr;
	short				contexts;
	bool				contexts_maxed;
};

/* DUP: kernel/events/callchain.c's sysctls, with their defaults. */
extern int sysctl_perf_event_max_stack;
extern int sysctl_perf_event_max_contexts_per_stack;

/*
 * CUSTOM (shim/perf.c): one chain buffer per recursion context and
 * thread.  get_callchain_entry() fails (NULL, *rctx == -1) when the test
 * says so or when the context is already in use, as recursion does in the
 * kernel.  The buffer is sized from the two sysctls and followed by canary
 * words that the tests check.  Not modelled: per-CPU buffers shared by
 * threads, the RCU-freed buffer array, and the recursion context chosen
 * by interrupt level (the tests pick it).
 */
struct perf_callchain_entry *get_callchain_entry(int *rctx);
void put_callchain_entry(int rctx);

/* DUP: the kernel's inlines, verbatim in behaviour. */
static inline int perf_callchain_store_context(struct perf_callchain_entry_ctx *ctx,
					       u64 ip)
{
	if (ctx->contexts < sysctl_perf_event_max_contexts_per_stack) {
		struct perf_callchain_entry *entry = ctx->entry;

		entry->ip[entry->nr++] = ip;
		++ctx->contexts;
		return 0;
	}
	ctx->contexts_maxed = true;
	return -1;
}

static inline int perf_callchain_store(struct perf_callchain_entry_ctx *ctx,
				       u64 ip)
{
	if (ctx->nr < ctx->max_stack && !ctx->contexts_maxed) {
		struct perf_callchain_entry *entry = ctx->entry;

		entry->ip[entry->nr++] = ip;
		++ctx->nr;
		return 0;
	}
	return -1;
}

/*
 * CUSTOM (shim/perf.c): the static-call wrappers of the guest info
 * callbacks are plain functions here.  Each calls the matching member of
 * the callbacks the test installed with pg_set_guest_cbs(), or returns 0
 * if there is none, as DEFINE_STATIC_CALL_RET0 does.  Not modelled:
 * static_call_update() and perf_{,un}register_guest_info_callbacks()
 * (kernel/events/core.c, which the harness does not build), including
 * the rule that get_frame_pointer and read_virt are installed only as a
 * pair.
 */
unsigned int perf_guest_state(void);
unsigned long perf_guest_get_ip(void);
unsigned long perf_guest_get_frame_pointer(void);
unsigned int perf_guest_read_virt(unsigned long addr, void *buf,
				  unsigned int len);

/*
 * DUP (shim/perf.c): x86's perf_misc_flags() and perf_instruction_pointer()
 * of arch/x86/events/core.c in 6.12, which the series leaves alone; on
 * x86-64 code_segment_base() is 0 for everything the tests build.
 */
unsigned long perf_misc_flags(struct pt_regs *regs);
unsigned long perf_instruction_pointer(struct pt_regs *regs);

/* The series: include/linux/perf_event.h in 0002. */
void perf_callchain_guest(struct perf_callchain_entry_ctx *entry);

#endif
