/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_DSO_H
#define __PERF_DSO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
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
	char *short_alloc;	/* @short_name, when set apart from the long name */
	bool kernel;		/* kernel image or module */
	bool module;		/* a kernel module: addresses are offsets into its map */
	bool symtab_absolute;	/* @symtab is by kernel address (kallsyms), not map offset */
	bool file_tried;	/* a module's own file was looked at for symbols */
	uint64_t ksym_addr;	/* a KSYMBOL's (BPF program's) address, else 0 */
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

/* The first DSO (in creation order) whose short name is @short_name, or NULL. */
struct dso *dsos__find_short(const struct dsos *dsos, const char *short_name);

/* Makes @name (copied) what report prints for @d. Returns 0 or -ENOMEM. */
int dso__set_short_name(struct dso *d, const char *name);

/*
 * perf's reading of a kernel-space DSO's name: a module is "[name]"
 * (other than the kernel's and vDSO's own names) or a path to
 * NAME.ko[.gz|.xz].  Writes the short name perf prints into @buf:
 * "[NAME]" for a .ko path, the basename otherwise, '-' read as '_' in
 * both (bracketed names are kept as they are).  Returns whether @path
 * names a module.
 */
bool kmod__short_name(const char *path, char *buf, size_t size);

/* Marks @d a kernel module, with the short name perf gives it. Returns 0 or -ENOMEM. */
int dso__set_module_info(struct dso *d);

/*
 * Gives @d build-id @bid (@size bytes, 0: none) unless it has one: the
 * first one a DSO was given (by the header, or an earlier map) stays.
 */
static inline void dso__take_build_id(struct dso *d, const uint8_t *bid, size_t size)
{
	if (size && size <= BUILD_ID_SIZE && !d->build_id_size) {
		memcpy(d->build_id, bid, size);
		d->build_id_size = size;
	}
}

/* Frees every DSO. */
void dsos__exit(struct dsos *dsos);

#define dsos__for_each(dsos, d) \
	for ((d) = (dsos)->first; (d); (d) = (d)->list_next)

#endif /* __PERF_DSO_H */
