/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shim for arch/x86/kvm/x86.h, which perf_stack.c includes as "x86.h".
 *
 * DUP: is_long_mode() and is_paging() as in 6.12 (CONFIG_X86_64), and the
 * declarations that the series adds (0004).
 */
#ifndef _PG_SHIM_ARCH_X86_KVM_X86_H
#define _PG_SHIM_ARCH_X86_KVM_X86_H

#include <linux/kvm_host.h>
#include "kvm_cache_regs.h"

static inline bool is_long_mode(struct kvm_vcpu *vcpu)
{
	return !!(vcpu->arch.efer & EFER_LMA);
}

static inline bool is_paging(struct kvm_vcpu *vcpu)
{
	return likely(kvm_is_cr0_bit_set(vcpu, X86_CR0_PG));
}

void kvm_perf_stack_commit(struct kvm *kvm);
void kvm_perf_stack_destroy(struct kvm *kvm);

#endif
