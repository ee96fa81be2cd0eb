/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_EVENT_H
#define __PERF_EVENT_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/perf_event.h>

/*
 * Record layouts of the perf.data stream.  The kernel's records are
 * described in <linux/perf_event.h> only as comments; these are the
 * structs.  With sample_id_all every non-sample record is followed by
 * the id fields selected by sample_type (see perf_sample_id_size()).
 */
struct perf_record_mmap {
	struct perf_event_header header;
	uint32_t pid, tid;
	uint64_t start;
	uint64_t len;
	uint64_t pgoff;
	char filename[];
};

/*
 * With PERF_RECORD_MISC_MMAP_BUILD_ID in misc (attr.build_id), the
 * file's build-id takes the place of its device and inode numbers.
 */
struct perf_record_mmap2 {
	struct perf_event_header header;
	uint32_t pid, tid;
	uint64_t start;
	uint64_t len;
	uint64_t pgoff;
	union {
		struct {
			uint32_t maj;
			uint32_t min;
			uint64_t ino;
			uint64_t ino_generation;
		};
		struct {
			uint8_t build_id_size;
			uint8_t __reserved_1;
			uint16_t __reserved_2;
			uint8_t build_id[20];
		};
	};
	uint32_t prot;
	uint32_t flags;
	char filename[];
};

struct perf_record_comm {
	struct perf_event_header header;
	uint32_t pid, tid;
	char comm[];
};

struct perf_record_fork {
	struct perf_event_header header;
	uint32_t pid, ppid;
	uint32_t tid, ptid;
	uint64_t time;
};

struct perf_record_lost {
	struct perf_event_header header;
	uint64_t id;
	uint64_t lost;
};

/* A kernel symbol that came or went: a BPF program, an out-of-line trampoline. */
struct perf_record_ksymbol {
	struct perf_event_header header;
	uint64_t addr;
	uint32_t len;
	uint16_t ksym_type;
	uint16_t flags;			/* PERF_RECORD_KSYMBOL_FLAGS_UNREGISTER */
	char name[];
};

struct perf_record_lost_samples {
	struct perf_event_header header;
	uint64_t lost;
};

/* Record types that only perf.data files carry (never the kernel). */
enum perf_user_event_type {
	PERF_RECORD_USER_TYPE_START	= 64,
	PERF_RECORD_HEADER_ATTR		= 64,
	PERF_RECORD_HEADER_EVENT_TYPE	= 65,	/* obsolete */
	PERF_RECORD_HEADER_TRACING_DATA	= 66,
	PERF_RECORD_HEADER_BUILD_ID	= 67,
	PERF_RECORD_FINISHED_ROUND	= 68,
	PERF_RECORD_ID_INDEX		= 69,
	PERF_RECORD_AUXTRACE_INFO	= 70,
	PERF_RECORD_AUXTRACE		= 71,
	PERF_RECORD_AUXTRACE_ERROR	= 72,
	PERF_RECORD_THREAD_MAP		= 73,
	PERF_RECORD_CPU_MAP		= 74,
	PERF_RECORD_STAT_CONFIG		= 75,
	PERF_RECORD_STAT		= 76,
	PERF_RECORD_STAT_ROUND		= 77,
	PERF_RECORD_EVENT_UPDATE	= 78,
	PERF_RECORD_TIME_CONV		= 79,
	PERF_RECORD_HEADER_FEATURE	= 80,
	PERF_RECORD_COMPRESSED		= 81,	/* not padded to 8 bytes */
	PERF_RECORD_FINISHED_INIT	= 82,
	PERF_RECORD_COMPRESSED2		= 83,	/* perf >= 6.16: padded */
	PERF_RECORD_BPF_METADATA	= 84,
	PERF_RECORD_SCHEDSTAT_CPU	= 85,
	PERF_RECORD_SCHEDSTAT_DOMAIN	= 86,
	PERF_RECORD_HEADER_MAX,
};

/* Pipe mode: an event's attr (attr.size bytes), then its ids to the end. */
struct perf_record_header_attr {
	struct perf_event_header header;
	struct perf_event_attr attr;
};

/* Pipe mode: the payload (@size bytes, padded to 8) follows the record. */
struct perf_record_header_tracing_data {
	struct perf_event_header header;
	uint32_t size;
	uint32_t pad;
};

/* Pipe mode: one feature section, as the file header would hold it. */
struct perf_record_header_feature {
	struct perf_event_header header;
	uint64_t feat_id;
};

struct perf_record_event_update {
	struct perf_event_header header;
	uint64_t type;			/* PERF_EVENT_UPDATE__* */
	uint64_t id;
};

#define PERF_EVENT_UPDATE__NAME	2	/* then a NUL-terminated name */

/* Hardware trace data: @size bytes of payload follow the record. */
struct perf_record_auxtrace {
	struct perf_event_header header;
	uint64_t size;
	uint64_t offset;
	uint64_t reference;
	uint32_t idx;
	uint32_t tid;
	uint32_t cpu;
	uint32_t reserved;
};

/* zstd data follow; the record is not padded (header.size is exact). */
struct perf_record_compressed {
	struct perf_event_header header;
};

/* zstd data of @data_size bytes follow; header.size includes padding. */
struct perf_record_compressed2 {
	struct perf_event_header header;
	uint64_t data_size;
};

/* The BUILD_ID feature entry: one per DSO, padded to 8 bytes. */
struct perf_record_build_id {
	struct perf_event_header header;	/* misc: cpumode, plus BUILD_ID_SIZE */
	int32_t pid;
	uint8_t build_id[20];
	uint8_t size;
	uint8_t reserved[3];
	char filename[];
};

#define PERF_RECORD_MISC_BUILD_ID_SIZE	(1 << 15)
#define HOST_KERNEL_ID			(-1)
#define BUILD_ID_SIZE			20

/* The "union perf_event" view of one record; only the header is always valid. */
union perf_event {
	struct perf_event_header header;
	struct perf_record_mmap mmap;
	struct perf_record_mmap2 mmap2;
	struct perf_record_comm comm;
	struct perf_record_fork fork;
	struct perf_record_lost lost;
	struct perf_record_lost_samples lost_samples;
	struct perf_record_ksymbol ksymbol;
};

/* One counter of a PERF_SAMPLE_READ; @id and @lost are 0 unless read_format has them. */
struct sample_read_value {
	uint64_t value;
	uint64_t id;
	uint64_t lost;
};

/*
 * The PERF_SAMPLE_READ part of a sample.  A group read's @nr counters
 * stay in the record, @stride bytes apart (read them with
 * sample_read__value()); a single counter's read is copied into @one.
 * With @nr 0 (no PERF_SAMPLE_READ) the other fields are not set.
 */
struct sample_read {
	uint64_t time_enabled;		/* 0 unless PERF_FORMAT_TOTAL_TIME_ENABLED */
	uint64_t time_running;		/* 0 unless PERF_FORMAT_TOTAL_TIME_RUNNING */
	uint64_t nr;			/* counters read: 0 without PERF_SAMPLE_READ */
	const unsigned char *group;	/* PERF_FORMAT_GROUP: the first counter; else NULL */
	uint32_t stride;
	uint32_t format;		/* read_format */
	struct sample_read_value one;
};

/*
 * The variable-length parts of a sample after READ, left in the record
 * (which need not be aligned: read them with memcpy).  Each is empty
 * (nr or size 0, pointer NULL) when the sample type lacks it.
 */
struct sample_callchain {
	const unsigned char *ips;	/* @nr u64: IPs and PERF_CONTEXT_* markers */
	uint64_t nr;
};

struct sample_regs {
	const unsigned char *regs;	/* one u64 per bit set in @mask, lowest first */
	uint64_t abi;			/* PERF_SAMPLE_REGS_ABI_*; NONE: no registers */
	uint64_t mask;			/* attr.sample_regs_user */
};

struct sample_stack {
	const unsigned char *data;	/* @size bytes copied from the user stack pointer up */
	uint64_t size;			/* what was asked for */
	uint64_t dyn_size;		/* how much of @data is real: at most @size */
};

struct sample_raw {
	const unsigned char *data;
	uint32_t size;
};

/* The fields of a PERF_RECORD_SAMPLE that this tool uses. */
struct perf_sample {
	uint64_t id;
	uint64_t ip;
	uint32_t pid, tid;
	uint64_t time;
	uint64_t addr;
	uint32_t cpu;
	uint64_t period;
	uint16_t cpumode;
	struct sample_callchain callchain;
	struct sample_raw raw;
	struct sample_regs user_regs;
	struct sample_stack user_stack;
	struct sample_read read;
};

/* The @i-th u64 (i < c->nr) of a sample's call chain. */
static inline uint64_t sample_callchain__ip(const struct sample_callchain *c, uint64_t i)
{
	uint64_t v;

	__builtin_memcpy(&v, c->ips + i * 8, 8);
	return v;
}

/* Was a record taken while a guest ran (GUEST_KERNEL or GUEST_USER)? */
static inline bool cpumode__is_guest(uint16_t cpumode)
{
	return cpumode == PERF_RECORD_MISC_GUEST_KERNEL || cpumode == PERF_RECORD_MISC_GUEST_USER;
}

/* Bytes of the sample_id_all trailer of a non-sample record for @sample_type. */
unsigned int perf_sample_id_size(uint64_t sample_type);

/*
 * Decodes the leading fields of a sample record (those up to PERIOD) for
 * @sample_type; s->read stays empty (its nr is 0, and nothing else in it
 * is to be read).  Returns 0, or -EINVAL if the record is too short.
 */
int perf_sample__parse(struct perf_sample *s, const union perf_event *ev, uint64_t sample_type);

/*
 * perf_sample__parse() and then what @attr samples of READ (in its
 * read_format), CALLCHAIN, RAW, BRANCH_STACK (skipped), REGS_USER and
 * STACK_USER.  Returns 0, or -EINVAL if the record is too short for
 * what its attr says it holds.
 */
int perf_sample__parse_attr(struct perf_sample *s, const union perf_event *ev,
			    const struct perf_event_attr *attr);

/* The @i-th counter (i < r->nr) of a sample's read. */
static inline struct sample_read_value sample_read__value(const struct sample_read *r, uint64_t i)
{
	struct sample_read_value v = { 0, 0, 0 };
	const unsigned char *p;

	if (!r->group)
		return r->one;
	/* Copied, not cast: the record need not be aligned. */
	p = r->group + i * r->stride;
	__builtin_memcpy(&v.value, p, 8);
	p += 8;
	if (r->format & PERF_FORMAT_ID) {
		__builtin_memcpy(&v.id, p, 8);
		p += 8;
	}
	if (r->format & PERF_FORMAT_LOST)
		__builtin_memcpy(&v.lost, p, 8);
	return v;
}

#endif /* __PERF_EVENT_H */
