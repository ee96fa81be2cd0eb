// SPDX-License-Identifier: GPL-2.0
/* The process-wide cache of ELF symbol tables and build-ids (util/symtab-cache.c). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tests.h"
#include "util/build-id.h"
#include "util/event.h"
#include "util/symtab-cache.h"
#include "util/util.h"

/* Copies this test binary (an ELF file with symbols) to a new temporary file. */
static int copy_self(char *path, size_t size)
{
	char buf[65536];
	ssize_t n;
	int in, out, err = 0;

	snprintf(path, size, "/tmp/perf-symtab-cache-XXXXXX");
	out = mkstemp(path);
	if (out < 0)
		return -errno;
	in = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	while (in >= 0 && !err && (n = read(in, buf, sizeof(buf))) > 0)
		err = writen(out, buf, n);
	if (in < 0 || n < 0)
		err = -EIO;
	if (in >= 0)
		close(in);
	close(out);
	return err;
}

/* Gives @path another mtime, as a rebuild would. */
static int touch(const char *path, time_t sec)
{
	struct timespec ts[2] = { { sec, 0 }, { sec, 0 } };

	return utimensat(AT_FDCWD, path, ts, 0) ? -errno : 0;
}

static int test_shared_until_changed(void)
{
	const struct symtab *a = NULL, *b = NULL, *c = NULL;
	uint8_t bid1[BUILD_ID_SIZE], bid2[BUILD_ID_SIZE];
	char path[64];
	int n1, n2;

	TEST_ASSERT_VAL("copy", !copy_self(path, sizeof(path)));
	TEST_ASSERT_VAL("touch", !touch(path, 1000000000));
	TEST_ASSERT_VAL("load", !symtab_cache__load_elf(path, SYMTAB_FILE_OFFSET, &a) && a);
	TEST_ASSERT_VAL("symbols", a->nr > 10);
	TEST_ASSERT_VAL("again: the same table",
			!symtab_cache__load_elf(path, SYMTAB_FILE_OFFSET, &b) && b == a);
	TEST_ASSERT_VAL("by vaddr: a table of its own",
			!symtab_cache__load_elf(path, SYMTAB_VADDR, &c) && c && c != a);
	n1 = symtab_cache__read_build_id(path, bid1, sizeof(bid1));
	n2 = filename__read_build_id(path, bid2, sizeof(bid2));
	TEST_ASSERT_VAL("build-id as read", n1 == n2 && (n1 < 0 || !memcmp(bid1, bid2, n1)));
	/* Changed on disk: read anew; the old table stays valid for whoever holds it. */
	TEST_ASSERT_VAL("rebuilt", !touch(path, 1000000001));
	TEST_ASSERT_VAL("changed: a new table",
			!symtab_cache__load_elf(path, SYMTAB_FILE_OFFSET, &b) && b && b != a);
	TEST_ASSERT_VAL("old one intact", a->nr == b->nr && symtab__find(a, a->syms[0].start));
	unlink(path);
	TEST_ASSERT_VAL("gone", symtab_cache__load_elf(path, SYMTAB_FILE_OFFSET, &b) == -ENOENT &&
				!b);
	TEST_ASSERT_VAL("gone: no build-id",
			symtab_cache__read_build_id(path, bid1, sizeof(bid1)) == -ENOENT);
	return TEST_OK;
}

static int test_not_kept(void)
{
	const struct symtab *st = (const void *)1;
	uint8_t bid[BUILD_ID_SIZE];
	char path[64];
	int fd;

	/* Not a file that could be read again alike: the caller loads it itself. */
	snprintf(path, sizeof(path), "/tmp/perf-symtab-cache-fifo-%d", getpid());
	TEST_ASSERT_VAL("mkfifo", !mkfifo(path, 0600));
	TEST_ASSERT_VAL("FIFO left to the caller",
			symtab_cache__load_elf(path, SYMTAB_FILE_OFFSET, &st) == -ENOSPC && !st);
	/* ...whose loaders refuse it at once rather than wait for a writer. */
	TEST_ASSERT_VAL("FIFO: no build-id, no wait",
			symtab_cache__read_build_id(path, bid, sizeof(bid)) == -EINVAL);
	unlink(path);
	/* Not ELF: the answer is kept and given again. */
	snprintf(path, sizeof(path), "/tmp/perf-symtab-cache-XXXXXX");
	fd = mkstemp(path);
	TEST_ASSERT_VAL("temp", fd >= 0 && writen(fd, "not an ELF file\n", 16) == 0);
	close(fd);
	TEST_ASSERT_VAL("not ELF", symtab_cache__load_elf(path, SYMTAB_FILE_OFFSET, &st) == -EINVAL);
	TEST_ASSERT_VAL("not ELF, again",
			symtab_cache__load_elf(path, SYMTAB_FILE_OFFSET, &st) == -EINVAL && !st);
	unlink(path);
	return TEST_OK;
}

const struct test_case symtab_cache_tests[] = {
	{ "symtab-cache: one table per file until it changes", test_shared_until_changed },
	{ "symtab-cache: FIFOs are not kept, nor waited on; non-ELF files are", test_not_kept },
	{ NULL, NULL },
};
