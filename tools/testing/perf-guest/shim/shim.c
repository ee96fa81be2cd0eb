// SPDX-License-Identifier: GPL-2.0
/*
 * CUSTOM: the implementation behind include/custom.h, except RCU
 * (shim/rcu.c) and the hardware model (cpu.c).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <asm/hardirq.h>
#include <asm/nmi.h>

#include "harness.h"

__thread int pg_nmi_nesting;
DEFINE_PER_CPU(irq_cpustat_t, irq_stat);

#define PG_MAX_NMI_HANDLERS	4

static struct {
	nmi_handler_t	fn;
	const char	*name;
} pg_nmi_handlers[PG_MAX_NMI_HANDLERS];
static unsigned int pg_nr_nmi_handlers;

int pg_register_nmi_handler(unsigned int type, nmi_handler_t handler,
			    const char *name)
{
	if (type != NMI_LOCAL || pg_nr_nmi_handlers == PG_MAX_NMI_HANDLERS)
		return -EINVAL;
	pg_nmi_handlers[pg_nr_nmi_handlers].name = name;
	/* NMIs may already be running on other threads. */
	__atomic_store_n(&pg_nmi_handlers[pg_nr_nmi_handlers].fn, handler,
			 __ATOMIC_RELEASE);
	__atomic_store_n(&pg_nr_nmi_handlers, pg_nr_nmi_handlers + 1,
			 __ATOMIC_RELEASE);
	return 0;
}

/*
 * The NMI entry: what exc_nmi() does before and after calling the
 * handlers.  @exit_nmi is the ground truth: this is the NMI that caused a
 * VM exit.  The truth about the exit (CPL, RIP) is what the hardware model
 * saved at that exit.
 */
void pg_nmi(struct pg_cpu *c, struct pt_regs *regs, bool exit_nmi)
{
	unsigned int i, n;

	c->truth.exit_nmi = exit_nmi;
	c->truth.host_user = c->host_user;
	c->truth.cbs_seen = false;
	c->truth.cpl = c->exit_cpl;
	c->truth.rip = c->exit_rip;

	WRITE_ONCE(pg_nmi_nesting, pg_nmi_nesting + 1);
	this_cpu_inc(irq_stat.__nmi_count);
	barrier();

	n = __atomic_load_n(&pg_nr_nmi_handlers, __ATOMIC_ACQUIRE);
	for (i = 0; i < n; i++)
		pg_nmi_handlers[i].fn(NMI_LOCAL, regs);

	barrier();
	WRITE_ONCE(pg_nmi_nesting, pg_nmi_nesting - 1);

	c->cnt.nmis++;
	if (exit_nmi)
		c->cnt.exit_nmis++;
	else if (c->in_iret)
		c->cnt.host_in_window++;
}

/*
 * kvm_x86_ops.get_cpl of the vendor module: the CPL in the guest state
 * that the last VM exit saved (SS.DPL in the VMCS or VMCB).
 *
 * Negative control (c): built with PG_NEG_STALE_CPL, it answers with the
 * CPL of the exit before, the way a cached "preempted in kernel" flag
 * describes some earlier moment instead of this exit.
 */
int pg_kvm_get_cpl(struct kvm_vcpu *vcpu)
{
	struct pg_cpu *c = vcpu->pg_hw;

#ifdef PG_NEG_STALE_CPL
	return c->prev_exit_cpl;
#else
	return c->exit_cpl;
#endif
}

const struct kvm_x86_ops pg_kvm_ops = {
	.name		= "pg-hw",
	.get_cpl	= pg_kvm_get_cpl,
};

u64 pg_warnings;
static const char *pg_warn_file;
static int pg_warn_line;
static const char *pg_warn_cond;

void pg_warn(const char *file, int line, const char *cond)
{
	if (__atomic_fetch_add(&pg_warnings, 1, __ATOMIC_RELAXED) == 0) {
		pg_warn_file = file;
		pg_warn_line = line;
		pg_warn_cond = cond;
	}
}

void pg_warnings_print(void)
{
	if (pg_warnings)
		fprintf(stderr, "WARNING: %s:%d: WARN_ON(%s) (%llu times)\n",
			pg_warn_file, pg_warn_line, pg_warn_cond,
			(unsigned long long)pg_warnings);
}

void pg_printk(const char *fmt, ...)
{
	va_list ap;

	if (!pg_opts.verbose)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}
