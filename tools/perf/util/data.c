// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "data.h"
#include "util.h"
#include "event.h"

#define DATA_BUF_SIZE	(1 << 20)

int perf_data__create(struct perf_data_out *out, const char *path, bool force)
{
	struct stat st;

	memset(out, 0, sizeof(*out));
	out->path = path;
	out->fd = -1;
	out->pipe = !strcmp(path, "-") || (!stat(path, &st) && S_ISFIFO(st.st_mode));
	if (!out->pipe && !force && !stat(path, &st) && st.st_size) {
		char old[4096];

		if (snprintf(old, sizeof(old), "%s.old", path) >= (int)sizeof(old))
			return -ENAMETOOLONG;
		if (rename(path, old))
			return -errno;
	}
	out->buf = malloc(DATA_BUF_SIZE);
	if (!out->buf)
		return -ENOMEM;
	out->cap = DATA_BUF_SIZE;
	if (!strcmp(path, "-"))
		out->fd = dup(STDOUT_FILENO);
	else if (out->pipe)
		out->fd = open(path, O_WRONLY | O_CLOEXEC);
	else
		out->fd = open(path, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
	if (out->fd < 0) {
		free(out->buf);
		out->buf = NULL;
		return -errno;
	}
	return 0;
}

void perf_data__set_data_offset(struct perf_data_out *out, uint64_t offset)
{
	out->data_offset = offset;
}

/* Bytes and samples of the longest run of whole records in the buffer within @limit bytes. */
static size_t whole_records(const struct perf_data_out *out, size_t limit, uint64_t *samples,
			    size_t *packed)
{
	size_t off = 0;

	*samples = 0;
	*packed = 0;
	while (off + sizeof(struct perf_event_header) <= out->len) {
		struct perf_event_header h;
		size_t span;

		memcpy(&h, out->buf + off, sizeof(h));
		span = h.size;
		/* The pipe format's tracing data follow their record, outside its size. */
		if (h.type == PERF_RECORD_HEADER_TRACING_DATA &&
		    off + sizeof(struct perf_record_header_tracing_data) <= out->len) {
			struct perf_record_header_tracing_data t;

			memcpy(&t, out->buf + off, sizeof(t));
			span += t.size;
		}
		if (off + span > limit)
			break;
		*samples += h.type == PERF_RECORD_SAMPLE;
		if (h.type == PERF_RECORD_COMPRESSED && *packed < out->nr_packed)
			*samples += out->packed[(*packed)++];
		off += span;
	}
	return off;
}

int perf_data__flush(struct perf_data_out *out)
{
	size_t done = 0, keep, packed;
	uint64_t samples;
	ssize_t n;

	if (out->err || !out->len)
		return out->err;
	while (done < out->len) {
		if (out->pipe)
			n = write(out->fd, out->buf + done, out->len - done);
		else
			n = pwrite(out->fd, out->buf + done, out->len - done,
				   out->data_offset + out->flushed + done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			out->err = n < 0 ? -errno : -ENOSPC;
			break;
		}
		done += n;
	}
	/* On a full disk keep every record that made it whole. */
	keep = whole_records(out, done, &samples, &packed);
	out->flushed += keep;
	out->samples += samples;
	memmove(out->buf, out->buf + keep, out->len - keep);
	out->len -= keep;
	if (packed) {
		memmove(out->packed, out->packed + packed,
			(out->nr_packed - packed) * sizeof(*out->packed));
		out->nr_packed -= packed;
	}
	return out->err;
}

int perf_data__write(struct perf_data_out *out, const void *rec, size_t size)
{
	if (out->err)
		return out->err;
	if (out->len + size > out->cap && perf_data__flush(out))
		return out->err;
	if (size > out->cap)
		return out->err = -E2BIG;
	memcpy(out->buf + out->len, rec, size);
	out->len += size;
	return 0;
}

int perf_data__write_packed(struct perf_data_out *out, const void *rec, size_t size,
			    uint32_t samples)
{
	if (out->err)
		return out->err;
	if (out->len + size > out->cap && perf_data__flush(out))
		return out->err;
	if (out->nr_packed == out->packed_cap) {
		size_t cap = out->packed_cap * 2 + 64;
		uint32_t *p = realloc(out->packed, cap * sizeof(*p));

		if (!p)
			return out->err = -ENOMEM;
		out->packed = p;
		out->packed_cap = cap;
	}
	out->packed[out->nr_packed++] = samples;
	return perf_data__write(out, rec, size);
}

int perf_data__truncate(struct perf_data_out *out)
{
	if (out->pipe)
		return 0;
	if (ftruncate(out->fd, out->data_offset + out->flushed))
		return -errno;
	return 0;
}

void perf_data__close(struct perf_data_out *out)
{
	if (out->fd >= 0)
		close(out->fd);
	free(out->buf);
	free(out->packed);
	out->fd = -1;
	out->buf = NULL;
	out->packed = NULL;
}
