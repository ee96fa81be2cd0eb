#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make kernel: the kernel series in series/ applied to the base that
# series/BASE pins, configured from tinyconfig and series/kvm-e2e.config,
# built, and kept in a cache entry keyed by all of these, so that a second
# run only prints where it is.
#
#   scripts/kernel.sh [--check]
#
# --check only applies the series to a fresh base and runs the base's
# checkpatch.pl --strict on every patch; nothing is built.
#
# Environment:
#   KERNEL_CACHE     the cache, else $XDG_CACHE_HOME/perf-kvm-kernel, else
#                    ~/.cache/perf-kvm-kernel
#   KERNEL_BASE_DEB  a linux-source-6.12 .deb to use instead of fetching
#                    the pinned one; it must be that very version
#   KERNEL_JOBS      make's -j (nproc)
#
# Prints, as shell assignments for eval:
#   KERNEL_DIR       the cache entry
#   KERNEL_VMLINUX   the ELF image (boots through its PVH entry)
#   KERNEL_BZIMAGE   the bzImage
#   KERNEL_MODULES   its /lib/modules/VERSION
#   KERNEL_RELEASE   its uname -r

set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
SERIES=$here/series
CACHE=${KERNEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/perf-kvm-kernel}
JOBS=${KERNEL_JOBS:-$(nproc)}

die() {
	echo "kernel: $*" >&2
	exit 1
}

say() {
	echo "kernel: $*" >&2
}

base_field() { # name
	awk -v k="$1" '$1 == k { print $2 }' "$SERIES/BASE"
}

PACKAGE=$(base_field package)
VERSION=$(base_field version)
SUBLEVEL=$(base_field sublevel)
SHA256=$(base_field sha256)
[ -n "$PACKAGE" ] && [ -n "$VERSION" ] && [ -n "$SHA256" ] ||
	die "$SERIES/BASE: want package, version, sublevel and sha256 lines"

patches() {
	ls "$SERIES"/[0-9][0-9][0-9][0-9]-*.patch | grep -v '/0000-'
}

# What the image depends on: the base, the patches, the configuration and
# this script.
cache_key() {
	{
		echo "$PACKAGE $VERSION $SHA256"
		cat $(patches) "$SERIES/kvm-e2e.config" "$0"
	} | sha256sum | cut -c1-16
}

# The pinned .deb, fetched once.  apt-get download takes only versions that
# the machine's sources list; Debian's security archive keeps several.
fetch_base() {
	local deb=$CACHE/debs/${PACKAGE}_${VERSION}_all.deb

	if [ -n "${KERNEL_BASE_DEB:-}" ]; then
		deb=$KERNEL_BASE_DEB
		[ -f "$deb" ] || die "KERNEL_BASE_DEB=$deb: no such file"
	elif [ ! -f "$deb" ]; then
		mkdir -p "$CACHE/debs"
		say "fetching $PACKAGE=$VERSION"
		(cd "$CACHE/debs" &&
		 apt-get download -q -o APT::Sandbox::User=root \
			"$PACKAGE=$VERSION" >/dev/null) ||
			die "apt-get download $PACKAGE=$VERSION failed: is it still in the archive (apt-cache policy $PACKAGE)?"
	fi
	check_base "$deb"
	echo "$deb"
}

# A different base must fail here, before any patch touches a tree.
check_base() { # deb
	local got sum

	got="$(dpkg-deb -f "$1" Package) $(dpkg-deb -f "$1" Version)"
	[ "$got" = "$PACKAGE $VERSION" ] ||
		die "$1 is $got; the series applies to $PACKAGE $VERSION (series/BASE)"
	sum=$(sha256sum "$1" | cut -d' ' -f1)
	[ "$sum" = "$SHA256" ] ||
		die "$1: sha256 $sum, series/BASE pins $SHA256"
}

# A fresh tree in $1 with the series applied, or no tree and a message
# naming the patch that failed.
prepare_tree() { # dir deb
	local dir=$1 deb=$2 p top sub

	mkdir -p "$dir"
	dpkg-deb --fsys-tarfile "$deb" |
		tar -xO --wildcards './usr/src/linux-source-*.tar.xz' |
		xz -dc -T0 | tar -x -C "$dir" --strip-components=1
	sub=$(sed -n 's/^SUBLEVEL = //p' "$dir/Makefile")
	[ "$sub" = "$SUBLEVEL" ] ||
		die "$deb holds 6.12.$sub, series/BASE says 6.12.$SUBLEVEL"
	for p in $(patches); do
		if ! top=$(patch -d "$dir" -p1 -N --batch -s <"$p" 2>&1); then
			rm -rf "$dir"
			die "$(basename "$p") does not apply to $PACKAGE $VERSION: $top"
		fi
	done
}

run_checkpatch() { # dir
	local p out rc=0

	for p in $(patches); do
		# Debian's python3 has ply, which the SPDX check needs; another
		# one first in PATH (pyenv) may not.
		out=$(cd "$1" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict -q "$p" 2>&1) ||
			rc=1
		if [ -n "$out" ]; then
			echo "$(basename "$p"):"
			echo "$out"
		else
			echo "$(basename "$p"): clean"
		fi
	done
	return $rc
}

configure() { # src out
	make -s -C "$1" O="$2" tinyconfig >/dev/null
	"$1/scripts/kconfig/merge_config.sh" -m -O "$2" "$2/.config" \
		"$SERIES/kvm-e2e.config" >/dev/null
	make -s -C "$1" O="$2" olddefconfig >/dev/null
	# A symbol that Kconfig dropped (a dependency unmet) must not pass
	# unnoticed.
	grep '^CONFIG_' "$SERIES/kvm-e2e.config" | while read -r want; do
		grep -qx "$want" "$2/.config" ||
			die "kvm-e2e.config: $want did not take: $(grep "^${want%%=*}=" "$2/.config" || echo unset)"
	done
}

# The objects of the C files the series adds or changes, built again with
# W=1: none may warn.
check_w1() { # src out
	local objs

	objs=$(cat $(patches) | sed -n 's|^+++ b/\(.*\)\.c$|\1.o|p' | sort -u |
	       sed 's|^virt/kvm/|arch/x86/kvm/../../../virt/kvm/|')
	# shellcheck disable=SC2086
	if make -C "$1" O="$2" W=1 $objs >"$2/w1.log" 2>&1; then
		! grep -E 'warning:|error:' "$2/w1.log" ||
			die "W=1 warnings in the series' files (see $2/w1.log)"
	else
		die "W=1 build of $objs failed (see $2/w1.log)"
	fi
}

build() { # dir
	local dir=$1 src=$1/src out=$1/build start=$SECONDS

	configure "$src" "$out"
	say "building $(basename "$(dirname "$dir")")/$(basename "$dir") with $JOBS jobs (about 6 minutes on 2 cores)"
	make -s -C "$src" O="$out" -j"$JOBS" bzImage modules >"$dir/build.log" 2>&1 ||
		die "build failed: $(grep -m3 -E 'error|Error' "$dir/build.log" | tr '\n' ' ') (see $dir/build.log)"
	check_w1 "$src" "$out"
	make -s -C "$src" O="$out" INSTALL_MOD_PATH="$dir/root" modules_install >/dev/null
	# It points into the build tree, which is not kept.
	rm -f "$dir/root/lib/modules/$(cat "$out/include/config/kernel.release")/build"
	cp "$out/vmlinux" "$out/arch/x86/boot/bzImage" "$out/System.map" "$out/.config" "$dir/"
	cat "$out/include/config/kernel.release" >"$dir/release"
	say "built in $((SECONDS - start)) s"
}

# The scratch directory, removed on exit: global, for the EXIT trap runs
# after main has returned.
tmp=

main() {
	local key entry deb

	mkdir -p "$CACHE"
	if [ "${1:-}" = --check ]; then
		deb=$(fetch_base)
		tmp=$(mktemp -d "$CACHE/check.XXXXXX")
		trap 'rm -rf "${tmp:-}"' EXIT
		prepare_tree "$tmp/src" "$deb"
		say "the series applies to $PACKAGE $VERSION"
		run_checkpatch "$tmp/src"
		return
	fi

	key=$(cache_key)
	entry=$CACHE/$key
	if [ ! -f "$entry/release" ]; then
		deb=$(fetch_base)
		tmp=$(mktemp -d "$CACHE/tmp.XXXXXX")
		trap 'rm -rf "${tmp:-}"' EXIT
		prepare_tree "$tmp/src" "$deb"
		build "$tmp"
		# The sources and objects stay out of the cache: 2 GB.
		rm -rf "$tmp/src" "$tmp/build"
		rm -rf "$entry"
		mv "$tmp" "$entry"
		trap - EXIT
	fi
	echo "KERNEL_DIR=$entry"
	echo "KERNEL_VMLINUX=$entry/vmlinux"
	echo "KERNEL_BZIMAGE=$entry/bzImage"
	echo "KERNEL_RELEASE=$(cat "$entry/release")"
	echo "KERNEL_MODULES=$entry/root/lib/modules/$(cat "$entry/release")"
}

main "$@"
