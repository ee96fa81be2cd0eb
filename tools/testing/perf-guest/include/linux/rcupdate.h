/* SPDX-License-Identifier: GPL-2.0 */
/* Shim for <linux/rcupdate.h>: CUSTOM, see ../custom.h. */
#ifndef _PG_SHIM_LINUX_RCUPDATE_H
#define _PG_SHIM_LINUX_RCUPDATE_H
#include "../custom.h"
#endif
