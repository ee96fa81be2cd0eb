// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "machine.h"
#include "symbol.h"
#include "util.h"

#define PROC_BUCKETS	4096
#define KERNEL_TEXT	"[kernel.kallsyms]"

int machine__init(struct machine *m, pid_t pid)
{
	memset(m, 0, sizeof(*m));
	m->pid = pid;
	m->procs = calloc(PROC_BUCKETS, sizeof(*m->procs));
	if (!m->procs)
		return -ENOMEM;
	m->nr_buckets = PROC_BUCKETS;
	return 0;
}

void machine__exit(struct machine *m)
{
	size_t b;

	if (m->kallsyms) {
		kallsyms__exit(m->kallsyms);
		free(m->kallsyms);
	}
	free(m->kernel_name);
	free(m->kallsyms_path);
	free(m->modules_path);
	free(m->vmlinux_path);
	threads__exit(&m->threads);
	for (b = 0; b < m->nr_buckets; b++) {
		struct proc_maps *p = m->procs[b], *n;

		for (; p; p = n) {
			n = p->next;
			maps__exit(&p->maps);
			free(p);
		}
	}
	free(m->procs);
	maps__exit(&m->kmaps);
	dsos__exit(&m->dsos);
	m->procs = NULL;
}

static struct proc_maps *machine__proc(struct machine *m, pid_t pid, bool create)
{
	size_t b = (uint32_t)pid % m->nr_buckets;
	struct proc_maps *p;

	for (p = m->procs[b]; p; p = p->next)
		if (p->pid == pid)
			return p;
	if (!create)
		return NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->pid = pid;
	p->next = m->procs[b];
	m->procs[b] = p;
	return p;
}

/* Anonymous executable memory, where JITs put their code. */
static bool is_anon_memory(const char *filename)
{
	return !strcmp(filename, "//anon") || !strncmp(filename, "/dev/zero", 9) ||
	       !strncmp(filename, "/anon_hugepage", 14);
}

/*
 * The machine's kernel DSO, as perf 6.1 picks it at a kernel MMAP: the
 * first kernel-space DSO that is not a module (the build-id table's
 * entries come first), else one called after the machine's kernel.  One
 * the table names by a vmlinux path prints as "[kernel.vmlinux]".
 */
static struct dso *machine__pick_kernel_dso(struct machine *m)
{
	char buf[PATH_MAX];
	struct dso *d;

	dsos__for_each(&m->dsos, d)
		if (d->kernel && !kmod__short_name(d->name, buf, sizeof(buf)))
			break;
	if (!d)
		d = dsos__findnew(&m->dsos, m->kernel_name ? m->kernel_name : KERNEL_TEXT, true);
	if (!d)
		return NULL;
	if (strstr(d->name, "vmlinux") && strcmp(d->short_name, "[kernel.vmlinux]") &&
	    dso__set_short_name(d, "[kernel.vmlinux]"))
		return NULL;
	return d;
}

/* Inserts [start, start + len) of @dso into the kernel's maps, at offset @pgoff. */
static int machine__insert_kmap(struct machine *m, uint64_t start, uint64_t len, uint64_t pgoff,
				struct dso *dso)
{
	struct map map = { .start = start, .end = start + len, .pgoff = pgoff, .dso = dso };

	if (map.end < map.start || (!start && !len))
		map.end = UINT64_MAX;
	return maps__insert(&m->kmaps, &map);
}

/*
 * A module map: its DSO is found by the short name, so that the build-id
 * table's entry for the module is the one used, and its addresses are
 * offsets from the map's start (perf ignores the record's pgoff).
 */
static int machine__add_module_map(struct machine *m, uint64_t start, uint64_t len,
				   const char *filename, const uint8_t *bid, size_t bid_size)
{
	char name[PATH_MAX];
	struct dso *d;

	kmod__short_name(filename, name, sizeof(name));
	d = dsos__find_short(&m->dsos, name);
	if (!d) {
		d = dsos__findnew(&m->dsos, filename, true);
		if (!d || dso__set_module_info(d))
			return -ENOMEM;
	}
	dso__take_build_id(d, bid, bid_size);
	return machine__insert_kmap(m, start, len, 0, d);
}

/* Is @filename the machine's kernel text map, "[kernel.kallsyms]_text" and the like? */
static bool machine__is_kernel_mmap(const struct machine *m, const char *filename)
{
	const char *kname = m->kernel_name ? m->kernel_name : KERNEL_TEXT;

	/* As perf compares: all but the closing bracket. */
	if (!strncmp(filename, kname, strlen(kname) - 1))
		return true;
	/* Guest kernel maps may be named after the generic guest kernel. */
	return m->pid != HOST_KERNEL_ID && !strncmp(filename, "[guest.kernel.kallsyms", 22);
}

/*
 * A kernel-space MMAP, as perf 6.1 reads one: a path or a bracketed name
 * other than the kernel's is a module; the kernel's text map is identity
 * mapped (kernel symbols are addresses); x86's entry trampolines are the
 * kernel's too; anything else is ignored.
 */
static int machine__add_kernel_mmap(struct machine *m, uint64_t start, uint64_t len,
				    const char *filename, const uint8_t *bid, size_t bid_size)
{
	bool is_kernel = machine__is_kernel_mmap(m, filename);
	struct dso *d;

	if (filename[0] == '/' || (!is_kernel && filename[0] == '['))
		return machine__add_module_map(m, start, len, filename, bid, bid_size);
	if (!is_kernel && strcmp(filename, "__entry_SYSCALL_64_trampoline"))
		return 0;
	d = is_kernel ? machine__pick_kernel_dso(m) : m->kernel_dso;
	if (!d)
		return is_kernel ? -ENOMEM : 0;
	if (is_kernel) {
		m->kernel_dso = d;
		dso__take_build_id(d, bid, bid_size);
	}
	return machine__insert_kmap(m, start, len, start, d);
}

/* A map of @filename; @bid (@bid_size bytes, 0 if unknown) is the file's build-id. */
static int machine__add_map(struct machine *m, pid_t pid, uint16_t cpumode, uint64_t start,
			    uint64_t len, uint64_t pgoff, const char *filename,
			    const uint8_t *bid, size_t bid_size)
{
	struct map map = { .start = start, .end = start + len, .pgoff = pgoff };
	struct proc_maps *p;
	char buf[64];

	if (cpumode == PERF_RECORD_MISC_KERNEL || cpumode == PERF_RECORD_MISC_GUEST_KERNEL)
		return machine__add_kernel_mmap(m, start, len, filename, bid, bid_size);
	if (map.end < map.start)
		map.end = UINT64_MAX;
	/*
	 * As perf does: JIT code is named after the process's symbol map
	 * file and keeps its absolute addresses, which that file lists.
	 */
	if (is_anon_memory(filename)) {
		snprintf(buf, sizeof(buf), "/tmp/perf-%d.map", pid);
		filename = buf;
		map.pgoff = start;
	}
	map.dso = dsos__findnew(&m->dsos, filename, false);
	if (!map.dso)
		return -ENOMEM;
	dso__take_build_id(map.dso, bid, bid_size);
	p = machine__proc(m, pid, true);
	if (!p)
		return -ENOMEM;
	return maps__insert(&p->maps, &map);
}

/* Returns the filename of an MMAP/MMAP2 record if it is NUL-terminated inside it. */
static const char *mmap_filename(const union perf_event *ev, size_t fixed)
{
	const char *name = (const char *)ev + fixed;

	if (ev->header.size <= fixed || !memchr(name, '\0', ev->header.size - fixed))
		return NULL;
	return name;
}

int machine__process_mmap(struct machine *m, const union perf_event *ev)
{
	uint16_t cpumode = ev->header.misc & PERF_RECORD_MISC_CPUMODE_MASK;
	size_t bid_size = 0;
	const char *name;

	if (ev->header.type == PERF_RECORD_MMAP) {
		name = mmap_filename(ev, sizeof(ev->mmap));
		if (!name)
			return -EINVAL;
		return machine__add_map(m, ev->mmap.pid, cpumode, ev->mmap.start,
					ev->mmap.len, ev->mmap.pgoff, name, NULL, 0);
	}
	name = mmap_filename(ev, sizeof(ev->mmap2));
	if (!name)
		return -EINVAL;
	/* A size past the array is not a build-id: the map stands without one. */
	if ((ev->header.misc & PERF_RECORD_MISC_MMAP_BUILD_ID) &&
	    ev->mmap2.build_id_size <= sizeof(ev->mmap2.build_id))
		bid_size = ev->mmap2.build_id_size;
	return machine__add_map(m, ev->mmap2.pid, cpumode, ev->mmap2.start,
				ev->mmap2.len, ev->mmap2.pgoff, name, ev->mmap2.build_id, bid_size);
}

int machine__process_fork(struct machine *m, const union perf_event *ev)
{
	struct proc_maps *parent, *child;
	struct thread *pt, *ct;

	if (ev->header.size < sizeof(ev->fork))
		return -EINVAL;
	/* As in perf, a FORK makes a new thread, even of a tid seen before. */
	pt = threads__find(&m->threads, ev->fork.ptid);
	ct = threads__new(&m->threads, ev->fork.pid, ev->fork.tid);
	if (!ct)
		return -ENOMEM;
	/* A parent still on its placeholder leaves the child on its own. */
	if (pt && pt->comm_set && threads__set_comm(&m->threads, ct, pt->comm->str))
		return -ENOMEM;
	if (ev->fork.pid == ev->fork.ppid)
		return 0;	/* a new thread shares its process's maps */
	parent = machine__proc(m, ev->fork.ppid, false);
	child = machine__proc(m, ev->fork.pid, true);
	if (!child)
		return -ENOMEM;
	if (!parent) {
		child->maps.nr = 0;
		return 0;
	}
	return maps__copy(&child->maps, &parent->maps);
}

int machine__process_comm(struct machine *m, const union perf_event *ev)
{
	size_t max = ev->header.size - sizeof(ev->comm);
	struct thread *t;

	if (ev->header.size <= sizeof(ev->comm) || !memchr(ev->comm.comm, '\0', max))
		return -EINVAL;
	t = threads__findnew(&m->threads, ev->comm.pid, ev->comm.tid);
	if (!t)
		return -ENOMEM;
	/*
	 * An exec keeps the old image's maps until the new one's replace
	 * them, as in perf: samples inside execve() still have user frames
	 * of the old image on their chains.
	 */
	return threads__set_comm(&m->threads, t, ev->comm.comm) ? -ENOMEM : 0;
}

/* The longest kernel symbol name, the kernel's KSYM_NAME_LEN. */
#define KSYM_NAME_MAX	512

/*
 * A DSO of one symbol, as perf makes one for a KSYMBOL.  A program
 * loaded again at another address gets a DSO of its own (the old one's
 * symbol stays for the rows that hold it), under the same printed name.
 */
static struct dso *machine__ksymbol_dso(struct machine *m, const char *name, uint64_t addr,
					uint32_t len)
{
	char key[KSYM_NAME_MAX + 32];
	struct symtab *st;
	struct dso *d;

	d = dsos__findnew(&m->dsos, name, true);
	if (d && d->symtab && d->ksym_addr != addr) {
		snprintf(key, sizeof(key), "%s@%" PRIx64, name, addr);
		d = dsos__findnew(&m->dsos, key, true);
		if (d && dso__set_short_name(d, name))
			return NULL;
	}
	if (!d || d->symtab)
		return d;
	st = calloc(1, sizeof(*st));
	if (st)
		st->syms = calloc(1, sizeof(*st->syms));
	if (st && st->syms)
		st->strpool = strdup(name);
	if (!st || !st->strpool) {
		if (st)
			free(st->syms);
		free(st);
		return NULL;
	}
	/* As perf's, the symbol is by offset in its map: programs of one name and size are one row. */
	st->syms[0] = (struct symbol){ 0, len, st->strpool };
	st->nr = 1;
	st->strpool_size = strlen(name) + 1;
	d->symtab = st;
	d->symtab_tried = true;
	d->ksym_addr = addr;
	return d;
}

int machine__process_ksymbol(struct machine *m, const union perf_event *ev)
{
	const char *name = ev->ksymbol.name;
	size_t max = ev->header.size - sizeof(ev->ksymbol);
	struct map *map;
	struct dso *d;

	if (ev->header.size <= sizeof(ev->ksymbol) || !memchr(name, '\0', min(max, KSYM_NAME_MAX)))
		return -EINVAL;
	if (ev->ksymbol.flags & PERF_RECORD_KSYMBOL_FLAGS_UNREGISTER) {
		map = maps__find(&m->kmaps, ev->ksymbol.addr);
		if (map && map->start == ev->ksymbol.addr && map->dso->ksym_addr == map->start &&
		    !strcmp(map->dso->short_name, name))
			maps__remove(&m->kmaps, map);
		return 0;
	}
	if (!ev->ksymbol.len)
		return 0;
	d = machine__ksymbol_dso(m, name, ev->ksymbol.addr, ev->ksymbol.len);
	if (!d)
		return -ENOMEM;
	return machine__insert_kmap(m, ev->ksymbol.addr, ev->ksymbol.len, 0, d);
}

int machine__add_kernel_map(struct machine *m, uint64_t start, uint64_t len, const char *name)
{
	return machine__add_kernel_mmap(m, start, len, name, NULL, 0);
}

uint64_t machine__maps_version(struct machine *m, pid_t pid)
{
	struct proc_maps *p = machine__proc(m, pid, false);
	uint64_t v = m->kmaps.version;

	return p && p->maps.version > v ? p->maps.version : v;
}

struct map *machine__find_map(struct machine *m, pid_t pid, uint16_t cpumode, uint64_t ip)
{
	struct proc_maps *p;

	struct map *map;

	switch (cpumode) {
	case PERF_RECORD_MISC_KERNEL:
	case PERF_RECORD_MISC_GUEST_KERNEL:
		map = maps__find(&m->kmaps, ip);
		if (map)
			return map;
		/*
		 * The kernel's map ends at _etext, but its text goes on up to
		 * the first module, as perf has it: chains meet init code there.
		 */
		map = maps__find_below(&m->kmaps, ip);
		return map && map->dso == m->kernel_dso ? map : NULL;
	default:
		p = machine__proc(m, pid, false);
		return p ? maps__find(&p->maps, ip) : NULL;
	}
}
