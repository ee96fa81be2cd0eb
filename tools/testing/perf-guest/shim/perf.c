// SPDX-License-Identifier: GPL-2.0
/*
 * CUSTOM: the perf side of the shims (include/linux/perf_event.h): the
 * guest info callbacks as plain functions, x86's perf_misc_flags() and
 * perf_instruction_pointer() (DUP), the chain buffers, and WARN_ON().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../harness.h"

/* DUP: kernel/events/callchain.c's defaults. */
int sysctl_perf_event_max_stack = PERF_MAX_STACK_DEPTH;
int sysctl_perf_event_max_contexts_per_stack = PERF_MAX_CONTEXTS_PER_STACK;

/*
 * The callbacks in force, for every thread, as a static call is for every
 * CPU; what they answer may be per thread (sim/guest.c's pg_running_vcpu).
 */
static const struct pg_guest_cbs *pg_guest_cbs;

void pg_set_guest_cbs(const struct pg_guest_cbs *cbs)
{
	__atomic_store_n(&pg_guest_cbs, cbs, __ATOMIC_RELEASE);
}

static const struct pg_guest_cbs *pg_cbs(void)
{
	return __atomic_load_n(&pg_guest_cbs, __ATOMIC_ACQUIRE);
}

unsigned int perf_guest_state(void)
{
	const struct pg_guest_cbs *cbs = pg_cbs();

	return cbs && cbs->state ? cbs->state() : 0;
}

unsigned long perf_guest_get_ip(void)
{
	const struct pg_guest_cbs *cbs = pg_cbs();

	return cbs && cbs->get_ip ? cbs->get_ip() : 0;
}

unsigned long perf_guest_get_frame_pointer(void)
{
	const struct pg_guest_cbs *cbs = pg_cbs();

	return cbs && cbs->get_frame_pointer ? cbs->get_frame_pointer() : 0;
}

unsigned int perf_guest_read_virt(unsigned long addr, void *buf,
				  unsigned int len)
{
	const struct pg_guest_cbs *cbs = pg_cbs();

	return cbs && cbs->read_virt ? cbs->read_virt(addr, buf, len) : 0;
}

/* DUP: arch/x86/events/core.c, 6.12, on x86-64. */
unsigned long perf_instruction_pointer(struct pt_regs *regs)
{
	if (perf_guest_state())
		return perf_guest_get_ip();

	return regs->ip;
}

unsigned long perf_misc_flags(struct pt_regs *regs)
{
	unsigned int guest_state = perf_guest_state();
	int misc = 0;

	if (guest_state) {
		if (guest_state & PERF_GUEST_USER)
			misc |= PERF_RECORD_MISC_GUEST_USER;
		else
			misc |= PERF_RECORD_MISC_GUEST_KERNEL;
	} else {
		if (user_mode(regs))
			misc |= PERF_RECORD_MISC_USER;
		else
			misc |= PERF_RECORD_MISC_KERNEL;
	}

	if (regs->flags & PERF_EFLAGS_EXACT)
		misc |= PERF_RECORD_MISC_EXACT_IP;

	return misc;
}

/*
 * Chain buffers: one per recursion context (task, softirq, irq, NMI) and
 * thread, sized as perf_callchain_entry__sizeof() is, then PG_CANARY_WORDS
 * canary words that nothing may write.
 */
#define PG_RECURSION_CONTEXTS	4
#define PG_CANARY_WORDS		4
#define PG_CANARY		0xcacacacacacacacaULL

struct pg_chain_buf {
	u64	*words;
	size_t	capacity;	/* ip[] entries */
	bool	busy;
};

static __thread struct pg_chain_buf pg_chain[PG_RECURSION_CONTEXTS];
static __thread int pg_chain_context;
static __thread bool pg_chain_unavailable;

void pg_callchain_set_context(int rctx)
{
	pg_chain_context = rctx;
}

void pg_callchain_set_unavailable(bool unavailable)
{
	pg_chain_unavailable = unavailable;
}

struct perf_callchain_entry *get_callchain_entry(int *rctx)
{
	size_t capacity = sysctl_perf_event_max_stack +
			  sysctl_perf_event_max_contexts_per_stack;
	struct pg_chain_buf *b = &pg_chain[pg_chain_context];
	size_t i;

	if (pg_chain_unavailable || b->busy) {
		*rctx = -1;
		return NULL;
	}
	if (b->capacity != capacity) {
		free(b->words);
		b->words = malloc((1 + capacity + PG_CANARY_WORDS) * sizeof(u64));
		if (!b->words) {
			fprintf(stderr, "perf-guest: out of memory\n");
			abort();
		}
		b->capacity = capacity;
	}
	/* Stale data, as a reused per-CPU buffer has. */
	for (i = 0; i < 1 + capacity; i++)
		b->words[i] = 0x5555555555555555ULL;
	for (i = 0; i < PG_CANARY_WORDS; i++)
		b->words[1 + capacity + i] = PG_CANARY;
	b->busy = true;
	*rctx = pg_chain_context;
	return (struct perf_callchain_entry *)b->words;
}

void put_callchain_entry(int rctx)
{
	if (WARN_ON(rctx < 0 || rctx >= PG_RECURSION_CONTEXTS ||
		    !pg_chain[rctx].busy))
		return;
	pg_chain[rctx].busy = false;
}

/* After a chain was built: NULL if every buffer is free and intact. */
const char *pg_callchain_check(void)
{
	int r;
	size_t i;

	for (r = 0; r < PG_RECURSION_CONTEXTS; r++) {
		const struct pg_chain_buf *b = &pg_chain[r];

		if (b->busy)
			return "a chain buffer was not put back";
		if (!b->words)
			continue;
		if (b->words[0] > b->capacity)
			return "entry->nr exceeds the buffer";
		for (i = 0; i < PG_CANARY_WORDS; i++)
			if (b->words[1 + b->capacity + i] != PG_CANARY)
				return "a write past the end of the chain buffer";
	}
	return NULL;
}

void pg_callchain_free(void)
{
	int r;

	for (r = 0; r < PG_RECURSION_CONTEXTS; r++) {
		free(pg_chain[r].words);
		memset(&pg_chain[r], 0, sizeof(pg_chain[r]));
	}
}

/* WARN_ON(): counted, with the first site kept for the report. */
static u64 pg_warn_count;
static const char *pg_warn_file;
static int pg_warn_line;
static const char *pg_warn_cond;

void pg_warn(const char *file, int line, const char *cond)
{
	if (__atomic_fetch_add(&pg_warn_count, 1, __ATOMIC_RELAXED) == 0) {
		pg_warn_file = file;
		pg_warn_line = line;
		pg_warn_cond = cond;
	}
}

u64 pg_warnings(char *site, size_t size)
{
	u64 n = __atomic_load_n(&pg_warn_count, __ATOMIC_ACQUIRE);

	if (n && site)
		snprintf(site, size, "%s:%d: WARN_ON(%s)", pg_warn_file,
			 pg_warn_line, pg_warn_cond);
	return n;
}

void pg_warnings_reset(void)
{
	__atomic_store_n(&pg_warn_count, 0, __ATOMIC_RELEASE);
}
