// SPDX-License-Identifier: GPL-2.0
/*
 * perf top: a live profile of the system (or of some CPUs or threads),
 * refreshed every few seconds, in a terminal browser or as text.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "builtin.h"
#include "ui/stdio-top.h"
#include "ui/tui/top.h"
#include "util/callchain.h"
#include "util/callgraph-opts.h"
#include "util/debug.h"
#include "util/evlist.h"
#include "util/guest-options.h"
#include "util/live.h"
#include "util/parse-options.h"
#include "util/synthetic.h"
#include "util/target.h"
#include "util/top.h"
#include "util/util.h"

#define DEFAULT_EVENT	"cycles"
#define DEFAULT_FREQ	4000
#define DEFAULT_DELAY	2
#define DEFAULT_PAGES	128
#define DEFAULT_ROWS	20	/* what perf prints when stdout is not a terminal */
#define HEADER_LINES	7	/* headline, rule, titles... above the rows in --stdio */
#define POLL_MAX_MS	500
#define HEADLINE_LEN	512
#define CC_WORDS_LEN	256

struct top_opts {
	struct target target;	/* -a is the default */
	const char *event;
	const char *sort;	/* -s: report's keys, or NULL for function and DSO */
	int freq;
	uint64_t period;
	int delay;
	int entries;
	int mmap_pages;
	bool stdio;
	struct callgraph_opts callgraph;	/* -g, --call-graph, --max-stack */
	char cc_words[CC_WORDS_LEN];	/* --call-graph's display words, comma separated */
	bool cc_words_full;		/* more of them than fit: refused */
	bool children;			/* the Children column, with call chains */
	struct callchain_param cc;	/* how the trees are shown */
	/* Set by perf kvm top. */
	bool kvm;
	bool host_only;
	bool guest_only;
	struct guest_config guest;
};

struct top_cmd {
	struct top_opts opts;
	struct evlist evlist;
	struct top top;
	struct synth synth;
	struct top_target target;
	struct top_browser browser;
	struct ring_reader reader;
	struct live_poll poll;		/* the rings, and the keyboard */
	struct top_snapshot snap;
	char headline[HEADLINE_LEN];
	char notice[160];
	uint64_t interval_start;	/* ns */
	bool tui;
	int saved_stderr;		/* the terminal, while the TUI owns it */
	FILE *held_stderr;		/* messages written meanwhile */
};

static int top__synth_process(struct synth *s, const union perf_event *ev)
{
	struct top_cmd *cmd = container_of(s, struct top_cmd, synth);

	return top__process_event(&cmd->top, ev);
}

static void top_cmd__init_attr(struct top_cmd *cmd, struct perf_event_attr *attr, bool per_thread)
{
	const struct top_opts *o = &cmd->opts;

	memset(attr, 0, sizeof(*attr));
	attr->size = sizeof(*attr);
	attr->sample_type = PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_IP | PERF_SAMPLE_TID |
			    PERF_SAMPLE_PERIOD;
	if (o->period) {
		attr->sample_period = o->period;
	} else {
		attr->freq = 1;
		attr->sample_freq = o->freq;
	}
	attr->disabled = 1;
	attr->inherit = !per_thread;
	attr->sample_id_all = 1;
	/* perf kvm top: the guests are what we came for; the host unless --guest only. */
	attr->exclude_guest = !o->kvm;
	attr->exclude_host = o->kvm && o->guest_only;
	attr->mmap = 1;
	attr->mmap2 = 1;
	attr->comm = 1;
	attr->comm_exec = 1;
	attr->task = 1;
	callgraph_opts__config(&o->callgraph, attr);
	callgraph_opts__config_tracking(&o->callgraph, attr);
}

static int top_cmd__open(struct top_cmd *cmd)
{
	char msg[512];
	int err;

	err = target__open(&cmd->opts.target, &cmd->evlist, cmd->notice, sizeof(cmd->notice),
			   msg, sizeof(msg));
	if (cmd->notice[0])
		pr_warning("%s\n", cmd->notice);
	if (err)
		pr_err("%s\n", msg);
	return err;
}

static int top_cmd__setup(struct top_cmd *cmd)
{
	struct target *t = &cmd->opts.target;
	struct perf_event_attr tmpl;
	char msg[512];
	int err;

	err = target__setup_maps(t, &cmd->evlist);
	if (err) {
		target__strerror(t, err, msg, sizeof(msg));
		pr_err("%s\n", msg);
		return err;
	}
	top_cmd__init_attr(cmd, &tmpl, target__per_thread(t));
	err = evlist__add(&cmd->evlist, cmd->opts.event, &tmpl);
	if (err == -ENOENT)
		pr_err("unknown event '%s' (try cpu-clock, task-clock, cycles, instructions)\n",
		       cmd->opts.event);
	if (err)
		return err;
	err = top_cmd__open(cmd);
	if (err)
		return err;
	err = evlist__mmap(&cmd->evlist, cmd->opts.mmap_pages);
	if (err) {
		pr_err("cannot mmap the event rings: %s\n", strerror(-err));
		return err;
	}
	return live_poll__init(&cmd->poll, &cmd->evlist);
}

/* What ran before we started: the kernel, its modules and the processes watched. */
static int top_cmd__synthesize(struct top_cmd *cmd)
{
	struct synth *s = &cmd->synth;
	bool no_text;
	int err;

	s->process = top__synth_process;
	s->id_hdr_size = perf_sample_id_size(cmd->top.sample_type);
	err = target__synthesize_kernel(s, &no_text);
	if (err)
		return err;
	if (no_text)
		pr_warning("no _text in /proc/kallsyms: kernel samples will stay unresolved\n");
	return target__synthesize(&cmd->opts.target, s);
}

static int top_cmd__ring_event(struct ring_reader *r, const union perf_event *ev)
{
	struct top_cmd *cmd = container_of(r, struct top_cmd, reader);

	return top__process_event(&cmd->top, ev);
}

static int top_cmd__read_rings(struct top_cmd *cmd)
{
	bool read;

	return live__read_rings(&cmd->evlist, &cmd->reader, &read);
}

/* Rows that fit a terminal below the header, else perf's fixed count. */
static size_t top_cmd__rows(const struct top_cmd *cmd)
{
	struct winsize ws;

	if (cmd->opts.entries > 0)
		return cmd->opts.entries;
	if (isatty(STDOUT_FILENO) && !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) &&
	    ws.ws_row > HEADER_LINES + 1)
		return ws.ws_row - HEADER_LINES;
	return DEFAULT_ROWS;
}

/* One refresh: the headline of the interval just ended, the table, then decay. */
static int top_cmd__refresh(struct top_cmd *cmd)
{
	uint64_t now = now_ns();
	int err;

	top__headline(&cmd->top, &cmd->target, (now - cmd->interval_start) / 1e9, cmd->headline,
		      sizeof(cmd->headline));
	/* The browser's folding names tree nodes, which the new snapshot rebuilds. */
	if (cmd->tui)
		top_browser__save(&cmd->browser);
	top_snapshot__exit(&cmd->snap);
	err = top__snapshot(&cmd->top, &cmd->snap);
	if (err)
		return err;
	if (cmd->tui) {
		/* The browser scrolls through everything, unless -E said less. */
		if (cmd->opts.entries > 0 && cmd->snap.nr > (size_t)cmd->opts.entries)
			cmd->snap.nr = cmd->snap.view.nr = cmd->opts.entries;
		cmd->browser.snap = &cmd->snap;
		cmd->browser.headline = cmd->headline;
		top_browser__draw(&cmd->browser);
	} else if (cmd->top.hists.chains) {
		err = top_snapshot__fprintf_chains(&cmd->snap, cmd->headline, top_cmd__rows(cmd),
						   isatty(STDOUT_FILENO), stdout);
		if (err)
			return err;
	} else {
		top_snapshot__fprintf(&cmd->snap, cmd->headline, top_cmd__rows(cmd),
				      isatty(STDOUT_FILENO), stdout);
	}
	err = top__decay(&cmd->top);
	top__end_interval(&cmd->top);
	cmd->interval_start = now;
	return err;
}

/* Waits for ring data or a key. Returns -1 when every ring hung up (the threads are gone). */
static int top_cmd__poll(struct top_cmd *cmd, int timeout_ms)
{
	/* No keyboard without the browser. */
	return live_poll__wait(&cmd->poll, cmd->tui ? top_browser__input_fd() : -1, timeout_ms);
}

static int top_cmd__loop(struct top_cmd *cmd)
{
	uint64_t delay = cmd->opts.delay * 1000000000ULL, next;
	int err = 0;

	cmd->interval_start = now_ns();
	next = cmd->interval_start + delay;
	while (!live__done() && !err) {
		uint64_t now;

		err = top_cmd__read_rings(cmd);
		now = now_ns();
		if (!err && now >= next) {
			err = top_cmd__refresh(cmd);
			next = now + delay;
		}
		if (err || top_cmd__poll(cmd, min((next - now) / 1000000 + 1, POLL_MAX_MS)) < 0)
			break;
		if (cmd->tui && top_browser__handle_keys(&cmd->browser))
			break;
	}
	if (err)
		pr_err("perf top: %s\n", strerror(-err));
	return err;
}

/*
 * While the browser owns the terminal, messages would scribble over it:
 * hold them in a file and print them once the terminal is back.
 */
static void top_cmd__hold_stderr(struct top_cmd *cmd)
{
	fflush(stderr);
	cmd->held_stderr = tmpfile();
	cmd->saved_stderr = cmd->held_stderr ? dup(STDERR_FILENO) : -1;
	if (cmd->saved_stderr >= 0)
		dup2(fileno(cmd->held_stderr), STDERR_FILENO);
}

static void top_cmd__release_stderr(struct top_cmd *cmd)
{
	char buf[4096];
	size_t n;

	if (cmd->saved_stderr < 0)
		return;
	fflush(stderr);
	dup2(cmd->saved_stderr, STDERR_FILENO);
	close(cmd->saved_stderr);
	cmd->saved_stderr = -1;
	rewind(cmd->held_stderr);
	while ((n = fread(buf, 1, sizeof(buf), cmd->held_stderr)) > 0)
		fwrite(buf, 1, n, stderr);
	fclose(cmd->held_stderr);
	cmd->held_stderr = NULL;
}

static void top_cmd__start_ui(struct top_cmd *cmd)
{
	if (cmd->opts.stdio || !isatty(STDOUT_FILENO))
		return;
	if (top_browser__init(&cmd->browser)) {
		pr_debug("no usable terminal for the browser: printing text\n");
		return;
	}
	cmd->tui = true;
	top_cmd__hold_stderr(cmd);
	cmd->browser.notice = cmd->notice[0] ? cmd->notice : NULL;
	snprintf(cmd->headline, sizeof(cmd->headline), "   PerfTop: collecting samples for %d s...",
		 cmd->opts.delay);
	cmd->browser.headline = cmd->headline;
	top_browser__draw(&cmd->browser);
}

static void top_cmd__stop_ui(struct top_cmd *cmd)
{
	if (!cmd->tui)
		return;
	top_browser__exit(&cmd->browser);
	top_cmd__release_stderr(cmd);
	cmd->tui = false;
}

static int top_cmd__run(struct top_cmd *cmd)
{
	struct top_opts *o = &cmd->opts;
	int err;

	err = top__init(&cmd->top, &o->guest, 0);
	if (err) {
		if (o->guest.guestmount && err == -ENOENT)
			pr_err("cannot use --guestmount %s: %s\n", o->guest.guestmount,
			       strerror(-err));
		else
			pr_err("perf top: %s\n", strerror(-err));
		goto out;
	}
	if (o->sort) {
		err = top__set_sort(&cmd->top, o->sort);
		if (err) {
			if (err == -EINVAL)
				pr_err("bad --sort '%s': the keys are comm, pid, dso, sym, vcpu\n",
				       o->sort);
			else
				pr_err("perf top: %s\n", strerror(-err));
			goto out;
		}
	}
	cmd->top.host = !o->guest_only;
	cmd->top.guest = !o->host_only;
	if (o->callgraph.mode != CALLGRAPH_NONE) {
		err = top__enable_chains(&cmd->top, &o->cc, o->children);
		if (err) {
			pr_err("perf top: %s\n", strerror(-err));
			goto out;
		}
	}
	err = top_cmd__setup(cmd);
	if (err)
		goto out;
	cmd->top.sample_type = cmd->evlist.entries[0].desc.attr.sample_type;
	/* The chain, registers and stack follow the fields the sample type names. */
	if (cmd->top.hists.chains)
		cmd->top.attr = &cmd->evlist.entries[0].desc.attr;
	err = top_cmd__synthesize(cmd);
	if (err) {
		pr_err("reading the running processes and kernel: %s\n", strerror(-err));
		goto out;
	}
	cmd->target = (struct top_target){
		.event = cmd->evlist.entries[0].desc.name,
		.freq = o->period ? 0 : (uint64_t)o->freq,
		.period = o->period,
		.pid = o->target.pid,
		.tid = o->target.tid,
		.cpu_list = o->target.cpu_list,
		.nr_cpus = cmd->evlist.cpus.nr,
		.kvm = o->kvm,
	};
	live__install_signals(true, false);
	evlist__enable(&cmd->evlist, true);
	top_cmd__start_ui(cmd);
	err = top_cmd__loop(cmd);
	evlist__enable(&cmd->evlist, false);
	top_cmd__stop_ui(cmd);
	if (cmd->top.total.lost)
		pr_warning("the kernel lost %" PRIu64 " samples: the rings overflowed; "
			   "try a lower -F\n", cmd->top.total.lost);
out:
	top_cmd__stop_ui(cmd);
	top_snapshot__exit(&cmd->snap);
	live_poll__exit(&cmd->poll);
	evlist__exit(&cmd->evlist);
	synth__exit(&cmd->synth);
	top__exit(&cmd->top);
	return err;
}

/*
 * --call-graph's words that are not fp, dwarf or a size: report's -g
 * words (graph, 0.5, caller, ...), applied together once all are in,
 * as the first number is the threshold and the second the print limit.
 */
static int top_cmd__display_word(struct callgraph_opts *cg, const char *word)
{
	struct top_opts *o = container_of(cg, struct top_opts, callgraph);
	struct callchain_param scratch;
	size_t len = strlen(o->cc_words);

	callchain_param__init(&scratch);
	if (callchain_param__parse(&scratch, word))
		return -EINVAL;
	if (len + strlen(word) + 2 > sizeof(o->cc_words))
		o->cc_words_full = true;
	else
		snprintf(o->cc_words + len, sizeof(o->cc_words) - len, "%s%s", len ? "," : "",
			 word);
	return 0;
}

/* How the trees are shown: perf's graph,0.5 in the caller order with Children, as report. */
static int top_cmd__check_display(struct top_opts *o)
{
	if (o->cc_words_full) {
		pr_err("--call-graph: too many display settings\n");
		return -EINVAL;
	}
	if (o->cc_words[0] && callchain_param__parse(&o->cc, o->cc_words)) {
		pr_err("--call-graph %s: expected print_type (graph, fractal, flat, folded, none), "
		       "threshold, print_limit, order (caller, callee), function, value (percent, "
		       "period, count), comma separated\n", o->cc_words);
		return -EINVAL;
	}
	if (o->children && !o->cc.order_set)
		o->cc.order = ORDER_CALLER;
	if (o->callgraph.max_stack)
		o->cc.max_stack = o->callgraph.max_stack;
	return 0;
}

static int top_cmd__check_opts(struct top_cmd *cmd)
{
	struct top_opts *o = &cmd->opts;
	struct target *t = &o->target;
	char msg[256];

	if (!!t->pid + !!t->tid + target__has_cpus(t) > 1) {
		pr_err("-p, -t and -a/-C exclude each other\n");
		return -EINVAL;
	}
	/* Without -p or -t, the whole machine. */
	if (!t->pid && !t->tid)
		t->system_wide = true;
	if (o->freq <= 0 && !o->period) {
		pr_err("-F needs a positive frequency\n");
		return -EINVAL;
	}
	if (o->delay <= 0) {
		pr_err("-d needs a positive number of seconds\n");
		return -EINVAL;
	}
	if (o->entries < 0) {
		pr_err("-E needs a positive number of rows\n");
		return -EINVAL;
	}
	if (o->mmap_pages <= 0 || (o->mmap_pages & (o->mmap_pages - 1))) {
		pr_err("-m needs a power of two number of pages, not %d\n", o->mmap_pages);
		return -EINVAL;
	}
	if (strchr(o->event, ',')) {
		pr_err("perf top shows one event at a time: give one -e\n");
		return -EINVAL;
	}
	if (o->host_only && o->guest_only) {
		pr_err("--host-only and --guest-only exclude each other\n");
		return -EINVAL;
	}
	if (callgraph_opts__check(&o->callgraph, msg, sizeof(msg))) {
		pr_err("%s\n", msg);
		return -EINVAL;
	}
	return top_cmd__check_display(o);
}

static const char * const top_usage[] = {
	"perf top [<options>]",
	NULL
};

int cmd_top(int argc, const char **argv)
{
	struct top_cmd cmd = {
		.opts = {
			.event = DEFAULT_EVENT,
			.freq = DEFAULT_FREQ,
			.delay = DEFAULT_DELAY,
			.mmap_pages = DEFAULT_PAGES,
			.callgraph = { .display_word = top_cmd__display_word },
			.children = true,
		},
		.reader = { .event = top_cmd__ring_event },
		.saved_stderr = -1,
	};
	struct top_opts *o = &cmd.opts;
	const struct option options[] = {
		OPT_BOOLEAN('a', "all-cpus", &o->target.system_wide,
			    "system-wide collection (the default)"),
		OPT_STRING('C', "cpu", &o->target.cpu_list, "cpu", "list of CPUs to sample (e.g. 0-3,6)"),
		OPT_STRING('p', "pid", &o->target.pid, "pid", "profile the threads of this process"),
		OPT_STRING('t', "tid", &o->target.tid, "tid", "profile this thread only"),
		OPT_STRING('e', "event", &o->event, "event",
			   "event to sample (default cycles, else cpu-clock)"),
		OPT_INTEGER('F', "freq", &o->freq, "sample at this frequency (Hz, default 4000)"),
		OPT_U64('c', "count", &o->period, "sample every n events (ns for cpu-clock)"),
		OPT_INTEGER('d', "delay", &o->delay, "seconds between refreshes (default 2)"),
		OPT_INTEGER('E', "entries", &o->entries, "show at most this many rows"),
		OPT_INTEGER('m', "mmap-pages", &o->mmap_pages, "data pages per ring (power of 2)"),
		OPT_BOOLEAN(0, "stdio", &o->stdio, "print text snapshots instead of the browser"),
		OPT_STRING('s', "sort", &o->sort, "key[,key2...]",
			   "group rows by these keys: comm, pid, dso, sym, vcpu (default: function and DSO)"),
		OPT_CALLBACK_NOARG('g', NULL, &o->callgraph,
				   "call chains by frame pointers, shown as perf report shows them",
				   callgraph_opts__g_cb),
		OPT_CALLBACK(0, "call-graph", &o->callgraph,
			     "fp|dwarf[,size][,print_type,threshold[,print_limit],order,...]",
			     "call chains: fp or dwarf (unwinding size bytes of user stack, default "
			     "8192), and how to show them, as perf report -g",
			     callgraph_opts__call_graph_cb),
		OPT_CALLGRAPH_MAX_STACK(o->callgraph, "show at most n frames of each call chain"),
		OPT_BOOLEAN(0, "children", &o->children,
			    "with call chains, a Children column: each function and its callees "
			    "(the default; --no-children: Self only)"),
		OPT_INCR('v', "verbose", &verbose, "be more verbose"),
		OPT_BOOLEAN('q', "quiet", &quiet, "do not print warnings"),
		/* Set by perf kvm, which documents them. */
		OPT_KVM_GUEST_CONFIG(o->guest),
		OPT_KVM_MODE(o->kvm, o->host_only, o->guest_only),
		OPT_END()
	};

	callchain_param__init(&o->cc);
	argc = parse_options(argc, argv, options, top_usage, 0);
	if (argc < 0)
		return parse_options_exit(argc);
	if (argc) {
		pr_err("unexpected argument '%s'\n", argv[0]);
		usage_with_options(top_usage, options, true);
		return 129;
	}
	if (top_cmd__check_opts(&cmd))
		return 129;
	return top_cmd__run(&cmd) ? 1 : 0;
}
