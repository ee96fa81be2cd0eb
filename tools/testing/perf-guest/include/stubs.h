/* SPDX-License-Identifier: GPL-2.0 */
/*
 * STUBS: kernel annotations and registration macros that have no meaning
 * in this harness and expand to nothing (or to a plain reference, so that
 * the compiler still sees the symbol used).  Nothing the tests check
 * depends on them.
 */
#ifndef _PG_STUBS_H
#define _PG_STUBS_H

/* Sparse and section annotations. */
#define __rcu
#define __init
#define __exit
#define __initdata
#define __read_mostly

/* Module exports: every symbol is visible in one executable anyway. */
#define EXPORT_SYMBOL(sym)	extern __typeof__(sym) sym
#define EXPORT_SYMBOL_GPL(sym)	extern __typeof__(sym) sym

/*
 * Initcalls are not run automatically: the harness calls the init
 * function itself once it has set up what the function depends on.
 */
#define early_initcall(fn) \
	static int (*__pg_initcall_##fn)(void) __attribute__((used)) = fn

#endif /* _PG_STUBS_H */
