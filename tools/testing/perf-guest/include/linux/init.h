/* SPDX-License-Identifier: GPL-2.0 */
/* Shim for <linux/init.h>: STUBS, see ../stubs.h. */
#ifndef _PG_SHIM_LINUX_INIT_H
#define _PG_SHIM_LINUX_INIT_H
#include "../stubs.h"
#endif
