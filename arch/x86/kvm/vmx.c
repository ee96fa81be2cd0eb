// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel-based Virtual Machine driver for Linux: Intel VMX.
 *
 * This tree carries only the VM-exit path that hands the NMI which caused
 * an exit to the host, bracketed for perf's guest attribution.
 */

#include <linux/kernel.h>
#include <linux/kvm_host.h>
#include <asm/vmx.h>

#include "x86.h"

struct vcpu_vmx {
	struct kvm_vcpu	vcpu;
	u32		exit_reason;
	u32		exit_intr_info;
};

static inline struct vcpu_vmx *to_vmx(struct kvm_vcpu *vcpu)
{
	return container_of(vcpu, struct vcpu_vmx, vcpu);
}

/*
 * In vmenter.S: invoke the host NMI handler through a frame that looks like
 * an NMI, on this CPU, with NMIs still blocked by the VM exit.  The handler's
 * IRET unblocks NMIs.
 */
void vmx_do_nmi_irqoff(void);

static inline bool is_nmi(u32 intr_info)
{
	return (intr_info & (INTR_INFO_INTR_TYPE_MASK | INTR_INFO_VALID_MASK)) ==
	       (INTR_TYPE_NMI_INTR | INTR_INFO_VALID_MASK);
}

static void handle_exception_nmi_irqoff(struct vcpu_vmx *vmx)
{
	/*
	 * The NMI hit the guest and caused this exit instead of being
	 * delivered.  Re-raise it for the host; perf attributes the samples
	 * it takes to the guest.
	 */
	if (is_nmi(vmx->exit_intr_info)) {
		kvm_before_handle_nmi(&vmx->vcpu);
		vmx_do_nmi_irqoff();
		kvm_after_handle_nmi(&vmx->vcpu);
	}
}

static void vmx_handle_exit_irqoff(struct kvm_vcpu *vcpu)
{
	struct vcpu_vmx *vmx = to_vmx(vcpu);

	if (vmx->exit_reason == EXIT_REASON_EXCEPTION_NMI)
		handle_exception_nmi_irqoff(vmx);
}
