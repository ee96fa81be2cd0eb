// SPDX-License-Identifier: GPL-2.0
/* Where the kernel's tracepoints are described: tracefs. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tracefs.h"
#include "util.h"

/* A format file is a few KB; printk_formats a few hundred. */
#define TRACEFS_FILE_MAX	(64U << 20)

const char *tracefs__path(void)
{
	static const char * const mounts[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	char events[64];
	struct stat st;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(mounts); i++) {
		snprintf(events, sizeof(events), "%s/events", mounts[i]);
		if (!stat(events, &st) && S_ISDIR(st.st_mode))
			return mounts[i];
	}
	return NULL;
}

static int tp_char(int c, int in_sys)
{
	return isalnum(c) || c == '_' || (in_sys && (c == '-' || c == '.'));
}

int tracepoint__valid_name(const char *s, size_t len)
{
	size_t i, colon = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == ':' && !colon && i) {
			colon = i;
			continue;
		}
		if (!tp_char((unsigned char)s[i], !colon))
			return 0;
	}
	return colon && colon + 1 < len;
}

/* Tracefs files report a size of 0 or 4096: read until EOF. */
static long read_all(int fd, char **out)
{
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap + 1), *nbuf;
	ssize_t n;

	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (len == cap) {
			if (cap >= TRACEFS_FILE_MAX)
				goto too_big;
			cap *= 2;
			nbuf = realloc(buf, cap + 1);
			if (!nbuf) {
				free(buf);
				return -ENOMEM;
			}
			buf = nbuf;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			n = -errno;
			free(buf);
			return n;
		}
		if (!n)
			break;
		len += n;
	}
	buf[len] = '\0';
	*out = buf;
	return len;
too_big:
	free(buf);
	return -EFBIG;
}

long tracefs__read(const char *rel, char **out)
{
	const char *root = tracefs__path();
	char path[PATH_MAX];
	long ret;
	int fd;

	if (!root)
		return -ENOENT;
	if (snprintf(path, sizeof(path), "%s/%s", root, rel) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = read_all(fd, out);
	close(fd);
	return ret;
}

int tracepoint__id(const char *sys, const char *name)
{
	char rel[NAME_MAX * 2 + 32], *text, *end;
	long len, id;

	if (strchr(sys, '/') || strchr(name, '/') || !strcmp(sys, "..") || !strcmp(name, ".."))
		return -ENOENT;
	snprintf(rel, sizeof(rel), "events/%s/%s/id", sys, name);
	len = tracefs__read(rel, &text);
	if (len < 0)
		return len == -ENOTDIR ? -ENOENT : (int)len;
	errno = 0;
	id = strtol(text, &end, 10);
	if (errno || end == text || id < 0 || id > INT_MAX)
		id = -EINVAL;
	free(text);
	return id;
}
