// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdint.h>
#include <sys/mman.h>
#include "big-alloc.h"

/*
 * Huge pages back only aligned 2 MB stretches: every array is mapped in
 * whole, aligned stretches, so that all of it can be.  What is never
 * touched costs address space only.
 */
#define HUGE_SIZE	(2UL << 20)

static size_t huge_round(size_t size)
{
	return ((size ? size : 1) + HUGE_SIZE - 1) & ~(HUGE_SIZE - 1);
}

/* Rounding up, and the stretch mapped for alignment, must not wrap around. */
static bool too_big(size_t size)
{
	return size > SIZE_MAX - 2 * HUGE_SIZE;
}

/* A hint: with huge pages off, this fails harmlessly. */
static void advise_huge(void *p, size_t size)
{
#ifdef MADV_HUGEPAGE
	madvise(p, size, MADV_HUGEPAGE);
#endif
}

void *big_alloc(size_t size)
{
	size_t len, lead;
	char *p;

	if (too_big(size))
		return NULL;
	len = huge_round(size);
	p = mmap(NULL, len + HUGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	lead = -(uintptr_t)p & (HUGE_SIZE - 1);
	if (lead)
		munmap(p, lead);
	munmap(p + lead + len, HUGE_SIZE - lead);
	p += lead;
	advise_huge(p, len);
	return p;
}

void *big_realloc(void *p, size_t old, size_t size)
{
	size_t have = huge_round(old);
	void *q;

	if (!p)
		return big_alloc(size);
	if (too_big(size))
		return NULL;
	if (huge_round(size) <= have)
		return p;
	/* A larger stretch; the old pages move to its start, uncopied and still huge. */
	q = big_alloc(size);
	if (!q)
		return NULL;
	if (mremap(p, have, have, MREMAP_MAYMOVE | MREMAP_FIXED, q) == MAP_FAILED) {
		munmap(q, huge_round(size));
		return NULL;
	}
	return q;
}

void big_free(void *p, size_t size)
{
	if (p)
		munmap(p, huge_round(size));
}
