// SPDX-License-Identifier: GPL-2.0
/*
 * HEADER_TRACING_DATA: the tracepoint formats a perf.data carries, so
 * that a report elsewhere can decode PERF_SAMPLE_RAW.  The layout is
 * that of trace-cmd's early files, which perf kept: a magic, version
 * "0.6", endianness, long and page size, then length-prefixed sections.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <traceevent/event-parse.h>
#include "buf.h"
#include "trace-data.h"
#include "tracefs.h"
#include "util.h"

static const char trace_magic[] = "\027\010\104tracing";	/* 10 bytes, no NUL */
#define TRACE_MAGIC_LEN		10
#define TRACE_VERSION		"0.6"
/* More than any kernel has: a bound for counts read from a file. */
#define MAX_TRACE_ITEMS		100000

static int add_file_u64(struct buf *b, const char *rel)
{
	char *text = NULL;
	long len = tracefs__read(rel, &text);

	if (len < 0)
		return len;
	buf__add_u64(b, len);
	buf__add(b, text, len);
	free(text);
	return 0;
}

static int add_file_u32(struct buf *b, const char *rel, int optional)
{
	char *text = NULL;
	long len = tracefs__read(rel, &text);

	if (len < 0 && optional) {
		buf__add_u32(b, 0);
		return 0;
	}
	if (len < 0)
		return len;
	buf__add_u32(b, len);
	buf__add(b, text, len);
	free(text);
	return 0;
}

/* The system part of "SYSTEM:EVENT[:MODS]", its length in *@len. */
static const char *tp_system(const char *name, size_t *len)
{
	const char *colon = strchr(name, ':');

	*len = colon ? (size_t)(colon - name) : strlen(name);
	return name;
}

static void tp_event(const char *name, char *out, size_t size)
{
	const char *ev = strchr(name, ':');

	ev = ev ? ev + 1 : "";
	snprintf(out, size, "%.*s", (int)strcspn(ev, ":"), ev);
}

/* Whether names[0..i) already had @name's system. */
static int system_seen(const char * const *names, int i, const char *sys, size_t len)
{
	size_t l;

	while (i--)
		if (tp_system(names[i], &l) && l == len && !strncmp(names[i], sys, len))
			return 1;
	return 0;
}

static int add_system(struct buf *b, const char * const *names, int nr, int first)
{
	char rel[512], ev[256];
	size_t len, l;
	const char *sys = tp_system(names[first], &len);
	uint32_t count = 0;
	int i, err;

	buf__add(b, sys, len);
	buf__add_zero(b, 1);
	for (i = first; i < nr; i++)
		if (tp_system(names[i], &l) && l == len && !strncmp(names[i], sys, len))
			count++;
	buf__add_u32(b, count);
	for (i = first; i < nr; i++) {
		if (!(tp_system(names[i], &l) && l == len && !strncmp(names[i], sys, len)))
			continue;
		tp_event(names[i], ev, sizeof(ev));
		snprintf(rel, sizeof(rel), "events/%.*s/%s/format", (int)len, sys, ev);
		err = add_file_u64(b, rel);
		if (err)
			return err;
	}
	return 0;
}

int trace_data__encode(struct buf *b, const char * const *names, int nr)
{
	uint32_t systems = 0;
	size_t len;
	int i, err;

	buf__add(b, trace_magic, TRACE_MAGIC_LEN);
	buf__add(b, TRACE_VERSION, sizeof(TRACE_VERSION));
	buf__add(b, (const char []){ __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__,
				     (char)sizeof(long) }, 2);
	buf__add_u32(b, sysconf(_SC_PAGESIZE));
	buf__add(b, "header_page", sizeof("header_page"));
	err = add_file_u64(b, "events/header_page");
	if (err)
		return err;
	buf__add(b, "header_event", sizeof("header_event"));
	err = add_file_u64(b, "events/header_event");
	if (err)
		return err;
	buf__add_u32(b, 0);		/* ftrace's own events: none recorded */
	for (i = 0; i < nr; i++)
		systems += !system_seen(names, i, names[i], (tp_system(names[i], &len), len));
	buf__add_u32(b, systems);
	for (i = 0; i < nr; i++) {
		tp_system(names[i], &len);
		if (system_seen(names, i, names[i], len))
			continue;
		err = add_system(b, names, nr, i);
		if (err)
			return err;
	}
	buf__add_u32(b, 0);		/* kallsyms: the file has its own */
	err = add_file_u32(b, "printk_formats", 1);
	if (err)
		return err;
	buf__add_u64(b, 0);		/* saved cmdlines: COMM records name the tasks */
	return b->err;
}

/* A bounds-checked walk over the data. */
struct cursor {
	const unsigned char *p;
	size_t size, off;
	int swap;
	bool walk_only;			/* trace_data__check(): no libtraceevent parsing */
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3)))
static int cursor_err(struct cursor *c, const char *fmt, ...)
{
	char what[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(c->err, c->errlen, "tracing data offset %zu: %s", c->off, what);
	return -EINVAL;
}

static int take(struct cursor *c, size_t n, const unsigned char **out, const char *what)
{
	if (n > c->size - c->off)
		return cursor_err(c, "%s of %zu bytes runs past the end (%zu bytes)", what, n,
				  c->size);
	*out = c->p + c->off;
	c->off += n;
	return 0;
}

static int take_u32(struct cursor *c, uint32_t *v, const char *what)
{
	const unsigned char *q = NULL;

	if (take(c, 4, &q, what))
		return -EINVAL;
	memcpy(v, q, 4);
	if (c->swap)
		*v = __builtin_bswap32(*v);
	return 0;
}

static int take_u64(struct cursor *c, uint64_t *v, const char *what)
{
	const unsigned char *q = NULL;

	if (take(c, 8, &q, what))
		return -EINVAL;
	memcpy(v, q, 8);
	if (c->swap)
		*v = __builtin_bswap64(*v);
	return 0;
}

/* A NUL-terminated string within the data. */
static int take_str(struct cursor *c, const char **s, const char *what)
{
	const unsigned char *nul = memchr(c->p + c->off, '\0', c->size - c->off);

	if (!nul)
		return cursor_err(c, "%s is not terminated", what);
	*s = (const char *)c->p + c->off;
	c->off = nul - c->p + 1;
	return 0;
}

/* @n bytes as a fresh NUL-terminated copy, which libtraceevent's parsers need. */
static int take_copy(struct cursor *c, uint64_t n, char **out, const char *what)
{
	const unsigned char *q = NULL;

	if (take(c, n, &q, what))
		return -EINVAL;
	*out = malloc(n + 1);
	if (!*out)
		return cursor_err(c, "out of memory for %s", what);
	memcpy(*out, q, n);
	(*out)[n] = '\0';
	return 0;
}

static int parse_header(struct cursor *c, struct tep_handle *tep)
{
	const unsigned char *q = NULL;
	const char *version = NULL, *name = NULL;
	uint32_t page_size;
	uint64_t n;
	char *text = NULL;
	int big;

	if (take(c, TRACE_MAGIC_LEN, &q, "the magic") || memcmp(q, trace_magic, TRACE_MAGIC_LEN)) {
		c->off = 0;
		return cursor_err(c, "not tracing data (no \\027\\010\\104tracing magic)");
	}
	if (take_str(c, &version, "the version"))
		return -EINVAL;
	if (strcmp(version, "0.5") && strcmp(version, TRACE_VERSION))
		return cursor_err(c, "tracing data version '%.16s', not 0.5 or 0.6", version);
	if (take(c, 2, &q, "endianness and long size"))
		return -EINVAL;
	big = q[0];
	if (q[1] != 4 && q[1] != 8)
		return cursor_err(c, "a long of %u bytes", q[1]);
	c->swap = big != (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__);
	tep_set_file_bigendian(tep, big ? TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
	tep_set_local_bigendian(tep, __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ?
				TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
	tep_set_long_size(tep, q[1]);
	if (take_u32(c, &page_size, "the page size"))
		return -EINVAL;
	tep_set_page_size(tep, page_size);
	if (take_str(c, &name, "header_page") || strcmp(name, "header_page"))
		return cursor_err(c, "no header_page section");
	if (take_u64(c, &n, "header_page's size") || take_copy(c, n, &text, "header_page"))
		return -EINVAL;
	/* A header_page it cannot read leaves libtraceevent its defaults, as for perf. */
	if (!c->walk_only)
		tep_parse_header_page(tep, text, n, q[1]);
	free(text);
	if (take_str(c, &name, "header_event") || strcmp(name, "header_event"))
		return cursor_err(c, "no header_event section");
	if (take_u64(c, &n, "header_event's size") || take(c, n, &q, "header_event"))
		return -EINVAL;
	return 0;
}

static int parse_format(struct cursor *c, struct tep_handle *tep, const char *sys)
{
	const unsigned char *q = NULL;
	size_t at = c->off;
	uint64_t n;

	if (take_u64(c, &n, "a format's size") || take(c, n, &q, "a format"))
		return -EINVAL;
	if (!c->walk_only && tep_parse_event(tep, (const char *)q, n, sys)) {
		c->off = at;
		return cursor_err(c, "libtraceevent cannot parse this %s format", sys);
	}
	return 0;
}

static int parse_events(struct cursor *c, struct tep_handle *tep)
{
	uint32_t nr, systems, i, j;
	const char *sys = NULL;

	if (take_u32(c, &nr, "the ftrace format count"))
		return -EINVAL;
	if (nr > MAX_TRACE_ITEMS)
		return cursor_err(c, "%u ftrace formats", nr);
	for (i = 0; i < nr; i++)
		if (parse_format(c, tep, "ftrace"))
			return -EINVAL;
	if (take_u32(c, &systems, "the system count"))
		return -EINVAL;
	if (systems > MAX_TRACE_ITEMS)
		return cursor_err(c, "%u event systems", systems);
	for (i = 0; i < systems; i++) {
		if (take_str(c, &sys, "a system's name") || take_u32(c, &nr, "an event count"))
			return -EINVAL;
		if (nr > MAX_TRACE_ITEMS)
			return cursor_err(c, "%u events in system %.64s", nr, sys);
		for (j = 0; j < nr; j++)
			if (parse_format(c, tep, sys))
				return -EINVAL;
	}
	return 0;
}

/*
 * Whether a printk_formats line is as the kernel writes it, 0xADDR :
 * "FORMAT" with two characters at least between the quotes.
 * libtraceevent takes the rest of the line after the first ':' and one
 * more byte, drops the quotes and looks two bytes before the end for a
 * "\n": a line of any other shape has it read out of bounds.
 */
static bool printk_line_ok(const char *s, size_t len)
{
	size_t i = 2;

	if (len < 2 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return false;
	while (i < len && isxdigit((unsigned char)s[i]))
		i++;
	if (i == 2 || len - i < 4 + 4 || memcmp(s + i, " : \"", 4) || s[len - 1] != '"')
		return false;
	return !memchr(s + i + 4, '\0', len - i - 4);
}

/* Keeps the lines of printk_formats that printk_line_ok(); edits @text in place. */
static void printk_lines_safe(char *text)
{
	char *in = text, *out = text, *nl;
	size_t len;

	for (; *in; in += len + (nl != NULL)) {
		nl = strchr(in, '\n');
		len = nl ? (size_t)(nl - in) : strlen(in);
		if (!printk_line_ok(in, len))
			continue;
		memmove(out, in, len);
		out += len;
		*out++ = '\n';
	}
	*out = '\0';
}

/*
 * kallsyms, printk formats and (0.6) saved cmdlines.  Only the printk
 * formats matter to decoding (bprint events); kallsyms and the saved
 * cmdlines are stepped over: perf writes neither, and the file's own
 * records name its tasks and symbols.
 */
static int parse_names(struct cursor *c, struct tep_handle *tep, int v06)
{
	const unsigned char *q = NULL;
	uint32_t n32;
	uint64_t n;
	char *text = NULL;

	if (take_u32(c, &n32, "the kallsyms size") || take(c, n32, &q, "kallsyms"))
		return -EINVAL;
	if (take_u32(c, &n32, "the printk formats size") ||
	    take_copy(c, n32, &text, "the printk formats"))
		return -EINVAL;
	printk_lines_safe(text);
	if (*text && !c->walk_only)
		tep_parse_printk_formats(tep, text);
	free(text);
	if (!v06 || c->off == c->size)
		return 0;
	if (take_u64(c, &n, "the saved cmdlines size") || take(c, n, &q, "the saved cmdlines"))
		return -EINVAL;
	return 0;
}

static struct tep_handle *walk(const void *data, size_t size, bool walk_only, char *err,
			       size_t errlen)
{
	struct cursor c = {
		.p = data, .size = size, .walk_only = walk_only, .err = err, .errlen = errlen,
	};
	struct tep_handle *tep;

	tep_set_loglevel(TEP_LOG_NONE);
	tep = tep_alloc();
	if (!tep) {
		snprintf(err, errlen, "out of memory for the tracepoint formats");
		return NULL;
	}
	if (parse_header(&c, tep) || parse_events(&c, tep) ||
	    parse_names(&c, tep, !memcmp((const char *)data + TRACE_MAGIC_LEN, TRACE_VERSION, 4))) {
		tep_free(tep);
		return NULL;
	}
	return tep;
}

struct tep_handle *trace_data__parse(const void *data, size_t size, char *err, size_t errlen)
{
	return walk(data, size, false, err, errlen);
}

int trace_data__check(const void *data, size_t size, char *err, size_t errlen)
{
	struct tep_handle *tep = walk(data, size, true, err, errlen);

	if (!tep)
		return -EINVAL;
	tep_free(tep);
	return 0;
}
