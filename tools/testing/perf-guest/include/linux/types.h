/* SPDX-License-Identifier: GPL-2.0 */
/* Shim for <linux/types.h>: DUP, the UAPI __u* types plus ../dup.h. */
#ifndef _PG_SHIM_LINUX_TYPES_H
#define _PG_SHIM_LINUX_TYPES_H
#include_next <linux/types.h>
#include "../dup.h"
#endif
