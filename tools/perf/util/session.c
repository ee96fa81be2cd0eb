// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "big-alloc.h"
#include "debug.h"
#include "record-pipe.h"
#include "session.h"
#include "session-read.h"
#include "util.h"

#define WINDOW_SIZE	(8ULL << 20)	/* the data section is read this much at a time */
#define PREFETCH_AHEAD	1024		/* bytes ahead of the record being read */
#define CONSUME_AHEAD	8		/* records ahead of the one being delivered */

struct queued_event {
	uint64_t time;
	const union perf_event *ev;
};

#define session_err(s, off, fmt, ...) \
	({ snprintf((s)->err, sizeof((s)->err), "offset %" PRIu64 ": " fmt, (uint64_t)(off), \
		    ##__VA_ARGS__); -EINVAL; })

/* File offset of a record in the data window. */
static uint64_t session__ev_off(const struct perf_session *s, const union perf_event *ev)
{
	return s->win_off + ((const char *)ev - s->win);
}

/* Where the id sits: in a sample (from the front) and in a record's trailer (from the end). */
static void id_positions(uint64_t type, int *front, int *from_end)
{
	*front = *from_end = -1;
	if (type & PERF_SAMPLE_IDENTIFIER) {
		*front = 0;
		*from_end = 1;
	} else if (type & PERF_SAMPLE_ID) {
		*front = !!(type & PERF_SAMPLE_IP) + !!(type & PERF_SAMPLE_TID) +
			 !!(type & PERF_SAMPLE_TIME) + !!(type & PERF_SAMPLE_ADDR);
		*from_end = 1 + !!(type & PERF_SAMPLE_STREAM_ID) + !!(type & PERF_SAMPLE_CPU);
	}
}

/* Where TIME sits in a sample of @type: after the header and IDENTIFIER, IP, TID. */
static int sample_time_offset(uint64_t type)
{
	if (!(type & PERF_SAMPLE_TIME))
		return -1;
	return sizeof(struct perf_event_header) + 8 * (!!(type & PERF_SAMPLE_IDENTIFIER) +
		!!(type & PERF_SAMPLE_IP) + !!(type & PERF_SAMPLE_TID));
}

static int session__check_attrs(struct perf_session *s)
{
	const struct perf_header_attr *a = s->header.attrs;
	int i, front, from_end;

	id_positions(a[0].attr.sample_type, &s->id_pos, &s->id_from_end);
	for (i = 1; i < s->header.nr_attrs; i++) {
		id_positions(a[i].attr.sample_type, &front, &from_end);
		if (front != s->id_pos || front < 0 ||
		    (a[i].attr.sample_id_all && from_end != s->id_from_end))
			return session_err(s, s->header.file.attrs.offset,
					   "events %d and 0 place their sample ids differently", i);
	}
	s->ordered = true;
	for (i = 0; i < s->header.nr_attrs; i++)
		if (!(a[i].attr.sample_type & PERF_SAMPLE_TIME) || !a[i].attr.sample_id_all)
			s->ordered = false;
	s->sample_time_off = sample_time_offset(a[0].attr.sample_type);
	for (i = 1; i < s->header.nr_attrs; i++)
		if (sample_time_offset(a[i].attr.sample_type) != s->sample_time_off)
			s->sample_time_off = -1;
	return 0;
}

/* Feeds the header's build-ids to the machines, so symbols are checked against them. */
static int session__read_build_ids(struct perf_session *s)
{
	const struct perf_file_section *sec = &s->header.feat[HEADER_BUILD_ID];
	uint64_t off = sec->offset, end = sec->offset + sec->size;

	if (!perf_header__has_feat(&s->header, HEADER_BUILD_ID))
		return 0;
	while (off + sizeof(struct perf_record_build_id) <= end) {
		struct perf_record_build_id b;
		const char *name;
		size_t size;

		memcpy(&b, s->base + off, sizeof(b));
		if (b.header.size < sizeof(b) || b.header.size > end - off)
			return session_err(s, off, "build-id entry of size %u does not fit its section",
					   b.header.size);
		name = s->base + off + sizeof(b);
		if (!memchr(name, '\0', b.header.size - sizeof(b)))
			return session_err(s, off, "build-id entry's file name is not terminated");
		size = (b.header.misc & PERF_RECORD_MISC_BUILD_ID_SIZE) ? b.size : BUILD_ID_SIZE;
		if (size > BUILD_ID_SIZE)
			return session_err(s, off, "build-id of %zu bytes", size);
		if (machines__set_build_id(&s->machines, b.pid,
					   b.header.misc & PERF_RECORD_MISC_CPUMODE_MASK,
					   name, b.build_id, size))
			return -ENOMEM;
		off += b.header.size;
	}
	return 0;
}

int perf_session__open(struct perf_session *s, const char *path, const struct guest_config *cfg)
{
	struct stat st;
	void *p;
	int err;

	memset(s, 0, sizeof(*s));
	s->path = path;
	s->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (s->fd < 0)
		return -errno;
	if (fstat(s->fd, &st))
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	s->size = st.st_size;
	if (!s->size)
		return session_err(s, 0, "the file is empty");
	p = mmap(NULL, s->size, PROT_READ, MAP_PRIVATE, s->fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	s->base = p;
	err = machines__init(&s->machines, cfg);
	if (err)
		return err;
	err = perf_header__read(&s->header, s->base, s->size, s->err, sizeof(s->err));
	if (err)
		return err;
	err = session__check_attrs(s);
	if (!err)
		err = session__read_build_ids(s);
	if (!err && perf_header__decode_event_desc(&s->header, s->base))
		pr_warning("%s: the event description section is malformed; names are guessed\n",
			   path);
	if (!err && perf_header__decode_group_desc(&s->header, s->base))
		pr_warning("%s: the event group section is malformed; showing no groups\n", path);
	if (!err && s->header.data_size_unknown)
		pr_warning("%s: the header says the data size is 0 (was perf record killed?); "
			   "reading up to the end of the file\n", path);
	return err;
}

void perf_session__close(struct perf_session *s)
{
	if (s->base)
		munmap((void *)s->base, s->size);
	if (s->fd > 0)
		close(s->fd);
	perf_header__exit(&s->header);
	machines__exit(&s->machines);
	free(s->queue);
	free(s->queue_tmp);
	sample_reads__free(s->reads);
	s->reads = NULL;
	big_free(s->win, s->win_cap);
	big_free(s->spare, s->spare_cap);
	s->base = NULL;
	s->fd = -1;
}

const struct perf_header_attr *perf_session__attr(struct perf_session *s, uint64_t id)
{
	int i;
	uint32_t j;

	if (s->header.nr_attrs == 1 || !id)
		return &s->header.attrs[0];
	for (i = 0; i < s->header.nr_attrs; i++)
		for (j = 0; j < s->header.attrs[i].nr_ids; j++)
			if (s->header.attrs[i].ids[j] == id)
				return &s->header.attrs[i];
	return NULL;
}

/* The id of a record, from the place sample_type gives it. */
static uint64_t event__id(struct perf_session *s, const union perf_event *ev)
{
	uint64_t id = 0;
	size_t off;

	if (ev->header.type == PERF_RECORD_SAMPLE) {
		if (s->id_pos < 0)
			return 0;
		off = sizeof(ev->header) + s->id_pos * 8;
	} else {
		if (s->id_from_end < 0 || !s->header.attrs[0].attr.sample_id_all)
			return 0;
		off = ev->header.size - s->id_from_end * 8;
		if (ev->header.size < sizeof(ev->header) + s->id_from_end * 8)
			return 0;
	}
	if (off + 8 <= ev->header.size)
		memcpy(&id, (const char *)ev + off, 8);
	return id;
}

/* The time of a non-sample record, from its sample_id_all trailer. */
static uint64_t event__trailer_time(const union perf_event *ev, uint64_t type)
{
	size_t n = perf_sample_id_size(type), off;
	uint64_t t = 0;

	if (ev->header.size < sizeof(ev->header) + n)
		return 0;
	off = ev->header.size - n + ((type & PERF_SAMPLE_TID) ? 8 : 0);
	memcpy(&t, (const char *)ev + off, 8);
	return t;
}

static int session__deliver_sample(struct perf_session *s, struct perf_tool *tool,
				   const union perf_event *ev)
{
	const struct perf_header_attr *attr = s->header.nr_attrs == 1 ? s->header.attrs :
					      perf_session__attr(s, event__id(s, ev));
	struct perf_sample sample;

	if (!attr) {
		s->stats.nr_bad_samples++;
		return 0;
	}
	if (perf_sample__parse_attr(&sample, ev, &attr->attr)) {
		s->stats.nr_bad_samples++;
		return 0;
	}
	if (!(attr->attr.sample_type & PERF_SAMPLE_PERIOD))
		sample.period = attr->attr.freq ? 1 : attr->attr.sample_period;
	s->stats.nr_samples++;
	if (attr->attr.sample_type & PERF_SAMPLE_READ)
		return session__deliver_read(s, tool, &sample);
	return tool->sample ? tool->sample(tool, s, &sample, attr) : 0;
}

/*
 * Runs on the consumer's side of the pipe, so its message goes to its own
 * buffer: the reader may be writing ->err meanwhile.
 */
static int session__deliver(struct perf_session *s, struct perf_tool *tool,
			    const union perf_event *ev, uint64_t off)
{
	int err;

	if (ev->header.type == PERF_RECORD_SAMPLE)
		return session__deliver_sample(s, tool, ev);
	err = machines__process_event(&s->machines, ev);
	if (err == -EINVAL)
		snprintf(s->deliver_err, sizeof(s->deliver_err),
			 "offset %" PRIu64 ": malformed record of type %u, size %u", off,
			 ev->header.type, ev->header.size);
	return err;
}

static inline bool queued_before(const struct queued_event *x, const struct queued_event *y)
{
	/* Same time: file order, which is the order of the records in the mapping. */
	return x->time < y->time || (x->time == y->time && x->ev < y->ev);
}

/* Merges the sorted runs [a, b) and [b, c) of @src into @dst. */
static void merge_runs(const struct queued_event *src, struct queued_event *dst,
		       size_t a, size_t b, size_t c)
{
	size_t i = a, j = b, k = a;

	while (i < b && j < c)
		dst[k++] = queued_before(&src[j], &src[i]) ? src[j++] : src[i++];
	while (i < b)
		dst[k++] = src[i++];
	while (j < c)
		dst[k++] = src[j++];
}

/* The end of the ascending run that starts at @i. */
static size_t run_end(const struct queued_event *q, size_t i, size_t n)
{
	while (i + 1 < n && !queued_before(&q[i + 1], &q[i]))
		i++;
	return i + 1;
}

/*
 * Sorts the waiting records by time.  They arrive as a few ascending
 * runs (one per ring per round, plus what the last flush left), so a
 * natural merge sort does it in a few linear passes.
 */
static void session__sort_queue(struct perf_session *s)
{
	struct queued_event *q = s->queue + s->queue_head, *t = s->queue_tmp, *swap;
	size_t n = s->nr_queued - s->queue_head;
	bool in_tmp = false;

	if (n < 2)
		return;
	for (;;) {
		size_t a = 0, runs = 0;

		while (a < n) {
			size_t b = run_end(q, a, n), c = b < n ? run_end(q, b, n) : n;

			merge_runs(q, t, a, b, c);
			a = c;
			runs++;
		}
		swap = q;
		q = t;
		t = swap;
		in_tmp = !in_tmp;
		if (runs <= 1)
			break;
	}
	if (in_tmp)
		memcpy(s->queue + s->queue_head, q, n * sizeof(*q));
}

/* Sends the queued records up to time @limit to the consumer, in time order. */
static int session__flush(struct perf_session *s, uint64_t limit)
{
	size_t i;
	int err = 0;

	session__sort_queue(s);
	for (i = s->queue_head; i < s->nr_queued && s->queue[i].time <= limit; i++) {
		err = record_pipe__push(s->pipe, s->queue[i].ev, session__ev_off(s, s->queue[i].ev));
		if (err)
			break;
	}
	if (!err)
		err = record_pipe__send(s->pipe, s->win_buf);
	s->queue_head = i;
	if (s->queue_head == s->nr_queued)
		s->queue_head = s->nr_queued = 0;
	return err;
}

static int session__queue(struct perf_session *s, const union perf_event *ev, uint64_t time)
{
	struct queued_event *q, *t;

	if (s->nr_queued == s->queue_alloc && s->queue_head) {
		/* Reuse the room of what was delivered before growing. */
		memmove(s->queue, s->queue + s->queue_head,
			(s->nr_queued - s->queue_head) * sizeof(*s->queue));
		s->nr_queued -= s->queue_head;
		s->queue_head = 0;
	}
	if (s->nr_queued == s->queue_alloc) {
		size_t alloc = s->queue_alloc ? s->queue_alloc * 2 : 65536;

		q = realloc(s->queue, alloc * sizeof(*q));
		if (!q)
			return -ENOMEM;
		s->queue = q;
		t = realloc(s->queue_tmp, alloc * sizeof(*t));
		if (!t)
			return -ENOMEM;
		s->queue_tmp = t;
		s->queue_alloc = alloc;
	}
	s->queue[s->nr_queued].time = time;
	s->queue[s->nr_queued++].ev = ev;
	if (time > s->max_time)
		s->max_time = time;
	return 0;
}

/* Queues a record for time-ordered delivery, or sends it now in an unordered file. */
static int session__handle(struct perf_session *s, const union perf_event *ev)
{
	uint64_t type = s->header.attrs[0].attr.sample_type, time;
	struct perf_sample sample;

	if (!s->ordered)
		return record_pipe__push(s->pipe, ev, session__ev_off(s, ev));
	if (ev->header.type == PERF_RECORD_SAMPLE && s->sample_time_off > 0) {
		if (ev->header.size < s->sample_time_off + 8)
			time = 0;	/* delivery will count it as malformed */
		else
			memcpy(&time, (const char *)ev + s->sample_time_off, 8);
	} else if (ev->header.type == PERF_RECORD_SAMPLE) {
		const struct perf_header_attr *attr = perf_session__attr(s, event__id(s, ev));

		if (attr)
			type = attr->attr.sample_type;
		time = perf_sample__parse(&sample, ev, type) ? 0 : sample.time;
	} else {
		time = event__trailer_time(ev, type);
	}
	return session__queue(s, ev, time);
}


/*
 * Makes [@off, @off + @len) of the file readable in the data window.
 * What is still queued stays; everything before it and @off is dropped,
 * so the window holds about one round, whatever the file's size.  The
 * new window is the other of the two read buffers, once the consumer no
 * longer reads records in it.  Returns 0, -ENOMEM, -ECANCELED, or -EIO
 * when the file ends early.
 */
static int session__window(struct perf_session *s, uint64_t off, uint64_t len, uint64_t end)
{
	uint64_t keep = off, live, shift, want;
	size_t i, cap = s->spare_cap;
	char *win = s->spare, *swap;
	ssize_t n;
	int err;

	err = record_pipe__send(s->pipe, s->win_buf);
	if (!err)
		err = record_pipe__wait_buffer(s->pipe, !s->win_buf);
	if (err)
		return err;
	for (i = s->queue_head; i < s->nr_queued; i++)
		keep = min(keep, session__ev_off(s, s->queue[i].ev));
	/* An empty window, or one entirely behind us (unordered files), keeps nothing. */
	shift = keep - s->win_off;
	live = shift < s->win_len ? s->win_len - shift : 0;
	want = off + len - keep;
	while (cap < want || cap < WINDOW_SIZE)
		cap = cap ? cap * 2 : WINDOW_SIZE;
	if (cap != s->spare_cap) {
		big_free(s->spare, s->spare_cap);
		win = s->spare = big_alloc(cap);
		s->spare_cap = win ? cap : 0;
		if (!win)
			return -ENOMEM;
	}
	if (live)
		memcpy(win, s->win + shift, live);
	/* Queued records move with their bytes. */
	for (i = s->queue_head; i < s->nr_queued; i++)
		s->queue[i].ev = (const void *)(win + ((const char *)s->queue[i].ev - s->win - shift));
	swap = s->win;
	s->win = win;
	s->spare = swap;
	cap = s->win_cap;
	s->win_cap = s->spare_cap;
	s->spare_cap = cap;
	s->win_buf ^= 1;
	s->win_off = keep;
	s->win_len = live;
	while (s->win_len < s->win_cap && keep + s->win_len < end) {
		n = pread(s->fd, s->win + s->win_len,
			  min(s->win_cap - s->win_len, end - keep - s->win_len), keep + s->win_len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		s->win_len += n;
	}
	return off + len <= s->win_off + s->win_len ? 0 : -EIO;
}

static int session__lost(struct perf_session *s, const union perf_event *ev, uint64_t off)
{
	if (ev->header.size < sizeof(ev->lost))
		return session_err(s, off, "LOST record of size %u is too short", ev->header.size);
	s->read_stats.nr_lost += ev->lost.lost;
	s->read_stats.nr_lost_records++;
	return 0;
}

static int session__record(struct perf_session *s, const union perf_event *ev, uint64_t off)
{
	int err;

	switch (ev->header.type) {
	case PERF_RECORD_SAMPLE:
	case PERF_RECORD_MMAP:
	case PERF_RECORD_MMAP2:
	case PERF_RECORD_COMM:
	case PERF_RECORD_FORK:
		return session__handle(s, ev);
	case PERF_RECORD_LOST:
		return session__lost(s, ev, off);
	case PERF_RECORD_FINISHED_ROUND:
		if (!s->ordered)
			return 0;
		err = session__flush(s, s->next_flush);
		s->next_flush = s->max_time;
		return err;
	default:
		/* EXIT, THROTTLE, and perf's own bookkeeping records: nothing to do. */
		if (ev->header.type >= PERF_RECORD_MAX && ev->header.type < PERF_RECORD_USER_TYPE_START)
			s->read_stats.nr_unknown++;
		else if (ev->header.type > PERF_RECORD_FINISHED_ROUND + 32)
			s->read_stats.nr_unknown++;
		return 0;
	}
}

/* The reader: walks the data section and sends its records to the pipe in delivery order. */
static int session__read(struct perf_session *s)
{
	uint64_t off = s->header.file.data.offset;
	uint64_t end = off + s->header.file.data.size;
	int err = 0;

	/* Records are read in place: they must be 8-byte aligned like perf writes them. */
	if (off % 8)
		return session_err(s, 40, "data offset %" PRIu64 " is not 8-byte aligned", off);
	while (!err && off < end) {
		struct perf_event_header h;

		if (end - off < sizeof(h))
			goto short_tail;
		if (off + sizeof(h) > s->win_off + s->win_len) {
			err = session__window(s, off, sizeof(h), end);
			if (err)
				goto read_error;
		}
		/* The records are read once, in order: ask for them before they are needed. */
		if (off + PREFETCH_AHEAD < s->win_off + s->win_len)
			__builtin_prefetch(s->win + (off - s->win_off) + PREFETCH_AHEAD);
		memcpy(&h, s->win + (off - s->win_off), sizeof(h));
		if (h.size < sizeof(h) || h.size % 8)
			return session_err(s, off, "record size %u (type %u) is not a multiple of 8 "
					   "of at least 8", h.size, h.type);
		if (h.size > end - off)
			goto short_tail;
		if (off + h.size > s->win_off + s->win_len) {
			err = session__window(s, off, h.size, end);
			if (err)
				goto read_error;
		}
		s->read_stats.nr_records++;
		err = session__record(s, (const union perf_event *)(s->win + (off - s->win_off)), off);
		off += h.size;
	}
	if (!err && s->ordered)
		err = session__flush(s, UINT64_MAX);
	return err;
short_tail:
	if (s->header.data_size_unknown) {
		pr_warning("%s: offset %" PRIu64 ": the last record is cut short; ignored\n",
			   s->path, off);
		return s->ordered ? session__flush(s, UINT64_MAX) : 0;
	}
	return session_err(s, off, "record runs past the end of the data section (ends at %" PRIu64 ")",
			   end);
read_error:
	if (err == -EIO)
		return session_err(s, off, "the file ended while reading it (changed meanwhile?)");
	return err;
}

static void *session__reader(void *arg)
{
	struct perf_session *s = arg;

	s->read_status = session__read(s);
	if (!s->read_status)
		s->read_status = record_pipe__send(s->pipe, s->win_buf);
	record_pipe__finish(s->pipe);
	return NULL;
}

/* The consumer: delivers the batches the reader sends, in their order. */
static int session__consume(struct perf_session *s, struct perf_tool *tool)
{
	struct record_batch *b;
	int err = 0;

	while (!err && (b = record_pipe__pull(s->pipe))) {
		size_t i;

		for (i = 0; !err && i < b->nr; i++) {
			/* Time order jumps around the read buffer: fetch ahead. */
			if (i + CONSUME_AHEAD < b->nr)
				__builtin_prefetch(b->refs[i + CONSUME_AHEAD].ev);
			err = session__deliver(s, tool, b->refs[i].ev, b->refs[i].off);
		}
		record_pipe__release(s->pipe);
	}
	if (err)
		record_pipe__cancel(s->pipe);
	return err;
}

int perf_session__process(struct perf_session *s, struct perf_tool *tool)
{
	struct record_pipe pipe;
	pthread_t reader;
	int err;

	err = record_pipe__init(&pipe);
	if (err)
		return err;
	s->pipe = &pipe;
	err = -pthread_create(&reader, NULL, session__reader, s);
	if (err)
		goto out;
	err = session__consume(s, tool);
	pthread_join(reader, NULL);
	s->stats.nr_records += s->read_stats.nr_records;
	s->stats.nr_lost += s->read_stats.nr_lost;
	s->stats.nr_lost_records += s->read_stats.nr_lost_records;
	s->stats.nr_unknown += s->read_stats.nr_unknown;
	memset(&s->read_stats, 0, sizeof(s->read_stats));
	if (err) {
		/* The consumer's record came first in the file: its message wins. */
		if (s->deliver_err[0])
			memcpy(s->err, s->deliver_err, sizeof(s->err));
	} else if (s->read_status != -ECANCELED) {
		err = s->read_status;
	}
out:
	s->pipe = NULL;
	record_pipe__exit(&pipe);
	return err;
}
