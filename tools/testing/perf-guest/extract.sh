#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# extract.sh DIR PATCH...: the new files of the kernel series, as the
# patches make them, into DIR.
#
# Each patch is applied in order with git apply, restricted to the files
# below, into an empty directory, so that DIR holds exactly what the
# series' patches create and change there and nothing of ours.  Git must
# not find the project's repository from there (git apply would then
# apply relative to its top), hence GIT_CEILING_DIRECTORIES.  A file
# whose content did not change keeps its timestamp, so that make
# rebuilds only what a patch changed.

set -eu

FILES="kernel/events/guest.c arch/x86/events/guest.c arch/x86/kvm/perf_stack.c"

dir=$1
shift
[ $# -gt 0 ] || { echo "extract.sh: no patches" >&2; exit 1; }

mkdir -p "$dir"
abs=$(cd "$dir" && pwd)
tmp=$abs/.tmp
rm -rf "$tmp"
mkdir "$tmp"

includes=
for f in $FILES; do
	includes="$includes --include=$f"
done

for p in "$@"; do
	case $p in
	/*) ;;
	*) p=$(pwd)/$p ;;
	esac
	# shellcheck disable=SC2086
	GIT_CEILING_DIRECTORIES=$abs git -C "$tmp" apply --whitespace=nowarn \
		$includes "$p" ||
		{ echo "extract.sh: $p does not apply to the files of the patches before it" >&2; exit 1; }
done

for f in $FILES; do
	if [ ! -s "$tmp/$f" ]; then
		echo "extract.sh: the series does not create $f" >&2
		exit 1
	fi
	mkdir -p "$abs/$(dirname "$f")"
	cmp -s "$tmp/$f" "$abs/$f" || cp "$tmp/$f" "$abs/$f"
done
rm -rf "$tmp"
