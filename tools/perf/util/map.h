/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_MAP_H
#define __PERF_MAP_H

#include <stddef.h>
#include <stdint.h>

struct dso;

/* [start, end) of an address space backed by @dso from file offset @pgoff. */
struct map {
	uint64_t start;
	uint64_t end;
	uint64_t pgoff;
	struct dso *dso;
};

/*
 * One address space: non-overlapping maps, kept sorted by start so a
 * lookup is a binary search.  A new map replaces whatever it overlaps,
 * as a new mmap() does.
 */
struct maps {
	struct map *entries;
	size_t nr;
	size_t alloc;
	uint64_t version;	/* changes with every change, never the same for two states */
};

/* The nearest map wholly below @addr, if no map holds @addr; else NULL. */
struct map *maps__find_below(const struct maps *maps, uint64_t addr);

/* Inserts @map, trimming or splitting the maps it overlaps. Returns 0 or -ENOMEM. */
int maps__insert(struct maps *maps, const struct map *map);

/* Returns the map containing @addr, or NULL. */
struct map *maps__find(const struct maps *maps, uint64_t addr);

/* Removes @map, which must be one of @maps' entries. */
void maps__remove(struct maps *maps, struct map *map);

/* Makes @dst a copy of @src (a forked child's address space). Returns 0 or -ENOMEM. */
int maps__copy(struct maps *dst, const struct maps *src);

/* Frees the entries; the DSOs are not the maps' to free. */
void maps__exit(struct maps *maps);

#endif /* __PERF_MAP_H */
