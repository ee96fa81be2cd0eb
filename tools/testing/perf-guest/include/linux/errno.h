/* SPDX-License-Identifier: GPL-2.0 */
/* Shim for <linux/errno.h>: DUP, the UAPI values (same as the kernel's). */
#ifndef _PG_SHIM_LINUX_ERRNO_H
#define _PG_SHIM_LINUX_ERRNO_H
#include_next <linux/errno.h>
#endif
