/* SPDX-License-Identifier: GPL-2.0 */
/* Shim for <asm/nmi.h>: CUSTOM, see ../custom.h. */
#ifndef _PG_SHIM_ASM_NMI_H
#define _PG_SHIM_ASM_NMI_H
#include "../custom.h"
#endif
