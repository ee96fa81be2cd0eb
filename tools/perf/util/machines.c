// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "debug.h"
#include "dso-load.h"
#include "inline.h"
#include "machines.h"
#include "unwind.h"
#include "symbol.h"
#include "util.h"

#define HOST_KALLSYMS	"/proc/kallsyms"
#define HOST_MODULES	"/proc/modules"

void machine__kernel_name(pid_t pid, char *buf, size_t size)
{
	if (pid == HOST_KERNEL_ID)
		snprintf(buf, size, "[kernel.kallsyms]");
	else if (pid == 0)
		snprintf(buf, size, "[guest.kernel.kallsyms]");
	else
		snprintf(buf, size, "[guest.kernel.kallsyms.%d]", pid);
}

static int machine__setup(struct machine *m, pid_t pid, const char *kallsyms,
			  const char *modules, const char *vmlinux)
{
	char name[64];
	int err = machine__init(m, pid);

	if (err)
		return err;
	machine__kernel_name(pid, name, sizeof(name));
	m->kernel_name = strdup(name);
	m->kallsyms_path = kallsyms ? strdup(kallsyms) : NULL;
	m->modules_path = modules ? strdup(modules) : NULL;
	m->vmlinux_path = vmlinux ? strdup(vmlinux) : NULL;
	if (!m->kernel_name || (kallsyms && !m->kallsyms_path) ||
	    (modules && !m->modules_path) || (vmlinux && !m->vmlinux_path))
		return -ENOMEM;
	return 0;
}

int machines__init(struct machines *ms, const struct guest_config *cfg)
{
	struct thread *idle;
	int err;

	memset(ms, 0, sizeof(*ms));
	if (cfg)
		ms->cfg = *cfg;
	ms->generation = 1;	/* 0 is what an empty cache slot holds */
	ms->sym_cache = calloc(SYM_CACHE_SIZE, sizeof(*ms->sym_cache));
	if (!ms->sym_cache)
		return -ENOMEM;
	if (ms->cfg.guestmount) {
		ms->guestmount = realpath(ms->cfg.guestmount, NULL);
		if (!ms->guestmount)
			return -errno;
	}
	err = machine__setup(&ms->host, HOST_KERNEL_ID,
			     ms->cfg.host_kallsyms ? ms->cfg.host_kallsyms : HOST_KALLSYMS,
			     HOST_MODULES, NULL);
	if (err)
		return err;
	/* The idle task has no COMM record; perf calls it swapper. */
	idle = threads__findnew(&ms->host.threads, 0, 0);
	if (!idle)
		return -ENOMEM;
	return threads__set_comm(&ms->host.threads, idle, "swapper");
}

void machines__exit(struct machines *ms)
{
	size_t i;

	/* DWARF unwinding holds files of the machines' DSOs open. */
	unwind__exit(ms);
	inline__exit(ms);
	for (i = 0; i < ms->nr_guests; i++) {
		machine__exit(ms->guests[i]);
		free(ms->guests[i]);
	}
	free(ms->guests);
	free(ms->sym_cache);
	machine__exit(&ms->host);
	free(ms->guestmount);
	memset(ms, 0, sizeof(*ms));
}

char *guestmount__path(const char *root, pid_t pid, const char *file)
{
	char rel[PATH_MAX];

	snprintf(rel, sizeof(rel), "proc/%s", file);
	return guestmount__file(root, pid, rel);
}

char *guestmount__file(const char *root, pid_t pid, const char *rel)
{
	size_t n;
	char path[PATH_MAX];
	char *real;

	if (!root)
		return NULL;
	n = strlen(root);
	snprintf(path, sizeof(path), "%s/%d/%s", root, pid, rel);
	real = realpath(path, NULL);
	if (!real)
		return NULL;
	if (strncmp(real, root, n) || real[n] != '/') {
		pr_warning("%s resolves to %s, outside the --guestmount tree: not used\n",
			   path, real);
		free(real);
		return NULL;
	}
	return real;
}

static bool guestmount__has(struct machines *ms, pid_t pid)
{
	char path[PATH_MAX];
	struct stat st;

	if (!ms->guestmount || pid <= 0)
		return false;
	snprintf(path, sizeof(path), "%s/%d", ms->guestmount, pid);
	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

static struct machine *machines__find_guest(struct machines *ms, pid_t pid)
{
	size_t i;

	for (i = 0; i < ms->nr_guests; i++)
		if (ms->guests[i]->pid == pid)
			return ms->guests[i];
	return NULL;
}

/* Maps for the guest kernel and its modules, from what its kallsyms/modules say. */
static int machine__create_kernel_maps(struct machine *m);

/* A guest machine whose kernel symbols come from these files (each may be NULL). */
static struct machine *machines__add_guest(struct machines *ms, pid_t pid, const char *kallsyms,
					   const char *modules, const char *vmlinux)
{
	struct machine **guests, *m;
	int err;

	guests = realloc(ms->guests, (ms->nr_guests + 1) * sizeof(*guests));
	m = calloc(1, sizeof(*m));
	if (!guests || !m) {
		free(m);
		if (guests)
			ms->guests = guests;
		return NULL;
	}
	ms->guests = guests;
	err = machine__setup(m, pid, kallsyms, modules, vmlinux);
	if (!err)
		err = machine__create_kernel_maps(m);
	if (err) {
		machine__exit(m);
		free(m);
		return NULL;
	}
	ms->guests[ms->nr_guests++] = m;
	return m;
}

static struct machine *machines__new_guest(struct machines *ms, pid_t pid)
{
	char *kallsyms, *modules;
	struct machine *m;

	if (!pid)
		return machines__add_guest(ms, pid, ms->cfg.kallsyms, ms->cfg.modules,
					   ms->cfg.vmlinux);
	guest_kernel__sources(ms, pid, NULL, 0, &kallsyms, &modules);
	m = machines__add_guest(ms, pid, kallsyms, modules, NULL);
	free(kallsyms);
	free(modules);
	return m;
}

static bool is_guest_kernel_name(const char *name)
{
	return !strncmp(name, "[guest.kernel.kallsyms", 22) && name[strlen(name) - 1] == ']';
}

/*
 * The machine of a guest kernel that the file recorded with build-id
 * @bid, if the build-id decides where its symbols come from: a guest
 * that runs elsewhere now, or was never mounted here, has its own
 * machine when the cache kept its kallsyms.  NULL: decide as for a
 * guest without a build-id (machines__findnew()).
 */
static struct machine *machines__new_guest_by_build_id(struct machines *ms, pid_t pid,
						       const uint8_t *bid, size_t size)
{
	char *kallsyms, *modules;
	struct machine *m = NULL;

	/* The user's --guestkallsyms/--guestvmlinux speak for the default guest. */
	if (!pid && (ms->cfg.kallsyms || ms->cfg.vmlinux))
		return NULL;
	guest_kernel__sources(ms, pid, bid, size, &kallsyms, &modules);
	if (kallsyms || guestmount__has(ms, pid))
		m = machines__add_guest(ms, pid, kallsyms, modules, NULL);
	free(kallsyms);
	free(modules);
	return m;
}

struct machine *machines__findnew(struct machines *ms, uint16_t cpumode, pid_t pid)
{
	struct machine *m;

	if (!cpumode__is_guest(cpumode))
		return &ms->host;
	m = machines__find_guest(ms, pid);
	if (m)
		return m;
	if (!guestmount__has(ms, pid))
		pid = 0;
	m = machines__find_guest(ms, pid);
	return m ? m : machines__new_guest(ms, pid);
}

int machines__process_event(struct machines *ms, const union perf_event *ev)
{
	uint16_t cpumode = ev->header.misc & PERF_RECORD_MISC_CPUMODE_MASK;
	struct machine *m;

	ms->generation++;
	switch (ev->header.type) {
	case PERF_RECORD_MMAP:
	case PERF_RECORD_MMAP2:
		if (ev->header.size < sizeof(ev->mmap))
			return -EINVAL;
		m = machines__findnew(ms, cpumode, ev->mmap.pid);
		return m ? machine__process_mmap(m, ev) : -ENOMEM;
	case PERF_RECORD_KSYMBOL:
		return machine__process_ksymbol(&ms->host, ev);
	case PERF_RECORD_COMM:
		return machine__process_comm(&ms->host, ev);
	case PERF_RECORD_FORK:
		return machine__process_fork(&ms->host, ev);
	default:
		return 0;
	}
}

int machines__set_build_id(struct machines *ms, pid_t pid, uint16_t cpumode, const char *name,
			   const uint8_t *bid, size_t size)
{
	bool kernel = cpumode == PERF_RECORD_MISC_KERNEL || cpumode == PERF_RECORD_MISC_GUEST_KERNEL;
	char buf[PATH_MAX];
	struct machine *m;
	struct dso *d;

	if (size > BUILD_ID_SIZE)
		return -EINVAL;
	m = &ms->host;
	if (cpumode__is_guest(cpumode)) {
		m = pid >= 0 ? machines__find_guest(ms, pid) : NULL;
		if (!m && pid >= 0 && cpumode == PERF_RECORD_MISC_GUEST_KERNEL &&
		    is_guest_kernel_name(name))
			m = machines__new_guest_by_build_id(ms, pid, bid, size);
		if (!m)
			m = machines__findnew(ms, cpumode, pid);
	}
	if (!m)
		return -ENOMEM;
	d = dsos__findnew(&m->dsos, name, kernel);
	if (!d)
		return -ENOMEM;
	/* perf names a module's entry as its maps will be named: "[name]". */
	if (kernel && kmod__short_name(name, buf, sizeof(buf)) && dso__set_module_info(d))
		return -ENOMEM;
	memcpy(d->build_id, bid, size);
	d->build_id_size = size;
	return 0;
}

static int machine__create_kernel_maps(struct machine *m)
{
	struct kallsyms *ks = machine__kallsyms(m);
	size_t i;
	int err;

	if (!ks || !ks->kernel.nr)
		return 0;
	err = machine__add_kernel_map(m, ks->kernel.syms[0].start,
				      ks->kernel.syms[ks->kernel.nr - 1].end - ks->kernel.syms[0].start,
				      m->kernel_name);
	for (i = 0; !err && i < ks->nr_mods; i++) {
		const struct symtab *st = &ks->mods[i].syms;
		char name[300];

		if (!st->nr)
			continue;
		snprintf(name, sizeof(name), "[%s]", ks->mods[i].name);
		err = machine__add_kernel_map(m, st->syms[0].start,
					      st->syms[st->nr - 1].end - st->syms[0].start, name);
	}
	return err;
}

static char cpumode__level(uint16_t cpumode)
{
	switch (cpumode) {
	case PERF_RECORD_MISC_KERNEL:		return 'k';
	case PERF_RECORD_MISC_GUEST_KERNEL:	return 'g';
	case PERF_RECORD_MISC_GUEST_USER:	return 'u';
	case PERF_RECORD_MISC_HYPERVISOR:	return 'H';
	default:				return '.';
	}
}

/* Hot loops sample the same few addresses over and over: look each up once. */
static const struct symbol *machines__find_symbol(struct machines *ms, const struct dso *dso,
						  uint64_t addr)
{
	uint64_t h = (addr ^ ((uintptr_t)dso >> 4)) * 0x9e3779b97f4a7c15ULL;
	struct sym_cache_entry *e = &ms->sym_cache[h >> (64 - SYM_CACHE_BITS)];

	if (e->dso == dso && e->addr == addr)
		return e->sym;
	e->dso = dso;
	e->addr = addr;
	e->sym = symtab__find(dso->symtab, addr);
	return e->sym;
}

int machines__resolve_ip(struct machines *ms, uint16_t cpumode, pid_t pid, uint64_t ip,
			 struct addr_location *al)
{
	al->map = NULL;
	al->dso = NULL;
	al->sym = NULL;
	al->level = cpumode__level(cpumode);
	al->addr = ip;
	al->machine = machines__findnew(ms, cpumode, pid);
	if (!al->machine)
		return -ENOMEM;
	al->map = machine__find_map(al->machine, pid, cpumode, ip);
	if (!al->map)
		return 0;
	al->dso = al->map->dso;
	/*
	 * The address inside the DSO: a file offset for user code, an offset
	 * into the module for modules; the kernel's text is identity mapped.
	 */
	al->addr = ip - al->map->start + al->map->pgoff;
	if (!al->dso->symtab_tried)
		dso__load(ms, al->machine, al->dso);
	if (al->dso->symtab)
		al->sym = machines__find_symbol(ms, al->dso,
						al->dso->symtab_absolute ? ip : al->addr);
	return 0;
}

int machines__resolve(struct machines *ms, const struct perf_sample *s, struct addr_location *al)
{
	al->thread = threads__findnew(&ms->host.threads, s->pid, s->tid);
	if (!al->thread) {
		memset(al, 0, sizeof(*al));
		return -ENOMEM;
	}
	return machines__resolve_ip(ms, s->cpumode, s->pid, s->ip, al);
}
