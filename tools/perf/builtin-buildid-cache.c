// SPDX-License-Identifier: GPL-2.0
/*
 * perf buildid-cache: add binaries to the build-id cache, remove them,
 * list what it holds, in Linux perf's layout (util/build-id-cache.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "builtin.h"
#include "util/build-id.h"
#include "util/build-id-cache.h"
#include "util/debug.h"
#include "util/event.h"
#include "util/parse-options.h"
#include "util/util.h"

#define KERNEL_NOTES	"/sys/kernel/notes"
#define KERNEL_NAME	"[kernel.kallsyms]"

static const char * const buildid_cache_usage[] = {
	"perf buildid-cache [<options>]",
	NULL
};

/* The build-id of ELF @file, and as hex. Returns 0 or -errno. */
static int file__hex_build_id(const char *file, uint8_t *bid, int *size, char *hex)
{
	int n = filename__read_build_id(file, bid, BUILD_ID_SIZE);

	if (n < 0)
		return n;
	if (!n)
		return -ENODATA;
	*size = n;
	build_id__sprintf(bid, n, hex);
	return 0;
}

static int cache__add(const char *file)
{
	uint8_t bid[BUILD_ID_SIZE];
	char hex[SBUILD_ID_SIZE], *real = realpath(file, NULL);
	struct build_id_cache_src src = { 0 };
	struct stat st;
	int size = 0, err;

	if (!real || stat(real, &st)) {
		err = -errno;
		pr_warning("Couldn't add %s: %s\n", file, strerror(-err));
		goto out;
	}
	err = file__hex_build_id(real, bid, &size, hex);
	if (err) {
		pr_warning("Couldn't add %s: not an ELF file with a build-id\n", file);
		goto out;
	}
	src.path = real;
	src.mode = st.st_mode & 0777;
	err = build_id_cache__add(real, bid, size, BUILD_ID_CACHE_ELF, &src);
	pr_debug("Adding %s %s: %s\n", hex, file, err ? "FAIL" : "Ok");
	if (err)
		pr_warning("Couldn't add %s: %s\n", file, build_id_cache__strerror(err));
out:
	free(real);
	return err;
}

static int cache__remove(const char *file)
{
	uint8_t bid[BUILD_ID_SIZE];
	char hex[SBUILD_ID_SIZE], root[PATH_MAX];
	int size, err;

	if (access(file, F_OK)) {
		err = -errno;
		pr_warning("Couldn't remove %s: %s\n", file, strerror(-err));
		return err;
	}
	err = file__hex_build_id(file, bid, &size, hex);
	if (err) {
		pr_warning("Couldn't remove %s: not an ELF file with a build-id\n", file);
		return err;
	}
	err = build_id_cache__remove(bid, size);
	pr_debug("Removing %s %s: %s\n", hex, file, err ? "FAIL" : "Ok");
	if (err == -ENOENT) {
		/* As in Linux perf: not being there is what was asked for. */
		pr_debug("%s wasn't in the cache\n", file);
		return 0;
	}
	if (err == -EXDEV) {
		if (build_id_cache__root(root, sizeof(root)))
			root[0] = '\0';
		pr_warning("the cache entry of %s led out of %s: removed its link only\n",
			   file, root);
	} else if (err) {
		pr_warning("Couldn't remove %s: %s\n", file, build_id_cache__strerror(err));
	}
	return err;
}

/* Runs @fn on each file of the comma-separated @list. Returns the first error. */
static int for_each_file(const char *list, int (*fn)(const char *file))
{
	char *copy = strdup(list), *save = NULL, *tok;
	int err = 0, ret;

	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		ret = fn(tok);
		if (ret && !err)
			err = ret;
	}
	free(copy);
	return err;
}

/*
 * As Linux perf lists them: only the entries whose binary is still there
 * with that build-id (and the running kernel's); a [vdso] is never listed.
 */
static int list__one(const char *hex, const char *name, void *arg __maybe_unused)
{
	uint8_t bid[BUILD_ID_SIZE];
	char have[SBUILD_ID_SIZE];
	int n;

	if (!strcmp(name, KERNEL_NAME))
		n = sysfs__read_build_id(KERNEL_NOTES, bid, sizeof(bid));
	else if (name[0] == '/')
		n = filename__read_build_id(name, bid, sizeof(bid));
	else
		return 0;
	if (n <= 0)
		return 0;
	build_id__sprintf(bid, n, have);
	if (!strcmp(have, hex))
		printf("%s %s\n", hex, name);
	return 0;
}

static int cache__list(void)
{
	int err = build_id_cache__for_each(list__one, NULL);

	if (err == -ENOENT)
		return 0;
	if (err)
		pr_err("cannot read the build-id cache: %s\n", strerror(-err));
	return err;
}

int cmd_buildid_cache(int argc, const char **argv)
{
	const char *add = NULL, *remove = NULL;
	bool list = false;
	const struct option options[] = {
		OPT_STRING('a', "add", &add, "file list", "file(s) to add"),
		OPT_BOOLEAN('l', "list", &list, "list all cached files"),
		OPT_STRING('r', "remove", &remove, "file list", "file(s) to remove"),
		OPT_INCR('v', "verbose", &verbose, "be more verbose"),
		OPT_BOOLEAN('q', "quiet", &quiet, "do not print warnings"),
		OPT_END()
	};
	int err = 0, ret;

	argc = parse_options(argc, argv, options, buildid_cache_usage, 0);
	if (argc < 0)
		return parse_options_exit(argc);
	if (argc || (!add && !remove && !list)) {
		if (argc)
			pr_err("unexpected argument '%s'\n", argv[0]);
		usage_with_options(buildid_cache_usage, options, true);
		return 129;
	}
	if (list && (add || remove)) {
		pr_err("-l is exclusive.\n");
		usage_with_options(buildid_cache_usage, options, true);
		return 129;
	}
	if (list)
		return cache__list() ? 1 : 0;
	if (add)
		err = for_each_file(add, cache__add);
	if (remove) {
		ret = for_each_file(remove, cache__remove);
		if (!err)
			err = ret;
	}
	return err ? 1 : 0;
}
