/* SPDX-License-Identifier: GPL-2.0 */
/* Shim for <linux/mutex.h>: CUSTOM, see ../custom.h. */
#ifndef _PG_SHIM_LINUX_MUTEX_H
#define _PG_SHIM_LINUX_MUTEX_H
#include "../custom.h"
#endif
