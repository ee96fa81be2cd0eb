/* SPDX-License-Identifier: GPL-2.0 */
/* Shim for <asm/hardirq.h>: CUSTOM, see ../custom.h. */
#ifndef _PG_SHIM_ASM_HARDIRQ_H
#define _PG_SHIM_ASM_HARDIRQ_H
#include "../custom.h"
#endif
