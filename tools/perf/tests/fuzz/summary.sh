#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The figures of a libFuzzer run with -jobs, from its workers' logs:
#
#   summary.sh FUZZER LOGDIR CORPUS_DIR...
#
# prints the executions (the sum over workers), each worker's rate and
# the coverage (cov: and ft:) of the whole corpus afterwards, measured by
# one pass of FUZZER over the CORPUS_DIRs (-runs=0), since each worker
# only reports its own.

set -u
fuzzer=$1 logs=$2
shift 2

total=0 rates=
for log in "$logs"/fuzz-*.log; do
	[ -e "$log" ] || continue
	n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	# A worker that stopped on a crash may not print its final stats.
	[ -n "$n" ] || n=$(sed -n 's/^#\([0-9]*\).*/\1/p' "$log" | tail -1)
	r=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	total=$((total + ${n:-0}))
	rates="$rates ${r:-?}"
done
echo "fuzz: $total executions; exec/s per worker:${rates:- none}"
# The first directory is where libFuzzer would write: an empty one, thrown away.
empty=$(mktemp -d /tmp/perf-fuzz-summary.XXXXXX)
"$fuzzer" -runs=0 "$empty" "$@" 2>&1 | sed -n 's/^#[0-9]*[[:space:]]*INITED \(cov: [0-9]* ft: [0-9]* corp: [^ ]*\).*/fuzz: coverage of the corpus: \1/p'
rm -rf "$empty"
