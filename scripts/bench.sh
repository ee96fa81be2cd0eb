#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: our report against Linux perf's on one host file of at
# least 10 million samples, recorded here once and cached.  Prints time
# and peak RSS of both, side by side, and their ratios.  Not a test: it
# fails only if the two reports disagree.

set -u
root=$(cd "$(dirname "$0")/.." && pwd)
PERF=$root/tools/perf/perf
ORACLE=/usr/bin/perf
# The workload is copied next to the cached file: a rebuilt one would have
# another build-id, and its samples would no longer resolve.
HOT=$root/build/bench/hot
dir=$root/build/bench
data=$dir/host-10m.data
want=${BENCH_SAMPLES:-10000000}
sort=comm,dso,sym

mkdir -p "$dir"

samples() { # file: the sample count, as our report counts it
	"$PERF" report -q --stdio -n --sort comm -i "$1" 2>/dev/null |
		awk '/^ +[0-9.]+%/ { n += $2 } END { print n + 0 }'
}

# Records with two busy workloads for @1 seconds into @2.
record() {
	"$HOT" "$1" & "$HOT" "$1" &
	"$PERF" record -q -a -e cpu-clock -c 20000 -m 1024 -f -o "$2" -- sleep "$1"
	wait
}

if [ ! -s "$data" ] || [ ! -x "$HOT" ] ||
   [ "$(cat "$data.samples" 2>/dev/null || echo 0)" -lt "$want" ]; then
	cp "$root/tools/perf/tests/workloads/hot" "$HOT"
	echo "bench: calibrating the sample rate (5 s)..."
	record 5 "$dir/calib.data"
	rate=$(( $(samples "$dir/calib.data") / 5 ))
	[ "$rate" -gt 0 ] || { echo "bench: no samples recorded" >&2; exit 1; }
	# The rate drifts with load: aim 20% high, and go again if it fell short.
	for try in 1 2 3; do
		secs=$(( want * 120 / 100 / rate + 1 ))
		echo "bench: recording $want samples at ~$rate/s: $secs s, once (cached in $data)"
		record "$secs" "$data"
		samples "$data" >"$data.samples"
		got=$(cat "$data.samples")
		[ "$got" -ge "$want" ] && break
		rate=$(( got / secs ))
	done
	rm -f "$dir/calib.data"
fi
n=$(cat "$data.samples")
echo "bench: $data: $n samples, $(( $(stat -c %s "$data") / 1048576 )) MiB"

# Every row, in print order, whitespace folded.  But [vdso]'s: Linux perf
# names its functions only if its build-id cache has a copy of this
# kernel's vDSO, which a fresh machine's does not.
rows() { # output file
	awk '/^ +[0-9.]+%/ && !/ \[vdso\] / { $1 = $1; print }' "$1"
}

RUNS=${BENCH_RUNS:-3}

measure() { # name binary run
	/usr/bin/time -f "%e %M" -o "$dir/$1.time.$3" "$2" report --stdio --sort $sort -i "$data" \
		>"$dir/$1.out" 2>"$dir/$1.err"
}

median() { # name field: the median of that field over the runs
	for r in $(seq "$RUNS"); do cut -d' ' -f"$2" "$dir/$1.time.$r"; done |
		sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# Alternating runs, so a passing load on this shared machine hits both
# tools alike; the median of each tool's runs is what is compared.
cat "$data" >/dev/null
for r in $(seq "$RUNS"); do
	measure perf "$ORACLE" "$r"
	measure ours "$PERF" "$r"
done
rows "$dir/perf.out" >"$dir/perf.rows"
rows "$dir/ours.out" >"$dir/ours.rows"
if ! cmp -s "$dir/perf.rows" "$dir/ours.rows"; then
	echo "bench: the two reports differ:"
	diff "$dir/perf.rows" "$dir/ours.rows" | head -20
	exit 1
fi
pt=$(median perf 1) pm=$(median perf 2)
ot=$(median ours 1) om=$(median ours 2)
echo "bench: both print the same $(wc -l <"$dir/ours.rows") rows (all but [vdso]'s), in the same order"
echo "bench: runs (s): perf $(for r in $(seq "$RUNS"); do cut -d' ' -f1 "$dir/perf.time.$r"; done | xargs)," \
	"ours $(for r in $(seq "$RUNS"); do cut -d' ' -f1 "$dir/ours.time.$r"; done | xargs)"
printf '%-28s %12s %12s %10s\n' "report --sort $sort" "Linux perf" "ours" "ratio"
awk -v pt="$pt" -v ot="$ot" 'BEGIN { printf "%-28s %11.2fs %11.2fs %9.1fx\n", "time (median of '"$RUNS"')", pt, ot, pt / ot }'
awk -v pm="$pm" -v om="$om" 'BEGIN { printf "%-28s %9.1f MB %9.1f MB %9.2fx\n", "peak RSS", pm / 1024, om / 1024, om / pm }'

# perf top: CPU seconds spent by ours and by Linux perf over the same
# BENCH_TOP_SECS (default 10) of --stdio snapshots, run side by side (so
# both see the same load: two hot workloads, and each other) with the
# same event and frequency.
top_secs=${BENCH_TOP_SECS:-10}
top_run() { # name binary
	# Linux perf reads keys from stdin even with --stdio: give it a pipe that stays open.
	sleep $((top_secs + 2)) | timeout -s INT "$top_secs" /usr/bin/time -f "%U %S" \
		-o "$dir/top-$1.time" "$2" top --stdio -e cpu-clock -F 4000 -d 1 \
		>"$dir/top-$1.out" 2>"$dir/top-$1.err"
}
top_cpu() { # name: user + system seconds
	tail -1 "$dir/top-$1.time" | awk '{ print $1 + $2 }'
}
"$HOT" $((top_secs + 4)) & top_hot1=$!
"$HOT" $((top_secs + 4)) & top_hot2=$!
top_run perf "$ORACLE" & top_p1=$!
top_run ours "$PERF" & top_p2=$!
wait "$top_p1" "$top_p2"
kill "$top_hot1" "$top_hot2" 2>/dev/null
wait 2>/dev/null
printf '%-28s %12s %12s %10s\n' "top --stdio, ${top_secs}s" "Linux perf" "ours" "ours/perf"
awk -v p="$(top_cpu perf)" -v o="$(top_cpu ours)" \
	'BEGIN { printf "%-28s %11.2fs %11.2fs %9.2fx\n", "CPU (user+sys)", p, o, (p > 0 ? o / p : 0) }'
