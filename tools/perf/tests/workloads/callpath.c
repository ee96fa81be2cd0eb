// SPDX-License-Identifier: GPL-2.0
/*
 * A test workload with known call paths for call-graph tests: per round,
 * main -> a -> b -> leaf does 6 units of work, main -> c -> leaf 3, and
 * main -> c -> d 1.  See spin.h for the usage.
 */
#include "spin.h"

/*
 * Called last by the functions that spin, so that they are not leaves:
 * gcc gives a leaf no frame pointer, and -g would then miss its caller.
 * The calls after the calls keep them from being tail calls, for the same
 * reason.
 */
__attribute__((noinline)) void done(void) { __asm__ volatile(""); }

__attribute__((noinline)) void leaf(unsigned long units)
{
	SPIN(units * UNIT);
	done();
}

__attribute__((noinline)) void d(void)
{
	SPIN(1 * UNIT);
	done();
}

__attribute__((noinline)) void b(void)
{
	leaf(6);
	done();
}

__attribute__((noinline)) void a(void)
{
	b();
	done();
}

__attribute__((noinline)) void c(void)
{
	leaf(3);
	d();
	done();
}

static void round_of_work(void)
{
	a();
	c();
}

int main(int argc, char **argv)
{
	return workload_main(argc, argv, round_of_work);
}
