// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel-based Virtual Machine driver for Linux: AMD SVM.
 *
 * This tree carries only the end of the world switch, where GIF is set
 * again and the NMI which caused an exit reaches the host, bracketed for
 * perf's guest attribution.
 */

#include <linux/kernel.h>
#include <linux/kvm_host.h>
#include <asm/svm.h>

#include "svm_ops.h"
#include "x86.h"

struct vcpu_svm {
	struct kvm_vcpu	vcpu;
	struct vmcb	*vmcb;
};

static inline struct vcpu_svm *to_svm(struct kvm_vcpu *vcpu)
{
	return container_of(vcpu, struct vcpu_svm, vcpu);
}

/*
 * Called after #VMEXIT with GIF still clear, so host NMIs are held pending.
 * An NMI that hit the guest caused the exit and stays pending; it is taken
 * at STGI, and perf attributes the samples it takes to the guest.
 */
static void svm_vcpu_run_set_gif(struct kvm_vcpu *vcpu)
{
	struct vcpu_svm *svm = to_svm(vcpu);
	bool nmi_exit = svm->vmcb->control.exit_code == SVM_EXIT_NMI;

	if (unlikely(nmi_exit))
		kvm_before_handle_nmi(vcpu);

	stgi();

	if (unlikely(nmi_exit))
		kvm_after_handle_nmi(vcpu);
}
