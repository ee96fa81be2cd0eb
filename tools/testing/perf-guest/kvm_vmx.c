// SPDX-License-Identifier: GPL-2.0
/*
 * Builds arch/x86/kvm/vmx.c as it is, and lets the hardware model fill in
 * the exit information and run the exit path.
 */
#include "../../../arch/x86/kvm/vmx.c"

#include <stdlib.h>

#include "harness.h"

struct kvm_vcpu *pg_vmx_vcpu_create(int id)
{
	struct vcpu_vmx *vmx = calloc(1, sizeof(*vmx));

	if (!vmx)
		return NULL;
	vmx->vcpu.vcpu_id = id;
	return &vmx->vcpu;
}

void pg_vmx_vcpu_free(struct kvm_vcpu *vcpu)
{
	free(to_vmx(vcpu));
}

void pg_vmx_exit(struct kvm_vcpu *vcpu, bool nmi, u64 rnd)
{
	struct vcpu_vmx *vmx = to_vmx(vcpu);

	if (nmi) {
		vmx->exit_reason = EXIT_REASON_EXCEPTION_NMI;
		vmx->exit_intr_info = INTR_INFO_VALID_MASK | INTR_TYPE_NMI_INTR |
				      NMI_VECTOR;
	} else {
		switch (rnd % 3) {
		case 0:
			vmx->exit_reason = EXIT_REASON_EXTERNAL_INTERRUPT;
			vmx->exit_intr_info = 0;
			break;
		case 1:
			vmx->exit_reason = EXIT_REASON_HLT;
			vmx->exit_intr_info = 0;
			break;
		default:
			/* Same exit reason as an NMI, but a page fault. */
			vmx->exit_reason = EXIT_REASON_EXCEPTION_NMI;
			vmx->exit_intr_info = INTR_INFO_VALID_MASK |
					      INTR_TYPE_HARD_EXCEPTION |
					      PF_VECTOR;
			break;
		}
	}

	vmx_handle_exit_irqoff(vcpu);
}
