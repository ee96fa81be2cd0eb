/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shim for arch/x86/kvm/kvm_cache_regs.h, which perf_stack.c includes as
 * "kvm_cache_regs.h".
 *
 * DUP in what they return, CUSTOM in how: the kernel's accessors read
 * vcpu->arch once the register cache holds the value, and otherwise ask
 * the vendor module (vmcs_readl(), the VMCB) and mark it cached.  Here
 * every register is always cached.  Not modelled: kvm_x86_ops.cache_reg,
 * the regs_avail bitmap that it writes (from the NMI, in the kernel), and
 * the guest-owned CR0/CR4 bits that make the kernel read the VMCS.
 */
#ifndef _PG_SHIM_ARCH_X86_KVM_KVM_CACHE_REGS_H
#define _PG_SHIM_ARCH_X86_KVM_KVM_CACHE_REGS_H

#include <linux/kvm_host.h>

static __always_inline unsigned long kvm_rbp_read(struct kvm_vcpu *vcpu)
{
	return vcpu->arch.regs[VCPU_REGS_RBP];
}

static inline unsigned long kvm_read_cr3(struct kvm_vcpu *vcpu)
{
	return vcpu->arch.cr3;
}

static __always_inline bool kvm_is_cr0_bit_set(struct kvm_vcpu *vcpu,
					       unsigned long cr0_bit)
{
	return !!(vcpu->arch.cr0 & cr0_bit);
}

static __always_inline bool kvm_is_cr4_bit_set(struct kvm_vcpu *vcpu,
					       unsigned long cr4_bit)
{
	return !!(vcpu->arch.cr4 & cr4_bit);
}

static inline bool is_guest_mode(struct kvm_vcpu *vcpu)
{
	return vcpu->arch.hflags & HF_GUEST_MASK;
}

#endif
