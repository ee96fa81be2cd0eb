/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_SESSION_H
#define __PERF_SESSION_H

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "buf.h"
#include "event.h"
#include "header.h"
#include "machines.h"
#include "reader.h"

struct perf_session;
struct sample_reads;

/*
 * What a command wants from the record stream.  The session itself keeps
 * the machines up to date (MMAP, MMAP2, COMM, FORK); @sample sees each
 * sample in time order, after that, with the attr it belongs to.
 */
struct perf_tool {
	int (*sample)(struct perf_tool *tool, struct perf_session *session,
		      const struct perf_sample *sample, const struct perf_header_attr *attr);
};

/* An attr id → attr table: files from big machines have thousands of ids. */
struct id_hash {
	uint64_t *ids;
	uint32_t *attr;			/* index into header.attrs, per slot */
	size_t nr_slots;		/* a power of two; 0 without ids */
};

/*
 * A perf.data opened for reading, in the file format (header, then
 * data, then features) or the pipe format (a short header, then records
 * that carry the attrs and features), from a file, standard input or a
 * FIFO.  Every offset and length in it is checked before use.
 */
struct perf_session {
	const char *path;
	bool pipe;			/* pipe format: the header came as records */
	const char *base;		/* what header.feat[] sections point into */
	uint64_t size;			/* file format: the file's size, mapped at @base */
	struct buf image;		/* pipe format: the features, as a file would hold them */
	struct perf_header header;
	struct machines machines;
	struct session_stats stats;
	struct id_hash id_hash;
	int id_pos;			/* u64 index of the id in a sample, or -1 */
	int id_from_end;		/* u64 index of the id from a record's end, or -1 */
	int sample_time_off;		/* byte offset of a sample's time, -1 if not uniform */
	bool ordered;			/* the samples carry a time */
	char err[256];			/* the last error, "offset N: what" */
	char deliver_err[256];		/* the consumer's error, until the reader is done */
	struct sample_reads *reads;	/* the consumer's: PERF_SAMPLE_READ values by id */
	/* Read on a thread of its own, which owns what follows (see reader.h). */
	struct reader rd __attribute__((aligned(64)));
};

/* Sets s->err to "offset OFF: what" and evaluates to -EINVAL: a malformed file. */
#define session_err(s, off, fmt, ...) \
	({ snprintf((s)->err, sizeof((s)->err), "offset %" PRIu64 ": " fmt, (uint64_t)(off), \
		    ##__VA_ARGS__); -EINVAL; })

/*
 * Opens and checks @path ("-" for standard input).  On failure returns
 * -errno; for a malformed file (-EINVAL) session->err says where and
 * what.  A pipe-format file has its header records read here, so the
 * attrs and features are known once this returns.  Pass the result to
 * perf_session__close() even on failure.
 */
int perf_session__open(struct perf_session *s, const char *path, const struct guest_config *cfg);

/*
 * Delivers every record through @tool, in time order within rounds.
 * Returns 0 or -errno (see ->err); -ENODATA when the file has samples
 * but none of them could be read.
 */
int perf_session__process(struct perf_session *s, struct perf_tool *tool);

/* What -i defaults to, as in perf: "-" when standard input is a pipe, else "perf.data". */
const char *perf_session__default_input(void);

/* Unmaps and frees everything. */
void perf_session__close(struct perf_session *s);

/*
 * Makes perf_session__process() read no further records, and deliver
 * those already read.  Async-signal-safe: for a SIGINT handler.
 */
static inline void perf_session__stop(struct perf_session *s)
{
	s->rd.stop = 1;
}

/* The attr that sample/record id @id belongs to (the first one for id 0 or a single-attr file). */
const struct perf_header_attr *perf_session__attr(struct perf_session *s, uint64_t id);

/* The id of a record, from the place the attrs' sample_type gives it (0: none). */
uint64_t perf_session__event_id(struct perf_session *s, const union perf_event *ev);

/*
 * Formats, for the user, why opening or processing @s failed with @err:
 * "FILE: offset N: what" for a malformed file, the system's reason
 * otherwise.  @guestmount, if set, is named when it may be what is missing.
 */
void perf_session__strerror(const struct perf_session *s, int err, const char *guestmount,
			    char *buf, size_t size);

#endif /* __PERF_SESSION_H */
