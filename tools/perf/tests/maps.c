// SPDX-License-Identifier: GPL-2.0
/* Address spaces: overlap handling on insert, lookup, fork and exec. */
#include <string.h>
#include "tests.h"
#include "util/machine.h"
#include "util/map.h"
#include "util/util.h"

static int test_overlap(void)
{
	struct maps maps = { 0 };
	struct map a = { 0x1000, 0x5000, 0, NULL }, b = { 0x2000, 0x3000, 0x100, NULL };
	struct map c = { 0x0, 0x1800, 0, NULL }, *m;

	TEST_ASSERT_VAL("insert a", !maps__insert(&maps, &a));
	TEST_ASSERT_VAL("insert b inside a", !maps__insert(&maps, &b));
	TEST_ASSERT_VAL("a split in two", maps.nr == 3);
	m = maps__find(&maps, 0x4000);
	TEST_ASSERT_VAL("tail of a keeps its file offset", m && m->start == 0x3000 &&
							  m->pgoff == 0x2000);
	m = maps__find(&maps, 0x2fff);
	TEST_ASSERT_VAL("b found", m && m->pgoff == 0x100);
	TEST_ASSERT_VAL("insert c over the head", !maps__insert(&maps, &c));
	m = maps__find(&maps, 0x1900);
	TEST_ASSERT_VAL("head of a trimmed", m && m->start == 0x1800 && m->end == 0x2000);
	TEST_ASSERT_VAL("miss", !maps__find(&maps, 0x5000));
	maps__exit(&maps);
	return TEST_OK;
}

static int put_mmap(struct machine *m, uint32_t pid, uint64_t start, uint64_t len, const char *name)
{
	char buf[256];
	union perf_event *ev = (union perf_event *)buf;
	size_t size = sizeof(ev->mmap2) + PERF_ALIGN(strlen(name) + 1, 8);

	memset(buf, 0, sizeof(buf));
	ev->header.type = PERF_RECORD_MMAP2;
	ev->header.misc = PERF_RECORD_MISC_USER;
	ev->header.size = size;
	ev->mmap2.pid = ev->mmap2.tid = pid;
	ev->mmap2.start = start;
	ev->mmap2.len = len;
	strcpy(ev->mmap2.filename, name);
	return machine__process_mmap(m, ev);
}

static int test_fork_exec(void)
{
	union perf_event ev;
	struct machine m;
	struct map *map;

	TEST_ASSERT_VAL("init", !machine__init(&m, HOST_KERNEL_ID));
	TEST_ASSERT_VAL("mmap", !put_mmap(&m, 10, 0x400000, 0x1000, "/bin/a"));
	memset(&ev, 0, sizeof(ev));
	ev.header.type = PERF_RECORD_FORK;
	ev.header.size = sizeof(ev.fork);
	ev.fork.pid = ev.fork.tid = 11;
	ev.fork.ppid = ev.fork.ptid = 10;
	TEST_ASSERT_VAL("fork", !machine__process_fork(&m, &ev));
	map = machine__find_map(&m, 11, PERF_RECORD_MISC_USER, 0x400010);
	TEST_ASSERT_VAL("child inherits", map && !strcmp(map->dso->name, "/bin/a"));
	ev.header.type = PERF_RECORD_COMM;
	ev.header.misc = PERF_RECORD_MISC_COMM_EXEC;
	ev.header.size = sizeof(ev.comm) + 8;
	ev.comm.pid = ev.comm.tid = 11;
	TEST_ASSERT_VAL("exec", !machine__process_comm(&m, &ev));
	/* As in perf: frames of the old image, on chains inside execve(), still resolve... */
	map = machine__find_map(&m, 11, PERF_RECORD_MISC_USER, 0x400010);
	TEST_ASSERT_VAL("exec keeps until replaced", map && !strcmp(map->dso->name, "/bin/a"));
	/* ...until the new image's maps take their place. */
	TEST_ASSERT_VAL("new image", !put_mmap(&m, 11, 0x400000, 0x1000, "/bin/b"));
	map = machine__find_map(&m, 11, PERF_RECORD_MISC_USER, 0x400010);
	TEST_ASSERT_VAL("replaced", map && !strcmp(map->dso->name, "/bin/b"));
	map = machine__find_map(&m, 10, PERF_RECORD_MISC_USER, 0x400010);
	TEST_ASSERT_VAL("parent keeps", map && !strcmp(map->dso->name, "/bin/a"));
	machine__exit(&m);
	return TEST_OK;
}

/* A filename that is not NUL-terminated inside the record is refused. */
static int test_unterminated(void)
{
	char buf[sizeof(struct perf_record_mmap2) + 8];
	union perf_event *ev = (union perf_event *)buf;
	struct machine m;

	TEST_ASSERT_VAL("init", !machine__init(&m, HOST_KERNEL_ID));
	memset(buf, 'x', sizeof(buf));
	ev->header.type = PERF_RECORD_MMAP2;
	ev->header.misc = PERF_RECORD_MISC_USER;
	ev->header.size = sizeof(buf);
	TEST_ASSERT_VAL("refused", machine__process_mmap(&m, ev) == -22);
	machine__exit(&m);
	return TEST_OK;
}

const struct test_case maps_tests[] = {
	{ "maps: a new map trims and splits what it overlaps", test_overlap },
	{ "maps: fork copies the address space; exec keeps it until new maps replace it", test_fork_exec },
	{ "maps: an unterminated mmap filename is refused", test_unterminated },
	{ NULL, NULL },
};
