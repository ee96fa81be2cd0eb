// SPDX-License-Identifier: GPL-2.0
/*
 * Compressed kernel modules, .ko.gz and .ko.xz, as Linux perf 6.1 reads
 * them: decompressed whole into a temporary file that the ELF reader then
 * opens.  Here the file is anonymous memory, so nothing is left behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <lzma.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>
#include "kmod-decompress.h"
#include "util.h"

#define CHUNK	65536

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

bool kmod__is_compressed(const char *path)
{
	return has_suffix(path, ".ko.gz") || has_suffix(path, ".ko.xz");
}

/* Appends @n bytes to @out, keeping the total within KMOD_MAX_SIZE. */
static int emit(int out, const void *buf, size_t n, size_t *total)
{
	if (n > KMOD_MAX_SIZE - *total)
		return -EFBIG;
	*total += n;
	return pwriten(out, buf, n, *total - n);
}

static int gunzip(int in, int out)
{
	unsigned char buf[CHUNK];
	size_t total = 0;
	int n, err = 0, fd = dup(in);
	gzFile gz;

	if (fd < 0)
		return -errno;
	gz = gzdopen(fd, "rb");
	if (!gz) {
		close(fd);
		return -ENOMEM;
	}
	while (!err && (n = gzread(gz, buf, sizeof(buf))) > 0)
		/* zlib passes data that is not gzip through as it is: not a .gz then. */
		err = gzdirect(gz) ? -EINVAL : emit(out, buf, n, &total);
	if (!err && (n < 0 || !gzeof(gz)))
		err = -EINVAL;
	gzclose(gz);
	return err;
}

static int unxz(int in, int out)
{
	uint8_t ibuf[CHUNK], obuf[CHUNK];
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_action action = LZMA_RUN;
	size_t total = 0;
	lzma_ret ret;
	int err = 0;

	if (lzma_stream_decoder(&s, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK)
		return -ENOMEM;
	s.next_out = obuf;
	s.avail_out = sizeof(obuf);
	do {
		if (!s.avail_in && action == LZMA_RUN) {
			ssize_t n = read(in, ibuf, sizeof(ibuf));

			if (n < 0) {
				err = -errno;
				break;
			}
			s.next_in = ibuf;
			s.avail_in = n;
			if (!n)
				action = LZMA_FINISH;
		}
		ret = lzma_code(&s, action);
		if (!s.avail_out || ret == LZMA_STREAM_END) {
			err = emit(out, obuf, sizeof(obuf) - s.avail_out, &total);
			s.next_out = obuf;
			s.avail_out = sizeof(obuf);
		}
		if (ret != LZMA_OK && ret != LZMA_STREAM_END && !err)
			err = ret == LZMA_MEM_ERROR ? -ENOMEM : -EINVAL;
	} while (!err && ret != LZMA_STREAM_END);
	lzma_end(&s);
	return err;
}

int kmod__decompress(const char *path)
{
	int in = open(path, O_RDONLY | O_CLOEXEC), out, err;

	if (in < 0)
		return -errno;
	out = memfd_create("perf-kmod", MFD_CLOEXEC);
	if (out < 0) {
		err = -errno;
		close(in);
		return err;
	}
	err = has_suffix(path, ".gz") ? gunzip(in, out) : unxz(in, out);
	close(in);
	if (err) {
		close(out);
		return err;
	}
	return out;
}
