/* SPDX-License-Identifier: GPL-2.0 */
/* Shim for <linux/string.h>: DUP, the C library's memset() and friends. */
#ifndef _PG_SHIM_LINUX_STRING_H
#define _PG_SHIM_LINUX_STRING_H
#include <string.h>
#endif
