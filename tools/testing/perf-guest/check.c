// SPDX-License-Identifier: GPL-2.0
/*
 * The checker: every sample is compared with the truth that the hardware
 * model recorded for the NMI that took it.
 *
 *  - attributed to the guest if and only if it was taken by the NMI that
 *    caused a VM exit (and, in the race test, the callbacks in force were
 *    consulted), and the event does not exclude the guest;
 *  - guest user if and only if the guest CPL was 3 at that exit;
 *  - IP equal to the guest RIP at that exit, else to the host IP;
 *  - PERF_RECORD_MISC_EXACT_IP if and only if the PMU marked regs exact.
 */
#include <stdio.h>

#include <asm/perf_event.h>

#include "harness.h"

volatile bool pg_race_mode;

void pg_check_sample(struct pg_cpu *c, struct perf_event *event,
		     struct pt_regs *regs)
{
	const struct pg_truth *t = &c->truth;
	struct perf_sample_data data = { .period = 1 };
	struct perf_event_header header;
	unsigned int want_misc;
	unsigned long want_ip;
	bool guest;

	perf_prepare_sample(&header, &data, event, regs);

	guest = t->exit_nmi && !event->attr.exclude_guest &&
		(!pg_race_mode || t->cbs_seen);
	if (guest) {
		want_misc = t->cpl == 3 ? PERF_RECORD_MISC_GUEST_USER :
					  PERF_RECORD_MISC_GUEST_KERNEL;
		want_ip = t->rip;
	} else {
		want_misc = t->host_user ? PERF_RECORD_MISC_USER :
					   PERF_RECORD_MISC_KERNEL;
		want_ip = regs->ip;
	}
	if (regs->flags & PERF_EFLAGS_EXACT)
		want_misc |= PERF_RECORD_MISC_EXACT_IP;

	c->cnt.samples++;
	if (header.type == PERF_RECORD_SAMPLE && header.misc == want_misc &&
	    data.ip == want_ip) {
		if (guest && t->cpl == 3)
			c->cnt.guest_user++;
		else if (guest)
			c->cnt.guest_kernel++;
		else if (t->exit_nmi && event->attr.exclude_guest)
			c->cnt.excluded++;
		return;
	}

	c->cnt.mistagged++;
	if (!c->fail.set) {
		c->fail.set = true;
		c->fail.cpu = c->id;
		c->fail.exclude_guest = event->attr.exclude_guest;
		c->fail.truth = *t;
		c->fail.regs_ip = regs->ip;
		c->fail.misc = header.misc;
		c->fail.ip = data.ip;
	}
}

static const char *pg_cpumode_name(unsigned int misc)
{
	switch (misc & PERF_RECORD_MISC_CPUMODE_MASK) {
	case PERF_RECORD_MISC_KERNEL:		return "host kernel";
	case PERF_RECORD_MISC_USER:		return "host user";
	case PERF_RECORD_MISC_GUEST_KERNEL:	return "guest kernel";
	case PERF_RECORD_MISC_GUEST_USER:	return "guest user";
	default:				return "other";
	}
}

void pg_print_failure(const struct pg_failure *f)
{
	const struct pg_truth *t = &f->truth;

	if (!f->set)
		return;
	fprintf(stderr,
		"first mistagged sample: cpu %d, %sevent\n"
		"  truth: %s NMI%s, host %s, exit CPL %u, exit RIP %#lx, host IP %#lx\n"
		"  got:   %s%s, IP %#lx\n",
		f->cpu, f->exclude_guest ? "exclude_guest " : "",
		t->exit_nmi ? "exit" : "host",
		pg_race_mode ? (t->cbs_seen ? " (callbacks consulted)" :
					      " (no callbacks)") : "",
		t->host_user ? "user" : "kernel", t->cpl, t->rip, f->regs_ip,
		pg_cpumode_name(f->misc),
		(f->misc & PERF_RECORD_MISC_EXACT_IP) ? " exact" : "", f->ip);
}
