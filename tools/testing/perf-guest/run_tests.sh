#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs the perf-guest test cases from the builds under build/.  Prints
# "ok - NAME" or "not ok - NAME: reason" per case, and as the last line
# "N passed, N failed".  Exits non-zero if any case failed.
#
#   ./run_tests.sh          the cases of "make check"
#   ./run_tests.sh --long   the ASan build, 10 million NMIs per stress test
#
# Environment: SEED replays a seed; V=1 shows each run's full output.

cd "$(dirname "$0")" || exit 2

B=build
LOG=$B/logs
mkdir -p "$LOG"
pass=0
fail=0

# ASan's and UBSan's exit codes differ from the checker's (1).
export ASAN_OPTIONS="exitcode=99:abort_on_error=0:detect_leaks=1"
export UBSAN_OPTIONS="halt_on_error=1:exitcode=98:print_stacktrace=1"

seed_opt=
[ -n "$SEED" ] && seed_opt="-s $SEED"

ok() {
	echo "ok - $1"
	pass=$((pass + 1))
}

not_ok() {
	echo "not ok - $1: $2"
	fail=$((fail + 1))
}

show() {
	[ "$V" = 1 ] && sed 's/^/    /' "$1"
}

# The figures of a stress test's summary line, for the ok line.
figures() {
	grep -E "^(tag|race): nmis=" "$1" |
		sed -E 's/^([a-z]+): nmis=([0-9]+).* exit_nmis=([0-9]+).* guest_user=([0-9]+) guest_kernel=([0-9]+).* mistagged=([0-9]+)/\1: \2 NMIs, \3 exit NMIs, \4+\5 guest samples, \6 mistagged/' |
		paste -sd ';' -
}

# expect_pass NAME COMMAND...: the run must succeed.
expect_pass() {
	name=$1
	shift
	log=$LOG/$name.log
	"$@" >"$log" 2>&1
	rc=$?
	show "$log"
	if grep -q "ERROR: AddressSanitizer\|runtime error:\|ERROR: LeakSanitizer" "$log"; then
		not_ok "$name" "sanitizer report (exit $rc), see $log"
	elif [ $rc -ne 0 ]; then
		not_ok "$name" "exit $rc: $(grep -v '^perf-guest: ' "$log" | grep -v '^\(tag\|race\): ' | head -n 3 | paste -sd ' ' -) (see $log)"
	else
		f=$(figures "$log")
		ok "$name${f:+ ($f)}"
	fi
}

# expect_fail NAME PATTERN COMMAND...: a negative control.  The checker
# must fail the run (exit 1) and its report must match PATTERN.
expect_fail() {
	name=$1
	pattern=$2
	shift 2
	log=$LOG/$name.log
	"$@" >"$log" 2>&1
	rc=$?
	show "$log"
	if [ $rc -eq 0 ]; then
		not_ok "$name" "the negative control passed: the checker is blind to it (see $log)"
	elif [ $rc -ne 1 ]; then
		not_ok "$name" "exit $rc, not the checker's verdict (see $log)"
	elif ! grep -Eq "$pattern" "$log"; then
		not_ok "$name" "failed, but not with /$pattern/ (see $log)"
	else
		ok "$name (checker failed as it must: $(grep -E "$pattern" "$log" | head -n 1))"
	fi
}

# Kernel files must read as kernel code: no userspace-isms, no harness
# hooks, kernel indentation.
kernel_style() {
	top=../../..
	files="include/linux/perf_event.h kernel/perf_event.c
	       arch/x86/include/asm/perf_event.h arch/x86/kernel/cpu/perf_event.c
	       arch/x86/kvm/x86.c arch/x86/kvm/x86.h arch/x86/kvm/vmx.c arch/x86/kvm/svm.c"
	bad=
	for f in $files; do
		p=$top/$f
		[ -f "$p" ] || { bad="$bad $f:missing"; continue; }
		grep -nE '#include <(std[a-z]*|unistd|pthread|signal|string|errno|assert|malloc)\.h>' "$p" >/dev/null &&
			bad="$bad $f:userspace-include"
		grep -vE '^[[:space:]]*(/?\*|//)' "$p" |
			grep -E '\<(printf|fprintf|malloc|calloc|free|abort|assert|exit|pthread_[a-z_]*) *\(' >/dev/null &&
			bad="$bad $f:userspace-call"
		grep -nwE 'PG_[A-Z_]*|pg_[a-z_]*' "$p" >/dev/null &&
			bad="$bad $f:harness-identifier"
		grep -nE '^( {8})+' "$p" >/dev/null && bad="$bad $f:space-indent"
		grep -nE '[[:space:]]+$' "$p" >/dev/null && bad="$bad $f:trailing-whitespace"
		awk '{ gsub(/\t/, "        "); if (length($0) > 100) exit 1 }' "$p" ||
			bad="$bad $f:line-over-100-columns"
		head -n 1 "$p" | grep -q 'SPDX-License-Identifier' || bad="$bad $f:no-SPDX"
	done
	[ -z "$bad" ] || { echo "$bad"; return 1; }
}

if [ "$1" = "--long" ]; then
	expect_pass long-asan $B/asan/perf-guest $seed_opt -l -t tag -t race
	echo "$pass passed, $fail failed"
	[ $fail -eq 0 ]
	exit
fi

if out=$(kernel_style); then
	ok kernel-style
else
	not_ok kernel-style "$out"
fi

expect_pass api			$B/normal/perf-guest $seed_opt -t api
expect_pass tag			$B/normal/perf-guest $seed_opt -t tag -n 300000
expect_pass race		$B/normal/perf-guest $seed_opt -t race -n 300000
expect_pass asan-api		$B/asan/perf-guest $seed_opt -t api
expect_pass asan-tag		$B/asan/perf-guest $seed_opt -t tag -n 300000
expect_pass asan-race		$B/asan/perf-guest $seed_opt -t race -n 300000
expect_fail neg-early-window	'mistagged=[1-9]' \
	$B/neg-early-window/perf-guest $seed_opt -t tag -n 300000
expect_fail neg-no-grace-period	'violations=[1-9]' \
	$B/neg-no-grace-period/perf-guest $seed_opt -t race -n 300000
expect_fail neg-stale-cpl	'mistagged=[1-9]' \
	$B/neg-stale-cpl/perf-guest $seed_opt -t tag -n 300000

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
