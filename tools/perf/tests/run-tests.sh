#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs every test of tools/perf against one or more builds:
#   run-tests.sh BUILD_DIR [BUILD_DIR...]
# Each build dir holds perf, tests/unit-tests and tests/workloads/.
# Unit tests and shell tests run once per build; a sanitizer report in
# any run is a failure.  Ends with "N passed, N failed, N skipped".

here=$(cd "$(dirname "$0")" && pwd)
passed=0 failed=0 skipped=0

tally() { # label, then reads test lines on stdin
	local label=$1 line
	while IFS= read -r line; do
		case $line in
		"ok - "*)	passed=$((passed + 1)); echo "  $label: $line" ;;
		"not ok - "*)	failed=$((failed + 1)); echo "  $label: $line" ;;
		"skip - "*)	skipped=$((skipped + 1)); echo "  $label: $line" ;;
		*)		echo "  $label:   $line" ;;
		esac
	done
}

# Runs one test program; its exit status and sanitizer logs count too.
run_one() { # label, command...
	local label=$1; shift
	local logs; logs=$(mktemp -d /tmp/perf-san.XXXXXX)
	local out="$logs/out"
	ASAN_OPTIONS="log_path=$logs/asan:detect_leaks=1" \
	UBSAN_OPTIONS="log_path=$logs/ubsan:print_stacktrace=1" \
		"$@" >"$out" 2>&1
	local rc=$?
	tally "$label" <"$out"
	if ! grep -q '^ok - \|^not ok - \|^skip - ' "$out"; then
		failed=$((failed + 1)); echo "  $label: not ok - ran no check (exit $rc)"
	elif [ $rc -ne 0 ] && ! grep -q '^not ok - ' "$out"; then
		failed=$((failed + 1)); echo "  $label: not ok - exited $rc without a failed check"
	fi
	# Either kind of log is a failure (ls of two globs fails if one is missing).
	if [ -n "$(find "$logs" -name 'asan.*' -o -name 'ubsan.*')" ]; then
		failed=$((failed + 1))
		echo "  $label: not ok - sanitizer report:"
		sed 's/^/      /' "$logs"/asan.* "$logs"/ubsan.* 2>/dev/null | head -40
	fi
	rm -rf "$logs"
}

for build in "$@"; do
	name=$(basename "$build")
	echo "== $name: unit tests"
	run_one "$name/unit" "$build/tests/unit-tests"
	for t in "$here"/shell/*.sh; do
		[ "$(basename "$t")" = lib.sh ] && continue
		echo "== $name: $(basename "$t" .sh)"
		PERF="$build/perf" WORKLOADS="$build/tests/workloads" \
			run_one "$name/$(basename "$t" .sh)" bash "$t"
	done
done
echo "tools/perf: $passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
