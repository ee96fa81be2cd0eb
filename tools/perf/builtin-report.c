// SPDX-License-Identifier: GPL-2.0
/*
 * perf report: the profile in a perf.data, by command, DSO and symbol,
 * for the host and for every KVM guest.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "builtin.h"
#include "ui/flamegraph-hists.h"
#include "ui/session-msg.h"
#include "ui/stdio.h"
#include "util/callchain.h"
#include "util/callgraph-opts.h"
#include "ui/tui/hists.h"
#include "util/debug.h"
#include "util/evlist.h"
#include "util/hist.h"
#include "util/hist-chain.h"
#include "util/hist-group.h"
#include "util/guest-options.h"
#include "util/parse-options.h"
#include "util/session.h"
#include "util/thread.h"
#include "util/util.h"

#define DEFAULT_SORT	"comm,dso,sym"

/*
 * Samples repeat: the same thread at the same address, over and over.
 * Each (tid, ip, cpumode, event) is resolved once and then goes straight
 * to its histogram entry, until a record changes maps or threads.
 */
#define SAMPLE_CACHE_BITS	14

struct sample_cache_entry {
	uint64_t ip;
	uint64_t generation;
	pid_t tid;
	pid_t pid;
	uint32_t mode_event;	/* cpumode << 16 | event index */
	uint32_t entry;
};

struct report {
	struct perf_tool tool;
	struct sample_cache_entry *cache;
	const char *input;
	const char *sort;
	struct hists_fmt fmt;
	struct guest_config guest;
	bool kvm;		/* called as perf kvm report: guest columns */
	bool host;		/* keep host samples */
	bool guest_on;		/* keep guest samples */
	bool stdio;
	bool tui;		/* --tui: the browser or an error, never the stdio table */
	struct hists *hists;	/* one per event */
	struct hists **hist_ptrs;	/* &hists[i], for the tables of groups */
	int nr_hists;
	struct event_groups groups;
	bool group;		/* --group (true) or --no-group (false), if given */
	bool group_set;
	bool group_view;	/* members side by side */
	struct callchain_param cc;	/* -g, -G, --max-stack */
	bool cc_given;		/* -g: an error without chains in the file */
	int children;		/* --children (1), --no-children (0), or -1: the default */
	bool inverted;		/* -G */
	const char *flamegraph;	/* --flamegraph=FILE: the picture instead of the table */
	bool inline_frames;	/* --inline (the default): DWARF frames' inlined functions */
};

/* The sample's call chain, into the tree of its row @idx of @h. */
static int report__chain(struct perf_session *s, struct hists *h, size_t idx,
			 const struct perf_sample *sample)
{
	struct thread *t;

	if (!h->chains || (!sample->callchain.nr && !sample->user_stack.size))
		return 0;
	t = threads__findnew(&s->machines.host.threads, sample->pid, sample->tid);
	return t ? hists__add_chain(h, idx, &s->machines, sample, t) : -ENOMEM;
}

static int report__sample(struct perf_tool *tool, struct perf_session *s,
			  const struct perf_sample *sample, const struct perf_header_attr *attr)
{
	struct report *rep = container_of(tool, struct report, tool);
	bool guest = cpumode__is_guest(sample->cpumode);
	uint32_t event = attr - s->header.attrs, mode_event = sample->cpumode << 16 | event;
	struct hists *h = &rep->hists[event];
	struct sample_cache_entry *c;
	struct addr_location al;
	size_t idx;
	uint64_t k;
	int err;

	if (guest ? !rep->guest_on : !rep->host)
		return 0;
	/*
	 * Plain perf report, as Linux perf's: guest samples count in the
	 * totals, but only perf kvm shows their rows.
	 */
	if (guest && !rep->kvm) {
		hists__add_hidden(h, sample);
		return 0;
	}
	k = (sample->ip ^ ((uint64_t)sample->tid << 40) ^ mode_event) * 0x9e3779b97f4a7c15ULL;
	c = &rep->cache[k >> (64 - SAMPLE_CACHE_BITS)];
	if (c->ip == sample->ip && c->tid == (pid_t)sample->tid && c->pid == (pid_t)sample->pid &&
	    c->mode_event == mode_event && c->generation == s->machines.generation) {
		hists__add_to(h, c->entry, sample);
		return report__chain(s, h, c->entry, sample);
	}
	err = machines__resolve(&s->machines, sample, &al);
	if (!err)
		err = hists__add(h, &al, sample, &idx);
	if (err)
		return err;
	*c = (struct sample_cache_entry){ sample->ip, s->machines.generation, sample->tid,
					  sample->pid, mode_event, idx };
	return report__chain(s, h, idx, sample);
}

/* "10K" as perf prints sample counts in the header. */
static void scaled_count(uint64_t n, char *buf, size_t size)
{
	char unit = ' ';

	if (n > 1000000000ULL) {
		n /= 1000000000ULL;
		unit = 'G';
	} else if (n > 1000000) {
		n /= 1000000;
		unit = 'M';
	} else if (n > 1000) {
		n /= 1000;
		unit = 'K';
	}
	snprintf(buf, size, "%" PRIu64 "%c", n, unit);
}

static const char *report__event_name(const struct perf_session *s, int i)
{
	const struct perf_header_attr *a = &s->header.attrs[i];

	return a->name ? a->name : attr__event_name(&a->attr);
}

/*
 * What the header line calls event @i's table: its name, or in the group
 * view "NAME { a, b }" ("anon group { a, b }"), or "a, b" for the group
 * --group made of a file without groups.
 */
static void report__table_name(struct report *rep, struct perf_session *s, int i,
			       char *buf, size_t size)
{
	const struct perf_header_group *grp = NULL;
	int j, n = rep->group_view ? rep->groups.nr_members[i] : 1;
	size_t len = 0;

	if (n == 1) {
		snprintf(buf, size, "%s", report__event_name(s, i));
		return;
	}
	for (j = 0; j < s->header.nr_groups; j++)
		if ((int)s->header.groups[j].leader == i)
			grp = &s->header.groups[j];
	buf[0] = '\0';
	if (!rep->groups.forced)
		len += snprintf(buf + len, size - len, "%s { ",
				grp && grp->name ? grp->name : "anon group");
	for (j = i; j < i + n && len < size; j++)
		len += snprintf(buf + len, size - len, "%s%s", j > i ? ", " : "",
				report__event_name(s, j));
	if (!rep->groups.forced && len < size)
		snprintf(buf + len, size - len, " }");
}

/* The table of event @i: its group's in the group view, or its own. */
static int report__table(struct report *rep, int i, struct hists_group *g)
{
	int n = rep->group_view ? rep->groups.nr_members[i] : 1;

	return hists_group__build(g, &rep->hist_ptrs[i], n);
}

/* Does event @i start a table of its own: a leader in the group view, any event otherwise? */
static bool report__starts_table(const struct report *rep, int i)
{
	return !rep->group_view || rep->groups.leader[i] == i;
}

/*
 * "Samples: 1K of event 'cpu-clock'" and the event count: of the whole
 * group in the group view.  A leader says "events" even alone, with
 * --no-group, as perf does.
 */
static void report__table_title(struct report *rep, struct perf_session *s, int i,
				const struct hists_group *g, const char *sep, char *buf,
				size_t size)
{
	char count[32], name[1024];

	scaled_count(hists_group__nr_samples(g), count, sizeof(count));
	report__table_name(rep, s, i, name, sizeof(name));
	snprintf(buf, size, "Samples: %s of event%s '%s'%sEvent count (approx.): %" PRIu64,
		 count, rep->groups.nr_members[i] > 1 ? "s" : "", name, sep,
		 hists_group__total_period(g));
}

static void report__print_preamble(void)
{
	printf("# To display the perf.data header info, please use --header/--header-only "
	       "options.\n");
}

static int report__print(struct report *rep, struct perf_session *s)
{
	char title[1200];
	int i, err;

	report__print_preamble();
	/* Linux perf counts LOST_SAMPLES here; LOST records get a warning. */
	printf("#\n#\n# Total Lost Samples: %" PRIu64 "\n#\n", s->stats.nr_lost_samples);
	for (i = 0; i < rep->nr_hists; i++) {
		struct hists_group g;

		if (!report__starts_table(rep, i))
			continue;
		err = report__table(rep, i, &g);
		if (err)
			return err;
		/*
		 * perf 6.1 skips a group whose leader has no samples, and its
		 * members' samples with it: a group is shown if any member has some.
		 */
		if (hists_group__nr_samples(&g) || rep->nr_hists == 1) {
			report__table_title(rep, s, i, &g, "\n# ", title, sizeof(title));
			printf("# %s\n#\n", title);
			hists_group__fprintf(&g, &rep->fmt, stdout);
		}
		hists_group__exit(&g);
	}
	return 0;
}

/*
 * The browser shows one table: the first with samples (the first of all
 * when none has any).  --stdio prints every table.
 * Returns 0 or -errno; -ENOTTY when there was no terminal to browse on.
 */
static int report__browse(struct report *rep, struct perf_session *s)
{
	struct hists_group g = { 0 };
	char headline[1200];
	int i, err = -ENOTTY;

	for (i = 0; i < rep->nr_hists; i++) {
		if (!report__starts_table(rep, i))
			continue;
		hists_group__exit(&g);
		err = report__table(rep, i, &g);
		if (err || hists_group__nr_samples(&g))
			break;
	}
	if (err)
		return err;
	/* None with samples: the first table, which i no longer points at. */
	if (i == rep->nr_hists) {
		hists_group__exit(&g);
		i = 0;
		err = report__table(rep, i, &g);
		if (err)
			return err;
	}
	report__table_title(rep, s, i, &g, ", ", headline, sizeof(headline));
	err = hists__tui_browse(&g, &rep->fmt, headline);
	hists_group__exit(&g);
	return err;
}

/*
 * Which events go together: the file's groups are shown side by side
 * unless --no-group; --group on a file without groups makes one of all.
 */
static int report__setup_groups(struct report *rep, struct perf_session *s)
{
	int i, err;

	err = event_groups__init(&rep->groups, &s->header, rep->group_set);
	if (err)
		return err;
	rep->group_view = rep->group_set ? rep->group :
			  (s->header.nr_groups > 0);
	rep->hist_ptrs = calloc(rep->nr_hists ? rep->nr_hists : 1, sizeof(*rep->hist_ptrs));
	if (!rep->hist_ptrs)
		return -ENOMEM;
	for (i = 0; i < rep->nr_hists; i++)
		rep->hist_ptrs[i] = &rep->hists[i];
	return 0;
}

/* --flamegraph: the first event with call chains, as one SVG. */
static int report__write_flamegraph(struct report *rep, struct perf_session *s)
{
	char title[1200];
	FILE *fp;
	int i, err;

	for (i = 0; i < rep->nr_hists && !rep->hists[i].chains; i++)
		;
	if (i == rep->nr_hists) {
		pr_err("perf report: --flamegraph: no event of %s has call chains\n", rep->input);
		return -EINVAL;
	}
	fp = fopen(rep->flamegraph, "w");
	if (!fp) {
		pr_err("perf report: --flamegraph: cannot write %s: %s\n", rep->flamegraph,
		       strerror(errno));
		return -errno;
	}
	snprintf(title, sizeof(title), "%s: %s", rep->input, report__event_name(s, i));
	err = hists__write_flamegraph(&rep->hists[i], fp, title);
	if (fclose(fp) && !err)
		err = -EIO;
	if (err)
		pr_err("perf report: --flamegraph: %s: %s\n", rep->flamegraph, strerror(-err));
	else
		pr_info("perf report: wrote the flame graph of '%s' to %s\n",
			report__event_name(s, i), rep->flamegraph);
	return err;
}

/* The browser on a terminal, unless --stdio; the stdio table otherwise. */
static int report__output(struct report *rep, struct perf_session *s)
{
	int i, err;

	/* As Linux perf: the header's first lines, then the error, and exit status 0. */
	if (!s->stats.nr_sample_records) {
		report__print_preamble();
		printf("#\n");
		pr_err("%s: the file holds no samples\n", rep->input);
		return 0;
	}
	for (i = 0; i < rep->nr_hists; i++) {
		err = hists__sort(&rep->hists[i]);
		if (err) {
			pr_err("perf report: %s\n", strerror(-err));
			return err;
		}
	}
	if (rep->flamegraph)
		return report__write_flamegraph(rep, s);
	err = report__setup_groups(rep, s);
	if (err) {
		pr_err("perf report: %s\n", strerror(-err));
		return err;
	}
	if (!rep->stdio && (rep->tui || isatty(STDOUT_FILENO))) {
		err = report__browse(rep, s);
		if (!err)
			return 0;
		if (err != -ENOTTY || rep->tui) {
			pr_err("perf report: cannot browse: %s\n",
			       err == -ENOTTY ? "--tui needs a terminal" : strerror(-err));
			return err;
		}
		pr_debug("no usable terminal for the browser: printing text\n");
	}
	err = report__print(rep, s);
	if (err)
		pr_err("perf report: %s\n", strerror(-err));
	return err;
}

static int report__init_hists(struct report *rep, int nr)
{
	int i, err;

	rep->hists = calloc(nr, sizeof(*rep->hists));
	rep->cache = calloc(1 << SAMPLE_CACHE_BITS, sizeof(*rep->cache));
	if (!rep->hists || !rep->cache)
		return -ENOMEM;
	rep->nr_hists = nr;
	for (i = 0; i < nr; i++) {
		err = hists__init(&rep->hists[i], rep->sort);
		if (err == -EINVAL) {
			pr_err("bad --sort '%s': the keys are comm, pid, dso and sym\n", rep->sort);
			return err;
		}
		if (err)
			return err;
	}
	return 0;
}

/*
 * Call chains for the events that have them: Children and the caller
 * order unless told otherwise, as perf.  Returns 0 or -errno.
 */
static int report__setup_chains(struct report *rep, const struct perf_session *s)
{
	bool any = false, children;
	int i, err;

	for (i = 0; i < rep->nr_hists; i++)
		any |= !!(s->header.attrs[i].attr.sample_type & PERF_SAMPLE_CALLCHAIN);
	if (!any) {
		if (!rep->cc_given && !rep->flamegraph)
			return 0;
		pr_err("perf report: %s asks for call chains, but %s holds none "
		       "(was it recorded without -g?)\n", rep->flamegraph ? "--flamegraph" : "-g",
		       rep->input);
		return -EINVAL;
	}
	children = rep->children != 0;
	if (rep->inverted || (children && !rep->cc.order_set))
		rep->cc.order = ORDER_CALLER;
	for (i = 0; i < rep->nr_hists; i++) {
		if (!(s->header.attrs[i].attr.sample_type & PERF_SAMPLE_CALLCHAIN))
			continue;
		if (rep->cc.mode == CHAIN_NONE && !children && !rep->flamegraph)
			continue;
		err = hists__enable_chains(&rep->hists[i], &rep->cc, children);
		if (err)
			return err;
	}
	return 0;
}

static int report__run(struct report *rep)
{
	struct perf_session session;
	int i, err;

	err = session_msg__open(&session, rep->input, &rep->guest);
	if (err)
		goto out;
	session.machines.no_inline = !rep->inline_frames;
	err = report__init_hists(rep, session.header.nr_attrs);
	if (!err)
		err = report__setup_chains(rep, &session);
	if (err)
		goto out;
	err = session_msg__process(&session, &rep->tool);
	if (err)
		goto out;
	session_msg__stats(&session);
	err = report__output(rep, &session);
out:
	for (i = 0; i < rep->nr_hists; i++)
		hists__exit(&rep->hists[i]);
	free(rep->hists);
	free(rep->hist_ptrs);
	event_groups__exit(&rep->groups);
	free(rep->cache);
	perf_session__close(&session);
	return err;
}

static int parse_percent(const struct option *opt, const char *arg, int unset __maybe_unused)
{
	struct report *rep;
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || (*end && strcmp(end, "%")) || v < 0 || v > 100) {
		pr_err("--percent-limit takes a percentage, not '%s'\n", arg);
		return -1;
	}
	rep = opt->value;
	rep->fmt.percent_limit = v;
	/* As in perf, the limit is the call graph's threshold too (a later -g can set another). */
	rep->cc.min_percent = v;
	return 0;
}

static int parse_group(const struct option *opt, const char *arg __maybe_unused, int unset)
{
	struct report *rep = opt->value;

	rep->group = !unset;
	rep->group_set = true;
	return 0;
}

static int parse_children(const struct option *opt, const char *arg __maybe_unused, int unset)
{
	*(int *)opt->value = !unset;
	return 0;
}

static int parse_call_graph(const struct option *opt, const char *arg, int unset)
{
	struct report *rep = opt->value;

	if (unset) {
		rep->cc.mode = CHAIN_NONE;
		return 0;
	}
	rep->cc_given = true;
	/* -g alone: perf's default, graph,0.5,caller. */
	if (!arg) {
		rep->cc.mode = CHAIN_GRAPH_ABS;
		rep->cc.order = ORDER_CALLER;
		rep->cc.order_set = true;
		return 0;
	}
	if (callchain_param__parse(&rep->cc, arg)) {
		pr_err("-g: bad call-graph option '%s': expected print_type (graph, fractal, flat, "
		       "folded, none), threshold, print_limit, order (caller, callee), function, "
		       "value (percent, period, count), comma separated\n", arg);
		return -1;
	}
	return 0;
}

static const char * const report_usage[] = {
	"perf report [<options>]",
	NULL
};

int cmd_report(int argc, const char **argv)
{
	struct report rep = {
		.tool = { .sample = report__sample },
		.sort = DEFAULT_SORT,
		.host = true,
		.guest_on = true,
		.children = -1,
		.inline_frames = true,
	};
	bool only_host = false, only_guest = false;
	const struct option options[] = {
		OPT_STRING('i', "input", &rep.input, "file", "input file name"),
		OPT_STRING('s', "sort", &rep.sort, "key[,key...]",
			   "sort by: comm, pid, dso, sym (default comm,dso,sym)"),
		OPT_BOOLEAN('n', "show-nr-samples", &rep.fmt.show_nr_samples, "show a Samples column"),
		OPT_CALLBACK(0, "percent-limit", &rep, "percent",
			     "hide entries, and call-graph branches, below this overhead",
			     parse_percent),
		OPT_CALLBACK_NOARG(0, "group", &rep, "show the events of a group side by side "
				   "(the default when the file has groups; --no-group: a table each)",
				   parse_group),
		OPT_CALLBACK_NOARG(0, "children", &rep.children,
				   "a Children column: the period of each function and its callees "
				   "(the default with call chains)", parse_children),
		OPT_CALLBACK_OPTNEXT('g', "call-graph", &rep,
				     "print_type,threshold[,print_limit],order,sort_key,value",
				     "how to show call chains: graph|fractal|flat|folded|none, the "
				     "threshold (0.5), caller|callee, function, percent|period|count",
				     parse_call_graph),
		OPT_BOOLEAN('G', "inverted", &rep.inverted, "caller-based call graphs (-g caller)"),
		OPT_STRING(0, "flamegraph", &rep.flamegraph, "file.svg",
			   "write the call chains as an interactive flame graph, not the table"),
		OPT_CALLBACK(0, "max-stack", &rep.cc.max_stack, "n",
			     "at most this many frames of each chain (default 127)",
			     callgraph_opts__show_stack_cb),
		OPT_BOOLEAN(0, "inline", &rep.inline_frames,
			    "show the functions inlined at DWARF-unwound frames (the default)"),
		OPT_BOOLEAN(0, "showcpuutilization", &rep.fmt.show_cpu_util,
			    "show sys and usr (and guest) shares per entry"),
		OPT_BOOLEAN(0, "show-cpu-utilization", &rep.fmt.show_cpu_util,
			    "the same as --showcpuutilization"),
		OPT_STRING(0, "kallsyms", &rep.guest.host_kallsyms, "file",
			   "the host kernel's symbols, from this kallsyms file"),
		OPT_BOOLEAN(0, "stdio", &rep.stdio,
			    "print to standard output (the default when it is not a terminal)"),
		OPT_BOOLEAN(0, "tui", &rep.tui,
			    "browse the table (the default on a terminal); fail without one"),
		OPT_INCR('v', "verbose", &verbose, "be more verbose"),
		OPT_BOOLEAN('q', "quiet", &quiet, "do not print warnings"),
		/* Set by perf kvm, which documents them. */
		OPT_KVM_GUEST_CONFIG(rep.guest),
		OPT_KVM_MODE(rep.kvm, only_host, only_guest),
		OPT_END()
	};

	callchain_param__init(&rep.cc);
	argc = parse_options(argc, argv, options, report_usage, 0);
	if (argc < 0)
		return parse_options_exit(argc);
	if (argc) {
		pr_err("unexpected argument '%s'\n", argv[0]);
		usage_with_options(report_usage, options, true);
		return 129;
	}
	if (!rep.input)
		rep.input = perf_session__default_input();
	rep.host = !only_guest;
	rep.guest_on = !only_host;
	rep.fmt.show_guest_util = rep.kvm;
	/* A sort by symbol first names the first frame on the row already. */
	rep.fmt.chain_skip_first = !strncmp(rep.sort, "sym", 3);
	return report__run(&rep) ? 1 : 0;
}
