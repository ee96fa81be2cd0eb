// SPDX-License-Identifier: GPL-2.0
/*
 * perf script's -F: which fields each event type prints, perf 6.1's
 * defaults, and what a sample must carry for each field.
 */
#include <errno.h>
#include <stdlib.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "script-fields.h"
#include "util.h"

struct field_desc {
	const char *name;
	uint64_t needs;			/* sample_type bits the field is read from */
	const char *needs_name;
};

/* Indexed by bit number of enum script_field. */
static const struct field_desc fields[SF_NR] = {
	{ "comm",	0,			NULL },
	{ "tid",	PERF_SAMPLE_TID,	"TID" },
	{ "pid",	PERF_SAMPLE_TID,	"TID" },
	{ "cpu",	PERF_SAMPLE_CPU,	"CPU" },
	{ "time",	PERF_SAMPLE_TIME,	"TIME" },
	/* Without PERF_SAMPLE_PERIOD, the attr's period (as perf prints it too). */
	{ "period",	0,			NULL },
	{ "event",	0,			NULL },
	{ "ip",		PERF_SAMPLE_IP,		"IP" },
	{ "sym",	PERF_SAMPLE_IP,		"IP" },
	{ "symoff",	PERF_SAMPLE_IP,		"IP" },
	{ "dso",	PERF_SAMPLE_IP,		"IP" },
	{ "trace",	PERF_SAMPLE_RAW,	"RAW" },
};

static const char *const type_names[SCRIPT_FIELD_TYPES] = {
	[PERF_TYPE_HARDWARE]	= "hw",
	[PERF_TYPE_SOFTWARE]	= "sw",
	[PERF_TYPE_TRACEPOINT]	= "trace",
	[PERF_TYPE_HW_CACHE]	= "hwcache",
	[PERF_TYPE_RAW]		= "raw",
	[PERF_TYPE_BREAKPOINT]	= "break",
};

#define DEFAULT_FIELDS	(SF_COMM | SF_TID | SF_CPU | SF_TIME | SF_PERIOD | SF_EVENT | \
			 SF_IP | SF_SYM | SF_SYMOFF | SF_DSO)
/* A tracepoint's line is its fields, as its format prints them: no IP. */
#define TRACE_FIELDS	(SF_COMM | SF_TID | SF_CPU | SF_TIME | SF_EVENT | SF_TRACE)

void script_fields__init(struct script_fields *sf)
{
	memset(sf, 0, sizeof(*sf));
}

static unsigned int field__lookup(const char *name)
{
	unsigned int i;

	for (i = 0; i < SF_NR; i++)
		if (!strcmp(fields[i].name, name))
			return 1U << i;
	return 0;
}

static int type__lookup(const char *name, size_t len)
{
	int i;

	for (i = 0; i < SCRIPT_FIELD_TYPES; i++)
		if (type_names[i] && strlen(type_names[i]) == len && !strncmp(type_names[i], name, len))
			return i;
	return -1;
}

/*
 * Applies the comma-separated @list to type slot @t: a list that starts
 * with a plain name replaces the fields; one that starts with +/- edits
 * the defaults.
 */
static int apply_list(struct script_fields_type *t, char *list, char *bad, size_t size)
{
	char *tok, *save = NULL;
	bool first = true;

	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char sign = (*tok == '+' || *tok == '-') ? *tok : 0;
		unsigned int f = field__lookup(sign ? tok + 1 : tok);

		if (!f) {
			snprintf(bad, size, "%s", tok);
			return -EINVAL;
		}
		if (first && !sign) {
			t->explicit = 1;
			t->fields = 0;
		}
		first = false;
		if (t->explicit) {
			if (sign == '-')
				t->fields &= ~f;
			else
				t->fields |= f;
		} else if (sign == '-') {
			t->del |= f;
			t->add &= ~f;
		} else {
			t->add |= f;
			t->del &= ~f;
		}
	}
	return 0;
}

int script_fields__parse(struct script_fields *sf, const char *arg, char *bad, size_t size)
{
	const char *colon = strchr(arg, ':');
	char *list;
	int type = -1, i, err = 0;

	if (colon) {
		type = type__lookup(arg, colon - arg);
		if (type < 0) {
			snprintf(bad, size, "%.*s", (int)(colon - arg), arg);
			return -EINVAL;
		}
		arg = colon + 1;
	}
	for (i = 0; i < SCRIPT_FIELD_TYPES && !err; i++) {
		if (type >= 0 && i != type)
			continue;
		list = strdup(arg);
		if (!list)
			return -ENOMEM;
		err = apply_list(&sf->type[i], list, bad, size);
		free(list);
	}
	return err;
}

/* The first field of @want (lowest bit) that @sample_type cannot give. */
static unsigned int first_missing(unsigned int want, uint64_t sample_type)
{
	unsigned int i;

	for (i = 0; i < SF_NR; i++)
		if ((want & (1U << i)) && (fields[i].needs & ~sample_type))
			return 1U << i;
	return 0;
}

static unsigned int available(unsigned int want, uint64_t sample_type)
{
	unsigned int i;

	for (i = 0; i < SF_NR; i++)
		if (fields[i].needs & ~sample_type)
			want &= ~(1U << i);
	return want;
}

unsigned int script_fields__for(const struct script_fields *sf, const struct perf_event_attr *attr,
				unsigned int *missing)
{
	unsigned int slot = attr->type < SCRIPT_FIELD_TYPES - 1 ? attr->type : SCRIPT_FIELD_TYPES - 1;
	const struct script_fields_type *t = &sf->type[slot];
	unsigned int want;

	if (t->explicit) {
		*missing = first_missing(t->fields, attr->sample_type);
		return t->fields;
	}
	want = attr->type == PERF_TYPE_TRACEPOINT ? TRACE_FIELDS : DEFAULT_FIELDS;
	want = available(want & ~t->del, attr->sample_type);
	*missing = first_missing(t->add, attr->sample_type);
	return want | t->add;
}

static unsigned int field__index(unsigned int f)
{
	return f ? (unsigned int)__builtin_ctz(f) : 0;
}

const char *script_field__name(unsigned int f)
{
	return fields[field__index(f) % SF_NR].name;
}

const char *script_field__sample_bit_name(unsigned int f)
{
	const char *n = fields[field__index(f) % SF_NR].needs_name;

	return n ? n : "a needed";
}

const char *script_fields__known(void)
{
	return "comm, tid, pid, cpu, time, period, event, ip, sym, symoff, dso";
}
