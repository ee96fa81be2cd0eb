// SPDX-License-Identifier: GPL-2.0
/*
 * The symbol-loading policy: a DSO's symbols come from the file the
 * recording named only when its build-id (if the recording knew one)
 * still matches; kernels come from a vmlinux or kallsyms, the host's
 * only when the running kernel is the recorded one.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "build-id.h"
#include "debug.h"
#include "dso-load.h"
#include "machines.h"
#include "symbol.h"
#include "symtab-cache.h"

#define KERNEL_NOTES	"/sys/kernel/notes"

enum {
	WARN_HOST_KERNEL	= 1 << 0,
};

/* The machine's kallsyms, loaded once; NULL if it has none or it cannot be read. */
struct kallsyms *machine__kallsyms(struct machine *m)
{
	struct kallsyms *ks;
	int err;

	if (m->kallsyms_tried)
		return m->kallsyms;
	m->kallsyms_tried = true;
	if (!m->kallsyms_path)
		return NULL;
	ks = calloc(1, sizeof(*ks));
	if (!ks)
		return NULL;
	err = kallsyms__load(ks, m->kallsyms_path);
	if (err) {
		pr_warning("cannot read kernel symbols from %s: %s\n", m->kallsyms_path,
			   err == -ENODATA ? "no usable symbol (addresses hidden?)" : strerror(-err));
		free(ks);
		return NULL;
	}
	m->kallsyms = ks;
	return ks;
}

/* Does the running kernel have the build-id the file recorded? Unknown counts as yes. */
static bool host_kernel_matches(struct machines *ms, const struct dso *d)
{
	uint8_t bid[BUILD_ID_SIZE];
	char want[SBUILD_ID_SIZE], have[SBUILD_ID_SIZE];
	int n;

	/* A kallsyms file given by the user is taken as the recorded kernel's. */
	if (!d || !d->build_id_size || ms->cfg.host_kallsyms)
		return true;
	n = sysfs__read_build_id(KERNEL_NOTES, bid, sizeof(bid));
	if (n < 0)
		return true;
	if ((size_t)n == d->build_id_size && !memcmp(bid, d->build_id, n))
		return true;
	if (!(ms->warned & WARN_HOST_KERNEL)) {
		build_id__sprintf(d->build_id, d->build_id_size, want);
		build_id__sprintf(bid, n, have);
		pr_warning("kernel samples stay unresolved: the file was recorded on kernel "
			   "build-id %s, this machine runs %s (--kallsyms takes that "
			   "kernel's symbols from a file)\n", want, have);
		ms->warned |= WARN_HOST_KERNEL;
	}
	return false;
}

/* The machine's kernel DSO, or NULL if no record named it (ENOMEM aside). */
static const struct dso *machine__kernel_dso(struct machine *m)
{
	return dsos__findnew(&m->dsos, m->kernel_name, true);
}

static void dso__load_kernel(struct machines *ms, struct machine *m, struct dso *d)
{
	const struct kmodule *mod;
	struct kallsyms *ks;
	const char *base;
	char name[256];

	/*
	 * The running kernel's kallsyms serve its modules too, so a module
	 * is checked through the kernel's build-id: its own never matches.
	 */
	if (m == &ms->host && !host_kernel_matches(ms, strcmp(d->name, m->kernel_name) ?
						   machine__kernel_dso(m) : d))
		return;
	if (!strcmp(d->name, m->kernel_name) && m->vmlinux_path) {
		d->symtab = calloc(1, sizeof(*d->symtab));
		if (d->symtab && symtab__load_elf(d->symtab, m->vmlinux_path, SYMTAB_VADDR)) {
			pr_warning("cannot read symbols from vmlinux %s\n", m->vmlinux_path);
			free(d->symtab);
			d->symtab = NULL;
		}
		return;
	}
	ks = machine__kallsyms(m);
	if (!ks)
		return;
	if (!strcmp(d->name, m->kernel_name)) {
		d->symtab = &ks->kernel;
		d->symtab_borrowed = true;
		return;
	}
	/* A module: "[name]" or a path to name.ko[.xz]. */
	base = strrchr(d->name, '/');
	base = base ? base + 1 : d->name + (d->name[0] == '[');
	snprintf(name, sizeof(name), "%.*s", (int)strcspn(base, ".]"), base);
	mod = kallsyms__module(ks, name);
	if (mod) {
		d->symtab = (struct symtab *)&mod->syms;
		d->symtab_borrowed = true;
	}
}

/* 1 if ELF file @path carries the build-id recorded for @d, 0 if another, -errno if none. */
static int dso__same_build_id(const struct dso *d, const char *path)
{
	uint8_t bid[BUILD_ID_SIZE];
	int n = symtab_cache__read_build_id(path, bid, sizeof(bid));

	if (n < 0)
		return n;
	return (size_t)n == d->build_id_size && !memcmp(bid, d->build_id, n);
}

/* Does the binary on disk still have the build-id the file recorded (or none to tell)? */
static bool dso__matches(const struct dso *d)
{
	return !d->build_id_size || dso__same_build_id(d, d->name) != 0;
}

/* @d's symbols from ELF file @path. Returns 0 or -errno. */
static int dso__load_elf(struct dso *d, const char *path)
{
	int err;

	d->symtab = calloc(1, sizeof(*d->symtab));
	if (!d->symtab)
		return -ENOMEM;
	err = symtab__load_elf(d->symtab, path, SYMTAB_FILE_OFFSET);
	if (err) {
		free(d->symtab);
		d->symtab = NULL;
	}
	return err;
}

/*
 * The vDSO has no file of its own.  Linux perf keeps a copy of it in its
 * build-id cache, and this process has the running kernel's mapped:
 * either serves when its build-id is the one recorded.  A recording
 * that knows no build-id for it (the pipe format) gets this machine's,
 * as every other DSO of such a file gets the file at its path.
 */
static void dso__load_vdso(struct dso *d)
{
	char path[PATH_MAX], hex[SBUILD_ID_SIZE];
	const char *home = getenv("HOME");

	if (d->build_id_size) {
		build_id__sprintf(d->build_id, d->build_id_size, hex);
		if (home && (size_t)snprintf(path, sizeof(path), "%s/.debug/[vdso]/%s/vdso", home,
					     hex) < sizeof(path) &&
		    dso__same_build_id(d, path) > 0 && !dso__load_elf(d, path))
			return;
	}
	if (vdso__save(path, sizeof(path)))
		return;
	if (!d->build_id_size || dso__same_build_id(d, path) > 0)
		dso__load_elf(d, path);
	unlink(path);
}

/* A JIT's map file has no build-id to check: it describes the recorded process if it exists. */
static void dso__load_perf_map(struct dso *d)
{
	d->symtab = calloc(1, sizeof(*d->symtab));
	if (d->symtab && symtab__load_perf_map(d->symtab, d->name)) {
		free(d->symtab);
		d->symtab = NULL;
	}
}

void dso__load(struct machines *ms, struct machine *m, struct dso *d)
{
	d->symtab_tried = true;
	if (d->kernel) {
		dso__load_kernel(ms, m, d);
		return;
	}
	if (m != &ms->host)
		return;
	if (!strcmp(d->name, "[vdso]")) {
		dso__load_vdso(d);
		return;
	}
	if (d->name[0] != '/')
		return;
	if (d->jit) {
		dso__load_perf_map(d);
		return;
	}
	/* perf diff, and the fuzzer, read the same files again: share what they hold. */
	if (dso__matches(d) && symtab_cache__load_dso(d, d->name) == -ENOSPC)
		dso__load_elf(d, d->name);
}

