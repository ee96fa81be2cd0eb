#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs the perf-guest test cases from the builds under build/.  Prints
# "ok - NAME" or "not ok - NAME: reason" per case, and as the last line
# "N passed, N failed".  Exits non-zero if any case failed.
#
#   ./run_tests.sh          the cases of "make check"
#   ./run_tests.sh --long   the ASan build's race test for 60 s
#
# Environment: SEED replays the race test's random choices; V=1 shows
# each run's full output.

cd "$(dirname "$0")" || exit 2

B=build
LOG=$B/logs
mkdir -p "$LOG"
pass=0
fail=0

# ASan's and UBSan's exit codes differ from the harness's (1).
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

sanitizer_report() {
	grep -q "ERROR: AddressSanitizer\|runtime error:\|ERROR: LeakSanitizer" "$1"
}

# cases NAME PREFIX COMMAND...: a run whose own result lines are ours.
# PREFIX ("asan: ") goes in front of every case name.
cases() {
	name=$1
	prefix=$2
	shift 2
	log=$LOG/$name.log
	"$@" >"$log" 2>&1
	rc=$?
	show "$log"
	grep -E '^(ok|not ok) - |^# ' "$log" |
		sed -E "s/^(ok|not ok) - /\\1 - $prefix/"
	p=$(grep -c '^ok - ' "$log")
	f=$(grep -c '^not ok - ' "$log")
	pass=$((pass + p))
	fail=$((fail + f))
	if sanitizer_report "$log"; then
		not_ok "$prefix$name" "sanitizer report (exit $rc), see $log"
	elif [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
		not_ok "$prefix$name" "exit $rc with no failed case: $(tail -n 3 "$log" | paste -sd ' ' -) (see $log)"
	elif [ $rc -eq 0 ] && [ "$f" -ne 0 ]; then
		not_ok "$prefix$name" "exit 0 with failed cases (see $log)"
	fi
}

# groups NAME COMMAND...: a quiet run (-q), one line per test group.
groups() {
	name=$1
	shift
	log=$LOG/$name.log
	"$@" -q >"$log" 2>&1
	rc=$?
	show "$log"
	grep '^not ok - ' "$log" | sed "s/^not ok - /not ok - $name: /"
	fail=$((fail + $(grep -c '^not ok - ' "$log")))
	# shellcheck disable=SC2013
	for g in $(sed -nE 's/^perf-guest: ([a-z]+): [0-9]+ passed, 0 failed$/\1/p' "$log"); do
		n=$(sed -nE "s/^perf-guest: $g: ([0-9]+) passed.*/\\1/p" "$log")
		if [ "$n" = 1 ]; then
			ok "$name: $g (1 case)"
		else
			ok "$name: $g ($n cases)"
		fi
	done
	if sanitizer_report "$log"; then
		not_ok "$name" "sanitizer report (exit $rc): $(grep -m1 'ERROR: \|runtime error:' "$log") (see $log)"
	elif [ $rc -ne 0 ] && ! grep -q '^not ok - ' "$log"; then
		not_ok "$name" "exit $rc with no failed case: $(tail -n 3 "$log" | paste -sd ' ' -) (see $log)"
	fi
}

# A negative control: its mutant must fail the named case, and only by
# the harness's verdict (exit 1), not by crashing.
negative() {
	m=$1
	group=$(./mutants.sh group "$m")
	case=$(./mutants.sh case "$m")
	log=$LOG/neg-$m.log
	# shellcheck disable=SC2086
	$B/neg-$m/perf-guest $seed_opt -q -t "$group" >"$log" 2>&1
	rc=$?
	show "$log"
	if grep -qF "not ok - $group: $case:" "$log" && [ $rc -eq 1 ]; then
		ok "negative control $m fails '$group: $case'"
	elif [ $rc -eq 0 ]; then
		not_ok "negative control $m" "the mutant of $(./mutants.sh file "$m") passes '$group': the tests are blind to it (see $log)"
	elif [ $rc -ne 1 ]; then
		not_ok "negative control $m" "exit $rc, not the harness's verdict (see $log)"
	else
		not_ok "negative control $m" "fails, but not '$group: $case': $(grep -m1 '^not ok' "$log") (see $log)"
	fi
}

# The series creates exactly the files that the harness builds.
series_files() {
	want="arch/x86/events/guest.c arch/x86/kvm/perf_stack.c kernel/events/guest.c"
	got=$(grep -h '^ create mode [0-7]* ' ../../../series/[0-9]*.patch |
		awk '{ print $4 }' | sort -u | paste -sd ' ' -)
	if [ "$got" = "$want" ]; then
		for f in $want; do
			from=$(grep -l "^+++ b/$f\$" ../../../series/[0-9]*.patch |
				sed -E 's|.*/([0-9]{4})-.*|\1|' | paste -sd ' ' -)
			ok "series: $f, $(wc -l <"$B/series-src/$f") lines, from $from"
		done
	else
		not_ok "series" "the series creates '$got', the harness builds '$want'"
	fi
}

if [ "$1" = "--long" ]; then
	# shellcheck disable=SC2086
	cases long-asan "asan: " $B/asan/perf-guest $seed_opt -l -t race
	echo "$pass passed, $fail failed"
	[ $fail -eq 0 ]
	exit
fi

series_files
# shellcheck disable=SC2086
cases normal "" $B/normal/perf-guest $seed_opt -T 2
cases generic "" $B/normal/perf-guest-generic
# shellcheck disable=SC2086
groups asan $B/asan/perf-guest $seed_opt -T 3
groups asan-generic $B/asan/perf-guest-generic
for m in $(./mutants.sh list); do
	negative "$m"
done

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
