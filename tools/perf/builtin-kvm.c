// SPDX-License-Identifier: GPL-2.0
/*
 * perf kvm: profile KVM guests from the host.  Routes record, report
 * (and the other commands) through the ordinary commands, adding the
 * guest options and the kvm default file names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "builtin.h"
#include "util/debug.h"
#include "util/parse-options.h"
#include "util/util.h"

struct kvm_opts {
	bool host;
	bool guest;
	const char *kallsyms;
	const char *modules;
	const char *vmlinux;
	const char *guestmount;
	const char *input;
	const char *output;
};

/* An argv under construction; owns the strings it formats. */
struct kvm_argv {
	const char **argv;
	int argc;
	char *owned[16];
	int nr_owned;
};

static int kvm_argv__add(struct kvm_argv *a, const char *arg)
{
	a->argv[a->argc++] = arg;
	return 0;
}

static int kvm_argv__addf(struct kvm_argv *a, const char *opt, const char *val)
{
	char *s;

	if (!val)
		return 0;
	if (a->nr_owned == (int)ARRAY_SIZE(a->owned) || asprintf(&s, "--%s=%s", opt, val) < 0)
		return -1;
	a->owned[a->nr_owned++] = s;
	return kvm_argv__add(a, s);
}

static void kvm_argv__exit(struct kvm_argv *a)
{
	while (a->nr_owned)
		free(a->owned[--a->nr_owned]);
	free(a->argv);
}

/* host only: perf.data.host; guest only: perf.data.guest; both: perf.data.kvm. */
static const char *kvm__default_file(const struct kvm_opts *o)
{
	if (o->host && !o->guest)
		return "perf.data.host";
	if (!o->host && o->guest)
		return "perf.data.guest";
	return "perf.data.kvm";
}

static int kvm__add_guest_opts(struct kvm_argv *a, const struct kvm_opts *o)
{
	if (kvm_argv__addf(a, "guestkallsyms", o->kallsyms) ||
	    kvm_argv__addf(a, "guestmodules", o->modules) ||
	    kvm_argv__addf(a, "guestvmlinux", o->vmlinux) ||
	    kvm_argv__addf(a, "guestmount", o->guestmount))
		return -1;
	return 0;
}

static int kvm__record(const struct kvm_opts *o, int argc, const char **argv)
{
	struct kvm_argv a = { .argv = calloc(argc + 24, sizeof(char *)) };
	int i, ret = 1;

	if (!a.argv)
		return 1;
	kvm_argv__add(&a, "record");
	if (kvm_argv__addf(&a, "output", o->output ? o->output : kvm__default_file(o)) ||
	    kvm__add_guest_opts(&a, o))
		goto out;
	if (o->guest)
		kvm_argv__add(&a, "--kvm-guest");
	if (o->host)
		kvm_argv__add(&a, "--kvm-host");
	for (i = 1; i < argc; i++)
		kvm_argv__add(&a, argv[i]);
	ret = cmd_record(a.argc, a.argv);
out:
	kvm_argv__exit(&a);
	return ret;
}

/*
 * report, script, top, diff and buildid-list: the command with the guest options,
 * --kvm, the host/guest filter and (but for top) the kvm default input.
 */
static int kvm__analyze(const struct kvm_opts *o, int argc, const char **argv,
			int (*cmd)(int, const char **))
{
	struct kvm_argv a = { .argv = calloc(argc + 24, sizeof(char *)) };
	bool is_top = cmd == cmd_top, is_diff = cmd == cmd_diff;
	int i, ret = 1;

	if (!a.argv)
		return 1;
	kvm_argv__add(&a, argv[0]);
	if (kvm__add_guest_opts(&a, o))
		goto out;
	if (!is_top && !is_diff &&
	    kvm_argv__addf(&a, "input", o->input ? o->input : kvm__default_file(o)))
		goto out;
	/* perf kvm diff compares FILE.old with FILE, FILE the kvm default. */
	if (is_diff && kvm_argv__addf(&a, "kvm-default-input",
				      o->input ? o->input : kvm__default_file(o)))
		goto out;
	kvm_argv__add(&a, "--kvm");
	if (o->host && !o->guest)
		kvm_argv__add(&a, "--host-only");
	if (o->guest && !o->host)
		kvm_argv__add(&a, "--guest-only");
	for (i = 1; i < argc; i++)
		kvm_argv__add(&a, argv[i]);
	ret = cmd(a.argc, a.argv);
out:
	kvm_argv__exit(&a);
	return ret;
}

static const char * const kvm_usage[] = {
	"perf kvm [<options>] {top|record|report|script|diff|buildid-list|stat}",
	NULL
};

int cmd_kvm(int argc, const char **argv)
{
	struct kvm_opts o = { 0 };
	const struct option options[] = {
		OPT_BOOLEAN(0, "host", &o.host, "collect and show host samples"),
		OPT_BOOLEAN(0, "guest", &o.guest, "collect and show guest samples (default)"),
		OPT_STRING(0, "guestkallsyms", &o.kallsyms, "file",
			   "the default guest's /proc/kallsyms, copied out of it"),
		OPT_STRING(0, "guestmodules", &o.modules, "file",
			   "the default guest's /proc/modules, copied out of it"),
		OPT_STRING(0, "guestvmlinux", &o.vmlinux, "file", "the default guest's vmlinux"),
		OPT_STRING(0, "guestmount", &o.guestmount, "dir",
			   "DIR/<qemu pid>/proc/{kallsyms,modules} for each guest"),
		OPT_STRING('i', "input", &o.input, "file", "input file name (report, script)"),
		OPT_STRING('o', "output", &o.output, "file", "output file name (record)"),
		OPT_INCR('v', "verbose", &verbose, "be more verbose"),
		OPT_END()
	};

	argc = parse_options(argc, argv, options, kvm_usage, PARSE_OPT_STOP_AT_NON_OPTION);
	if (argc < 0)
		return parse_options_exit(argc);
	if (!argc) {
		usage_with_options(kvm_usage, options, true);
		return 129;
	}
	/* As the seed has it: --guest is on unless only --host was asked for. */
	if (!o.host)
		o.guest = true;
	if (!strcmp(argv[0], "record"))
		return kvm__record(&o, argc, argv);
	if (!strcmp(argv[0], "stat"))
		return cmd_kvm_stat(argc, argv, o.input, o.output);
	if (!strcmp(argv[0], "report"))
		return kvm__analyze(&o, argc, argv, cmd_report);
	if (!strcmp(argv[0], "top"))
		return kvm__analyze(&o, argc, argv, cmd_top);
	if (!strcmp(argv[0], "diff"))
		return kvm__analyze(&o, argc, argv, cmd_diff);
	if (!strcmp(argv[0], "script"))
		return kvm__analyze(&o, argc, argv, cmd_script);
	if (!strcmp(argv[0], "buildid-list"))
		return kvm__analyze(&o, argc, argv, cmd_buildid_list);
	pr_err("unknown perf kvm command '%s'\n", argv[0]);
	usage_with_options(kvm_usage, options, true);
	return 129;
}
