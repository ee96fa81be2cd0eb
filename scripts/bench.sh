#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: our report against Linux perf's on two host files, each
# recorded here once and cached: a flat one of at least 10 million
# samples, and a system-wide -g one of at least 2 million, with a workload
# of deep, branching call paths running (its report: Children and call
# graphs).  Prints time and peak RSS of both, side by side, and their
# ratios; then perf top's CPU time; then perf kvm stat report on a
# synthetic file of 1 million exits.  Not a test: it fails only if the
# two reports of a file disagree.
#
# For a quick run: BENCH_SAMPLES and BENCH_G_SAMPLES (the files' sizes;
# smaller ones are recorded beside the full ones), BENCH_RUNS (runs of
# each tool per file, 3), BENCH_TOP_SECS (10), BENCH_STAT_EXITS (1000000),
# and BENCH_PARTS, a list of the parts to run: flat g top stat (all four).

set -u
root=$(cd "$(dirname "$0")/.." && pwd)
PERF=$root/tools/perf/perf
ORACLE=/usr/bin/perf
WORKLOADS=$root/tools/perf/tests/workloads
# The workload is copied next to the cached file: a rebuilt one would have
# another build-id, and its samples would no longer resolve.
HOT=$root/build/bench/hot
dir=$root/build/bench
want=${BENCH_SAMPLES:-10000000}
# A smaller file does not replace the full one: it has a name of its own.
data=$dir/host-10m.data
[ "$want" -lt 10000000 ] && data=$dir/host-$want.data
sort=comm,dso,sym
RUNS=${BENCH_RUNS:-3}
PARTS=" ${BENCH_PARTS:-flat g top stat} "

mkdir -p "$dir"

samples() { # file [options]: the sample count, as our report counts it
	local in=$1; shift
	"$PERF" report -q --stdio -n --sort comm "$@" -i "$in" 2>/dev/null |
		awk '/^ +[0-9.]+%/ { n += $2 } END { print n + 0 }'
}

median() { # name field: the median of that field over the runs
	for r in $(seq "$RUNS"); do cut -d' ' -f"$2" "$dir/$1.time.$r"; done |
		sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

runs() { # name: the times of its runs
	for r in $(seq "$RUNS"); do cut -d' ' -f1 "$dir/$1.time.$r"; done | xargs
}

# The figures of runs perf-@1 and ours-@1, titled @2.
figures() {
	local pt pm ot om
	pt=$(median "perf$1" 1) pm=$(median "perf$1" 2)
	ot=$(median "ours$1" 1) om=$(median "ours$1" 2)
	echo "bench: runs (s): perf $(runs "perf$1"), ours $(runs "ours$1")"
	printf '%-28s %12s %12s %10s\n' "$2" "Linux perf" "ours" "ratio"
	awk -v pt="$pt" -v ot="$ot" 'BEGIN { printf "%-28s %11.2fs %11.2fs %9.1fx\n", "time (median of '"$RUNS"')", pt, ot, pt / ot }'
	awk -v pm="$pm" -v om="$om" 'BEGIN { printf "%-28s %9.1f MB %9.1f MB %9.2fx\n", "peak RSS", pm / 1024, om / 1024, om / pm }'
}

# Records with two busy workloads for @1 seconds into @2.
record() {
	"$HOT" "$1" & "$HOT" "$1" &
	"$PERF" record -q -a -e cpu-clock -c 20000 -m 1024 -f -o "$2" -- sleep "$1"
	wait
}

bench_flat() {
	if [ ! -s "$data" ] || [ ! -x "$HOT" ] ||
	   [ "$(cat "$data.samples" 2>/dev/null || echo 0)" -lt "$want" ]; then
		cp "$root/tools/perf/tests/workloads/hot" "$HOT"
		echo "bench: calibrating the sample rate (5 s)..."
		record 5 "$dir/calib.data"
		rate=$(( $(samples "$dir/calib.data") / 5 ))
		[ "$rate" -gt 0 ] || { echo "bench: no samples recorded" >&2; exit 1; }
		# The rate drifts with load: aim 20% high, and go again if it fell short.
		for _ in 1 2 3; do
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

	measure() { # name binary run
		/usr/bin/time -f "%e %M" -o "$dir/$1.time.$3" "$2" report --stdio --sort $sort -i "$data" \
			>"$dir/$1.out" 2>"$dir/$1.err"
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
	echo "bench: both print the same $(wc -l <"$dir/ours.rows") rows (all but [vdso]'s), in the same order"
	figures "" "report --sort $sort"
}

# The -g file: the whole machine, with the deep-call workload (and the
# call-path one) running, recorded with call chains.  Its workloads are
# copied next to it, as the flat file's; a rebuilt one records it anew.
want_g=${BENCH_G_SAMPLES:-2000000}
data_g=$dir/sys-g-2m.data
[ "$want_g" -lt 2000000 ] && data_g=$dir/sys-g-$want_g.data
gdir=$dir/g-workloads

# Records -a -g for @1 seconds into @2, with both workloads busy.
record_g() {
	"$gdir/deepcall" "$1" & "$gdir/callpath" "$1" &
	"$PERF" record -q -a -g -e cpu-clock -c 20000 -m 1024 -f -o "$2" -- sleep "$1"
	wait
}

stale_g() { # whether the -g file must be recorded (again)
	local w
	[ -s "$data_g" ] || return 0
	[ "$(cat "$data_g.samples" 2>/dev/null || echo 0)" -ge "$want_g" ] || return 0
	for w in deepcall callpath; do
		cmp -s "$WORKLOADS/$w" "$gdir/$w" || return 0
	done
	return 1
}

measure_g() { # name binary run
	/usr/bin/time -f "%e %M" -o "$dir/$1.time.$3" "$2" report --stdio -i "$data_g" \
		>"$dir/$1.out" 2>"$dir/$1.err"
}

bench_g() {
	if stale_g; then
		mkdir -p "$gdir"
		cp "$WORKLOADS/deepcall" "$WORKLOADS/callpath" "$gdir/"
		echo "bench: calibrating the -g sample rate (3 s)..."
		record_g 3 "$dir/calib-g.data"
		rate=$(( $(samples "$dir/calib-g.data" --no-children -g none) / 3 ))
		[ "$rate" -gt 0 ] || { echo "bench: no -g samples recorded" >&2; exit 1; }
		for _ in 1 2 3; do
			secs=$(( want_g * 120 / 100 / rate + 1 ))
			echo "bench: recording $want_g samples -a -g at ~$rate/s: $secs s, once (cached in $data_g)"
			record_g "$secs" "$data_g"
			samples "$data_g" --no-children -g none >"$data_g.samples"
			got=$(cat "$data_g.samples")
			[ "$got" -ge "$want_g" ] && break
			rate=$(( got / secs ))
		done
		rm -f "$dir/calib-g.data"
	fi
	echo "bench: $data_g: $(cat "$data_g.samples") samples, $(( $(stat -c %s "$data_g") / 1048576 )) MiB"
	cat "$data_g" >/dev/null
	for r in $(seq "$RUNS"); do
		measure_g perf-g "$ORACLE" "$r"
		measure_g ours-g "$PERF" "$r"
	done
	# The text compared as tests/shell/report-callgraph.sh compares it,
	# the known perf 6.1 defects set aside (see lib/callgraph.sh).
	view_text <"$dir/perf-g.out" | tie_sort >"$dir/perf-g.text"
	view_text <"$dir/ours-g.out" | tie_sort >"$dir/ours-g.text"
	if ! cmp -s "$dir/perf-g.text" "$dir/ours-g.text"; then
		echo "bench: the two -g reports differ:"
		diff "$dir/perf-g.text" "$dir/ours-g.text" | head -20
		exit 1
	fi
	echo "bench: both print the same $(wc -l <"$dir/ours-g.text") lines, $(grep -c '^ *[0-9.]*%  ' \
		"$dir/ours-g.text") rows with their call graphs"
	figures -g "report (children, graph)"
}

# perf kvm stat report on a file of BENCH_STAT_EXITS exits of 16 vCPUs in
# 4 VMs, written by tests/tools/synth-tp with this machine's kvm formats
# (no guest runs here), in rounds as perf record writes them, cached by
# its size.  Exits of five reasons, a
# port write or an MSR write in some, each closed by its entry.
stat_exits=${BENCH_STAT_EXITS:-1000000}
data_s=$dir/kvm-stat-$stat_exits.data

bench_stat() {
	local s
	if [ ! -r /sys/kernel/tracing/events/kvm/kvm_exit/format ]; then
		echo "bench: no kvm tracepoint formats on this kernel: no kvm stat figures"
		return
	fi
	if [ ! -s "$data_s" ]; then
		echo "bench: writing $stat_exits synthetic exits (cached in $data_s)"
		awk -v n="$stat_exits" 'BEGIN { srand(1); t = 1000000000
			split("0x7b 0x78 0x7c 0x400 0x60", r)
			for (v = 0; v < 16; v++) {
				printf "comm %d %d CPU_%d/KVM\n", 500 + int(v / 4), 1000 + v, v % 4
				printf "tp %d %d %d kvm:kvm_entry vcpu_id=%d\n", 500 + int(v / 4), 1000 + v, v % 2, v % 4
			}
			for (i = 0; i < n; i++) {
				v = i % 16; pid = 500 + int(v / 4); tid = 1000 + v; k = int(rand() * 5) + 1
				head = "tp " pid " " tid " " (v % 2) " "
				printf "at %.0f\n", t
				print head "kvm:kvm_exit exit_reason=" r[k] " isa=2 vcpu_id=" v % 4
				if (k == 1) print head "kvm:kvm_pio rw=1 port=" 128 + int(rand() * 4) " size=1 count=1"
				if (k == 3) print head "kvm:kvm_msr write=1 ecx=0x6e0 data=1"
				t += 2000 + int(rand() * 50000)
				printf "at %.0f\n", t
				print head "kvm:kvm_entry vcpu_id=" v % 4
				t += 1000
				# perf record flushes its rings every few thousand records.
				if (i % 2000 == 1999) print "round"
			} }' | "$root/tools/perf/tests/tools/synth-tp" "$data_s" || exit 1
	fi
	echo "bench: $data_s: $(( $(stat -c %s "$data_s") / 1048576 )) MiB"
	cat "$data_s" >/dev/null
	for r in $(seq "$RUNS"); do
		/usr/bin/time -f "%e %M" -o "$dir/perf-s.time.$r" "$ORACLE" kvm -i "$data_s" stat report \
			>/dev/null 2>"$dir/perf-s.out"
		/usr/bin/time -f "%e %M" -o "$dir/ours-s.time.$r" "$PERF" kvm -i "$data_s" stat report \
			>"$dir/ours-s.out" 2>"$dir/ours-s.err"
	done
	if ! cmp -s "$dir/perf-s.out" "$dir/ours-s.out"; then
		echo "bench: the two kvm stat tables differ:"
		diff "$dir/perf-s.out" "$dir/ours-s.out" | head -20
		exit 1
	fi
	s=$(grep -c ' ( +-' "$dir/ours-s.out")
	echo "bench: both print the same table, $s rows, $(sed -n 's/^Total Samples:\([0-9]*\),.*/\1/p' \
		"$dir/ours-s.out") exits"
	figures -s "kvm stat report"
}

# shellcheck source=tools/perf/tests/shell/lib/callgraph.sh
. "$root/tools/perf/tests/shell/lib/callgraph.sh"
case $PARTS in *" flat "*) bench_flat ;; esac
case $PARTS in *" g "*) bench_g ;; esac
case $PARTS in *" stat "*) bench_stat ;; esac
case $PARTS in *" top "*) ;; *) exit 0 ;; esac

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
