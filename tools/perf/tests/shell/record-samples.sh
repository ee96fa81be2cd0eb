#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Same command, same options: our sample count against Linux perf's.
# cpu-clock samples the task's CPU time, and on a shared machine the same
# work takes a varying amount of it (±7% seen here), so each count is
# divided by the CPU time the workload really used (from /usr/bin/time,
# run inside the recording): samples per CPU-second, which is what the
# sampler decides, compared as medians of three alternating pairs.
. "$(dirname "$0")/lib.sh"

W=$WORKLOADS/hot
# samples per CPU-second of one run: file, time file
rate() {
	awk -v n="$(oracle_samples "$1")" '{ t = $1 + $2 } END { if (t > 0) printf "%.0f\n", n / t }' "$2"
}
for i in 1 2 3; do
	"$PERF" record -q -e cpu-clock -c 100000 -o ours$i.data -- \
		/usr/bin/time -f "%U %S" -o ours$i.time "$W" -r 300 2>/dev/null
	"$ORACLE" record -q -e cpu-clock -c 100000 -o ref$i.data -- \
		/usr/bin/time -f "%U %S" -o ref$i.time "$W" -r 300 2>/dev/null
	rate ours$i.data ours$i.time >>ours.rates
	rate ref$i.data ref$i.time >>ref.rates
done
a=$(sort -n ours.rates | sed -n 2p)
b=$(sort -n ref.rates | sed -n 2p)
all="$(echo $(cat ours.rates)) / $(echo $(cat ref.rates))"
check "samples per CPU-second within 5% of Linux perf's (medians of 3: ours $a, perf $b; all $all)" \
	within_pct "$a" "$b" 5
# -c 100000 is one sample per 100 us of CPU time: 10000 per CPU-second.
check "and close to the 10000 per CPU-second that -c 100000 asks for ($a)" within_pct "$a" 10000 10

# Our own summary line must agree with what is in the file.
"$PERF" record -e cpu-clock -c 100000 -o ours2.data -- "$W" 0.5 2>rec.err
n=$(sed -n 's/.*(\([0-9]*\) samples).*/\1/p' rec.err)
check "summary line counts what the file holds ($n)" test "$n" = "$(oracle_samples ours2.data)"
check "summary line names the file" grep -q "Captured and wrote .* MB ours2.data" rec.err
finish
