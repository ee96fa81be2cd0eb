// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
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
	d->name = strdup(name);
	if (!d->name) {
		free(d);
		errno = ENOMEM;
		return NULL;
	}
	d->short_name = strrchr(d->name, '/') && d->name[0] == '/' ? strrchr(d->name, '/') + 1 : d->name;
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
