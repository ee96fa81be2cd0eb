// SPDX-License-Identifier: GPL-2.0
/*
 * The symbol-loading policy: a DSO's symbols come from the file the
 * recording named only when its build-id (if the recording knew one)
 * still matches, else from the build-id cache's copy of that build-id;
 * kernels come from a vmlinux or kallsyms: the host's from the kallsyms
 * the cache kept for the recorded kernel, else this machine's while it
 * runs that kernel.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "build-id.h"
#include "build-id-cache.h"
#include "debug.h"
#include "dso-load.h"
#include "kmod-decompress.h"
#include "machines.h"
#include "symbol.h"
#include "symtab-cache.h"

#define KERNEL_NOTES	"/sys/kernel/notes"

enum {
	WARN_HOST_KERNEL	= 1 << 0,
	WARN_CACHE_ESCAPE	= 1 << 1,
	WARN_GUEST_KERNEL	= 1 << 2,
};

/*
 * The build-id cache's @file for build-id @bid into @path, if it has one.
 * An entry that leads out of the cache is not used, and said so once.
 */
static bool cache__find(struct machines *ms, const uint8_t *bid, size_t size, const char *file,
			char *path, size_t len)
{
	char hex[SBUILD_ID_SIZE], root[PATH_MAX];
	int err;

	if (!size)
		return false;
	err = build_id_cache__find(bid, size, file, path, len);
	if (err == -EXDEV && !(ms->warned & WARN_CACHE_ESCAPE)) {
		build_id__sprintf(bid, size, hex);
		if (build_id_cache__root(root, sizeof(root)))
			root[0] = '\0';
		pr_warning("the build-id cache entry of %s leads out of %s: not used\n", hex, root);
		ms->warned |= WARN_CACHE_ESCAPE;
	}
	return !err;
}

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

/*
 * The kallsyms the cache kept for the recorded kernel beats this
 * machine's: it is that kernel's, with the modules it had, and a plain
 * file reads faster than /proc.  --kallsyms beats both.  Decided once,
 * before the host's kallsyms is first read.
 */
static bool host_kallsyms_cached(struct machines *ms, struct machine *m, const struct dso *kd)
{
	char path[PATH_MAX], *copy;

	if (m->kallsyms_tried || ms->cfg.host_kallsyms || !kd)
		return m->kallsyms_cached;
	if (!cache__find(ms, kd->build_id, kd->build_id_size, BUILD_ID_CACHE_KALLSYMS, path,
			 sizeof(path)))
		return false;
	copy = strdup(path);
	if (!copy)
		return false;
	free(m->kallsyms_path);
	m->kallsyms_path = copy;
	m->kallsyms_cached = true;
	return true;
}

static void dso__load_kernel(struct machines *ms, struct machine *m, struct dso *d)
{
	struct kallsyms *ks;

	if (d != m->kernel_dso)
		return;
	if (m == &ms->host && !host_kallsyms_cached(ms, m, d) && !host_kernel_matches(ms, d))
		return;
	if (m->vmlinux_path) {
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
	d->symtab = &ks->kernel;
	d->symtab_borrowed = true;
	d->symtab_absolute = true;
}

static int dso__same_build_id(const struct dso *d, const char *path);

/* @d's symbols from kernel module @path. Returns 0 or -errno. */
static int dso__load_kmod_elf(struct dso *d, const char *path)
{
	int err;

	d->symtab = calloc(1, sizeof(*d->symtab));
	if (!d->symtab)
		return -ENOMEM;
	err = symtab__load_elf(d->symtab, path, SYMTAB_KMODULE);
	if (err) {
		free(d->symtab);
		d->symtab = NULL;
	}
	return err;
}

/*
 * A module's own file, where the recording named one: its .ko (gzip or xz
 * compressed too), if its build-id is the recorded one, or none was.
 * Returns 0 if it gave symbols.
 */
static int dso__load_module_file(struct dso *d)
{
	char path[64];
	const char *file = d->name;
	struct stat st;
	int fd = -1, err;

	if (d->name[0] != '/' || stat(d->name, &st) || !S_ISREG(st.st_mode))
		return -ENOENT;
	if (kmod__is_compressed(d->name)) {
		fd = kmod__decompress(d->name);
		if (fd < 0)
			return fd;
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		file = path;
	}
	err = -EINVAL;
	if (!d->build_id_size || dso__same_build_id(d, file) > 0)
		err = dso__load_kmod_elf(d, file);
	if (fd >= 0)
		close(fd);
	return err;
}

/*
 * A module's symbols, as Linux perf 6.1 finds them: the module's own
 * file first; else the machine's kallsyms, which perf splits among the
 * modules when it loads the kernel's symbols from it.  On the host that
 * happens at the first sample in the kernel's text: a module's samples
 * before it stay unresolved (perf's order, kept so that the rows are
 * perf's), and none come at all if the kernel's symbols did not come
 * from kallsyms.  Module names must match exactly.
 */
static void dso__load_module(struct machines *ms, struct machine *m, struct dso *d)
{
	size_t n = strlen(d->short_name);
	const struct kmodule *mod;
	struct kallsyms *ks;
	char name[256];

	if (!d->file_tried) {
		d->file_tried = true;
		if (m == &ms->host && !dso__load_module_file(d))
			return;
	}
	if (m == &ms->host) {
		const struct dso *k = m->kernel_dso;

		if (!k || !k->symtab_tried) {
			d->symtab_tried = false;	/* asked again at the next sample */
			return;
		}
		if (!k->symtab || !k->symtab_borrowed)
			return;
	}
	if (n < 3 || d->short_name[0] != '[' || d->short_name[n - 1] != ']')
		return;
	ks = machine__kallsyms(m);
	if (!ks)
		return;
	snprintf(name, sizeof(name), "%.*s", (int)(n - 2), d->short_name + 1);
	mod = kallsyms__module(ks, name);
	if (!mod || strcmp(mod->name, name))
		return;
	d->symtab = (struct symtab *)&mod->syms;
	d->symtab_borrowed = true;
	d->symtab_absolute = true;
}

/* 1 if guest @pid's mounted root says it runs kernel @bid, 0 if another, -errno if it cannot tell. */
static int guest_runs(struct machines *ms, pid_t pid, const uint8_t *bid, size_t size)
{
	char *notes = guestmount__file(ms->guestmount, pid, "sys/kernel/notes");
	uint8_t have[BUILD_ID_SIZE];
	int n;

	if (!notes)
		return -ENOENT;
	n = sysfs__read_build_id(notes, have, sizeof(have));
	free(notes);
	if (n < 0)
		return n;
	return (size_t)n == size && !memcmp(have, bid, n);
}

void guest_kernel__sources(struct machines *ms, pid_t pid, const uint8_t *bid, size_t size,
			   char **kallsyms, char **modules)
{
	char path[PATH_MAX], hex[SBUILD_ID_SIZE];
	char *mounted = pid > 0 ? guestmount__path(ms->guestmount, pid, "kallsyms") : NULL;

	*kallsyms = *modules = NULL;
	if (mounted && (!size || guest_runs(ms, pid, bid, size) != 0)) {
		*kallsyms = mounted;
		*modules = guestmount__path(ms->guestmount, pid, "modules");
		return;
	}
	free(mounted);
	if (cache__find(ms, bid, size, BUILD_ID_CACHE_KALLSYMS, path, sizeof(path))) {
		*kallsyms = strdup(path);
		if (cache__find(ms, bid, size, BUILD_ID_CACHE_MODULES, path, sizeof(path)))
			*modules = strdup(path);
		return;
	}
	if (mounted && !(ms->warned & WARN_GUEST_KERNEL)) {
		build_id__sprintf(bid, size, hex);
		pr_warning("guest %d's kernel samples stay unresolved: it was recorded on kernel "
			   "build-id %s, its --guestmount root now runs another, and the build-id "
			   "cache has no copy of that kernel's kallsyms\n", pid, hex);
		ms->warned |= WARN_GUEST_KERNEL;
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
static void dso__load_vdso(struct machines *ms, struct dso *d)
{
	char path[PATH_MAX];

	if (d->build_id_size && cache__find(ms, d->build_id, d->build_id_size, BUILD_ID_CACHE_VDSO,
					    path, sizeof(path)) &&
	    dso__same_build_id(d, path) > 0 && !dso__load_elf(d, path))
		return;
	if (vdso__save(path, sizeof(path)))
		return;
	if (!d->build_id_size || dso__same_build_id(d, path) > 0)
		dso__load_elf(d, path);
	unlink(path);
}

/*
 * @d's symbols from ELF file @path, shared with every other DSO of this
 * process that reads the same file (perf diff reads libc for both of its
 * files, the fuzzer for every input).  Returns 0 or -errno.
 */
static int dso__load_shared(struct dso *d, const char *path)
{
	int err = symtab_cache__load_dso(d, path);

	return err == -ENOSPC ? dso__load_elf(d, path) : err;
}

/*
 * A binary whose build-id the recording knew is read where it was, if it
 * still is that binary, else from the cache's copy of that build-id
 * (the binary was deleted, or rebuilt in its place).  Without a build-id
 * there is nothing to check: the file is taken as it is.
 */
static void dso__load_user(struct machines *ms, struct dso *d)
{
	char path[PATH_MAX];

	if (!d->build_id_size) {
		dso__load_shared(d, d->name);
		return;
	}
	if (dso__same_build_id(d, d->name) > 0 && !dso__load_shared(d, d->name))
		return;
	if (cache__find(ms, d->build_id, d->build_id_size, BUILD_ID_CACHE_ELF, path, sizeof(path)) &&
	    dso__same_build_id(d, path) > 0)
		dso__load_shared(d, path);
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

/* The path @src into @path; -ENAMETOOLONG if it does not fit. */
static int path__copy(char *path, size_t size, const char *src)
{
	return (size_t)snprintf(path, size, "%s", src) < size ? 0 : -ENAMETOOLONG;
}

/* The vDSO's file as dso__load_vdso() picks it: the cache's copy, else this machine's. */
static int dso__vdso_file(struct machines *ms, struct dso *d, char *path, size_t size, bool *tmp)
{
	if (d->build_id_size && cache__find(ms, d->build_id, d->build_id_size, BUILD_ID_CACHE_VDSO,
					    path, size) && dso__same_build_id(d, path) > 0)
		return 0;
	if (vdso__save(path, size))
		return -ENOENT;
	if (!d->build_id_size || dso__same_build_id(d, path) > 0) {
		*tmp = true;
		return 0;
	}
	unlink(path);
	return -ENOENT;
}

int dso__code_file(struct machines *ms, struct machine *m, struct dso *d, char *path,
		   size_t size, bool *tmp)
{
	*tmp = false;
	if (m != &ms->host || d->kernel || d->module || d->jit)
		return -ENOENT;
	if (!strcmp(d->name, "[vdso]"))
		return dso__vdso_file(ms, d, path, size, tmp);
	if (d->name[0] != '/')
		return -ENOENT;
	if (!d->build_id_size || dso__same_build_id(d, d->name) > 0)
		return path__copy(path, size, d->name);
	if (cache__find(ms, d->build_id, d->build_id_size, BUILD_ID_CACHE_ELF, path, size) &&
	    dso__same_build_id(d, path) > 0)
		return 0;
	return -ENOENT;
}

void dso__load(struct machines *ms, struct machine *m, struct dso *d)
{
	d->symtab_tried = true;
	if (d->module) {
		dso__load_module(ms, m, d);
		return;
	}
	if (d->kernel) {
		dso__load_kernel(ms, m, d);
		return;
	}
	if (m != &ms->host)
		return;
	if (!strcmp(d->name, "[vdso]")) {
		dso__load_vdso(ms, d);
		return;
	}
	if (d->name[0] != '/')
		return;
	if (d->jit) {
		dso__load_perf_map(d);
		return;
	}
	dso__load_user(ms, d);
}

