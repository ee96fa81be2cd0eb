/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shim for <linux/rcupdate.h>: CUSTOM, a userspace RCU that checks its
 * users (shim/rcu.c).
 *
 * Readers are threads registered with rcu_register_thread().  Each one has
 * a counter that is odd while it is inside a read-side critical section,
 * and every section gives it a new value; a grace period has elapsed for a
 * snapshot of the counters once every reader that was odd in it has moved
 * on.  On top of that:
 *
 *  - rcu_dereference() outside a read-side section warns, as lockdep-RCU
 *    would;
 *  - rcu_replace_pointer() and rcu_dereference_protected() warn if their
 *    lockdep condition is false;
 *  - rcu_replace_pointer() records, for the pointer it unpublishes, which
 *    readers were inside a section at that moment.  Freeing that object
 *    (kvfree(), or kvfree_rcu()'s deferred free) while one of them is still
 *    in that same section is a violation, which the tests count: the object
 *    is freed while a reader may hold it;
 *  - kvfree_rcu() queues the object and frees it once a grace period has
 *    elapsed, polled from later kvfree_rcu() calls and rcu_barrier().
 *
 * Not modelled: preemption and CPU hotplug, nesting across contexts (an
 * NMI inside a reader's section is just nesting here), callbacks other
 * than kvfree, and the kernel's memory-ordering corner cases
 * (rcu_dereference() is an acquire load, stronger than the kernel's).
 */
#ifndef _PG_SHIM_LINUX_RCUPDATE_H
#define _PG_SHIM_LINUX_RCUPDATE_H

#include <linux/bug.h>
#include <linux/slab.h>
#include "../stubs.h"

struct rcu_head {
	struct rcu_head *next;
	void (*func)(struct rcu_head *head);
};

void rcu_register_thread(void);
void rcu_unregister_thread(void);
void rcu_read_lock(void);
void rcu_read_unlock(void);
void synchronize_rcu(void);
void rcu_barrier(void);

bool pg_rcu_in_reader(void);
void pg_rcu_unpublished(const void *old);
void pg_kvfree_rcu(void *obj, struct rcu_head *head);

#define rcu_dereference(p) ({						\
	WARN_ON(!pg_rcu_in_reader());					\
	__atomic_load_n(&(p), __ATOMIC_ACQUIRE);			\
})

#define rcu_dereference_protected(p, c) ({				\
	WARN_ON(!(c));							\
	(p);								\
})

#define rcu_replace_pointer(rcu_ptr, ptr, c) ({				\
	__typeof__(ptr) __pg_old = rcu_dereference_protected(rcu_ptr, c); \
	__atomic_store_n(&(rcu_ptr), (ptr), __ATOMIC_RELEASE);		\
	pg_rcu_unpublished(__pg_old);					\
	__pg_old;							\
})

/* The two-argument form: @rhf must be a struct rcu_head inside *@ptr. */
#define kvfree_rcu(ptr, rhf) ({						\
	struct rcu_head *__pg_head = &(ptr)->rhf;			\
	pg_kvfree_rcu((ptr), __pg_head);				\
})

#endif
