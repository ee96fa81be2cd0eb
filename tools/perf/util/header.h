/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_HEADER_H
#define __PERF_HEADER_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/perf_event.h>
#include "buf.h"

/*
 * The PERFILE2 on-disk layout, as Linux perf reads and writes it:
 *
 *   file header | id arrays | attrs | data (records) | feature table | features
 *
 * Every offset in the file is little-endian and relative to the start
 * of the file.  The feature table has one perf_file_section per bit set
 * in adds_features, in bit order.
 */
#define PERF_MAGIC		0x32454c4946524550ULL	/* "PERFILE2" */
#define HEADER_FEAT_BITS	256
#define NAME_ALIGN		64

enum perf_header_feature {
	HEADER_RESERVED		= 0,
	HEADER_TRACING_DATA	= 1,
	HEADER_BUILD_ID		= 2,
	HEADER_HOSTNAME		= 3,
	HEADER_OSRELEASE	= 4,
	HEADER_VERSION		= 5,
	HEADER_ARCH		= 6,
	HEADER_NRCPUS		= 7,
	HEADER_CPUDESC		= 8,
	HEADER_CPUID		= 9,
	HEADER_TOTAL_MEM	= 10,
	HEADER_CMDLINE		= 11,
	HEADER_EVENT_DESC	= 12,
	HEADER_CPU_TOPOLOGY	= 13,
	HEADER_NUMA_TOPOLOGY	= 14,
	HEADER_BRANCH_STACK	= 15,
	HEADER_PMU_MAPPINGS	= 16,
	HEADER_GROUP_DESC	= 17,
	HEADER_AUXTRACE		= 18,
	HEADER_STAT		= 19,
	HEADER_CACHE		= 20,
	HEADER_SAMPLE_TIME	= 21,
	HEADER_MEM_TOPOLOGY	= 22,
	HEADER_CLOCKID		= 23,
	HEADER_DIR_FORMAT	= 24,
	HEADER_BPF_PROG_INFO	= 25,
	HEADER_BPF_BTF		= 26,
	HEADER_COMPRESSED	= 27,
	HEADER_CPU_PMU_CAPS	= 28,
	HEADER_CLOCK_DATA	= 29,
	HEADER_HYBRID_TOPOLOGY	= 30,
	HEADER_PMU_CAPS		= 31,
	HEADER_LAST_FEATURE	= 32,
};

/* HEADER_COMPRESSED's method. */
#define PERF_COMP_ZSTD		1

struct perf_file_section {
	uint64_t offset;
	uint64_t size;
};

struct perf_file_header {
	uint64_t magic;
	uint64_t size;
	uint64_t attr_size;
	struct perf_file_section attrs;
	struct perf_file_section data;
	struct perf_file_section event_types;
	uint64_t adds_features[HEADER_FEAT_BITS / 64];
};

struct perf_file_attr {
	struct perf_event_attr attr;
	struct perf_file_section ids;
};

/* One event of the file: its attr, its sample ids and its name. */
struct perf_header_attr {
	struct perf_event_attr attr;
	uint64_t *ids;
	uint32_t nr_ids;
	char *name;
};

/*
 * An event group of the file: the @nr_members attrs from index @leader
 * on.  @name is NULL for an anonymous group ("{anon_group}" in the file).
 */
struct perf_header_group {
	char *name;
	uint32_t leader;
	uint32_t nr_members;
};

/* A file header as read, with everything checked against the file size. */
struct perf_header {
	struct perf_file_header file;
	struct perf_header_attr *attrs;
	int nr_attrs;
	struct perf_header_group *groups;	/* from HEADER_GROUP_DESC, in attr order */
	int nr_groups;
	struct perf_file_section feat[HEADER_FEAT_BITS];
	bool data_size_unknown;		/* header said 0: data runs to the end */
	bool pipe;			/* the pipe format: features came as records */
};

static inline bool perf_header__has_feat(const struct perf_header *h, int feat)
{
	return h->file.adds_features[feat / 64] & (1ULL << (feat % 64));
}

static inline void perf_header__set_feat(uint64_t *bits, int feat)
{
	bits[feat / 64] |= 1ULL << (feat % 64);
}

/* Byte offset where the data section starts for @nr attrs with @nr_ids ids in all. */
uint64_t perf_header__data_offset(int nr, uint64_t nr_ids);

/*
 * Writes header, ids and attrs at the start of @fd.  @feat_bits may be
 * NULL.  Returns 0 or -errno.  The layout depends only on @attrs, so a
 * call at start and one at the end agree on the data offset.
 */
int perf_header__write(int fd, const struct perf_header_attr *attrs, int nr,
		       uint64_t data_size, const uint64_t *feat_bits);

/*
 * Writes the feature table and the non-empty entries of @feats at
 * @offset, and sets their bits in @feat_bits.  Returns 0 or -errno.
 */
int perf_header__write_features(int fd, uint64_t offset, struct buf *feats,
				uint64_t *feat_bits);

/*
 * Parses and checks the header of a perf.data image of @size bytes.
 * On error returns -EINVAL and writes "offset N: what" into @err.
 */
int perf_header__read(struct perf_header *h, const void *base, uint64_t size,
		      char *err, size_t errlen);

/* Frees what perf_header__read() allocated. */
void perf_header__exit(struct perf_header *h);

/*
 * Reads a header string at *@off inside feature @sec; advances *@off.
 * Returns a malloc'd string or NULL (errno EINVAL when out of bounds).
 */
char *perf_header__read_string(const void *base, const struct perf_file_section *sec,
			       uint64_t *off);

/* Appends a header string: u32 length, then the text NUL-padded to NAME_ALIGN. */
void perf_header__add_string(struct buf *b, const char *s);

/* Encodes the HEADER_EVENT_DESC feature for @attrs into @b. */
void perf_header__encode_event_desc(struct buf *b, const struct perf_header_attr *attrs, int nr);

/* Decodes HEADER_EVENT_DESC names into @h->attrs (matched by first id). */
int perf_header__decode_event_desc(struct perf_header *h, const void *base);

/* Encodes the HEADER_GROUP_DESC feature for @groups into @b; nothing when @nr is 0. */
void perf_header__encode_group_desc(struct buf *b, const struct perf_header_group *groups,
				    int nr);

/*
 * Decodes HEADER_GROUP_DESC (h->feat[HEADER_GROUP_DESC], relative to
 * @base) into @h->groups.  Returns 0 (also when there is none), -ENOMEM,
 * or -EINVAL when it is malformed or does not fit @h->attrs: groups must
 * be in attr order, not overlap, and have at least one member; then @h
 * has no groups.
 */
int perf_header__decode_group_desc(struct perf_header *h, const void *base);

#endif /* __PERF_HEADER_H */
