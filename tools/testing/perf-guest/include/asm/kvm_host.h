/* SPDX-License-Identifier: GPL-2.0 */
/* Shim for <asm/kvm_host.h>: CUSTOM, see ../custom.h. */
#ifndef _PG_SHIM_ASM_KVM_HOST_H
#define _PG_SHIM_ASM_KVM_HOST_H
#include "../custom.h"
#endif
