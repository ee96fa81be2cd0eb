#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Tracepoints: record -e SYSTEM:EVENT samples them with their payload and
# saves their formats (HEADER_TRACING_DATA) as perf does, in both the
# file and the pipe format; script prints the payloads as perf does,
# from our files and from Linux perf's.
. "$(dirname "$0")/lib.sh"

TP=sched:sched_switch
if [ ! -r /sys/kernel/tracing/events/sched/sched_switch/id ] &&
   [ ! -r /sys/kernel/debug/tracing/events/sched/sched_switch/id ]; then
	skip "tracepoints: no tracefs with $TP here"
	finish
fi

# The workload switches often: "clock" sleeps in a loop.
for who in ours perf; do
	bin=$PERF
	[ $who = perf ] && bin=$ORACLE
	"$bin" record -q -e $TP -o $who.data -- "$WORKLOADS/clock" >/dev/null 2>&1
done
check "record -e $TP: a file with samples" test -s ours.data
check "record -e $TP: the attr is a tracepoint's, sampled every hit, with RAW" \
	eval "'$ORACLE' evlist -v -i ours.data 2>/dev/null |
	      grep -qE '^$TP: type: 2, .*sample_period, sample_freq \\}: 1, sample_type: [A-Z|]*RAW'"
check "record: the cpuid feature, as Linux perf writes it" \
	eval "test \"\$('$ORACLE' report --header-only -i ours.data 2>/dev/null | grep '^# cpuid')\" = \
		   \"\$('$ORACLE' report --header-only -i perf.data 2>/dev/null | grep '^# cpuid')\""

for who in ours perf; do
	"$ORACLE" script -i $who.data >$who.perf 2>/dev/null
	"$PERF" script -i $who.data >$who.ours 2>/dev/null
	n=$(grep -c "$TP: prev_comm=.* ==> next_comm=" $who.ours)
	if [ "$n" -gt 0 ] && cmp -s $who.perf $who.ours; then
		ok "script, $who file: Linux perf's lines, payloads decoded ($n switches)"
	else
		fail "script, $who file: differs from Linux perf's"
		diff $who.perf $who.ours | head -4 | sed 's/^/    /'
	fi
done

# The pipe format streams the formats as a TRACING_DATA record.
"$PERF" record -q -e $TP -o - -- "$WORKLOADS/clock" 2>/dev/null >ours.pipe
"$ORACLE" script -i - <ours.pipe >pipe.perf 2>pipe.err
"$PERF" script -i - <ours.pipe >pipe.ours 2>/dev/null
check "record -o -: Linux perf reads the stream whole" eval '! test -s pipe.err && test -s pipe.perf'
check "record -o -: script prints Linux perf's lines" cmp -s pipe.perf pipe.ours

# A damaged format section is refused with where it is, not read past.
python3 - ours.data bad.data <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], 'rb').read())
data_off, data_size = struct.unpack_from('<QQ', d, 40)
feat = data_off + data_size
# HEADER_TRACING_DATA is feature bit 1: the first section.  Cut its
# length field of header_page to claim far more than the section holds.
off, size = struct.unpack_from('<QQ', d, feat)
t = d[off:off + size]
p = t.index(b'header_page\0') + 12
struct.pack_into('<Q', d, off + p, 1 << 40)
open(sys.argv[2], 'wb').write(d)
PY
"$PERF" script -i bad.data >/dev/null 2>bad.err
check "script: damaged tracing data refused with their offset" \
	grep -q 'bad.data: offset [0-9]*: tracing data offset [0-9]*: header_page .* runs past the end' bad.err
check "record -e nosuch:event: a clear error naming tracefs" \
	eval "! '$PERF' record -q -e nosuch:event -o x.data -- true 2>err.txt && grep -q 'tracepoint SYSTEM:EVENT' err.txt"
finish
