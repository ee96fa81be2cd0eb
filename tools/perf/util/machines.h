/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_MACHINES_H
#define __PERF_MACHINES_H

#include <stdbool.h>
#include <stdint.h>
#include "event.h"
#include "machine.h"

struct inline_cache;
struct symbol;
struct unwind_cache;

/* Where kernels' symbols come from (perf kvm's --guest* options). */
struct guest_config {
	const char *host_kallsyms;	/* NULL: /proc/kallsyms */
	const char *kallsyms;	/* the default guest (pid 0) */
	const char *modules;
	const char *vmlinux;
	const char *guestmount;	/* DIR/<qemu pid>/proc/{kallsyms,modules} */
};

/*
 * The host and the guests keyed by QEMU pid.  Guest samples whose pid
 * has no guest of its own (no DIR/<pid> under --guestmount) go to the
 * default guest, pid 0.  Threads are the host's: a guest sample keeps
 * the host's view of who ran it, the QEMU thread.
 */
/* A direct-mapped cache of (dso, address) -> symbol, in front of the binary search. */
#define SYM_CACHE_BITS	12
#define SYM_CACHE_SIZE	(1 << SYM_CACHE_BITS)

struct sym_cache_entry {
	const struct dso *dso;
	uint64_t addr;
	const struct symbol *sym;
};

struct machines {
	struct machine host;
	struct sym_cache_entry *sym_cache;
	struct machine **guests;
	size_t nr_guests;
	struct guest_config cfg;
	char *guestmount;		/* realpath of cfg.guestmount */
	uint64_t generation;		/* bumped by every change to maps or threads */
	unsigned int warned;		/* WARN_* bits already printed */
	struct unwind_cache *unwind;	/* DWARF unwinding's, freed by unwind__exit() */
	struct inline_cache *inlines;	/* inline__find()'s, freed by inline__exit() */
	bool no_inline;			/* --no-inline: no inlined functions in DWARF chains */
};

/* Where one sample landed, as far as it resolves. */
struct addr_location {
	struct machine *machine;
	struct thread *thread;
	struct map *map;
	struct dso *dso;		/* NULL: no map */
	const struct symbol *sym;	/* NULL: not resolved */
	uint64_t addr;			/* the address looked up in the DSO */
	char level;			/* 'k' '.' 'g' 'u' 'H' */
};

/* Sets up the host and the guest configuration. Returns 0 or -errno (a bad --guestmount). */
int machines__init(struct machines *ms, const struct guest_config *cfg);

/* Frees the host, the guests and everything they own. */
void machines__exit(struct machines *ms);

/* The machine of a record in @cpumode from process @pid; creates guests. NULL on ENOMEM. */
struct machine *machines__findnew(struct machines *ms, uint16_t cpumode, pid_t pid);

/* Applies MMAP, MMAP2, COMM and FORK records. Returns 0, -EINVAL (malformed) or -ENOMEM. */
int machines__process_event(struct machines *ms, const union perf_event *ev);

/*
 * Resolves @ip, run in @cpumode by process @pid, to machine, map, DSO and
 * symbol in @al; @al->thread is left as it is.  Returns 0 or -ENOMEM.
 */
int machines__resolve_ip(struct machines *ms, uint16_t cpumode, pid_t pid, uint64_t ip,
			 struct addr_location *al);

/* Resolves a sample to thread, map, DSO and symbol. Returns 0 or -ENOMEM. */
int machines__resolve(struct machines *ms, const struct perf_sample *s, struct addr_location *al);

/* Records build-id @bid of DSO @name of machine @pid (from the header). */
int machines__set_build_id(struct machines *ms, pid_t pid, uint16_t cpumode, const char *name,
			   const uint8_t *bid, size_t size);

/*
 * The real path of @root/<pid>/proc/@file (malloc'd), if it exists and
 * lies inside @root, itself a real path: no ".." and no symlink may lead
 * out of the guestmount tree.  NULL otherwise (with a warning for an escape).
 */
char *guestmount__path(const char *root, pid_t pid, const char *file);

/*
 * The real path of @root/<pid>/@rel (malloc'd), under the same rules as
 * guestmount__path(); NULL for a NULL @root.
 */
char *guestmount__file(const char *root, pid_t pid, const char *rel);

/* The name of the default guest's and of guest @pid's kernel DSO. */
void machine__kernel_name(pid_t pid, char *buf, size_t size);

#endif /* __PERF_MACHINES_H */
