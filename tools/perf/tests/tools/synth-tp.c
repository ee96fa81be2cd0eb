// SPDX-License-Identifier: GPL-2.0
/*
 * Writes a perf.data of tracepoint samples from a text description, with
 * payloads laid out by this machine's tracefs formats and those formats
 * in its HEADER_TRACING_DATA: files as a host running KVM guests would
 * record them, with a known ground truth, on a machine that runs none.
 *
 *   synth-tp OUT.data < SPEC
 *
 *   cpuid TEXT                          HEADER_CPUID (AuthenticAMD,25,1,1 by default)
 *   comm PID TID NAME                   a COMM record
 *   at TIME                             the time (ns) of the next sample; later ones add 1 us
 *   tp PID TID CPU SYS:EVENT [FIELD=VALUE...]   a sample, fields not named being 0
 *   round                               a FINISHED_ROUND record, as perf record
 *                                       writes after each flush of its rings
 *
 * Every sample carries IDENTIFIER, IP, TID, TIME, CPU, PERIOD and RAW, as
 * perf record samples tracepoints.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <traceevent/event-parse.h>
#include "util/buf.h"
#include "util/event.h"
#include "util/header.h"
#include "util/trace-data.h"
#include "util/util.h"

#define SAMPLE_TYPE	(PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_IP | PERF_SAMPLE_TID | \
			 PERF_SAMPLE_TIME | PERF_SAMPLE_CPU | PERF_SAMPLE_PERIOD | PERF_SAMPLE_RAW)
#define MAX_TPS		16
#define FIRST_ID	100

struct tp {
	char name[128];
	struct tep_handle *tep;
	struct tep_event *ev;
	uint64_t id;
};

static struct tp tps[MAX_TPS];
static int nr_tps;
static struct buf data = BUF_INIT;
static char cpuid[128] = "AuthenticAMD,25,1,1";
static uint64_t now = 1000000000;
static int lineno;

static void die(const char *what)
{
	fprintf(stderr, "synth-tp: line %d: %s\n", lineno, what);
	exit(2);
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

static struct tp *tp_get(const char *name)
{
	const char *names[1] = { name };
	struct buf b = BUF_INIT;
	char err[256], sys[64], ev[96];
	struct tp *t;
	int i;

	for (i = 0; i < nr_tps; i++)
		if (!strcmp(tps[i].name, name))
			return &tps[i];
	if (nr_tps == MAX_TPS || sscanf(name, "%63[^:]:%95s", sys, ev) != 2)
		die("too many tracepoints, or not SYS:EVENT");
	t = &tps[nr_tps];
	snprintf(t->name, sizeof(t->name), "%s", name);
	if (trace_data__encode(&b, names, 1))
		die("this machine's tracefs has no such tracepoint");
	t->tep = trace_data__parse(b.data, b.len, err, sizeof(err));
	buf__release(&b);
	if (!t->tep)
		die(err);
	t->ev = tep_find_event_by_name(t->tep, sys, ev);
	if (!t->ev)
		die("no format for the tracepoint");
	t->id = FIRST_ID + nr_tps++;
	return t;
}

static void put_field(unsigned char *raw, struct tep_format_field *f, uint64_t v)
{
	if (f->size == 1 || f->size == 2 || f->size == 4 || f->size == 8)
		memcpy(raw + f->offset, &v, f->size);	/* little-endian host */
	else
		die("only integer fields of 1, 2, 4 or 8 bytes");
}

static size_t payload_size(struct tep_event *ev)
{
	struct tep_format_field *f;
	size_t n = 0;

	for (f = ev->format.common_fields; f; f = f->next)
		n = max(n, (size_t)f->offset + f->size);
	for (f = ev->format.fields; f; f = f->next)
		n = max(n, (size_t)f->offset + f->size);
	return n;
}

static void put_sample(uint32_t pid, uint32_t tid, uint32_t cpu, struct tp *t, char **fields,
		       int nr)
{
	size_t len = payload_size(t->ev), raw_size = PERF_ALIGN(len + 4, 8) - 4;
	unsigned char raw[512] = { 0 };
	struct perf_event_header h = { PERF_RECORD_SAMPLE, PERF_RECORD_MISC_KERNEL, 0 };
	uint32_t ids[2] = { pid, tid }, cpus[2] = { cpu, 0 }, rs = raw_size;
	int i;

	if (raw_size > sizeof(raw))
		die("payload too large");
	memcpy(raw, &(uint16_t){ t->ev->id }, 2);
	put_field(raw, tep_find_common_field(t->ev, "common_pid"), tid);
	for (i = 0; i < nr; i++) {
		char *eq = strchr(fields[i], '=');
		struct tep_format_field *f;

		if (!eq)
			die("fields are FIELD=VALUE");
		*eq = '\0';
		f = tep_find_field(t->ev, fields[i]);
		if (!f)
			die("no such field in the format");
		put_field(raw, f, num(eq + 1));
	}
	h.size = sizeof(h) + 6 * 8 + 4 + raw_size;
	buf__add(&data, &h, sizeof(h));
	buf__add_u64(&data, t->id);
	buf__add_u64(&data, 0xffffffff81000000ULL);
	buf__add(&data, ids, 8);
	buf__add_u64(&data, now);
	buf__add(&data, cpus, 8);
	buf__add_u64(&data, 1);
	buf__add(&data, &rs, 4);
	buf__add(&data, raw, raw_size);
	now += 1000;
}

static void put_comm(uint32_t pid, uint32_t tid, const char *name)
{
	size_t len = strlen(name) + 1, padded = PERF_ALIGN(len, 8);
	struct perf_event_header h = { PERF_RECORD_COMM, 0, sizeof(h) + 8 + padded + 32 };
	uint32_t ids[2] = { pid, tid };

	buf__add(&data, &h, sizeof(h));
	buf__add(&data, ids, 8);
	buf__add(&data, name, len);
	buf__add_zero(&data, padded - len);
	/* The sample_id trailer: tid, time, cpu, identifier (the first event's). */
	buf__add(&data, ids, 8);
	buf__add_u64(&data, now);
	buf__add_u64(&data, 0);
	buf__add_u64(&data, FIRST_ID);
}

static int write_perf_data(const char *path)
{
	struct perf_header_attr attrs[MAX_TPS];
	uint64_t ids[MAX_TPS], bits[4] = { 0 }, off = perf_header__data_offset(nr_tps, nr_tps);
	struct buf feats[HEADER_FEAT_BITS] = { BUF_INIT };
	const char *names[MAX_TPS];
	int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644), err, i;

	if (fd < 0 || data.err || !nr_tps)
		return -1;
	for (i = 0; i < nr_tps; i++) {
		ids[i] = tps[i].id;
		names[i] = tps[i].name;
		attrs[i] = (struct perf_header_attr){
			.attr = { .type = PERF_TYPE_TRACEPOINT, .size = sizeof(struct perf_event_attr),
				  .config = tps[i].ev->id, .sample_period = 1,
				  .sample_type = SAMPLE_TYPE, .read_format = PERF_FORMAT_ID,
				  .sample_id_all = 1, .comm = !i },
			.ids = &ids[i], .nr_ids = 1, .name = tps[i].name,
		};
	}
	perf_header__add_string(&feats[HEADER_HOSTNAME], "synth-host");
	perf_header__add_string(&feats[HEADER_OSRELEASE], "6.12.0-synth");
	perf_header__add_string(&feats[HEADER_ARCH], "x86_64");
	perf_header__add_string(&feats[HEADER_CPUID], cpuid);
	buf__add_u32(&feats[HEADER_NRCPUS], 2);
	buf__add_u32(&feats[HEADER_NRCPUS], 2);
	perf_header__encode_event_desc(&feats[HEADER_EVENT_DESC], attrs, nr_tps);
	err = trace_data__encode(&feats[HEADER_TRACING_DATA], names, nr_tps);
	if (!err)
		err = pwriten(fd, data.data, data.len, off);
	if (!err)
		err = perf_header__write_features(fd, off + data.len, feats, bits);
	if (!err)
		err = perf_header__write(fd, attrs, nr_tps, data.len, bits);
	for (i = 0; i < HEADER_FEAT_BITS; i++)
		buf__release(&feats[i]);
	return close(fd) || err;
}

static int split(char *line, char **w, int max)
{
	int n = 0;

	while (n < max && *(line += strspn(line, " \t"))) {
		w[n++] = line;
		line += strcspn(line, " \t");
		if (*line)
			*line++ = '\0';
	}
	return n;
}

static void parse_line(char *line)
{
	char *w[24];
	int n;

	line[strcspn(line, "\n")] = '\0';
	n = split(line, w, ARRAY_SIZE(w));
	if (!n || w[0][0] == '#')
		return;
	if (!strcmp(w[0], "cpuid") && n == 2)
		snprintf(cpuid, sizeof(cpuid), "%s", w[1]);
	else if (!strcmp(w[0], "comm") && n == 4)
		put_comm(num(w[1]), num(w[2]), w[3]);
	else if (!strcmp(w[0], "at") && n == 2)
		now = num(w[1]);
	else if (!strcmp(w[0], "round") && n == 1)
		buf__add(&data, &(struct perf_event_header){ PERF_RECORD_FINISHED_ROUND, 0, 8 }, 8);
	else if (!strcmp(w[0], "tp") && n >= 5)
		put_sample(num(w[1]), num(w[2]), num(w[3]), tp_get(w[4]), w + 5, n - 5);
	else
		die("unknown line (cpuid TEXT | comm PID TID NAME | at TIME | round | "
		    "tp PID TID CPU SYS:EVENT F=V...)");
}

int main(int argc, char **argv)
{
	char line[4096];

	if (argc != 2) {
		fprintf(stderr, "usage: synth-tp OUT.data < SPEC\n");
		return 2;
	}
	while (fgets(line, sizeof(line), stdin)) {
		lineno++;
		parse_line(line);
	}
	if (write_perf_data(argv[1])) {
		fprintf(stderr, "synth-tp: cannot write %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	return 0;
}
