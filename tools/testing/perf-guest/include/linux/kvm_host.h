/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shim for <linux/kvm_host.h> and <asm/kvm_host.h>: what
 * arch/x86/kvm/perf_stack.c uses of them.  CUSTOM unless marked DUP.
 *
 * struct kvm, struct kvm_vcpu and the memslots hold only the fields that
 * perf_stack.c reads.  Not modelled: SRCU and the active/inactive memslot
 * sets (the tests change the one set in place, under slots_lock, which
 * only the writer side reads), address spaces other than 0, the gfn and
 * hva trees, dirty logging and memslot generations, and the vCPU register
 * cache (every register is "available"; see kvm_cache_regs.h).
 */
#ifndef _PG_SHIM_LINUX_KVM_HOST_H
#define _PG_SHIM_LINUX_KVM_HOST_H

#include <linux/types.h>
#include <linux/bug.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include "../stubs.h"

struct kvm_memory_slot {
	gfn_t		base_gfn;
	unsigned long	npages;
	unsigned long	userspace_addr;
	u32		flags;
	short		id;
};

/*
 * The kernel iterates memslots with hash_for_each() over their ids, in an
 * order that has nothing to do with base_gfn.  So does the shim: slot id
 * N sits in bucket (N * 7) % PG_MEMSLOT_BUCKETS, a bijection on ids
 * 0..31, so that ids in gfn order come out scrambled.
 */
#define PG_MEMSLOT_BUCKETS	32
#define PG_MEMSLOT_BUCKET(id)	(((id) * 7) % PG_MEMSLOT_BUCKETS)

struct kvm_memslots {
	struct kvm_memory_slot	*hash[PG_MEMSLOT_BUCKETS];
};

/* Like the kernel's, it skips (and warns about) empty slots. */
#define kvm_for_each_memslot(memslot, bkt, slots)			\
	for ((bkt) = 0; (bkt) < PG_MEMSLOT_BUCKETS; (bkt)++)		\
		if (!((memslot) = (slots)->hash[(bkt)])) {		\
		} else if (WARN_ON_ONCE(!(memslot)->npages)) {		\
		} else

struct kvm_perf_slots;

struct kvm_arch {
	/* The series: asm/kvm_host.h in 0004. */
	struct kvm_perf_slots __rcu *perf_slots;
};

struct kvm {
	struct mutex		slots_lock;
	struct kvm_memslots	*memslots[1];
	struct kvm_arch		arch;
};

/* Address space 0 only; the kernel's lockdep check is a warning here. */
static inline struct kvm_memslots *__kvm_memslots(struct kvm *kvm, int as_id)
{
	WARN_ON(as_id != 0 || !lockdep_is_held(&kvm->slots_lock));
	return kvm->memslots[0];
}

/* DUP */
static inline bool kvm_slot_can_be_private(const struct kvm_memory_slot *slot)
{
	return slot && (slot->flags & KVM_MEM_GUEST_MEMFD);
}

/*
 * The vCPU state that perf_stack.c reads, as the x86 exit left it.  The
 * accessors (kvm_cache_regs.h, x86.h, smm.h) read these fields as the
 * kernel's do once the register cache holds them.
 */
struct kvm_vcpu_arch {
	unsigned long	regs[NR_VCPU_REGS];
	unsigned long	cr0;
	unsigned long	cr3;
	unsigned long	cr4;
	u64		efer;
	u32		hflags;
	u64		reserved_gpa_bits;
	bool		guest_state_protected;
};

struct kvm_vcpu {
	struct kvm		*kvm;
	int			vcpu_id;
	struct kvm_vcpu_arch	arch;
};

/* The series: asm/kvm_host.h in 0004. */
unsigned long kvm_arch_vcpu_get_frame_pointer(struct kvm_vcpu *vcpu);
unsigned int kvm_arch_vcpu_read_virt_nofault(struct kvm_vcpu *vcpu,
					     unsigned long addr, void *buf,
					     unsigned int len);

#endif
