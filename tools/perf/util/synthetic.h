/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_SYNTHETIC_H
#define __PERF_SYNTHETIC_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "buf.h"
#include "event.h"

/*
 * Makes the records that describe state which existed before recording
 * started (processes, their executable maps, the kernel and its
 * modules), as the kernel would have sent them.  Each record carries a
 * zeroed sample_id_all trailer of @id_hdr_size bytes and is handed to
 * @process, which returns 0 or -errno.
 */
struct synth_bid;

struct synth {
	int (*process)(struct synth *s, const union perf_event *ev);
	unsigned int id_hdr_size;
	/*
	 * As the kernel does for attr.build_id: maps become MMAP2 records
	 * that carry the file's build-id (the host kernel's and modules' too).
	 */
	bool build_ids;
	struct synth_bid *bids;		/* build-ids read so far, by device and inode */
	struct buf scratch;
};

/* Where a machine's kernel text is, from a kallsyms file. */
struct kernel_text {
	const char *ref_name;	/* "_text" or "_stext" */
	uint64_t ref_addr;
	uint64_t start;
	uint64_t end;
};

/* Finds _text (else _stext) and the end of text in @kallsyms. Returns 0, -ENOENT or -errno. */
int kallsyms__kernel_text(const char *kallsyms, struct kernel_text *kt);

/*
 * Emits the kernel text MMAP of a machine: filename "<@dso_name><ref>",
 * misc @cpumode, pid @machine_pid (an MMAP2 with the host kernel's
 * build-id under s->build_ids).  Returns 0 or -errno.
 */
int synthesize_kernel_mmap(struct synth *s, const char *kallsyms, const char *dso_name,
			   pid_t machine_pid, uint16_t cpumode);

/*
 * Emits one MMAP per module listed in @modules (a /proc/modules file),
 * named as Linux perf 6.1 names them: the path of the module's file
 * (NAME.ko[.gz|.xz], '-' and '_' alike) found under @modules_dir, else
 * "[NAME]".  @modules_dir may be NULL.  Returns 0 or -errno.
 */
int synthesize_modules_in(struct synth *s, const char *modules, const char *modules_dir,
			  pid_t machine_pid, uint16_t cpumode);

/* synthesize_modules_in() with the host's /lib/modules/`uname -r`, guests' "[NAME]". */
int synthesize_modules(struct synth *s, const char *modules, pid_t machine_pid, uint16_t cpumode);

/* Emits COMM for each thread of @pid, then MMAP2 for its executable maps. -ESRCH if gone. */
int synthesize_process(struct synth *s, pid_t pid);

/* synthesize_process() for every process in /proc; vanished ones are skipped. */
int synthesize_all_processes(struct synth *s);

/* Frees the scratch buffer and the build-ids read. */
void synth__exit(struct synth *s);

#endif /* __PERF_SYNTHETIC_H */
