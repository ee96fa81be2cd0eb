/* SPDX-License-Identifier: GPL-2.0 */
/* Shim for <linux/kernel.h>: DUP and CUSTOM, see ../dup.h and ../custom.h. */
#ifndef _PG_SHIM_LINUX_KERNEL_H
#define _PG_SHIM_LINUX_KERNEL_H
#include "../custom.h"
#endif
