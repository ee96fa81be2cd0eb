/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_UTIL_H
#define __PERF_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define PERF_ALIGN(x, a)	(((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define min(a, b)		((a) < (b) ? (a) : (b))
#define max(a, b)		((a) > (b) ? (a) : (b))

#ifndef container_of
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#endif

#define __maybe_unused		__attribute__((unused))

/* Reads a small text file whole into @buf (NUL-terminated); returns length or -errno. */
ssize_t read_small_file(const char *path, char *buf, size_t size);

/*
 * Opens @path read-only if it is a regular file; a FIFO or a device named
 * by a perf.data would block the reader or read endlessly.  Returns the
 * descriptor, or -errno: -EINVAL for any other kind of file.
 */
int open_regular(const char *path);

/* Writes all of @buf or fails: returns 0 or -errno (a short write of 0 is -ENOSPC). */
int writen(int fd, const void *buf, size_t size);

/* pwrite() counterpart of writen(). */
int pwriten(int fd, const void *buf, size_t size, off_t offset);

/* Monotonic clock in nanoseconds. */
uint64_t now_ns(void);

#endif /* __PERF_UTIL_H */
