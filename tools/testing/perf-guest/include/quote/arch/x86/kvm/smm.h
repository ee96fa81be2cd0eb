/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shim for arch/x86/kvm/smm.h, which perf_stack.c includes as "smm.h":
 * DUP, is_smm() as in 6.12 with CONFIG_KVM_SMM.
 */
#ifndef _PG_SHIM_ARCH_X86_KVM_SMM_H
#define _PG_SHIM_ARCH_X86_KVM_SMM_H

#include <linux/kvm_host.h>

static inline bool is_smm(struct kvm_vcpu *vcpu)
{
	return vcpu->arch.hflags & HF_SMM_MASK;
}

#endif
