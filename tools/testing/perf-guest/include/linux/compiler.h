/* SPDX-License-Identifier: GPL-2.0 */
/* Shim for <linux/compiler.h>: DUP, see ../dup.h. */
#ifndef _PG_SHIM_LINUX_COMPILER_H
#define _PG_SHIM_LINUX_COMPILER_H
#include "../dup.h"
#endif
