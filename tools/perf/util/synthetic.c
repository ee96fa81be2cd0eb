// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include "build-id.h"
#include "dso.h"
#include "synthetic.h"
#include "util.h"

/* Pads the record in s->scratch to 8 bytes, adds the id trailer, fixes the size, emits it. */
static int synth__emit(struct synth *s)
{
	union perf_event *ev;

	buf__add_zero(&s->scratch, PERF_ALIGN(s->scratch.len, 8) - s->scratch.len);
	buf__add_zero(&s->scratch, s->id_hdr_size);
	if (s->scratch.err)
		return s->scratch.err;
	if (s->scratch.len > UINT16_MAX)
		return -E2BIG;
	ev = (union perf_event *)s->scratch.data;
	ev->header.size = s->scratch.len;
	return s->process(s, ev);
}

static void synth__begin(struct synth *s, uint32_t type, uint16_t misc)
{
	struct perf_event_header h = { .type = type, .misc = misc };

	s->scratch.len = 0;
	buf__add(&s->scratch, &h, sizeof(h));
}

#define SYNTH_BID_BITS	10
#define SYNTH_BID_SLOTS	(1 << SYNTH_BID_BITS)
#define KERNEL_NOTES	"/sys/kernel/notes"

/* A file's build-id, read once for all the processes that map it. */
struct synth_bid {
	uint32_t maj, min;
	uint64_t ino;
	int size;		/* 0: empty slot, < 0: the file has none */
	uint8_t bid[BUILD_ID_SIZE];
};

/* The build-id of the file a map of @m names (@name): its size, or <= 0 if it has none. */
static int synth__file_build_id(struct synth *s, const struct perf_record_mmap2 *m,
				const char *name, uint8_t *bid)
{
	uint64_t h = ((uint64_t)m->maj << 40 ^ (uint64_t)m->min << 20 ^ m->ino) *
		     0x9e3779b97f4a7c15ULL;
	struct synth_bid *e;
	int n;

	if (!s->bids) {
		s->bids = calloc(SYNTH_BID_SLOTS, sizeof(*s->bids));
		if (!s->bids)
			return filename__read_build_id(name, bid, BUILD_ID_SIZE);
	}
	e = &s->bids[h >> (64 - SYNTH_BID_BITS)];
	/* Inode 0 is no file: not a key. */
	if (m->ino && e->size && e->maj == m->maj && e->min == m->min && e->ino == m->ino) {
		memcpy(bid, e->bid, BUILD_ID_SIZE);
		return e->size;
	}
	n = filename__read_build_id(name, bid, BUILD_ID_SIZE);
	if (!m->ino)
		return n;
	e->maj = m->maj;
	e->min = m->min;
	e->ino = m->ino;
	e->size = n > 0 ? n : -1;
	if (n > 0)
		memcpy(e->bid, bid, n);
	return n;
}

/* Puts build-id @bid of @n bytes into an MMAP2, in place of its device and inode. */
static void mmap2__set_build_id(struct perf_record_mmap2 *m, const uint8_t *bid, int n)
{
	m->build_id_size = n;
	m->__reserved_1 = 0;
	m->__reserved_2 = 0;
	memset(m->build_id, 0, sizeof(m->build_id));
	memcpy(m->build_id, bid, n);
	m->header.misc |= PERF_RECORD_MISC_MMAP_BUILD_ID;
}

/*
 * Emits a kernel-side map: an MMAP, or under s->build_ids an MMAP2 with
 * build-id @bid (@n bytes; none if <= 0) as the kernel writes them.
 */
static int synth__kernel_map(struct synth *s, uint16_t cpumode, pid_t pid, uint64_t start,
			     uint64_t len, uint64_t pgoff, const char *name, const uint8_t *bid,
			     int n)
{
	struct perf_record_mmap2 m2 = { .pid = pid, .start = start, .len = len, .pgoff = pgoff };
	struct perf_record_mmap m = { .pid = pid, .start = start, .len = len, .pgoff = pgoff };

	if (s->build_ids) {
		if (n > 0)
			mmap2__set_build_id(&m2, bid, n);
		synth__begin(s, PERF_RECORD_MMAP2, cpumode | m2.header.misc);
		buf__add(&s->scratch, (char *)&m2 + sizeof(m2.header), sizeof(m2) - sizeof(m2.header));
	} else {
		synth__begin(s, PERF_RECORD_MMAP, cpumode);
		buf__add(&s->scratch, (char *)&m + sizeof(m.header), sizeof(m) - sizeof(m.header));
	}
	buf__add(&s->scratch, name, strlen(name) + 1);
	return synth__emit(s);
}

int kallsyms__kernel_text(const char *kallsyms, struct kernel_text *kt)
{
	FILE *f = fopen(kallsyms, "re");
	char line[512], name[256], type;
	uint64_t addr;
	bool have_text = false;

	if (!f)
		return -errno;
	memset(kt, 0, sizeof(*kt));
	kt->start = UINT64_MAX;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%" SCNx64 " %c %255s", &addr, &type, name) != 3)
			continue;
		if (strchr(line, '['))	/* a module symbol */
			continue;
		if (type != 't' && type != 'T')
			continue;
		if (!strcmp(name, "_text") || (!have_text && !strcmp(name, "_stext"))) {
			have_text = !strcmp(name, "_text");
			kt->ref_name = have_text ? "_text" : "_stext";
			kt->ref_addr = addr;
		}
		if (!strcmp(name, "_etext"))
			kt->end = addr;
		if (addr < kt->start)
			kt->start = addr;
	}
	fclose(f);
	if (!kt->ref_name || !kt->ref_addr)
		return -ENOENT;
	if (kt->start > kt->ref_addr)
		kt->start = kt->ref_addr;
	if (kt->end <= kt->start)
		kt->end = UINT64_MAX;
	return 0;
}

int synthesize_kernel_mmap(struct synth *s, const char *kallsyms, const char *dso_name,
			   pid_t machine_pid, uint16_t cpumode)
{
	uint8_t bid[BUILD_ID_SIZE];
	struct kernel_text kt;
	char name[256];
	int err, n = 0;

	err = kallsyms__kernel_text(kallsyms, &kt);
	if (err)
		return err;
	snprintf(name, sizeof(name), "%s%s", dso_name, kt.ref_name);
	if (s->build_ids && cpumode == PERF_RECORD_MISC_KERNEL)
		n = sysfs__read_build_id(KERNEL_NOTES, bid, sizeof(bid));
	return synth__kernel_map(s, cpumode, machine_pid, kt.start, kt.end - kt.start, kt.ref_addr,
				 name, bid, n);
}

/* Module files found under a modules directory, by the short name perf gives them. */
struct kmod_files {
	char **names;		/* "[name]" then NUL then the path, one allocation each */
	size_t nr, alloc;
};

static int kmod_files__add(struct kmod_files *kf, const char *short_name, const char *path)
{
	size_t n = strlen(short_name) + 1, m = strlen(path) + 1;
	char *e;

	if (kf->nr == kf->alloc) {
		size_t alloc = kf->alloc * 2 + 64;
		char **names = realloc(kf->names, alloc * sizeof(*names));

		if (!names)
			return -ENOMEM;
		kf->names = names;
		kf->alloc = alloc;
	}
	e = malloc(n + m);
	if (!e)
		return -ENOMEM;
	memcpy(e, short_name, n);
	memcpy(e + n, path, m);
	kf->names[kf->nr++] = e;
	return 0;
}

/*
 * Walks @dir as perf does: every directory but the top level's "source"
 * and "build" links (the kernel's tree), each file that names a module.
 */
static int kmod_files__scan(struct kmod_files *kf, const char *dir, int depth)
{
	char path[PATH_MAX], name[PATH_MAX];
	struct dirent *de;
	struct stat st;
	int err = 0;
	DIR *d;

	if (depth > 16)
		return 0;
	d = opendir(dir);
	if (!d)
		return 0;
	while (!err && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= sizeof(path) ||
		    stat(path, &st))
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (!depth && (!strcmp(de->d_name, "source") || !strcmp(de->d_name, "build")))
				continue;
			err = kmod_files__scan(kf, path, depth + 1);
		} else if (kmod__short_name(de->d_name, name, sizeof(name))) {
			err = kmod_files__add(kf, name, path);
		}
	}
	closedir(d);
	return err;
}

/* The path of module @mod ("[name]"), the last one found as in perf; NULL if none. */
static const char *kmod_files__find(const struct kmod_files *kf, const char *mod)
{
	size_t i = kf->nr;

	while (i--)
		if (!strcmp(kf->names[i], mod))
			return kf->names[i] + strlen(kf->names[i]) + 1;
	return NULL;
}

static void kmod_files__exit(struct kmod_files *kf)
{
	size_t i;

	for (i = 0; i < kf->nr; i++)
		free(kf->names[i]);
	free(kf->names);
}

int synthesize_modules_in(struct synth *s, const char *modules, const char *modules_dir,
			  pid_t machine_pid, uint16_t cpumode)
{
	FILE *f = fopen(modules, "re");
	char line[4096], mod[256], name[260], *p;
	struct kmod_files kf = { 0 };
	uint64_t size, addr;
	const char *path;
	int err = 0;

	if (!f)
		return -errno;
	if (modules_dir)
		err = kmod_files__scan(&kf, modules_dir, 0);
	while (!err && fgets(line, sizeof(line), f)) {
		uint8_t bid[BUILD_ID_SIZE];
		int n = 0;

		if (sscanf(line, "%255s %" SCNu64 " %*s %*s %*s %" SCNx64, mod, &size, &addr) != 3)
			continue;
		snprintf(name, sizeof(name), "[%s]", mod);
		for (p = name; *p; p++)
			if (*p == '-')
				*p = '_';
		path = kmod_files__find(&kf, name);
		if (s->build_ids && cpumode == PERF_RECORD_MISC_KERNEL)
			n = kmodule__read_build_id(name, bid, sizeof(bid));
		if (!path) {
			snprintf(name, sizeof(name), "[%s]", mod);
			path = name;
		}
		err = synth__kernel_map(s, cpumode, machine_pid, addr, size, 0, path, bid, n);
	}
	kmod_files__exit(&kf);
	fclose(f);
	return err;
}

int synthesize_modules(struct synth *s, const char *modules, pid_t machine_pid, uint16_t cpumode)
{
	char dir[PATH_MAX];
	struct utsname u;

	if (machine_pid != HOST_KERNEL_ID || uname(&u))
		return synthesize_modules_in(s, modules, NULL, machine_pid, cpumode);
	snprintf(dir, sizeof(dir), "/lib/modules/%s", u.release);
	return synthesize_modules_in(s, modules, dir, machine_pid, cpumode);
}

static int synthesize_comm(struct synth *s, pid_t pid, pid_t tid)
{
	char path[64], comm[32];
	uint32_t ids[2] = { pid, tid };
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/comm", pid, tid);
	n = read_small_file(path, comm, sizeof(comm));
	if (n < 0)
		return n == -ENOENT ? -ESRCH : (int)n;
	comm[strcspn(comm, "\n")] = '\0';
	synth__begin(s, PERF_RECORD_COMM, 0);
	buf__add(&s->scratch, ids, sizeof(ids));
	buf__add(&s->scratch, comm, strlen(comm) + 1);
	return synth__emit(s);
}

/* Parses one /proc/PID/maps line into @m and @name; returns false for non-executable maps. */
static bool parse_maps_line(char *line, struct perf_record_mmap2 *m, char **name)
{
	char perms[8];
	int off = 0;

	if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %4s %" SCNx64 " %x:%x %" SCNu64 " %n",
		   &m->start, &m->len, perms, &m->pgoff, &m->maj, &m->min, &m->ino, &off) < 7)
		return false;
	if (perms[2] != 'x')
		return false;
	m->len -= m->start;
	m->prot = PROT_EXEC | (perms[0] == 'r' ? PROT_READ : 0) | (perms[1] == 'w' ? PROT_WRITE : 0);
	m->flags = perms[3] == 's' ? MAP_SHARED : MAP_PRIVATE;
	*name = line + off;
	(*name)[strcspn(*name, "\n")] = '\0';
	if (!**name)
		*name = "//anon";
	return true;
}

static int synthesize_mmaps(struct synth *s, pid_t pid)
{
	char path[64], line[4096 + 128], *name;
	int err = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? -ESRCH : -errno;
	while (!err && fgets(line, sizeof(line), f)) {
		struct perf_record_mmap2 m = { .pid = pid, .tid = pid };

		uint8_t bid[BUILD_ID_SIZE];
		int n;

		if (!parse_maps_line(line, &m, &name))
			continue;
		if (s->build_ids && name[0] == '/') {
			n = synth__file_build_id(s, &m, name, bid);
			if (n > 0)
				mmap2__set_build_id(&m, bid, n);
		}
		synth__begin(s, PERF_RECORD_MMAP2, PERF_RECORD_MISC_USER | m.header.misc);
		buf__add(&s->scratch, (char *)&m + sizeof(m.header), sizeof(m) - sizeof(m.header));
		buf__add(&s->scratch, name, strlen(name) + 1);
		err = synth__emit(s);
	}
	fclose(f);
	return err;
}

int synthesize_process(struct synth *s, pid_t pid)
{
	char path[64];
	struct dirent *de;
	int err = 0;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	dir = opendir(path);
	if (!dir)
		return -ESRCH;
	while (!err && (de = readdir(dir))) {
		char *end;
		long tid = strtol(de->d_name, &end, 10);

		if (*end || tid <= 0)
			continue;
		err = synthesize_comm(s, pid, tid);
		if (err == -ESRCH)	/* the thread exited meanwhile */
			err = 0;
	}
	closedir(dir);
	return err ? err : synthesize_mmaps(s, pid);
}

int synthesize_all_processes(struct synth *s)
{
	struct dirent *de;
	int err = 0;
	DIR *dir = opendir("/proc");

	if (!dir)
		return -errno;
	while (!err && (de = readdir(dir))) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);

		if (*end || pid <= 0)
			continue;
		err = synthesize_process(s, pid);
		/* Gone meanwhile, or hidden from us (a sandbox's init): not fatal. */
		if (err == -ESRCH || err == -EACCES || err == -EPERM)
			err = 0;
	}
	closedir(dir);
	return err;
}

void synth__exit(struct synth *s)
{
	free(s->bids);
	s->bids = NULL;
	buf__release(&s->scratch);
}
