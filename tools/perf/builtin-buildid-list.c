// SPDX-License-Identifier: GPL-2.0
/*
 * perf buildid-list: placeholder until the command lands.
 */
#include "builtin.h"
#include "util/debug.h"

int cmd_buildid_list(int argc, const char **argv)
{
	(void)argc;
	(void)argv;
	pr_err("perf buildid-list is not available in this version yet\n");
	return 1;
}
