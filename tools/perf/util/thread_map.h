/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_THREAD_MAP_H
#define __PERF_THREAD_MAP_H

#include <sys/types.h>

/* A list of thread ids to attach events to; { -1 } stands for "every thread". */
struct thread_map {
	int nr;
	pid_t *tids;
};

/* Fills @map with the threads of process @pid (from /proc/PID/task). Returns 0 or -errno (-ESRCH: no such process). */
int thread_map__from_pid(struct thread_map *map, pid_t pid);

/* Makes @map a single entry (@tid, or -1 for "every thread"). Returns 0 or -ENOMEM. */
int thread_map__single(struct thread_map *map, pid_t tid);

/* Frees the entries. */
void thread_map__exit(struct thread_map *map);

#endif /* __PERF_THREAD_MAP_H */
