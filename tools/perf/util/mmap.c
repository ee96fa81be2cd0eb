// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "mmap.h"

int perf_mmap__init(struct perf_mmap *m, void *page, size_t map_len)
{
	struct perf_event_mmap_page *pc = page;
	size_t psize = sysconf(_SC_PAGESIZE);
	uint64_t off = psize, size = map_len - psize;

	/* Kernels since 4.1 say where the data is; older ones put it after one page. */
	if (pc->data_size) {
		off = pc->data_offset;
		size = pc->data_size;
	}
	if (!size || (size & (size - 1)) || off + size > map_len)
		return -EINVAL;
	m->page = pc;
	m->map_len = map_len;
	m->data = (char *)page + off;
	m->mask = size - 1;
	m->start = __atomic_load_n(&pc->data_tail, __ATOMIC_RELAXED);
	m->end = m->start;
	m->broken = false;
	return 0;
}

int perf_mmap__map(struct perf_mmap *m, int fd, int cpu, size_t data_pages)
{
	size_t len = (data_pages + 1) * sysconf(_SC_PAGESIZE);
	void *p;
	int err;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	err = perf_mmap__init(m, p, len);
	if (err) {
		munmap(p, len);
		return err;
	}
	m->fd = fd;
	m->cpu = cpu;
	return 0;
}

void perf_mmap__unmap(struct perf_mmap *m)
{
	if (m->page)
		munmap(m->page, m->map_len);
	m->page = NULL;
}

int perf_mmap__read_init(struct perf_mmap *m)
{
	/* Pairs with the kernel's barrier before it publishes data_head. */
	m->end = __atomic_load_n(&m->page->data_head, __ATOMIC_ACQUIRE);
	m->broken = false;
	return m->end == m->start ? -EAGAIN : 0;
}

const union perf_event *perf_mmap__read_event(struct perf_mmap *m)
{
	struct perf_event_header h;
	uint64_t avail = m->end - m->start;
	uint64_t off = m->start & m->mask;
	uint64_t first;
	const char *rec;

	if (avail < sizeof(h))
		return NULL;
	/* The header itself may straddle the end of the ring. */
	first = m->mask + 1 - off;
	if (first >= sizeof(h)) {
		memcpy(&h, m->data + off, sizeof(h));
	} else {
		memcpy(&h, m->data + off, first);
		memcpy((char *)&h + first, m->data, sizeof(h) - first);
	}
	if (h.size < sizeof(h) || h.size > avail) {
		/*
		 * The kernel publishes whole records only, so this is a
		 * corrupt ring: skip to the head, which is a record boundary.
		 */
		m->broken = true;
		m->start = m->end;
		return NULL;
	}
	if (first >= h.size) {
		rec = m->data + off;
	} else {
		memcpy(m->bounce, m->data + off, first);
		memcpy(m->bounce + first, m->data, h.size - first);
		rec = m->bounce;
	}
	m->start += h.size;
	return (const union perf_event *)rec;
}

void perf_mmap__consume(struct perf_mmap *m)
{
	/* Our reads of the data must complete before the kernel may overwrite it. */
	__atomic_store_n(&m->page->data_tail, m->start, __ATOMIC_RELEASE);
}
