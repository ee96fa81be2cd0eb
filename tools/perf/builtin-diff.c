// SPDX-License-Identifier: GPL-2.0
/*
 * perf diff: placeholder until the command lands.
 */
#include "builtin.h"
#include "util/debug.h"

int cmd_diff(int argc, const char **argv)
{
	(void)argc;
	(void)argv;
	pr_err("perf diff is not available in this version yet\n");
	return 1;
}
