/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_SYMTAB_CACHE_H
#define __PERF_SYMTAB_CACHE_H

#include <stddef.h>
#include <stdint.h>
#include "symbol.h"

struct dso;

/*
 * What one process reads from an ELF file, read once: perf diff loads
 * the same libc for both of its files, and the fuzzer for every input.
 * A file is known by its path and its identity (device, inode, size,
 * mtime), so one that changes on disk is read anew.  The symbol tables
 * are shared and live until the process exits; past a budget of memory,
 * new ones are left to the caller to load and own.
 */

/* The build-id of ELF file @path, as filename__read_build_id() reads it: its size or -errno. */
int symtab_cache__read_build_id(const char *path, uint8_t *bid, size_t size);

/*
 * The symbols of ELF file @path as symtab__load_elf(@mode) reads them,
 * shared: *@st must not be changed or freed.  Returns 0, -errno as
 * symtab__load_elf() (then *@st is NULL), or -ENOSPC when the cache
 * holds no more (or the file changed while it was read): load it yourself.
 */
int symtab_cache__load_elf(const char *path, enum symtab_addr mode, const struct symtab **st);

/*
 * Gives DSO @d the shared symbols of its ELF file @path, with file
 * offsets for addresses.  Returns as symtab_cache__load_elf(); on
 * -ENOSPC @d is left as it was.
 */
int symtab_cache__load_dso(struct dso *d, const char *path);

#endif /* __PERF_SYMTAB_CACHE_H */
