// SPDX-License-Identifier: GPL-2.0
/*
 * The call-graph options of record and top, and the attr they make.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "callgraph-opts.h"
#include "debug.h"
#include "util.h"

#define MAX_STACK_DEFAULT	127	/* the kernel's default kernel.perf_event_max_stack */
#define MODES_ALLOWED		"the modes are fp and dwarf[,size]"

/* Is the word @w of length @len exactly @s? */
static bool word_is(const char *w, size_t len, const char *s)
{
	return strlen(s) == len && !strncmp(w, s, len);
}

/*
 * A stack dump size as perf takes it: decimal or 0x hex, 1 to
 * CALLGRAPH_DUMP_MAX, rounded up to whole u64s (the kernel wants that).
 * Returns the size, or 0 if @w is not one.
 */
static unsigned int parse_dump_size(const char *w, size_t len)
{
	char buf[32], *end;
	unsigned long v;

	if (!len || len >= sizeof(buf) || !isdigit((unsigned char)w[0]))
		return 0;
	memcpy(buf, w, len);
	buf[len] = '\0';
	errno = 0;
	v = strtoul(buf, &end, 0);
	if (errno || *end || !v || v > CALLGRAPH_DUMP_MAX)
		return 0;
	return PERF_ALIGN(v, 8);
}

static int callgraph_opts__mode(struct callgraph_opts *o, enum callgraph_mode mode, const char *arg,
				char *msg, size_t size)
{
	if (mode == CALLGRAPH_DWARF && !CALLGRAPH_REGS_USER) {
		snprintf(msg, size, "--call-graph %s: dwarf call chains are recorded on x86_64 "
			 "only; use fp", arg);
		return -EINVAL;
	}
	o->mode = mode;
	o->dump_size = mode == CALLGRAPH_DWARF ? CALLGRAPH_DUMP_DEFAULT : 0;
	return 0;
}

/* A word of @arg that is not fp or dwarf: top's display may take it. */
static int callgraph_opts__other_word(struct callgraph_opts *o, const char *arg, const char *w,
				      size_t len, char *msg, size_t size)
{
	char word[64];

	snprintf(word, sizeof(word), "%.*s", (int)len, w);
	if (o->display_word && len < sizeof(word) && !o->display_word(o, word))
		return 0;
	if (o->display_word)
		snprintf(msg, size, "--call-graph %s: '%s' is neither a mode (fp, dwarf[,size]) "
			 "nor a display setting", arg, word);
	else
		snprintf(msg, size, "--call-graph %s: unknown mode '%s' (%s)", arg, word,
			 MODES_ALLOWED);
	return -EINVAL;
}

/* The dwarf size word @w of @arg into @o. Returns 0 or -EINVAL with @msg. */
static int callgraph_opts__size(struct callgraph_opts *o, const char *arg, const char *w,
				size_t len, char *msg, size_t size)
{
	o->dump_size = parse_dump_size(w, len);
	if (o->dump_size)
		return 0;
	snprintf(msg, size, "--call-graph %s: the dwarf stack dump size is 1 to %u bytes "
		 "(default %u)", arg, CALLGRAPH_DUMP_MAX, CALLGRAPH_DUMP_DEFAULT);
	return -EINVAL;
}

int callgraph_opts__parse(struct callgraph_opts *o, const char *arg, char *msg, size_t size)
{
	bool moded = false, sized = false, any = false;
	const char *p = arg;
	int err;

	for (; *p; p += *p == ',') {
		size_t len = strcspn(p, ",");
		const char *w = p;

		p += len;
		/* Empty words are skipped, as perf does: "dwarf," is dwarf. */
		if (!len)
			continue;
		any = true;
		if (!moded && (word_is(w, len, "fp") || word_is(w, len, "dwarf"))) {
			err = callgraph_opts__mode(o, *w == 'f' ? CALLGRAPH_FP : CALLGRAPH_DWARF,
						   arg, msg, size);
			moded = true;
		} else if (moded && o->mode == CALLGRAPH_DWARF && !sized &&
			   (!o->display_word || isdigit((unsigned char)*w))) {
			/* With display words around, only a number is the size. */
			err = callgraph_opts__size(o, arg, w, len, msg, size);
			sized = true;
		} else if (moded && !o->display_word) {
			snprintf(msg, size, "--call-graph %s: nothing may follow %s (%s)", arg,
				 o->mode == CALLGRAPH_FP ? "fp" : "the size", MODES_ALLOWED);
			err = -EINVAL;
		} else {
			/* top: the display's words come before, after or instead of the mode. */
			err = callgraph_opts__other_word(o, arg, w, len, msg, size);
		}
		if (err)
			return err;
	}
	if (!any) {
		snprintf(msg, size, "--call-graph '%s': no mode (%s)", arg, MODES_ALLOWED);
		return -EINVAL;
	}
	return moded ? 0 : callgraph_opts__mode(o, CALLGRAPH_FP, arg, msg, size);
}

void callgraph_opts__enable(struct callgraph_opts *o)
{
	if (o->mode == CALLGRAPH_NONE)
		o->mode = CALLGRAPH_FP;
}

int callgraph_opts__parse_max_stack(struct callgraph_opts *o, const char *arg, unsigned int limit,
				    char *msg, size_t size)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 0);
	if (errno || end == arg || *end || v < 1 || (unsigned long)v > limit) {
		snprintf(msg, size, "--max-stack %s: the limit is 1 to %u frames "
			 "(kernel.perf_event_max_stack)", arg, limit);
		return -EINVAL;
	}
	o->max_stack = v;
	return 0;
}

unsigned int callgraph__max_stack_limit(void)
{
	char buf[32], *end;
	unsigned long v;

	if (read_small_file("/proc/sys/kernel/perf_event_max_stack", buf, sizeof(buf)) <= 0)
		return MAX_STACK_DEFAULT;
	v = strtoul(buf, &end, 10);
	/* sample_max_stack is a u16. */
	if (end == buf || !v)
		return MAX_STACK_DEFAULT;
	return v > UINT16_MAX ? UINT16_MAX : v;
}

int callgraph_opts__check(const struct callgraph_opts *o, char *msg, size_t size)
{
	if (o->max_stack && o->mode == CALLGRAPH_NONE) {
		snprintf(msg, size, "--max-stack limits call chains: give -g or --call-graph too");
		return -EINVAL;
	}
	return 0;
}

void callgraph_opts__config(const struct callgraph_opts *o, struct perf_event_attr *attr)
{
	if (o->mode == CALLGRAPH_NONE)
		return;
	attr->sample_type |= PERF_SAMPLE_CALLCHAIN;
	if (o->record && o->max_stack)
		attr->sample_max_stack = o->max_stack;
	if (o->mode != CALLGRAPH_DWARF)
		return;
	attr->sample_type |= PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER;
	attr->sample_regs_user = CALLGRAPH_REGS_USER;
	attr->sample_stack_user = o->dump_size;
	/* The user part of the chain comes from unwinding the copy, not from the kernel. */
	attr->exclude_callchain_user = 1;
	/* perf 6.1 record samples data addresses for dwarf: a report may map them. */
	if (o->record)
		attr->sample_type |= PERF_SAMPLE_ADDR | PERF_SAMPLE_DATA_SRC;
}

void callgraph_opts__config_tracking(const struct callgraph_opts *o, struct perf_event_attr *attr)
{
	/* With the data addresses, the maps that they fall in (stacks, heap). */
	if (o->record && o->mode == CALLGRAPH_DWARF)
		attr->mmap_data = 1;
}

int callgraph_opts__g_cb(const struct option *opt, const char *arg __maybe_unused,
			 int unset __maybe_unused)
{
	callgraph_opts__enable(opt->value);
	return 0;
}

int callgraph_opts__call_graph_cb(const struct option *opt, const char *arg, int unset)
{
	struct callgraph_opts *o = opt->value;
	char msg[256];

	if (unset) {
		o->mode = CALLGRAPH_NONE;
		return 0;
	}
	if (callgraph_opts__parse(o, arg, msg, sizeof(msg))) {
		pr_err("%s\n", msg);
		return -1;
	}
	return 0;
}

int callgraph_opts__max_stack_cb(const struct option *opt, const char *arg, int unset)
{
	struct callgraph_opts *o = opt->value;
	char msg[256];

	if (unset) {
		o->max_stack = 0;
		return 0;
	}
	if (callgraph_opts__parse_max_stack(o, arg, callgraph__max_stack_limit(), msg,
					    sizeof(msg))) {
		pr_err("%s\n", msg);
		return -1;
	}
	return 0;
}

int callgraph_opts__show_stack_cb(const struct option *opt, const char *arg,
				  int unset __maybe_unused)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < 0) {
		pr_err("--max-stack takes a number of frames, not '%s'\n", arg);
		return -1;
	}
	*(unsigned int *)opt->value = v > UINT32_MAX ? UINT32_MAX : v;
	return 0;
}
