// SPDX-License-Identifier: GPL-2.0
/*
 * perf top: placeholder until the command lands.
 */
#include "builtin.h"
#include "util/debug.h"

int cmd_top(int argc, const char **argv)
{
	(void)argc;
	(void)argv;
	pr_err("perf top is not available in this version yet\n");
	return 1;
}
