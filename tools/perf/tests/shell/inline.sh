#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Inlined functions in DWARF call chains: where a DWARF-unwound frame's
# address lies in code the compiler inlined, report and script list the
# inlined functions before it, "NAME (inlined)", as Linux perf 6.1 does.
. "$(dirname "$0")/lib.sh"

# perf 6.1 defects, both from one rule of its: an inlined function
# whose DWARF name is its ELF symbol's name is printed as the real
# frame, any other as "NAME (inlined)".
# - It takes the function that holds the inlined code for one more
#   inlined function whenever its DWARF name is not its ELF symbol's: a
#   .constprop/.isra clone (init_cpu_features for
#   init_cpu_features.constprop.0), an alias (__libc_start_main_impl
#   for __libc_start_main@@GLIBC_2.34), and prints "NAME (inlined)" in
#   place of the real frame.  Nothing is inlined there.
# - A function inlined into a copy of itself (ld.so's call_init at
#   dl-init.c:74 inside call_init, as addr2line -i shows) loses its
#   "(inlined)": perf prints the real frame twice.
# So the last frame at each address is compared by its address alone,
# the inlined ones before it by their address and name; the real frames
# are compared in full with --no-inline, and the "(inlined)" marks
# below.
last_frame_by_address() {
	awk 'function flush(  i, g) { if (!n) return
		for (i = 1; i < n; i++) { split(buf[i], g, " "); print "\t" g[1] " " g[2] }
		split(buf[n], g, " "); print "\t" g[1] " [the frame]"; n = 0 }
	     /^\t/ { a = $1; if (n && a != ip) flush(); ip = a; buf[++n] = $0; next }
	     { flush(); print }
	     END { flush() }'
}

# perf 6.1 takes every file whose path starts with /tmp/perf- for a JIT's
# symbol map (/tmp/perf-PID.map), and reads no DWARF of it: the copies
# its build-id cache keeps under this test's HOME, /tmp/perf-test.*/home,
# would lose their inlined functions.  A HOME elsewhere, then.
HOME=$(mktemp -d "${TMPDIR:-/tmp}/inline-home.XXXXXX")
export HOME
cleanup_hook() { rm -rf "$HOME"; }

for who in perf ours; do
	bin=$ORACLE
	[ $who = ours ] && bin=$PERF
	"$bin" record -q --call-graph dwarf -o $who.data -- "$WORKLOADS/inlined" -r 30 \
		>/dev/null 2>&1
	"$ORACLE" script -i $who.data 2>/dev/null | last_frame_by_address >$who.perf
	"$PERF" script -i $who.data 2>/dev/null | tee $who.full | last_frame_by_address >$who.ours
	if [ -s $who.perf ] && cmp -s $who.perf $who.ours; then
		ok "script, $who file: Linux perf's frames and inlined functions ($(grep -c inlined $who.full) inlined)"
	else
		fail "script, $who file: differs from Linux perf"
		diff $who.perf $who.ours | head -6 | sed 's/^/    /'
	fi
	"$ORACLE" script --no-inline -i $who.data >$who.perf.noinl 2>/dev/null
	"$PERF" script --no-inline -i $who.data >$who.ours.noinl 2>/dev/null
	check "script --no-inline, $who file: Linux perf's lines" \
		eval "test -s $who.perf.noinl && cmp -s $who.perf.noinl $who.ours.noinl"
done

# The workload's own: inner and middle inlined into outer, innermost first.
check "script: inner, then middle (inlined), then outer at one address" \
	eval "awk '/ inner\+0x[0-9a-f]+ \(inlined\)\$/ { a = \$1; getline
		   if (\$1 != a || \$2 !~ /^middle\+/ || \$3 != \"(inlined)\") next; getline
		   if (\$1 == a && \$2 ~ /^outer\+/ && \$3 ~ /inlined\)\$/) f = 1 }
		   END { exit !f }' ours.full"
check "script --no-inline: no inlined functions" eval '! grep -q "(inlined)" ours.ours.noinl'

# report: the inlined functions are frames of the graph and, with
# Children, rows of their own; the workload's rows are Linux perf's.
rows() { # binary [options]: the rows of the workload's own binary
	"$1" report -i ours.data --stdio 2>/dev/null | awk '/^ +[0-9.]+%/ && $4 == "inlined"'
}
rows "$ORACLE" >rows.perf
rows "$PERF" >rows.ours
# Rows of equal Children come in perf's tie order, which is not by Self
# (outer, Self 95.62%, came between two rows of Self 0.00% in one
# recording, first in another): here, the same Children shares in the
# same order, and the same rows.
if [ -s rows.perf ] && cmp -s <(awk '{ print $1 }' rows.perf) <(awk '{ print $1 }' rows.ours) &&
   cmp -s <(sort rows.perf) <(sort rows.ours); then
	ok "report: the inlined binary's Children rows are Linux perf's ($(wc -l <rows.ours) rows)"
else
	fail "report: the inlined binary's Children rows differ from Linux perf's"
	diff rows.perf rows.ours | head -6 | sed 's/^/    /'
fi
check "report: inner (inlined) is a row of its own" grep -q '\[\.\] inner (inlined)$' rows.ours
"$PERF" report -i ours.data --stdio --no-children -g folded 2>/dev/null >folded.out
check "report -g folded: inner (inlined);middle (inlined);outer" \
	grep -q '% inner (inlined);middle (inlined);outer;round_of_work' folded.out
"$PERF" report -i ours.data --stdio --no-children --no-inline 2>/dev/null >noinl.ours
"$ORACLE" report -i ours.data --stdio --no-children --no-inline 2>/dev/null |
	grep -v '^# (Tip' >noinl.perf
check "report --no-inline: Linux perf's text" \
	eval 'diff <(sed "/^#\$/d; /^\$/d" noinl.perf) <(sed "/^#\$/d; /^\$/d" noinl.ours) >/dev/null'
finish
