// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "util.h"

static int buf__grow(struct buf *b, size_t extra)
{
	size_t want;
	char *p;

	if (b->err)
		return b->err;
	if (b->len + extra <= b->alloc)
		return 0;
	want = max(b->alloc * 2, b->len + extra);
	want = max(want, (size_t)256);
	p = realloc(b->data, want);
	if (!p) {
		b->err = -ENOMEM;
		return b->err;
	}
	b->data = p;
	b->alloc = want;
	return 0;
}

void buf__add(struct buf *b, const void *data, size_t size)
{
	if (!size || buf__grow(b, size))
		return;
	memcpy(b->data + b->len, data, size);
	b->len += size;
}

void buf__add_zero(struct buf *b, size_t size)
{
	if (!size || buf__grow(b, size))
		return;
	memset(b->data + b->len, 0, size);
	b->len += size;
}

void buf__add_u32(struct buf *b, uint32_t v)
{
	buf__add(b, &v, sizeof(v));
}

void buf__add_u64(struct buf *b, uint64_t v)
{
	buf__add(b, &v, sizeof(v));
}

void buf__release(struct buf *b)
{
	free(b->data);
	*b = (struct buf)BUF_INIT;
}
