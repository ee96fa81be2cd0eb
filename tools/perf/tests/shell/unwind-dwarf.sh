#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DWARF unwinding of user stacks (--call-graph dwarf), through libdw: for
# files that Linux perf 6.1 records, the user frames of every sample are
# the ones /usr/bin/perf script prints (perf 6.1 unwinds with
# libunwind), in C and C++ workloads built without frame pointers, in the
# vDSO and up to JIT code; damaged registers and stack copies unwind to
# few frames, without a sanitizer report and without hanging.
. "$(dirname "$0")/lib.sh"

DUMP=${TEST_TOOLS:-$(dirname "$PERF")/tests/tools}/unwind-dump

if [ ! -x "$ORACLE" ] || [ ! -x "$DUMP" ]; then
	skip "DWARF unwinding: needs $ORACLE and $DUMP"
	finish
fi

# user_frames FILE [script options]: the user lines of perf script's chains
# (kernel addresses, 16 hex digits from ffff, left out), a block per sample.
user_frames() {
	local f=$1; shift
	"$ORACLE" script -F ip,sym,symoff,dso --no-inline -i "$f" "$@" 2>/dev/null |
		awk '!($1 ~ /^ffff/ && length($1) == 16)'
}

# chains FRAMES: one line per sample (an empty line before and after its
# frames), its functions innermost first.
chains() {
	awk 'NF { sub(/\+0x[0-9a-f]+$/, "", $2); c = c (c ? " " : "") $2; next }
	     ++e % 2 == 0 { print c; c = "" }' "$1"
}

# same WHAT FILE [unwind-dump options]: ours equal perf's, sample by sample.
same() {
	local what=$1 f=$2; shift 2
	local m=()

	[ $# -gt 0 ] && m=(--max-stack "$2")
	user_frames "$f" "${m[@]}" >perf.txt
	if ! timeout 300 "$DUMP" "$@" "$f" >ours.txt 2>dump.err; then
		fail "$what: unwind-dump failed: $(tail -1 dump.err)"
		return
	fi
	if ! grep -q . perf.txt; then
		fail "$what: perf script printed no user frames"
	elif cmp -s perf.txt ours.txt; then
		ok "$what: the frames of perf script, in $(grep -c . ours.txt) lines"
	else
		fail "$what: frames differ from perf script's: $(diff perf.txt ours.txt | head -4 | tr '\n\t' '  ')"
	fi
}

record() { # record FILE workload...: perf 6.1's --call-graph dwarf recording
	local f=$1; shift
	"$ORACLE" record -q -e cpu-clock --call-graph dwarf -o "$f" -- "$@" >/dev/null 2>&1 &&
		[ -s "$f" ]
}

# count PATTERN: samples whose chain (innermost first) starts with PATTERN.
count() {
	grep -c "^$1" chains.txt
}

if record nofp.data "$WORKLOADS/callpath-nofp" 1; then
	same "callpath-nofp" nofp.data
	chains ours.txt >chains.txt
	abl=$(count "leaf b a round_of_work workload_main main __libc_start_call_main")
	cl=$(count "leaf c round_of_work workload_main main __libc_start_call_main")
	cd=$(count "d c round_of_work workload_main main __libc_start_call_main")
	# Per round main -> a -> b -> leaf does 6 units, main -> c -> leaf 3, c -> d 1.
	check "callpath-nofp: main -> a -> b -> leaf ($abl), main -> c -> leaf ($cl), c -> d ($cd)" \
		test "$abl" -gt "$cl" -a "$cl" -gt "$cd" -a "$cd" -gt 0
	same "callpath-nofp, --max-stack 3" nofp.data -m 3
	check "--max-stack 3: no sample has more than 3 frames" \
		awk 'NF { n++; if (n > 3) exit 1; next } { n = 0 }' ours.txt
else
	fail "perf 6.1 cannot record callpath-nofp with --call-graph dwarf"
fi

if record cpp.data "$WORKLOADS/hotcpp-nofp" 0.5; then
	same "hotcpp-nofp (C++)" cpp.data
	chains ours.txt >chains.txt
	check "hotcpp-nofp: work::engine::run <- round_of_work <- workload_main <- main" \
		test "$(count "work::engine::run round_of_work workload_main main")" -gt 0
else
	fail "perf 6.1 cannot record hotcpp-nofp with --call-graph dwarf"
fi

# clock_gettime() in the vDSO: its CFI comes from the build-id cache's copy.
if record clock.data "$WORKLOADS/clock" 0.3; then
	same "clock (vDSO)" clock.data
	check "clock: frames in the vDSO" grep -q "(\[vdso\])" ours.txt
fi

# Code in anonymous memory has no unwind table: both stop at its frame.
record jit.data "$WORKLOADS/jit" 0.3 && same "jit (anonymous code)" jit.data

# perf 6.1's defects: in a process that a recorded process forked and
# exec'd (sh -c), its libunwind loses frames of libc and ld.so, which the
# same binary started by perf itself keeps (checked above); and in ld.so's
# start-up it skips _dl_start, though _start+0x7 returns from the call to
# _dl_start and _dl_start+0x55b from its call to _dl_sysdep_start
# (objdump -d shows both calls).  Also, in ld.so's relocation of libc,
# it has _dl_lookup_symbol_x return into libc.so.6 at an address of no
# function ("[unknown]"), though libc has not run yet and the caller is
# _dl_relocate_object; that frame of perf's is left out.  Ours keep them:
# every chain reaches main, and perf's frames are ours in order, from the
# same first frame, with nothing of ours missing but what perf loses.
if record sh.data sh -c "$WORKLOADS/callpath-nofp 0.3"; then
	user_frames sh.data >perf.txt
	"$DUMP" sh.data >ours.txt 2>/dev/null
	chains ours.txt >chains.txt
	n=$(grep -c "^leaf" chains.txt)
	check "sh -c callpath-nofp: all $n samples in leaf reach main" \
		test "$n" -gt 0 -a "$n" = "$(count "leaf .*round_of_work workload_main main __libc_start_call_main")"
	chains perf.txt | sed 's/ \[unknown\]//g' >perf-chains.txt
	check "sh -c callpath-nofp: each of perf 6.1's chains is ours, less frames it loses" \
		awk 'NR == FNR { p[FNR] = $0; next }
		     { n = split(p[FNR], w, " "); m = split($0, o, " "); j = 1
		       if (n && w[1] != o[1]) exit 1
		       for (i = 1; i <= n; i++) {
			       while (j <= m && o[j] != w[i]) j++
			       if (j++ > m) exit 1
		       } }' perf-chains.txt chains.txt
fi

# Damaged registers and stacks: what a corrupted or hostile file holds.
# damaged MODE MOST: unwinds every sample of nofp.data damaged as MODE
# (see unwind-dump), in bounded time and to at most MOST frames each.
damaged() {
	local out most

	if ! out=$(timeout 120 "$DUMP" -q -x "$1" -s 42 nofp.data 2>&1); then
		fail "damaged stacks ($1): unwind-dump failed or hung: $(echo "$out" | tail -3)"
		return
	fi
	most=$(echo "$out" | sed -n 's/.*at most \([0-9]*\) in one.*/\1/p')
	check "damaged stacks ($1): at most $2 frames per sample ($most)" test "${most:-999}" -le "$2"
}
if [ -s nofp.data ]; then
	damaged none 127
	damaged garbage 3
	damaged regs 2
	damaged bits 127
	damaged loop 127
	damaged size 127
fi

if "$PERF" record -h 2>&1 | grep -q -- "--call-graph"; then
	if "$PERF" record -q -e cpu-clock --call-graph dwarf -o ours.data \
		"$WORKLOADS/callpath-nofp" 0.3 >/dev/null 2>&1; then
		same "callpath-nofp recorded by us" ours.data
	else
		fail "perf record --call-graph dwarf failed"
	fi
else
	skip "our recording: perf record has no --call-graph yet"
fi
finish
