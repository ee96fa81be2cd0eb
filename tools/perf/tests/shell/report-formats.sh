#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every form of perf.data that Linux perf reads, written by it and by us:
# the pipe format (saved, live, through a FIFO), zstd compression, call
# chains, older attr sizes, and forms of other perf versions (COMPRESSED2,
# unpadded records, newer record types, AUXTRACE payloads, LOST_SAMPLES).
# Our report --stdio must print Linux perf's whole report, line for line.
. "$(dirname "$0")/lib.sh"

TOOLS=${TEST_TOOLS:-$(dirname "$PERF")/tests/tools}
MANGLE="$TOOLS/perf-data-mangle"
REC=(-e cpu-clock -c 100000)

# The report as both print it: no blank lines, and without perf's tips.
view() { # perf-binary input [options]
	local tool=$1 in=$2; shift 2
	if [ "$in" = - ]; then
		"$tool" report -i - --stdio "$@" 2>/dev/null
	else
		"$tool" report -i "$in" --stdio "$@" 2>/dev/null
	fi | grep -v '^# (Tip:' | sed '/^#*$/d'
}

# same WHAT GOT WANT: the two views equal, with rows in them.
same() {
	local rows; rows=$(grep -c '%' "$2")
	if [ "$rows" -gt 2 ] && cmp -s "$2" "$3"; then
		ok "$1: all $rows rows equal Linux perf's, in order"
	else
		fail "$1: differs from Linux perf's report ($rows rows)"
		diff "$3" "$2" | head -8 | sed 's/^/    /'
	fi
}

compare() { # what file [options]
	local what=$1 f=$2; shift 2
	view "$PERF" "$f" "$@" >got
	view "$ORACLE" "$f" "$@" >want
	same "$what" got want
}

for tool in "$ORACLE" "$PERF"; do
	who=ours; [ "$tool" = "$ORACLE" ] && who=perf

	# The pipe format, saved to a file and read from a file and from stdin.
	"$tool" record -q "${REC[@]}" -o - -- "$WORKLOADS/hot" 0.5 >pipe.$who 2>/dev/null
	check "pipe format by $who: the 16-byte header" \
		test "$(head -c 16 pipe.$who | od -An -tx1 | tr -d ' \n')" = 50455246494c45321000000000000000
	compare "pipe format by $who, saved, read as a file" pipe.$who
	view "$PERF" - <pipe.$who >got
	view "$ORACLE" pipe.$who >want
	same "pipe format by $who, saved, read from stdin" got want

	# Live: recording into our report and into perf's, each keeping a copy.
	"$tool" record -q "${REC[@]}" -o - -- "$WORKLOADS/hot" 0.5 2>/dev/null |
		tee live.$who | view "$PERF" - >got
	view "$ORACLE" live.$who >want
	same "$who record -o - | our report -i -" got want
	"$tool" record -q "${REC[@]}" -o - -- "$WORKLOADS/hot" 0.5 2>/dev/null |
		tee live2.$who | view "$ORACLE" - >want
	view "$PERF" live2.$who >got
	same "$who record -o - | perf report -i -" got want

	# A FIFO: perf opens it and blocks until the writer comes.
	rm -f fifo; mkfifo fifo
	"$tool" record -q "${REC[@]}" -o - -- "$WORKLOADS/hot" 0.5 2>/dev/null | tee fifo.$who >fifo &
	view "$PERF" fifo >got
	wait
	view "$ORACLE" fifo.$who >want
	same "$who record -o - into a FIFO, our report -i FIFO" got want

	# An event group in the pipe format: the group description travels as a feature.
	"$tool" record -q -e '{cpu-clock,task-clock}' -c 100000 -o - -- "$WORKLOADS/hot" 0.3 \
		>gpipe.$who 2>/dev/null
	compare "an event group in the pipe format, by $who" gpipe.$who
	check "its group view: one table for the group" \
		grep -q "of events 'anon group { cpu-clock, task-clock }'" got

	# zstd.
	"$tool" record -q "${REC[@]}" -z -o z.$who -- "$WORKLOADS/hot" 0.5 2>/dev/null
	check "-z by $who: a compression header" \
		grep -q 'compressed : Zstd' <("$ORACLE" report -i z.$who --header-only 2>/dev/null)
	compare "-z by $who" z.$who
	"$tool" record -q "${REC[@]}" --compression-level=9 -o z9.$who -- "$WORKLOADS/hot" 0.3 2>/dev/null
	compare "--compression-level=9 by $who" z9.$who

	# Call chains: the flat view here (report-callgraph.sh compares the graphs).
	"$tool" record -q "${REC[@]}" -g -o g.$who -- "$WORKLOADS/hot" 0.5 2>/dev/null
	check "-g by $who: samples carry call chains" \
		grep -q 'CALLCHAIN' <("$ORACLE" report -i g.$who --header-only 2>/dev/null)
	view "$PERF" g.$who --no-children -g none >got
	view "$ORACLE" g.$who --no-children -g none >want
	same "-g by $who, --no-children -g none" got want

	# Older perf_event_attr sizes, from the first (64 bytes) on.
	"$tool" record -q "${REC[@]}" -o plain.$who -- "$WORKLOADS/hot" 0.3 2>/dev/null
	for n in 64 72 80 96 104 112 120; do
		"$MANGLE" plain.$who attr$n.$who attr-size $n
		view "$PERF" attr$n.$who >got.$n
		view "$ORACLE" attr$n.$who >want.$n
	done
	bad=0
	for n in 64 72 80 96 104 112 120; do
		cmp -s got.$n want.$n && [ "$(grep -c % got.$n)" -gt 2 ] || bad=$n
	done
	check "attrs of 64 to 120 bytes, recorded by $who: every row as Linux perf's (first bad: ${bad})" \
		test $bad = 0
done

# Our pipe format carries each hit binary's build-id before its first sample.
want_bid=$(readelf -n "$WORKLOADS/hot" | sed -n 's/.*Build ID: //p')
for who in perf ours; do
	tool=$PERF; [ $who = perf ] && tool=$ORACLE
	check "our pipe format: $who's buildid-list names the workload's build-id" \
		grep -q "^$want_bid .*/hot$" <("$tool" buildid-list -i pipe.ours 2>/dev/null)
done

# Our own pipe format with -z (perf 6.1 leaves pipe data uncompressed, but reads ours).
"$PERF" record -q "${REC[@]}" -z -o - -- "$WORKLOADS/hot" 0.5 >zpipe 2>/dev/null
compare "our -z -o -: compressed pipe data" zpipe

# Forms this machine's perf does not write, made from its files.
"$MANGLE" z.perf z2.perf compressed2
view "$PERF" z2.perf >got
view "$ORACLE" z.perf >want
same "COMPRESSED2 (perf >= 6.16), against perf's report of the COMPRESSED original" got want

"$MANGLE" plain.perf unpadded.perf unpadded
compare "a 38-byte CPU_MAP record (perf 4.16) before the data" unpadded.perf

"$MANGLE" plain.perf pipe-of-file.perf to-pipe
compare "a file's records in the pipe format, build-ids as records" pipe-of-file.perf

"$MANGLE" plain.perf unknown.perf unknown 93
view "$PERF" unknown.perf >got
view "$ORACLE" plain.perf >want
same "records of an unknown type 93, skipped (perf 6.1 refuses the whole file for them)" got want
n=$("$PERF" report -v -i unknown.perf --stdio 2>&1 >/dev/null | sed -n 's/.*type 93: \([0-9]*\) records/\1/p')
check "-v names the unknown type and counts its records (${n:-none})" test "${n:-0}" -gt 0

"$MANGLE" plain.perf aux.perf auxtrace 300000
view "$PERF" aux.perf >got
same "an AUXTRACE record with 300000 bytes of payload, skipped (perf 6.1 refuses it without AUXTRACE_INFO)" got want
"$PERF" report -i - --stdio <aux.perf >/dev/null 2>err
check "its payload skipped on a stream too, with one notice" \
	test "$(grep -c 'AUXTRACE) were skipped' err)" -eq 1

"$MANGLE" plain.perf lost.perf lost-samples 42
compare "a LOST_SAMPLES record" lost.perf
check "Total Lost Samples counts it" grep -q '^# Total Lost Samples: 42$' got

"$MANGLE" plain.perf short.perf short-samples
"$PERF" report -i short.perf --stdio >out 2>err
rc=$?
check "samples all too short: an error that says so, exit $rc" \
	eval 'test $rc -ne 0 && grep -q "none of its [0-9]* samples could be read" err'

# Compressed data that break their promises: a record that expands past
# the buffer HEADER_COMPRESSED says its writer had, and frames that are
# not zstd's.  Both are errors at the record's offset (perf 6.1 says only
# "failed to process sample").
"$ORACLE" record -q -z -e cpu-clock -c 20000 -o zbig.perf -- "$WORKLOADS/hot" 0.5 2>/dev/null
"$MANGLE" zbig.perf zlimit.perf comp-limit 65536
"$PERF" report -i zlimit.perf --stdio >out 2>err
rc=$?
check "a compressed record past HEADER_COMPRESSED's 64 KB: named at its offset, exit $rc" \
	eval 'test $rc -ne 0 && grep -q "^Error: zlimit.perf: offset [0-9]*: compressed record expands to more than the 65536 bytes" err'
"$MANGLE" zbig.perf zgarbage.perf comp-garbage
"$PERF" report -i zgarbage.perf --stdio >out 2>err
rc=$?
check "a compressed record of no valid zstd data: named at its offset, exit $rc" \
	eval 'test $rc -ne 0 && grep -q "^Error: zgarbage.perf: offset [0-9]*: compressed record holds no valid zstd data" err'

# No samples at all (a perf stat record file, or nothing happened): perf's first
# lines, an error that says so, exit status 0 as Linux perf's.
"$ORACLE" record -q -e cpu-clock -c 10000000000 -o none.data -- true 2>/dev/null
"$ORACLE" stat record -o stat.data -- true >/dev/null 2>&1
for f in none.data stat.data; do
	"$PERF" report -i $f --stdio >got 2>err
	rc=$?
	"$ORACLE" report -i $f --stdio >want 2>/dev/null
	check "$f, no samples: perf's lines, 'no samples', exit $rc" \
		eval 'cmp -s got want && grep -q "holds no samples" err && test $rc -eq 0'
done

finish
