// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "header.h"
#include "util.h"

/* Sanity bounds on counts in an untrusted header. */
#define MAX_ATTRS		4096
#define MAX_IDS_PER_ATTR	(1U << 20)

uint64_t perf_header__data_offset(int nr, uint64_t nr_ids)
{
	return sizeof(struct perf_file_header) + nr_ids * sizeof(uint64_t) +
	       nr * sizeof(struct perf_file_attr);
}

int perf_header__write(int fd, const struct perf_header_attr *attrs, int nr,
		       uint64_t data_size, const uint64_t *feat_bits)
{
	struct perf_file_header fh = {
		.magic = PERF_MAGIC,
		.size = sizeof(fh),
		.attr_size = sizeof(struct perf_file_attr),
	};
	struct buf b = BUF_INIT;
	uint64_t nr_ids = 0, id_off = sizeof(fh);
	int i, err;

	for (i = 0; i < nr; i++)
		nr_ids += attrs[i].nr_ids;
	fh.attrs.offset = id_off + nr_ids * sizeof(uint64_t);
	fh.attrs.size = nr * sizeof(struct perf_file_attr);
	fh.data.offset = perf_header__data_offset(nr, nr_ids);
	fh.data.size = data_size;
	if (feat_bits)
		memcpy(fh.adds_features, feat_bits, sizeof(fh.adds_features));

	buf__add(&b, &fh, sizeof(fh));
	for (i = 0; i < nr; i++)
		buf__add(&b, attrs[i].ids, attrs[i].nr_ids * sizeof(uint64_t));
	for (i = 0; i < nr; i++) {
		struct perf_file_attr fa = { .attr = attrs[i].attr };

		fa.attr.size = sizeof(fa.attr);
		fa.ids.offset = id_off;
		fa.ids.size = attrs[i].nr_ids * sizeof(uint64_t);
		id_off += fa.ids.size;
		buf__add(&b, &fa, sizeof(fa));
	}
	err = b.err ? b.err : pwriten(fd, b.data, b.len, 0);
	buf__release(&b);
	return err;
}

int perf_header__write_features(int fd, uint64_t offset, struct buf *feats,
				uint64_t *feat_bits)
{
	struct buf table = BUF_INIT;
	uint64_t pos;
	int feat, nr = 0, err;

	for (feat = 0; feat < HEADER_FEAT_BITS; feat++) {
		if (feats[feat].err)
			return feats[feat].err;
		if (feats[feat].len)
			nr++;
	}
	pos = offset + nr * sizeof(struct perf_file_section);
	for (feat = 0; feat < HEADER_FEAT_BITS; feat++) {
		struct perf_file_section s = { pos, feats[feat].len };

		if (!feats[feat].len)
			continue;
		perf_header__set_feat(feat_bits, feat);
		buf__add(&table, &s, sizeof(s));
		pos += s.size;
	}
	for (feat = 0; feat < HEADER_FEAT_BITS; feat++)
		buf__add(&table, feats[feat].data, feats[feat].len);
	err = table.err ? table.err : pwriten(fd, table.data, table.len, offset);
	buf__release(&table);
	return err;
}

/* Is [off, off + len) inside a file of @size bytes, without wrapping? */
static bool in_file(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

#define bad(fmt, ...) \
	({ snprintf(err, errlen, fmt, ##__VA_ARGS__); -EINVAL; })

static int read_ids(struct perf_header_attr *a, const struct perf_file_section *ids,
		    const char *base, uint64_t size, char *err, size_t errlen)
{
	if (ids->size % sizeof(uint64_t) || !in_file(ids->offset, ids->size, size))
		return bad("offset %" PRIu64 ": attr id array (%" PRIu64 " bytes at %" PRIu64
			   ") lies outside the file", ids->offset, ids->size, ids->offset);
	if (ids->size / sizeof(uint64_t) > MAX_IDS_PER_ATTR)
		return bad("offset %" PRIu64 ": %" PRIu64 " ids for one event is absurd",
			   ids->offset, ids->size / 8);
	a->nr_ids = ids->size / sizeof(uint64_t);
	if (!a->nr_ids)
		return 0;
	a->ids = malloc(ids->size);
	if (!a->ids)
		return -ENOMEM;
	memcpy(a->ids, base + ids->offset, ids->size);
	return 0;
}

static int read_attrs(struct perf_header *h, const char *base, uint64_t size,
		      char *err, size_t errlen)
{
	const struct perf_file_header *fh = &h->file;
	uint64_t asz = fh->attr_size, i, nr;
	int ret;

	if (asz < PERF_ATTR_SIZE_VER0 + sizeof(struct perf_file_section) || asz > 4096)
		return bad("offset 16: attr size %" PRIu64 " is not a perf_event_attr size", asz);
	if (!in_file(fh->attrs.offset, fh->attrs.size, size) || fh->attrs.size % asz)
		return bad("offset 24: attrs section (%" PRIu64 " bytes at %" PRIu64
			   ") does not fit the file", fh->attrs.size, fh->attrs.offset);
	nr = fh->attrs.size / asz;
	if (!nr || nr > MAX_ATTRS)
		return bad("offset 24: %" PRIu64 " event attrs (expected 1 to %d)", nr, MAX_ATTRS);
	h->attrs = calloc(nr, sizeof(*h->attrs));
	if (!h->attrs)
		return -ENOMEM;
	h->nr_attrs = nr;
	for (i = 0; i < nr; i++) {
		const char *p = base + fh->attrs.offset + i * asz;
		uint64_t attr_bytes = asz - sizeof(struct perf_file_section);
		struct perf_file_section ids;

		memcpy(&h->attrs[i].attr, p, min(attr_bytes, sizeof(struct perf_event_attr)));
		memcpy(&ids, p + attr_bytes, sizeof(ids));
		ret = read_ids(&h->attrs[i], &ids, base, size, err, errlen);
		if (ret)
			return ret;
	}
	return 0;
}

static int read_features(struct perf_header *h, const char *base, uint64_t size,
			 char *err, size_t errlen)
{
	uint64_t off = h->file.data.offset + h->file.data.size;
	int feat;

	if (h->data_size_unknown)
		return 0;
	for (feat = 0; feat < HEADER_FEAT_BITS; feat++) {
		struct perf_file_section *s = &h->feat[feat];

		if (!perf_header__has_feat(h, feat))
			continue;
		if (!in_file(off, sizeof(*s), size))
			return bad("offset %" PRIu64 ": feature table ends early (feature %d)",
				   off, feat);
		memcpy(s, base + off, sizeof(*s));
		if (!in_file(s->offset, s->size, size))
			return bad("offset %" PRIu64 ": feature %d (%" PRIu64 " bytes at %" PRIu64
				   ") lies outside the file", off, feat, s->size, s->offset);
		off += sizeof(*s);
	}
	return 0;
}

int perf_header__read(struct perf_header *h, const void *base, uint64_t size,
		      char *err, size_t errlen)
{
	struct perf_file_header *fh = &h->file;
	int ret;

	memset(h, 0, sizeof(*h));
	if (size < sizeof(*fh))
		return bad("offset 0: file of %" PRIu64 " bytes is too small for a perf.data header",
			   size);
	memcpy(fh, base, sizeof(*fh));
	if (fh->magic != PERF_MAGIC)
		return bad("offset 0: bad magic (not a PERFILE2 perf.data, or another byte order)");
	if (fh->size != sizeof(*fh))
		return bad("offset 8: header size %" PRIu64 ", expected %zu", fh->size, sizeof(*fh));
	ret = read_attrs(h, base, size, err, errlen);
	if (ret)
		return ret;
	if (!in_file(fh->data.offset, 0, size) || fh->data.offset < sizeof(*fh))
		return bad("offset 40: data offset %" PRIu64 " lies outside the file",
			   fh->data.offset);
	if (!fh->data.size) {
		/* Never finalized: no features either, whatever the bitmap says. */
		h->data_size_unknown = true;
		fh->data.size = size - fh->data.offset;
		memset(fh->adds_features, 0, sizeof(fh->adds_features));
	} else if (!in_file(fh->data.offset, fh->data.size, size)) {
		return bad("offset 48: data section (%" PRIu64 " bytes at %" PRIu64
			   ") runs past the end of the file (%" PRIu64 " bytes)",
			   fh->data.size, fh->data.offset, size);
	}
	return read_features(h, base, size, err, errlen);
}

static void perf_header__free_groups(struct perf_header *h)
{
	int i;

	for (i = 0; i < h->nr_groups; i++)
		free(h->groups[i].name);
	free(h->groups);
	h->groups = NULL;
	h->nr_groups = 0;
}

void perf_header__exit(struct perf_header *h)
{
	int i;

	for (i = 0; i < h->nr_attrs; i++) {
		free(h->attrs[i].ids);
		free(h->attrs[i].name);
	}
	free(h->attrs);
	h->attrs = NULL;
	h->nr_attrs = 0;
	perf_header__free_groups(h);
}

char *perf_header__read_string(const void *base, const struct perf_file_section *sec,
			       uint64_t *off)
{
	uint64_t end = sec->offset + sec->size;
	uint32_t len;
	char *s;

	if (*off < sec->offset || !in_file(*off, sizeof(len), end))
		goto inval;
	memcpy(&len, (const char *)base + *off, sizeof(len));
	if (!in_file(*off + sizeof(len), len, end))
		goto inval;
	s = strndup((const char *)base + *off + sizeof(len), len);
	if (!s)
		return NULL;
	*off += sizeof(len) + len;
	return s;
inval:
	errno = EINVAL;
	return NULL;
}

void perf_header__add_string(struct buf *b, const char *s)
{
	size_t len = strlen(s) + 1;
	uint32_t padded = PERF_ALIGN(len, NAME_ALIGN);

	buf__add_u32(b, padded);
	buf__add(b, s, len);
	buf__add_zero(b, padded - len);
}

void perf_header__encode_event_desc(struct buf *b, const struct perf_header_attr *attrs, int nr)
{
	int i;

	buf__add_u32(b, nr);
	buf__add_u32(b, sizeof(struct perf_event_attr));
	for (i = 0; i < nr; i++) {
		struct perf_event_attr attr = attrs[i].attr;

		attr.size = sizeof(attr);
		buf__add(b, &attr, sizeof(attr));
		buf__add_u32(b, attrs[i].nr_ids);
		perf_header__add_string(b, attrs[i].name ? attrs[i].name : "");
		buf__add(b, attrs[i].ids, attrs[i].nr_ids * sizeof(uint64_t));
	}
}

static struct perf_header_attr *attr_by_id(struct perf_header *h, uint64_t id)
{
	int i;
	uint32_t j;

	for (i = 0; i < h->nr_attrs; i++)
		for (j = 0; j < h->attrs[i].nr_ids; j++)
			if (h->attrs[i].ids[j] == id)
				return &h->attrs[i];
	return NULL;
}

int perf_header__decode_event_desc(struct perf_header *h, const void *base)
{
	const struct perf_file_section *sec = &h->feat[HEADER_EVENT_DESC];
	uint64_t off = sec->offset, end = sec->offset + sec->size;
	uint32_t nr, asz, i, nr_ids;
	const char *p = base;

	if (!perf_header__has_feat(h, HEADER_EVENT_DESC))
		return 0;
	if (!in_file(off, 8, end))
		return -EINVAL;
	memcpy(&nr, p + off, 4);
	memcpy(&asz, p + off + 4, 4);
	off += 8;
	for (i = 0; i < nr; i++) {
		struct perf_header_attr *a;
		uint64_t first_id = 0;
		char *name;

		if (!in_file(off, (uint64_t)asz + 4, end))
			return -EINVAL;
		memcpy(&nr_ids, p + off + asz, 4);
		off += asz + 4;
		name = perf_header__read_string(base, sec, &off);
		if (!name)
			return -errno;
		if (!in_file(off, (uint64_t)nr_ids * 8, end)) {
			free(name);
			return -EINVAL;
		}
		if (nr_ids)
			memcpy(&first_id, p + off, 8);
		off += (uint64_t)nr_ids * 8;
		a = nr_ids ? attr_by_id(h, first_id) : NULL;
		if (!a && (int)i < h->nr_attrs && !h->attrs[i].nr_ids)
			a = &h->attrs[i];
		if (a && !a->name)
			a->name = name;
		else
			free(name);
	}
	return 0;
}

/* What perf writes for a group without a name. */
#define ANON_GROUP_NAME	"{anon_group}"

void perf_header__encode_group_desc(struct buf *b, const struct perf_header_group *groups,
				    int nr)
{
	int i;

	if (!nr)
		return;
	buf__add_u32(b, nr);
	for (i = 0; i < nr; i++) {
		perf_header__add_string(b, groups[i].name ? groups[i].name : ANON_GROUP_NAME);
		buf__add_u32(b, groups[i].leader);
		buf__add_u32(b, groups[i].nr_members);
	}
}

/* Reads one group entry at *@off: name, leader index, member count. */
static int read_group(const void *base, const struct perf_file_section *sec, uint64_t *off,
		      struct perf_header_group *g)
{
	uint64_t end = sec->offset + sec->size;
	uint32_t v[2];

	g->name = perf_header__read_string(base, sec, off);
	if (!g->name)
		return -errno;
	if (!in_file(*off, sizeof(v), end))
		return -EINVAL;
	memcpy(v, (const char *)base + *off, sizeof(v));
	*off += sizeof(v);
	g->leader = v[0];
	g->nr_members = v[1];
	if (!strcmp(g->name, ANON_GROUP_NAME)) {
		free(g->name);
		g->name = NULL;
	}
	return 0;
}

/* Perf rebuilds groups walking the attrs in order: each must start past the last. */
static bool groups_fit(const struct perf_header *h, const struct perf_header_group *g, int nr)
{
	uint64_t next = 0;
	int i;

	for (i = 0; i < nr; i++) {
		if (g[i].leader < next || !g[i].nr_members ||
		    (uint64_t)g[i].leader + g[i].nr_members > (uint64_t)h->nr_attrs)
			return false;
		next = (uint64_t)g[i].leader + g[i].nr_members;
	}
	return true;
}

int perf_header__decode_group_desc(struct perf_header *h, const void *base)
{
	const struct perf_file_section *sec = &h->feat[HEADER_GROUP_DESC];
	uint64_t off = sec->offset;
	uint32_t nr, i;
	int err = 0;

	perf_header__free_groups(h);
	if (!perf_header__has_feat(h, HEADER_GROUP_DESC))
		return 0;
	if (!in_file(off, sizeof(nr), sec->offset + sec->size))
		return -EINVAL;
	memcpy(&nr, (const char *)base + off, sizeof(nr));
	off += sizeof(nr);
	/* More groups than attrs cannot fit; this also bounds the allocation. */
	if (nr > (uint32_t)h->nr_attrs)
		return -EINVAL;
	if (!nr)
		return 0;
	h->groups = calloc(nr, sizeof(*h->groups));
	if (!h->groups)
		return -ENOMEM;
	for (i = 0; i < nr && !err; i++) {
		h->nr_groups = i + 1;
		err = read_group(base, sec, &off, &h->groups[i]);
	}
	if (!err && !groups_fit(h, h->groups, h->nr_groups))
		err = -EINVAL;
	if (err)
		perf_header__free_groups(h);
	return err;
}
