#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boots the Debian 6.12 kernel under qemu's software emulation (TCG), in
# which it gets a working /dev/kvm (nested SVM emulated by TCG), runs a
# scenario script inside, and brings the files it leaves back.
#
#   vm.sh [-q] [-c CPUS] [-o OUTDIR] [-f FILE]... [-t TIMEOUT_SECS] SCRIPT
#
# In the guest (an uncompressed initramfs, busybox for the userland):
#   /e2e/scenario.sh  SCRIPT, run with sh in /e2e/out, stdin /dev/null
#   /e2e/FILE         each -f FILE (basename), modes kept
#   /usr/bin/perf     our tools/perf/perf, with the libraries ldd names at
#                     their host paths, and the loader
#   /usr/bin/perf-oracle  Linux perf (/usr/bin/perf, or E2E_ORACLE), likewise
#   PATH              /e2e:/usr/bin:/bin:/usr/sbin:/sbin; HOME=/root
#   /dev/kvm          insmod irqbypass, kvm, ccp, kvm_amd (and virtio_blk);
#                     /proc, /sys, /dev (devtmpfs), debugfs, tracefs mounted
#
# -q gives the guest Debian's qemu-system-x86_64 too, to run Linux guests
# of its own: the binary and its libraries at their host paths, and the
# firmware that -M microvm and -M pc load in /usr/share/qemu-e2e (pass it
# with -L).  It adds some 70 MB to the initramfs, hence an option.
#
# -c sets the guest's CPU count (default 2).  More CPUs than the host
# has cores is fine for guests that are idle most of the time.
#
# After the scenario, everything in /e2e/out is copied to OUTDIR, with the
# guest's console (CRs dropped) as OUTDIR/console.log, and vm.sh exits
# with the scenario's exit status: 143 if it ran past its share of the
# timeout.  The way back is a raw disk, /dev/vda in the guest, onto which
# /init writes a tar of "rc" and out/.  If the guest gave back nothing,
# vm.sh exits 125, as it does on its own errors.  A boot that panics,
# never reaches the scenario (under TCG, about 1 in 30 crash early) or
# vanishes during it (qemu exits before the timeout without the
# scenario's end on the console: a triple fault) is retried once; the
# first console is kept as OUTDIR/console.try1.log.
#
# OUTDIR defaults to build/e2e/out/SCRIPTNAME.  Under build/e2e it is
# emptied first; elsewhere it must be empty or not exist.  -t (default
# 120) bounds each boot; the scenario gets that less the boot time and
# 15 s, so that a hung scenario still brings back what it wrote.
#
# Environment: E2E_CACHE (see fetch-kernel.sh), E2E_PERF (another perf
# binary), E2E_ORACLE (another reference perf, default /usr/bin/perf),
# E2E_OUT_MB (room for the results, default 512), E2E_KEEP=1 keeps the
# work directory, E2E_VERBOSE=1 shows the console as it goes.

set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd -P)
E2E_BUILD=$REPO/build/e2e

# Order matters only for dependencies; fetch-kernel's tree has no
# modules.dep, so each module's own "depends=" decides.
GUEST_MODULES="virtio_blk kvm_amd"

die() {
	echo "vm.sh: $*" >&2
	exit 125
}

usage() {
	echo "usage: vm.sh [-q] [-c CPUS] [-o OUTDIR] [-f FILE]... [-t TIMEOUT_SECS] SCRIPT" >&2
	exit 125
}

# The module file of NAME in the kernel tree ("-" and "_" alike).
# modules.order names every module, uncompressed, without a search.
mod_path() {
	local base rel

	base=$(echo "$1" | tr _ -)
	rel=$(grep -E "/($1|$base)\.ko$" "$E2E_MODULES/modules.order" | head -n 1)
	[ -n "$rel" ] || return 0
	if [ -f "$E2E_MODULES/$rel.xz" ]; then
		echo "$E2E_MODULES/$rel.xz"
	elif [ -f "$E2E_MODULES/$rel" ]; then
		echo "$E2E_MODULES/$rel"
	fi
}

# Built into the kernel: nothing to load (the series kernel has virtio).
mod_builtin() {
	local base

	base=$(echo "$1" | tr _ -)
	grep -qE "/($1|$base)\.ko$" "$E2E_MODULES/modules.builtin" 2>/dev/null
}

mod_read() {
	case $1 in
	*.xz) xz -dc "$1" ;;
	*) cat "$1" ;;
	esac
}

# Appends NAME to the load order after what it depends on.
mod_add() {
	local name=$1 path deps dep

	grep -qx "$name" "$ROOT/lib/modules/e2e/order" 2>/dev/null && return
	mod_builtin "$name" && return
	path=$(mod_path "$name")
	[ -n "$path" ] || die "module $name not found in $E2E_MODULES"
	mod_read "$path" >"$ROOT/lib/modules/e2e/$name.ko"
	deps=$(tr '\0' '\n' <"$ROOT/lib/modules/e2e/$name.ko" |
		sed -n 's/^depends=//p' | head -n 1 | tr , ' ')
	for dep in $deps; do
		mod_add "$dep"
	done
	echo "$name" >>"$ROOT/lib/modules/e2e/order"
}

add_modules() {
	local m

	mkdir -p "$ROOT/lib/modules/e2e"
	for m in $GUEST_MODULES; do
		mod_add "$m"
	done
}

# /init makes the applets' symlinks: one ln per applet here costs more.
add_busybox() {
	local bb

	bb=$(command -v busybox) || die "no busybox: install busybox-static"
	# A dynamic busybox would need its libraries in the guest too.
	ldd "$bb" >/dev/null 2>&1 && die "$bb is not static: install busybox-static"
	mkdir -p "$ROOT/bin" "$ROOT/sbin" "$ROOT/usr/bin" "$ROOT/usr/sbin"
	cp -L "$bb" "$ROOT/bin/busybox"
	ln -s busybox "$ROOT/bin/sh"
}

# Every library BINARY needs, and the loader, at its own path, so the
# loader finds them without an ld.so.cache.
add_libs() {
	local lib

	for lib in $(ldd "$1" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }
				    $1 ~ /^\// { print $1 }'); do
		mkdir -p "$ROOT$(dirname "$lib")"
		cp -L "$lib" "$ROOT$lib"
	done
}

add_perf() {
	[ -x "$PERF" ] || die "no $PERF: build it first (make)"
	cp -L "$PERF" "$ROOT/usr/bin/perf"
	add_libs "$PERF"
	# Linux perf, the reference, records in the guest too (perf kvm stat).
	if [ -x "$ORACLE" ]; then
		cp -L "$ORACLE" "$ROOT/usr/bin/perf-oracle"
		add_libs "$ORACLE"
	fi
}

# Only what microvm (qboot) and pc (SeaBIOS) boot a -kernel with: the
# rest of qemu's data would double the size.
QEMU_FW="/usr/share/seabios/bios-256k.bin /usr/share/qemu/qboot.rom
	/usr/share/qemu/linuxboot_dma.bin /usr/share/qemu/linuxboot.bin
	/usr/share/qemu/kvmvapic.bin /usr/share/qemu/pvh.bin"

add_qemu() {
	local qemu fw dir=$ROOT/usr/share/qemu-e2e

	qemu=$(command -v qemu-system-x86_64) || die "no qemu-system-x86_64"
	cp -L "$qemu" "$ROOT/usr/bin/qemu-system-x86_64"
	add_libs "$qemu"
	mkdir -p "$dir"
	for fw in $QEMU_FW; do
		[ -f "$fw" ] || die "no $fw: install qemu-system-data and seabios"
		cp -L "$fw" "$dir/"
	done
	# microvm asks for bios-microvm.bin, which is qboot.
	ln -s qboot.rom "$dir/bios-microvm.bin"
}

add_e2e() {
	local f name

	mkdir -p "$ROOT/e2e/out"
	cp "$SCRIPT" "$ROOT/e2e/scenario.sh"
	chmod 755 "$ROOT/e2e/scenario.sh"
	for f in "${FILES[@]}"; do
		name=$(basename "$f")
		case $name in
		scenario.sh | out | rc) die "-f $f: name reserved in /e2e" ;;
		esac
		cp -RpL "$f" "$ROOT/e2e/$name"
	done
}

build_initramfs() {
	ROOT=$WORK/root
	mkdir -p "$ROOT"/{dev,proc,sys,tmp,root,etc}
	# The kernel's built-in initramfs has a console too; this is for
	# kernels built without one.
	mknod -m 600 "$ROOT/dev/console" c 5 1 2>/dev/null || true
	add_busybox
	add_perf
	if [ "$WITH_QEMU" = 1 ]; then
		add_qemu
	fi
	add_modules
	add_e2e
	cp "$HERE/init.sh" "$ROOT/init"
	chmod 755 "$ROOT/init"
	echo "E2E_TIMEOUT=$TIMEOUT" >"$ROOT/etc/e2e.conf"
	# Uncompressed: inflating it under TCG costs more than reading it.
	(cd "$ROOT" && find . | cpio -o -H newc -R 0:0 --quiet) >"$WORK/initrd.cpio"
}

# One boot.  Leaves the console in $WORK/console.log and what came back
# in $WORK/back.
boot() {
	local log=$WORK/console.log

	rm -rf "$WORK/back" "$WORK/out.img"
	mkdir "$WORK/back"
	truncate -s "${E2E_OUT_MB:-512}M" "$WORK/out.img"
	# The bare vmlinux, if fetch-kernel could unpack it, boots through
	# its PVH entry: no decompressor to run under TCG, and no KASLR.
	set -- timeout -k 5 "$TIMEOUT" qemu-system-x86_64 \
		-accel tcg -cpu max -m 2G -smp "$CPUS" \
		-kernel "${E2E_VMLINUX:-$E2E_VMLINUZ}" -initrd "$WORK/initrd.cpio" \
		-append "console=ttyS0 panic=-1 oops=panic loglevel=5" \
		-drive "file=$WORK/out.img,format=raw,if=virtio" \
		-nic none -nographic -no-reboot
	# The serial line ends lines with CRLF: keep the log greppable.
	if [ "${E2E_VERBOSE:-0}" = 1 ]; then
		"$@" </dev/null 2>&1 | tr -d '\r' | tee "$log" >&2 || true
	else
		"$@" </dev/null 2>&1 | tr -d '\r' >"$log" || true
	fi
	QEMU_RC=${PIPESTATUS[0]}
	tar xf "$WORK/out.img" -C "$WORK/back" 2>/dev/null || true
	[ -f "$WORK/back/rc" ]
}

# TCG boots crash now and then: a panic, a boot that never reached the
# scenario, or a guest gone before its time, is worth one more try.  A
# scenario that merely hung or failed to write its results is not.
crash_reason() {
	if grep -q 'Kernel panic' "$WORK/console.log"; then
		echo "kernel panic"
	elif ! grep -q '^e2e: scenario start' "$WORK/console.log"; then
		echo "the scenario never started"
	elif ! grep -q '^e2e: scenario exit' "$WORK/console.log" &&
	     [ "$QEMU_RC" != 124 ] && [ "$QEMU_RC" != 137 ]; then
		# A triple fault: with -no-reboot, qemu just exits.
		echo "the guest died during the scenario"
	fi
}

crashed() {
	[ -n "$(crash_reason)" ]
}

run() {
	if boot; then
		return
	fi
	if crashed; then
		cp "$WORK/console.log" "$OUTDIR/console.try1.log"
		echo "vm.sh: the guest crashed ($(crash_reason)); retrying once" \
			"(first console: $OUTDIR/console.try1.log)" >&2
		boot && return
	fi
	cp "$WORK/console.log" "$OUTDIR/console.log"
	die "no results came back (console: $OUTDIR/console.log)"
}

prepare_outdir() {
	case $(realpath -m "$OUTDIR")/ in
	"$E2E_BUILD"/?*/)
		rm -rf "$OUTDIR"
		;;
	esac
	if [ -d "$OUTDIR" ] && [ -n "$(ls -A "$OUTDIR")" ]; then
		die "$OUTDIR is not empty"
	fi
	mkdir -p "$OUTDIR"
}

cleanup() {
	if [ "${E2E_KEEP:-0}" = 1 ]; then
		echo "vm.sh: work directory kept: $WORK" >&2
	else
		rm -rf "$WORK"
	fi
}

main() {
	local opt rc f

	OUTDIR=
	TIMEOUT=120
	FILES=()
	WITH_QEMU=0
	CPUS=2
	while getopts qc:o:f:t: opt; do
		case $opt in
		q) WITH_QEMU=1 ;;
		c) CPUS=$OPTARG ;;
		o) OUTDIR=$OPTARG ;;
		f) FILES+=("$OPTARG") ;;
		t) TIMEOUT=$OPTARG ;;
		*) usage ;;
		esac
	done
	shift $((OPTIND - 1))
	[ $# -eq 1 ] || usage
	SCRIPT=$1
	[ -f "$SCRIPT" ] || die "no script $SCRIPT"
	case $TIMEOUT in
	'' | *[!0-9]*) die "-t wants whole seconds" ;;
	esac
	case $CPUS in
	'' | 0 | *[!0-9]*) die "-c wants a CPU count" ;;
	esac
	for f in "${FILES[@]}"; do
		[ -e "$f" ] || die "no file $f"
	done
	: "${OUTDIR:=$E2E_BUILD/out/$(basename "$SCRIPT" .sh)}"
	PERF=${E2E_PERF:-$REPO/tools/perf/perf}
	ORACLE=${E2E_ORACLE:-/usr/bin/perf}

	eval "$("$HERE/fetch-kernel.sh")"
	prepare_outdir
	mkdir -p "$E2E_BUILD"
	WORK=$(mktemp -d "$E2E_BUILD/run.XXXXXX")
	trap cleanup EXIT
	build_initramfs
	run
	cp -a "$WORK/back/out/." "$OUTDIR/"
	cp "$WORK/console.log" "$OUTDIR/console.log"
	rc=$(cat "$WORK/back/rc")
	echo "vm.sh: scenario exit $rc; results in $OUTDIR" >&2
	exit "$rc"
}

main "$@"
