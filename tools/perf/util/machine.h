/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_MACHINE_H
#define __PERF_MACHINE_H

#include <stdint.h>
#include <sys/types.h>
#include "dso.h"
#include "event.h"
#include "map.h"
#include "thread.h"

struct kallsyms;

/* One process's address space; threads of a process share it. */
struct proc_maps {
	pid_t pid;
	struct maps maps;
	struct proc_maps *next;
};

/*
 * The address spaces of one machine (the host, later each guest): the
 * kernel's maps and one struct maps per process, and the DSOs they use.
 */
struct machine {
	pid_t pid;			/* HOST_KERNEL_ID for the host, else the QEMU pid */
	struct maps kmaps;
	struct proc_maps **procs;
	size_t nr_buckets;
	struct dsos dsos;
	struct dso *kernel_dso;		/* the kernel text map's, once there is one */
	struct threads threads;
	/* Where the kernel's symbols come from; see machines.c. */
	char *kernel_name;		/* "[kernel.kallsyms]", "[guest.kernel.kallsyms.PID]" */
	char *kallsyms_path;
	char *modules_path;
	char *vmlinux_path;
	struct kallsyms *kallsyms;	/* loaded on first use */
	bool kallsyms_tried;
	bool kallsyms_cached;		/* kallsyms_path is the build-id cache's copy */
};

/* Prepares @m for machine pid @pid. Returns 0 or -ENOMEM. */
int machine__init(struct machine *m, pid_t pid);

/* Frees everything @m owns. */
void machine__exit(struct machine *m);

/*
 * Applies an MMAP or MMAP2 record; an MMAP2's build-id, if it carries
 * one, goes to a DSO that has none yet.  Returns 0 or -errno.
 */
int machine__process_mmap(struct machine *m, const union perf_event *ev);

/*
 * Applies a FORK record: a new thread (even of a tid seen before) with its
 * parent's name, if the parent has one; a new process gets a copy of its maps.
 */
int machine__process_fork(struct machine *m, const union perf_event *ev);

/* Applies a COMM record: names the thread (an exec's maps come with its MMAP records). */
int machine__process_comm(struct machine *m, const union perf_event *ev);

/*
 * Adds a kernel-side map [start, start + len) called @name, read as a
 * kernel MMAP record's filename is: the kernel's text or a module.
 * Returns 0 or -errno.
 */
int machine__add_kernel_map(struct machine *m, uint64_t start, uint64_t len, const char *name);

/*
 * Applies a KSYMBOL record: a map of its own, named after the symbol,
 * over [addr, addr + len) of the kernel (a BPF program, say), or its
 * removal.  Returns 0, -EINVAL (malformed) or -ENOMEM.
 */
int machine__process_ksymbol(struct machine *m, const union perf_event *ev);

/*
 * A number for the state of the kernel's and process @pid's maps: the
 * same number, the same maps (see struct maps' version).
 */
uint64_t machine__maps_version(struct machine *m, pid_t pid);

/* Returns the map that @ip of process @pid hits in @cpumode, or NULL. */
struct map *machine__find_map(struct machine *m, pid_t pid, uint16_t cpumode, uint64_t ip);

#endif /* __PERF_MACHINE_H */
