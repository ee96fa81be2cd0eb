// SPDX-License-Identifier: GPL-2.0
/*
 * A test workload with known hot spots: per round, hot_a() does 6 units
 * of work, hot_b() 3 and cold() 1.  See spin.h for the usage.
 */
#include "spin.h"

__attribute__((noinline)) void hot_a(void) { SPIN(6 * UNIT); }
__attribute__((noinline)) void hot_b(void) { SPIN(3 * UNIT); }
__attribute__((noinline)) void cold(void) { SPIN(1 * UNIT); }

static void round_of_work(void)
{
	hot_a();
	hot_b();
	cold();
}

int main(int argc, char **argv)
{
	return workload_main(argc, argv, round_of_work);
}
