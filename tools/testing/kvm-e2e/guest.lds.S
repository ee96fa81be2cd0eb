/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Links guest.S at the guest's virtual addresses; each output section is
 * copied as raw bytes to its physical page (layout.h) by the runner.
 */
#include "layout.h"

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(e2e_kernel_entry)

SECTIONS
{
	. = E2E_USER_VA;
	.user : AT(E2E_USER_PA) { *(.utext) }

	. = E2E_KERN_VA;
	.kernel : AT(E2E_KERN_PA) {
		_text = .;
		_stext = .;
		*(.ktext)
		_etext = .;
	}

	. = E2E_MOD_VA;
	.module : AT(E2E_MOD_PA) { *(.mtext) }

	/DISCARD/ : { *(*) }
}
