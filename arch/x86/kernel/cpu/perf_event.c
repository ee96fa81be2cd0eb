// SPDX-License-Identifier: GPL-2.0
/*
 * x86 performance events: the PMU interrupt and guest-aware attribution
 * of samples.
 *
 * When KVM handles the NMI that caused a VM exit, a sample taken by that
 * NMI belongs to the guest that was running, not to the host code that
 * KVM happens to be executing.  The registered guest info callbacks say
 * whether that is the case; perf_misc_flags() and
 * perf_instruction_pointer() turn the answer into the record's cpumode
 * and IP.
 *
 * This file carries only the parts that the guest-sampling patch set adds
 * or touches.
 */

#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/percpu.h>
#include <linux/perf_event.h>
#include <linux/rcupdate.h>
#include <asm/nmi.h>
#include <asm/perf_event.h>
#include <asm/ptrace.h>

struct x86_pmu {
	const char	*name;
	/* Emit a sample for each overflowed counter of this CPU. */
	int		(*handle_irq)(struct pt_regs *regs);
};

/*
 * Filled in by the vendor driver, intel_pmu_init() or amd_pmu_init(), which
 * is built as part of this file.
 */
static struct x86_pmu x86_pmu __read_mostly;

/**
 * struct x86_guest_state - guest attribution of a sample
 * @in_guest: the sample belongs to a guest
 * @user_mode: the guest was at user privilege (CPL 3)
 * @ip: the guest instruction pointer
 */
struct x86_guest_state {
	bool		in_guest;
	bool		user_mode;
	unsigned long	ip;
};

/*
 * The answer of the guest info callbacks for the PMI being handled on this
 * CPU, taken once when the PMI starts.  All samples of one PMI, and the
 * cpumode and IP within each of them, then agree with each other even if
 * the callbacks are unregistered while the PMI is running.
 */
struct x86_pmi_guest {
	bool			active;
	struct x86_guest_state	state;
};

static DEFINE_PER_CPU(struct x86_pmi_guest, x86_pmi_guest);

static void x86_guest_state_read(struct x86_guest_state *gs)
{
	struct perf_guest_info_callbacks *cbs;

	gs->in_guest = false;
	gs->user_mode = false;
	gs->ip = 0;

	rcu_read_lock();
	cbs = rcu_dereference(perf_guest_cbs);
	if (cbs && cbs->is_in_guest()) {
		gs->in_guest = true;
		gs->user_mode = !!cbs->is_user_mode();
		gs->ip = cbs->get_guest_ip();
	}
	rcu_read_unlock();
}

static void x86_guest_state_get(struct x86_guest_state *gs)
{
	struct x86_pmi_guest *pmi = this_cpu_ptr(&x86_pmi_guest);

	if (pmi->active)
		*gs = pmi->state;
	else
		x86_guest_state_read(gs);
}

/**
 * perf_misc_flags - the PERF_RECORD_MISC_* flags of a sample
 * @regs: the registers at the interrupt
 *
 * Context: Any context, including NMI.
 * Return: %PERF_RECORD_MISC_GUEST_USER or %PERF_RECORD_MISC_GUEST_KERNEL
 * if the guest info callbacks attribute the interrupt to a guest,
 * otherwise %PERF_RECORD_MISC_USER or %PERF_RECORD_MISC_KERNEL from @regs.
 * %PERF_RECORD_MISC_EXACT_IP is added in both cases when the PMU driver
 * marked @regs with %PERF_EFLAGS_EXACT.
 */
unsigned long perf_misc_flags(struct pt_regs *regs)
{
	struct x86_guest_state gs;
	unsigned long misc;

	x86_guest_state_get(&gs);
	if (gs.in_guest)
		misc = gs.user_mode ? PERF_RECORD_MISC_GUEST_USER :
				      PERF_RECORD_MISC_GUEST_KERNEL;
	else
		misc = user_mode(regs) ? PERF_RECORD_MISC_USER :
					 PERF_RECORD_MISC_KERNEL;

	if (regs->flags & PERF_EFLAGS_EXACT)
		misc |= PERF_RECORD_MISC_EXACT_IP;

	return misc;
}

/**
 * perf_instruction_pointer - the IP of a sample
 * @regs: the registers at the interrupt
 *
 * Context: Any context, including NMI.
 * Return: the guest IP if the guest info callbacks attribute the interrupt
 * to a guest, otherwise the IP in @regs.
 */
unsigned long perf_instruction_pointer(struct pt_regs *regs)
{
	struct x86_guest_state gs;

	x86_guest_state_get(&gs);
	if (gs.in_guest)
		return gs.ip;

	return instruction_pointer(regs);
}

static int perf_event_nmi_handler(unsigned int cmd, struct pt_regs *regs)
{
	struct x86_pmi_guest *pmi = this_cpu_ptr(&x86_pmi_guest);
	int handled;

	x86_guest_state_read(&pmi->state);
	/* NMIs do not nest: no one can see the state half written. */
	barrier();
	pmi->active = true;
	barrier();

	handled = x86_pmu.handle_irq(regs);

	barrier();
	pmi->active = false;

	return handled ? NMI_HANDLED : NMI_DONE;
}

static int __init init_hw_perf_events(void)
{
	if (!x86_pmu.handle_irq)
		return -ENODEV;

	return register_nmi_handler(NMI_LOCAL, perf_event_nmi_handler, 0, "PMI");
}
early_initcall(init_hw_perf_events);
