// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cpumap.h"
#include "util.h"

#define MAX_CPU	4096

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static int parse_cpu(const char **p, int *cpu)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)**p))
		return -EINVAL;
	v = strtol(*p, &end, 10);
	if (v < 0 || v >= MAX_CPU)
		return -EINVAL;
	*cpu = v;
	*p = end;
	return 0;
}

int cpu_map__parse(struct cpu_map *map, const char *list)
{
	const char *p = list;
	char seen[MAX_CPU] = { 0 };
	int lo, hi, c, n = 0;

	map->nr = 0;
	map->cpus = NULL;
	while (*p && *p != '\n') {
		if (parse_cpu(&p, &lo))
			return -EINVAL;
		hi = lo;
		if (*p == '-') {
			p++;
			if (parse_cpu(&p, &hi) || hi < lo)
				return -EINVAL;
		}
		for (c = lo; c <= hi; c++)
			seen[c] = 1;
		if (*p == ',')
			p++;
		else if (*p && *p != '\n')
			return -EINVAL;
	}
	for (c = 0; c < MAX_CPU; c++)
		n += seen[c];
	if (!n)
		return -EINVAL;
	map->cpus = malloc(n * sizeof(int));
	if (!map->cpus)
		return -ENOMEM;
	for (c = 0; c < MAX_CPU; c++)
		if (seen[c])
			map->cpus[map->nr++] = c;
	qsort(map->cpus, map->nr, sizeof(int), cmp_int);
	return 0;
}

int cpu_map__online(struct cpu_map *map)
{
	char buf[4096];
	ssize_t n = read_small_file("/sys/devices/system/cpu/online", buf, sizeof(buf));

	if (n < 0)
		return n;
	return cpu_map__parse(map, buf);
}

int cpu_map__any(struct cpu_map *map)
{
	map->cpus = malloc(sizeof(int));
	if (!map->cpus)
		return -ENOMEM;
	map->cpus[0] = -1;
	map->nr = 1;
	return 0;
}

void cpu_map__exit(struct cpu_map *map)
{
	free(map->cpus);
	map->cpus = NULL;
	map->nr = 0;
}
