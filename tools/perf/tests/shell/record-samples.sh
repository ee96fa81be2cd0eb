#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Same command, same options: our sample count against Linux perf's.
# The workload does a fixed amount of work (-r), so its CPU time, and
# with it the cpu-clock sample count, does not depend on how busy the
# machine is.
. "$(dirname "$0")/lib.sh"

W=$WORKLOADS/hot
# Three pairs, alternating, and their medians: one busy moment on a
# shared machine must not decide.
for i in 1 2 3; do
	"$PERF" record -q -e cpu-clock -c 100000 -o ours$i.data -- "$W" -r 300 2>/dev/null
	"$ORACLE" record -q -e cpu-clock -c 100000 -o ref$i.data -- "$W" -r 300 2>/dev/null
	oracle_samples ours$i.data >>ours.counts
	oracle_samples ref$i.data >>ref.counts
done
a=$(sort -n ours.counts | sed -n 2p)
b=$(sort -n ref.counts | sed -n 2p)
all="$(echo $(cat ours.counts)) / $(echo $(cat ref.counts))"
check "sample count within 5% of Linux perf's (medians of 3: ours $a, perf $b; all $all)" \
	within_pct "$a" "$b" 5

# Our own summary line must agree with what is in the file.
"$PERF" record -e cpu-clock -c 100000 -o ours2.data -- "$W" 0.5 2>rec.err
n=$(sed -n 's/.*(\([0-9]*\) samples).*/\1/p' rec.err)
check "summary line counts what the file holds ($n)" test "$n" = "$(oracle_samples ours2.data)"
check "summary line names the file" grep -q "Captured and wrote .* MB ours2.data" rec.err
finish
