// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stddef.h>
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

/*
 * The fields up to PERIOD; *@pos is left just after them.  Inlined into
 * both callers: it runs for every sample.  s->read is left empty but for
 * its count: the rest means nothing while that is 0, and clearing its
 * 64 bytes for every sample costs more than the whole of this.
 */
static inline __attribute__((always_inline))
int sample__parse_leading(struct perf_sample *s, const union perf_event *ev, uint64_t type,
			  const char **pos)
{
	const char *p = (const char *)ev + sizeof(struct perf_event_header), *end;
	struct perf_event_header h;
	uint64_t v;

	/* Copied, not read through @ev: a record need not be 8-byte aligned. */
	memcpy(&h, ev, sizeof(h));
	end = (const char *)ev + h.size;
	memset(s, 0, offsetof(struct perf_sample, read));
	s->read.nr = 0;
	s->read.group = NULL;
	s->cpumode = h.misc & PERF_RECORD_MISC_CPUMODE_MASK;
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
	if ((type & PERF_SAMPLE_ADDR) && take_u64(&p, end, &s->addr))
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
	*pos = p;
	return 0;
}

int perf_sample__parse(struct perf_sample *s, const union perf_event *ev, uint64_t type)
{
	const char *p;

	return sample__parse_leading(s, ev, type, &p);
}

/* The optional u64 @bit of read_format @rf asks for, into *@v. */
static int take_opt(const char **p, const char *end, uint64_t rf, uint64_t bit, uint64_t *v)
{
	return (rf & bit) ? take_u64(p, end, v) : 0;
}

static int sample__parse_read(struct sample_read *r, const char **pos, const char *end,
			      uint64_t rf)
{
	const char *p = *pos;
	uint64_t room;

	memset(r, 0, sizeof(*r));
	r->format = rf;
	if (!(rf & PERF_FORMAT_GROUP)) {
		r->nr = 1;
		if (take_u64(&p, end, &r->one.value) ||
		    take_opt(&p, end, rf, PERF_FORMAT_TOTAL_TIME_ENABLED, &r->time_enabled) ||
		    take_opt(&p, end, rf, PERF_FORMAT_TOTAL_TIME_RUNNING, &r->time_running) ||
		    take_opt(&p, end, rf, PERF_FORMAT_ID, &r->one.id) ||
		    take_opt(&p, end, rf, PERF_FORMAT_LOST, &r->one.lost))
			return -EINVAL;
		*pos = p;
		return 0;
	}
	if (take_u64(&p, end, &r->nr) ||
	    take_opt(&p, end, rf, PERF_FORMAT_TOTAL_TIME_ENABLED, &r->time_enabled) ||
	    take_opt(&p, end, rf, PERF_FORMAT_TOTAL_TIME_RUNNING, &r->time_running))
		return -EINVAL;
	r->stride = 8 * (1 + !!(rf & PERF_FORMAT_ID) + !!(rf & PERF_FORMAT_LOST));
	room = end - p;
	/* Divided, not multiplied: nr comes from the file and may be huge. */
	if (r->nr > room / r->stride)
		return -EINVAL;
	r->group = (const unsigned char *)p;
	*pos = p + r->nr * r->stride;
	return 0;
}

/* Takes @n u64 (n from the file: any value) at *@p into *@at. */
static int take_array(const char **p, const char *end, uint64_t n, const unsigned char **at)
{
	/* Divided, not multiplied: n comes from the file and may be huge. */
	if (n > (uint64_t)(end - *p) / 8)
		return -EINVAL;
	*at = n ? (const unsigned char *)*p : NULL;
	*p += n * 8;
	return 0;
}

static int sample__parse_raw(struct sample_raw *r, const char **p, const char *end)
{
	uint32_t size;

	/* A u32 size, the data, then padding to 8 bytes that the size leaves out. */
	if (end - *p < 4)
		return -EINVAL;
	memcpy(&size, *p, 4);
	if (size > (uint64_t)(end - *p) - 4)
		return -EINVAL;
	r->size = size;
	r->data = (const unsigned char *)*p + 4;
	*p += (4 + (uint64_t)size + 7) & ~7ULL;
	if (*p > end)
		*p = end;
	return 0;
}

static int sample__skip_branch_stack(const char **p, const char *end,
				     const struct perf_event_attr *attr)
{
	const unsigned char *entries;
	uint64_t nr, hw_idx;

	if (take_u64(p, end, &nr))
		return -EINVAL;
	if ((attr->branch_sample_type & PERF_SAMPLE_BRANCH_HW_INDEX) && take_u64(p, end, &hw_idx))
		return -EINVAL;
	/* Each entry is from, to and a u64 of flags. */
	if (nr > (uint64_t)(end - *p) / 24)
		return -EINVAL;
	return take_array(p, end, nr * 3, &entries);
}

static int sample__parse_stack(struct sample_stack *st, const char **p, const char *end)
{
	if (take_u64(p, end, &st->size) || (uint64_t)(end - *p) < st->size)
		return -EINVAL;
	if (!st->size)
		return 0;
	st->data = (const unsigned char *)*p;
	*p += st->size;
	/* dyn_size follows only a non-empty dump, and never exceeds it. */
	if (take_u64(p, end, &st->dyn_size))
		return -EINVAL;
	if (st->dyn_size > st->size)
		st->dyn_size = st->size;
	return 0;
}

/* The fields after READ, in the kernel's order. */
static int sample__parse_tail(struct perf_sample *s, const char *p, const char *end,
			      const struct perf_event_attr *attr)
{
	uint64_t type = attr->sample_type;

	if ((type & PERF_SAMPLE_CALLCHAIN) &&
	    (take_u64(&p, end, &s->callchain.nr) ||
	     take_array(&p, end, s->callchain.nr, &s->callchain.ips)))
		return -EINVAL;
	if ((type & PERF_SAMPLE_RAW) && sample__parse_raw(&s->raw, &p, end))
		return -EINVAL;
	if ((type & PERF_SAMPLE_BRANCH_STACK) && sample__skip_branch_stack(&p, end, attr))
		return -EINVAL;
	if (type & PERF_SAMPLE_REGS_USER) {
		if (take_u64(&p, end, &s->user_regs.abi))
			return -EINVAL;
		if (s->user_regs.abi) {
			s->user_regs.mask = attr->sample_regs_user;
			if (take_array(&p, end, __builtin_popcountll(s->user_regs.mask),
				       &s->user_regs.regs))
				return -EINVAL;
		}
	}
	if ((type & PERF_SAMPLE_STACK_USER) && sample__parse_stack(&s->user_stack, &p, end))
		return -EINVAL;
	return 0;
}

#define SAMPLE_TAIL	(PERF_SAMPLE_CALLCHAIN | PERF_SAMPLE_RAW | PERF_SAMPLE_BRANCH_STACK | \
			 PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER)

int perf_sample__parse_attr(struct perf_sample *s, const union perf_event *ev,
			    const struct perf_event_attr *attr)
{
	struct perf_event_header h;
	const char *p, *end;
	int err;

	err = sample__parse_leading(s, ev, attr->sample_type, &p);
	if (err || !(attr->sample_type & (PERF_SAMPLE_READ | SAMPLE_TAIL)))
		return err;
	memcpy(&h, ev, sizeof(h));
	end = (const char *)ev + h.size;
	if (attr->sample_type & PERF_SAMPLE_READ) {
		err = sample__parse_read(&s->read, &p, end, attr->read_format);
		if (err) {
			memset(&s->read, 0, sizeof(s->read));
			return err;
		}
	}
	if (!(attr->sample_type & SAMPLE_TAIL))
		return 0;
	err = sample__parse_tail(s, p, end, attr);
	if (err) {
		memset(&s->callchain, 0, sizeof(s->callchain));
		memset(&s->user_regs, 0, sizeof(s->user_regs));
		memset(&s->user_stack, 0, sizeof(s->user_stack));
	}
	return err;
}
