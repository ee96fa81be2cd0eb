// SPDX-License-Identifier: GPL-2.0
/*
 * perf diff: the profiles of two perf.data files side by side, matched
 * by DSO and symbol: each entry's baseline share and how much it moved.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "builtin.h"
#include "ui/session-msg.h"
#include "util/debug.h"
#include "util/evlist.h"
#include "util/hist-diff.h"
#include "util/hist.h"
#include "util/guest-options.h"
#include "util/parse-options.h"
#include "util/session.h"
#include "util/util.h"

#define DEFAULT_SORT	"dso,sym"

/* One input file and its profile, one histogram per event. */
struct diff_file {
	const char *path;
	struct perf_session session;
	bool opened;
	struct hists *hists;
	int nr_hists;
};

struct diff {
	struct perf_tool tool;
	struct diff_file files[2];	/* baseline, new */
	struct diff_file *cur;		/* the file being read */
	char *default_old;		/* FILE.old for --kvm-default-input */
	const char *kvm_input;
	const char *sort;
	struct guest_config guest;
	bool kvm;
	bool host;			/* keep host samples */
	bool guest_on;			/* keep guest samples */
	bool stdio;
};

static int diff__sample(struct perf_tool *tool, struct perf_session *s,
			const struct perf_sample *sample, const struct perf_header_attr *attr)
{
	struct diff *d = container_of(tool, struct diff, tool);
	struct addr_location al;
	int err;

	if (cpumode__is_guest(sample->cpumode) ? !d->guest_on : !d->host)
		return 0;
	err = machines__resolve(&s->machines, sample, &al);
	if (err)
		return err;
	return hists__add(&d->cur->hists[attr - s->header.attrs], &al, sample, NULL);
}

static int diff_file__init_hists(struct diff_file *f, const char *sort)
{
	int i, err;

	f->hists = calloc(f->session.header.nr_attrs, sizeof(*f->hists));
	if (!f->hists)
		return -ENOMEM;
	f->nr_hists = f->session.header.nr_attrs;
	for (i = 0; i < f->nr_hists; i++) {
		err = hists__init(&f->hists[i], sort);
		if (err == -EINVAL)
			pr_err("bad --sort '%s': the keys are comm, pid, dso and sym\n", sort);
		if (err)
			return err;
	}
	return 0;
}

/* Opens @f and builds its profile; prints its error, once. */
static int diff__read(struct diff *d, struct diff_file *f)
{
	int i, err;

	f->opened = true;
	err = session_msg__open(&f->session, f->path, &d->guest);
	if (err)
		return err;
	err = diff_file__init_hists(f, d->sort);
	if (err == -ENOMEM)
		pr_err("%s: %s\n", f->path, strerror(ENOMEM));
	if (err)
		return err;
	d->cur = f;
	err = session_msg__process(&f->session, &d->tool);
	if (err)
		return err;
	session_msg__stats(&f->session);
	for (i = 0; i < f->nr_hists && !err; i++)
		err = hists__sort(&f->hists[i]);
	if (err)
		pr_err("%s: %s\n", f->path, strerror(-err));
	return err;
}

static const char *diff_file__event_name(const struct diff_file *f, int i)
{
	const struct perf_header_attr *a = &f->session.header.attrs[i];

	return a->name ? a->name : attr__event_name(&a->attr);
}

/* The new file's histogram of the baseline's event @i: same type and config, as perf pairs them. */
static const struct hists *diff__new_hists(const struct diff *d, int i)
{
	const struct perf_event_attr *want = &d->files[0].session.header.attrs[i].attr;
	const struct diff_file *f = &d->files[1];
	int j;

	for (j = 0; j < f->nr_hists; j++) {
		const struct perf_event_attr *a = &f->session.header.attrs[j].attr;

		if (a->type == want->type && a->config == want->config)
			return &f->hists[j];
	}
	return NULL;
}

static int diff__print(struct diff *d)
{
	struct hists_diff hd;
	int i, err;

	for (i = 0; i < d->files[0].nr_hists; i++) {
		err = hists_diff__compute(&hd, &d->files[0].hists[i], diff__new_hists(d, i));
		if (err) {
			pr_err("cannot compare the profiles: %s\n", strerror(-err));
			return err;
		}
		if (!quiet)
			printf("%s# Event '%s'\n#\n", i ? "\n" : "", diff_file__event_name(&d->files[0], i));
		if (verbose > 0)
			printf("# Data files:\n#  [0] %s (Baseline)\n#  [1] %s \n#\n",
			       d->files[0].path, d->files[1].path);
		hists_diff__fprintf(&hd, !quiet, stdout);
		hists_diff__exit(&hd);
	}
	return 0;
}

static int diff__run(struct diff *d)
{
	int err, i, j;

	err = diff__read(d, &d->files[0]);
	if (!err)
		err = diff__read(d, &d->files[1]);
	if (!err)
		err = diff__print(d);
	for (i = 0; i < 2; i++) {
		struct diff_file *f = &d->files[i];

		for (j = 0; j < f->nr_hists; j++)
			hists__exit(&f->hists[j]);
		free(f->hists);
		if (f->opened)
			perf_session__close(&f->session);
	}
	return err;
}

/* perf diff [OLD] NEW: the defaults are perf.data.old and perf.data, or FILE.old and FILE. */
static int diff__set_files(struct diff *d, int argc, const char **argv)
{
	const char *def_new = d->kvm_input ? d->kvm_input : "perf.data";

	if (asprintf(&d->default_old, "%s.old", def_new) < 0) {
		d->default_old = NULL;
		pr_err("%s\n", strerror(ENOMEM));
		return -ENOMEM;
	}
	d->files[0].path = argc == 2 ? argv[0] : d->default_old;
	d->files[1].path = argc == 2 ? argv[1] : argc == 1 ? argv[0] : def_new;
	return 0;
}

static const char * const diff_usage[] = {
	"perf diff [<options>] [old_file] [new_file]",
	NULL
};

int cmd_diff(int argc, const char **argv)
{
	struct diff d = {
		.tool = { .sample = diff__sample },
		.sort = DEFAULT_SORT,
	};
	bool only_host = false, only_guest = false;
	const struct option options[] = {
		OPT_STRING('s', "sort", &d.sort, "key[,key...]",
			   "sort by: comm, pid, dso, sym (default dso,sym)"),
		OPT_BOOLEAN(0, "stdio", &d.stdio, "print to standard output (the default)"),
		OPT_INCR('v', "verbose", &verbose, "be more verbose (list the data files)"),
		OPT_BOOLEAN('q', "quiet", &quiet, "print the rows only, and no warnings"),
		/* Set by perf kvm, which documents them. */
		OPT_KVM_GUEST_CONFIG(d.guest),
		{ .type = OPTION_STRING, .long_name = "kvm-default-input", .value = &d.kvm_input,
		  .argh = "file", .help = "compare FILE.old with FILE by default",
		  .flags = PARSE_OPT_HIDDEN },
		OPT_KVM_MODE(d.kvm, only_host, only_guest),
		OPT_END()
	};
	int ret;

	argc = parse_options(argc, argv, options, diff_usage, 0);
	if (argc < 0)
		return parse_options_exit(argc);
	if (argc > 2) {
		pr_err("perf diff compares two files, not %d\n", argc);
		usage_with_options(diff_usage, options, true);
		return 129;
	}
	d.host = !only_guest;
	d.guest_on = !only_host;
	ret = diff__set_files(&d, argc, argv);
	if (!ret)
		ret = diff__run(&d);
	free(d.default_old);
	return ret ? 1 : 0;
}
