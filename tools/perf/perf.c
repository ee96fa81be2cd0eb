// SPDX-License-Identifier: GPL-2.0
/*
 * perf: the command table and dispatch.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "builtin.h"
#include "util/debug.h"
#include "util/features.h"
#include "util/util.h"

#ifndef PERF_DOCDIR
#define PERF_DOCDIR "Documentation"
#endif

struct cmd_struct {
	const char *name;
	int (*fn)(int argc, const char **argv);
	const char *help;
};

static const struct cmd_struct commands[] = {
	{ "buildid-cache", cmd_buildid_cache, "Manage the build-id cache (~/.debug)" },
	{ "buildid-list", cmd_buildid_list, "List the build-ids in a perf.data file" },
	{ "diff",	cmd_diff,	"Compare the profiles of two perf.data files" },
	{ "kvm",	cmd_kvm,	"Profile KVM guests from the host" },
	{ "record",	cmd_record,	"Run a command and record its profile into perf.data" },
	{ "report",	cmd_report,	"Read perf.data and display the profile" },
	{ "script",	cmd_script,	"Print every sample of perf.data, with its call chain" },
	{ "top",	cmd_top,	"Live profile of the system, refreshed every few seconds" },
	{ "help",	cmd_help,	"Show the manual page of a command" },
	{ "version",	cmd_version,	"Display the version of perf" },
};

static const char perf_usage[] = "perf [--version] [--help] COMMAND [ARGS]";

static void list_commands(FILE *f)
{
	size_t i;

	fprintf(f, "\n usage: %s\n\n The perf commands are:\n", perf_usage);
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "   %-14s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\n See 'perf help COMMAND' for more information on a specific command.\n\n");
}

int cmd_version(int argc __maybe_unused, const char **argv __maybe_unused)
{
	printf("perf version %s\n", PERF_VERSION);
	return 0;
}

int cmd_help(int argc, const char **argv)
{
	char path[4096];
	const char *pager;

	if (argc < 2) {
		list_commands(stdout);
		return 0;
	}
	snprintf(path, sizeof(path), "%s/perf-%s.txt", PERF_DOCDIR, argv[1]);
	if (access(path, R_OK)) {
		pr_err("no manual page for '%s' (looked for %s)\n", argv[1], path);
		return 1;
	}
	fflush(stdout);
	pager = getenv("PAGER");
	if (!pager || !*pager)
		pager = isatty(STDOUT_FILENO) ? "less" : "cat";
	execlp(pager, pager, path, (char *)NULL);
	execlp("cat", "cat", path, (char *)NULL);
	pr_err("cannot show %s: %s\n", path, strerror(errno));
	return 1;
}

/* Runs the command and makes sure its output reached stdout: a full disk is an error too. */
static int run_builtin(const struct cmd_struct *p, int argc, const char **argv)
{
	int status = p->fn(argc, argv);

	if (fflush(stdout) || ferror(stdout)) {
		pr_err("write failure on standard output: %s\n", strerror(errno));
		return status ? status : 1;
	}
	return status;
}

int main(int argc, const char **argv)
{
	const char *cmd;
	size_t i;

	argv++;
	argc--;
	if (!argc) {
		list_commands(stdout);
		return 1;
	}
	cmd = argv[0];
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "-v"))
		cmd = "version";
	else if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h"))
		cmd = "help";
	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		if (!strcmp(commands[i].name, cmd))
			return run_builtin(&commands[i], argc, argv);
	}
	fprintf(stderr, "perf: '%s' is not a perf command. See 'perf --help'.\n", cmd);
	return 1;
}
