#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check's share of the fuzzing: builds the libFuzzer target, replays
# every input in regressions/ (each once crashed, leaked, hung or tripped
# UBSan, and must now run clean), then fuzzes for FUZZ_SECONDS (60) from
# fresh seeds.  Any crash, leak, timeout or sanitizer report fails.
#
#   check.sh PLAIN_BUILD [FUZZ_BUILD]
#
# PLAIN_BUILD's perf, tools and workloads make the seeds; the target is
# built in FUZZ_BUILD (default build/fuzz at the top of the tree), where
# what the fuzzing finds is kept too (check-artifacts/).
# Ends with "N passed, N failed, N skipped", as scripts/check.sh expects.

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
build=$(cd "${1:?usage: check.sh PLAIN_BUILD [FUZZ_BUILD]}" && pwd)
fbuild=${2:-$root/build/fuzz}
seconds=${FUZZ_SECONDS:-60}
fuzzer=$fbuild/tests/fuzz/fuzz-perf-data
passed=0 failed=0 skipped=0

ok()   { echo "ok - $*"; passed=$((passed + 1)); }
fail() { echo "not ok - $*"; failed=$((failed + 1)); }
skip() { echo "skip - $*"; skipped=$((skipped + 1)); }
finish() {
	echo "$passed passed, $failed failed, $skipped skipped"
	exit $((failed > 0))
}

T=$(mktemp -d /tmp/perf-fuzz-check.XXXXXX)
trap 'rm -rf "$T"' EXIT

# clang links libFuzzer from compiler-rt: without the library there is no target.
if ! command -v clang >/dev/null ||
   [ ! -e "$(clang -print-file-name=libclang_rt.fuzzer-x86_64.a 2>/dev/null)" ]; then
	skip "fuzz target: clang or its libFuzzer (clang, libfuzzer-14-dev) is not installed"
	finish
fi
start=$(date +%s)
if make -s --no-print-directory -C "$root/tools/perf" -j"$(nproc)" O="$fbuild" \
	SANITIZE=fuzz fuzz >"$T/build.log" 2>&1; then
	ok "fuzz target built with clang, libFuzzer, ASan and UBSan ($(($(date +%s) - start)) s)"
else
	fail "fuzz target does not build:"
	sed 's/^/    /' "$T/build.log" | tail -20
	finish
fi

# One run each: libFuzzer exits non-zero on a crash, a leak or a UBSan report,
# and on any one allocation of 128 MB: none of these small inputs needs that.
for f in "$here"/regressions/*; do
	[ -f "$f" ] || continue
	if "$fuzzer" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=128 "$f" >"$T/replay.log" 2>&1; then
		ok "regression $(basename "$f") runs clean"
	else
		fail "regression $(basename "$f"):"
		grep -E 'ERROR|runtime error|SUMMARY|^ +#[0-9]' "$T/replay.log" | head -12 | sed 's/^/    /'
	fi
done

start=$(date +%s)
"$here/make-seeds.sh" "$T/seeds" "$build" >"$T/seeds.log" 2>&1
n=$(ls "$T/seeds" 2>/dev/null | wc -l)
if [ "$n" -ge 20 ]; then
	ok "$n seeds recorded by Linux perf and by ours ($(($(date +%s) - start)) s)"
else
	fail "only $n seeds:"
	sed 's/^/    /' "$T/seeds.log" | tail -8
fi

mkdir -p "$T/corpus" "$T/artifacts" "$T/logs"
(cd "$T/logs" && "$fuzzer" -jobs=2 -workers=2 -max_total_time="$seconds" -timeout=10 \
	-rss_limit_mb=2048 -malloc_limit_mb=512 -print_final_stats=1 -artifact_prefix="$T/artifacts/" \
	"$T/corpus" "$T/seeds" "$here/regressions" >"$T/logs/main.log" 2>&1)
rc=$?
"$here/summary.sh" "$fuzzer" "$T/logs" "$T/corpus" "$T/seeds" "$here/regressions" |
	sed 's/^fuzz: /  /'
found=$(ls "$T/artifacts" | wc -l)
if [ $rc -eq 0 ] && [ "$found" -eq 0 ]; then
	ok "$seconds s of fuzzing: no crash, leak, hang or sanitizer report"
else
	# Kept past this run: each is a regression file to be, once minimized.
	mkdir -p "$fbuild/check-artifacts"
	cp "$T"/artifacts/* "$fbuild/check-artifacts/" 2>/dev/null
	fail "$seconds s of fuzzing found $found inputs (exit $rc), kept in $fbuild/check-artifacts:"
	grep -h -E 'ERROR|runtime error|SUMMARY|^ +#[0-9] ' "$T"/logs/fuzz-*.log | head -16 |
		sed 's/^/    /'
fi
finish
