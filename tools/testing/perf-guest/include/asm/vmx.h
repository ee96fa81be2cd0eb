/* SPDX-License-Identifier: GPL-2.0 */
/* Shim for <asm/vmx.h>: DUP, see ../dup.h. */
#ifndef _PG_SHIM_ASM_VMX_H
#define _PG_SHIM_ASM_VMX_H
#include "../dup.h"
#endif
