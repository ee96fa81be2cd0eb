// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "source.h"
#include "util.h"

int source__open(struct perf_source *src, const char *path)
{
	struct stat st;

	memset(src, 0, sizeof(*src));
	src->end = UINT64_MAX;
	if (!strcmp(path, "-")) {
		src->fd = STDIN_FILENO;
	} else {
		src->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (src->fd < 0)
			return -errno;
	}
	if (fstat(src->fd, &st))
		return -errno;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (S_ISREG(st.st_mode)) {
		src->end = st.st_size;
		return 0;
	}
	if (!S_ISFIFO(st.st_mode) && !S_ISSOCK(st.st_mode) && !S_ISCHR(st.st_mode))
		return -EINVAL;
	/* A terminal or a character device reads like a stream. */
	src->stream = true;
	return 0;
}

void source__close(struct perf_source *src)
{
	if (src->fd > STDIN_FILENO)
		close(src->fd);
	src->fd = -1;
}

ssize_t source__read(struct perf_source *src, void *buf, size_t len)
{
	ssize_t n;

	if (!src->stream)
		len = min((uint64_t)len, src->end > src->pos ? src->end - src->pos : 0);
	if (!len || src->eof)
		return 0;
	do {
		n = src->stream ? read(src->fd, buf, len) : pread(src->fd, buf, len, src->pos);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (!n && src->stream)
		src->eof = true;
	src->pos += n;
	return n;
}

int source__read_all(struct perf_source *src, void *buf, size_t len)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = source__read(src, (char *)buf + done, len - done);
		if (n < 0)
			return n;
		if (!n)
			return -EIO;
		done += n;
	}
	return 0;
}

int source__skip(struct perf_source *src, uint64_t len)
{
	char scratch[65536];
	ssize_t n;

	if (!src->stream) {
		if (len > src->end - min(src->pos, src->end))
			return -EIO;
		src->pos += len;
		return 0;
	}
	while (len) {
		n = source__read(src, scratch, min(len, (uint64_t)sizeof(scratch)));
		if (n < 0)
			return n;
		if (!n)
			return -EIO;
		len -= n;
	}
	return 0;
}
