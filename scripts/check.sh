#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs every test suite of the tree and closes with the one line that
# CI reads: "N passed, N failed[, N skipped]".  Arguments: the perf
# build directories to test (plain, then sanitized).
#
# Each suite prints its own result lines and, last, a line
# "N passed, N failed[, N skipped]" that is summed here.

root=$(cd "$(dirname "$0")/.." && pwd)
total_p=0 total_f=0 total_s=0
# CI keeps only the tail of the log: every failure is repeated at the end.
failures=$(mktemp)
trap 'rm -f "$failures"' EXIT

suite() { # name, command...
	local name=$1; shift
	local out; out=$(mktemp)
	echo "### $name"
	"$@" 2>&1 | tee "$out"
	local rc=${PIPESTATUS[0]}
	# Each failure with up to 6 lines of what it printed after it (a diff).
	awk -v name="$name" '/^ *([^ ]+: +)?not ok/ { print name ": " $0; k = 6; next }
		/^ *([^ ]+: +)?(ok|skip) - / || /^(==|###) / { k = 0; next }
		k > 0 { print name ": " $0; k-- }' "$out" >>"$failures"
	local last; last=$(grep -E '^([^ ]+: )?[0-9]+ passed, [0-9]+ failed' "$out" | tail -1 | sed -E 's/^[^ ]+: //')
	rm -f "$out"
	if [ -z "$last" ]; then
		echo "not ok - $name: no result line (exit $rc)" | tee -a "$failures"
		total_f=$((total_f + 1))
		return
	fi
	local p f s
	p=$(echo "$last" | sed -E 's/^([0-9]+) passed.*/\1/')
	f=$(echo "$last" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	s=$(echo "$last" | sed -nE 's/.* ([0-9]+) skipped.*/\1/p')
	total_p=$((total_p + p)) total_f=$((total_f + f)) total_s=$((total_s + ${s:-0}))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $name exited $rc with no failed test" | tee -a "$failures"
		total_f=$((total_f + 1))
	fi
}

suite "tools/perf" "$root/tools/perf/tests/run-tests.sh" "$@"
# Once, not per build: it builds its own target (clang, libFuzzer).
suite "tools/perf/tests/fuzz" "$root/tools/perf/tests/fuzz/check.sh" "$1"
if [ -f "$root/tools/testing/perf-guest/Makefile" ]; then
	suite "tools/testing/perf-guest" make -s --no-print-directory -C "$root/tools/testing/perf-guest" check
fi
suite "series (the kernel patches)" "$root/scripts/kernel-tests.sh"
suite "tools/testing/kvm-e2e (stock L1)" "$root/tools/testing/kvm-e2e/run-tests.sh"
suite "tools/testing/kvm-e2e (series L1)" env E2E_KERNEL=series \
	"$root/tools/testing/kvm-e2e/run-tests.sh"
suite "tools/testing/kvm-e2e (Linux guests, stock L1)" "$root/tools/testing/kvm-e2e/linux-tests.sh"
suite "tools/testing/kvm-e2e (Linux guests, series L1)" env E2E_KERNEL=series \
	"$root/tools/testing/kvm-e2e/linux-tests.sh"

if [ -s "$failures" ]; then
	echo "### failures"
	cat "$failures"
fi
echo "$total_p passed, $total_f failed, $total_s skipped"
[ "$total_f" -eq 0 ]
