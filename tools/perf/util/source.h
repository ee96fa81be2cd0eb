/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_SOURCE_H
#define __PERF_SOURCE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Where a perf.data's bytes come from: a regular file, read at any
 * offset, or a stream (stdin, a pipe, a FIFO, a socket) that can only
 * be read in order.  Readers go forward only, so both look alike: the
 * next byte to read is at @pos, and skipping ahead on a stream reads
 * and drops.
 */
struct perf_source {
	int fd;
	bool stream;
	bool eof;		/* a stream returned end of file */
	uint64_t pos;		/* offset of the next byte to read */
	uint64_t end;		/* a regular file: where reading stops */
};

/*
 * Opens @path ("-" is standard input) for reading.  Returns 0 or -errno;
 * -EISDIR for a directory and -EINVAL for a device that is neither a
 * file nor a stream.  A FIFO is opened blocking, as perf does: the open
 * waits for its writer.
 */
int source__open(struct perf_source *src, const char *path);

/* Closes the descriptor unless it is standard input. */
void source__close(struct perf_source *src);

/* Reads up to @len bytes at @pos, advancing it. Returns the count (0 at the end) or -errno. */
ssize_t source__read(struct perf_source *src, void *buf, size_t len);

/* Reads exactly @len bytes or fails: 0, -EIO if the source ends first, or -errno. */
int source__read_all(struct perf_source *src, void *buf, size_t len);

/* Moves @pos ahead by @len bytes without keeping them. Returns 0, -EIO past the end, or -errno. */
int source__skip(struct perf_source *src, uint64_t len);

#endif /* __PERF_SOURCE_H */
