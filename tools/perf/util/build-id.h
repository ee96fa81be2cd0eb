/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_BUILD_ID_H
#define __PERF_BUILD_ID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "buf.h"

struct dso;
struct machine;

#define SBUILD_ID_SIZE	(2 * 20 + 1)

/* Reads the GNU build-id note of ELF file @path. Returns its size or -errno. */
int filename__read_build_id(const char *path, uint8_t *bid, size_t size);

/* Reads the GNU build-id from a raw ELF notes blob file (/sys/kernel/notes). Returns size or -errno. */
int sysfs__read_build_id(const char *path, uint8_t *bid, size_t size);

/* Points @image at this process's vDSO, @len bytes long. Returns 0 or -ENOENT. */
int vdso__image(const char **image, size_t *len);

/* The build-id of loaded module "[name]" (or ".../name.ko[.xz]"), from sysfs. Returns its size or -errno. */
int kmodule__read_build_id(const char *dso_name, uint8_t *bid, size_t size);

/* Copies this machine's vDSO into a new temporary file, named in @path. Returns 0 or -errno. */
int vdso__save(char *path, size_t size);

/* Looks up @dso's build-id where it lives (file, kernel notes, module notes, vDSO). Returns 0 or -errno. */
int dso__read_build_id(struct dso *dso);

/* Formats @size bytes of @bid as lowercase hex into @out (at least 2*size+1 bytes). */
void build_id__sprintf(const uint8_t *bid, size_t size, char *out);

/* Appends @dso's HEADER_BUILD_ID entry (of machine @pid; @guest: a guest's) to @b. */
void dso__encode_build_id(struct buf *b, const struct dso *dso, pid_t pid, bool guest);

/*
 * Encodes the HEADER_BUILD_ID feature: one entry for each DSO of @m
 * that was hit and whose build-id is known.  Returns how many entries.
 */
int machine__encode_build_ids(struct machine *m, struct buf *b);

/*
 * Encodes a HEADER_BUILD_ID entry for the kernel of each guest <pid> of
 * @guestmount whose build-id <pid>/sys/kernel/notes gives (named
 * "[guest.kernel.kallsyms.<pid>]", in guest kernel mode), and caches
 * its kallsyms and modules when @cache.  Returns how many guests have
 * an entry, or -errno if @guestmount cannot be read; *@cache_err is the
 * first error of caching, 0 if none.
 */
int guestmount__encode_build_ids(const char *guestmount, struct buf *b, bool cache,
				 int *cache_err);

#endif /* __PERF_BUILD_ID_H */
