// SPDX-License-Identifier: GPL-2.0
/*
 * A test workload with inlined code on its call path, for the inlined
 * frames of DWARF call chains: outer() holds middle() and inner(),
 * inlined whatever -fno-inline says; per round, inner's loop does 3
 * units of work, middle's own 1.
 */
#include "spin.h"

__attribute__((noinline)) void done(void) { __asm__ volatile(""); }

static inline __attribute__((always_inline)) void inner(void)
{
	SPIN(3 * UNIT);
}

static inline __attribute__((always_inline)) void middle(void)
{
	inner();
	SPIN(1 * UNIT);
}

__attribute__((noinline)) void outer(void)
{
	middle();
	done();
}

static void round_of_work(void)
{
	outer();
	done();
}

int main(int argc, char **argv)
{
	return workload_main(argc, argv, round_of_work);
}
