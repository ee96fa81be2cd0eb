// SPDX-License-Identifier: GPL-2.0
/*
 * Builds arch/x86/kvm/svm.c as it is, and lets the hardware model fill in
 * the exit code and run the end of the world switch.
 */
#include "../../../arch/x86/kvm/svm.c"

#include <stdlib.h>

#include "harness.h"

struct pg_vcpu_svm {
	struct vcpu_svm	svm;
	struct vmcb	vmcb;
};

struct kvm_vcpu *pg_svm_vcpu_create(int id)
{
	struct pg_vcpu_svm *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->svm.vmcb = &p->vmcb;
	p->svm.vcpu.vcpu_id = id;
	return &p->svm.vcpu;
}

void pg_svm_vcpu_free(struct kvm_vcpu *vcpu)
{
	free(container_of(to_svm(vcpu), struct pg_vcpu_svm, svm));
}

void pg_svm_exit(struct kvm_vcpu *vcpu, bool nmi, u64 rnd)
{
	struct vcpu_svm *svm = to_svm(vcpu);

	if (nmi)
		svm->vmcb->control.exit_code = SVM_EXIT_NMI;
	else
		svm->vmcb->control.exit_code = (rnd & 1) ? SVM_EXIT_INTR :
							   SVM_EXIT_HLT;

	svm_vcpu_run_set_gif(vcpu);
}
