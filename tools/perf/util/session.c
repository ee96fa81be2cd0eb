// SPDX-License-Identifier: GPL-2.0
/*
 * A perf.data session: opening a file or a stream in either format, and
 * the dispatch of its records, which the reader (reader.c) walks on a
 * thread of its own and this side delivers to the command's tool.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "debug.h"
#include "header-records.h"
#include "record-pipe.h"
#include "session.h"
#include "session-read.h"
#include "util.h"

#define CONSUME_AHEAD	8		/* records ahead of the one being delivered */
#define PIPE_HEADER_SIZE	16	/* magic and size: the pipe format's whole header */
#define PERF_MAGIC_V1	0x454c494646524550ULL	/* "PERFFILE", perf before 2.6.38 */

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

static int session__check_attrs(struct perf_session *s, uint64_t where)
{
	const struct perf_header_attr *a = s->header.attrs;
	int i, front, from_end;

	if (!s->header.nr_attrs)
		return session_err(s, where, "no event attr (HEADER_ATTR) before the data");
	id_positions(a[0].attr.sample_type, &s->id_pos, &s->id_from_end);
	for (i = 1; i < s->header.nr_attrs; i++) {
		id_positions(a[i].attr.sample_type, &front, &from_end);
		if (front != s->id_pos || front < 0 ||
		    (a[i].attr.sample_id_all && from_end != s->id_from_end))
			return session_err(s, where,
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

static size_t id_slot(uint64_t id, size_t nr_slots)
{
	return (id * 0x9e3779b97f4a7c15ULL) >> 32 & (nr_slots - 1);
}

/* Indexes every attr's ids; an id given twice keeps its first attr, as a scan would. */
static int session__hash_ids(struct perf_session *s)
{
	struct id_hash *ih = &s->id_hash;
	uint64_t nr = 0;
	int i;
	uint32_t j;

	for (i = 0; i < s->header.nr_attrs; i++)
		nr += s->header.attrs[i].nr_ids;
	if (nr < 2)
		return 0;
	ih->nr_slots = 16;
	while (ih->nr_slots < 2 * nr)
		ih->nr_slots *= 2;
	ih->ids = calloc(ih->nr_slots, sizeof(*ih->ids));
	ih->attr = calloc(ih->nr_slots, sizeof(*ih->attr));
	if (!ih->ids || !ih->attr)
		return -ENOMEM;
	for (i = 0; i < s->header.nr_attrs; i++) {
		for (j = 0; j < s->header.attrs[i].nr_ids; j++) {
			uint64_t id = s->header.attrs[i].ids[j];
			size_t k = id_slot(id, ih->nr_slots);

			/* Slot value 0 is empty: attr indexes are stored plus one. */
			while (ih->attr[k] && ih->ids[k] != id)
				k = (k + 1) & (ih->nr_slots - 1);
			if (!ih->attr[k]) {
				ih->ids[k] = id;
				ih->attr[k] = i + 1;
			}
		}
	}
	return 0;
}

const struct perf_header_attr *perf_session__attr(struct perf_session *s, uint64_t id)
{
	const struct id_hash *ih = &s->id_hash;
	size_t k;
	int i;

	if (s->header.nr_attrs == 1 || !id)
		return &s->header.attrs[0];
	if (!ih->nr_slots) {
		for (i = 0; i < s->header.nr_attrs; i++)
			if (s->header.attrs[i].nr_ids && s->header.attrs[i].ids[0] == id)
				return &s->header.attrs[i];
		return NULL;
	}
	for (k = id_slot(id, ih->nr_slots); ih->attr[k]; k = (k + 1) & (ih->nr_slots - 1))
		if (ih->ids[k] == id)
			return &s->header.attrs[ih->attr[k] - 1];
	return NULL;
}

/* One build-id entry, checked, for the machines: symbols are checked against it. */
static int session__build_id(struct perf_session *s, const char *p, uint32_t size, uint64_t off)
{
	struct perf_record_build_id b;
	size_t n;

	if (header_records__check_build_id(s, p, size, off))
		return -EINVAL;
	memcpy(&b, p, sizeof(b));
	n = (b.header.misc & PERF_RECORD_MISC_BUILD_ID_SIZE) ? b.size : BUILD_ID_SIZE;
	return machines__set_build_id(&s->machines, b.pid, b.header.misc & PERF_RECORD_MISC_CPUMODE_MASK,
				      p + sizeof(b), b.build_id, n);
}

/* Feeds the header's build-ids to the machines. */
static int session__read_build_ids(struct perf_session *s)
{
	const struct perf_file_section *sec = &s->header.feat[HEADER_BUILD_ID];
	uint64_t off = sec->offset, end = sec->offset + sec->size;

	if (!perf_header__has_feat(&s->header, HEADER_BUILD_ID))
		return 0;
	while (off + sizeof(struct perf_record_build_id) <= end) {
		struct perf_event_header h;
		int err;

		memcpy(&h, s->base + off, sizeof(h));
		if (h.size < sizeof(struct perf_record_build_id) || h.size > end - off)
			return session_err(s, off, "build-id entry of size %u does not fit its section",
					   h.size);
		err = session__build_id(s, s->base + off, h.size, off);
		if (err)
			return err;
		off += h.size;
	}
	return 0;
}

/* The HEADER_COMPRESSED feature: how much one COMPRESSED record may expand to. */
static int session__read_compressed(struct perf_session *s)
{
	const struct perf_file_section *sec = &s->header.feat[HEADER_COMPRESSED];
	uint32_t f[5];		/* version, type, level, ratio, mmap_len */

	if (!perf_header__has_feat(&s->header, HEADER_COMPRESSED))
		return 0;
	if (sec->size < sizeof(f))
		return session_err(s, sec->offset, "the compression section is %" PRIu64
				   " bytes, not %zu", sec->size, sizeof(f));
	memcpy(f, s->base + sec->offset, sizeof(f));
	/* perf writes the section uncompressed files too, with method 0 (none). */
	s->rd.comp_method = f[1];
	if (f[4])
		s->rd.decomp_limit = f[4];
	return 0;
}

/* Everything that the header (in either format) settles, once it is read. */
static int session__setup(struct perf_session *s, uint64_t where)
{
	int err = session__check_attrs(s, where);

	if (!err)
		err = session__hash_ids(s);
	if (!err)
		err = session__read_build_ids(s);
	if (!err)
		err = session__read_compressed(s);
	if (!err && perf_header__decode_event_desc(&s->header, s->base))
		pr_warning("%s: the event description section is malformed; names are guessed\n",
			   s->path);
	if (!err && perf_header__decode_group_desc(&s->header, s->base))
		pr_warning("%s: the event group section is malformed; showing no groups\n", s->path);
	return err;
}

static int session__open_file(struct perf_session *s)
{
	void *p;
	int err;

	if (s->rd.src.stream)
		return session_err(s, 8, "a perf.data in the file format cannot be read from a "
				   "pipe: it needs seeking (perf record -o - writes the pipe format)");
	s->size = s->rd.src.end;
	p = mmap(NULL, s->size, PROT_READ, MAP_PRIVATE, s->rd.src.fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	s->base = p;
	err = perf_header__read(&s->header, s->base, s->size, s->err, sizeof(s->err));
	if (err)
		return err;
	s->rd.src.pos = s->header.file.data.offset;
	s->rd.src.end = s->header.file.data.offset + s->header.file.data.size;
	reader__init(&s->rd, s->rd.src.pos, s->rd.src.end);
	return session__setup(s, s->header.file.attrs.offset);
}

static int session__open_pipe(struct perf_session *s)
{
	int err;

	s->pipe = true;
	s->header.pipe = true;
	s->header.data_size_unknown = true;
	s->header.file.data.offset = PIPE_HEADER_SIZE;
	reader__init(&s->rd, PIPE_HEADER_SIZE, UINT64_MAX);
	err = header_records__read(s);
	if (err)
		return err;
	return session__setup(s, s->rd.off);
}

int perf_session__open(struct perf_session *s, const char *path, const struct guest_config *cfg)
{
	uint64_t head[2];	/* magic, size */
	int err;

	memset(s, 0, sizeof(*s));
	s->path = path;
	s->rd.src.fd = -1;
	err = machines__init(&s->machines, cfg);
	if (err)
		return err;
	err = source__open(&s->rd.src, path);
	if (err)
		return err;
	err = source__read_all(&s->rd.src, head, sizeof(head));
	if (err == -EIO && !s->rd.src.pos)
		return session_err(s, 0, "the file is empty");
	if (err == -EIO)
		return session_err(s, 0, "only %" PRIu64 " bytes: too short for a perf.data header",
				   s->rd.src.pos);
	if (err)
		return err;
	if (head[0] == __builtin_bswap64(PERF_MAGIC))
		return session_err(s, 0, "written on a machine of the other byte order, which is "
				   "not supported");
	if (head[0] == PERF_MAGIC_V1)
		return session_err(s, 0, "the first perf.data format (PERFFILE, perf before "
				   "2.6.38) is not supported");
	if (head[0] != PERF_MAGIC)
		return session_err(s, 0, "bad magic: not a perf.data file");
	if (head[1] == PIPE_HEADER_SIZE)
		return session__open_pipe(s);
	if (head[1] != sizeof(struct perf_file_header))
		return session_err(s, 8, "header size %" PRIu64 ", expected %zu (a file) or %d "
				   "(a stream)", head[1], sizeof(struct perf_file_header),
				   PIPE_HEADER_SIZE);
	return session__open_file(s);
}

void perf_session__close(struct perf_session *s)
{
	if (s->base && !s->pipe)
		munmap((void *)s->base, s->size);
	s->base = NULL;
	buf__release(&s->image);
	source__close(&s->rd.src);
	reader__exit(&s->rd);
	perf_header__exit(&s->header);
	machines__exit(&s->machines);
	free(s->id_hash.ids);
	free(s->id_hash.attr);
	memset(&s->id_hash, 0, sizeof(s->id_hash));
	sample_reads__free(s->reads);
	s->reads = NULL;
}

uint64_t perf_session__event_id(struct perf_session *s, const union perf_event *ev)
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

static int session__deliver_sample(struct perf_session *s, struct perf_tool *tool,
				   const union perf_event *ev)
{
	const struct perf_header_attr *attr = s->header.nr_attrs == 1 ? s->header.attrs :
					      perf_session__attr(s, perf_session__event_id(s, ev));
	struct perf_sample sample;

	if (!attr || perf_sample__parse_attr(&sample, ev, &attr->attr)) {
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
	if (ev->header.type == PERF_RECORD_HEADER_BUILD_ID)
		/* The reader checked it. */
		err = session__build_id(s, (const char *)ev, ev->header.size, off);
	else
		err = machines__process_event(&s->machines, ev);
	if (err == -EINVAL)
		snprintf(s->deliver_err, sizeof(s->deliver_err),
			 "offset %" PRIu64 ": malformed record of type %u, size %u", off,
			 ev->header.type, ev->header.size);
	return err;
}

static void *session__reader(void *arg)
{
	struct perf_session *s = arg;

	s->rd.status = reader__run(s);
	record_pipe__finish(s->rd.pipe);
	return NULL;
}

/* The consumer: delivers the batches the reader sends, in their order. */
static int session__consume(struct perf_session *s, struct perf_tool *tool)
{
	struct record_batch *b;
	int err = 0;

	while (!err && (b = record_pipe__pull(s->rd.pipe))) {
		size_t i;

		for (i = 0; !err && i < b->nr; i++) {
			/* Time order jumps around the read buffer: fetch ahead. */
			if (i + CONSUME_AHEAD < b->nr)
				__builtin_prefetch(b->refs[i + CONSUME_AHEAD].ev);
			err = session__deliver(s, tool, b->refs[i].ev, b->refs[i].off);
		}
		record_pipe__release(s->rd.pipe);
	}
	if (err)
		record_pipe__cancel(s->rd.pipe);
	return err;
}

/* Adds the reader's counts to the consumer's, once both are done. */
static void session__merge_stats(struct perf_session *s)
{
	struct session_stats *r = &s->rd.stats, *c = &s->stats;
	int i;

	c->nr_records += r->nr_records;
	c->nr_sample_records += r->nr_sample_records;
	c->nr_lost += r->nr_lost;
	c->nr_lost_records += r->nr_lost_records;
	c->nr_lost_samples += r->nr_lost_samples;
	c->nr_unknown += r->nr_unknown;
	c->nr_ignored += r->nr_ignored;
	c->nr_compressed += r->nr_compressed;
	c->aux_bytes += r->aux_bytes;
	if (r->truncated_at)
		c->truncated_at = r->truncated_at;
	if (r->stopped_at)
		c->stopped_at = r->stopped_at;
	for (i = 0; i < STATS_TYPES; i++)
		c->unknown_types[i] += r->unknown_types[i];
	memset(r, 0, sizeof(*r));
}

int perf_session__process(struct perf_session *s, struct perf_tool *tool)
{
	struct record_pipe pipe;
	pthread_t reader;
	int err;

	err = record_pipe__init(&pipe);
	if (err)
		return err;
	s->rd.pipe = &pipe;
	err = -pthread_create(&reader, NULL, session__reader, s);
	if (err)
		goto out;
	err = session__consume(s, tool);
	pthread_join(reader, NULL);
	session__merge_stats(s);
	if (err) {
		/* The consumer's record came first in the file: its message wins. */
		if (s->deliver_err[0])
			memcpy(s->err, s->deliver_err, sizeof(s->err));
	} else if (s->rd.status != -ECANCELED) {
		err = s->rd.status;
	}
	if (!err && s->stats.nr_sample_records && !s->stats.nr_samples) {
		snprintf(s->err, sizeof(s->err), "none of its %" PRIu64 " samples could be read "
			 "(each too short for its event's sample_type, or of an unknown event id)",
			 s->stats.nr_sample_records);
		err = -ENODATA;
	}
out:
	s->rd.pipe = NULL;
	record_pipe__exit(&pipe);
	return err;
}

void perf_session__strerror(const struct perf_session *s, int err, const char *guestmount,
			    char *buf, size_t size)
{
	bool opened = s->rd.src.fd >= 0;

	if ((err == -EINVAL || err == -ENODATA) && s->err[0])
		snprintf(buf, size, "%s: %s", s->path, s->err);
	else if (guestmount && err == -ENOENT && !opened)
		snprintf(buf, size, "cannot open %s or --guestmount %s: %s", s->path, guestmount,
			 strerror(-err));
	else if (err == -EISDIR)
		snprintf(buf, size, "%s: is a directory (perf record --threads writes perf.data "
			 "as one; that form is not read)", s->path);
	else if (err == -EINVAL && opened && !s->base)
		snprintf(buf, size, "%s: not a file, pipe or FIFO", s->path);
	else
		snprintf(buf, size, "cannot %s %s: %s", opened ? "read" : "open", s->path,
			 strerror(-err));
}

const char *perf_session__default_input(void)
{
	struct stat st;

	if (!fstat(STDIN_FILENO, &st) && S_ISFIFO(st.st_mode))
		return "-";
	return "perf.data";
}
