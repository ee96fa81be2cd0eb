/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_UNWIND_H
#define __PERF_UNWIND_H

/*
 * DWARF unwinding of user stacks at report time (--call-graph dwarf):
 * a sample's user registers and the copy of its stack are unwound with
 * elfutils' libdw, in the maps of the sampled process, into the frames
 * Linux perf 6.1 reports for them.
 */
#include <stdint.h>
#include <sys/types.h>

struct machine;
struct machines;
struct perf_sample;

/* The most frames unwind__get_entries() gives one sample, whatever its caller asks. */
#define UNWIND_MAX_FRAMES	1024

/*
 * One unwound user frame, innermost first: the sampled IP itself, then
 * return addresses minus 1 (as perf reports them; a signal trampoline's
 * address is exact).  A non-zero return stops the unwinding.
 */
typedef int (*unwind_entry_cb)(uint64_t ip, void *arg);

/*
 * Unwinds the user stack of sample @s (its REGS_USER and STACK_USER) in
 * the maps of process @pid of @machine, calling @cb for each frame, at
 * most @max_stack (and UNWIND_MAX_FRAMES) of them.  Where perf has no
 * frames, there are none: no registers or no stack copied, a guest.
 * Frames whose address is 0 are counted but not given, as in perf.
 * Returns 0, what @cb returned to stop, -EINVAL if the registers lack IP
 * or SP, or -ENOMEM.  @tid only names the thread to libdw.
 */
int unwind__get_entries(struct machines *ms, struct machine *machine, pid_t pid, pid_t tid,
			const struct perf_sample *s, unsigned int max_stack,
			unwind_entry_cb cb, void *arg);

/* Frees what unwinding cached for @ms (call before machines__exit()). */
void unwind__exit(struct machines *ms);

#endif /* __PERF_UNWIND_H */
