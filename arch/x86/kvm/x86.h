/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARCH_X86_KVM_X86_H
#define ARCH_X86_KVM_X86_H

#include <linux/kvm_host.h>

/*
 * Bracket the handling of the NMI that caused a VM exit.  Between the two
 * calls, perf attributes samples taken by that NMI, and by no other, to the
 * guest that @vcpu was running.
 */
void kvm_before_handle_nmi(struct kvm_vcpu *vcpu);
void kvm_after_handle_nmi(struct kvm_vcpu *vcpu);

int kvm_x86_vendor_init(const struct kvm_x86_ops *ops);
void kvm_x86_vendor_exit(void);

#endif /* ARCH_X86_KVM_X86_H */
