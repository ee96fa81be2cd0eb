/* SPDX-License-Identifier: GPL-2.0 */
/* Shim for <linux/export.h>: STUBS, see ../stubs.h. */
#ifndef _PG_SHIM_LINUX_EXPORT_H
#define _PG_SHIM_LINUX_EXPORT_H
#include "../stubs.h"
#endif
