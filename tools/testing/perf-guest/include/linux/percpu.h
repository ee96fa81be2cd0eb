/* SPDX-License-Identifier: GPL-2.0 */
/* Shim for <linux/percpu.h>: CUSTOM, see ../custom.h. */
#ifndef _PG_SHIM_LINUX_PERCPU_H
#define _PG_SHIM_LINUX_PERCPU_H
#include "../custom.h"
#endif
