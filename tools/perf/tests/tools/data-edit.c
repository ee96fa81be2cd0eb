// SPDX-License-Identifier: GPL-2.0
/*
 * Rewrites a perf.data file (PERFILE2, not pipe mode) into another one,
 * changed as a test needs it:
 *
 *   data-edit IN OUT [--hostname NAME] [--osrelease REL] [--drop FEATURE]
 *                    [--rename OLD NEW]...
 *
 *   --hostname, --osrelease  the HEADER_HOSTNAME / HEADER_OSRELEASE strings:
 *                            a file "from another machine"
 *   --drop FEATURE           removes a header feature (2: the build-id table)
 *   --rename OLD NEW         renames DSO OLD to NEW in the MMAP and MMAP2
 *                            records and in the build-id table
 *   --build-id NAME HEX      gives DSO NAME (of the build-id table) build-id HEX:
 *                            a file recorded on "another kernel"
 *
 * Records and features are copied as they are otherwise; the attrs are
 * written again, so the data may move.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util/buf.h"
#include "util/event.h"
#include "util/header.h"
#include "util/util.h"

#define MAX_RENAMES	8

struct edit {
	const char *hostname;
	const char *osrelease;
	int drop[8];
	int nr_drop;
	const char *from[MAX_RENAMES];
	const char *to[MAX_RENAMES];
	int nr_renames;
	const char *bid_name;
	uint8_t bid[BUILD_ID_SIZE];
	size_t bid_size;
};

static const char *edit__rename(const struct edit *e, const char *name)
{
	int i;

	for (i = 0; i < e->nr_renames; i++)
		if (!strcmp(name, e->from[i]))
			return e->to[i];
	return NULL;
}

/* Copies one record, with its file name replaced if it is renamed. */
static void copy_record(struct buf *out, const struct edit *e, const union perf_event *ev)
{
	size_t fixed = ev->header.type == PERF_RECORD_MMAP ? sizeof(ev->mmap) : sizeof(ev->mmap2);
	const char *name = (const char *)ev + fixed, *to;
	size_t old_len, new_len, trailer;
	struct perf_event_header h = ev->header;

	if ((ev->header.type != PERF_RECORD_MMAP && ev->header.type != PERF_RECORD_MMAP2) ||
	    ev->header.size <= fixed || !memchr(name, '\0', ev->header.size - fixed) ||
	    !(to = edit__rename(e, name))) {
		buf__add(out, ev, ev->header.size);
		return;
	}
	old_len = PERF_ALIGN(strlen(name) + 1, 8);
	new_len = PERF_ALIGN(strlen(to) + 1, 8);
	trailer = ev->header.size - fixed - old_len;
	h.size = fixed + new_len + trailer;
	buf__add(out, &h, sizeof(h));
	buf__add(out, (const char *)ev + sizeof(h), fixed - sizeof(h));
	buf__add(out, to, strlen(to));
	buf__add_zero(out, new_len - strlen(to));
	buf__add(out, name + old_len, trailer);
}

static int copy_data(struct buf *out, const struct edit *e, const char *base,
		     const struct perf_header *h)
{
	uint64_t off = h->file.data.offset, end = off + h->file.data.size;

	while (off + sizeof(struct perf_event_header) <= end) {
		const union perf_event *ev = (const void *)(base + off);

		if (ev->header.size < sizeof(ev->header) || ev->header.size > end - off)
			return -EINVAL;
		copy_record(out, e, ev);
		off += ev->header.size;
	}
	return out->err;
}

/* The build-id table, with renamed entries. */
static int copy_build_ids(struct buf *out, const struct edit *e, const char *base,
			  const struct perf_file_section *sec)
{
	uint64_t off = sec->offset, end = sec->offset + sec->size;

	while (off + sizeof(struct perf_record_build_id) <= end) {
		struct perf_record_build_id b;
		const char *name, *to;
		size_t len;

		memcpy(&b, base + off, sizeof(b));
		if (b.header.size < sizeof(b) || b.header.size > end - off)
			return -EINVAL;
		name = base + off + sizeof(b);
		if (!memchr(name, '\0', b.header.size - sizeof(b)))
			return -EINVAL;
		if (e->bid_name && !strcmp(name, e->bid_name)) {
			memset(b.build_id, 0, sizeof(b.build_id));
			memcpy(b.build_id, e->bid, e->bid_size);
			b.size = e->bid_size;
			b.header.misc |= PERF_RECORD_MISC_BUILD_ID_SIZE;
		}
		to = edit__rename(e, name);
		if (!to) {
			buf__add(out, &b, sizeof(b));
			buf__add(out, name, b.header.size - sizeof(b));
		} else {
			len = PERF_ALIGN(strlen(to) + 1, NAME_ALIGN);
			b.header.size = sizeof(b) + len;
			buf__add(out, &b, sizeof(b));
			buf__add(out, to, strlen(to));
			buf__add_zero(out, len - strlen(to));
		}
		off += ((const struct perf_record_build_id *)(base + off))->header.size;
	}
	return out->err;
}

static int copy_features(struct buf *feats, const struct edit *e, const char *base,
			 const struct perf_header *h)
{
	int feat, i, err = 0;

	for (feat = 0; feat < HEADER_FEAT_BITS && !err; feat++) {
		const struct perf_file_section *sec = &h->feat[feat];

		if (!perf_header__has_feat(h, feat))
			continue;
		for (i = 0; i < e->nr_drop && e->drop[i] != feat; i++)
			;
		if (i < e->nr_drop)
			continue;
		if (feat == HEADER_HOSTNAME && e->hostname)
			perf_header__add_string(&feats[feat], e->hostname);
		else if (feat == HEADER_OSRELEASE && e->osrelease)
			perf_header__add_string(&feats[feat], e->osrelease);
		else if (feat == HEADER_BUILD_ID)
			err = copy_build_ids(&feats[feat], e, base, sec);
		else
			buf__add(&feats[feat], base + sec->offset, sec->size);
	}
	return err;
}

static int write_file(const char *path, const struct edit *e, const char *base,
		      const struct perf_header *h)
{
	struct buf data = BUF_INIT, feats[HEADER_FEAT_BITS] = { BUF_INIT };
	uint64_t bits[HEADER_FEAT_BITS / 64] = { 0 }, nr_ids = 0, off;
	int i, fd, err;

	for (i = 0; i < h->nr_attrs; i++)
		nr_ids += h->attrs[i].nr_ids;
	off = perf_header__data_offset(h->nr_attrs, nr_ids);
	err = copy_data(&data, e, base, h);
	if (!err)
		err = copy_features(feats, e, base, h);
	fd = err ? -1 : open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	if (!err && fd < 0)
		err = -errno;
	if (!err)
		err = pwriten(fd, data.data, data.len, off);
	if (!err)
		err = perf_header__write_features(fd, off + data.len, feats, bits);
	if (!err)
		err = perf_header__write(fd, h->attrs, h->nr_attrs, data.len, bits);
	if (fd >= 0 && close(fd) && !err)
		err = -errno;
	for (i = 0; i < HEADER_FEAT_BITS; i++)
		buf__release(&feats[i]);
	buf__release(&data);
	return err;
}

static int parse_hex(const char *hex, uint8_t *bid, size_t *size)
{
	size_t n = strlen(hex), i;
	unsigned int v;

	if (!n || n % 2 || n / 2 > BUILD_ID_SIZE)
		return -1;
	for (i = 0; i < n / 2; i++) {
		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			return -1;
		bid[i] = v;
	}
	*size = n / 2;
	return 0;
}

static int parse_args(struct edit *e, int argc, char **argv)
{
	int i;

	for (i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--hostname") && i + 1 < argc)
			e->hostname = argv[++i];
		else if (!strcmp(argv[i], "--osrelease") && i + 1 < argc)
			e->osrelease = argv[++i];
		else if (!strcmp(argv[i], "--drop") && i + 1 < argc && e->nr_drop < 8)
			e->drop[e->nr_drop++] = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--rename") && i + 2 < argc && e->nr_renames < MAX_RENAMES) {
			e->from[e->nr_renames] = argv[++i];
			e->to[e->nr_renames++] = argv[++i];
		} else if (!strcmp(argv[i], "--build-id") && i + 2 < argc) {
			e->bid_name = argv[++i];
			if (parse_hex(argv[++i], e->bid, &e->bid_size))
				return -1;
		} else {
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct edit e = { 0 };
	struct perf_header h;
	char msg[256];
	struct stat st;
	void *base;
	int fd, err;

	if (argc < 3 || parse_args(&e, argc, argv)) {
		fprintf(stderr, "usage: data-edit IN OUT [--hostname NAME] [--osrelease REL] "
			"[--drop FEATURE] [--rename OLD NEW]... [--build-id NAME HEX]\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY);
	if (fd < 0 || fstat(fd, &st) || !st.st_size) {
		fprintf(stderr, "data-edit: cannot read %s\n", argv[1]);
		return 1;
	}
	base = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (base == MAP_FAILED)
		return 1;
	err = perf_header__read(&h, base, st.st_size, msg, sizeof(msg));
	if (err) {
		fprintf(stderr, "data-edit: %s: %s\n", argv[1], msg);
		return 1;
	}
	err = write_file(argv[2], &e, base, &h);
	if (err)
		fprintf(stderr, "data-edit: cannot write %s: %s\n", argv[2], strerror(-err));
	perf_header__exit(&h);
	munmap(base, st.st_size);
	close(fd);
	return err ? 1 : 0;
}
