// SPDX-License-Identifier: GPL-2.0
/* The ring-buffer reader against a ring that this test fills, across wrap-around. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tests.h"
#include "util/mmap.h"

#define RING_SIZE	4096

struct fake_ring {
	char *mem;
	size_t len;
	struct perf_event_mmap_page *pc;
	uint64_t head;
};

static int ring__init(struct fake_ring *r, uint64_t start)
{
	size_t psize = sysconf(_SC_PAGESIZE);

	r->len = psize + RING_SIZE;
	r->mem = aligned_alloc(psize, r->len);
	if (!r->mem)
		return -1;
	memset(r->mem, 0xee, r->len);
	r->pc = (void *)r->mem;
	memset(r->pc, 0, sizeof(*r->pc));
	r->pc->data_offset = psize;
	r->pc->data_size = RING_SIZE;
	r->pc->data_tail = start;
	r->pc->data_head = start;
	r->head = start;
	return 0;
}

/* Writes a record of @size bytes whose payload bytes are @seed + i, as the kernel would. */
static void ring__put(struct fake_ring *r, uint16_t size, uint8_t seed)
{
	char rec[RING_SIZE];
	struct perf_event_header h = { .type = PERF_RECORD_SAMPLE, .misc = seed, .size = size };
	char *data = r->mem + r->pc->data_offset;
	uint16_t i;

	memcpy(rec, &h, sizeof(h));
	for (i = sizeof(h); i < size; i++)
		rec[i] = (char)(seed + i);
	for (i = 0; i < size; i++)
		data[(r->head + i) & (RING_SIZE - 1)] = rec[i];
	r->head += size;
	__atomic_store_n(&r->pc->data_head, r->head, __ATOMIC_RELEASE);
}

static int check_record(const union perf_event *ev, uint16_t size, uint8_t seed)
{
	const char *p = (const char *)ev;
	uint16_t i;

	if (ev->header.size != size || ev->header.misc != seed)
		return -1;
	for (i = sizeof(ev->header); i < size; i++)
		if (p[i] != (char)(seed + i))
			return -1;
	return 0;
}

/*
 * Starting at every 8-byte position near the end of the ring, writes
 * records of assorted sizes so that headers and bodies straddle the
 * wrap point, then reads them back through the reader.
 */
static int test_wrap(void)
{
	static const uint16_t sizes[] = { 8, 16, 40, 24, 1000, 8, 64, 2040, 32 };
	uint64_t start;

	for (start = RING_SIZE - 64; start < RING_SIZE + 64; start += 8) {
		struct fake_ring r;
		struct perf_mmap *m = calloc(1, sizeof(*m));
		const union perf_event *ev;
		size_t round, i, n;

		TEST_ASSERT_VAL("alloc", m && !ring__init(&r, start * 3));
		TEST_ASSERT_VAL("init", !perf_mmap__init(m, r.mem, r.len));
		for (round = 0; round < 4; round++) {
			for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
				ring__put(&r, sizes[i], (uint8_t)(round * 16 + i));
			TEST_ASSERT_VAL("data", !perf_mmap__read_init(m));
			for (n = 0; (ev = perf_mmap__read_event(m)); n++) {
				TEST_ASSERT_VAL("count", n < sizeof(sizes) / sizeof(sizes[0]));
				TEST_ASSERT_VAL("record intact",
						!check_record(ev, sizes[n], (uint8_t)(round * 16 + n)));
			}
			TEST_ASSERT_VAL("all records", n == sizeof(sizes) / sizeof(sizes[0]));
			TEST_ASSERT_VAL("not broken", !m->broken);
			perf_mmap__consume(m);
			TEST_ASSERT_VAL("tail published", r.pc->data_tail == r.head);
			TEST_ASSERT_VAL("empty now", perf_mmap__read_init(m) != 0);
		}
		free(r.mem);
		free(m);
	}
	return TEST_OK;
}

/* A record claiming size 0 or more than the ring holds must not hang or overrun the reader. */
static int test_corrupt(void)
{
	struct perf_mmap *m = calloc(1, sizeof(*m));
	struct fake_ring r;
	int n = 0;

	TEST_ASSERT_VAL("alloc", m && !ring__init(&r, 100));
	TEST_ASSERT_VAL("init", !perf_mmap__init(m, r.mem, r.len));
	ring__put(&r, 16, 1);
	ring__put(&r, 16, 2);
	/* Turn the second record's size into 4. */
	*(uint16_t *)(r.mem + r.pc->data_offset + ((100 + 16 + 6) & (RING_SIZE - 1))) = 4;
	ring__put(&r, 24, 3);
	TEST_ASSERT_VAL("data", !perf_mmap__read_init(m));
	while (perf_mmap__read_event(m))
		n++;
	TEST_ASSERT_VAL("first record read", n == 1);
	TEST_ASSERT_VAL("broken noticed", m->broken);
	perf_mmap__consume(m);
	TEST_ASSERT_VAL("skipped to the head", r.pc->data_tail == r.head);
	free(r.mem);
	free(m);
	return TEST_OK;
}

/* Sizes the kernel would never give a ring must be refused at setup. */
static int test_bad_geometry(void)
{
	struct perf_mmap *m = calloc(1, sizeof(*m));
	struct fake_ring r;

	TEST_ASSERT_VAL("alloc", m && !ring__init(&r, 0));
	r.pc->data_size = RING_SIZE - 8;
	TEST_ASSERT_VAL("not a power of two", perf_mmap__init(m, r.mem, r.len) < 0);
	r.pc->data_size = RING_SIZE * 2;
	TEST_ASSERT_VAL("larger than the mapping", perf_mmap__init(m, r.mem, r.len) < 0);
	free(r.mem);
	free(m);
	return TEST_OK;
}

const struct test_case mmap_tests[] = {
	{ "mmap: records straddling the ring's end read back intact", test_wrap },
	{ "mmap: a corrupt record size skips to the head", test_corrupt },
	{ "mmap: impossible ring geometry refused", test_bad_geometry },
	{ NULL, NULL },
};
