// SPDX-License-Identifier: GPL-2.0
/* Header writer/reader round trip, and the reader's checks on bad headers. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tests.h"
#include "util/header.h"
#include "util/util.h"

struct image {
	char path[64];
	int fd;
	char *base;
	size_t size;
};

static int image__map(struct image *im)
{
	struct stat st;

	if (fstat(im->fd, &st))
		return -errno;
	im->size = st.st_size;
	im->base = mmap(NULL, im->size, PROT_READ | PROT_WRITE, MAP_PRIVATE, im->fd, 0);
	return im->base == MAP_FAILED ? -errno : 0;
}

static void image__exit(struct image *im)
{
	if (im->base && im->base != MAP_FAILED)
		munmap(im->base, im->size);
	close(im->fd);
	unlink(im->path);
}

static const char data_bytes[] = "pretend records: 32 bytes long!";

/* Writes header + 32 bytes of data + hostname and event_desc features. */
static int write_image(struct image *im, uint64_t ids_a[2], uint64_t ids_b[1])
{
	struct perf_header_attr attrs[2] = {
		{ .attr = { .type = PERF_TYPE_SOFTWARE, .config = PERF_COUNT_SW_CPU_CLOCK,
			    .sample_period = 4000, .freq = 1 },
		  .ids = ids_a, .nr_ids = 2, .name = "cpu-clock" },
		{ .attr = { .type = PERF_TYPE_SOFTWARE, .config = PERF_COUNT_SW_TASK_CLOCK },
		  .ids = ids_b, .nr_ids = 1, .name = "task-clock" },
	};
	struct buf feats[HEADER_FEAT_BITS] = { BUF_INIT };
	uint64_t bits[4] = { 0 }, off = perf_header__data_offset(2, 3);
	int err, i;

	strcpy(im->path, "/tmp/perf-test-header-XXXXXX");
	im->fd = mkstemp(im->path);
	if (im->fd < 0)
		return -errno;
	perf_header__add_string(&feats[HEADER_HOSTNAME], "testhost");
	perf_header__encode_event_desc(&feats[HEADER_EVENT_DESC], attrs, 2);
	err = perf_header__write(im->fd, attrs, 2, 0, NULL);
	if (!err)
		err = pwriten(im->fd, data_bytes, 32, off);
	if (!err)
		err = perf_header__write_features(im->fd, off + 32, feats, bits);
	if (!err)
		err = perf_header__write(im->fd, attrs, 2, 32, bits);
	for (i = 0; i < HEADER_FEAT_BITS; i++)
		buf__release(&feats[i]);
	return err ? err : image__map(im);
}

static int test_round_trip(void)
{
	uint64_t ids_a[2] = { 11, 12 }, ids_b[1] = { 13 }, off;
	struct perf_header h;
	struct image im;
	char err[256], *host;

	TEST_ASSERT_VAL("write", !write_image(&im, ids_a, ids_b));
	TEST_ASSERT_VAL("read", !perf_header__read(&h, im.base, im.size, err, sizeof(err)));
	TEST_ASSERT_VAL("2 attrs", h.nr_attrs == 2);
	TEST_ASSERT_VAL("attr a", h.attrs[0].attr.config == PERF_COUNT_SW_CPU_CLOCK &&
				  h.attrs[0].attr.freq && h.attrs[0].attr.sample_period == 4000);
	TEST_ASSERT_VAL("ids a", h.attrs[0].nr_ids == 2 && h.attrs[0].ids[1] == 12);
	TEST_ASSERT_VAL("ids b", h.attrs[1].nr_ids == 1 && h.attrs[1].ids[0] == 13);
	TEST_ASSERT_VAL("data size", h.file.data.size == 32 && !h.data_size_unknown);
	TEST_ASSERT_VAL("data", !memcmp(im.base + h.file.data.offset, data_bytes, 32));
	TEST_ASSERT_VAL("features", perf_header__has_feat(&h, HEADER_HOSTNAME) &&
				    perf_header__has_feat(&h, HEADER_EVENT_DESC) &&
				    !perf_header__has_feat(&h, HEADER_BUILD_ID));
	off = h.feat[HEADER_HOSTNAME].offset;
	host = perf_header__read_string(im.base, &h.feat[HEADER_HOSTNAME], &off);
	TEST_ASSERT_VAL("hostname", host && !strcmp(host, "testhost"));
	free(host);
	TEST_ASSERT_VAL("event desc", !perf_header__decode_event_desc(&h, im.base));
	TEST_ASSERT_VAL("names", h.attrs[0].name && !strcmp(h.attrs[0].name, "cpu-clock") &&
				 h.attrs[1].name && !strcmp(h.attrs[1].name, "task-clock"));
	perf_header__exit(&h);
	image__exit(&im);
	return TEST_OK;
}

/* A header whose data size is still 0 (a killed record) runs to the end of the file. */
static int test_unfinished(void)
{
	uint64_t ids_a[2] = { 1, 2 }, ids_b[1] = { 3 }, zero = 0;
	struct perf_header h;
	struct image im;
	char err[256];

	TEST_ASSERT_VAL("write", !write_image(&im, ids_a, ids_b));
	memcpy(im.base + 48, &zero, 8);
	TEST_ASSERT_VAL("read", !perf_header__read(&h, im.base, im.size, err, sizeof(err)));
	TEST_ASSERT_VAL("unknown size", h.data_size_unknown &&
					h.file.data.offset + h.file.data.size == im.size);
	perf_header__exit(&h);
	image__exit(&im);
	return TEST_OK;
}

struct corruption {
	size_t offset;
	uint64_t value;
	const char *expect;	/* substring of the error */
};

static int test_corrupt(void)
{
	static const struct corruption cases[] = {
		{ 0, 0x1234, "offset 0: bad magic" },
		{ 8, 200, "offset 8: header size" },
		{ 16, 8, "offset 16: attr size" },
		{ 24, 1ULL << 40, "offset 24" },		/* attrs.offset */
		{ 32, 7, "offset 24" },			/* attrs.size not a multiple */
		{ 40, 1ULL << 50, "offset 40" },	/* data.offset */
		{ 48, 1ULL << 30, "offset 48" },	/* data.size */
		{ 48, ~0ULL, "offset 48" },		/* data.size wrapping */
	};
	uint64_t ids_a[2] = { 1, 2 }, ids_b[1] = { 3 };
	struct perf_header h;
	struct image im;
	char err[256], saved[8];
	size_t i;

	TEST_ASSERT_VAL("write", !write_image(&im, ids_a, ids_b));
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		memcpy(saved, im.base + cases[i].offset, 8);
		memcpy(im.base + cases[i].offset, &cases[i].value, 8);
		err[0] = '\0';
		TEST_ASSERT_VAL("rejected", perf_header__read(&h, im.base, im.size, err,
							      sizeof(err)) == -EINVAL);
		if (!strstr(err, cases[i].expect))
			fprintf(stderr, "    case %zu: got '%s'\n", i, err);
		TEST_ASSERT_VAL("message names the offset", strstr(err, cases[i].expect));
		perf_header__exit(&h);
		memcpy(im.base + cases[i].offset, saved, 8);
	}
	/* Every truncation of the header area must be refused, never read past. */
	for (i = 0; i < perf_header__data_offset(2, 3); i++) {
		int ret = perf_header__read(&h, im.base, i, err, sizeof(err));

		perf_header__exit(&h);
		TEST_ASSERT_VAL("truncated header rejected", ret == -EINVAL);
	}
	image__exit(&im);
	return TEST_OK;
}

/* A header of @nr_attrs attrs whose HEADER_GROUP_DESC is @b's bytes, @at bytes into @base. */
static void group_header(struct perf_header *h, int nr_attrs, char *base, size_t at,
			 const struct buf *b)
{
	memset(h, 0, sizeof(*h));
	h->nr_attrs = nr_attrs;
	memcpy(base + at, b->data, b->len);
	perf_header__set_feat(h->file.adds_features, HEADER_GROUP_DESC);
	h->feat[HEADER_GROUP_DESC].offset = at;
	h->feat[HEADER_GROUP_DESC].size = b->len;
}

static int test_group_desc(void)
{
	const struct perf_header_group groups[] = {
		{ NULL, 0, 2 }, { "mygrp", 3, 3 },
	};
	struct buf b = BUF_INIT;
	struct perf_header h;
	char base[1024];

	perf_header__encode_group_desc(&b, groups, 2);
	TEST_ASSERT_VAL("encoded", !b.err && b.len == 4 + 2 * (4 + 64 + 8) && b.len < 900);
	/* Away from the start: pipe mode's features are not where a file's are. */
	group_header(&h, 6, base, 100, &b);
	TEST_ASSERT_VAL("decoded", !perf_header__decode_group_desc(&h, base) && h.nr_groups == 2);
	TEST_ASSERT_VAL("anonymous", !h.groups[0].name && h.groups[0].leader == 0 &&
				     h.groups[0].nr_members == 2);
	TEST_ASSERT_VAL("named", h.groups[1].name && !strcmp(h.groups[1].name, "mygrp") &&
				 h.groups[1].leader == 3 && h.groups[1].nr_members == 3);
	TEST_ASSERT_VAL("as perf writes it", !memcmp(b.data + 8, "{anon_group}", 13));
	h.nr_attrs = 0;		/* there are none to free */
	perf_header__exit(&h);
	buf__release(&b);
	perf_header__encode_group_desc(&b, groups, 0);
	TEST_ASSERT_VAL("no groups, no feature", !b.err && !b.len);
	memset(&h, 0, sizeof(h));
	h.nr_attrs = 2;
	TEST_ASSERT_VAL("none in the file", !perf_header__decode_group_desc(&h, base) &&
					    !h.nr_groups && !h.groups);
	return TEST_OK;
}

/* Groups that cannot be laid over the attrs are refused whole. */
static int test_group_desc_bad(void)
{
	static const struct {
		struct perf_header_group g[2];
		int nr, nr_attrs;
	} cases[] = {
		{ { { NULL, 0, 2 }, { NULL, 1, 2 } }, 2, 4 },	/* overlap */
		{ { { NULL, 2, 2 }, { NULL, 0, 2 } }, 2, 4 },	/* out of order */
		{ { { NULL, 0, 0 } }, 1, 4 },			/* no member */
		{ { { NULL, 3, 2 } }, 1, 4 },			/* past the attrs */
		{ { { NULL, ~0U, 2 } }, 1, 4 },		/* wrapping */
		{ { { NULL, 1, ~0U } }, 1, 4 },
		{ { { NULL, 0, 1 }, { NULL, 1, 1 } }, 2, 1 },	/* more groups than attrs */
	};
	struct buf b = BUF_INIT;
	struct perf_header h;
	char base[1024];
	uint32_t huge = ~0U;
	size_t i, len;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		perf_header__encode_group_desc(&b, cases[i].g, cases[i].nr);
		group_header(&h, cases[i].nr_attrs, base, 8, &b);
		TEST_ASSERT_VAL("refused", perf_header__decode_group_desc(&h, base) == -EINVAL);
		TEST_ASSERT_VAL("and no groups left", !h.nr_groups && !h.groups);
		buf__release(&b);
	}
	/* A count that would make a huge allocation. */
	perf_header__encode_group_desc(&b, cases[0].g, 1);
	memcpy(b.data, &huge, 4);
	group_header(&h, 4, base, 8, &b);
	TEST_ASSERT_VAL("huge count", perf_header__decode_group_desc(&h, base) == -EINVAL);
	buf__release(&b);
	/* Cut anywhere: refused, never read past the section. */
	perf_header__encode_group_desc(&b, cases[0].g, 2);
	for (len = 0; len < b.len; len++) {
		group_header(&h, 4, base, 8, &b);
		h.feat[HEADER_GROUP_DESC].size = len;
		memset(base + 8 + len, 'x', b.len - len);
		TEST_ASSERT_VAL("cut", perf_header__decode_group_desc(&h, base) == -EINVAL &&
				       !h.nr_groups);
	}
	buf__release(&b);
	return TEST_OK;
}

const struct test_case header_tests[] = {
	{ "header: HEADER_GROUP_DESC round trip, anonymous and named", test_group_desc },
	{ "header: HEADER_GROUP_DESC that does not fit the attrs, or is cut, is refused",
	  test_group_desc_bad },
	{ "header: write/read round trip (attrs, ids, data, features)", test_round_trip },
	{ "header: data size 0 means up to the end of the file", test_unfinished },
	{ "header: corrupt and truncated headers give offset errors", test_corrupt },
	{ NULL, NULL },
};
