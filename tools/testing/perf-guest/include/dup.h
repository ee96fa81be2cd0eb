/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DUP: definitions that mirror the kernel's, for the series' files.
 *
 * Everything here is an architectural or ABI fact (page-table bits, CR0,
 * CR4 and EFER bits, segment selectors, memslot flags) or a kernel helper
 * whose exact semantics the code under test relies on (offset_in_page(),
 * __is_canonical_address(), struct_size(), the perf_callchain_store*()
 * inlines).  Keep them in sync with linux-source-6.12: a wrong value here
 * would make the tests prove the wrong thing.
 */
#ifndef _PG_DUP_H
#define _PG_DUP_H

#include <limits.h>	/* ULONG_MAX, as <linux/limits.h> has it */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>

/* <asm-generic/int-ll64.h>: u64 is unsigned long long, as __u64 is. */
typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s32 s32;
typedef __s64 s64;

/* <linux/compiler.h>, <linux/compiler_attributes.h> */
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define __weak			__attribute__((__weak__))
/* glibc's <sys/cdefs.h> has the same __always_inline. */
#ifndef __always_inline
#define __always_inline		inline __attribute__((__always_inline__))
#endif
#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val)	(*(volatile __typeof__(x) *)&(x) = (val))

/* <linux/kernel.h>, <linux/minmax.h>, <linux/bits.h> */
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#define min_t(type, x, y) ({			\
	type __x = (x);				\
	type __y = (y);				\
	__x < __y ? __x : __y; })
#define BIT_ULL(nr)		(1ULL << (nr))
#define GENMASK_ULL(h, l) \
	((~0ULL << (l)) & (~0ULL >> (63 - (h))))

/*
 * <linux/overflow.h>: the size of a struct with a flexible array, which
 * saturates at SIZE_MAX instead of wrapping, as the kernel's does.
 */
static inline size_t pg_struct_size(size_t base, size_t elem, size_t n)
{
	size_t bytes;

	if (__builtin_mul_overflow(elem, n, &bytes) ||
	    __builtin_add_overflow(bytes, base, &bytes))
		return SIZE_MAX;
	return bytes;
}

#define struct_size(p, member, count) \
	pg_struct_size(sizeof(*(p)), sizeof(*(p)->member), (count))

/* <asm/page_types.h>, <linux/mm.h> */
#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE - 1))
#define offset_in_page(p)	((unsigned long)(p) & ~PAGE_MASK)

/*
 * <asm/page.h>: sign-extension from bit vaddr_bits - 1.  The kernel
 * shifts the s64 left, which the kernel's -fno-strict-overflow makes well
 * defined; here the left shift is done unsigned, for UBSan, with the same
 * result.
 */
static __always_inline u64 __canonical_address(u64 vaddr, u8 vaddr_bits)
{
	return (s64)(vaddr << (64 - vaddr_bits)) >> (64 - vaddr_bits);
}

static __always_inline u64 __is_canonical_address(u64 vaddr, u8 vaddr_bits)
{
	return __canonical_address(vaddr, vaddr_bits) == vaddr;
}

/* <asm/pgtable_types.h> */
#define _PAGE_PRESENT		(1UL << 0)
#define _PAGE_RW		(1UL << 1)
#define _PAGE_PSE		(1UL << 7)

/* <asm/processor-flags.h>, <asm/msr-index.h> */
#define X86_CR0_PE		(1UL << 0)
#define X86_CR0_PG		(1UL << 31)
#define X86_CR4_PAE		(1UL << 5)
#define X86_CR4_LA57		(1UL << 12)
#define EFER_LME		(1ULL << 8)
#define EFER_LMA		(1ULL << 10)

/* <asm/ptrace.h>: the fields the code under test reads. */
struct pt_regs {
	unsigned long ip;
	unsigned long cs;
	unsigned long flags;
	unsigned long sp;
};

/* <asm/segment.h> (x86_64) */
#define __KERNEL_CS		0x10
#define __USER_CS		0x33

static inline int user_mode(struct pt_regs *regs)
{
	return (regs->cs & 3) == 3;
}

static inline unsigned long instruction_pointer(struct pt_regs *regs)
{
	return regs->ip;
}

/* <asm/perf_event.h> */
#define PERF_EFLAGS_EXACT	(1UL << 3)

/* <linux/perf_event.h>: what perf_guest_state() returns. */
#define PERF_GUEST_ACTIVE	0x01
#define PERF_GUEST_USER		0x02

/* <linux/kvm_types.h>, <linux/kvm_host.h> */
typedef u64 gpa_t;
typedef u64 gfn_t;

static inline gfn_t gpa_to_gfn(gpa_t gpa)
{
	return (gfn_t)(gpa >> PAGE_SHIFT);
}

#define KVM_MEM_GUEST_MEMFD	(1UL << 2)
#define KVM_MEMSLOT_INVALID	(1UL << 16)

/* <asm/kvm_host.h> */
#define HF_GUEST_MASK		(1 << 0)
#define HF_SMM_MASK		(1 << 1)
#define VCPU_REGS_RBP		5
#define VCPU_REGS_RIP		16
#define NR_VCPU_REGS		17

#endif /* _PG_DUP_H */
