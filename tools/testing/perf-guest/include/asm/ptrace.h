/* SPDX-License-Identifier: GPL-2.0 */
/* Shim for <asm/ptrace.h>: DUP, see ../dup.h. */
#ifndef _PG_SHIM_ASM_PTRACE_H
#define _PG_SHIM_ASM_PTRACE_H
#include "../dup.h"
#endif
