// SPDX-License-Identifier: GPL-2.0
/*
 * Writes perf.data files with guest samples whose ground truth is known,
 * as perf kvm record would have written them on a host running guests.
 *
 *   synth-guest default DIR      DIR/perf.data.kvm for the default guest, with
 *                                DIR/kallsyms, DIR/modules and DIR/truth
 *   synth-guest guestmount DIR   two QEMU processes, DIR/guestmount/<pid>/proc/...,
 *                                DIR/perf.data.kvm and DIR/truth
 *   synth-guest buildid DIR      the default guest's files, with a build-id
 *                                section whose entries DIR/buildids lists
 *   synth-guest guestcache DIR   the guestmount files, each guest with the
 *                                build-id of its kernel in sys/kernel/notes,
 *                                and the file's build-id section naming them
 *   synth-guest chains DIR       the guestmount files, with guest call chains
 *                                as the kernel series writes them: fn2 calls
 *                                fn1 and the module, fn1 calls fn0
 *
 * truth lists "samples<TAB>comm<TAB>dso<TAB>symbol" rows, as report -n
 * --sort comm,dso,sym must print them.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util/buf.h"
#include "util/event.h"
#include "util/header.h"
#include "util/util.h"

#define SAMPLE_TYPE	(PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_IP | PERF_SAMPLE_TID | \
			 PERF_SAMPLE_TIME | PERF_SAMPLE_CPU | PERF_SAMPLE_PERIOD)
#define ID_HDR		32	/* TID, TIME, CPU, IDENTIFIER */
#define PERIOD		250000
#define EVENT_ID	42
#define KTEXT		0xffffffff81000000ULL
#define MOD_BASE	0xffffffffc0100000ULL
/* Guest i's kernel build-id: 20 bytes of 0xa1, 0xb2, ... */
#define GUEST_BID_BYTE(i)	(0xa1 + 0x11 * (i))

struct guest {
	pid_t pid;			/* the QEMU process */
	const char *prefix;		/* its kernel's function names */
	int weights[3];			/* samples in fn0, fn1, fn2 */
	int module_samples;		/* in the module's function */
	int user_samples;		/* guest user mode, unresolvable */
};

static struct buf data = BUF_INIT;
static bool with_chains;		/* PERF_SAMPLE_CALLCHAIN, guest frames after their markers */
static struct buf build_ids = BUF_INIT;	/* HEADER_BUILD_ID entries, if any */
static uint64_t now = 1000;

static void put_trailer(uint32_t pid, uint32_t tid)
{
	uint32_t ids[2] = { pid, tid };

	buf__add(&data, ids, 8);
	buf__add_u64(&data, now);
	buf__add_u64(&data, 0);		/* cpu, res */
	buf__add_u64(&data, EVENT_ID);
}

static void put_comm(uint32_t pid, const char *comm)
{
	struct perf_event_header h = { PERF_RECORD_COMM, 0, 0 };
	size_t len = PERF_ALIGN(strlen(comm) + 1, 8);
	uint32_t ids[2] = { pid, pid };
	char name[32] = { 0 };

	h.size = sizeof(h) + 8 + len + ID_HDR;
	strcpy(name, comm);
	buf__add(&data, &h, sizeof(h));
	buf__add(&data, ids, 8);
	buf__add(&data, name, len);
	put_trailer(pid, pid);
}

static void put_mmap(uint16_t misc, int32_t pid, uint64_t start, uint64_t len, uint64_t pgoff,
		     const char *name)
{
	struct perf_record_mmap m = { .pid = pid, .tid = 0, .start = start, .len = len,
				      .pgoff = pgoff };
	size_t nlen = PERF_ALIGN(strlen(name) + 1, 8);
	char fname[256] = { 0 };

	m.header.type = PERF_RECORD_MMAP;
	m.header.misc = misc;
	m.header.size = sizeof(m) + nlen + ID_HDR;
	strcpy(fname, name);
	buf__add(&data, &m, sizeof(m));
	buf__add(&data, fname, nlen);
	put_trailer(0, 0);
}

/* The guest callers of @ip: fn0 <- fn1 <- fn2, the module <- fn2. */
static int guest_callers(uint64_t ip, uint64_t *callers)
{
	if (ip >= MOD_BASE) {
		callers[0] = KTEXT + 0x3000 + 0x30;
		return 1;
	}
	if (ip >= KTEXT + 0x3000)
		return 0;
	if (ip >= KTEXT + 0x2000) {
		callers[0] = KTEXT + 0x3000 + 0x20;
		return 1;
	}
	callers[0] = KTEXT + 0x2000 + 0x10;
	callers[1] = KTEXT + 0x3000 + 0x10;
	return 2;
}

static void put_sample(uint16_t misc, uint32_t pid, uint64_t ip)
{
	struct perf_event_header h = { PERF_RECORD_SAMPLE, misc, 8 + 6 * 8 };
	uint32_t ids[2] = { pid, pid };
	uint64_t callers[2];
	int i, n = 0;

	if (with_chains && misc == PERF_RECORD_MISC_GUEST_KERNEL)
		n = guest_callers(ip, callers);
	if (with_chains)
		h.size += 8 * (4 + n);
	now += 1000;
	buf__add(&data, &h, sizeof(h));
	buf__add_u64(&data, EVENT_ID);
	buf__add_u64(&data, ip);
	buf__add(&data, ids, 8);
	buf__add_u64(&data, now);
	buf__add_u64(&data, 0);
	buf__add_u64(&data, PERIOD);
	if (!with_chains)
		return;
	buf__add_u64(&data, 3 + n);
	buf__add_u64(&data, PERF_CONTEXT_GUEST);
	buf__add_u64(&data, misc == PERF_RECORD_MISC_GUEST_KERNEL ? PERF_CONTEXT_GUEST_KERNEL :
							       PERF_CONTEXT_GUEST_USER);
	buf__add_u64(&data, ip);
	for (i = 0; i < n; i++)
		buf__add_u64(&data, callers[i]);
}

static int mkdir_p(const char *path)
{
	char tmp[512], *p;

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(tmp, 0755) && errno != EEXIST ? -1 : 0;
}

static int write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

/* A guest kernel: _text, three functions of 4 KiB, and one module function. */
static int write_guest_files(const char *dir, const struct guest *g)
{
	char path[512], text[2048];

	snprintf(text, sizeof(text),
		 "%llx T _text\n%llx T %s_fn0\n%llx t %s_fn1\n%llx T %s_fn2\n%llx T _etext\n"
		 "%llx t %s_mod_poll\t[%s_mod]\n%llx t %s_mod_exit\t[%s_mod]\n",
		 KTEXT, KTEXT + 0x1000, g->prefix, KTEXT + 0x2000, g->prefix,
		 KTEXT + 0x3000, g->prefix, KTEXT + 0x4000,
		 MOD_BASE + 0x100, g->prefix, g->prefix, MOD_BASE + 0x900, g->prefix, g->prefix);
	snprintf(path, sizeof(path), "%s/kallsyms", dir);
	if (write_text(path, text))
		return -1;
	snprintf(text, sizeof(text), "%s_mod 16384 0 - Live 0x%llx\n", g->prefix, MOD_BASE);
	snprintf(path, sizeof(path), "%s/modules", dir);
	return write_text(path, text);
}

static void put_guest_samples(const struct guest *g, FILE *truth, const char *kdso)
{
	int i, n;

	for (i = 0; i < 3; i++) {
		for (n = 0; n < g->weights[i]; n++)
			put_sample(PERF_RECORD_MISC_GUEST_KERNEL, g->pid,
				   KTEXT + 0x1000 * (i + 1) + 16 * (n % 200));
		fprintf(truth, "%d\tqemu-system-x86\t%s\t[g] %s_fn%d\n", g->weights[i], kdso,
			g->prefix, i);
	}
	for (n = 0; n < g->module_samples; n++)
		put_sample(PERF_RECORD_MISC_GUEST_KERNEL, g->pid, MOD_BASE + 0x100 + 8 * (n % 64));
	fprintf(truth, "%d\tqemu-system-x86\t[%s_mod]\t[g] %s_mod_poll\n", g->module_samples,
		g->prefix, g->prefix);
	for (n = 0; n < g->user_samples; n++)
		put_sample(PERF_RECORD_MISC_GUEST_USER, g->pid, 0x400123);
	fprintf(truth, "%d\tqemu-system-x86\t[unknown]\t[u] 0x0000000000400123\n", g->user_samples);
}

static int write_perf_data(const char *path)
{
	uint64_t ids[1] = { EVENT_ID }, bits[4] = { 0 }, off = perf_header__data_offset(1, 1);
	struct perf_header_attr attr = {
		.attr = { .type = PERF_TYPE_SOFTWARE, .config = PERF_COUNT_SW_CPU_CLOCK,
			  .sample_period = PERIOD,
			  .sample_type = SAMPLE_TYPE | (with_chains ? PERF_SAMPLE_CALLCHAIN : 0),
			  .read_format = PERF_FORMAT_ID, .sample_id_all = 1, .mmap = 1,
			  .comm = 1, .task = 1 },
		.ids = ids, .nr_ids = 1, .name = "cpu-clock",
	};
	struct buf feats[HEADER_FEAT_BITS] = { BUF_INIT };
	int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644), err, i;

	if (fd < 0 || data.err)
		return -1;
	perf_header__add_string(&feats[HEADER_HOSTNAME], "synth-host");
	perf_header__add_string(&feats[HEADER_OSRELEASE], "6.1.0-synth");
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

static void put_guest_maps(const struct guest *g, int32_t machine_pid, const char *kdso)
{
	char name[128];

	snprintf(name, sizeof(name), "%s_text", kdso);
	put_mmap(PERF_RECORD_MISC_GUEST_KERNEL, machine_pid, KTEXT, 0x4000, KTEXT, name);
	snprintf(name, sizeof(name), "[%s_mod]", g->prefix);
	put_mmap(PERF_RECORD_MISC_GUEST_KERNEL, machine_pid, MOD_BASE, 16384, 0, name);
}

static int synth_default(const char *dir)
{
	struct guest g = { 3587, "guest", { 600, 300, 100 }, 50, 150 };
	char path[512];
	FILE *truth;

	if (write_guest_files(dir, &g))
		return -1;
	snprintf(path, sizeof(path), "%s/truth", dir);
	truth = fopen(path, "w");
	if (!truth)
		return -1;
	put_comm(g.pid, "qemu-system-x86");
	put_guest_maps(&g, 0, "[guest.kernel.kallsyms]");
	put_guest_samples(&g, truth, "[guest.kernel.kallsyms]");
	fclose(truth);
	snprintf(path, sizeof(path), "%s/perf.data.kvm", dir);
	return write_perf_data(path);
}

/* A /sys/kernel/notes: one GNU build-id note of 20 bytes, all @byte. */
static int write_notes(const char *path, uint8_t byte)
{
	Elf64_Nhdr nh = { .n_namesz = 4, .n_descsz = 20, .n_type = NT_GNU_BUILD_ID };
	uint8_t desc[20];
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	memset(desc, byte, sizeof(desc));
	fwrite(&nh, sizeof(nh), 1, f);
	fwrite("GNU", 4, 1, f);
	fwrite(desc, sizeof(desc), 1, f);
	return fclose(f);
}

static void put_build_id(FILE *list, int32_t pid, uint16_t cpumode, const char *name,
			 uint8_t byte, size_t n);

static int synth_guestmount(const char *dir, bool with_build_ids)
{
	struct guest gs[2] = {
		{ 3587, "alpha", { 500, 200, 100 }, 40, 60 },
		{ 3620, "beta", { 100, 300, 200 }, 20, 80 },
	};
	char path[512], kdso[64];
	FILE *truth, *list = NULL;
	int i;

	snprintf(path, sizeof(path), "%s/truth", dir);
	truth = fopen(path, "w");
	if (!truth)
		return -1;
	if (with_build_ids) {
		snprintf(path, sizeof(path), "%s/buildids", dir);
		list = fopen(path, "w");
		if (!list)
			return -1;
	}
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/guestmount/%d/proc", dir, gs[i].pid);
		if (mkdir_p(path) || write_guest_files(path, &gs[i]))
			return -1;
		snprintf(kdso, sizeof(kdso), "[guest.kernel.kallsyms.%d]", gs[i].pid);
		if (with_build_ids) {
			snprintf(path, sizeof(path), "%s/guestmount/%d/sys/kernel", dir, gs[i].pid);
			if (mkdir_p(path))
				return -1;
			snprintf(path, sizeof(path), "%s/guestmount/%d/sys/kernel/notes", dir,
				 gs[i].pid);
			if (write_notes(path, GUEST_BID_BYTE(i)))
				return -1;
			put_build_id(list, gs[i].pid, PERF_RECORD_MISC_GUEST_KERNEL, kdso,
				     GUEST_BID_BYTE(i), 20);
		}
		put_comm(gs[i].pid, "qemu-system-x86");
		put_guest_maps(&gs[i], gs[i].pid, kdso);
		put_guest_samples(&gs[i], truth, kdso);
	}
	fclose(truth);
	if (list && (fclose(list) || build_ids.err))
		return -1;
	snprintf(path, sizeof(path), "%s/perf.data.kvm", dir);
	return write_perf_data(path);
}

/* One HEADER_BUILD_ID entry: @n bytes of build-id, all @byte. */
static void put_build_id(FILE *list, int32_t pid, uint16_t cpumode, const char *name,
			 uint8_t byte, size_t n)
{
	size_t name_len = PERF_ALIGN(strlen(name) + 1, NAME_ALIGN);
	struct perf_record_build_id b = { .pid = pid, .size = n };
	size_t i;

	b.header.type = PERF_RECORD_HEADER_BUILD_ID;
	b.header.misc = cpumode | PERF_RECORD_MISC_BUILD_ID_SIZE;
	b.header.size = sizeof(b) + name_len;
	memset(b.build_id, byte, n);
	buf__add(&build_ids, &b, sizeof(b));
	buf__add(&build_ids, name, strlen(name));
	buf__add_zero(&build_ids, name_len - strlen(name));
	for (i = 0; i < n; i++)
		fprintf(list, "%02x", byte);
	fprintf(list, "%*s %s\n", (int)(40 - 2 * n), "", name);
}

/*
 * The default guest, recorded with build-ids: guest entries come first
 * in the section, and one guest has no samples at all.
 */
static int synth_buildid(const char *dir)
{
	char path[512];
	FILE *list;

	snprintf(path, sizeof(path), "%s/buildids", dir);
	list = fopen(path, "w");
	if (!list)
		return -1;
	put_build_id(list, 0, PERF_RECORD_MISC_GUEST_KERNEL, "[guest.kernel.kallsyms]", 0x11, 20);
	put_build_id(list, 0, PERF_RECORD_MISC_GUEST_KERNEL, "[guest_mod]", 0x22, 20);
	put_build_id(list, 3620, PERF_RECORD_MISC_GUEST_KERNEL, "[guest.kernel.kallsyms.3620]",
		     0x33, 20);
	put_build_id(list, HOST_KERNEL_ID, PERF_RECORD_MISC_KERNEL, "[kernel.kallsyms]", 0x44, 20);
	put_build_id(list, HOST_KERNEL_ID, PERF_RECORD_MISC_USER, "/usr/bin/qemu-system-x86_64",
		     0x55, 16);
	if (fclose(list) || build_ids.err)
		return -1;
	return synth_default(dir);
}

int main(int argc, char **argv)
{
	int err;

	if (argc != 3) {
		fprintf(stderr, "usage: synth-guest {default|guestmount|buildid|guestcache|chains} "
			"DIR\n");
		return 2;
	}
	if (!strcmp(argv[1], "default"))
		err = synth_default(argv[2]);
	else if (!strcmp(argv[1], "guestmount"))
		err = synth_guestmount(argv[2], false);
	else if (!strcmp(argv[1], "guestcache"))
		err = synth_guestmount(argv[2], true);
	else if (!strcmp(argv[1], "buildid"))
		err = synth_buildid(argv[2]);
	else if (!strcmp(argv[1], "chains")) {
		with_chains = true;
		err = synth_guestmount(argv[2], false);
	}
	else
		err = -1;
	if (err)
		fprintf(stderr, "synth-guest: cannot write %s files in %s: %s\n", argv[1], argv[2],
			strerror(errno));
	return err ? 1 : 0;
}
