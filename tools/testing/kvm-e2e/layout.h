/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest memory layout of kvm-guest-runner, shared by guest.S, guest.lds.S
 * and kvm-guest-runner.c.  Only #defines: the assembler and the linker
 * script include it too, so no C and no integer suffixes.
 *
 * Guest physical memory is four 2 MiB pages, each mapped once by a 2 MiB
 * page-table entry:
 *
 *   page 0  0x000000  GDT, TSS, page tables, parameters, kernel stack,
 *                     also at 0xffffffff80000000 (the stack's address)
 *   page 1  0x200000  guest "kernel" text, also at 0xffffffff81000000
 *   page 2  0x400000  guest "user" text and stack (the only U/S page)
 *   page 3  0x600000  guest "module" text, also at 0xffffffffc0000000
 *
 * All four are identity mapped too; only page 2 is reachable from CPL3.
 */
#ifndef E2E_LAYOUT_H
#define E2E_LAYOUT_H

#define E2E_PAGE_2M		0x200000
#define E2E_MEM_SIZE		0x800000

#define E2E_GDT_PA		0x1000
#define E2E_TSS_PA		0x2000
#define E2E_PML4_PA		0x3000
#define E2E_PDPT_LO_PA		0x4000	/* VA 0 - 1 GiB */
#define E2E_PD_LO_PA		0x5000
#define E2E_PDPT_HI_PA		0x6000	/* VA -512 GiB - top */
#define E2E_PD_KERN_PA		0x7000	/* VA 0xffffffff80000000 - 1 GiB */
#define E2E_PD_MOD_PA		0x8000	/* VA 0xffffffffc0000000 - 1 GiB */
#define E2E_PARAMS_PA		0x9000	/* struct e2e_params, see below */
#define E2E_KSTACK_TOP		0x200000
/*
 * Page 0 is mapped up high too, for the kernel stack: a guest kernel's
 * frames lie in the upper half, where perf's guest stack walk looks.
 */
#define E2E_KSTACK_VA		0xffffffff80000000
#define E2E_KSTACK_VA_TOP	0xffffffff80200000

#define E2E_KERN_VA		0xffffffff81000000
#define E2E_KERN_PA		0x200000
#define E2E_USER_VA		0x400000
#define E2E_USER_PA		0x400000
#define E2E_USTACK_TOP		0x600000
#define E2E_MOD_VA		0xffffffffc0000000
#define E2E_MOD_PA		0x600000
#define E2E_MOD_SIZE		0x1000	/* as /proc/modules tells it */

/*
 * Parameters the runner writes and the guest reads: one loop count per
 * spinning function, in the order below, then a stop flag.
 */
#define E2E_FN_KERNEL_A		0
#define E2E_FN_KERNEL_B		1
#define E2E_FN_KERNEL_C		2
#define E2E_FN_MOD		3
#define E2E_FN_USER		4
#define E2E_NR_FN		5
#define E2E_PARAM_STOP		(E2E_NR_FN * 8)
/* The exit counts of kvm-guest-runner -x: OUTs to E2E_PORT_STAT, then HLTs. */
#define E2E_PARAM_STAT_OUTS	(E2E_PARAM_STOP + 8)
#define E2E_PARAM_STAT_HLTS	(E2E_PARAM_STOP + 16)

/* The guest writes here once per pass over all functions. */
#define E2E_PORT_PASS		0xe2
/* -x: each counted port exit, then one on E2E_PORT_DONE that ends the run. */
#define E2E_PORT_STAT		0xe3
#define E2E_PORT_DONE		0xe4

/* GDT selectors; the order is the one SYSCALL/SYSRET dictate. */
#define E2E_SEL_KCODE		0x08
#define E2E_SEL_KDATA		0x10
#define E2E_SEL_UCODE32		0x18
#define E2E_SEL_UDATA		0x20
#define E2E_SEL_UCODE		0x28
#define E2E_SEL_TSS		0x30

#endif /* E2E_LAYOUT_H */
