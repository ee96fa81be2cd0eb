// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel-based Virtual Machine driver for Linux: x86 guest information
 * for perf.
 *
 * perf asks, from its NMI handler, whether the NMI interrupted a guest.
 * The answer is yes for exactly one NMI per VM exit: the NMI that caused
 * the exit, which the vendor module hands to the host NMI handler between
 * kvm_before_handle_nmi() and kvm_after_handle_nmi().  Any other NMI,
 * wherever it lands in KVM, interrupted host code.
 *
 * This file carries only the parts that the guest-sampling patch set adds
 * or touches.
 */

#include <linux/errno.h>
#include <linux/export.h>
#include <linux/hardirq.h>
#include <linux/kernel.h>
#include <linux/kvm_host.h>
#include <linux/percpu.h>
#include <linux/perf_event.h>
#include <linux/string.h>
#include <asm/hardirq.h>

#include "kvm_cache_regs.h"
#include "x86.h"

struct kvm_x86_ops kvm_x86_ops __read_mostly;
EXPORT_SYMBOL_GPL(kvm_x86_ops);

/**
 * struct kvm_nmi_exit - the VM exit whose NMI this CPU is handling
 * @vcpu: the vCPU that exited; NULL outside kvm_before_handle_nmi() and
 *	kvm_after_handle_nmi()
 * @nmi_seq: the value of this CPU's irq_stat.__nmi_count while the NMI
 *	that caused the exit is being handled
 */
struct kvm_nmi_exit {
	struct kvm_vcpu	*vcpu;
	unsigned int	nmi_seq;
};

static DEFINE_PER_CPU(struct kvm_nmi_exit, kvm_nmi_exit);

/**
 * kvm_before_handle_nmi - open the window for the NMI that caused a VM exit
 * @vcpu: the vCPU whose exit was caused by an NMI
 *
 * Call with NMIs still blocked by the exit (VMX: the blocking that follows
 * an NMI-induced VM exit; SVM: GIF clear), immediately before handing the
 * NMI to the host.  The next NMI that this CPU takes is then the one that
 * caused the exit, and samples it takes are attributed to @vcpu's guest.
 *
 * Context: NMIs blocked.
 */
void kvm_before_handle_nmi(struct kvm_vcpu *vcpu)
{
	__this_cpu_write(kvm_nmi_exit.nmi_seq,
			 __this_cpu_read(irq_stat.__nmi_count) + 1);
	/* The sequence must be in place before the window opens. */
	barrier();
	__this_cpu_write(kvm_nmi_exit.vcpu, vcpu);
}
EXPORT_SYMBOL_GPL(kvm_before_handle_nmi);

/**
 * kvm_after_handle_nmi - close the window opened by kvm_before_handle_nmi()
 * @vcpu: the vCPU passed to kvm_before_handle_nmi()
 *
 * Context: Interrupts disabled.
 */
void kvm_after_handle_nmi(struct kvm_vcpu *vcpu)
{
	WARN_ON_ONCE(__this_cpu_read(kvm_nmi_exit.vcpu) != vcpu);
	__this_cpu_write(kvm_nmi_exit.vcpu, NULL);
}
EXPORT_SYMBOL_GPL(kvm_after_handle_nmi);

/*
 * The vCPU to attribute the current NMI to, or NULL.  Once the NMI that
 * caused the exit has returned, NMIs are unblocked while the window is
 * still open; an NMI taken then has a later sequence number and belongs to
 * the host.
 */
static struct kvm_vcpu *kvm_nmi_exit_vcpu(void)
{
	struct kvm_vcpu *vcpu = __this_cpu_read(kvm_nmi_exit.vcpu);

	if (!vcpu || !in_nmi())
		return NULL;

	if (__this_cpu_read(irq_stat.__nmi_count) !=
	    __this_cpu_read(kvm_nmi_exit.nmi_seq))
		return NULL;

	return vcpu;
}

static int kvm_is_in_guest(void)
{
	return kvm_nmi_exit_vcpu() != NULL;
}

static int kvm_is_user_mode(void)
{
	struct kvm_vcpu *vcpu = kvm_nmi_exit_vcpu();

	/*
	 * Ask for the CPL in the guest state that this exit saved.  Do not
	 * use vcpu->arch.preempted_in_kernel: it describes the last time the
	 * vCPU task was scheduled out, not this exit.
	 */
	return vcpu && kvm_x86_ops.get_cpl(vcpu) != 0;
}

static unsigned long kvm_get_guest_ip(void)
{
	struct kvm_vcpu *vcpu = kvm_nmi_exit_vcpu();

	return vcpu ? kvm_rip_read(vcpu) : 0;
}

static struct perf_guest_info_callbacks kvm_guest_cbs = {
	.is_in_guest	= kvm_is_in_guest,
	.is_user_mode	= kvm_is_user_mode,
	.get_guest_ip	= kvm_get_guest_ip,
};

static bool kvm_guest_cbs_registered;

/**
 * kvm_x86_vendor_init - install the vendor module's operations
 * @ops: the operations of kvm-intel or kvm-amd
 *
 * Also registers KVM's guest info callbacks with perf.  If another user
 * holds them, KVM still loads, and perf attributes guest samples to the
 * host.
 *
 * Context: Process context, at vendor module load.
 * Return: 0 on success, -EEXIST if a vendor module is already loaded.
 */
int kvm_x86_vendor_init(const struct kvm_x86_ops *ops)
{
	int r;

	if (kvm_x86_ops.get_cpl) {
		pr_err("kvm: already loaded vendor module '%s'\n",
		       kvm_x86_ops.name);
		return -EEXIST;
	}

	kvm_x86_ops = *ops;

	r = perf_register_guest_info_callbacks(&kvm_guest_cbs);
	if (r)
		pr_warn("kvm: perf guest info callbacks not registered (%d)\n", r);
	kvm_guest_cbs_registered = !r;

	return 0;
}
EXPORT_SYMBOL_GPL(kvm_x86_vendor_init);

/**
 * kvm_x86_vendor_exit - undo kvm_x86_vendor_init()
 *
 * Context: Process context, at vendor module unload.  Sleeps.
 */
void kvm_x86_vendor_exit(void)
{
	/*
	 * Unregistering waits until no NMI is running the callbacks, which
	 * call through kvm_x86_ops; only then may the operations go away.
	 */
	if (kvm_guest_cbs_registered)
		perf_unregister_guest_info_callbacks(&kvm_guest_cbs);
	kvm_guest_cbs_registered = false;

	memset(&kvm_x86_ops, 0, sizeof(kvm_x86_ops));
}
EXPORT_SYMBOL_GPL(kvm_x86_vendor_exit);
