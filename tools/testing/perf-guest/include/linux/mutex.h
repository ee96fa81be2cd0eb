/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shim for <linux/mutex.h> and the lockdep assertions: CUSTOM.
 *
 * A mutex is a spinning lock that knows its owner thread, so that
 * lockdep_assert_held() and lockdep_is_held() can answer for the calling
 * thread as lockdep would.  Not modelled: sleeping, priority, lock
 * classes and ordering (no deadlock detection), and might_sleep().
 */
#ifndef _PG_SHIM_LINUX_MUTEX_H
#define _PG_SHIM_LINUX_MUTEX_H

#include <linux/bug.h>

struct mutex {
	int		locked;
	const void	*owner;		/* the owning thread's pg_self() */
};

void mutex_init(struct mutex *lock);
void mutex_lock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);
bool pg_mutex_held(const struct mutex *lock);

#define lockdep_is_held(lock)		pg_mutex_held(lock)
#define lockdep_assert_held(lock)	WARN_ON(!lockdep_is_held(lock))

#endif
