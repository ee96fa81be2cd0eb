// SPDX-License-Identifier: GPL-2.0
/*
 * A C++ test workload: hot spots whose symbols are mangled (a namespace,
 * a method, a template instance, an overload, an operator), to check
 * that report demangles them as perf does.  Same usage as hot.
 */
#include "spin.h"

namespace work {
struct engine {
	__attribute__((noinline)) void run(int n) const { SPIN(3UL * UNIT * (unsigned long)n); }
	__attribute__((noinline)) void operator()(long n) { SPIN(2UL * UNIT * (unsigned long)n); }
};

template <typename T>
__attribute__((noinline)) T scale(T n) { SPIN(2 * UNIT); return n; }

__attribute__((noinline)) void over(int) { SPIN(1 * UNIT); }
__attribute__((noinline)) void over(double) { SPIN(1 * UNIT); }
}

static void round_of_work(void)
{
	work::engine e;

	e.run(1);
	e(1);
	work::scale<int>(1);
	work::over(1);
	work::over(1.0);
}

int main(int argc, char **argv)
{
	return workload_main(argc, argv, round_of_work);
}
