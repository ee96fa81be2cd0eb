/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_BIG_ALLOC_H
#define __PERF_BIG_ALLOC_H

#include <stddef.h>

/*
 * Arrays of megabytes (histogram entries, read buffers) are mapped on
 * their own and asked to be backed by huge pages: faulting them in 4 KB
 * at a time costs more than what is then done with them.  They grow by
 * remapping, which copies nothing.  The caller keeps the size: it is
 * needed to grow and to free.
 */

/* @size bytes of zeroes, or NULL. */
void *big_alloc(size_t size);

/* Grows @p (NULL: a new array) from @old to @size bytes, zeroes added. NULL on failure, @p intact. */
void *big_realloc(void *p, size_t old, size_t size);

/* Unmaps what big_alloc() or big_realloc() returned; NULL is ignored. */
void big_free(void *p, size_t size);

#endif /* __PERF_BIG_ALLOC_H */
