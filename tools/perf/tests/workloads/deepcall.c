// SPDX-License-Identifier: GPL-2.0
/*
 * A workload with deep, branching call paths, for call-graph benchmarks:
 * each round walks 12 levels down through four functions that call each
 * other in a fixed pseudo-random order, and spins at the bottom, so that
 * a profile holds a few thousand distinct chains of 14 to 18 frames.
 * See spin.h for the usage.
 */
#include "spin.h"

static unsigned int seed = 1;

void walk_a(int depth);
void walk_b(int depth);
void walk_c(int depth);
void walk_d(int depth);

/* The next step down; the calls after it keep each frame on the stack. */
static __attribute__((noinline)) void step(int depth)
{
	seed = seed * 1103515245 + 12345;
	if (depth <= 0) {
		SPIN((1 + (seed >> 16) % 4) * UNIT / 64);
		return;
	}
	switch ((seed >> 16) % 4) {
	case 0: walk_a(depth - 1); break;
	case 1: walk_b(depth - 1); break;
	case 2: walk_c(depth - 1); break;
	default: walk_d(depth - 1); break;
	}
	sink++;
}

__attribute__((noinline)) void walk_a(int depth) { step(depth); sink++; }
__attribute__((noinline)) void walk_b(int depth) { step(depth); sink++; }
__attribute__((noinline)) void walk_c(int depth) { step(depth); sink++; }
__attribute__((noinline)) void walk_d(int depth) { step(depth); sink++; }

static void round_of_work(void)
{
	int i;

	/* Short walks now and then: chains of many depths. */
	for (i = 0; i < 8; i++)
		step(4 + i);
}

int main(int argc, char **argv)
{
	return workload_main(argc, argv, round_of_work);
}
