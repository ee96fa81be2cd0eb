/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest of kvm-guest-runner: a "kernel" that spins in three functions,
 * a "module" function and a "user" loop, one pass after another, with
 * loop counts the runner sets (layout.h: E2E_PARAMS_PA).
 *
 * Every spinning function has the same loop, so its share of the guest's
 * time is its loop count's share.  Under TCG an interrupt is taken only
 * between translated blocks, so samples land on each loop's head: each
 * function needs a loop of its own, inside its own symbol.
 *
 * No IDT: any exception triple-faults, which the runner reports.
 */
#include "layout.h"

#define PARAM(fn)	(E2E_PARAMS_PA + (fn) * 8)

	/*
	 * rdi = loop count, at least 1.  The loop's time goes mostly to
	 * TCG's division helper, one piece of host code for every loop:
	 * a bare dec/jnz loop ran up to 25% faster or slower depending on
	 * where its translation happened to land in host memory.
	 */
	.macro spin_loop
	mov	%rdi, %rcx
	mov	$3, %esi
1:
	.rept	3
	mov	%rcx, %rax
	xor	%edx, %edx
	div	%rsi
	.endr
	dec	%rcx
	jnz	1b
	.endm

	/*
	 * Each function keeps a frame, as a kernel built with frame pointers
	 * does: the host walks them for the guest's call chains.
	 */
	.macro spin_fn name
	.globl	\name
	.type	\name, @function
	.p2align 4
\name:
	push	%rbp
	mov	%rsp, %rbp
	spin_loop
	pop	%rbp
	ret
	.size	\name, . - \name
	.endm

	/* rdi = half of e2e_kernel_c's loop count, rounded up. */
	.macro half_c
	mov	PARAM(E2E_FN_KERNEL_C), %rdi
	shr	$1, %rdi
	adc	$0, %rdi
	.endm

	.section .ktext, "ax"

	/* The runner starts the vCPU here, at CPL0 in long mode. */
	.globl	e2e_kernel_entry
	.type	e2e_kernel_entry, @function
e2e_kernel_entry:
	mov	$E2E_KSTACK_VA_TOP, %rsp
	jmp	3f
	.size	e2e_kernel_entry, . - e2e_kernel_entry

	/*
	 * MSR_LSTAR: the user loop ends each pass with SYSCALL, which does not
	 * switch stacks; nothing else runs in the guest, so a fixed one does.
	 */
	.globl	e2e_syscall_entry
	.type	e2e_syscall_entry, @function
	.p2align 4
e2e_syscall_entry:
	mov	$E2E_KSTACK_VA_TOP, %rsp
	out	%al, $E2E_PORT_PASS
	cmpq	$0, E2E_PARAMS_PA + E2E_PARAM_STOP
	jne	2f
3:
	/*
	 * The call paths, each frame's caller next: e2e_kernel_a, b and the
	 * module's function from here; e2e_kernel_c half from here and half
	 * from e2e_kernel_b.  No frame above this one: RBP 0 ends the chain.
	 */
	xor	%ebp, %ebp
	mov	PARAM(E2E_FN_KERNEL_A), %rdi
	call	e2e_kernel_a
	mov	PARAM(E2E_FN_KERNEL_B), %rdi
	call	e2e_kernel_b
	half_c
	call	e2e_kernel_c
	mov	PARAM(E2E_FN_MOD), %rdi
	call	e2e_mod_fn
	mov	PARAM(E2E_FN_USER), %rdi
	/* SYSRET: rip from rcx, rflags from r11, and rsp left to us. */
	mov	$E2E_USTACK_TOP, %esp
	mov	$e2e_user_loop, %ecx
	mov	$0x2, %r11d
	sysretq
	/* The runner asked us to stop: HLT exits, having no irqchip. */
2:	hlt
	jmp	2b
	.size	e2e_syscall_entry, . - e2e_syscall_entry

	/*
	 * kvm-guest-runner -x: a known number of exits for perf kvm stat,
	 * E2E_PARAM_STAT_OUTS port writes and E2E_PARAM_STAT_HLTS halts,
	 * then a write to E2E_PORT_DONE, after which the runner stops: that
	 * exit no entry closes.  RCX lives across the exits.
	 */
	.globl	e2e_stat_entry
	.type	e2e_stat_entry, @function
	.p2align 4
e2e_stat_entry:
	mov	$E2E_KSTACK_VA_TOP, %rsp
	mov	E2E_PARAMS_PA + E2E_PARAM_STAT_OUTS, %rcx
1:	test	%rcx, %rcx
	jz	2f
	out	%al, $E2E_PORT_STAT
	dec	%rcx
	jmp	1b
2:	mov	E2E_PARAMS_PA + E2E_PARAM_STAT_HLTS, %rcx
3:	test	%rcx, %rcx
	jz	4f
	hlt
	dec	%rcx
	jmp	3b
4:	out	%al, $E2E_PORT_DONE
	jmp	4b
	.size	e2e_stat_entry, . - e2e_stat_entry

	spin_fn	e2e_kernel_a
	spin_fn	e2e_kernel_c

	/* e2e_kernel_b spins, then calls e2e_kernel_c for the other half. */
	.globl	e2e_kernel_b
	.type	e2e_kernel_b, @function
	.p2align 4
e2e_kernel_b:
	push	%rbp
	mov	%rsp, %rbp
	spin_loop
	half_c
	call	e2e_kernel_c
	pop	%rbp
	ret
	.size	e2e_kernel_b, . - e2e_kernel_b

	.section .mtext, "ax"
	spin_fn	e2e_mod_fn

	.section .utext, "ax"
	.globl	e2e_user_loop
	.type	e2e_user_loop, @function
e2e_user_loop:
	spin_loop
	syscall
	.size	e2e_user_loop, . - e2e_user_loop

	.section .note.GNU-stack, "", @progbits
