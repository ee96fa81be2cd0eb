// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "thread_map.h"

int thread_map__from_pid(struct thread_map *map, pid_t pid)
{
	char path[64];
	struct dirent *de;
	int alloc = 0;
	DIR *dir;

	map->nr = 0;
	map->tids = NULL;
	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	dir = opendir(path);
	if (!dir)
		return errno == ENOENT ? -ESRCH : -errno;
	while ((de = readdir(dir))) {
		char *end;
		long tid = strtol(de->d_name, &end, 10);

		if (*end || tid <= 0)
			continue;
		if (map->nr == alloc) {
			pid_t *p = realloc(map->tids, (alloc = alloc * 2 + 8) * sizeof(*p));

			if (!p) {
				closedir(dir);
				thread_map__exit(map);
				return -ENOMEM;
			}
			map->tids = p;
		}
		map->tids[map->nr++] = tid;
	}
	closedir(dir);
	return map->nr ? 0 : -ESRCH;
}

int thread_map__single(struct thread_map *map, pid_t tid)
{
	map->tids = malloc(sizeof(*map->tids));
	if (!map->tids)
		return -ENOMEM;
	map->tids[0] = tid;
	map->nr = 1;
	return 0;
}

void thread_map__exit(struct thread_map *map)
{
	free(map->tids);
	map->tids = NULL;
	map->nr = 0;
}
