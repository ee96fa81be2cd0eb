#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetches the Debian 6.12 kernel (bookworm-backports) that the kvm-e2e
# tests boot, and keeps it extracted in a cache outside the work tree.
# Bookworm's own 6.1 mislabels guest user/kernel samples, so backports it
# is.  Once cached, it does not touch the network again.
#
#   fetch-kernel.sh [--refresh]
#
# --refresh looks for a newer 6.12 even when one is cached.
#
# Prints, as shell assignments for eval:
#   E2E_KERNEL_DIR   the extracted package (the cache entry)
#   E2E_VMLINUZ      its kernel image
#   E2E_VMLINUX      the same, uncompressed, or empty if it could not be
#                    unpacked (zstd missing, no PVH entry point)
#   E2E_MODULES      its /lib/modules/VERSION
#
# Environment: E2E_CACHE, else $XDG_CACHE_HOME/perf-kvm-e2e, else
# ~/.cache/perf-kvm-e2e.  E2E_KERNEL=series gives instead the kernel of
# this project's series (series/, built and cached by scripts/kernel.sh),
# in the same variables: the tests boot it as L1 and as the L2 guests.

set -eu

CACHE=${E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/perf-kvm-e2e}
APTDIR=$CACHE/apt
PATTERN='^linux-image-6\.12\.[^-]*-amd64-unsigned$'

die() {
	echo "fetch-kernel: $*" >&2
	exit 1
}

say() {
	echo "fetch-kernel: $*" >&2
}

# The machine's own mirror, but the backports suite, in a sources file
# of our own: the system's apt configuration and lists stay untouched.
# Only the main archive's stanza is kept (security has no backports).
make_sources() {
	local codename out=$APTDIR/backports.sources

	codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
	[ -n "$codename" ] || die "no VERSION_CODENAME in /etc/os-release"

	if [ -f /etc/apt/sources.list.d/debian.sources ]; then
		awk -v rs="$codename" '
			BEGIN { RS = ""; ORS = "\n\n" }
			{
				n = split($0, line, "\n"); keep = 0; text = ""
				for (i = 1; i <= n; i++) {
					if (line[i] ~ /^Suites:/) {
						m = split(line[i], w, /[ \t]+/)
						for (j = 2; j <= m; j++)
							if (w[j] == rs)
								keep = 1
						line[i] = "Suites: " rs "-backports"
					}
					# Binary packages are all we want.
					if (line[i] ~ /^Types:/)
						line[i] = "Types: deb"
					text = text line[i] "\n"
				}
				if (keep)
					print text
			}' /etc/apt/sources.list.d/debian.sources >"$out"
	elif [ -f /etc/apt/sources.list ]; then
		say "no /etc/apt/sources.list.d/debian.sources: using /etc/apt/sources.list"
		out=$APTDIR/backports.list
		awk -v rs="$codename" '
			$1 == "deb" {
				for (i = 2; i <= NF; i++)
					if ($i == rs) {
						$i = rs "-backports"
						print
						next
					}
			}' /etc/apt/sources.list >"$out"
	else
		die "no apt sources found"
	fi
	[ -s "$out" ] || die "no $codename entry in the apt sources"
	echo "$out"
}

# apt-get/apt-cache with private sources, lists and cache.
papt() {
	local tool=$1
	shift
	"$tool" -o Dir::Etc::sourcelist="$SOURCES" \
		-o Dir::Etc::sourceparts=- \
		-o Dir::State::Lists="$APTDIR/lists" \
		-o Dir::Cache="$APTDIR/cache" \
		-o APT::Sandbox::User="$(id -un)" \
		"$@"
}

# Booting the bare ELF through its PVH entry skips the decompressor,
# which under TCG takes a good part of each boot.  Best effort: vm.sh
# falls back to the vmlinuz.
unpack_vmlinux() {
	local dir=$1 vmlinuz=$2 off tmp

	[ -f "$dir/vmlinux" ] || [ -f "$dir/vmlinux.none" ] && return
	command -v zstd >/dev/null && command -v readelf >/dev/null || return
	off=$(grep -abo -m 1 $'\x28\xb5\x2f\xfd' "$vmlinuz" | head -n 1 | cut -d: -f1)
	# Another vm.sh may be at it too: only whole files get renamed in.
	tmp=$(mktemp "$dir/vmlinux.XXXXXX")
	# zstd fails on what follows the payload in a bzImage: the ELF
	# checks below are what count.
	[ -n "$off" ] && tail -c +$((off + 1)) "$vmlinuz" | zstd -dcq >"$tmp" 2>/dev/null
	if readelf -n "$tmp" 2>/dev/null | grep -q 'Xen.*(0x00000012)'; then
		mv "$tmp" "$dir/vmlinux"
	else
		say "no PVH-bootable vmlinux in $vmlinuz; vm.sh boots the vmlinuz"
		rm -f "$tmp"
		: >"$dir/vmlinux.none"
	fi
}

print_entry() {
	local dir=$1 vmlinuz moddir vmlinux=

	vmlinuz=$(ls "$dir"/boot/vmlinuz-* 2>/dev/null | head -n 1)
	moddir=$(ls -d "$dir"/lib/modules/* 2>/dev/null | head -n 1)
	[ -f "$vmlinuz" ] && [ -d "$moddir" ] || return 1
	unpack_vmlinux "$dir" "$vmlinuz"
	[ -f "$dir/vmlinux" ] && vmlinux=$dir/vmlinux
	printf 'E2E_KERNEL_DIR=%q\n' "$dir"
	printf 'E2E_VMLINUZ=%q\n' "$vmlinuz"
	printf 'E2E_VMLINUX=%q\n' "$vmlinux"
	printf 'E2E_MODULES=%q\n' "$moddir"
}

fetch() {
	local pkg deb tmp

	mkdir -p "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial"
	SOURCES=$(make_sources)
	say "updating the private backports lists in $APTDIR"
	papt apt-get update -qq >&2 || die "apt-get update failed"

	pkg=$(papt apt-cache pkgnames linux-image-6.12 | grep -E "$PATTERN" |
		sort -V | tail -n 1)
	[ -n "$pkg" ] || die "no linux-image-6.12.*-amd64-unsigned in backports"

	if [ -d "$CACHE/$pkg" ]; then
		say "$pkg is already cached"
	else
		tmp=$(mktemp -d "$CACHE/dl.XXXXXX")
		say "downloading $pkg"
		(cd "$tmp" && papt apt-get download -qq "$pkg" >&2) ||
			die "apt-get download $pkg failed"
		deb=$(ls "$tmp"/*.deb)
		mkdir "$tmp/root"
		dpkg-deb -x "$deb" "$tmp/root"
		mv "$tmp/root" "$CACHE/$pkg"
		rm -rf "$tmp"
	fi
	ln -sfn "$pkg" "$CACHE/current"
}

# The series kernel: built once per base, series and configuration.
print_series() {
	local out

	out=$("$(dirname "$0")/../../../scripts/kernel.sh") || exit 1
	eval "$out"
	printf 'E2E_KERNEL_DIR=%q\n' "$KERNEL_DIR"
	printf 'E2E_VMLINUZ=%q\n' "$KERNEL_BZIMAGE"
	printf 'E2E_VMLINUX=%q\n' "$KERNEL_VMLINUX"
	printf 'E2E_MODULES=%q\n' "$KERNEL_MODULES"
}

main() {
	local refresh=0

	if [ "${E2E_KERNEL:-debian}" = series ]; then
		print_series
		return
	fi

	case ${1-} in
	--refresh) refresh=1 ;;
	"") ;;
	*) die "usage: fetch-kernel.sh [--refresh]" ;;
	esac

	mkdir -p "$CACHE"
	if [ $refresh = 1 ] || ! print_entry "$CACHE/current" >/dev/null; then
		fetch
	fi
	print_entry "$(cd "$CACHE/current" && pwd -P)" ||
		die "cache entry $CACHE/current is incomplete"
}

main "$@"
