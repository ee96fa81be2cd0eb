#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Installs the Debian packages that building, testing and benchmarking
# need, if any is missing.  Safe to run again: it does nothing when all
# are there.  Used by 'make', 'make check' and 'make run'.

set -u

packages=(
	gcc make pkg-config binutils	# the build; readelf for the tests
	g++				# libstdc++ (demangling), the C++ test workload
	libelf-dev libdw-dev		# ELF, build-ids, debuginfo
	libzstd-dev			# perf record -z and its files
	libtraceevent-dev		# tracepoint formats (perf kvm stat)
	zlib1g-dev liblzma-dev		# compressed kernel modules (.ko.gz, .ko.xz)
	libslang2-dev libnewt-dev	# the TUI
	linux-perf			# Linux perf 6.1, the reference peer in tests
	clang libfuzzer-14-dev		# make fuzz and its part of make check
	tmux				# drives the TUI in tests
	strace				# the attr perf top opens, in record-callgraph.sh
	chromium fonts-dejavu-core	# the flame graph tests: headless chromium, a monospace font
	time				# peak RSS in make bench
	qemu-system-x86 busybox-static	# tools/testing/kvm-e2e: the VM and its userland
	cpio xz-utils zstd		# its initramfs, modules and kernel image
	flex bison bc libssl-dev kmod	# make kernel: the series built on linux-source-6.12
	python3-ply			# checkpatch.pl's SPDX check
	patch git			# make kernel applies the series; the harness extracts its files
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages: ${missing[*]}" >&2
	echo "install-deps: run as root, or: sudo apt-get install -y ${missing[*]}" >&2
	exit 1
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 &&
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
