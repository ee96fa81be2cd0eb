/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_ZSTD_H
#define __PERF_ZSTD_H

#include <stddef.h>
#include <sys/types.h>

/*
 * perf record -z: the records of a ring are compressed as one zstd
 * stream that runs through the whole recording, cut into
 * PERF_RECORD_COMPRESSED records.  A record's payload is whatever the
 * stream produced since the last one, so a record inside it may start in
 * one COMPRESSED record and end in the next: both sides keep one
 * stream context for the whole file.
 */
struct zstd_data {
	void *dstream;		/* ZSTD_DStream */
	void *cstream;		/* ZSTD_CStream */
};

/* Starts decompressing a new stream. Returns 0 or -ENOMEM. */
int zstd__init_decompress(struct zstd_data *z);

/*
 * Decompresses @len bytes of the stream into @dst.  Returns the bytes
 * written; -E2BIG if they would not fit in @cap (the writer's limit was
 * broken), -EINVAL if the data is not a valid zstd stream.
 */
ssize_t zstd__decompress(struct zstd_data *z, const void *src, size_t len, void *dst, size_t cap);

/* Starts compressing at @level (1 to 22). Returns 0, -EINVAL or -ENOMEM. */
int zstd__init_compress(struct zstd_data *z, int level);

/*
 * Compresses @len bytes of records and flushes them, so that everything
 * given so far decompresses whole.  Writes at most @cap bytes to @dst;
 * *@consumed says how much of @src went in.  While *@pending is set the
 * flush did not fit: call again (with the rest of @src, or none) and
 * write what comes out, before anything else goes to the file.
 * Returns the bytes written or -EINVAL.
 */
ssize_t zstd__compress(struct zstd_data *z, const void *src, size_t len, size_t *consumed,
		       void *dst, size_t cap, int *pending);

/* Frees both contexts. */
void zstd__exit(struct zstd_data *z);

#endif /* __PERF_ZSTD_H */
