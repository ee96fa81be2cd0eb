// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dso.h"
#include "symbol.h"
#include "util.h"

#define DSOS_BUCKETS	1024

static size_t hash_str(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/*
 * The short name is the basename, except for a JIT map file
 * ("/tmp/perf-PID.map"), which reads "[JIT] tid PID" as in perf.
 * Both live in one allocation.
 */
static int dso__set_names(struct dso *d, const char *name)
{
	size_t len = strlen(name) + 1;
	const char *slash = strrchr(name, '/');
	char jit[32] = "";
	int pid, end = 0;

	if (sscanf(name, "/tmp/perf-%d.map%n", &pid, &end) == 1 && end && !name[end])
		snprintf(jit, sizeof(jit), "[JIT] tid %d", pid);
	d->name = malloc(len + strlen(jit) + 1);
	if (!d->name)
		return -ENOMEM;
	memcpy(d->name, name, len);
	strcpy(d->name + len, jit);
	d->jit = jit[0];
	if (d->jit)
		d->short_name = d->name + len;
	else
		d->short_name = slash && name[0] == '/' ? d->name + (slash - name) + 1 : d->name;
	return 0;
}

struct dso *dsos__findnew(struct dsos *dsos, const char *name, bool kernel)
{
	struct dso *d;
	size_t b;

	if (!dsos->hash) {
		dsos->hash = calloc(DSOS_BUCKETS, sizeof(*dsos->hash));
		if (!dsos->hash)
			return NULL;
		dsos->nr_buckets = DSOS_BUCKETS;
		dsos->last = &dsos->first;
	}
	b = hash_str(name) % dsos->nr_buckets;
	for (d = dsos->hash[b]; d; d = d->next)
		if (!strcmp(d->name, name))
			return d;
	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	if (dso__set_names(d, name)) {
		free(d);
		errno = ENOMEM;
		return NULL;
	}
	d->kernel = kernel;
	d->next = dsos->hash[b];
	dsos->hash[b] = d;
	*dsos->last = d;
	dsos->last = &d->list_next;
	dsos->nr++;
	return d;
}

struct dso *dsos__find_short(const struct dsos *dsos, const char *short_name)
{
	struct dso *d;

	dsos__for_each(dsos, d)
		if (!strcmp(d->short_name, short_name))
			return d;
	return NULL;
}

int dso__set_short_name(struct dso *d, const char *name)
{
	char *s = strdup(name);

	if (!s)
		return -ENOMEM;
	free(d->short_alloc);
	d->short_alloc = s;
	d->short_name = s;
	return 0;
}

/* The names the kernel side uses for itself, which look like modules' but are not. */
static bool is_kernel_own_name(const char *base)
{
	static const char *const names[] = {
		"[kernel.kallsyms]", "[guest.kernel.kallsyms", "[vdso]", "[vdso32]", "[vdsox32]",
		"[vsyscall]",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strncmp(base, names[i], strlen(names[i])))
			return true;
	return false;
}

bool kmod__short_name(const char *path, char *buf, size_t size)
{
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	const char *dot = strrchr(path, '.');
	size_t ext, name = base - path;
	bool kmod = false;
	char *p;

	if (!size)
		return false;
	if (base[0] == '[') {
		snprintf(buf, size, "%s", base);
		return !is_kernel_own_name(base);
	}
	if (!dot) {
		snprintf(buf, size, "%s", base);
		return false;
	}
	ext = dot - path;
	/* Linux perf 6.1 decompresses gzip and xz modules, not zstd ones. */
	if (!strcmp(dot, ".gz") || !strcmp(dot, ".xz"))
		ext = ext >= 3 ? ext - 3 : 0;
	/* As in perf, ".ko" begins the extension: "a.kobj" is module "a". */
	if (ext > name)
		kmod = !strncmp(path + ext, ".ko", 3);
	if (kmod)
		snprintf(buf, size, "[%.*s]", (int)(ext - name), base);
	else
		snprintf(buf, size, "%s", base);
	for (p = buf; *p; p++)
		if (*p == '-')
			*p = '_';
	return kmod;
}

int dso__set_module_info(struct dso *d)
{
	char name[PATH_MAX];

	d->kernel = true;
	d->module = true;
	kmod__short_name(d->name, name, sizeof(name));
	return strcmp(d->short_name, name) ? dso__set_short_name(d, name) : 0;
}

void dsos__exit(struct dsos *dsos)
{
	struct dso *d = dsos->first, *n;

	for (; d; d = n) {
		n = d->list_next;
		if (d->symtab && !d->symtab_borrowed) {
			symtab__exit(d->symtab);
			free(d->symtab);
		}
		free(d->short_alloc);
		free(d->name);
		free(d);
	}
	free(dsos->hash);
	memset(dsos, 0, sizeof(*dsos));
}
