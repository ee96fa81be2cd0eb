// SPDX-License-Identifier: GPL-2.0
/*
 * The reader: walks the records of a perf.data from its source, through
 * a window of two read buffers, and hands them to the consumer thread in
 * time order.  Compressed records are expanded on the way; records that
 * cannot be used where they lie are copied.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "big-alloc.h"
#include "header-records.h"
#include "reader.h"
#include "record-pipe.h"
#include "session.h"
#include "util.h"

#define WINDOW_SIZE	(8ULL << 20)	/* the data is read this much at a time */
#define COPIES_SIZE	(4ULL << 20)
/* Small files and streams start small: a report of a few records allocates little. */
#define STORE_START	(64ULL << 10)
#define PREFETCH_AHEAD	1024		/* bytes ahead of the record being read */
/*
 * perf record's ring is at most what one COMPRESSED record expands to;
 * HEADER_COMPRESSED says how large it was.  Without it, this much.
 */
#define DECOMP_DEFAULT	(64ULL << 20)
#define DECOMP_MIN	(1ULL << 16)	/* a record's size is a u16: one always fits */

int reader__init(struct reader *rd, uint64_t off, uint64_t end)
{
	rd->win.id = 0;
	rd->copies.id = 2;
	/* A file's window need not be larger than the file's data. */
	if (end != UINT64_MAX)
		rd->win.floor = min(WINDOW_SIZE, PERF_ALIGN(end - min(off, end), STORE_START));
	rd->off = off;
	rd->end = end;
	rd->decomp_limit = DECOMP_DEFAULT;
	return 0;
}

static void rec_store__exit(struct rec_store *st)
{
	big_free(st->buf[0], st->cap[0]);
	big_free(st->buf[1], st->cap[1]);
	memset(st->buf, 0, sizeof(st->buf));
}

void reader__exit(struct reader *rd)
{
	rec_store__exit(&rd->win);
	rec_store__exit(&rd->copies);
	big_free(rd->stage, rd->stage_cap);
	rd->stage = NULL;
	rd->stage_cap = 0;
	zstd__exit(&rd->zstd);
	ordered_events__exit(&rd->oe);
}

static unsigned int rec_store__bit(const struct rec_store *st)
{
	return 1U << (st->id + st->cur);
}

/* Sends the batch being filled (if the consumer runs yet). */
static int reader__send(struct reader *rd)
{
	int err;

	if (!rd->pipe)
		return 0;
	err = record_pipe__send(rd->pipe, rd->batch_bufs);
	rd->batch_bufs = 0;
	return err;
}

/*
 * Moves to @st's other buffer, keeping its bytes from @keep (NULL:
 * none) on, in a buffer of at least @min_cap bytes.  Queued records
 * there move along.  The other buffer is reused only once the consumer
 * is done with every batch that points into it.  Returns 0 or -errno.
 */
static int rec_store__switch(struct reader *rd, struct rec_store *st, const char *keep,
			     size_t min_cap)
{
	size_t most = st == &rd->win ? WINDOW_SIZE : COPIES_SIZE;
	int other = !st->cur, err;
	const char *old = st->buf[st->cur];
	size_t live = keep ? st->len - (keep - old) : 0, cap = st->cap[other];

	err = reader__send(rd);
	if (!err && rd->pipe)
		err = record_pipe__wait_buffer(rd->pipe, st->id + other);
	if (err)
		return err;
	if (min_cap > SIZE_MAX / 4)
		return -ENOMEM;
	if (!st->floor)
		st->floor = STORE_START;
	while (cap < min_cap || cap < st->floor)
		cap = cap ? cap * 2 : st->floor;
	/* The next switch may double the buffers, up to @most: streams grow into their size. */
	st->floor = min(st->floor * 2, most);
	if (cap != st->cap[other]) {
		big_free(st->buf[other], st->cap[other]);
		st->buf[other] = big_alloc(cap);
		st->cap[other] = st->buf[other] ? cap : 0;
		if (!st->buf[other])
			return -ENOMEM;
	}
	if (live) {
		memcpy(st->buf[other], keep, live);
		ordered_events__relocate(&rd->oe, keep, old + st->len, st->buf[other]);
	}
	st->cur = other;
	st->len = live;
	return 0;
}

/*
 * Makes @need bytes readable at the window's position, reading more of
 * the source.  Returns 0, -EIO if the records end first, or -errno.
 */
static int reader__fill(struct perf_session *s, size_t need)
{
	struct reader *rd = &s->rd;
	struct rec_store *w = &rd->win;
	const char *base = w->buf[w->cur];
	ssize_t n;
	int err;

	if (w->len - rd->pos >= need)
		return 0;
	if (!base || w->cap[w->cur] - rd->pos < need) {
		/* Keep what is still queued, and the record being read. */
		const char *keep = base ? ordered_events__lowest(&rd->oe, base, base + rd->pos) : NULL;
		size_t shift = keep ? (size_t)(keep - base) : 0;

		err = rec_store__switch(rd, w, keep, rd->pos - shift + need);
		if (err)
			return err;
		rd->pos -= shift;
	}
	while (w->len - rd->pos < need) {
		n = source__read(&rd->src, w->buf[w->cur] + w->len, w->cap[w->cur] - w->len);
		if (n < 0)
			return n;
		if (!n)
			return -EIO;
		w->len += n;
	}
	return 0;
}

int reader__peek(struct perf_session *s, const char **ev, uint32_t *size)
{
	struct reader *rd = &s->rd;
	struct perf_event_header h;
	int err;

	if (rd->off >= rd->end)
		return 0;
	if (rd->stop) {
		rd->stats.stopped_at = rd->off;
		return 0;
	}
	err = reader__fill(s, sizeof(h));
	if (err == -EIO && rd->win.len == rd->pos)
		return 0;	/* the records end between two of them */
	if (err)
		goto short_read;
	memcpy(&h, rd->win.buf[rd->win.cur] + rd->pos, sizeof(h));
	if (h.size < sizeof(h))
		return session_err(s, rd->off, "record of type %u has size %u, less than its header",
				  h.type, h.size);
	err = reader__fill(s, h.size);
	if (err)
		goto short_read;
	*ev = rd->win.buf[rd->win.cur] + rd->pos;
	*size = h.size;
	if (rd->pos + PREFETCH_AHEAD < rd->win.len)
		__builtin_prefetch(*ev + PREFETCH_AHEAD);
	return 1;
short_read:
	if (err != -EIO)
		return err;
	if (rd->end != UINT64_MAX && !s->header.data_size_unknown)
		return session_err(s, rd->off, "record runs past the end of the data section "
				  "(ends at %" PRIu64 ")", rd->end);
	/* A stream or a file whose writer was stopped: keep what is whole. */
	rd->stats.truncated_at = rd->off;
	return 0;
}

int reader__advance(struct perf_session *s, uint32_t size, uint64_t payload)
{
	struct reader *rd = &s->rd;
	size_t avail;
	int err;

	rd->pos += size;
	rd->off += size;
	if (!payload)
		return 0;
	if (payload > rd->end - min(rd->off, rd->end))
		return session_err(s, rd->off - size, "payload of %" PRIu64 " bytes runs past the "
				  "end of the data", payload);
	avail = rd->win.len - rd->pos;
	if (payload <= avail) {
		rd->pos += payload;
	} else {
		rd->pos = rd->win.len;
		err = source__skip(&rd->src, payload - avail);
		if (err == -EIO)
			return session_err(s, rd->off - size, "payload of %" PRIu64 " bytes is cut "
					  "short", payload);
		if (err)
			return err;
	}
	rd->off += payload;
	return 0;
}

int reader__read(struct perf_session *s, void *dst, size_t len)
{
	struct reader *rd = &s->rd;
	int err;

	while (len) {
		size_t n = min(len, (size_t)WINDOW_SIZE / 2);

		err = reader__fill(s, n);
		if (err == -EIO)
			return session_err(s, rd->off, "the data end %zu bytes early", len);
		if (err)
			return err;
		memcpy(dst, rd->win.buf[rd->win.cur] + rd->pos, n);
		dst = (char *)dst + n;
		rd->pos += n;
		rd->off += n;
		len -= n;
	}
	return 0;
}

/* An aligned copy of @ev that lives until the consumer is done with it. */
static const char *reader__copy(struct reader *rd, const char *ev, uint32_t size)
{
	struct rec_store *c = &rd->copies;
	size_t len = PERF_ALIGN((size_t)size, 8);
	char *p;

	if (!c->buf[c->cur] || c->cap[c->cur] - c->len < len) {
		const char *base = c->buf[c->cur];
		const char *keep = base ? ordered_events__lowest(&rd->oe, base, base + c->len) : NULL;
		size_t live = keep ? c->len - (keep - base) : 0;

		/* @ev never lies in the copies: it is in the window or the stage. */
		if (rec_store__switch(rd, c, live ? keep : NULL, live + len))
			return NULL;
	}
	p = c->buf[c->cur] + c->len;
	memcpy(p, ev, size);
	/* The consumer reads fields past a short record's end only if it is malformed. */
	memset(p + size, 0, len - size);
	c->len += len;
	return p;
}

/* Where the time of a record sits, for ordering; 0 if it has none. */
static uint64_t reader__time(struct perf_session *s, const union perf_event *ev)
{
	uint64_t type = s->header.attrs[0].attr.sample_type, t = 0;
	struct perf_sample sample;
	size_t n, off;

	if (ev->header.type == PERF_RECORD_SAMPLE && s->sample_time_off > 0) {
		if (ev->header.size >= s->sample_time_off + 8)
			memcpy(&t, (const char *)ev + s->sample_time_off, 8);
		return t;	/* too short: delivery counts it as malformed */
	}
	if (ev->header.type == PERF_RECORD_SAMPLE) {
		const struct perf_header_attr *attr = perf_session__attr(s, perf_session__event_id(s, ev));

		if (attr)
			type = attr->attr.sample_type;
		return perf_sample__parse(&sample, ev, type) ? 0 : sample.time;
	}
	/* Other records: the sample_id_all trailer. */
	n = perf_sample_id_size(type);
	if (ev->header.size < sizeof(ev->header) + n)
		return 0;
	off = ev->header.size - n + ((type & PERF_SAMPLE_TID) ? 8 : 0);
	memcpy(&t, (const char *)ev + off, 8);
	return t;
}

static int reader__push(struct reader *rd, const char *ev, uint64_t off)
{
	const struct rec_store *c = &rd->copies;

	if (c->buf[c->cur] && ev >= c->buf[c->cur] && ev < c->buf[c->cur] + c->cap[c->cur])
		rd->batch_bufs |= rec_store__bit(c);
	else
		rd->batch_bufs |= rec_store__bit(&rd->win);
	return record_pipe__push(rd->pipe, (const union perf_event *)ev, off);
}

/*
 * A record for the consumer: queued by time in an ordered file, else
 * sent at once.  @copy: @ev will not stay where it is (the stage).
 */
static int reader__deliver(struct perf_session *s, const char *ev, uint32_t size, uint64_t off,
			   bool copy)
{
	struct reader *rd = &s->rd;

	if (copy || ((uintptr_t)ev & 7)) {
		ev = reader__copy(rd, ev, size);
		if (!ev)
			return -ENOMEM;
	}
	if (!s->ordered)
		return reader__push(rd, ev, off);
	return ordered_events__queue(&rd->oe, (const union perf_event *)ev,
				     reader__time(s, (const union perf_event *)ev), off);
}

/* A record without a time, for the consumer now. */
static int reader__deliver_now(struct perf_session *s, const char *ev, uint32_t size,
			       uint64_t off, bool copy)
{
	struct reader *rd = &s->rd;

	if (copy || ((uintptr_t)ev & 7)) {
		ev = reader__copy(rd, ev, size);
		if (!ev)
			return -ENOMEM;
	}
	return reader__push(rd, ev, off);
}

/* Sends the queued records up to time @limit to the consumer, in time order. */
static int reader__flush(struct reader *rd, uint64_t limit)
{
	struct ordered_events *oe = &rd->oe;
	size_t i;
	int err = 0;

	ordered_events__sort(oe);
	for (i = oe->head; i < oe->nr && oe->q[i].time <= limit; i++) {
		err = reader__push(rd, (const char *)oe->q[i].ev, oe->q[i].off);
		if (err)
			break;
	}
	ordered_events__drop(oe, i);
	return err ? err : reader__send(rd);
}

static int reader__round(struct perf_session *s)
{
	struct reader *rd = &s->rd;
	int err;

	if (!s->ordered)
		return 0;
	err = reader__flush(rd, rd->oe.next_flush);
	rd->oe.next_flush = rd->oe.max_time;
	return err;
}

static int reader__lost(struct perf_session *s, const char *ev, uint32_t size, uint64_t off)
{
	struct perf_record_lost l;

	if (size < sizeof(l))
		return session_err(s, off, "LOST record of size %u is too short", size);
	memcpy(&l, ev, sizeof(l));
	s->rd.stats.nr_lost += l.lost;
	s->rd.stats.nr_lost_records++;
	return 0;
}

static int reader__lost_samples(struct perf_session *s, const char *ev, uint32_t size,
				uint64_t off)
{
	struct perf_record_lost_samples l;

	if (size < sizeof(l))
		return session_err(s, off, "LOST_SAMPLES record of size %u is too short", size);
	memcpy(&l, ev, sizeof(l));
	s->rd.stats.nr_lost_samples += l.lost;
	return 0;
}

static int reader__record(struct perf_session *s, const char *ev, uint32_t size, uint64_t off,
			  bool nested, uint64_t *payload);

/* Walks the whole records of the stage; a partial one is kept for the next. */
static int reader__walk_stage(struct perf_session *s, uint64_t off)
{
	struct reader *rd = &s->rd;
	size_t p = 0;
	int err = 0;

	while (rd->stage_len - p >= sizeof(struct perf_event_header)) {
		struct perf_event_header h;
		uint64_t payload = 0;

		memcpy(&h, rd->stage + p, sizeof(h));
		if (h.size < sizeof(h))
			return session_err(s, off, "compressed data hold a record of type %u and "
					  "size %u, less than its header", h.type, h.size);
		if (h.size > rd->stage_len - p)
			break;
		rd->stats.nr_records++;
		err = reader__record(s, rd->stage + p, h.size, off, true, &payload);
		if (err)
			return err;
		if (payload)
			return session_err(s, off, "compressed data hold a record of type %u with "
					  "a payload", h.type);
		p += h.size;
	}
	memmove(rd->stage, rd->stage + p, rd->stage_len - p);
	rd->stage_len -= p;
	return 0;
}

static int reader__decompress(struct perf_session *s, const char *ev, uint32_t size,
			      uint64_t off)
{
	struct reader *rd = &s->rd;
	struct perf_event_header h;
	size_t hdr = sizeof(h), len, limit = max(rd->decomp_limit, (size_t)DECOMP_MIN);
	ssize_t n;

	memcpy(&h, ev, sizeof(h));
	len = size - hdr;
	if (h.type == PERF_RECORD_COMPRESSED2) {
		uint64_t data_size;

		if (size < sizeof(struct perf_record_compressed2))
			return session_err(s, off, "COMPRESSED2 record of size %u is too short", size);
		memcpy(&data_size, ev + hdr, sizeof(data_size));
		hdr = sizeof(struct perf_record_compressed2);
		if (data_size > size - hdr)
			return session_err(s, off, "COMPRESSED2 record of size %u says it holds %"
					  PRIu64 " bytes", size, data_size);
		len = data_size;
	}
	if (rd->comp_method > PERF_COMP_ZSTD)
		return session_err(s, off, "data compressed with method %u; only zstd (1) is known",
				  rd->comp_method);
	if (!rd->zstd.dstream && zstd__init_decompress(&rd->zstd))
		return -ENOMEM;
	/*
	 * The limit comes from the file (up to 4 GB): like perf, reserve it
	 * as address space, which only the bytes zstd writes turn into memory.
	 */
	if (rd->stage_cap < rd->stage_len + limit) {
		char *p = big_realloc(rd->stage, rd->stage_cap, rd->stage_len + limit);

		if (!p)
			return -ENOMEM;
		rd->stage = p;
		rd->stage_cap = rd->stage_len + limit;
	}
	n = zstd__decompress(&rd->zstd, ev + hdr, len, rd->stage + rd->stage_len, limit);
	if (n == -E2BIG)
		return session_err(s, off, "compressed record expands to more than the %zu bytes "
				  "its writer's buffer held", limit);
	if (n < 0)
		return session_err(s, off, "compressed record holds no valid zstd data");
	rd->stage_len += n;
	rd->stats.nr_compressed++;
	return reader__walk_stage(s, off);
}

/* Known types this tool has no use for. */
static bool record_type_known(uint32_t type)
{
	return type < PERF_RECORD_MAX ||
	       (type >= PERF_RECORD_USER_TYPE_START && type < PERF_RECORD_HEADER_MAX);
}

static void reader__unknown(struct reader *rd, uint32_t type)
{
	rd->stats.nr_unknown++;
	rd->stats.unknown_types[min(type, (uint32_t)STATS_TYPES - 1)]++;
}

/*
 * One record.  *@payload is set to the bytes that follow it outside its
 * size (AUXTRACE, TRACING_DATA).  @nested: it came out of compressed data.
 */
static int reader__record(struct perf_session *s, const char *ev, uint32_t size, uint64_t off,
			  bool nested, uint64_t *payload)
{
	struct perf_event_header h;

	memcpy(&h, ev, sizeof(h));
	switch (h.type) {
	case PERF_RECORD_SAMPLE:
		s->rd.stats.nr_sample_records++;
		/* fall through */
	case PERF_RECORD_MMAP:
	case PERF_RECORD_MMAP2:
	case PERF_RECORD_COMM:
	case PERF_RECORD_FORK:
	case PERF_RECORD_KSYMBOL:
		return reader__deliver(s, ev, size, off, nested);
	case PERF_RECORD_LOST:
		return reader__lost(s, ev, size, off);
	case PERF_RECORD_LOST_SAMPLES:
		return reader__lost_samples(s, ev, size, off);
	case PERF_RECORD_FINISHED_ROUND:
		return reader__round(s);
	case PERF_RECORD_COMPRESSED:
	case PERF_RECORD_COMPRESSED2:
		if (nested)
			return session_err(s, off, "compressed data hold another compressed record");
		return reader__decompress(s, ev, size, off);
	case PERF_RECORD_AUXTRACE:
		return header_records__auxtrace(s, ev, size, off, payload);
	case PERF_RECORD_HEADER_TRACING_DATA:
		return header_records__tracing_data(s, ev, size, off, payload);
	case PERF_RECORD_HEADER_BUILD_ID:
		/*
		 * Pipe mode (perf inject -b): a build-id for the DSOs of what
		 * follows.  It has no time: it goes to the consumer at once,
		 * ahead of what waits in the queue, as perf applies it.
		 */
		if (header_records__check_build_id(s, ev, size, off))
			return -EINVAL;
		return reader__deliver_now(s, ev, size, off, nested);
	case PERF_RECORD_EVENT_UPDATE:
		return header_records__event_update(s, ev, size, off);
	case PERF_RECORD_HEADER_ATTR:
	case PERF_RECORD_HEADER_FEATURE:
		/* The attrs and features were settled when the file was opened. */
		s->rd.stats.nr_ignored++;
		return 0;
	default:
		if (!record_type_known(h.type))
			reader__unknown(&s->rd, h.type);
		return 0;
	}
}

int reader__run(struct perf_session *s)
{
	struct reader *rd = &s->rd;
	const char *ev;
	uint32_t size;
	int ret;

	for (;;) {
		uint64_t payload = 0;

		ret = reader__peek(s, &ev, &size);
		if (ret <= 0)
			break;
		rd->stats.nr_records++;
		ret = reader__record(s, ev, size, rd->off, false, &payload);
		if (!ret)
			ret = reader__advance(s, size, payload);
		if (ret)
			return ret;
	}
	if (ret)
		return ret;
	if (rd->stage_len)
		return session_err(s, rd->off, "compressed data end inside a record");
	return s->ordered ? reader__flush(rd, UINT64_MAX) : reader__send(rd);
}
