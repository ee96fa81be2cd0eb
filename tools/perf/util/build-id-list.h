/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_BUILD_ID_LIST_H
#define __PERF_BUILD_ID_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include "event.h"

struct machines;
struct perf_session;

/* One "<build-id> <dso>" line of perf buildid-list. */
struct build_id_line {
	pid_t machine;			/* HOST_KERNEL_ID or the guest's pid */
	const char *name;		/* borrowed from the session */
	uint8_t build_id[BUILD_ID_SIZE];
	uint8_t size;			/* 0: unknown, printed blank */
};

/*
 * The lines in perf's order: the host's DSOs, then each guest's by
 * pid; within a machine, in the order they were first named.
 */
struct build_id_list {
	struct build_id_line *lines;
	size_t nr;
	size_t alloc;
};

/*
 * Lists the entries of @s's HEADER_BUILD_ID section as recorded: one
 * line per (machine pid, name), with the last build-id given for it.
 * Returns 0 or -ENOMEM; the lines point into @s, which must stay open.
 */
int build_id_list__from_header(struct build_id_list *l, const struct perf_session *s);

/*
 * Lists the DSOs of @ms that got samples (dso->hit), with the build-ids
 * the file gave them (header or MMAP2 records).  With @here, a host DSO
 * that has none is read from this machine's copy; a guest's never is.
 * Returns 0 or -ENOMEM; the lines point into @ms.
 */
int build_id_list__from_hits(struct build_id_list *l, struct machines *ms, bool here);

/*
 * Was @s recorded on this machine?  Its HEADER_HOSTNAME and
 * HEADER_OSRELEASE must both say so: a file that does not say is
 * another machine's, whose binaries this one's may not stand for.
 */
bool build_id_list__recorded_here(const struct perf_session *s);

/* Prints "%-40s %s" lines, as perf buildid-list does. */
void build_id_list__fprintf(const struct build_id_list *l, FILE *fp);

/* Frees the lines (not the names they point to). */
void build_id_list__exit(struct build_id_list *l);

#endif /* __PERF_BUILD_ID_LIST_H */
