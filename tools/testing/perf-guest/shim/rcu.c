// SPDX-License-Identifier: GPL-2.0
/*
 * CUSTOM: a small, real RCU for the harness.
 *
 * Each registered thread has a counter that is odd while the thread is in
 * a read-side critical section.  Every critical section gives it a new
 * value, so synchronize_rcu() waits for a reader that it saw odd exactly
 * until that section has ended, and never for one that started later.
 *
 * Readers are NMI handlers, which do not nest, so the nesting count is only
 * there to tolerate rcu_read_lock() inside rcu_read_lock().
 *
 * Negative control (b): built with PG_NEG_NO_GRACE_PERIOD,
 * synchronize_rcu() does not wait for anything.
 */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"

#define PG_RCU_MAX_READERS	64

struct pg_rcu_reader {
	unsigned long	ctr;		/* odd: inside a critical section */
	int		nesting;
	bool		used;
} __attribute__((aligned(64)));

static struct pg_rcu_reader pg_rcu_readers[PG_RCU_MAX_READERS];
static pthread_mutex_t pg_rcu_registry = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t pg_rcu_gp = PTHREAD_MUTEX_INITIALIZER;
static __thread struct pg_rcu_reader *pg_rcu_self;

void rcu_register_thread(void)
{
	int i;

	pthread_mutex_lock(&pg_rcu_registry);
	for (i = 0; i < PG_RCU_MAX_READERS; i++) {
		if (!pg_rcu_readers[i].used) {
			pg_rcu_readers[i].used = true;
			pg_rcu_readers[i].nesting = 0;
			pg_rcu_self = &pg_rcu_readers[i];
			break;
		}
	}
	pthread_mutex_unlock(&pg_rcu_registry);
	if (!pg_rcu_self) {
		fprintf(stderr, "rcu: too many reader threads\n");
		abort();
	}
}

void rcu_unregister_thread(void)
{
	pthread_mutex_lock(&pg_rcu_registry);
	pg_rcu_self->used = false;
	pg_rcu_self = NULL;
	pthread_mutex_unlock(&pg_rcu_registry);
}

void rcu_read_lock(void)
{
	struct pg_rcu_reader *r = pg_rcu_self;

	if (!r)
		abort();	/* a reader must be registered */
	if (r->nesting++ == 0) {
		__atomic_store_n(&r->ctr, r->ctr + 1, __ATOMIC_RELAXED);
		/* Pairs with the fence in synchronize_rcu(). */
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
	}
}

void rcu_read_unlock(void)
{
	struct pg_rcu_reader *r = pg_rcu_self;

	if (--r->nesting == 0)
		__atomic_store_n(&r->ctr, r->ctr + 1, __ATOMIC_RELEASE);
}

void synchronize_rcu(void)
{
	int i;

	WARN_ON(in_nmi());
#ifdef PG_NEG_NO_GRACE_PERIOD
	return;
#endif
	pthread_mutex_lock(&pg_rcu_gp);
	/* The caller's unpublishing store is ordered before the scan. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (i = 0; i < PG_RCU_MAX_READERS; i++) {
		struct pg_rcu_reader *r = &pg_rcu_readers[i];
		unsigned long snap = __atomic_load_n(&r->ctr, __ATOMIC_ACQUIRE);
		unsigned int spins = 0;

		if (!(snap & 1))
			continue;
		while (__atomic_load_n(&r->ctr, __ATOMIC_ACQUIRE) == snap) {
			if (++spins > 64)
				sched_yield();
		}
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	pthread_mutex_unlock(&pg_rcu_gp);
}
