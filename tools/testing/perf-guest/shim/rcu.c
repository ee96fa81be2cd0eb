// SPDX-License-Identifier: GPL-2.0
/*
 * CUSTOM: a small, real RCU for the harness, and the allocator whose
 * frees it checks (include/linux/rcupdate.h, include/linux/slab.h).
 *
 * Each registered thread has a counter that is odd while the thread is in
 * a read-side critical section.  Every section gives it a new value, so a
 * snapshot of the counters tells exactly which sections were running at
 * that moment, and a grace period for the snapshot has elapsed once each
 * of them has ended, however many sections began since.
 *
 * The checks that make this a test and not just an implementation:
 *
 *  - rcu_replace_pointer() snapshots the readers for the pointer it
 *    unpublishes (pg_rcu_unpublished());
 *  - freeing that object, by kvfree() at once or by kvfree_rcu() later,
 *    while a reader of the snapshot is still in the same section is a
 *    violation: that reader may have loaded the pointer before it was
 *    replaced, and may still be using it;
 *  - kvfree_rcu() frees only after a grace period of its own snapshot, so
 *    correct code never violates, and code that frees at once (the
 *    free-now negative control) does, whenever a reader was inside.
 */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../harness.h"

#define PG_RCU_MAX_READERS	16
#define PG_RCU_MAX_RECORDS	1024
#define PG_RCU_MAX_PENDING	256
#define PG_QUARANTINE		1024
#define PG_ALLOC_MAGIC		0x6b7a616c6c6f6321ULL
#define PG_FREE_MAGIC		0x6672656564646464ULL

#if defined(__SANITIZE_ADDRESS__)
#define PG_ASAN			1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PG_ASAN			1
#endif
#endif

struct pg_rcu_reader {
	unsigned long	ctr;		/* odd: inside a critical section */
	int		nesting;
	bool		used;
} __attribute__((aligned(64)));

struct pg_rcu_snap {
	unsigned long	ctr[PG_RCU_MAX_READERS];
};

/* An unpublished object and who could still hold it. */
struct pg_rcu_record {
	const void		*obj;
	struct pg_rcu_snap	snap;
};

/* A kvfree_rcu() waiting for its grace period. */
struct pg_rcu_cb {
	struct pg_rcu_cb	*next;
	void			*obj;
	struct pg_rcu_snap	snap;
};

struct pg_alloc_hdr {
	size_t	size;
	u64	magic;
};

static struct pg_rcu_reader pg_rcu_readers[PG_RCU_MAX_READERS];
static __thread struct pg_rcu_reader *pg_rcu_self;

/* Writer-side state: the tests' writers, never a reader. */
static pthread_mutex_t pg_rcu_lock = PTHREAD_MUTEX_INITIALIZER;
static struct pg_rcu_record pg_rcu_records[PG_RCU_MAX_RECORDS];
static struct pg_rcu_cb *pg_rcu_cbs, **pg_rcu_cbs_tail = &pg_rcu_cbs;
#ifndef PG_ASAN
static void *pg_quarantine[PG_QUARANTINE];
static unsigned int pg_quarantine_next;
#endif

static struct pg_rcu_stats pg_rcu_stats;
static long pg_alloc_live;
static int pg_alloc_fail;
static char pg_violation_first[160];

void rcu_register_thread(void)
{
	int i;

	pthread_mutex_lock(&pg_rcu_lock);
	for (i = 0; i < PG_RCU_MAX_READERS; i++) {
		if (!pg_rcu_readers[i].used) {
			pg_rcu_readers[i].used = true;
			pg_rcu_readers[i].nesting = 0;
			pg_rcu_self = &pg_rcu_readers[i];
			break;
		}
	}
	pthread_mutex_unlock(&pg_rcu_lock);
	if (!pg_rcu_self) {
		fprintf(stderr, "rcu: too many reader threads\n");
		abort();
	}
}

void rcu_unregister_thread(void)
{
	pthread_mutex_lock(&pg_rcu_lock);
	WARN_ON(pg_rcu_self->nesting);
	pg_rcu_self->used = false;
	pg_rcu_self = NULL;
	pthread_mutex_unlock(&pg_rcu_lock);
}

void rcu_read_lock(void)
{
	struct pg_rcu_reader *r = pg_rcu_self;

	if (!r) {
		fprintf(stderr, "rcu: rcu_read_lock() in an unregistered thread\n");
		abort();
	}
	if (r->nesting++ == 0) {
		__atomic_store_n(&r->ctr, r->ctr + 1, __ATOMIC_RELAXED);
		/* Pairs with the fence in pg_rcu_snapshot(). */
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
	}
}

void rcu_read_unlock(void)
{
	struct pg_rcu_reader *r = pg_rcu_self;

	if (WARN_ON(!r || r->nesting <= 0))
		return;
	if (--r->nesting == 0)
		__atomic_store_n(&r->ctr, r->ctr + 1, __ATOMIC_RELEASE);
}

bool pg_rcu_in_reader(void)
{
	return pg_rcu_self && pg_rcu_self->nesting > 0;
}

static void pg_rcu_snapshot(struct pg_rcu_snap *s)
{
	int i;

	/* The caller's unpublishing store is ordered before the scan. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (i = 0; i < PG_RCU_MAX_READERS; i++)
		s->ctr[i] = __atomic_load_n(&pg_rcu_readers[i].ctr,
					    __ATOMIC_ACQUIRE);
}

/* Has every section that @s saw running ended? */
static bool pg_rcu_elapsed(const struct pg_rcu_snap *s)
{
	int i;

	for (i = 0; i < PG_RCU_MAX_READERS; i++) {
		if (!(s->ctr[i] & 1))
			continue;
		if (__atomic_load_n(&pg_rcu_readers[i].ctr,
				    __ATOMIC_ACQUIRE) == s->ctr[i])
			return false;
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return true;
}

void synchronize_rcu(void)
{
	struct pg_rcu_snap s;
	unsigned int spins = 0;

	WARN_ON(pg_rcu_in_reader());
	pg_rcu_snapshot(&s);
	while (!pg_rcu_elapsed(&s))
		if (++spins > 64)
			sched_yield();
}

static void pg_violation(const char *what, const void *obj)
{
	if (__atomic_fetch_add(&pg_rcu_stats.violations, 1, __ATOMIC_RELAXED) == 0)
		snprintf(pg_violation_first, sizeof(pg_violation_first),
			 "%s %p", what, obj);
}

void pg_rcu_unpublished(const void *old)
{
	int i;

	if (!old)
		return;
	pthread_mutex_lock(&pg_rcu_lock);
	for (i = 0; i < PG_RCU_MAX_RECORDS; i++) {
		if (!pg_rcu_records[i].obj) {
			pg_rcu_records[i].obj = old;
			pg_rcu_snapshot(&pg_rcu_records[i].snap);
			break;
		}
	}
	pthread_mutex_unlock(&pg_rcu_lock);
	if (i == PG_RCU_MAX_RECORDS) {
		fprintf(stderr, "rcu: too many unpublished objects pending\n");
		abort();
	}
}

void *pg_kvzalloc(size_t size)
{
	struct pg_alloc_hdr *h;

	if (__atomic_load_n(&pg_alloc_fail, __ATOMIC_RELAXED) > 0 &&
	    __atomic_fetch_sub(&pg_alloc_fail, 1, __ATOMIC_RELAXED) > 0) {
		__atomic_fetch_add(&pg_rcu_stats.alloc_failed, 1, __ATOMIC_RELAXED);
		return NULL;
	}
	if (size > (1UL << 30))
		return NULL;
	h = calloc(1, sizeof(*h) + size);
	if (!h)
		return NULL;
	h->size = size;
	h->magic = PG_ALLOC_MAGIC;
	__atomic_fetch_add(&pg_alloc_live, 1, __ATOMIC_RELAXED);
	return h + 1;
}

/* Called with pg_rcu_lock held. */
static void pg_free_locked(const void *obj)
{
	struct pg_alloc_hdr *h = (struct pg_alloc_hdr *)obj - 1;
	int i;

	if (h->magic != PG_ALLOC_MAGIC) {
		pg_violation("double free, or not from kvzalloc():", obj);
		return;
	}
	for (i = 0; i < PG_RCU_MAX_RECORDS; i++) {
		if (pg_rcu_records[i].obj != obj)
			continue;
		if (!pg_rcu_elapsed(&pg_rcu_records[i].snap))
			pg_violation("freed while a reader may hold it:", obj);
		pg_rcu_records[i].obj = NULL;
	}
	__atomic_fetch_sub(&pg_alloc_live, 1, __ATOMIC_RELAXED);
	pg_rcu_stats.freed++;

	h->magic = PG_FREE_MAGIC;
#ifdef PG_ASAN
	free(h);
#else
	/*
	 * Keep it, intact, for a while: a late reader then reads stale data,
	 * as it often would in the kernel, instead of crashing the run with a
	 * wild read; the violation count is what reports it.
	 */
	free(pg_quarantine[pg_quarantine_next]);
	pg_quarantine[pg_quarantine_next] = h;
	pg_quarantine_next = (pg_quarantine_next + 1) % PG_QUARANTINE;
#endif
}

void pg_kvfree(const void *obj)
{
	if (!obj)
		return;
	pthread_mutex_lock(&pg_rcu_lock);
	pg_free_locked(obj);
	pthread_mutex_unlock(&pg_rcu_lock);
}

/* Frees what has waited long enough; with pg_rcu_lock held. */
static unsigned int pg_rcu_poll_locked(void)
{
	unsigned int left = 0;
	struct pg_rcu_cb **p = &pg_rcu_cbs, *cb;

	while ((cb = *p)) {
		if (!pg_rcu_elapsed(&cb->snap)) {
			p = &cb->next;
			left++;
			continue;
		}
		*p = cb->next;
		pg_free_locked(cb->obj);
		free(cb);
	}
	pg_rcu_cbs_tail = p;
	return left;
}

void pg_kvfree_rcu(void *obj, struct rcu_head *head)
{
	struct pg_alloc_hdr *h = (struct pg_alloc_hdr *)obj - 1;
	struct pg_rcu_cb *cb;
	unsigned int pending;

	WARN_ON((char *)head < (char *)obj ||
		(char *)(head + 1) > (char *)obj + h->size);
	cb = calloc(1, sizeof(*cb));
	if (!cb) {
		fprintf(stderr, "rcu: out of memory\n");
		abort();
	}
	cb->obj = obj;
	pg_rcu_snapshot(&cb->snap);

	pthread_mutex_lock(&pg_rcu_lock);
	*pg_rcu_cbs_tail = cb;
	pg_rcu_cbs_tail = &cb->next;
	pg_rcu_stats.deferred++;
	pending = pg_rcu_poll_locked();
	if (pending > pg_rcu_stats.max_pending)
		pg_rcu_stats.max_pending = pending;
	/*
	 * A reader preempted inside its section holds up every grace period
	 * while the writer may commit thousands of times; the kernel would
	 * queue them all, the model waits for some to drain instead.
	 */
	while (pending > PG_RCU_MAX_PENDING) {
		pthread_mutex_unlock(&pg_rcu_lock);
		sched_yield();
		pthread_mutex_lock(&pg_rcu_lock);
		pending = pg_rcu_poll_locked();
	}
	pthread_mutex_unlock(&pg_rcu_lock);
}

void rcu_barrier(void)
{
	unsigned int spins = 0;

	WARN_ON(pg_rcu_in_reader());
	for (;;) {
		unsigned int left;

		pthread_mutex_lock(&pg_rcu_lock);
		left = pg_rcu_poll_locked();
		pthread_mutex_unlock(&pg_rcu_lock);
		if (!left)
			return;
		if (++spins > 64)
			sched_yield();
	}
}

void pg_kvzalloc_fail_next(int n)
{
	__atomic_store_n(&pg_alloc_fail, n, __ATOMIC_RELAXED);
}

long pg_kvzalloc_live(void)
{
	return __atomic_load_n(&pg_alloc_live, __ATOMIC_RELAXED);
}

void pg_rcu_get_stats(struct pg_rcu_stats *s, char *first, size_t size)
{
	pthread_mutex_lock(&pg_rcu_lock);
	*s = pg_rcu_stats;
	s->violations = __atomic_load_n(&pg_rcu_stats.violations, __ATOMIC_RELAXED);
	s->alloc_failed = __atomic_load_n(&pg_rcu_stats.alloc_failed, __ATOMIC_RELAXED);
	if (first)
		snprintf(first, size, "%s", pg_violation_first);
	pthread_mutex_unlock(&pg_rcu_lock);
}

void pg_rcu_reset_stats(void)
{
	pthread_mutex_lock(&pg_rcu_lock);
	memset(&pg_rcu_stats, 0, sizeof(pg_rcu_stats));
	pg_violation_first[0] = '\0';
	pthread_mutex_unlock(&pg_rcu_lock);
}

void pg_rcu_quarantine_drain(void)
{
#ifndef PG_ASAN
	unsigned int i;

	pthread_mutex_lock(&pg_rcu_lock);
	for (i = 0; i < PG_QUARANTINE; i++) {
		free(pg_quarantine[i]);
		pg_quarantine[i] = NULL;
	}
	pthread_mutex_unlock(&pg_rcu_lock);
#endif
}
