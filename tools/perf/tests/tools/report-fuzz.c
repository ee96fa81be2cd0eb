// SPDX-License-Identifier: GPL-2.0
/*
 * Feeds damaged copies of a good perf.data through the whole report
 * pipeline (session, machines, symbols, hists), in process, so that a
 * sanitizer build sees every read.  Each copy must either be read or be
 * refused with an "offset N: ..." error; nothing else is acceptable.
 *
 *   report-fuzz GOOD.data [guest kallsyms]
 *
 * Damage: truncation inside the header, and at the boundary of, inside,
 * and with absurd sizes and types in, each of the first 96 records and
 * every 61st after them (a whole-file walk costs minutes under ASan).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util/debug.h"
#include "util/hist.h"
#include "util/session.h"
#include "util/util.h"

struct fuzz {
	struct perf_tool tool;
	struct hists hists;
	const char *kallsyms;
	char path[64];
	unsigned long cases, read_ok, refused, bad;
};

static int fuzz__sample(struct perf_tool *tool, struct perf_session *s,
			const struct perf_sample *sample, const struct perf_header_attr *attr)
{
	struct fuzz *f = container_of(tool, struct fuzz, tool);
	struct addr_location al;

	(void)attr;
	if (machines__resolve(&s->machines, sample, &al))
		return -ENOMEM;
	return hists__add(&f->hists, &al, sample, NULL);
}

/* Runs one damaged image; returns -1 on an outcome that is neither success nor a located error. */
static int fuzz__run(struct fuzz *f, const char *img, size_t len, const char *what)
{
	/* The host kernel's symbols come from the small guest file: /proc/kallsyms is slow to read. */
	struct guest_config cfg = { .kallsyms = f->kallsyms, .host_kallsyms = f->kallsyms };
	struct perf_session s;
	int fd, err;

	fd = open(f->path, O_CREAT | O_TRUNC | O_WRONLY, 0600);
	if (fd < 0 || (len && writen(fd, img, len)) || close(fd))
		return -1;
	f->cases++;
	if (hists__init(&f->hists, "comm,pid,dso,sym"))
		return -1;
	err = perf_session__open(&s, f->path, &cfg);
	if (!err)
		err = perf_session__process(&s, &f->tool);
	if (!err)
		hists__sort(&f->hists);
	hists__exit(&f->hists);
	if (!err)
		f->read_ok++;
	else if ((err == -EINVAL && strstr(s.err, "offset ")) || (err == -ENODATA && s.err[0]))
		f->refused++;
	else {
		fprintf(stderr, "    %s: error %d without a location ('%s')\n", what, err, s.err);
		f->bad++;
	}
	perf_session__close(&s);
	return 0;
}

static void set_u16(char *img, size_t off, uint16_t v)
{
	memcpy(img + off, &v, sizeof(v));
}

static void set_u32(char *img, size_t off, uint32_t v)
{
	memcpy(img + off, &v, sizeof(v));
}

/* Every record boundary and a point inside each record, then per-record damage. */
static int fuzz__records(struct fuzz *f, char *img, size_t len, uint64_t off, uint64_t end)
{
	static const uint16_t sizes[] = { 0, 4, 12, 0xfff8, 0xffff };
	static const uint32_t types[] = { 0, 1, 3, 9, 10, 11, 67, 68, 200, 0xffffffff };
	char what[64];
	size_t i, n;

	for (n = 0; off + 8 <= end; n++) {
		uint16_t size;

		memcpy(&size, img + off + 6, 2);
		if (size < 8)
			break;
		/* All of the first records (the synthesized state), then a sample of the rest. */
		if (n >= 48 && n % 97) {
			off += size;
			continue;
		}
		snprintf(what, sizeof(what), "cut at %llu", (unsigned long long)off);
		fuzz__run(f, img, off, what);
		fuzz__run(f, img, off + size / 2, what);
		for (i = 0; i < ARRAY_SIZE(sizes); i++) {
			set_u16(img, off + 6, sizes[i]);
			snprintf(what, sizeof(what), "size %u at %llu", sizes[i], (unsigned long long)off);
			fuzz__run(f, img, len, what);
		}
		set_u16(img, off + 6, size);
		for (i = 0; i < ARRAY_SIZE(types); i++) {
			uint32_t type;

			memcpy(&type, img + off, 4);
			set_u32(img, off, types[i]);
			snprintf(what, sizeof(what), "type %u at %llu", types[i], (unsigned long long)off);
			fuzz__run(f, img, len, what);
			set_u32(img, off, type);
		}
		off += size;
	}
	return 0;
}

static char *read_all(const char *path, size_t *len)
{
	struct stat st;
	char *img;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st))
		return NULL;
	img = malloc(st.st_size + 1);
	if (img && read(fd, img, st.st_size) != st.st_size) {
		free(img);
		img = NULL;
	}
	close(fd);
	*len = st.st_size;
	return img;
}

int main(int argc, char **argv)
{
	struct fuzz f = { .tool = { .sample = fuzz__sample } };
	uint64_t data_off, data_size;
	size_t len, i;
	char *img;

	if (argc < 2) {
		fprintf(stderr, "usage: report-fuzz GOOD.data [guest kallsyms]\n");
		return 2;
	}
	f.kallsyms = argc > 2 ? argv[2] : NULL;
	quiet = true;
	snprintf(f.path, sizeof(f.path), "/tmp/perf-fuzz.%d", getpid());
	img = read_all(argv[1], &len);
	if (!img || len < 104) {
		fprintf(stderr, "report-fuzz: cannot read %s\n", argv[1]);
		return 2;
	}
	memcpy(&data_off, img + 40, 8);
	memcpy(&data_size, img + 48, 8);
	for (i = 0; i < data_off && i < len; i += 4)
		fuzz__run(&f, img, i, "header cut");
	fuzz__records(&f, img, len, data_off, min(data_off + data_size, (uint64_t)len));
	unlink(f.path);
	printf("%s - %lu damaged files: %lu read, %lu refused with an offset, %lu otherwise\n",
	       f.bad ? "not ok" : "ok", f.cases, f.read_ok, f.refused, f.bad);
	free(img);
	return f.bad ? 1 : 0;
}
