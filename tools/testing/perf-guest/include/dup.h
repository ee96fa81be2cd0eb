/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DUP: definitions that mirror the kernel's, for the code under test.
 *
 * Everything here is either an architectural or ABI fact (VMX exit
 * reasons, SVM exit codes, segment selectors) or a kernel helper whose
 * semantics the code under test relies on.  Keep them in sync with the
 * kernel; a wrong value here would make the tests prove the wrong thing.
 */
#ifndef _PG_DUP_H
#define _PG_DUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;

/* <linux/compiler.h> */
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define barrier()		__asm__ __volatile__("" : : : "memory")
#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val)	(*(volatile __typeof__(x) *)&(x) = (val))

/* <linux/kernel.h>, <linux/container_of.h> */
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

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

/* <asm/nmi.h> */
#define NMI_LOCAL		0
#define NMI_DONE		0
#define NMI_HANDLED		1

/* <asm/vmx.h>: basic exit reasons and VM-exit interruption information. */
#define EXIT_REASON_EXCEPTION_NMI	0
#define EXIT_REASON_EXTERNAL_INTERRUPT	1
#define EXIT_REASON_HLT			12
#define INTR_INFO_VECTOR_MASK		0xff
#define INTR_INFO_INTR_TYPE_MASK	0x700
#define INTR_INFO_VALID_MASK		0x80000000
#define INTR_TYPE_NMI_INTR		(2 << 8)
#define INTR_TYPE_HARD_EXCEPTION	(3 << 8)
#define NMI_VECTOR			2
#define PF_VECTOR			14

/* <asm/svm.h>: exit codes and the part of the VMCB that is read. */
#define SVM_EXIT_INTR			0x060
#define SVM_EXIT_NMI			0x061
#define SVM_EXIT_HLT			0x078

struct vmcb_control_area {
	u64 exit_code;
};

struct vmcb {
	struct vmcb_control_area control;
};

/* <asm/kvm_host.h>: register cache index (x86_64 layout). */
#define VCPU_REGS_RIP			16
#define NR_VCPU_REGS			17

#endif /* _PG_DUP_H */
