#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Our report against Linux perf's on the same files (recorded by Linux perf
# and by us): every row at or above 0.5% equal, and the same sample total.
. "$(dirname "$0")/lib.sh"

# Rows of a --stdio report at or above 0.5%, whitespace folded.
rows() { # perf-binary file sort
	"$1" report -i "$2" --stdio --sort "$3" 2>/dev/null |
		awk '/^ +[0-9.]+%/ { v = $1; sub("%", "", v); if (v + 0 >= 0.5) { $1 = $1; print } }' |
		sed 's/ *$//' | sort
}

total() { # perf-binary file
	"$1" report -i "$2" --stdio -n --sort comm 2>/dev/null |
		awk '/^ +[0-9.]+%/ { n += $2 } END { print n + 0 }'
}

"$ORACLE" record -q -e cpu-clock -F 2000 -a -o ref.data -- "$WORKLOADS/hot" 1.5 2>/dev/null
"$PERF" record -q -e cpu-clock -F 2000 -a -o ours.data -- "$WORKLOADS/hot" 1.5 2>/dev/null

for f in ref ours; do
	for s in comm,dso,sym pid dso; do
		rows "$ORACLE" $f.data $s >want.$f.$s
		rows "$PERF" $f.data $s >got.$f.$s
		if [ -s want.$f.$s ] && cmp -s want.$f.$s got.$f.$s; then
			ok "$f.data --sort $s: $(wc -l <got.$f.$s) rows >= 0.5% equal Linux perf's"
		else
			fail "$f.data --sort $s: rows differ from Linux perf's"
			diff want.$f.$s got.$f.$s | head -10 | sed 's/^/    /'
		fi
	done
	a=$(total "$PERF" $f.data) b=$(total "$ORACLE" $f.data)
	check "$f.data: same sample total ($a, Linux perf $b)" test "$a" = "$b" -a "$a" -gt 0
done

# --kallsyms: kernel symbols from a copy of /proc/kallsyms, as from the
# file itself.  Every row: on a quiet machine no kernel row reaches 0.5%.
cp /proc/kallsyms kallsyms.copy
all_rows() { # file [options]
	"$PERF" report -i "$@" --stdio --sort comm,dso,sym 2>/dev/null |
		awk '/^ +[0-9.]+%/ { $1 = $1; print }' | sort
}
all_rows ref.data >plain
all_rows ref.data --kallsyms=kallsyms.copy >copied
if grep -q '\[k\] [a-z_]' plain && cmp -s plain copied; then
	ok "--kallsyms with a copy of /proc/kallsyms: the same $(wc -l <plain) rows, kernel symbols among them"
else
	fail "--kallsyms with a copy of /proc/kallsyms: rows differ, or no kernel symbol"
	diff plain copied | head -6 | sed 's/^/    /'
fi
err=$("$PERF" report -i ref.data --stdio --kallsyms=missing.kallsyms 2>&1 >/dev/null)
check "--kallsyms with a missing file: the warning names it" \
	grep -q 'missing.kallsyms' <<<"$err"

# Rows that only some programs have: C++ names (demangled, no parameters),
# JIT code in anonymous memory, with and without its symbol map, and the
# vDSO, whose symbols come from Linux perf's build-id cache or from the
# vDSO of this very machine (Linux perf records first: its cache has it).
same_rows() { # what file pattern
	rows "$ORACLE" "$2" comm,dso,sym >want
	rows "$PERF" "$2" comm,dso,sym >got
	if grep -q "$3" got && cmp -s want got; then
		ok "$1: $(wc -l <got) rows >= 0.5% equal Linux perf's"
	else
		fail "$1: rows differ from Linux perf's, or lack '$3'"
		diff want got | head -10 | sed 's/^/    /'
	fi
}

for tool in "$ORACLE" "$PERF"; do
	who=ours; [ "$tool" = "$ORACLE" ] && who=perf
	"$tool" record -q -e cpu-clock -F 2000 -o cpp.$who.data -- "$WORKLOADS/hotcpp" 1 2>/dev/null
	same_rows "C++ workload, recorded by $who" cpp.$who.data 'work::scale<int>$'
	"$tool" record -q -e cpu-clock -F 2000 -o jit.$who.data -- "$WORKLOADS/jit" 1 \
		>jit.pid 2>/dev/null
	same_rows "JIT code, no map file, recorded by $who" jit.$who.data \
		"\[JIT\] tid $(cat jit.pid) \[\.\] 0x"
	"$tool" record -q -e cpu-clock -F 2000 -o jitmap.$who.data -- "$WORKLOADS/jit" -m 1 \
		>jit.pid 2>/dev/null
	same_rows "JIT code with /tmp/perf-PID.map, recorded by $who" jitmap.$who.data \
		"\[JIT\] tid $(cat jit.pid) \[\.\] jit_hot$"
	rm -f "/tmp/perf-$(cat jit.pid).map"
	"$tool" record -q -e cpu-clock -F 2000 -o clock.$who.data -- "$WORKLOADS/clock" 1 2>/dev/null
	same_rows "vDSO calls, recorded by $who" clock.$who.data \
		'\[vdso\] \[\.\] __vdso_clock_gettime$'
done
mkdir -p nohome
check "vDSO symbols without a build-id cache: from this machine's vDSO" \
	eval 'HOME=$PWD/nohome "$PERF" report -i clock.ours.data --stdio 2>/dev/null |
	      grep -q "\[vdso\] *\[\.\] __vdso_clock_gettime$"'
check "and no copy of it left behind in /tmp" \
	eval '! find /tmp -maxdepth 1 -name "perf-vdso.so-*" -newer clock.ours.data | grep -q .'
finish
