/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_SCRIPT_FIELDS_H
#define __PERF_SCRIPT_FIELDS_H

#include <stddef.h>
#include <linux/perf_event.h>

/* What perf script prints of a sample, in the order of its line. */
enum script_field {
	SF_COMM		= 1 << 0,
	SF_TID		= 1 << 1,
	SF_PID		= 1 << 2,
	SF_CPU		= 1 << 3,
	SF_TIME		= 1 << 4,
	SF_PERIOD	= 1 << 5,
	SF_EVENT	= 1 << 6,
	SF_IP		= 1 << 7,
	SF_SYM		= 1 << 8,
	SF_SYMOFF	= 1 << 9,
	SF_DSO		= 1 << 10,
	SF_TRACE	= 1 << 11,
	SF_NR		= 12,
};

/* The event types -F can name ("hw:", "sw:", ...); the last slot is every other type. */
#define SCRIPT_FIELD_TYPES	(PERF_TYPE_BREAKPOINT + 2)

struct script_fields_type {
	unsigned int fields;	/* explicit: what -F listed */
	unsigned int add;	/* +field: on top of the defaults, checked */
	unsigned int del;	/* -field: off the defaults */
	int explicit;		/* -F listed the fields: no defaults */
};

/* -F as given, per event type. */
struct script_fields {
	struct script_fields_type type[SCRIPT_FIELD_TYPES];
};

/* No -F: every type prints its defaults. */
void script_fields__init(struct script_fields *sf);

/*
 * Applies one -F value: "f1,f2" (exactly those), "+f" / "-f" (defaults
 * changed), each optionally led by "TYPE:" (hw, sw, trace, raw, break)
 * to apply to that event type only.  Returns 0, or -EINVAL with the
 * unknown part copied into @bad.
 */
int script_fields__parse(struct script_fields *sf, const char *arg, char *bad, size_t size);

/*
 * The fields to print for samples of @attr.  *@missing is the first
 * field that was asked for explicitly but that the samples do not carry
 * (0: none); defaults they lack are dropped quietly, as perf 6.1 does.
 */
unsigned int script_fields__for(const struct script_fields *sf, const struct perf_event_attr *attr,
				unsigned int *missing);

/* The -F name of field @f ("cpu"). */
const char *script_field__name(unsigned int f);

/* The sample_type bit's name that field @f needs, as perf's message says it ("CPU"). */
const char *script_field__sample_bit_name(unsigned int f);

/* The field names, comma separated, for messages. */
const char *script_fields__known(void);

#endif /* __PERF_SCRIPT_FIELDS_H */
