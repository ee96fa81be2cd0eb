#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Our perf.data read by Linux perf: no warnings, the hottest function
# first, and the workload's build-id as readelf prints it.
. "$(dirname "$0")/lib.sh"

W=$WORKLOADS/hot
"$PERF" record -q -e cpu-clock -c 100000 -o ours.data -- "$W" 1 2>rec.err
check "record of a workload exits 0" test $? -eq 0 -a ! -s rec.err

"$ORACLE" report -i ours.data --stdio >report.out 2>report.err
check "Linux perf report opens our file" test $? -eq 0
# Sample rows are left out: kernel functions such as access_error match.
grep -vE '^ +[0-9.]+% ' report.out | cat report.err - >report.msgs
if grep -qiE 'warn|error|corrupt|unexpected' report.msgs; then
	fail "Linux perf report prints no warning: $(grep -iE 'warn|error|corrupt|unexpected' report.msgs | head -2)"
else
	ok "Linux perf report prints no warning"
fi
top=$(oracle_top_symbol ours.data)
check "hottest function first (got '$top')" test "${top#* }" = hot_a
pct=${top%%%*}
check "hot_a near its 60% share (got $pct%)" awk -v p="$pct" 'BEGIN { exit !(p > 50 && p < 70) }'
grep -q 'hot_b' report.out && grep -q ' cold$' report.out
check "hot_b and cold resolved too" test $? -eq 0

want=$(readelf -n "$W" | awk '/Build ID/ { print $3 }')
"$ORACLE" buildid-list -i ours.data >bid.out 2>bid.err
check "Linux perf buildid-list lists the workload as readelf does ($want)" \
	grep -qx "$want $W" bid.out
kbid=$(od -An -v -tx1 /sys/kernel/notes 2>/dev/null | tr -d ' \n' | grep -o '474e5500.\{40\}' | head -1 | cut -c9-)
if [ -n "$kbid" ] && grep -q '\[kernel.kallsyms\]' bid.out; then
	check "kernel build-id matches /sys/kernel/notes" grep -qx "$kbid \[kernel.kallsyms\]" bid.out
else
	skip "kernel build-id: no kernel sample or no readable /sys/kernel/notes"
fi

"$ORACLE" report -i ours.data --header-only >hdr.out 2>&1
for f in hostname 'os release' 'perf version' arch 'nrcpus online' cmdline 'event : name = cpu-clock'; do
	check "header feature '$f' present" grep -q "^# $f" hdr.out
done
finish
