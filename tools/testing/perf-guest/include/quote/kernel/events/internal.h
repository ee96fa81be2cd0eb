/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shim for kernel/events/internal.h, which kernel/events/guest.c includes
 * as "internal.h": DUP, the declarations that the series adds to it (0001,
 * 0002).  If the series changes one, the build fails with conflicting
 * types instead of testing a stale prototype.
 */
#ifndef _PG_SHIM_KERNEL_EVENTS_INTERNAL_H
#define _PG_SHIM_KERNEL_EVENTS_INTERNAL_H

#include <linux/perf_event.h>

bool perf_event_in_guest(struct perf_event *event);
unsigned long perf_event_misc_flags(struct perf_event *event,
				    struct pt_regs *regs);
unsigned long perf_event_instruction_pointer(struct perf_event *event,
					     struct pt_regs *regs);
struct perf_callchain_entry *perf_guest_callchain(struct perf_event *event);

#endif
