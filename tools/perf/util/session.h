/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_SESSION_H
#define __PERF_SESSION_H

#include <stdbool.h>
#include <stdint.h>
#include "event.h"
#include "header.h"
#include "machines.h"

struct perf_session;
struct record_pipe;
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

struct session_stats {
	uint64_t nr_records;
	uint64_t nr_samples;
	uint64_t nr_lost;		/* samples the kernel dropped (LOST records) */
	uint64_t nr_lost_records;
	uint64_t nr_unknown;		/* record types skipped by their size */
	uint64_t nr_bad_samples;	/* samples too short for their sample_type */
};

/*
 * A perf.data file opened for reading: the header and features are read
 * through a mapping, the records through a window; every offset and
 * length in the file is checked before use.
 */
struct perf_session {
	const char *path;
	int fd;
	const char *base;
	uint64_t size;
	struct perf_header header;
	struct machines machines;
	struct session_stats stats;
	int id_pos;			/* u64 index of the id in a sample, or -1 */
	int id_from_end;		/* u64 index of the id from a record's end, or -1 */
	int sample_time_off;		/* byte offset of a sample's time, -1 if not uniform */
	bool ordered;			/* the samples carry a time */
	char err[256];			/* the last error, "offset N: what" */
	char deliver_err[256];		/* the consumer's error, until the reader is done */
	struct sample_reads *reads;	/* the consumer's: PERF_SAMPLE_READ values by id */
	/*
	 * perf_session__process() reads on a thread of its own and delivers
	 * on the caller's: what follows belongs to the reader.  It starts on
	 * a cache line of its own, so that what the reader writes for every
	 * record does not take away what the consumer reads for every sample.
	 */
	struct session_stats read_stats __attribute__((aligned(64)));
	struct record_pipe *pipe;
	int read_status;
	/* Records waiting to be delivered in time order (see session.c). */
	struct queued_event *queue;	/* [queue_head, nr_queued) are waiting */
	struct queued_event *queue_tmp;	/* merge buffer, as large as the queue */
	size_t queue_head;
	size_t nr_queued;
	size_t queue_alloc;
	uint64_t max_time;
	uint64_t next_flush;
	/*
	 * The data section is read through this window rather than the
	 * mapping: read() costs a fraction of faulting every page in, and
	 * the window holds about one round whatever the file's size.
	 */
	char *win;
	size_t win_cap;
	char *spare;			/* the other read buffer (see record-pipe.h) */
	size_t spare_cap;
	int win_buf;			/* which of the two @win is */
	uint64_t win_len;
	uint64_t win_off;		/* file offset of win[0] */
};

/*
 * Opens and checks @path.  On failure returns -errno; for a malformed
 * file (-EINVAL) session->err says where and what.  A file whose data
 * size is 0 (a record that was killed) is read to its end, with a warning.
 */
int perf_session__open(struct perf_session *s, const char *path, const struct guest_config *cfg);

/* Delivers every record through @tool in time order within rounds. Returns 0 or -errno (see ->err). */
int perf_session__process(struct perf_session *s, struct perf_tool *tool);

/* Unmaps and frees everything. */
void perf_session__close(struct perf_session *s);

/* The attr that sample/record ids point to (the first one for id 0 or a single-attr file). */
const struct perf_header_attr *perf_session__attr(struct perf_session *s, uint64_t id);

#endif /* __PERF_SESSION_H */
