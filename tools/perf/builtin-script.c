// SPDX-License-Identifier: GPL-2.0
/*
 * perf script: every sample of a perf.data as a line of text, with its
 * call chain below it, in the layout Linux perf 6.1 prints, which is what
 * FlameGraph's stackcollapse-perf.pl and other tools read.  As perf kvm
 * script, guest samples too, resolved in their guest and marked [g]/[u].
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "builtin.h"
#include "ui/session-msg.h"
#include "util/callchain.h"
#include "util/callgraph-opts.h"
#include "util/debug.h"
#include "util/demangle.h"
#include "util/dso.h"
#include "util/evlist.h"
#include "util/guest-options.h"
#include "util/inline.h"
#include "util/map.h"
#include "util/parse-options.h"
#include "util/script-fields.h"
#include "util/session.h"
#include "util/symbol.h"
#include "util/thread.h"
#include "util/trace-event.h"
#include "util/util.h"

/* Demangled names, per symbol: lines repeat the same few symbols over and over. */
#define NAME_CACHE_BITS	12

struct name_cache_entry {
	const struct symbol *sym;
	char *name;			/* NULL: the symbol's own name */
};

struct script {
	struct perf_tool tool;
	struct name_cache_entry *names;
	const char *input;
	const char *fields_arg;		/* -F, as given */
	struct script_fields fields;
	unsigned int *attr_fields;	/* per attr: the fields to print */
	bool *attr_chain;		/* per attr: print its call chains */
	struct guest_config guest;
	struct callchain_cursor cursor;
	unsigned int max_stack;
	bool hide_chain;		/* -G */
	bool ns;			/* --ns: nanoseconds */
	bool inline_frames;		/* --inline (the default): DWARF frames' inlined functions */
	bool kvm;			/* perf kvm script: guest samples too */
	bool host;
	bool guest_on;
	struct tep_handle *tep;		/* the file's tracepoint formats, if any */
	FILE *out;
};

/* The dso's name as perf script prints it: a module by its [name], the rest by path. */
static const char *script__dso_name(const struct dso *d)
{
	if (!d)
		return "[unknown]";
	return d->module ? d->short_name : d->name;
}

/* perf kvm script: a frame that ran in a guest says so, as report's column does. */
static void script__guest_mark(const struct script *sc, uint16_t cpumode)
{
	if (!sc->kvm)
		return;
	if (cpumode == PERF_RECORD_MISC_GUEST_KERNEL)
		fputs(" [g]", sc->out);
	else if (cpumode == PERF_RECORD_MISC_GUEST_USER)
		fputs(" [u]", sc->out);
}

/* @sym's name as perf prints it: C++ demangled, without the parameters. */
static const char *script__sym_name(struct script *sc, const struct symbol *sym)
{
	uint64_t h = ((uintptr_t)sym >> 4) * 0x9e3779b97f4a7c15ULL;
	struct name_cache_entry *e = &sc->names[h >> (64 - NAME_CACHE_BITS)];
	char buf[1024];

	if (e->sym != sym) {
		free(e->name);
		e->name = demangle(sym->name, buf, sizeof(buf)) >= 0 ? strdup(buf) : NULL;
		e->sym = sym;
	}
	return e->name ? e->name : sym->name;
}

/*
 * " sym+0xoff (dso)" after an address, as the fields ask; an inlined
 * function is "name+0xoff (inlined)", its offset into @outer.
 */
static void script__print_where(struct script *sc, unsigned int f, const struct dso *dso,
				const struct symbol *sym, const struct symbol *outer,
				uint64_t lookup)
{
	const struct symbol *at = outer ? outer : sym;

	if (f & SF_SYM) {
		fputc(' ', sc->out);
		if (!sym)
			fputs("[unknown]", sc->out);
		else if (outer)
			fprintf(sc->out, "%.*s", (int)inline_sym__name_len(sym->name), sym->name);
		else
			fputs(script__sym_name(sc, sym), sc->out);
		if (sym && (f & SF_SYMOFF))
			fprintf(sc->out, "+0x%" PRIx64, lookup - at->start);
	}
	if ((f & SF_DSO) && outer)
		fputs(" (inlined)", sc->out);
	else if (f & SF_DSO)
		fprintf(sc->out, " (%s)", script__dso_name(dso));
}

/* The address a symbol of @dso is looked up by: the kernel's own, or the one in the file. */
static uint64_t frame__lookup(const struct callchain_frame *fr)
{
	return fr->dso && fr->dso->symtab_absolute ? fr->ip : fr->addr;
}

/*
 * A chain frame's address: where it is in its file for user code, as
 * perf prints it, but the kernel's own address for kernel code.
 */
static uint64_t frame__shown_ip(const struct callchain_frame *fr)
{
	return fr->dso && !fr->dso->kernel ? fr->addr : fr->ip;
}

static int script__print_chain(struct script *sc, struct perf_session *s, unsigned int f,
			       const struct perf_sample *sample)
{
	uint32_t i;
	int err;

	err = callchain__resolve(&sc->cursor, &s->machines, sample, sc->max_stack);
	if (err)
		return err;
	for (i = 0; i < sc->cursor.nr; i++) {
		const struct callchain_frame *fr = &sc->cursor.frames[i];

		fprintf(sc->out, "\t%16" PRIx64, frame__shown_ip(fr));
		script__print_where(sc, f, fr->dso, fr->sym, fr->inlined ? fr->outer : NULL,
				    frame__lookup(fr));
		script__guest_mark(sc, fr->cpumode);
		fputc('\n', sc->out);
	}
	fputc('\n', sc->out);
	return 0;
}

/* comm, pid/tid, cpu, time, period and event: what leads each sample's line. */
static void script__print_head(struct script *sc, struct perf_session *s, unsigned int f,
			       bool chain, const struct perf_sample *sample, const char *event)
{
	FILE *o = sc->out;

	if (f & SF_COMM) {
		struct thread *t = threads__findnew(&s->machines.host.threads, sample->pid,
						    sample->tid);
		const char *comm = t ? t->comm->str : ":-1";

		/* perf 6.1 pads the name, but not before a call chain. */
		fprintf(o, chain ? "%s " : "%16s ", comm);
	}
	if ((f & SF_PID) && (f & SF_TID))
		fprintf(o, "%5d/%-5d ", sample->pid, sample->tid);
	else if (f & SF_PID)
		fprintf(o, "%5d ", sample->pid);
	else if (f & SF_TID)
		fprintf(o, "%5d ", sample->tid);
	if (f & SF_CPU)
		fprintf(o, "[%03u] ", sample->cpu);
	if (f & SF_TIME) {
		uint64_t secs = sample->time / 1000000000ULL, ns = sample->time % 1000000000ULL;

		if (sc->ns)
			fprintf(o, "%5" PRIu64 ".%09" PRIu64 ": ", secs, ns);
		else
			fprintf(o, "%5" PRIu64 ".%06" PRIu64 ": ", secs, ns / 1000);
	}
	if (f & SF_PERIOD)
		fprintf(o, "%10" PRIu64 " ", sample->period);
	if (f & SF_EVENT)
		fprintf(o, "%s: ", event);
}

static const char *script__event_name(const struct perf_header_attr *a)
{
	return a->name ? a->name : attr__event_name(&a->attr);
}

static int script__sample(struct perf_tool *tool, struct perf_session *s,
			  const struct perf_sample *sample, const struct perf_header_attr *attr)
{
	struct script *sc = container_of(tool, struct script, tool);
	size_t i = attr - s->header.attrs;
	unsigned int f = sc->attr_fields[i];
	bool guest = cpumode__is_guest(sample->cpumode), chain = sc->attr_chain[i];
	struct addr_location al;
	int err;

	/* As perf 6.1 plain perf script shows no guest sample; perf kvm script does. */
	if (guest ? !(sc->kvm && sc->guest_on) : !sc->host)
		return 0;
	script__print_head(sc, s, f, chain, sample, script__event_name(attr));
	if (chain) {
		fputc('\n', sc->out);
		return script__print_chain(sc, s, f, sample);
	}
	if (f & SF_TRACE)
		trace_event__print(sc->tep, sample, sc->out);
	if (f & SF_IP) {
		err = machines__resolve(&s->machines, sample, &al);
		if (err)
			return err;
		fprintf(sc->out, " %16" PRIx64, sample->ip);
		script__print_where(sc, f, al.dso, al.sym, NULL,
				    al.dso && al.dso->symtab_absolute ? sample->ip : al.addr);
		script__guest_mark(sc, sample->cpumode);
	}
	fputc('\n', sc->out);
	return 0;
}

/*
 * The fields of each event: -F's, checked against what its samples
 * carry, or the defaults that they carry.  Returns 0 or -EINVAL, said.
 */
static int script__setup_fields(struct script *sc, const struct perf_session *s)
{
	int i, n = s->header.nr_attrs;

	sc->attr_fields = calloc(n ? n : 1, sizeof(*sc->attr_fields));
	sc->attr_chain = calloc(n ? n : 1, sizeof(*sc->attr_chain));
	if (!sc->attr_fields || !sc->attr_chain)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		const struct perf_event_attr *attr = &s->header.attrs[i].attr;
		unsigned int missing;

		sc->attr_fields[i] = script_fields__for(&sc->fields, attr, &missing);
		if (missing) {
			pr_err("Samples for '%s' event do not have %s attribute set. "
			       "Cannot print '%s' field.\n", script__event_name(&s->header.attrs[i]),
			       script_field__sample_bit_name(missing), script_field__name(missing));
			return -EINVAL;
		}
		sc->attr_chain[i] = !sc->hide_chain && (sc->attr_fields[i] & SF_IP) &&
				    (attr->sample_type & PERF_SAMPLE_CALLCHAIN);
	}
	return 0;
}

static int script__run(struct script *sc)
{
	struct perf_session session;
	static char obuf[1 << 20];
	size_t i;
	int err;

	sc->out = stdout;
	sc->names = calloc(1 << NAME_CACHE_BITS, sizeof(*sc->names));
	if (!sc->names)
		return -ENOMEM;
	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	err = session_msg__open(&session, sc->input, &sc->guest);
	if (!err) {
		session.machines.no_inline = !sc->inline_frames;
		err = script__setup_fields(sc, &session);
	}
	if (!err)
		err = session_msg__trace_events(&session, &sc->tep);
	if (!err)
		err = session_msg__process(&session, &sc->tool);
	if (!err)
		session_msg__stats(&session);
	if (fflush(stdout) && !err) {
		pr_err("perf script: writing the output: %s\n", strerror(errno));
		err = -errno;
	}
	callchain_cursor__exit(&sc->cursor);
	for (i = 0; i < 1 << NAME_CACHE_BITS; i++)
		free(sc->names[i].name);
	free(sc->names);
	free(sc->attr_fields);
	free(sc->attr_chain);
	trace_events__free(sc->tep);
	perf_session__close(&session);
	return err;
}

static int parse_fields(const struct option *opt, const char *arg, int unset __maybe_unused)
{
	struct script *sc = opt->value;
	char bad[64];

	if (script_fields__parse(&sc->fields, arg, bad, sizeof(bad))) {
		pr_err("Invalid field requested: '%s' (the fields are %s)\n", bad,
		       script_fields__known());
		return -1;
	}
	sc->fields_arg = arg;
	return 0;
}

static const char * const script_usage[] = {
	"perf script [<options>]",
	NULL
};

int cmd_script(int argc, const char **argv)
{
	struct script sc = {
		.tool = { .sample = script__sample },
		.max_stack = CALLCHAIN_MAX_STACK,
		.host = true,
		.guest_on = true,
		.inline_frames = true,
	};
	bool only_host = false, only_guest = false;
	const struct option options[] = {
		OPT_STRING('i', "input", &sc.input, "file", "input file name"),
		OPT_CALLBACK('F', "fields", &sc, "str",
			     "the fields to print: comm,tid,pid,cpu,time,period,event,ip,sym,"
			     "symoff,dso; +field or -field to add to or take from the defaults",
			     parse_fields),
		OPT_BOOLEAN('G', "hide-call-graph", &sc.hide_chain, "do not print call chains"),
		OPT_CALLBACK(0, "max-stack", &sc.max_stack, "n",
			     "at most this many frames of each chain (default 127)",
			     callgraph_opts__show_stack_cb),
		OPT_BOOLEAN(0, "ns", &sc.ns, "print the time in nanoseconds"),
		OPT_BOOLEAN(0, "inline", &sc.inline_frames,
			    "list the functions inlined at DWARF-unwound frames (the default)"),
		OPT_STRING(0, "kallsyms", &sc.guest.host_kallsyms, "file",
			   "the host kernel's symbols, from this kallsyms file"),
		OPT_INCR('v', "verbose", &verbose, "be more verbose"),
		OPT_BOOLEAN('q', "quiet", &quiet, "do not print warnings"),
		/* Set by perf kvm, which documents them. */
		OPT_KVM_GUEST_CONFIG(sc.guest),
		OPT_KVM_MODE(sc.kvm, only_host, only_guest),
		OPT_END()
	};

	script_fields__init(&sc.fields);
	argc = parse_options(argc, argv, options, script_usage, 0);
	if (argc < 0)
		return parse_options_exit(argc);
	if (argc) {
		pr_err("unexpected argument '%s'\n", argv[0]);
		usage_with_options(script_usage, options, true);
		return 129;
	}
	if (!sc.input)
		sc.input = perf_session__default_input();
	sc.host = !only_guest;
	sc.guest_on = !only_host;
	return script__run(&sc) ? 1 : 0;
}
