// SPDX-License-Identifier: GPL-2.0
/*
 * Builds arch/x86/kernel/cpu/perf_event.c as it is, and supplies the
 * vendor PMU driver: every NMI "overflows" the two events of the CPU that
 * takes it, and each sample goes to the checker.
 */
#include "../../../arch/x86/kernel/cpu/perf_event.c"

#include "harness.h"

static int pg_pmu_handle_irq(struct pt_regs *regs)
{
	struct pg_cpu *c = pg_cpu_self;
	unsigned int i;

	if (!c)
		return 0;
	for (i = 0; i < ARRAY_SIZE(c->events); i++)
		pg_check_sample(c, &c->events[i], regs);
	return 1;
}

int pg_pmu_init(void)
{
	x86_pmu.name = "pg-pmu";
	x86_pmu.handle_irq = pg_pmu_handle_irq;
	return init_hw_perf_events();
}
