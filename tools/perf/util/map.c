// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "map.h"

static int maps__reserve(struct maps *maps, size_t extra)
{
	size_t want = maps->nr + extra;
	struct map *p;

	if (want <= maps->alloc)
		return 0;
	want = want < 16 ? 16 : want * 2;
	p = realloc(maps->entries, want * sizeof(*p));
	if (!p)
		return -ENOMEM;
	maps->entries = p;
	maps->alloc = want;
	return 0;
}

/*
 * One counter for all address spaces: a version is never reused, even by
 * a process that takes the pid of one that exited, so that caches keyed
 * by it cannot mistake one state of the maps for another.
 */
static uint64_t maps_versions;

static void maps__changed(struct maps *maps)
{
	maps->version = ++maps_versions;
}

/* Index of the first map that ends after @addr. */
static size_t maps__lower_bound(const struct maps *maps, uint64_t addr)
{
	size_t lo = 0, hi = maps->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (maps->entries[mid].end <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int maps__insert(struct maps *maps, const struct map *map)
{
	struct map *e, before = { 0 }, after = { 0 };
	size_t i, j;
	int nr_new;

	if (map->end <= map->start)
		return 0;
	/* Two extra slots: the new map, and a split of one old map in two. */
	if (maps__reserve(maps, 2))
		return -ENOMEM;
	i = maps__lower_bound(maps, map->start);
	for (j = i; j < maps->nr && maps->entries[j].start < map->end; j++)
		;
	/* entries [i, j) overlap the new map; keep what sticks out on either side. */
	if (i < j && maps->entries[i].start < map->start) {
		before = maps->entries[i];
		before.end = map->start;
	}
	if (i < j && maps->entries[j - 1].end > map->end) {
		after = maps->entries[j - 1];
		after.pgoff += map->end - after.start;
		after.start = map->end;
	}
	nr_new = 1 + (before.end != 0) + (after.end != 0);
	memmove(maps->entries + i + nr_new, maps->entries + j,
		(maps->nr - j) * sizeof(*maps->entries));
	maps->nr = maps->nr - (j - i) + nr_new;
	maps__changed(maps);
	e = maps->entries + i;
	if (before.end)
		*e++ = before;
	*e++ = *map;
	if (after.end)
		*e = after;
	return 0;
}

struct map *maps__find(const struct maps *maps, uint64_t addr)
{
	size_t i = maps__lower_bound(maps, addr);

	if (i < maps->nr && maps->entries[i].start <= addr)
		return &maps->entries[i];
	return NULL;
}

struct map *maps__find_below(const struct maps *maps, uint64_t addr)
{
	size_t i = maps__lower_bound(maps, addr);

	if (i < maps->nr && maps->entries[i].start <= addr)
		return NULL;
	return i ? &maps->entries[i - 1] : NULL;
}

void maps__remove(struct maps *maps, struct map *map)
{
	size_t i = map - maps->entries;

	memmove(map, map + 1, (maps->nr - i - 1) * sizeof(*map));
	maps->nr--;
	maps__changed(maps);
}

int maps__copy(struct maps *dst, const struct maps *src)
{
	dst->nr = 0;
	if (maps__reserve(dst, src->nr))
		return -ENOMEM;
	if (src->nr)
		memcpy(dst->entries, src->entries, src->nr * sizeof(*src->entries));
	dst->nr = src->nr;
	maps__changed(dst);
	return 0;
}

void maps__exit(struct maps *maps)
{
	free(maps->entries);
	memset(maps, 0, sizeof(*maps));
}
