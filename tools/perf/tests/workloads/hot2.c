// SPDX-License-Identifier: GPL-2.0
/*
 * hot's second profile, for perf diff: per round, hot_b() does 6 units
 * of work, hot_a() 2, warm() 3 (a function hot has not) and cold() 1,
 * until the given seconds have passed.
 * Usage: hot2 [seconds]   (default 1; fractions allowed)
 */
#include <stdio.h>
#include <stdlib.h>
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

__attribute__((noinline)) void hot_a(void) { SPIN(2 * UNIT); }
__attribute__((noinline)) void hot_b(void) { SPIN(6 * UNIT); }
__attribute__((noinline)) void warm(void) { SPIN(3 * UNIT); }
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

	do {
		hot_a();
		hot_b();
		warm();
		cold();
	} while (now() < end);
	return 0;
}
