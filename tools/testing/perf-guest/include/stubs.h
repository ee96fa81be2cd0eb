/* SPDX-License-Identifier: GPL-2.0 */
/*
 * STUBS: kernel annotations that mean nothing in this harness and expand
 * to nothing.  Nothing the tests check depends on them.
 *
 *  - __rcu, __user: sparse address spaces.  The harness does not run
 *    sparse; kernel-tests.sh builds the series W=1 in a real tree.
 *  - __counted_by(): gcc 12 has no such attribute; the series' flexible
 *    array is bounds-checked here by ASan instead.
 *  - GFP flags: kvzalloc() here ignores them (it can fail on demand, see
 *    custom.h), so no allocation context or memcg accounting is modelled.
 *  - EXPORT_SYMBOL*: every symbol is visible in one executable anyway.
 */
#ifndef _PG_STUBS_H
#define _PG_STUBS_H

#define __rcu
#define __user
#define __counted_by(member)

typedef unsigned int gfp_t;
#define GFP_KERNEL		0U
#define GFP_KERNEL_ACCOUNT	0U

#define EXPORT_SYMBOL(sym)	extern __typeof__(sym) sym
#define EXPORT_SYMBOL_GPL(sym)	extern __typeof__(sym) sym

#endif /* _PG_STUBS_H */
