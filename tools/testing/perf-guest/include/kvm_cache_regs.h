/* SPDX-License-Identifier: GPL-2.0 */
/* Shim for <kvm_cache_regs.h>: CUSTOM, see custom.h. */
#ifndef _PG_SHIM_KVM_CACHE_REGS_H
#define _PG_SHIM_KVM_CACHE_REGS_H
#include "custom.h"
#endif
