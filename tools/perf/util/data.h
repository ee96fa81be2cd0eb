/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_DATA_H
#define __PERF_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The data section of a perf.data being written.  Records are buffered
 * whole, so every flush ends on a record boundary and @flushed is always
 * a size the header may claim (a failed flush keeps the whole records
 * that made it).  After a failed write @err holds the
 * -errno and further writes are dropped: the caller finalizes the file
 * with what was flushed.
 */
struct perf_data_out {
	const char *path;
	int fd;
	bool pipe;		/* the pipe format, written in order: no header to go back to */
	uint64_t data_offset;
	uint64_t flushed;	/* data bytes safely in the file */
	uint64_t samples;	/* PERF_RECORD_SAMPLEs among them */
	char *buf;
	size_t len;
	size_t cap;
	/* Samples inside each COMPRESSED record of @buf, in order. */
	uint32_t *packed;
	size_t nr_packed;
	size_t packed_cap;
	int err;
};

/*
 * Creates @path for writing, renaming an existing file to @path.old
 * first (unless @force).  "-" is standard output, and it and a FIFO are
 * written in the pipe format (@out->pipe).  Returns 0 or -errno.
 */
int perf_data__create(struct perf_data_out *out, const char *path, bool force);

/* Sets where the data section starts; call once, before the first write. */
void perf_data__set_data_offset(struct perf_data_out *out, uint64_t offset);

/* Appends one record. Returns 0 or the sticky -errno. */
int perf_data__write(struct perf_data_out *out, const void *rec, size_t size);

/* Appends a COMPRESSED record that holds @samples samples. Returns 0 or the sticky -errno. */
int perf_data__write_packed(struct perf_data_out *out, const void *rec, size_t size,
			    uint32_t samples);

/* Writes out the buffer. Returns 0 or the sticky -errno. */
int perf_data__flush(struct perf_data_out *out);

/* Drops anything past the flushed data from the file, to make room and keep it consistent. */
int perf_data__truncate(struct perf_data_out *out);

/* Closes the file and frees the buffer. */
void perf_data__close(struct perf_data_out *out);

#endif /* __PERF_DATA_H */
