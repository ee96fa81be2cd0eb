/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_CPUMAP_H
#define __PERF_CPUMAP_H

/* A sorted set of CPU numbers; { -1 } stands for "any CPU" (per-thread events). */
struct cpu_map {
	int nr;
	int *cpus;
};

/* Parses a list like "0-3,6" into @map. Returns 0, -EINVAL or -ENOMEM. */
int cpu_map__parse(struct cpu_map *map, const char *list);

/* Fills @map with the online CPUs. Returns 0 or -errno. */
int cpu_map__online(struct cpu_map *map);

/* Makes @map the one-entry "any CPU" map. Returns 0 or -ENOMEM. */
int cpu_map__any(struct cpu_map *map);

/* Frees the entries. */
void cpu_map__exit(struct cpu_map *map);

#endif /* __PERF_CPUMAP_H */
