#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# System-wide recording stopped by SIGINT, -C, -p and -t, and the kernel map.
. "$(dirname "$0")/lib.sh"

"$PERF" record -q -a -o sys.data &
pid=$!
sleep 1.5
kill -INT $pid
wait $pid
check "SIGINT ends record -a with status 0" test $? -eq 0
"$ORACLE" report -i sys.data --stdio >rep.out 2>rep.err
check "Linux perf opens the interrupted file" test $? -eq 0
check "its header was finalized (no 'data size 0' warning)" test -z "$(grep -i 'data size' rep.err)"
check "it holds samples" test "$(oracle_samples sys.data)" -gt 100
check "kernel samples resolve to kernel symbols" grep -qE '\[k\] [a-z_]' rep.out
"$ORACLE" script -i sys.data -F comm 2>/dev/null | sort -u >comms.out
check "samples of several processes (synthesized COMMs)" test "$(wc -l <comms.out)" -ge 2

"$PERF" record -q -C 0 -o cpu0.data -- sleep 0.5 2>/dev/null
cpus=$("$ORACLE" script -i cpu0.data -F cpu 2>/dev/null | sort -u | tr -d ' []')
check "-C 0 samples only CPU 0 (got '$(echo $cpus)')" test "$(echo $cpus)" = 000

"$WORKLOADS/hot" 3 &
w=$!
sleep 0.3
"$PERF" record -q -p $w -o pid.data 2>/dev/null &
r=$!
sleep 1
kill -INT $r
wait $r
check "record -p exits 0 on SIGINT" test $? -eq 0
top=$(oracle_top_symbol pid.data)
check "-p attaches to a running process (top: '$top')" test "${top#* }" = hot_a
"$PERF" record -q -t $w -o tid.data 2>/dev/null &
r=$!
sleep 0.5
kill -INT $r
wait $r
top=$(oracle_top_symbol tid.data)
check "-t attaches to a thread (top: '$top')" test "${top#* }" = hot_a
kill $w 2>/dev/null
wait $w 2>/dev/null

# Several events share each slot's ring (SET_OUTPUT after the mmap).
"$PERF" record -q -e cpu-clock,task-clock -o two.data -- "$WORKLOADS/hot" 0.3 2>/dev/null
check "two events: Linux perf reads a section for each" \
	test "$("$ORACLE" report -i two.data --stdio 2>/dev/null | grep -c "^# Samples: .* of event")" -eq 2

# The existing file is kept as FILE.old, as perf does.
"$PERF" record -q -e cpu-clock -o sys.data -- true 2>/dev/null
check "existing output renamed to FILE.old" test -s sys.data.old -a -s sys.data
finish
