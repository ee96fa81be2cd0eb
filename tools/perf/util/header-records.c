// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "header-records.h"
#include "session.h"
#include "util.h"

/* Sanity bounds on what an untrusted stream may ask us to keep. */
#define MAX_ATTRS		4096
#define MAX_IDS_PER_ATTR	(1U << 20)
#define MAX_TRACING_DATA	(256U << 20)
#define TRACING_CHUNK		(1U << 20)	/* tracing data are kept this much at a time */

/* The build-id entries seen so far, laid out as the BUILD_ID feature would hold them. */
struct pipe_header {
	struct buf build_ids;
	uint64_t tracing_off;		/* where in s->image the tracing data went */
	uint64_t tracing_size;
};

static int header_records__attr(struct perf_session *s, const char *ev, uint32_t size,
				uint64_t off)
{
	struct perf_header *h = &s->header;
	size_t fixed = sizeof(struct perf_event_header);
	struct perf_header_attr *a;
	uint32_t asz;
	uint64_t nr;

	if (size < fixed + PERF_ATTR_SIZE_VER0)
		return session_err(s, off, "HEADER_ATTR record of size %u is too short", size);
	memcpy(&asz, ev + fixed + offsetof(struct perf_event_attr, size), sizeof(asz));
	if (!asz)
		asz = PERF_ATTR_SIZE_VER0;
	if (asz < PERF_ATTR_SIZE_VER0 || asz > size - fixed)
		return session_err(s, off, "HEADER_ATTR record of size %u holds an attr of size %u",
			       size, asz);
	nr = (size - fixed - asz) / sizeof(uint64_t);
	if (nr > MAX_IDS_PER_ATTR)
		return session_err(s, off, "%" PRIu64 " ids for one event is absurd", nr);
	if (h->nr_attrs == MAX_ATTRS)
		return session_err(s, off, "more than %d events", MAX_ATTRS);
	a = realloc(h->attrs, (h->nr_attrs + 1) * sizeof(*a));
	if (!a)
		return -ENOMEM;
	h->attrs = a;
	a += h->nr_attrs;
	memset(a, 0, sizeof(*a));
	memcpy(&a->attr, ev + fixed, min((size_t)asz, sizeof(a->attr)));
	a->attr.size = min((size_t)asz, sizeof(a->attr));
	if (nr) {
		a->ids = malloc(nr * sizeof(uint64_t));
		if (!a->ids)
			return -ENOMEM;
		memcpy(a->ids, ev + fixed + asz, nr * sizeof(uint64_t));
	}
	a->nr_ids = nr;
	h->nr_attrs++;
	return 0;
}

/* A feature section, appended to the image; the latest one of a kind wins. */
static int header_records__feature(struct perf_session *s, const char *ev, uint32_t size,
				   uint64_t off)
{
	struct perf_record_header_feature f;
	uint64_t start = s->image.len;

	if (size < sizeof(f))
		return session_err(s, off, "HEADER_FEATURE record of size %u is too short", size);
	memcpy(&f, ev, sizeof(f));
	if (f.feat_id >= HEADER_FEAT_BITS)
		return session_err(s, off, "HEADER_FEATURE for feature %" PRIu64 " (at most %d)",
			       f.feat_id, HEADER_FEAT_BITS - 1);
	/* Sections are read with memcpy, but keep them aligned as a file has them. */
	buf__add(&s->image, ev + sizeof(f), size - sizeof(f));
	buf__add_zero(&s->image, PERF_ALIGN(s->image.len, 8) - s->image.len);
	if (s->image.err)
		return s->image.err;
	s->header.feat[f.feat_id] = (struct perf_file_section){ start, size - sizeof(f) };
	perf_header__set_feat(s->header.file.adds_features, f.feat_id);
	return 0;
}

int header_records__check_build_id(struct perf_session *s, const char *ev, uint32_t size,
				   uint64_t off)
{
	struct perf_record_build_id b;

	if (size < sizeof(b))
		return session_err(s, off, "HEADER_BUILD_ID record of size %u is too short", size);
	memcpy(&b, ev, sizeof(b));
	if (!memchr(ev + sizeof(b), '\0', size - sizeof(b)))
		return session_err(s, off, "HEADER_BUILD_ID record's file name is not terminated");
	if ((b.header.misc & PERF_RECORD_MISC_BUILD_ID_SIZE) && b.size > BUILD_ID_SIZE)
		return session_err(s, off, "build-id of %u bytes", b.size);
	return 0;
}

int header_records__event_update(struct perf_session *s, const char *ev, uint32_t size,
				 uint64_t off)
{
	struct perf_record_event_update u;
	const char *name = ev + sizeof(u);
	size_t max = size - sizeof(u);
	int i;
	uint32_t j;

	if (size < sizeof(u))
		return session_err(s, off, "EVENT_UPDATE record of size %u is too short", size);
	memcpy(&u, ev, sizeof(u));
	if (u.type != PERF_EVENT_UPDATE__NAME)
		return 0;
	if (!memchr(name, '\0', max))
		return session_err(s, off, "EVENT_UPDATE record's name is not terminated");
	for (i = 0; i < s->header.nr_attrs; i++) {
		struct perf_header_attr *a = &s->header.attrs[i];

		for (j = 0; j < a->nr_ids; j++) {
			char *dup;

			if (a->ids[j] != u.id)
				continue;
			dup = strdup(name);
			if (!dup)
				return -ENOMEM;
			free(a->name);
			a->name = dup;
			return 0;
		}
	}
	return 0;
}

int header_records__tracing_data(struct perf_session *s, const char *ev, uint32_t size,
				 uint64_t off, uint64_t *payload)
{
	struct perf_record_header_tracing_data t;

	/* perf writes the u32 size and 4 bytes of padding; old files may lack the padding. */
	if (size < offsetof(struct perf_record_header_tracing_data, pad))
		return session_err(s, off, "HEADER_TRACING_DATA record of size %u is too short", size);
	memset(&t, 0, sizeof(t));
	memcpy(&t, ev, min((size_t)size, sizeof(t)));
	*payload = t.size;
	return 0;
}

int header_records__auxtrace(struct perf_session *s, const char *ev, uint32_t size,
			     uint64_t off, uint64_t *payload)
{
	struct perf_record_auxtrace a;

	if (size < sizeof(a))
		return session_err(s, off, "AUXTRACE record of size %u is too short", size);
	memcpy(&a, ev, sizeof(a));
	*payload = a.size;
	s->rd.stats.aux_bytes += a.size;
	return 0;
}

/* Keeps the tracing data (tracepoint formats) as the TRACING_DATA feature. */
static int header_records__keep_tracing(struct perf_session *s, struct pipe_header *ph,
					const char *ev, uint32_t size, uint64_t off)
{
	uint64_t len = 0, start, done, n;
	int err;

	err = header_records__tracing_data(s, ev, size, off, &len);
	if (err)
		return err;
	if (len > MAX_TRACING_DATA)
		return session_err(s, off, "%" PRIu64 " bytes of tracing data is absurd", len);
	err = reader__advance(s, size, 0);
	if (err || !len)
		return err;	/* no tracing data: nothing to keep, maybe no image yet */
	start = s->image.len;
	/* Room as the data come: a record may announce far more than follows it. */
	for (done = 0; done < len; done += n) {
		n = min(len - done, (uint64_t)TRACING_CHUNK);
		buf__add_zero(&s->image, n);
		if (s->image.err)
			return s->image.err;
		err = reader__read(s, s->image.data + start + done, n);
		if (err == -EINVAL)
			return session_err(s, off, "HEADER_TRACING_DATA announces %" PRIu64 " bytes; "
				       "the data end before them", len);
		if (err)
			return err;
	}
	buf__add_zero(&s->image, PERF_ALIGN(len, 8) - len);
	if (s->image.err)
		return s->image.err;
	ph->tracing_off = start;
	ph->tracing_size = len;
	return 0;
}

static int header_records__one(struct perf_session *s, struct pipe_header *ph, const char *ev,
			       uint32_t size, uint32_t type)
{
	uint64_t off = s->rd.off;
	int err;

	switch (type) {
	case PERF_RECORD_HEADER_ATTR:
		err = header_records__attr(s, ev, size, off);
		break;
	case PERF_RECORD_HEADER_FEATURE:
		err = header_records__feature(s, ev, size, off);
		break;
	case PERF_RECORD_HEADER_BUILD_ID:
		err = header_records__check_build_id(s, ev, size, off);
		if (!err) {
			buf__add(&ph->build_ids, ev, size);
			err = ph->build_ids.err;
		}
		break;
	case PERF_RECORD_HEADER_TRACING_DATA:
		return header_records__keep_tracing(s, ph, ev, size, off);
	case PERF_RECORD_EVENT_UPDATE:
		err = header_records__event_update(s, ev, size, off);
		break;
	default:
		/* EVENT_TYPE, ID_INDEX, THREAD_MAP, CPU_MAP, TIME_CONV, FINISHED_INIT, ... */
		err = 0;
		break;
	}
	return err ? err : reader__advance(s, size, 0);
}

/* Records that may come before the data, in the order perf writes them or another. */
static int is_header_record(uint32_t type)
{
	return type >= PERF_RECORD_USER_TYPE_START && type < PERF_RECORD_HEADER_MAX &&
	       type != PERF_RECORD_FINISHED_ROUND && type != PERF_RECORD_COMPRESSED &&
	       type != PERF_RECORD_COMPRESSED2 && type != PERF_RECORD_AUXTRACE;
}

/* Appends @len bytes as feature @feat's section of the image. */
static void image__add_section(struct perf_session *s, int feat, const void *data, uint64_t len)
{
	uint64_t start = s->image.len;

	buf__add(&s->image, data, len);
	s->header.feat[feat] = (struct perf_file_section){ start, len };
	perf_header__set_feat(s->header.file.adds_features, feat);
}

int header_records__read(struct perf_session *s)
{
	struct pipe_header ph = { .build_ids = BUF_INIT };
	struct perf_event_header h;
	const char *ev;
	uint32_t size;
	int ret;

	for (;;) {
		ret = reader__peek(s, &ev, &size);
		if (ret <= 0)
			break;
		memcpy(&h, ev, sizeof(h));
		if (!is_header_record(h.type))
			break;
		s->rd.stats.nr_records++;
		ret = header_records__one(s, &ph, ev, size, h.type);
		if (ret)
			break;
	}
	if (ret >= 0 && ph.build_ids.len)
		image__add_section(s, HEADER_BUILD_ID, ph.build_ids.data, ph.build_ids.len);
	if (ret >= 0 && ph.tracing_size) {
		s->header.feat[HEADER_TRACING_DATA] =
			(struct perf_file_section){ ph.tracing_off, ph.tracing_size };
		perf_header__set_feat(s->header.file.adds_features, HEADER_TRACING_DATA);
	}
	buf__release(&ph.build_ids);
	if (ret >= 0 && s->image.err)
		ret = s->image.err;
	s->base = s->image.data;
	s->size = s->image.len;
	return ret < 0 ? ret : 0;
}
