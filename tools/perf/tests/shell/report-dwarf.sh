#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Call graphs of --call-graph dwarf files: the callpath workload built
# without frame pointers, recorded by Linux perf and by us, unwound at
# report time; our report --stdio prints Linux perf 6.1's text line for
# line in the default view, with --no-children, caller and callee order,
# and folded.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/lib/callgraph.sh"

NOFP=$WORKLOADS/callpath-nofp

# perf 6.1's inlined frames follow its own defect (see inline.sh), and
# under this test's HOME it lists none at all (it reads no DWARF of files
# below /tmp/perf-*): the views compare without them; inline.sh compares
# them.
VIEWS=(
	""
	"--no-children"
	"-g caller"
	"-g callee"
	"-g callee --no-children"
	"-g folded"
	"-g folded --no-children"
)

compare() { # what file [options]
	local what=$1 f=$2; shift 2

	view "$ORACLE" "$f" --no-inline "$@" | tie_sort >perf.txt
	view "$PERF" "$f" --no-inline "$@" | tie_sort >ours.txt
	if [ -s perf.txt ] && cmp -s perf.txt ours.txt; then
		ok "$what, ${*:-the default view}: Linux perf's $(wc -l <ours.txt) lines"
	else
		fail "$what, ${*:-the default view}: differs from Linux perf's"
		diff perf.txt ours.txt | head -8 | sed 's/^/    /'
	fi
}

for who in perf ours; do
	bin=$ORACLE
	[ $who = ours ] && bin=$PERF
	if ! "$bin" record -q -e cpu-clock -c 250000 --call-graph dwarf -o $who.data -- \
			"$NOFP" -r 100 >/dev/null 2>&1; then
		fail "record --call-graph dwarf by $who"
		continue
	fi
	for v in "${VIEWS[@]}"; do
		# shellcheck disable=SC2086
		compare "$who --call-graph dwarf file" $who.data $v
	done
done

# C++ without frame pointers, recorded by Linux perf.
if "$ORACLE" record -q -e cpu-clock -c 250000 --call-graph dwarf -o cpp.data -- \
		"$WORKLOADS/hotcpp-nofp" -r 100 >/dev/null 2>&1; then
	compare "C++ --call-graph dwarf file" cpp.data
	compare "C++ --call-graph dwarf file" cpp.data -g folded --no-children
else
	fail "record --call-graph dwarf of the C++ workload"
fi
#
# Not the whole machine: there the two unwinders part ways on some
# samples (seen: perf 6.1's libunwind handing on 0xffffffffffffffff as a
# frame of perf's own threads, and stopping at deepcall's main on samples
# that ours unwinds to _start), so whole trees differ by chance.
# unwind-dwarf.sh compares the unwinders sample by sample instead.

# The known shape, from the unwound stacks alone (no frame pointers).
view "$PERF" ours.data --no-children -g folded >shape
check "unwound: leaf under b under a, and under c" \
	eval "grep -q '% leaf;b;a;round_of_work;workload_main;main;' shape &&
	      grep -q '% leaf;c;round_of_work;workload_main;main;' shape"
finish
