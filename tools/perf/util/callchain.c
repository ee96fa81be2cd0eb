// SPDX-License-Identifier: GPL-2.0
/* Call chains: report's -g options, and a sample's chain resolved to frames. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "callchain.h"
#include "event.h"
#include "inline.h"
#include "machines.h"
#include "thread.h"
#include "unwind.h"

void callchain_param__init(struct callchain_param *p)
{
	memset(p, 0, sizeof(*p));
	p->mode = CHAIN_GRAPH_ABS;
	p->order = ORDER_CALLEE;
	p->value = CCVAL_PERCENT;
	p->min_percent = 0.5;
	p->max_stack = CALLCHAIN_MAX_STACK;
}

static const struct {
	const char *name;
	enum chain_mode mode;
} chain_modes[] = {
	{ "graph",	CHAIN_GRAPH_ABS },
	{ "fractal",	CHAIN_GRAPH_REL },
	{ "flat",	CHAIN_FLAT },
	{ "folded",	CHAIN_FOLDED },
	{ "none",	CHAIN_NONE },
};

/* A number: the threshold first, then the print limit. */
static int parse_number(struct callchain_param *p, const char *tok, int *nth)
{
	char *end;
	double v = strtod(tok, &end);

	if (end == tok || *end || v < 0)
		return -EINVAL;
	if (*nth == 0)
		p->min_percent = v;
	else if (*nth == 1 && v == (unsigned int)v)
		p->print_limit = v;
	else
		return -EINVAL;
	(*nth)++;
	return 0;
}

static int parse_token(struct callchain_param *p, const char *tok, int *nth)
{
	size_t i;

	for (i = 0; i < sizeof(chain_modes) / sizeof(chain_modes[0]); i++) {
		if (!strcmp(tok, chain_modes[i].name)) {
			p->mode = chain_modes[i].mode;
			return 0;
		}
	}
	if (!strcmp(tok, "caller") || !strcmp(tok, "callee")) {
		p->order = strcmp(tok, "caller") ? ORDER_CALLEE : ORDER_CALLER;
		p->order_set = true;
		return 0;
	}
	/* Frames are told apart by function, the only key kept. */
	if (!strcmp(tok, "function"))
		return 0;
	if (!strcmp(tok, "percent")) {
		p->value = CCVAL_PERCENT;
		return 0;
	}
	if (!strcmp(tok, "period")) {
		p->value = CCVAL_PERIOD;
		return 0;
	}
	if (!strcmp(tok, "count")) {
		p->value = CCVAL_COUNT;
		return 0;
	}
	return parse_number(p, tok, nth);
}

int callchain_param__parse(struct callchain_param *p, const char *arg)
{
	char *list = strdup(arg), *tok, *save = NULL;
	int nth = 0, err = 0;

	if (!list)
		return -ENOMEM;
	for (tok = strtok_r(list, ",", &save); tok && !err; tok = strtok_r(NULL, ",", &save))
		err = parse_token(p, tok, &nth);
	free(list);
	return err;
}

static int cursor__grow(struct callchain_cursor *c)
{
	uint32_t alloc = c->alloc ? c->alloc * 2 : 64;
	struct callchain_frame *f = realloc(c->frames, alloc * sizeof(*f));

	if (!f)
		return -ENOMEM;
	c->frames = f;
	c->alloc = alloc;
	return 0;
}

static int cursor__append(struct callchain_cursor *c, struct machines *ms, uint16_t cpumode,
			  pid_t pid, uint64_t ip)
{
	struct callchain_frame *f;
	struct addr_location al;
	int err;

	if (c->nr == c->alloc && cursor__grow(c))
		return -ENOMEM;
	err = machines__resolve_ip(ms, cpumode, pid, ip, &al);
	if (err)
		return err;
	f = &c->frames[c->nr++];
	f->map = al.map;
	f->dso = al.dso;
	f->sym = al.sym;
	f->ip = ip;
	f->addr = al.addr;
	f->cpumode = cpumode;
	f->level = al.level;
	f->inlined = false;
	f->outer = NULL;
	return 0;
}

/* The cpumode a context marker switches to; 0 for one the kernel does not write. */
static uint16_t context__cpumode(uint64_t marker)
{
	switch (marker) {
	case PERF_CONTEXT_HV:		return PERF_RECORD_MISC_HYPERVISOR;
	case PERF_CONTEXT_KERNEL:	return PERF_RECORD_MISC_KERNEL;
	case PERF_CONTEXT_USER:		return PERF_RECORD_MISC_USER;
	case PERF_CONTEXT_GUEST_KERNEL:	return PERF_RECORD_MISC_GUEST_KERNEL;
	case PERF_CONTEXT_GUEST_USER:	return PERF_RECORD_MISC_GUEST_USER;
	default:			return 0;
	}
}

struct unwind_arg {
	struct callchain_cursor *c;
	struct machines *ms;
	pid_t pid;
};

/*
 * Puts the functions inlined at the last frame of @c before it, as
 * frames of their own at the same address: perf lists them so for
 * DWARF-unwound frames (not for the kernel's frame-pointer chains).
 */
static int cursor__add_inlines(struct callchain_cursor *c, struct machines *ms, pid_t pid)
{
	struct callchain_frame real = c->frames[c->nr - 1];
	struct inline_frames in;
	struct machine *m;
	unsigned int i;
	int err;

	if (ms->no_inline || !real.dso || !real.sym)
		return 0;
	m = machines__findnew(ms, PERF_RECORD_MISC_USER, pid);
	err = m ? inline__find(ms, m, real.dso, real.addr, &in) : -ENOMEM;
	if (err || !in.nr)
		return err;
	c->nr--;
	for (i = 0; i <= in.nr; i++) {
		if (c->nr == c->alloc && cursor__grow(c))
			return -ENOMEM;
		c->frames[c->nr] = real;
		if (i < in.nr) {
			c->frames[c->nr].sym = in.syms[i];
			c->frames[c->nr].inlined = true;
			c->frames[c->nr].outer = real.sym;
		}
		c->nr++;
	}
	return 0;
}

static int unwind_frame(uint64_t ip, void *arg)
{
	struct unwind_arg *a = arg;
	int err;

	err = cursor__append(a->c, a->ms, PERF_RECORD_MISC_USER, a->pid, ip);
	return err ? err : cursor__add_inlines(a->c, a->ms, a->pid);
}

/* --call-graph dwarf: the user frames are not in the chain but in a copy of the stack. */
static bool sample__has_user_stack(const struct perf_sample *s)
{
	return s->user_regs.abi && s->user_stack.size && !cpumode__is_guest(s->cpumode);
}

/*
 * The user part of a DWARF sample: unwound, after the kernel's part.  A
 * stack the unwinder cannot walk leaves the frames found so far.
 */
static int callchain__unwind(struct callchain_cursor *c, struct machines *ms,
			     const struct perf_sample *s, unsigned int max_stack)
{
	struct unwind_arg a = { c, ms, s->pid };
	int err;

	if (c->nr >= max_stack)
		return 0;
	err = unwind__get_entries(ms, &ms->host, s->pid, s->tid, s, max_stack - c->nr,
				  unwind_frame, &a);
	return err == -ENOMEM ? err : 0;
}

int callchain__next_ip(const struct perf_sample *s, struct callchain_iter *it, bool to_user)
{
	while (it->i < s->callchain.nr) {
		uint64_t ip = sample_callchain__ip(&s->callchain, it->i++);

		if (ip < PERF_CONTEXT_MAX) {
			it->ip = ip;
			return 1;
		}
		/* PERF_CONTEXT_GUEST only announces the guest markers that follow. */
		if (ip == PERF_CONTEXT_GUEST)
			continue;
		it->cpumode = context__cpumode(ip);
		if (!it->cpumode)
			return -1;
		if (!to_user && it->cpumode == PERF_RECORD_MISC_USER)
			return 0;
	}
	return 0;
}

int callchain__resolve(struct callchain_cursor *c, struct machines *ms,
		       const struct perf_sample *s, unsigned int max_stack)
{
	bool dwarf = sample__has_user_stack(s);
	struct callchain_iter it = { 0, 0, s->cpumode };
	int r = 0, err;

	c->nr = 0;
	/* The unwinder gives the user frames of a DWARF sample. */
	while (c->nr < max_stack && (r = callchain__next_ip(s, &it, !dwarf)) > 0) {
		err = cursor__append(c, ms, it.cpumode, s->pid, it.ip);
		if (err)
			return err;
	}
	if (r < 0) {
		c->nr = 0;
		return 0;
	}
	return dwarf ? callchain__unwind(c, ms, s, max_stack) : 0;
}

void callchain_cursor__exit(struct callchain_cursor *c)
{
	free(c->frames);
	memset(c, 0, sizeof(*c));
}
