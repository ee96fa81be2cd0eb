// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include "event.h"

unsigned int perf_sample_id_size(uint64_t type)
{
	unsigned int size = 0;

	if (type & PERF_SAMPLE_TID)
		size += 8;
	if (type & PERF_SAMPLE_TIME)
		size += 8;
	if (type & PERF_SAMPLE_ID)
		size += 8;
	if (type & PERF_SAMPLE_STREAM_ID)
		size += 8;
	if (type & PERF_SAMPLE_CPU)
		size += 8;
	if (type & PERF_SAMPLE_IDENTIFIER)
		size += 8;
	return size;
}

/* Copies the next u64 of the record into *@v, or fails past @end. */
static int take_u64(const char **p, const char *end, uint64_t *v)
{
	if (end - *p < 8)
		return -EINVAL;
	memcpy(v, *p, 8);
	*p += 8;
	return 0;
}

int perf_sample__parse(struct perf_sample *s, const union perf_event *ev, uint64_t type)
{
	const char *p = (const char *)(ev + 0) + sizeof(ev->header);
	const char *end = (const char *)ev + ev->header.size;
	uint64_t v;

	memset(s, 0, sizeof(*s));
	s->cpumode = ev->header.misc & PERF_RECORD_MISC_CPUMODE_MASK;
	if ((type & PERF_SAMPLE_IDENTIFIER) && take_u64(&p, end, &s->id))
		return -EINVAL;
	if ((type & PERF_SAMPLE_IP) && take_u64(&p, end, &s->ip))
		return -EINVAL;
	if (type & PERF_SAMPLE_TID) {
		if (take_u64(&p, end, &v))
			return -EINVAL;
		s->pid = (uint32_t)v;
		s->tid = (uint32_t)(v >> 32);
	}
	if ((type & PERF_SAMPLE_TIME) && take_u64(&p, end, &s->time))
		return -EINVAL;
	if ((type & PERF_SAMPLE_ADDR) && take_u64(&p, end, &v))
		return -EINVAL;
	if ((type & PERF_SAMPLE_ID) && take_u64(&p, end, &s->id))
		return -EINVAL;
	if ((type & PERF_SAMPLE_STREAM_ID) && take_u64(&p, end, &v))
		return -EINVAL;
	if (type & PERF_SAMPLE_CPU) {
		if (take_u64(&p, end, &v))
			return -EINVAL;
		s->cpu = (uint32_t)v;
	}
	if ((type & PERF_SAMPLE_PERIOD) && take_u64(&p, end, &s->period))
		return -EINVAL;
	return 0;
}
