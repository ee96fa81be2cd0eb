// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "demangle.h"
#include "dso.h"
#include "hist.h"
#include "sort.h"
#include "symbol.h"
#include "thread.h"
#include "util.h"

static int cmp_str(const char *a, const char *b)
{
	/* Command names are interned: most equal pairs are one pointer. */
	if (a == b)
		return 0;
	return strcmp(a ? a : "", b ? b : "");
}

static const char *comm_str(const struct comm *c)
{
	return c ? c->str : "(null)";
}

static int comm_cmp(const struct hist_entry *a, const struct hist_entry *b)
{
	if (a->key.comm == b->key.comm)
		return 0;
	return cmp_str(comm_str(a->key.comm), comm_str(b->key.comm));
}

/* snprintf(buf, size, "%s", s) without the format machinery: these run for every row. */
static int copy_str(char *buf, size_t size, const char *s)
{
	size_t n = strlen(s);

	if (size) {
		size_t m = n < size ? n : size - 1;

		memcpy(buf, s, m);
		buf[m] = '\0';
	}
	return n;
}

static int comm_snprintf(const struct hist_entry *he, char *buf, size_t size)
{
	return copy_str(buf, size, comm_str(he->key.comm));
}

/*
 * perf sizes the command column by the current name of each row's
 * thread, not by the name the row prints, and cuts longer names to fit:
 * a name a thread had before its exec can print cut short.
 */
static int comm_width(const struct hist_entry *he)
{
	return he->thread ? (int)strlen(he->thread->comm->str) : 0;
}

static int pid_cmp(const struct hist_entry *a, const struct hist_entry *b)
{
	pid_t x = a->key.thread->tid, y = b->key.thread->tid;

	return (x > y) - (x < y);
}

static int pid_snprintf(const struct hist_entry *he, char *buf, size_t size)
{
	return snprintf(buf, size, "%7d:%s", he->key.thread->tid, he->key.thread->comm->str);
}

/* vCPU rows: every thread named "CPU n/KVM" by its n, the rest together as "-". */
static int vcpu_cmp(const struct hist_entry *a, const struct hist_entry *b)
{
	int x = thread__vcpu(a->key.thread), y = thread__vcpu(b->key.thread);

	return (x > y) - (x < y);
}

static int vcpu_snprintf(const struct hist_entry *he, char *buf, size_t size)
{
	int v = thread__vcpu(he->key.thread);

	return v < 0 ? snprintf(buf, size, "%4s", "-") : snprintf(buf, size, "%4d", v);
}

static const char *dso_name(const struct hist_entry *he)
{
	return he->key.dso ? he->key.dso->short_name : "[unknown]";
}

static int dso_cmp(const struct hist_entry *a, const struct hist_entry *b)
{
	if (a->key.dso == b->key.dso)
		return 0;
	return strcmp(dso_name(a), dso_name(b));
}

static int dso_snprintf(const struct hist_entry *he, char *buf, size_t size)
{
	return copy_str(buf, size, dso_name(he));
}

/*
 * One symbol is one (DSO name, start, end): the same function of two
 * copies of a binary is one entry, as in perf.  Unresolved addresses
 * compare by address alone.
 */
static int sym_cmp(const struct hist_entry *a, const struct hist_entry *b)
{
	const struct symbol *x = a->key.sym, *y = b->key.sym;
	int r;

	if (x && y) {
		r = dso_cmp(a, b);
		if (r)
			return r;
		if (x->start != y->start)
			return x->start < y->start ? -1 : 1;
		return (x->end > y->end) - (x->end < y->end);
	}
	if (x || y)
		return x ? -1 : 1;
	return (a->key.addr > b->key.addr) - (a->key.addr < b->key.addr);
}

/* perf orders tied rows by symbol name as printed, resolved before unresolved. */
static int sym_order(const struct hist_entry *a, const struct hist_entry *b)
{
	const char *x = hist_entry__sym_name(a), *y = hist_entry__sym_name(b);
	int r;

	if (x && y && x != y) {
		r = strcmp(x, y);
		if (r)
			return r;
	}
	return sym_cmp(a, b);
}

/*
 * "[%c] 0x%016llx" ("[%c] %016llx" for 0), by hand: a profile of a
 * whole machine can have hundreds of thousands of unresolved rows.
 */
static int addr_snprintf(char *buf, size_t size, char level, uint64_t addr)
{
	char s[24];
	int n = 0, i;

	s[n++] = '[';
	s[n++] = level;
	s[n++] = ']';
	s[n++] = ' ';
	if (addr) {
		s[n++] = '0';
		s[n++] = 'x';
	}
	for (i = 15; i >= 0; i--)
		s[n++] = "0123456789abcdef"[(addr >> (i * 4)) & 0xf];
	if (size) {
		size_t c = (size_t)n < size ? (size_t)n : size - 1;

		memcpy(buf, s, c);
		buf[c] = '\0';
	}
	return n;
}

static int sym_snprintf(const struct hist_entry *he, char *buf, size_t size)
{
	const struct symbol *sym = he->key.sym;
	int n;

	/* perf prints "%#.16llx", and '#' adds no 0x to a zero: offset 0 in a module. */
	if (!sym)
		return addr_snprintf(buf, size, he->key.level, he->key.addr);
	if (size <= 4) {
		/* No room for a name: only the length is of use. */
		if (size)
			buf[0] = '\0';
		return 4 + strlen(sym->name);
	}
	memcpy(buf, "[ ] ", 4);
	buf[1] = he->key.level;
	if (he->sym_name)
		return copy_str(buf + 4, size - 4, he->sym_name) + 4;
	n = demangle(sym->name, buf + 4, size - 4);
	if (n < 0)
		n = copy_str(buf + 4, size - 4, sym->name);
	return n + 4;
}

static const struct sort_key sort_keys[] = {
	{ "comm", "Command", SORT_FIELD_COMM, comm_cmp, NULL, comm_snprintf, comm_width, false },
	/* perf's title, blanks and all: right above the command, past the 7-digit tid. */
	{ "pid", "    Pid:Command", SORT_FIELD_THREAD, pid_cmp, NULL, pid_snprintf, NULL, false },
	{ "dso", "Shared Object", SORT_FIELD_DSO, dso_cmp, NULL, dso_snprintf, NULL, false },
	/* Beyond perf: the vCPU of a QEMU thread, by its name. */
	{ "vcpu", "vCPU", SORT_FIELD_THREAD, vcpu_cmp, NULL, vcpu_snprintf, NULL, false },
	{ "sym", "Symbol", SORT_FIELD_SYM, sym_cmp, sym_order, sym_snprintf, NULL, true },
};

const struct sort_key *sort_key__find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sort_keys); i++)
		if (!strcmp(sort_keys[i].name, name))
			return &sort_keys[i];
	return NULL;
}
