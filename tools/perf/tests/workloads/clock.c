// SPDX-License-Identifier: GPL-2.0
/*
 * A test workload that lives in the vDSO: per round, 20000 calls of
 * clock_gettime(), which the kernel's vDSO answers without a system
 * call, and a little work of its own in own_work().  Usage:
 *   clock [seconds]   (default 1; fractions allowed)
 */
#include <time.h>
#include "spin.h"

static void __attribute__((noinline)) own_work(void)
{
	SPIN(UNIT / 10);
}

static void round_once(void)
{
	struct timespec ts;
	int i;

	for (i = 0; i < 20000; i++)
		clock_gettime(CLOCK_MONOTONIC, &ts);
	own_work();
}

int main(int argc, char **argv)
{
	return workload_main(argc, argv, round_once);
}
