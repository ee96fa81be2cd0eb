// SPDX-License-Identifier: GPL-2.0
/* The build-id cache: Linux perf's layout, and no way out of its root. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tests.h"
#include "util/build-id-cache.h"
#include "util/util.h"

static const uint8_t bid_a[20] = { 0xaa, 0x01, 0x02, 0x03 };
static const uint8_t bid_b[20] = { 0x0b, 0x01, 0x02, 0x03 };
#define HEX_A	"aa01020300000000000000000000000000000000"
#define HEX_B	"0b01020300000000000000000000000000000000"

static char root[64];

static int rm_one(const char *path, const struct stat *sb __maybe_unused, int flag __maybe_unused,
		  struct FTW *ftw __maybe_unused)
{
	return remove(path);
}

/* A fresh cache root of the test's own, in PERF_BUILDID_DIR. */
static int cache_setup(void)
{
	snprintf(root, sizeof(root), "/tmp/perf-bic-test-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	return setenv("PERF_BUILDID_DIR", root, 1);
}

static void cache_teardown(void)
{
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	unsetenv("PERF_BUILDID_DIR");
}

static int add_text(const char *name, const uint8_t *bid, const char *file, const char *text)
{
	struct build_id_cache_src src = { .data = text, .len = strlen(text), .mode = 0644 };

	return build_id_cache__add(name, bid, 20, file, &src);
}

static bool file_is(const char *path, const char *text)
{
	char buf[256];
	ssize_t n = read_small_file(path, buf, sizeof(buf));

	return n >= 0 && !strcmp(buf, text);
}

/* How many entries the root holds, itself included. */
static int nr_entries;

static int count_one(const char *path __maybe_unused, const struct stat *sb __maybe_unused,
		     int flag __maybe_unused, struct FTW *ftw __maybe_unused)
{
	nr_entries++;
	return 0;
}

static int root_entries(void)
{
	nr_entries = 0;
	nftw(root, count_one, 16, FTW_PHYS);
	return nr_entries;
}

static int test_add_find(void)
{
	char path[PATH_MAX], want[PATH_MAX], target[PATH_MAX];
	ssize_t n;

	TEST_ASSERT_VAL("setup", !cache_setup());
	TEST_ASSERT_VAL("add", !add_text("/usr//lib/x.so", bid_a, BUILD_ID_CACHE_ELF, "one"));
	TEST_ASSERT_VAL("find", !build_id_cache__find(bid_a, 20, BUILD_ID_CACHE_ELF, path,
						       sizeof(path)));
	snprintf(want, sizeof(want), "%s/usr/lib/x.so/" HEX_A "/elf", root);
	TEST_ASSERT_VAL("found at <path>/<build-id>/elf", !strcmp(path, want));
	TEST_ASSERT_VAL("its contents", file_is(path, "one"));
	snprintf(path, sizeof(path), "%s/.build-id/aa/%s", root, HEX_A + 2);
	n = readlink(path, target, sizeof(target) - 1);
	TEST_ASSERT_VAL("the link", n > 0);
	target[n] = '\0';
	TEST_ASSERT_VAL("the link as Linux perf writes it",
			!strcmp(target, "../../usr/lib/x.so/" HEX_A));
	TEST_ASSERT_VAL("a cached file is kept",
			!add_text("/usr/lib/x.so", bid_a, BUILD_ID_CACHE_ELF, "two"));
	TEST_ASSERT_VAL("kept as it was", file_is(want, "one"));
	TEST_ASSERT_VAL("another file of the same entry",
			!add_text("[kernel.kallsyms]", bid_b, BUILD_ID_CACHE_KALLSYMS, "k"));
	TEST_ASSERT_VAL("not asked for: absent", build_id_cache__find(bid_b, 20, BUILD_ID_CACHE_ELF,
								       path, sizeof(path)) == -ENOENT);
	TEST_ASSERT_VAL("not cached", build_id_cache__find(bid_a, 19, BUILD_ID_CACHE_ELF,
							    path, sizeof(path)) == -ENOENT);
	cache_teardown();
	return TEST_OK;
}

static int test_bad_names(void)
{
	static const char * const bad[] = {
		"", "relative/x", "/", "//", "/a/../b", "/a/./b", "/..", "[a/b]", "[x",
		"[]", "/a/b/..", "/a/b/.",
	};
	size_t i;

	TEST_ASSERT_VAL("setup", !cache_setup());
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		TEST_ASSERT_VAL(bad[i], add_text(bad[i], bid_a, BUILD_ID_CACHE_ELF, "x") == -EINVAL);
	TEST_ASSERT_VAL("bad sizes", build_id_cache__add("/x", bid_a, 0, "elf", NULL) == -EINVAL &&
				     build_id_cache__add("/x", bid_a, 21, "elf", NULL) == -EINVAL);
	TEST_ASSERT_VAL("nothing was created", root_entries() == 1);
	cache_teardown();
	return TEST_OK;
}

/* Links out of the root, whatever their shape, are not followed. */
static int test_escapes(void)
{
	static const char * const links[] = {
		"../../../outside/" HEX_A, "/tmp/outside/" HEX_A, "../../x/../../outside/" HEX_A,
		"../../x/" HEX_B, "../" HEX_A, "../../" HEX_A,
	};
	char path[PATH_MAX], dir[PATH_MAX];
	size_t i;
	int err;

	TEST_ASSERT_VAL("setup", !cache_setup());
	TEST_ASSERT_VAL("add", !add_text("/x", bid_a, BUILD_ID_CACHE_ELF, "in"));
	snprintf(path, sizeof(path), "%s/.build-id/aa/%s", root, HEX_A + 2);
	for (i = 0; i < ARRAY_SIZE(links); i++) {
		char out[PATH_MAX];

		TEST_ASSERT_VAL("relink", !unlink(path) && !symlink(links[i], path));
		TEST_ASSERT_VAL(links[i], build_id_cache__find(bid_a, 20, BUILD_ID_CACHE_ELF, out,
							       sizeof(out)) == -EXDEV);
	}
	/* In the root, but through a symlinked directory. */
	snprintf(dir, sizeof(dir), "%s/y", root);
	TEST_ASSERT_VAL("symlinked dir", !symlink("x", dir));
	TEST_ASSERT_VAL("relink", !unlink(path) && !symlink("../../y/" HEX_A, path));
	TEST_ASSERT_VAL("through a symlinked directory",
			build_id_cache__find(bid_a, 20, BUILD_ID_CACHE_ELF, dir, sizeof(dir)) ==
			-EXDEV);
	TEST_ASSERT_VAL("remove: the link goes", build_id_cache__remove(bid_a, 20) == -EXDEV &&
						  access(path, F_OK) && errno == ENOENT);
	snprintf(dir, sizeof(dir), "%s/x/" HEX_A "/elf", root);
	TEST_ASSERT_VAL("remove: what it pointed to stays", file_is(dir, "in"));
	/* A symlink in the way of a new entry. */
	snprintf(dir, sizeof(dir), "%s/z", root);
	TEST_ASSERT_VAL("plant", !symlink("/tmp", dir));
	err = add_text("/z/w", bid_b, BUILD_ID_CACHE_ELF, "w");
	TEST_ASSERT_VAL("add through a symlink", err == -ELOOP || err == -ENOTDIR);
	cache_teardown();
	return TEST_OK;
}

static int list_one(const char *hex, const char *name, void *arg)
{
	char *out = arg;

	snprintf(out + strlen(out), 256 - strlen(out), "%s %s\n", hex, name);
	return 0;
}

static int test_list_remove(void)
{
	char out[256] = "", path[PATH_MAX];

	TEST_ASSERT_VAL("setup", !cache_setup());
	TEST_ASSERT_VAL("no cache", build_id_cache__for_each(list_one, out) == -ENOENT);
	TEST_ASSERT_VAL("add a", !add_text("/usr/bin/a", bid_a, BUILD_ID_CACHE_ELF, "a"));
	TEST_ASSERT_VAL("add b", !add_text("[kernel.kallsyms]", bid_b, BUILD_ID_CACHE_KALLSYMS,
					   "b"));
	TEST_ASSERT_VAL("list", !build_id_cache__for_each(list_one, out));
	TEST_ASSERT_VAL("in build-id order, names as perf lists them",
			!strcmp(out, HEX_B " [kernel.kallsyms]\n" HEX_A " /usr/bin/a\n"));
	TEST_ASSERT_VAL("remove", !build_id_cache__remove(bid_a, 20));
	TEST_ASSERT_VAL("removed", build_id_cache__find(bid_a, 20, BUILD_ID_CACHE_ELF, path,
							 sizeof(path)) == -ENOENT);
	snprintf(path, sizeof(path), "%s/usr/bin/a/" HEX_A, root);
	TEST_ASSERT_VAL("its directory too", access(path, F_OK) && errno == ENOENT);
	TEST_ASSERT_VAL("again: not cached", build_id_cache__remove(bid_a, 20) == -ENOENT);
	out[0] = '\0';
	TEST_ASSERT_VAL("list", !build_id_cache__for_each(list_one, out));
	TEST_ASSERT_VAL("the other stays", !strcmp(out, HEX_B " [kernel.kallsyms]\n"));
	cache_teardown();
	return TEST_OK;
}

static int test_root(void)
{
	char buf[PATH_MAX], *home = getenv("HOME"), *saved = home ? strdup(home) : NULL;
	int ok;

	unsetenv("PERF_BUILDID_DIR");
	setenv("HOME", "/h", 1);
	ok = !build_id_cache__root(buf, sizeof(buf)) && !strcmp(buf, "/h/.debug");
	setenv("PERF_BUILDID_DIR", "/b", 1);
	ok = ok && !build_id_cache__root(buf, sizeof(buf)) && !strcmp(buf, "/b");
	setenv("PERF_BUILDID_DIR", "", 1);
	unsetenv("HOME");
	ok = ok && build_id_cache__root(buf, sizeof(buf)) == -ENOENT;
	unsetenv("PERF_BUILDID_DIR");
	if (saved)
		setenv("HOME", saved, 1);
	free(saved);
	TEST_ASSERT_VAL("PERF_BUILDID_DIR, else $HOME/.debug, else none", ok);
	return TEST_OK;
}

const struct test_case build_id_cache_tests[] = {
	{ "build-id cache: add and find, in Linux perf's layout", test_add_find },
	{ "build-id cache: names that would leave the root are refused", test_bad_names },
	{ "build-id cache: links and symlinks out of the root are not followed", test_escapes },
	{ "build-id cache: list in build-id order, remove", test_list_remove },
	{ "build-id cache: its root", test_root },
	{ NULL, NULL },
};
