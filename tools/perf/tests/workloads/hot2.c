// SPDX-License-Identifier: GPL-2.0
/*
 * hot's second profile, for perf diff: per round, hot_b() does 6 units
 * of work, hot_a() 2, warm() 3 (a function hot has not) and cold() 1.
 * See spin.h for the usage.
 */
#include "spin.h"

__attribute__((noinline)) void hot_a(void) { SPIN(2 * UNIT); }
__attribute__((noinline)) void hot_b(void) { SPIN(6 * UNIT); }
__attribute__((noinline)) void warm(void) { SPIN(3 * UNIT); }
__attribute__((noinline)) void cold(void) { SPIN(1 * UNIT); }

static void round_of_work(void)
{
	hot_a();
	hot_b();
	warm();
	cold();
}

int main(int argc, char **argv)
{
	return workload_main(argc, argv, round_of_work);
}
