/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_DSO_H
#define __PERF_DSO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "event.h"

/*
 * A binary that code was mapped from: an ELF path, "[kernel.kallsyms]",
 * a module or "[vdso]".  DSOs are owned by their struct dsos and live
 * as long as it does; maps point at them without references.
 */
struct symtab;

struct dso {
	char *name;		/* long name: the path, or "[...]" */
	const char *short_name;	/* what report prints: the basename of a path */
	bool kernel;		/* kernel image or module */
	bool jit;		/* a JIT's symbol map, /tmp/perf-PID.map */
	bool hit;		/* some sample landed in it */
	bool symtab_tried;	/* symbols looked for (found or not) */
	bool symtab_borrowed;	/* @symtab belongs to a machine's kallsyms */
	struct symtab *symtab;	/* NULL: no symbols */
	uint8_t build_id_size;	/* 0: not known (yet) */
	uint8_t build_id[BUILD_ID_SIZE];
	struct dso *next;	/* hash chain */
	struct dso *list_next;	/* creation order */
};

struct dsos {
	struct dso **hash;
	size_t nr_buckets;
	struct dso *first;
	struct dso **last;
	size_t nr;
};

/* Returns the DSO called @name, creating it; NULL (errno ENOMEM) on failure. */
struct dso *dsos__findnew(struct dsos *dsos, const char *name, bool kernel);

/* Frees every DSO. */
void dsos__exit(struct dsos *dsos);

#define dsos__for_each(dsos, d) \
	for ((d) = (dsos)->first; (d); (d) = (d)->list_next)

#endif /* __PERF_DSO_H */
