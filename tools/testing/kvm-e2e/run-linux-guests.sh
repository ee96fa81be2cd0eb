#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs linux-guests.sh in the nested VM: builds the L2 initramfs, then
# one vm.sh boot with qemu in L1 and three CPUs (see linux-guests.sh for
# why), the bare vmlinux for the L2 guests if fetch-kernel unpacked one.
#
#   run-linux-guests.sh [OUTDIR]
#
# OUTDIR defaults to build/e2e/out/linux-guests-KERNEL, KERNEL being
# E2E_KERNEL (debian, or series: see fetch-kernel.sh); the exit status
# is vm.sh's.

set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd -P)

main() {
	local kernel=${E2E_KERNEL:-debian}
	local out=${1:-$REPO/build/e2e/out/linux-guests-$kernel}
	local initrd=$REPO/build/e2e/l2-initrd-$kernel.cpio

	eval "$("$HERE/fetch-kernel.sh")"
	mkdir -p "$(dirname "$initrd")"
	"$HERE/l2-initramfs.sh" "$initrd"
	exec "$HERE/vm.sh" -q -c 3 -t 240 -o "$out" -f "$initrd" \
		-f "${E2E_VMLINUX:-$E2E_VMLINUZ}" "$HERE/linux-guests.sh"
}

main "$@"
