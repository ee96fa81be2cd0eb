// SPDX-License-Identifier: GPL-2.0
/* Tracepoint payloads (PERF_SAMPLE_RAW), decoded with libtraceevent. */
#include <errno.h>
#include <string.h>
#include <traceevent/event-parse.h>
#include <traceevent/trace-seq.h>
#include "event.h"
#include "session.h"
#include "trace-data.h"
#include "trace-event.h"

int session__trace_events(struct perf_session *s, struct tep_handle **tep)
{
	const struct perf_file_section *sec = &s->header.feat[HEADER_TRACING_DATA];
	char err[200];

	*tep = NULL;
	if (!perf_header__has_feat(&s->header, HEADER_TRACING_DATA) || !sec->size)
		return 0;
	*tep = trace_data__parse(s->base + sec->offset, sec->size, err, sizeof(err));
	if (!*tep)
		return session_err(s, sec->offset, "%s", err);
	return 0;
}

void trace_events__free(struct tep_handle *tep)
{
	if (tep)
		tep_free(tep);
}

struct tep_format_field *trace_events__type_field(struct tep_handle *tep)
{
	/* libtraceevent takes it from its first format, wherever that says it is. */
	struct tep_event *first = tep ? tep_get_first_event(tep) : NULL;

	return first ? tep_find_common_field(first, "common_type") : NULL;
}

int trace_event__type(struct tep_handle *tep, const struct perf_sample *sample)
{
	uint64_t id;

	if (trace_field__read(trace_events__type_field(tep), sample, &id) || id > INT32_MAX)
		return -1;
	return id;
}

struct tep_event *trace_event__find(struct tep_handle *tep, const struct perf_sample *sample)
{
	int id = trace_event__type(tep, sample);

	return id < 0 ? NULL : tep_find_event(tep, id);
}

int trace_field__read(struct tep_format_field *f, const struct perf_sample *sample,
		      uint64_t *val)
{
	unsigned long long v;

	if (!f || f->size > 8 || (unsigned int)f->offset + f->size > sample->raw.size ||
	    tep_read_number_field(f, sample->raw.data, &v))
		return -ENOENT;
	*val = v;
	return 0;
}

int trace_event__field(struct tep_event *ev, const struct perf_sample *sample, const char *name,
		       uint64_t *val)
{
	return trace_field__read(tep_find_field(ev, name), sample, val);
}

static bool fields_inside(struct tep_format_field *f, const struct perf_sample *sample)
{
	unsigned long long loc;

	for (; f; f = f->next) {
		if ((unsigned int)f->offset + f->size > sample->raw.size)
			return false;
		/* A __data_loc field: u16 offset and u16 length of data elsewhere in it. */
		if ((f->flags & TEP_FIELD_IS_DYNAMIC) && f->size == 4 &&
		    !tep_read_number_field(f, sample->raw.data, &loc) &&
		    (loc & 0xffff) + (loc >> 16) > sample->raw.size)
			return false;
	}
	return true;
}

/* Every field, and what __data_loc fields point at, lies in the payload: the print fmt reads them unchecked. */
static bool payload_holds(struct tep_event *ev, const struct perf_sample *sample)
{
	return fields_inside(ev->format.common_fields, sample) &&
	       fields_inside(ev->format.fields, sample);
}

void trace_event__print(struct tep_handle *tep, const struct perf_sample *sample, FILE *out)
{
	struct tep_record r = {
		.ts = sample->time, .cpu = sample->cpu, .size = sample->raw.size,
		.data = (void *)sample->raw.data,
	};
	struct tep_event *ev = trace_event__find(tep, sample);
	struct trace_seq seq;

	if (!ev || !payload_holds(ev, sample))
		return;
	trace_seq_init(&seq);
	tep_print_event(tep, &seq, &r, "%s", TEP_PRINT_INFO);
	trace_seq_terminate(&seq);
	fputs(seq.buffer, out);
	trace_seq_destroy(&seq);
}
