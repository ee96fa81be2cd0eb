// SPDX-License-Identifier: GPL-2.0
/*
 * The target of a live session, shared by record and top: its CPU and
 * thread maps, opening its events, and the state it had before.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "machine.h"
#include "target.h"
#include "util.h"

/* -p PID or -t TID as a positive number, else 0. */
static long target__task_id(const struct target *t)
{
	const char *s = target__task(t);
	char *end;
	long id;

	if (!s)
		return 0;
	id = strtol(s, &end, 10);
	return *end || id <= 0 ? 0 : id;
}

static int target__setup_threads(const struct target *t, struct evlist *el)
{
	long id = target__task_id(t);
	int err;

	if (!id)
		return -EINVAL;
	err = cpu_map__any(&el->cpus);
	if (err)
		return err;
	/* A missing thread would only fail at open time, with a vaguer error. */
	if (t->tid && kill(id, 0) && errno == ESRCH)
		return -ESRCH;
	return t->pid ? thread_map__from_pid(&el->threads, id) :
			thread_map__single(&el->threads, id);
}

int target__setup_maps(const struct target *t, struct evlist *el)
{
	int err;

	if (target__has_cpus(t)) {
		err = t->cpu_list ? cpu_map__parse(&el->cpus, t->cpu_list) :
				    cpu_map__online(&el->cpus);
		return err ? err : thread_map__single(&el->threads, -1);
	}
	if (target__is_workload(t)) {
		err = cpu_map__online(&el->cpus);
		return err ? err : thread_map__single(&el->threads, t->workload);
	}
	return target__setup_threads(t, el);
}

void target__strerror(const struct target *t, int err, char *buf, size_t size)
{
	const char *task = target__task(t);

	if (err == -EINVAL && t->cpu_list)
		snprintf(buf, size, "bad CPU list '%s'", t->cpu_list);
	else if (err == -EINVAL && task)
		snprintf(buf, size, "'%s' is not a process id", task);
	else if (err == -ESRCH && task)
		snprintf(buf, size, "no such process: %s", task);
	else
		snprintf(buf, size, "%s", strerror(-err));
}

int target__open(const struct target *t, struct evlist *el, char *notice, size_t notice_size,
		 char *error, size_t error_size)
{
	struct evsel *failed = NULL;
	struct evsel *fell_back;
	int err;

	err = evlist__open_fallback(el, &failed, &fell_back);
	notice[0] = '\0';
	if (fell_back)
		snprintf(notice, notice_size, "the cycles event is not supported here (no "
			 "hardware PMU), sampling %s instead", fell_back->desc.name);
	if (err)
		evsel__open_strerror(failed, err, target__task(t), error, error_size);
	return err;
}

int target__synthesize_kernel(struct synth *s, bool *no_text)
{
	int err;

	err = synthesize_kernel_mmap(s, "/proc/kallsyms", "[kernel.kallsyms]", HOST_KERNEL_ID,
				     PERF_RECORD_MISC_KERNEL);
	*no_text = err == -ENOENT;
	if (err && !*no_text)
		return err;
	err = synthesize_modules(s, "/proc/modules", HOST_KERNEL_ID, PERF_RECORD_MISC_KERNEL);
	return err == -ENOENT ? 0 : err;
}

/* The process a thread belongs to, from /proc/TID/status. Returns it or -ESRCH. */
static pid_t target__tgid(const char *tid)
{
	char path[64], buf[512];
	char *tgid;

	snprintf(path, sizeof(path), "/proc/%s/status", tid);
	if (read_small_file(path, buf, sizeof(buf)) < 0 || !(tgid = strstr(buf, "Tgid:")))
		return -ESRCH;
	return atoi(tgid + 5);
}

int target__synthesize(const struct target *t, struct synth *s)
{
	pid_t tgid;

	if (target__has_cpus(t))
		return synthesize_all_processes(s);
	if (t->pid)
		return synthesize_process(s, atoi(t->pid));
	if (t->tid) {
		tgid = target__tgid(t->tid);
		return tgid < 0 ? tgid : synthesize_process(s, tgid);
	}
	return 0;
}
