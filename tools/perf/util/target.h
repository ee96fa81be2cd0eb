/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_TARGET_H
#define __PERF_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "evlist.h"
#include "synthetic.h"

/*
 * What a live session (record, top) samples: the whole machine (-a),
 * some CPUs (-C), the threads of a process (-p), one thread (-t), or a
 * command that record starts.  The command checks that the choice makes
 * sense for it; everything after that is shared.
 */
struct target {
	bool system_wide;	/* -a */
	const char *cpu_list;	/* -C */
	const char *pid;	/* -p */
	const char *tid;	/* -t */
	pid_t workload;		/* the command record started, or 0 */
};

/* Are all the tasks of some CPUs sampled (-a or -C)? */
static inline bool target__has_cpus(const struct target *t)
{
	return t->system_wide || t->cpu_list;
}

/* Is the sampled thing @t->workload, not a duration for -a/-C? */
static inline bool target__is_workload(const struct target *t)
{
	return t->workload > 0 && !target__has_cpus(t);
}

/* Are the events per thread (-p, -t), with one ring per thread and no inherit? */
static inline bool target__per_thread(const struct target *t)
{
	return !target__has_cpus(t) && !target__is_workload(t);
}

/*
 * Fills @el's CPUs and threads for @t: per CPU for -a/-C and a
 * workload, per thread for -p/-t.  Returns 0 or -errno: -EINVAL for a
 * bad -C list or -p/-t id, -ESRCH for a -p/-t that does not exist (see
 * target__strerror()).
 */
int target__setup_maps(const struct target *t, struct evlist *el);

/* Formats for the user why target__setup_maps() failed with @err. */
void target__strerror(const struct target *t, int err, char *buf, size_t size);

/* The pid or tid the user named (-p, else -t), or NULL: for open errors. */
static inline const char *target__task(const struct target *t)
{
	return t->pid ? t->pid : t->tid;
}

/*
 * Opens @el as evlist__open_fallback() does.  On success, @notice holds
 * the warning to give when cycles fell back to cpu-clock ("" if it did
 * not); on failure, returns -errno with @error saying why for the user.
 */
int target__open(const struct target *t, struct evlist *el, char *notice, size_t notice_size,
		 char *error, size_t error_size);

/*
 * Synthesizes the host kernel's text map and its modules' maps.  A
 * kallsyms without _text is not an error: *@no_text says that kernel
 * samples will stay unresolved.  Returns 0 or -errno.
 */
int target__synthesize_kernel(struct synth *s, bool *no_text);

/*
 * Synthesizes the tasks @t samples that ran before it started: every
 * process for -a/-C, the process of -p or of -t's thread; nothing for a
 * workload, whose exec the kernel reports.  Returns 0 or -errno (-ESRCH
 * if -t's thread is gone).
 */
int target__synthesize(const struct target *t, struct synth *s);

#endif /* __PERF_TARGET_H */
