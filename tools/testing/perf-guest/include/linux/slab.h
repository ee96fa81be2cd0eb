/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shim for <linux/slab.h> (kvzalloc, kvfree): CUSTOM (shim/rcu.c).
 *
 * kvzalloc() is calloc() with a header that records the size and marks
 * the object live, so that kvfree() can catch double frees; the tests can
 * make the next allocations fail, and count the live ones to find leaks.
 * kvfree() checks with the RCU model that no reader can still hold the
 * object (see rcupdate.h).  Under ASan a freed object goes back to ASan at
 * once, whose quarantine then catches any late read; otherwise it is kept
 * intact for the next 1024 frees, so that a late reader (in a negative
 * control) reads stale data instead of crashing the run.  Not modelled:
 * the vmalloc fallback, __GFP flags, memcg.
 */
#ifndef _PG_SHIM_LINUX_SLAB_H
#define _PG_SHIM_LINUX_SLAB_H

#include <linux/types.h>
#include "../stubs.h"

void *pg_kvzalloc(size_t size);
void pg_kvfree(const void *obj);

#define kvzalloc(size, flags)	((void)(flags), pg_kvzalloc(size))
#define kvfree(obj)		pg_kvfree(obj)

#endif
