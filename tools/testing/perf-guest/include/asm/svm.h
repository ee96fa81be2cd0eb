/* SPDX-License-Identifier: GPL-2.0 */
/* Shim for <asm/svm.h>: DUP, see ../dup.h. */
#ifndef _PG_SHIM_ASM_SVM_H
#define _PG_SHIM_ASM_SVM_H
#include "../dup.h"
#endif
