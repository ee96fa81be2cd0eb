#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel series in series/, as a maintainer would take it: it applies
# to its pinned base and to no other, checkpatch.pl --strict of that base
# passes every patch, and it builds (scripts/kernel.sh, cached), W=1 clean
# in the files it touches.  Prints "ok - / not ok -" lines and closes with
# "N passed, N failed, N skipped".

root=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

passed=0 failed=0
ok()   { echo "ok - $*"; passed=$((passed + 1)); }
fail() { echo "not ok - $*"; failed=$((failed + 1)); }

version=$(awk '$1 == "version" { print $2 }' "$root/series/BASE")

# checkpatch per patch: "NAME: clean", or its findings.
if "$root/scripts/kernel.sh" --check >"$T/check.out" 2>"$T/check.err"; then
	ok "the series applies to linux-source-6.12 $version ($(grep -c ': clean$' "$T/check.out") patches)"
else
	fail "the series does not apply, or checkpatch.pl has findings: $(tail -n 3 "$T/check.err" | tr '\n' ' ')"
fi
while read -r line; do
	case $line in
	*.patch:\ clean) ok "checkpatch.pl --strict: ${line%: clean} clean" ;;
	*.patch:) fail "checkpatch.pl --strict: ${line%:}: $(sed -n "/^${line%:}/,/^[0-9]*-.*patch:/p" "$T/check.out" | sed -n 2,4p | tr '\n' ' ')" ;;
	esac
done <"$T/check.out"

# A base of another version: refused before anything is unpacked.
mkdir -p "$T/fake/DEBIAN"
printf 'Package: linux-source-6.12\nVersion: 6.12.1-1\nArchitecture: all\nMaintainer: none <none@localhost>\nDescription: not the base\n' \
	>"$T/fake/DEBIAN/control"
dpkg-deb -b -Zxz "$T/fake" "$T/fake.deb" >/dev/null 2>&1
KERNEL_BASE_DEB=$T/fake.deb "$root/scripts/kernel.sh" --check >/dev/null 2>"$T/fake.err"
rc=$?
if [ $rc -ne 0 ] && grep -q "is linux-source-6.12 6.12.1-1; the series applies to linux-source-6.12 $version" "$T/fake.err"; then
	ok "another base version is refused: $(head -1 "$T/fake.err")"
else
	fail "another base version: exit $rc, '$(head -1 "$T/fake.err")'"
fi

start=$SECONDS
if out=$("$root/scripts/kernel.sh" 2>"$T/build.err"); then
	eval "$out"
	ok "make kernel: $KERNEL_RELEASE in $((SECONDS - start)) s, W=1 clean in the series' files ($KERNEL_DIR)"
	start=$SECONDS
	"$root/scripts/kernel.sh" >/dev/null 2>&1
	if [ $((SECONDS - start)) -le 5 ]; then
		ok "make kernel again: a cache hit ($((SECONDS - start)) s)"
	else
		fail "make kernel again took $((SECONDS - start)) s: the cache missed"
	fi
else
	fail "make kernel: $(tail -3 "$T/build.err" | tr '\n' ' ')"
fi

echo "$passed passed, $failed failed, 0 skipped"
[ "$failed" -eq 0 ]
