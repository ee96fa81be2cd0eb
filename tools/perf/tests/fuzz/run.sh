#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A fuzzing campaign (make fuzz): runs the libFuzzer target on the corpus
# kept in the cache directory, then says how many executions it made, the
# coverage it reached and what it found.
#
#   run.sh FUZZER PLAIN_BUILD [SECONDS]
#
# FUZZER is tests/fuzz/fuzz-perf-data of a SANITIZE=fuzz build; the
# plain build's perf, tools and workloads make the seeds.  Environment:
#   FUZZ_SECONDS   how long, if SECONDS is not given (600)
#   FUZZ_JOBS      parallel workers (2)
#   FUZZ_DIR       the cache (~/.cache/perf-kvm-fuzz)
#
# The cache holds, under the target's name: seeds/ (remade when
# make-seeds.sh changes), corpus/ (what libFuzzer found worth keeping;
# inputs only, so it stays good across changes to the code and to the
# formats), artifacts/ (inputs that crashed, leaked or hung) and logs/.
# Exits non-zero if the campaign found anything.  An input is at most
# the largest seed (about 90 KB): one allocation of 512 MB for it means
# that a size was taken from the file unchecked, and counts as found.

set -u
here=$(cd "$(dirname "$0")" && pwd)
fuzzer=${1:?usage: run.sh FUZZER PLAIN_BUILD [SECONDS]}
build=${2:?usage: run.sh FUZZER PLAIN_BUILD [SECONDS]}
seconds=${3:-${FUZZ_SECONDS:-600}}
jobs=${FUZZ_JOBS:-2}
top=${FUZZ_DIR:-$HOME/.cache/perf-kvm-fuzz}/$(basename "$fuzzer")

mkdir -p "$top/corpus" "$top/artifacts" "$top/logs" || exit 1
if [ ! -e "$top/seeds/.made" ] || [ "$here/make-seeds.sh" -nt "$top/seeds/.made" ]; then
	rm -rf "$top/seeds"
	"$here/make-seeds.sh" "$top/seeds" "$build" || exit 1
	touch "$top/seeds/.made"
fi

logs=$top/logs/$(date +%Y%m%d-%H%M%S)
mkdir -p "$logs"
before=$(ls "$top/artifacts" | wc -l)
echo "fuzz: $jobs workers for $seconds s on $top (logs in $logs)"
# -jobs writes each worker's output to fuzz-N.log in the current directory.
(cd "$logs" && "$fuzzer" -jobs="$jobs" -workers="$jobs" -max_total_time="$seconds" \
	-timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=512 -print_final_stats=1 \
	-artifact_prefix="$top/artifacts/" \
	"$top/corpus" "$top/seeds" "$here/regressions" >"$logs/main.log" 2>&1)
rc=$?
"$here/summary.sh" "$fuzzer" "$logs" "$top/corpus" "$top/seeds" "$here/regressions"
found=$(($(ls "$top/artifacts" | wc -l) - before))
echo "fuzz: $found new crash, leak, hang or out-of-memory inputs in $top/artifacts"
[ "$found" -eq 0 ] && [ $rc -eq 0 ]
