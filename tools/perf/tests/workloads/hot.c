// SPDX-License-Identifier: GPL-2.0
/*
 * A test workload with known hot spots: per round, hot_a() does 6 units
 * of work, hot_b() 3 and cold() 1, until the given seconds have passed.
 * Usage: hot [seconds]   (default 1; fractions allowed)
 *        hot -r ROUNDS   a fixed amount of work instead: the same CPU time
 *                        (so the same cpu-clock samples) however busy the
 *                        machine is
 */
#include <stdio.h>
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

__attribute__((noinline)) void hot_a(void) { SPIN(6 * UNIT); }
__attribute__((noinline)) void hot_b(void) { SPIN(3 * UNIT); }
__attribute__((noinline)) void cold(void) { SPIN(1 * UNIT); }

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 1.0;
	double end = now() + secs;
	long rounds;

	if (argc > 2 && !strcmp(argv[1], "-r")) {
		for (rounds = atol(argv[2]); rounds > 0; rounds--) {
			hot_a();
			hot_b();
			cold();
		}
		return 0;
	}
	do {
		hot_a();
		hot_b();
		cold();
	} while (now() < end);
	return 0;
}
