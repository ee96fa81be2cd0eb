/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_X86_PERF_EVENT_H
#define _ASM_X86_PERF_EVENT_H

/*
 * x86 performance events: the declarations used to attribute samples to
 * KVM guests.  Only the parts that the guest-sampling patch set adds or
 * touches are carried in this tree.
 */

#ifdef CONFIG_PERF_EVENTS

/*
 * The PMU driver sets this otherwise unused bit of regs->flags on the
 * registers it passes to the core when regs->ip is the precise IP of the
 * instruction that overflowed (PEBS), so that perf_misc_flags() can report
 * PERF_RECORD_MISC_EXACT_IP.
 */
#define PERF_EFLAGS_EXACT	(1UL << 3)

struct pt_regs;

unsigned long perf_misc_flags(struct pt_regs *regs);
unsigned long perf_instruction_pointer(struct pt_regs *regs);
#define perf_misc_flags(regs)	perf_misc_flags(regs)

#endif /* CONFIG_PERF_EVENTS */

#endif /* _ASM_X86_PERF_EVENT_H */
