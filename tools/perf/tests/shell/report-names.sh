#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Names as Linux perf 6.1 prints them: the command of samples taken before
# a thread's first COMM, kernel modules, and [kernel.vmlinux].  Every row
# of our report is compared with Linux perf's, in order, on files that
# either tool recorded and on files written by tests/tools/synth-data as
# another machine's perf would have written them.
. "$(dirname "$0")/lib.sh"

SYNTH=${TEST_TOOLS:-$(dirname "$PERF")/tests/tools}/synth-data

# Every row of a --stdio report, in print order, whitespace folded.
rows() { # perf-binary file sort [options]
	local bin=$1 file=$2 sort=$3
	shift 3
	"$bin" report -i "$file" --stdio -n --sort "$sort" "$@" 2>/dev/null |
		awk '/^ +[0-9.]+%/ { $1 = $1; print }'
}

same_rows() { # what file sort [options]
	local what=$1 file=$2 sort=$3
	shift 3
	rows "$ORACLE" "$file" "$sort" "$@" >want
	rows "$PERF" "$file" "$sort" "$@" >got
	if [ -s want ] && cmp -s want got; then
		ok "$what, --sort $sort: all $(wc -l <got) rows equal Linux perf's"
	else
		fail "$what, --sort $sort: rows differ from Linux perf's"
		diff want got | head -10 | sed 's/^/    /'
	fi
}

# The rows a synthetic file must print: "samples command" for --sort comm.
expect_rows() { # what file sort expected-file
	rows "$PERF" "$2" "$3" | awk '{ $1 = ""; $0 = $0; $1 = $1; print }' >got
	if cmp -s "$4" got; then
		ok "$1: the rows are the ones written"
	else
		fail "$1: rows differ from the ones written"
		diff "$4" got | head -10 | sed 's/^/    /'
	fi
}

# 1. Samples before a thread's first COMM.  perf names a new thread ":TID"
# until its first COMM, and that COMM renames the placeholder: the
# samples taken before it (a workload's, between the exec that enables
# the counters and the COMM the exec sends) get the exec'd name.  Later
# COMMs name the samples after them only.
pre_exec() { # file: does a sample come before its thread's first COMM?
	"$ORACLE" script -i "$1" --show-task-events -F comm,tid 2>/dev/null |
		awk '/PERF_RECORD_COMM/ { named[$2] = 1; next }
		     { split($0, f, " "); if (!(f[2] in named)) found = 1 }
		     END { exit !found }'
}
for tool in "$ORACLE" "$PERF"; do
	who=ours; [ "$tool" = "$ORACLE" ] && who=perf
	# A short period: the counters run from the exec on, and the window
	# before its COMM is a few microseconds.
	for try in 1 2 3 4 5; do
		"$tool" record -q -e cpu-clock -c 10000 -o exec.$who.data -- \
			"$WORKLOADS/hot" 0.05 >/dev/null 2>&1
		[ "$who" = perf ] && break	# perf's own COMM comes first: no placeholder
		pre_exec exec.$who.data && break
	done
	if [ "$who" = ours ] && ! pre_exec exec.ours.data; then
		skip "exec'd comm, recorded by ours: no sample fell before the exec's COMM in 5 tries"
	else
		for s in comm comm,dso,sym pid; do
			same_rows "exec'd comm, recorded by $who" exec.$who.data $s
		done
	fi
done
check "exec'd comm, recorded by ours: no ':TID' row" \
	eval '! rows "$PERF" exec.ours.data comm | grep -q " :[0-9]"'

# Placeholders, renames, forks: each thread's samples as perf names them.
cat >comm.spec <<'EOF'
# named, then exec'd: the samples before the exec keep the first name
comm 100 100 - averyverylongname
sample u 100 100 0x400000 5
comm 100 100 exec x
sample u 100 100 0x400000 10
# samples before the first COMM take its name
sample u 200 200 0x400000 3
comm 200 200 exec late
sample u 200 200 0x400000 4
# a child has its parent's name until its own exec
fork 300 200 300 200
sample u 300 300 0x400000 2
comm 300 300 exec newer
sample u 300 300 0x400000 1
# the parent is unknown: the child's placeholder takes its first COMM
fork 400 999 400 999
sample u 400 400 0x400000 2
comm 400 400 exec kid
# a tid used again after a FORK is a new thread
sample u 500 500 0x400000 6
fork 500 1 500 1
comm 500 500 exec reborn
sample u 500 500 0x400000 1
EOF
"$SYNTH" comm.data <comm.spec
check "synthetic comm file written" test -s comm.data
for s in comm pid comm,dso,sym; do
	same_rows "placeholders and renames (synthetic)" comm.data $s
done
# perf sizes the Command column by each row's thread's current name and
# cuts longer names to it: the name 100 had before its exec prints cut.
printf '%s\n' "10 x" "9 late" "6 :500" "5 averyve" "2 kid" "1 newer" "1 reborn" >want.comm
expect_rows "placeholders and renames (synthetic)" comm.data comm want.comm

finish
