// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <zstd.h>
#include "zstd.h"

int zstd__init_decompress(struct zstd_data *z)
{
	z->dstream = ZSTD_createDStream();
	if (!z->dstream)
		return -ENOMEM;
	if (ZSTD_isError(ZSTD_initDStream(z->dstream))) {
		ZSTD_freeDStream(z->dstream);
		z->dstream = NULL;
		return -ENOMEM;
	}
	return 0;
}

ssize_t zstd__decompress(struct zstd_data *z, const void *src, size_t len, void *dst, size_t cap)
{
	ZSTD_inBuffer in = { src, len, 0 };
	ZSTD_outBuffer out = { dst, cap, 0 };
	size_t ret;

	while (in.pos < in.size) {
		ret = ZSTD_decompressStream(z->dstream, &out, &in);
		if (ZSTD_isError(ret))
			return -EINVAL;
		if (out.pos == out.size && in.pos < in.size)
			return -E2BIG;
	}
	/* All input taken, but the frame may still hold output for a full buffer. */
	if (out.pos == out.size) {
		char probe;
		ZSTD_outBuffer more = { &probe, 1, 0 };

		ret = ZSTD_decompressStream(z->dstream, &more, &in);
		if (ZSTD_isError(ret))
			return -EINVAL;
		if (more.pos)
			return -E2BIG;
	}
	return out.pos;
}

int zstd__init_compress(struct zstd_data *z, int level)
{
	if (level < 1 || level > ZSTD_maxCLevel())
		return -EINVAL;
	z->cstream = ZSTD_createCStream();
	if (!z->cstream)
		return -ENOMEM;
	if (ZSTD_isError(ZSTD_initCStream(z->cstream, level))) {
		ZSTD_freeCStream(z->cstream);
		z->cstream = NULL;
		return -ENOMEM;
	}
	return 0;
}

ssize_t zstd__compress(struct zstd_data *z, const void *src, size_t len, size_t *consumed,
		       void *dst, size_t cap, int *pending)
{
	ZSTD_inBuffer in = { src, len, 0 };
	ZSTD_outBuffer out = { dst, cap, 0 };
	size_t ret;

	if (len) {
		ret = ZSTD_compressStream(z->cstream, &out, &in);
		if (ZSTD_isError(ret))
			return -EINVAL;
	}
	ret = ZSTD_flushStream(z->cstream, &out);
	if (ZSTD_isError(ret))
		return -EINVAL;
	*consumed = in.pos;
	*pending = ret != 0;
	return out.pos;
}

void zstd__exit(struct zstd_data *z)
{
	ZSTD_freeDStream(z->dstream);
	ZSTD_freeCStream(z->cstream);
	z->dstream = NULL;
	z->cstream = NULL;
}
