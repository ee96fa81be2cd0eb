// SPDX-License-Identifier: GPL-2.0
/*
 * CUSTOM: mutexes that know their owner (include/linux/mutex.h), and
 * sort() (include/linux/sort.h).
 */
#include <sched.h>
#include <stdlib.h>

#include <linux/mutex.h>
#include <linux/sort.h>

#include "../harness.h"

/* An address unique to the calling thread. */
static __thread char pg_self_token;

const void *pg_self(void)
{
	return &pg_self_token;
}

void mutex_init(struct mutex *lock)
{
	lock->locked = 0;
	lock->owner = NULL;
}

void mutex_lock(struct mutex *lock)
{
	unsigned int spins = 0;

	WARN_ON(pg_rcu_in_reader());	/* might_sleep() */
	while (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
		if (++spins > 16)
			sched_yield();
	__atomic_store_n(&lock->owner, pg_self(), __ATOMIC_RELAXED);
}

void mutex_unlock(struct mutex *lock)
{
	WARN_ON(!pg_mutex_held(lock));
	__atomic_store_n(&lock->owner, NULL, __ATOMIC_RELAXED);
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

bool pg_mutex_held(const struct mutex *lock)
{
	return __atomic_load_n(&lock->locked, __ATOMIC_ACQUIRE) &&
	       __atomic_load_n(&lock->owner, __ATOMIC_RELAXED) == pg_self();
}

void sort(void *base, size_t num, size_t size, cmp_func_t cmp_func,
	  swap_func_t swap_func)
{
	WARN_ON(swap_func);
	qsort(base, num, size, cmp_func);
}
