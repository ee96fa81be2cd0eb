/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the test workloads share: a busy loop that each hot spot inlines,
 * and a driver that runs one round of the workload's functions over and
 * over.  Usage of a workload built on it:
 *   NAME [seconds]   (default 1; fractions allowed)
 *   NAME -r ROUNDS   a fixed amount of work instead: the same CPU time (so
 *                    the same cpu-clock samples) however busy the machine is
 */
#ifndef __PERF_TEST_SPIN_H
#define __PERF_TEST_SPIN_H

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define UNIT	200000

static volatile unsigned long sink;

/* A macro, not a function: each hot spot must own its loop to own its samples. */
#define SPIN(n)								\
do {									\
	unsigned long i, x = sink;					\
	for (i = 0; i < (n); i++)					\
		x = x * 2862933555777941757UL + 3037000493UL;		\
	sink = x;							\
} while (0)

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int workload_main(int argc, char **argv, void (*round)(void))
{
	double secs = argc > 1 ? atof(argv[1]) : 1.0;
	double end = now() + secs;
	long rounds;

	if (argc > 2 && !strcmp(argv[1], "-r")) {
		for (rounds = atol(argv[2]); rounds > 0; rounds--)
			round();
		return 0;
	}
	do {
		round();
	} while (now() < end);
	return 0;
}

#endif /* __PERF_TEST_SPIN_H */
