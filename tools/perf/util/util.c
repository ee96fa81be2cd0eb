// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "util.h"

ssize_t read_small_file(const char *path, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;
	int fd, err = 0;

	if (!size)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (len + 1 < size) {
		n = read(fd, buf + len, size - 1 - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		if (n == 0)
			break;
		len += n;
	}
	close(fd);
	buf[len] = '\0';
	return err ? err : (ssize_t)len;
}

int open_regular(const char *path)
{
	struct stat st;
	/* Not blocking: opening a FIFO for reading waits for a writer. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), flags;

	if (fd < 0)
		return -errno;
	flags = fcntl(fd, F_GETFL);
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || flags < 0 ||
	    fcntl(fd, F_SETFL, flags & ~O_NONBLOCK)) {
		close(fd);
		return -EINVAL;
	}
	return fd;
}

int writen(int fd, const void *buf, size_t size)
{
	const char *p = buf;

	while (size) {
		ssize_t n = write(fd, p, size);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -ENOSPC;
		p += n;
		size -= n;
	}
	return 0;
}

int pwriten(int fd, const void *buf, size_t size, off_t offset)
{
	const char *p = buf;

	while (size) {
		ssize_t n = pwrite(fd, p, size, offset);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -ENOSPC;
		p += n;
		offset += n;
		size -= n;
	}
	return 0;
}

uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}
