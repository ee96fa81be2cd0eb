// SPDX-License-Identifier: GPL-2.0
/*
 * Assembles a perf.data file from a text description, so that tests can
 * write files as other machines' perf would have (kernel modules, vmlinux
 * build-id entries, threads named late) and compare the reports.
 *
 *   synth-data OUT.data < SPEC
 *
 * SPEC has one record per line; numbers are C literals; NAME is the rest
 * of the line; MODE is k (kernel), u (user), h, g (guest kernel) or G
 * (guest user); '#' starts a comment line.
 *
 *   osrelease TEXT                        the HEADER_OSRELEASE string
 *   buildid MODE PID HEX|host NAME        a HEADER_BUILD_ID entry; host: this kernel's
 *   mmap MODE PID START LEN PGOFF NAME    an MMAP record (tid 0 for the kernel)
 *   mmap2 MODE PID TID START LEN PGOFF NAME
 *   comm PID TID exec|- NAME              a COMM record (exec: with COMM_EXEC)
 *   fork PID PPID TID PTID
 *   sample MODE PID TID IP [COUNT [STRIDE]]   COUNT samples at IP, IP + STRIDE, ...
 *   ksymbol ADDR LEN FLAGS NAME           a KSYMBOL record (a BPF program; FLAGS 1: unregister)
 *
 * Every record carries the sample_id trailer (tid, time, cpu, id); times
 * increase in file order.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util/buf.h"
#include "util/build-id.h"
#include "util/event.h"
#include "util/header.h"
#include "util/util.h"

#define SAMPLE_TYPE	(PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_IP | PERF_SAMPLE_TID | \
			 PERF_SAMPLE_TIME | PERF_SAMPLE_CPU | PERF_SAMPLE_PERIOD)
#define PERIOD		250000
#define EVENT_ID	42

static struct buf data = BUF_INIT;
static struct buf build_ids = BUF_INIT;
static char osrelease[128] = "6.1.0-synth";
static uint64_t now = 1000;
static int lineno;

static void die(const char *what)
{
	fprintf(stderr, "synth-data: line %d: %s\n", lineno, what);
	exit(2);
}

static uint16_t cpumode(const char *s)
{
	static const char modes[] = "?kuhgG";
	const char *p = strchr(modes, s[0]);

	if (!p || p == modes || s[1])
		die("MODE is one of k u h g G");
	return p - modes;
}

static uint64_t num(const char *s)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end)
		die("bad number");
	return v;
}

/* The sample_id trailer: pid, tid, time, cpu, id. */
static void put_trailer(uint32_t pid, uint32_t tid)
{
	uint32_t ids[2] = { pid, tid };

	now += 1000;
	buf__add(&data, ids, 8);
	buf__add_u64(&data, now);
	buf__add_u64(&data, 0);
	buf__add_u64(&data, EVENT_ID);
}

static void put_header(uint32_t type, uint16_t misc, size_t size)
{
	struct perf_event_header h = { type, misc, size };

	if (size > UINT16_MAX)
		die("record too large");
	buf__add(&data, &h, sizeof(h));
}

static void put_name(const char *name)
{
	size_t len = strlen(name) + 1;

	buf__add(&data, name, len);
	buf__add_zero(&data, PERF_ALIGN(len, 8) - len);
}

static size_t name_size(const char *name)
{
	return PERF_ALIGN(strlen(name) + 1, 8);
}

static void put_mmap(uint16_t misc, uint32_t pid, uint32_t tid, uint64_t start, uint64_t len,
		     uint64_t pgoff, const char *name, int v2)
{
	uint64_t fixed[3] = { start, len, pgoff };
	uint32_t ids[2] = { pid, tid };
	uint32_t maj_min[2] = { 8, 1 };
	uint64_t ino[2] = { 1234, 0 };
	uint32_t prot_flags[2] = { 5, 2 };

	put_header(v2 ? PERF_RECORD_MMAP2 : PERF_RECORD_MMAP, misc,
		   8 + 8 + 24 + (v2 ? 32 : 0) + name_size(name) + 32);
	buf__add(&data, ids, 8);
	buf__add(&data, fixed, sizeof(fixed));
	if (v2) {
		buf__add(&data, maj_min, 8);
		buf__add(&data, ino, 16);
		buf__add(&data, prot_flags, 8);
	}
	put_name(name);
	put_trailer(pid, tid);
}

static void put_comm(uint32_t pid, uint32_t tid, int exec, const char *name)
{
	uint32_t ids[2] = { pid, tid };

	put_header(PERF_RECORD_COMM, exec ? PERF_RECORD_MISC_COMM_EXEC : 0,
		   8 + 8 + name_size(name) + 32);
	buf__add(&data, ids, 8);
	put_name(name);
	put_trailer(pid, tid);
}

static void put_fork(uint32_t pid, uint32_t ppid, uint32_t tid, uint32_t ptid)
{
	uint32_t ids[4] = { pid, ppid, tid, ptid };

	put_header(PERF_RECORD_FORK, 0, 8 + 16 + 8 + 32);
	buf__add(&data, ids, 16);
	buf__add_u64(&data, now);
	put_trailer(pid, tid);
}

static void put_sample(uint16_t misc, uint32_t pid, uint32_t tid, uint64_t ip)
{
	uint32_t ids[2] = { pid, tid };

	now += 1000;
	put_header(PERF_RECORD_SAMPLE, misc, 8 + 6 * 8);
	buf__add_u64(&data, EVENT_ID);
	buf__add_u64(&data, ip);
	buf__add(&data, ids, 8);
	buf__add_u64(&data, now);
	buf__add_u64(&data, 0);
	buf__add_u64(&data, PERIOD);
}

static void put_ksymbol(uint64_t addr, uint32_t len, uint16_t flags, const char *name)
{
	uint32_t len_type = len, type_flags = 1 | (uint32_t)flags << 16;	/* BPF */

	put_header(PERF_RECORD_KSYMBOL, PERF_RECORD_MISC_KERNEL, 8 + 16 + name_size(name) + 32);
	buf__add_u64(&data, addr);
	buf__add(&data, &len_type, 4);
	buf__add(&data, &type_flags, 4);
	put_name(name);
	put_trailer(-1, -1);
}

static void put_build_id(uint16_t mode, int32_t pid, const char *hex, const char *name)
{
	size_t name_len = PERF_ALIGN(strlen(name) + 1, NAME_ALIGN), i;
	struct perf_record_build_id b = { .pid = pid };
	int n;

	if (!strcmp(hex, "host")) {
		n = sysfs__read_build_id("/sys/kernel/notes", b.build_id, sizeof(b.build_id));
		if (n < 0)
			die("cannot read this kernel's build-id");
	} else {
		n = strlen(hex) / 2;
		if (strlen(hex) % 2 || n > BUILD_ID_SIZE)
			die("bad build-id");
		for (i = 0; i < (size_t)n; i++)
			if (sscanf(hex + 2 * i, "%2hhx", &b.build_id[i]) != 1)
				die("bad build-id");
	}
	b.size = n;
	b.header.type = PERF_RECORD_HEADER_BUILD_ID;
	b.header.misc = mode | PERF_RECORD_MISC_BUILD_ID_SIZE;
	b.header.size = sizeof(b) + name_len;
	buf__add(&build_ids, &b, sizeof(b));
	buf__add(&build_ids, name, strlen(name));
	buf__add_zero(&build_ids, name_len - strlen(name));
}

static int write_perf_data(const char *path)
{
	uint64_t ids[1] = { EVENT_ID }, bits[4] = { 0 }, off = perf_header__data_offset(1, 1);
	struct perf_header_attr attr = {
		.attr = { .type = PERF_TYPE_SOFTWARE, .config = PERF_COUNT_SW_CPU_CLOCK,
			  .sample_period = PERIOD, .sample_type = SAMPLE_TYPE,
			  .read_format = PERF_FORMAT_ID, .sample_id_all = 1, .mmap = 1,
			  .comm = 1, .task = 1 },
		.ids = ids, .nr_ids = 1, .name = "cpu-clock",
	};
	struct buf feats[HEADER_FEAT_BITS] = { BUF_INIT };
	int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644), err, i;

	if (fd < 0 || data.err || build_ids.err)
		return -1;
	perf_header__add_string(&feats[HEADER_HOSTNAME], "synth-host");
	perf_header__add_string(&feats[HEADER_OSRELEASE], osrelease);
	perf_header__add_string(&feats[HEADER_ARCH], "x86_64");
	perf_header__encode_event_desc(&feats[HEADER_EVENT_DESC], &attr, 1);
	buf__add(&feats[HEADER_BUILD_ID], build_ids.data, build_ids.len);
	err = pwriten(fd, data.data, data.len, off);
	if (!err)
		err = perf_header__write_features(fd, off + data.len, feats, bits);
	if (!err)
		err = perf_header__write(fd, &attr, 1, data.len, bits);
	for (i = 0; i < HEADER_FEAT_BITS; i++)
		buf__release(&feats[i]);
	return close(fd) || err;
}

/* Splits @line into exactly @max words, the last taking the rest of the line; or dies. */
static void split(char *line, char **w, int max, const char *usage)
{
	int n;

	for (n = 0; n < max; n++) {
		line += strspn(line, " \t");
		if (!*line)
			die(usage);
		w[n] = line;
		if (n == max - 1)
			break;
		line += strcspn(line, " \t");
		if (*line)
			*line++ = '\0';
	}
}

struct directive {
	const char *name;
	int words;		/* after the name; the last may hold blanks */
	int optional;		/* of them, how many may be missing */
	const char *usage;
};

static const struct directive directives[] = {
	{ "osrelease", 1, 0, "osrelease TEXT" },
	{ "buildid", 4, 0, "buildid MODE PID HEX|host NAME" },
	{ "mmap", 6, 0, "mmap MODE PID START LEN PGOFF NAME" },
	{ "mmap2", 7, 0, "mmap2 MODE PID TID START LEN PGOFF NAME" },
	{ "comm", 4, 0, "comm PID TID exec|- NAME" },
	{ "fork", 4, 0, "fork PID PPID TID PTID" },
	{ "sample", 6, 2, "sample MODE PID TID IP [COUNT [STRIDE]]" },
	{ "ksymbol", 4, 0, "ksymbol ADDR LEN FLAGS NAME" },
};

static void parse_line(char *line)
{
	const struct directive *d = NULL;
	uint64_t i, count, stride;
	char *w[8] = { NULL };
	size_t k, len;

	line[strcspn(line, "\n")] = '\0';
	line += strspn(line, " \t");
	if (!*line || *line == '#')
		return;
	len = strcspn(line, " \t");
	for (k = 0; k < ARRAY_SIZE(directives); k++)
		if (strlen(directives[k].name) == len && !strncmp(line, directives[k].name, len))
			d = &directives[k];
	if (!d)
		die("unknown directive");
	line += len;
	if (d->optional) {
		/* Only trailing numbers are optional: count the words there are. */
		int n = 0;
		char *p = line;

		while (*(p += strspn(p, " \t"))) {
			n++;
			p += strcspn(p, " \t");
		}
		if (n < d->words - d->optional || n > d->words)
			die(d->usage);
		split(line, w, n, d->usage);
	} else {
		split(line, w, d->words, d->usage);
	}
	switch (d - directives) {
	case 0:
		snprintf(osrelease, sizeof(osrelease), "%s", w[0]);
		break;
	case 1:
		put_build_id(cpumode(w[0]), (int32_t)num(w[1]), w[2], w[3]);
		break;
	case 2:
		put_mmap(cpumode(w[0]), num(w[1]), 0, num(w[2]), num(w[3]), num(w[4]), w[5], 0);
		break;
	case 3:
		put_mmap(cpumode(w[0]), num(w[1]), num(w[2]), num(w[3]), num(w[4]), num(w[5]),
			 w[6], 1);
		break;
	case 4:
		put_comm(num(w[0]), num(w[1]), !strcmp(w[2], "exec"), w[3]);
		break;
	case 5:
		put_fork(num(w[0]), num(w[1]), num(w[2]), num(w[3]));
		break;
	case 7:
		put_ksymbol(num(w[0]), num(w[1]), num(w[2]), w[3]);
		break;
	default:
		count = w[4] ? num(w[4]) : 1;
		stride = w[5] ? num(w[5]) : 0;
		for (i = 0; i < count; i++)
			put_sample(cpumode(w[0]), num(w[1]), num(w[2]), num(w[3]) + i * stride);
		break;
	}
}

int main(int argc, char **argv)
{
	char line[4096];

	if (argc != 2) {
		fprintf(stderr, "usage: synth-data OUT.data < SPEC\n");
		return 2;
	}
	while (fgets(line, sizeof(line), stdin)) {
		lineno++;
		parse_line(line);
	}
	if (write_perf_data(argv[1])) {
		fprintf(stderr, "synth-data: cannot write %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	return 0;
}
