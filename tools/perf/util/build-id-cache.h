/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_BUILD_ID_CACHE_H
#define __PERF_BUILD_ID_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct machine;

/*
 * Linux perf's build-id cache, in its layout:
 *
 *   ROOT/<name>/<build-id>/<file>                  the saved copy
 *   ROOT/.build-id/<2 hex>/<rest of the hex>  ->  ../../<name>/<build-id>
 *
 * <name> is the DSO's path without its leading '/' ("usr/bin/true") or a
 * "[name]" ("[kernel.kallsyms]", "[vdso]"); <file> is "elf", "kallsyms",
 * "vdso" (and "modules" for guests).  ROOT is $PERF_BUILDID_DIR, else
 * $HOME/.debug.
 *
 * Names and links are untrusted: nothing here reads or writes outside
 * ROOT.  A name must be an absolute path without "." or ".." components,
 * or a single "[name]"; no symlink is followed inside ROOT but the
 * .build-id link, whose target must be "../../<name>/<its build-id>".
 */

#define BUILD_ID_CACHE_ELF	"elf"
#define BUILD_ID_CACHE_KALLSYMS	"kallsyms"
#define BUILD_ID_CACHE_VDSO	"vdso"
#define BUILD_ID_CACHE_MODULES	"modules"

/* The cache root into @buf: $PERF_BUILDID_DIR, else $HOME/.debug. Returns 0, -ENOENT or -ENAMETOOLONG. */
int build_id_cache__root(char *buf, size_t size);

/*
 * The path of the cached @file for build-id @bid (@size bytes) into @path:
 * a regular file inside the root reached without symlinks but the
 * .build-id link.  Returns 0, -ENOENT (not cached), -EXDEV (the entry
 * leads out of the root) or another -errno.
 */
int build_id_cache__find(const uint8_t *bid, size_t size, const char *file, char *path,
			 size_t len);

/* What to store: a file's contents (@path), or @len bytes at @data. */
struct build_id_cache_src {
	const char *path;
	const void *data;
	size_t len;
	mode_t mode;
};

/*
 * Stores @src as the @file of DSO @name with build-id @bid and links the
 * build-id to it, unless that file is cached already.  Concurrent adds
 * are safe: the copy is renamed into place.  Returns 0 or -errno:
 * -EINVAL for a name that is neither a clean absolute path nor "[name]",
 * -ELOOP or -ENOTDIR where a symlink or a file stands in the way.
 */
int build_id_cache__add(const char *name, const uint8_t *bid, size_t size, const char *file,
			const struct build_id_cache_src *src);

/*
 * Removes the entry of @bid: the files of the directory its link points
 * to, that directory and the link.  Returns 0, -ENOENT (not cached),
 * -EXDEV (the link leads out of the root) or another -errno.
 */
int build_id_cache__remove(const uint8_t *bid, size_t size);

/*
 * Calls @fn(hex build-id, DSO name, @arg) for each entry of the cache, in
 * build-id order; entries whose link leads out of the root are skipped.
 * Stops at the first non-zero return of @fn and returns it; else 0, or
 * -errno if the cache cannot be read (-ENOENT: there is none).
 */
int build_id_cache__for_each(int (*fn)(const char *hex, const char *name, void *arg), void *arg);

/*
 * Caches the DSOs of host machine @m that samples hit and whose build-id
 * is known: ELF files as they are on disk now (only while their build-id
 * is still the recorded one), the kernel's /proc/kallsyms and this
 * process's vDSO.  Modules resolve through the kernel's kallsyms.
 * Returns how many could not be cached; *@first_name (a DSO name, NULL
 * if none failed) and *@first_err say why the first one could not:
 * -ESTALE rebuilt since it was mapped, -EACCES /proc/kallsyms hides its
 * addresses, or what the cache said.
 */
int build_id_cache__add_hits(struct machine *m, const char **first_name, int *first_err);

/*
 * Caches a guest kernel's @kallsyms (and @modules, if not NULL) under
 * "[guest.kernel.kallsyms]" and its build-id @bid.  Returns 0 or -errno
 * (-EACCES: the kallsyms hides its addresses).
 */
int build_id_cache__add_guest(const uint8_t *bid, size_t size, const char *kallsyms,
			      const char *modules);

/* Why the cache refused to take or give up a file, for the user (@err a -errno from here). */
const char *build_id_cache__strerror(int err);

#endif /* __PERF_BUILD_ID_CACHE_H */
