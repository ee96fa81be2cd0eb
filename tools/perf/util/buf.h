/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_BUF_H
#define __PERF_BUF_H

#include <stddef.h>
#include <stdint.h>

/*
 * A growable byte buffer.  Invariants: @data is NULL or holds @len valid
 * bytes out of @alloc; once an append fails, @err is -ENOMEM and every
 * later append is a no-op, so callers check @err once at the end.
 */
struct buf {
	char *data;
	size_t len;
	size_t alloc;
	int err;
};

#define BUF_INIT { NULL, 0, 0, 0 }

/* Appends @size bytes; on failure sets @b->err. */
void buf__add(struct buf *b, const void *data, size_t size);

/* Appends @size zero bytes. */
void buf__add_zero(struct buf *b, size_t size);

/* Appends a u32 / u64 in host order. */
void buf__add_u32(struct buf *b, uint32_t v);
void buf__add_u64(struct buf *b, uint64_t v);

/* Frees the memory and resets to BUF_INIT. */
void buf__release(struct buf *b);

#endif /* __PERF_BUF_H */
