/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_KMOD_DECOMPRESS_H
#define __PERF_KMOD_DECOMPRESS_H

#include <stdbool.h>

/* Is @path a compressed module that Linux perf 6.1 reads (.ko.gz, .ko.xz)? */
bool kmod__is_compressed(const char *path);

/*
 * Decompresses module @path into an anonymous memory file, at most
 * KMOD_MAX_SIZE bytes of output.  Returns its descriptor (the caller
 * closes it) or -errno: -EINVAL for data that does not decompress,
 * -EFBIG for output past the limit.
 */
int kmod__decompress(const char *path);

#define KMOD_MAX_SIZE	(256UL << 20)

#endif /* __PERF_KMOD_DECOMPRESS_H */
