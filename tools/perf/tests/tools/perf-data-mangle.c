// SPDX-License-Identifier: GPL-2.0
/*
 * Rewrites a perf.data (file format) into one that other perf versions
 * or other machines write, so that the readers can be tested on forms
 * that this machine's perf does not produce:
 *
 *   perf-data-mangle IN OUT attr-size N      attrs of N bytes (an older perf_event_attr)
 *   perf-data-mangle IN OUT compressed2      COMPRESSED records as COMPRESSED2 (perf >= 6.16)
 *   perf-data-mangle IN OUT unpadded         a 38-byte CPU_MAP record first (perf 4.16, 4.17)
 *   perf-data-mangle IN OUT unknown T        a record of type T after every 50th
 *   perf-data-mangle IN OUT auxtrace N       an AUXTRACE record with N bytes of payload first
 *   perf-data-mangle IN OUT lost-samples N   a LOST_SAMPLES record counting N first
 *   perf-data-mangle IN OUT bad-ids          every sample's id changed to one no event has
 *   perf-data-mangle IN OUT short-samples    every sample cut to 16 bytes
 *   perf-data-mangle IN OUT to-pipe          the same records in the pipe format
 *   perf-data-mangle IN OUT comp-limit N     HEADER_COMPRESSED's buffer size set to N
 *   perf-data-mangle IN OUT comp-garbage     COMPRESSED records' zstd frames overwritten
 *
 * The data section and the feature table move as needed; nothing else
 * changes.  Test input only: IN is trusted to be well formed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "util/buf.h"
#include "util/event.h"
#include "util/header.h"
#include "util/util.h"

struct image {
	char *p;
	size_t len;
	struct perf_file_header fh;
};

static int load(struct image *im, const char *path)
{
	FILE *f = fopen(path, "rb");
	struct stat st;

	if (!f || fstat(fileno(f), &st))
		return -1;
	im->len = st.st_size;
	im->p = malloc(im->len);
	if (!im->p || fread(im->p, 1, im->len, f) != im->len || im->len < sizeof(im->fh)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	memcpy(&im->fh, im->p, sizeof(im->fh));
	return im->fh.magic == PERF_MAGIC && im->fh.size == sizeof(im->fh) ? 0 : -1;
}

static int nr_features(const struct perf_file_header *fh)
{
	int i, n = 0;

	for (i = 0; i < HEADER_FEAT_BITS; i++)
		n += !!(fh->adds_features[i / 64] & (1ULL << (i % 64)));
	return n;
}

/*
 * Writes the file: @head (header, ids, attrs), @data as the data section,
 * then the features of @im moved to follow it.
 */
static int save(const char *path, struct image *im, struct buf *head, struct buf *data)
{
	uint64_t old_end = im->fh.data.offset + im->fh.data.size;
	uint64_t new_end = head->len + data->len;
	int i, n = nr_features(&im->fh);
	struct perf_file_header fh;
	struct buf out = BUF_INIT;
	FILE *f;

	memcpy(&fh, head->data, sizeof(fh));
	fh.data.offset = head->len;
	fh.data.size = data->len;
	memcpy(head->data, &fh, sizeof(fh));
	buf__add(&out, head->data, head->len);
	buf__add(&out, data->data, data->len);
	for (i = 0; i < n; i++) {
		struct perf_file_section s;

		memcpy(&s, im->p + old_end + i * sizeof(s), sizeof(s));
		s.offset = s.offset - old_end + new_end;
		buf__add(&out, &s, sizeof(s));
	}
	buf__add(&out, im->p + old_end + n * 16, im->len - old_end - n * 16);
	f = fopen(path, "wb");
	if (out.err || !f || fwrite(out.data, 1, out.len, f) != out.len || fclose(f))
		return -1;
	buf__release(&out);
	return 0;
}

typedef int (*mangle_fn)(struct image *im, struct buf *data, const char *rec, long arg,
			 size_t index);

/* Walks @im's records through @fn, which appends what the output gets in their place. */
static int walk(struct image *im, struct buf *data, mangle_fn fn, long arg)
{
	uint64_t off = im->fh.data.offset, end = off + im->fh.data.size;
	size_t index = 0;

	while (off + sizeof(struct perf_event_header) <= end) {
		struct perf_event_header h;

		memcpy(&h, im->p + off, sizeof(h));
		if (h.size < sizeof(h) || fn(im, data, im->p + off, arg, index++))
			return -1;
		off += h.size;
	}
	return data->err;
}

static void add_record(struct buf *data, uint32_t type, const void *body, size_t len)
{
	struct perf_event_header h = { .type = type, .size = sizeof(h) + len };

	buf__add(data, &h, sizeof(h));
	buf__add(data, body, len);
}

static int copy_rec(struct image *im, struct buf *data, const char *rec, long arg, size_t i)
{
	struct perf_event_header h;

	(void)im; (void)arg; (void)i;
	memcpy(&h, rec, sizeof(h));
	buf__add(data, rec, h.size);
	return 0;
}

static int to_compressed2(struct image *im, struct buf *data, const char *rec, long arg,
			  size_t i)
{
	struct perf_event_header h;
	uint64_t n;

	memcpy(&h, rec, sizeof(h));
	if (h.type != PERF_RECORD_COMPRESSED)
		return copy_rec(im, data, rec, arg, i);
	n = h.size - sizeof(h);
	h.type = PERF_RECORD_COMPRESSED2;
	h.size = PERF_ALIGN(sizeof(h) + 8 + n, 8);
	buf__add(data, &h, sizeof(h));
	buf__add(data, &n, sizeof(n));
	buf__add(data, rec + sizeof(h), n);
	buf__add_zero(data, h.size - sizeof(h) - 8 - n);
	return 0;
}

/* Leaves the zstd magic, so that the frame is taken for one and fails inside. */
static int comp_garbage(struct image *im, struct buf *data, const char *rec, long arg, size_t i)
{
	struct perf_event_header h;
	size_t at = sizeof(h) + 4;

	memcpy(&h, rec, sizeof(h));
	if (h.type != PERF_RECORD_COMPRESSED || h.size <= at)
		return copy_rec(im, data, rec, arg, i);
	buf__add(data, rec, at);
	for (; at < h.size; at++)
		buf__add(data, "\xa5", 1);
	return 0;
}

/*
 * HEADER_COMPRESSED is five u32s (version, type, level, ratio, mmap_len),
 * the last one how large a record may expand: set it to @len, in place.
 */
static int set_comp_limit(struct image *im, long len)
{
	uint64_t feat = im->fh.data.offset + im->fh.data.size;
	struct perf_file_section s;
	uint32_t v = len;
	int i, idx = 0;

	if (!(im->fh.adds_features[0] & (1ULL << HEADER_COMPRESSED)))
		return -1;
	for (i = 0; i < HEADER_COMPRESSED; i++)
		idx += !!(im->fh.adds_features[0] & (1ULL << i));
	if (feat + (idx + 1) * sizeof(s) > im->len)
		return -1;
	memcpy(&s, im->p + feat + idx * sizeof(s), sizeof(s));
	if (s.size < 20 || s.offset + 20 > im->len)
		return -1;
	memcpy(im->p + s.offset + 16, &v, sizeof(v));
	return 0;
}

/* What perf 4.16 wrote: a CPU_MAP of one CPU as a list, 38 bytes, unpadded. */
static int unpadded(struct image *im, struct buf *data, const char *rec, long arg, size_t i)
{
	static const char body[30] = { 0, 0, 1, 0, 0, 0, 0, 0 };	/* type 0: list of 1 */

	if (!i)
		add_record(data, PERF_RECORD_CPU_MAP, body, sizeof(body));
	return copy_rec(im, data, rec, arg, i);
}

static int unknown(struct image *im, struct buf *data, const char *rec, long arg, size_t i)
{
	static const char body[24] = "record of a newer perf";

	if (i % 50 == 49)
		add_record(data, arg, body, sizeof(body));
	return copy_rec(im, data, rec, arg, i);
}

static int auxtrace(struct image *im, struct buf *data, const char *rec, long arg, size_t i)
{
	struct perf_record_auxtrace a = { .size = arg };

	if (!i) {
		add_record(data, PERF_RECORD_AUXTRACE, (char *)&a + sizeof(a.header),
			   sizeof(a) - sizeof(a.header));
		buf__add_zero(data, arg);
	}
	return copy_rec(im, data, rec, arg, i);
}

static int lost_samples(struct image *im, struct buf *data, const char *rec, long arg, size_t i)
{
	uint64_t n = arg;

	if (!i)
		add_record(data, PERF_RECORD_LOST_SAMPLES, &n, sizeof(n));
	return copy_rec(im, data, rec, arg, i);
}

/* With sample_type IDENTIFIER the id is the first u64 of a sample: make it nobody's. */
static int bad_ids(struct image *im, struct buf *data, const char *rec, long arg, size_t i)
{
	struct perf_event_attr attr;
	struct perf_event_header h;
	uint64_t id = 0xdeadbeefcafeULL;
	size_t at = data->len;

	memcpy(&attr, im->p + im->fh.attrs.offset, sizeof(attr));
	if (!(attr.sample_type & PERF_SAMPLE_IDENTIFIER))
		return -1;
	memcpy(&h, rec, sizeof(h));
	copy_rec(im, data, rec, arg, i);
	if (h.type == PERF_RECORD_SAMPLE && h.size >= sizeof(h) + 8 && !data->err)
		memcpy(data->data + at + sizeof(h), &id, sizeof(id));
	return 0;
}

/* Every sample cut to its first u64: too short for any sample_type with IP and TID. */
static int short_samples(struct image *im, struct buf *data, const char *rec, long arg,
			 size_t i)
{
	struct perf_event_header h;

	memcpy(&h, rec, sizeof(h));
	if (h.type != PERF_RECORD_SAMPLE || h.size <= sizeof(h) + 8)
		return copy_rec(im, data, rec, arg, i);
	h.size = sizeof(h) + 8;
	buf__add(data, &h, sizeof(h));
	buf__add(data, rec + sizeof(h), 8);
	return 0;
}

/* The header, ids and attrs of @im with each attr cut (or padded) to @asz bytes. */
static int head_with_attr_size(struct image *im, struct buf *head, size_t asz)
{
	size_t old = im->fh.attr_size - sizeof(struct perf_file_section);
	uint64_t nr = im->fh.attrs.size / im->fh.attr_size, i;
	struct perf_file_header fh = im->fh;
	uint64_t ids_start = sizeof(fh), ids_len = im->fh.attrs.offset - ids_start;

	if (asz < PERF_ATTR_SIZE_VER0 || asz % 8)
		return -1;
	fh.attr_size = asz + sizeof(struct perf_file_section);
	fh.attrs.size = nr * fh.attr_size;
	buf__add(head, &fh, sizeof(fh));
	buf__add(head, im->p + ids_start, ids_len);
	for (i = 0; i < nr; i++) {
		const char *a = im->p + im->fh.attrs.offset + i * im->fh.attr_size;
		uint32_t size = asz;

		buf__add(head, a, min(old, asz));
		buf__add_zero(head, asz > old ? asz - old : 0);
		memcpy(head->data + head->len - asz + 4, &size, sizeof(size));
		buf__add(head, a + old, sizeof(struct perf_file_section));
	}
	return head->err;
}

/* The BUILD_ID section's entries (type 0 in a file) as HEADER_BUILD_ID records. */
static void add_build_ids(struct buf *out, const char *sec, uint64_t len)
{
	uint64_t off = 0;

	while (off + sizeof(struct perf_event_header) <= len) {
		struct perf_event_header h;

		memcpy(&h, sec + off, sizeof(h));
		if (h.size < sizeof(h) || h.size > len - off)
			return;
		h.type = PERF_RECORD_HEADER_BUILD_ID;
		buf__add(out, &h, sizeof(h));
		buf__add(out, sec + off + sizeof(h), h.size - sizeof(h));
		off += h.size;
	}
}

/* The same records in the pipe format: attrs as HEADER_ATTR, features as HEADER_FEATURE. */
static int to_pipe(struct image *im, const char *path)
{
	uint64_t nr = im->fh.attrs.size / im->fh.attr_size, i, head[2] = { PERF_MAGIC, 16 };
	uint64_t feat_table = im->fh.data.offset + im->fh.data.size;
	size_t asz = im->fh.attr_size - sizeof(struct perf_file_section);
	struct buf out = BUF_INIT, data = BUF_INIT;
	int f, n = 0;
	FILE *fp;

	buf__add(&out, head, sizeof(head));
	for (i = 0; i < nr; i++) {
		const char *a = im->p + im->fh.attrs.offset + i * im->fh.attr_size;
		struct perf_file_section ids;

		memcpy(&ids, a + asz, sizeof(ids));
		buf__release(&data);
		buf__add(&data, a, asz);
		buf__add(&data, im->p + ids.offset, ids.size);
		add_record(&out, PERF_RECORD_HEADER_ATTR, data.data, data.len);
	}
	for (f = 0; f < HEADER_FEAT_BITS; f++) {
		struct perf_file_section s;
		uint64_t id = f;

		if (!(im->fh.adds_features[f / 64] & (1ULL << (f % 64))))
			continue;
		memcpy(&s, im->p + feat_table + n++ * sizeof(s), sizeof(s));
		if (f == HEADER_BUILD_ID) {
			/* The pipe format sends build-ids as records of their own. */
			add_build_ids(&out, im->p + s.offset, s.size);
			continue;
		}
		buf__release(&data);
		buf__add(&data, &id, sizeof(id));
		buf__add(&data, im->p + s.offset, s.size);
		buf__add_zero(&data, PERF_ALIGN(data.len, 8) - data.len);
		add_record(&out, PERF_RECORD_HEADER_FEATURE, data.data, data.len);
	}
	buf__add(&out, im->p + im->fh.data.offset, im->fh.data.size);
	fp = fopen(path, "wb");
	if (out.err || data.err || !fp || fwrite(out.data, 1, out.len, fp) != out.len || fclose(fp))
		return -1;
	buf__release(&out);
	buf__release(&data);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct { const char *name; mangle_fn fn; } ops[] = {
		{ "compressed2", to_compressed2 }, { "unpadded", unpadded }, { "unknown", unknown },
		{ "auxtrace", auxtrace }, { "lost-samples", lost_samples }, { "bad-ids", bad_ids },
		{ "short-samples", short_samples }, { "comp-garbage", comp_garbage },
	};
	struct buf head = BUF_INIT, data = BUF_INIT;
	long arg = argc > 4 ? strtol(argv[4], NULL, 0) : 0;
	struct image im;
	mangle_fn fn = copy_rec;
	size_t i;
	int err;

	if (argc < 4 || load(&im, argv[1])) {
		fprintf(stderr, "usage: perf-data-mangle IN OUT OP [ARG] (IN a file-format perf.data)\n");
		return 2;
	}
	if (!strcmp(argv[3], "to-pipe")) {
		err = to_pipe(&im, argv[2]);
		free(im.p);
		return err ? 1 : 0;
	}
	if (!strcmp(argv[3], "attr-size")) {
		if (head_with_attr_size(&im, &head, arg)) {
			fprintf(stderr, "perf-data-mangle: bad attr size %ld\n", arg);
			free(im.p);
			return 2;
		}
	} else if (!strcmp(argv[3], "comp-limit") && set_comp_limit(&im, arg)) {
		fprintf(stderr, "perf-data-mangle: %s has no HEADER_COMPRESSED\n", argv[1]);
		free(im.p);
		return 2;
	} else {
		buf__add(&head, im.p, im.fh.data.offset);
	}
	for (i = 0; i < ARRAY_SIZE(ops); i++)
		if (!strcmp(argv[3], ops[i].name))
			fn = ops[i].fn;
	if (fn == copy_rec && strcmp(argv[3], "attr-size") && strcmp(argv[3], "comp-limit")) {
		fprintf(stderr, "perf-data-mangle: unknown operation '%s'\n", argv[3]);
		free(im.p);
		return 2;
	}
	err = head.err || walk(&im, &data, fn, arg) || save(argv[2], &im, &head, &data);
	buf__release(&head);
	buf__release(&data);
	free(im.p);
	return err ? 1 : 0;
}
