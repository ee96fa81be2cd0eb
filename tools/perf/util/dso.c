// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dso.h"
#include "symbol.h"

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

void dsos__exit(struct dsos *dsos)
{
	struct dso *d = dsos->first, *n;

	for (; d; d = n) {
		n = d->list_next;
		if (d->symtab && !d->symtab_borrowed) {
			symtab__exit(d->symtab);
			free(d->symtab);
		}
		free(d->name);
		free(d);
	}
	free(dsos->hash);
	memset(dsos, 0, sizeof(*dsos));
}
