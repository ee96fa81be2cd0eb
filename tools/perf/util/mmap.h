/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_MMAP_H
#define __PERF_MMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/perf_event.h>
#include "event.h"

/*
 * Reader of one kernel ring buffer (the control page plus 2^n data
 * pages).  A read cycle is read_init(), read_event() until NULL, then
 * consume(): the kernel may reuse the space only after consume(), so a
 * pointer from read_event() stays valid until then.  A record that
 * wraps around the end of the ring is copied to @bounce.
 */
struct perf_mmap {
	struct perf_event_mmap_page *page;
	size_t map_len;		/* what was mmapped, control page included */
	char *data;
	uint64_t mask;		/* data size - 1 */
	uint64_t start;		/* next byte to read */
	uint64_t end;		/* head snapshot of this cycle */
	bool broken;		/* this cycle met a corrupt record and skipped to the head */
	int fd;
	int cpu;
	char bounce[UINT16_MAX + 1] __attribute__((aligned(8)));
};

/* Sets up a reader over an existing ring at @page (used directly by tests). */
int perf_mmap__init(struct perf_mmap *m, void *page, size_t map_len);

/* mmaps @data_pages (a power of two) plus the control page of @fd. Returns 0 or -errno. */
int perf_mmap__map(struct perf_mmap *m, int fd, int cpu, size_t data_pages);

/* Unmaps what perf_mmap__map() mapped. */
void perf_mmap__unmap(struct perf_mmap *m);

/* Snapshots the kernel's head. Returns 0, or -EAGAIN when there is nothing new. */
int perf_mmap__read_init(struct perf_mmap *m);

/* Returns the next record of the snapshot, or NULL at its end (see @broken). */
const union perf_event *perf_mmap__read_event(struct perf_mmap *m);

/* Hands what was read back to the kernel. */
void perf_mmap__consume(struct perf_mmap *m);

#endif /* __PERF_MMAP_H */
