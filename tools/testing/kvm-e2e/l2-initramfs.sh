#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds the initramfs of the Linux guests that linux-guests.sh runs
# inside the nested VM (so: guests of a guest, "L2"), for the same Debian
# 6.12 kernel that vm.sh boots.
#
#   l2-initramfs.sh OUT.cpio
#
# Its /init (l2-init.sh) mounts proc/sys/dev, loads virtio_mmio and
# virtio_blk, writes a tar of the running kernel's /proc/kallsyms and
# /proc/modules onto /dev/vda, prints "l2: symbols out" on the console,
# and then runs the workload named by "l2work=" on the kernel command
# line, forever.  Uncompressed, like vm.sh's: inflating costs more than
# reading under emulation.

set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
L2_MODULES="virtio_mmio virtio_blk"

die() {
	echo "l2-initramfs: $*" >&2
	exit 1
}

# Neither module depends on another (checked on 6.12: "depends=" is
# empty), so no dependency walk as in vm.sh.
add_module() {
	local rel

	# Built in, as in the series kernel: nothing to load.
	grep -qE "/$1\.ko$" "$E2E_MODULES/modules.builtin" 2>/dev/null && return
	rel=$(grep -E "/$1\.ko$" "$E2E_MODULES/modules.order" | head -n 1)
	[ -n "$rel" ] || die "module $1 not in $E2E_MODULES"
	if [ -f "$E2E_MODULES/$rel.xz" ]; then
		xz -dc "$E2E_MODULES/$rel.xz" >"$ROOT/lib/modules/$1.ko"
	else
		cp "$E2E_MODULES/$rel" "$ROOT/lib/modules/$1.ko"
	fi
	echo "$1" >>"$ROOT/lib/modules/order"
}

main() {
	local out bb m

	[ $# -eq 1 ] || die "usage: l2-initramfs.sh OUT.cpio"
	out=$(realpath -m "$1")
	eval "$("$HERE/fetch-kernel.sh")"
	bb=$(command -v busybox) || die "no busybox: install busybox-static"
	ldd "$bb" >/dev/null 2>&1 && die "$bb is not static: install busybox-static"

	ROOT=$(mktemp -d)
	trap 'rm -rf "$ROOT"' EXIT
	mkdir -p "$ROOT"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,lib/modules}
	cp -L "$bb" "$ROOT/bin/busybox"
	ln -s busybox "$ROOT/bin/sh"
	: >"$ROOT/lib/modules/order"
	for m in $L2_MODULES; do
		add_module "$m"
	done
	cp "$HERE/l2-init.sh" "$ROOT/init"
	chmod 755 "$ROOT/init"
	(cd "$ROOT" && find . | cpio -o -H newc -R 0:0 --quiet) >"$out"
}

main "$@"
