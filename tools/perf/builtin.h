/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_BUILTIN_H
#define __PERF_BUILTIN_H

/*
 * Every command has this shape: it parses its own options from argv
 * (argv[0] is the command name) and returns the process exit status.
 */
int cmd_record(int argc, const char **argv);
int cmd_report(int argc, const char **argv);
int cmd_script(int argc, const char **argv);
int cmd_kvm(int argc, const char **argv);
/* perf kvm stat: argv[0] is "stat"; @input and @output are perf kvm's -i and -o, or NULL. */
int cmd_kvm_stat(int argc, const char **argv, const char *input, const char *output);
int cmd_top(int argc, const char **argv);
int cmd_diff(int argc, const char **argv);
int cmd_buildid_cache(int argc, const char **argv);
int cmd_buildid_list(int argc, const char **argv);
int cmd_help(int argc, const char **argv);
int cmd_version(int argc, const char **argv);

#endif /* __PERF_BUILTIN_H */
