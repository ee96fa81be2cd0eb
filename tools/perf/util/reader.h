/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_READER_H
#define __PERF_READER_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ordered-events.h"
#include "source.h"
#include "zstd.h"

struct perf_session;
struct record_pipe;

/* The record types counted one by one for -v; others share the last slot. */
#define STATS_TYPES	128

struct session_stats {
	uint64_t nr_records;
	uint64_t nr_samples;		/* delivered to the tool */
	uint64_t nr_sample_records;	/* SAMPLE records read, good or not */
	uint64_t nr_lost;		/* samples the kernel dropped (LOST records) */
	uint64_t nr_lost_records;
	uint64_t nr_lost_samples;	/* LOST_SAMPLES records' counts */
	uint64_t nr_unknown;		/* record types skipped by their size */
	uint64_t nr_bad_samples;	/* samples too short for their sample_type, or unknown ids */
	uint64_t nr_ignored;		/* header records that came too late to apply */
	uint64_t nr_compressed;		/* COMPRESSED and COMPRESSED2 records */
	uint64_t aux_bytes;		/* hardware trace payload skipped, undecoded */
	uint64_t truncated_at;		/* the file or stream ends inside a record here (0: it does not) */
	uint64_t stopped_at;		/* perf_session__stop() ended reading here (0: it did not) */
	uint32_t unknown_types[STATS_TYPES];	/* per type, the last for every type >= STATS_TYPES - 1 */
};

/*
 * Records that must outlive their place in a read buffer (decompressed
 * ones, and records that lie misaligned after an unpadded one) are
 * copied here.  Like the read window it is two buffers: one is filled
 * while batches may still point into the other.
 */
struct rec_store {
	char *buf[2];
	size_t cap[2];
	int cur;			/* the buffer being filled */
	size_t len;			/* bytes used in buf[cur] */
	int id;				/* record_pipe id of buf[0]; buf[1] is id + 1 */
	size_t floor;			/* the least capacity the next switch makes */
};

/*
 * The reading side of a session.  Bytes come from @src into the window;
 * records are walked there, decompressed into @stage, queued in time
 * order and handed to the consumer through @pipe, in batches that point
 * into the window and the copies.
 */
struct reader {
	struct perf_source src;
	struct rec_store win;		/* the read window: bytes as read from @src */
	size_t pos;			/* the next record in the window */
	uint64_t off;			/* its offset in the file */
	uint64_t end;			/* where the records end (UINT64_MAX: at end of file) */
	struct rec_store copies;
	char *stage;			/* decompressed bytes, the last record maybe partial */
	size_t stage_len;
	size_t stage_cap;
	size_t decomp_limit;		/* the most one COMPRESSED record may expand to */
	uint32_t comp_method;		/* HEADER_COMPRESSED's, if any: 0 none, 1 zstd */
	struct zstd_data zstd;
	struct ordered_events oe;
	struct record_pipe *pipe;
	unsigned int batch_bufs;	/* buffers the batch being filled points into */
	volatile sig_atomic_t stop;	/* set from a signal handler: read no further */
	int status;
	struct session_stats stats;
};

/* Prepares @rd to read @src's records from offset @off to @end. Returns 0 or -ENOMEM. */
int reader__init(struct reader *rd, uint64_t off, uint64_t end);

/* Frees the buffers (the source is the session's to close). */
void reader__exit(struct reader *rd);

/*
 * The next record at the reader's position, made readable in the window
 * (maybe misaligned: read its header with memcpy).  Returns 1 with *@ev
 * and its size, 0 at the end of the records, or -errno (-EINVAL with
 * s->err set for a malformed or cut-short record).
 */
int reader__peek(struct perf_session *s, const char **ev, uint32_t *size);

/* Steps past the record peek returned, and past @payload bytes after it. Returns 0 or -errno. */
int reader__advance(struct perf_session *s, uint32_t size, uint64_t payload);

/* Copies the next @len bytes (a payload after a record) to @dst and steps past them. Returns 0 or -errno. */
int reader__read(struct perf_session *s, void *dst, size_t len);

/*
 * The reader thread's work: walks every record from the reader's
 * position, applies what belongs to the reader (rounds, losses, header
 * records, decompression) and sends the rest to the consumer in time
 * order.  Returns 0 or -errno (-EINVAL with s->err set).
 */
int reader__run(struct perf_session *s);

#endif /* __PERF_READER_H */
