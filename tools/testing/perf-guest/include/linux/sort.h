/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shim for <linux/sort.h>: CUSTOM.  sort() is the C library's qsort()
 * (shim/kvm.c).  Like the kernel's heapsort it is not stable; not
 * modelled: a custom swap function (it must be NULL here, which the
 * shim checks) and the kernel's O(n log n) worst-case bound.
 */
#ifndef _PG_SHIM_LINUX_SORT_H
#define _PG_SHIM_LINUX_SORT_H

#include <linux/types.h>

typedef int (*cmp_func_t)(const void *a, const void *b);
typedef void (*swap_func_t)(void *a, void *b, int size);

void sort(void *base, size_t num, size_t size, cmp_func_t cmp_func,
	  swap_func_t swap_func);

#endif
