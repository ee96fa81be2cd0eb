/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shim for <linux/uaccess.h>: CUSTOM.  copy_from_user_nofault() reads the
 * simulated VMM address space of shim/vmm.c: host buffers registered at
 * fake user addresses.  It returns 0 if all @size bytes lie in one mapped
 * buffer, else -EFAULT with @dst filled with poison (the kernel may leave
 * a partial copy there).  It never dereferences @src: the address is only
 * looked up.  See ../../README, "What the shims don't model".
 */
#ifndef _PG_SHIM_LINUX_UACCESS_H
#define _PG_SHIM_LINUX_UACCESS_H

#include <linux/types.h>
#include "../stubs.h"

long copy_from_user_nofault(void *dst, const void __user *src, size_t size);

#endif
