/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A fake guest for the perf-level tests: a guest state, an IP, a frame
 * pointer, and a flat guest memory of a few regions that read_virt copies
 * from.  It stands in for KVM, so that the perf files are tested apart
 * from perf_stack.c, and it counts the calls.
 */
#ifndef _PG_TESTS_FAKE_H
#define _PG_TESTS_FAKE_H

#include "../harness.h"

#define PG_FAKE_REGIONS		4

struct pg_fake {
	unsigned int	state;
	unsigned long	ip;
	unsigned long	fp;
	unsigned int	ip_calls;
	unsigned int	fp_calls;
	unsigned int	read_calls;
	struct {
		u64	gva;
		u64	size;
		u8	*mem;
	} region[PG_FAKE_REGIONS];
};

extern struct pg_fake pg_fake;
extern const struct pg_guest_cbs pg_fake_cbs;

void pg_fake_reset(void);
void pg_fake_region(unsigned int i, u64 gva, u64 size);
void pg_fake_write(u64 gva, const void *src, size_t len);
void pg_fake_frame(u64 fp, u64 next, u64 ret);

/* An event that samples chains, as perf_copy_attr() leaves its attr. */
void pg_event_init(struct perf_event *event, unsigned int max_stack);

/* Checks a chain against what is expected; NULL, or why not. */
const char *pg_chain_diff(char *why, size_t size, const u64 *got, u64 got_nr,
			  const u64 *want, u64 want_nr);

#endif
