#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Same command, same options: our sample count against Linux perf's.
. "$(dirname "$0")/lib.sh"

W=$WORKLOADS/hot
"$PERF" record -q -e cpu-clock -c 100000 -o ours.data -- "$W" 1 2>/dev/null
"$ORACLE" record -q -e cpu-clock -c 100000 -o ref.data -- "$W" 1 2>/dev/null
a=$(oracle_samples ours.data)
b=$(oracle_samples ref.data)
check "sample count within 5% of Linux perf's (ours $a, perf $b)" within_pct "$a" "$b" 5

# Our own summary line must agree with what is in the file.
"$PERF" record -e cpu-clock -c 100000 -o ours2.data -- "$W" 0.5 2>rec.err
n=$(sed -n 's/.*(\([0-9]*\) samples).*/\1/p' rec.err)
check "summary line counts what the file holds ($n)" test "$n" = "$(oracle_samples ours2.data)"
check "summary line names the file" grep -q "Captured and wrote .* MB ours2.data" rec.err
finish
