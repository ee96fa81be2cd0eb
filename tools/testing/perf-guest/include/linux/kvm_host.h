/* SPDX-License-Identifier: GPL-2.0 */
/* Shim for <linux/kvm_host.h>: CUSTOM, see ../custom.h. */
#ifndef _PG_SHIM_LINUX_KVM_HOST_H
#define _PG_SHIM_LINUX_KVM_HOST_H
#include "../custom.h"
#endif
