#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Call graphs: on files with call chains, recorded by Linux perf and by
# us, our report --stdio prints Linux perf 6.1's text line for line (its
# Children/Self view, the graph, fractal, flat and folded modes, caller and
# callee orders, thresholds, limits), and the tree has the known shape of
# the callpath workload.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/lib/callgraph.sh"

REC=(-e cpu-clock -c 250000)

# compare WHAT FILE [options]: both reports of FILE equal, with call graphs in them.
compare() {
	local what=$1 in=$2; shift 2
	view "$ORACLE" "$in" "$@" | tie_sort >want
	view "$PERF" "$in" "$@" | tie_sort >got
	local rows; rows=$(grep -c '^ *[0-9.]*%  ' want)
	local lines; lines=$(grep -c -e '--' -e ';' want)
	if [ "$rows" -gt 0 ] && [ "$lines" -gt 0 ] && cmp -s want got; then
		ok "$what ($*): $(wc -l <want) lines, $rows rows, equal to Linux perf's"
	else
		fail "$what ($*): differs from Linux perf's ($rows rows, $lines chain lines)"
		diff want got | head -20 | sed 's/^/#   /'
	fi
}

VIEWS=(
	""
	"--no-children"
	"-g caller"
	"-g callee"
	"-g folded"
	"--no-children -g folded"
	"--no-children -g caller"
	"-g callee --no-children"
	"-g fractal"
	"-g fractal --no-children"
	"-g flat --no-children"
	"-g flat"
	"-G --no-children"
	"--no-children -g"
	"-g graph,2,callee"
	"-g graph,0.5,2"
	"-g folded,0,period"
	"-g count --no-children"
	"--max-stack 3"
	"-g caller --max-stack 4 --no-children"
	"--percent-limit 20"
	"--sort sym"
	"--sort dso,sym --no-children"
	"--sort pid"
	"-n --showcpuutilization"
)

compare_views() { # what file
	local v
	for v in "${VIEWS[@]}"; do
		# shellcheck disable=SC2086
		compare "$1" "$2" $v
	done
}

# record TOOL OUT [record options] -- workload...
rec() {
	local tool=$1 out=$2; shift 2
	"$tool" record -q "${REC[@]}" -o "$out" "$@" >/dev/null 2>&1
}

if ! rec "$ORACLE" perf-fp.data -g -- "$WORKLOADS/callpath" -r 300 ||
   ! rec "$PERF" ours-fp.data -g -- "$WORKLOADS/callpath" -r 300; then
	fail "record -g of the callpath workload"
	finish
fi

# The known shape: leaf is reached from b (6 units) and c (3), d from c (1).
view "$PERF" ours-fp.data --no-children -g folded >shape
check "leaf's chains are main -> a -> b -> leaf and main -> c -> leaf" \
	grep -q '% leaf;b;a;round_of_work;workload_main;main;' shape
check "d's chain is main -> c -> d" grep -q '% d;c;round_of_work;workload_main;main;' shape
share=$(awk '/% leaf;b;a;/ { sub(/%.*/, ""); print; exit }' shape)
check "leaf under b holds about 60% ($share%)" awk -v s="${share:-0}" 'BEGIN { exit !(s > 54 && s < 66) }'
view "$PERF" ours-fp.data >children
check "Children: main's row holds everything under it" \
	grep -qE '^ +(99|100)\.[0-9]+% +0\.00%  callpath +callpath +\[\.\] main$' children

compare_views "Linux perf's -g file" perf-fp.data
compare_views "our -g file" ours-fp.data

# C++: demangled frames.
if rec "$ORACLE" perf-cpp.data -g -- "$WORKLOADS/hotcpp" -r 100; then
	compare "a C++ workload" perf-cpp.data
	compare "a C++ workload" perf-cpp.data --no-children -g callee
	compare "a C++ workload" perf-cpp.data -g folded
else
	fail "record -g of the C++ workload"
fi

# The whole machine, with a workload of deep branching paths.
if rec "$ORACLE" perf-sys.data -a -g -- "$WORKLOADS/deepcall" 1; then
	compare "system-wide" perf-sys.data
	compare "system-wide" perf-sys.data --no-children
	compare "system-wide" perf-sys.data -g folded
	compare "system-wide" perf-sys.data -g caller --no-children
else
	fail "record -a -g"
fi

# Guest call chains, as the kernel series writes them (PERF_CONTEXT_GUEST,
# PERF_CONTEXT_GUEST_KERNEL, frames): each frame resolves in its guest,
# with the guest's kallsyms and modules.  perf 6.1 defect: it takes those
# markers for a corrupt chain ("invalid callchain context") and drops the
# whole chain, so it is no oracle here; the ground truth is synth-guest's.
SYNTH=${TEST_TOOLS:-$(dirname "$PERF")/tests/tools}/synth-guest
mkdir -p guest
if "$SYNTH" chains guest; then
	(cd guest && "$PERF" kvm --guest --guestmount=guestmount report -i perf.data.kvm \
		--stdio --no-children -g folded 2>/dev/null) >guest.folded
	check "guest chains: fn0 <- fn1 <- fn2 in the first guest, resolved there ([g])" \
		eval 'grep -q "\[guest.kernel.kallsyms.3587\] *\[g\] alpha_fn0$" guest.folded &&
		      grep -q "^31.25% alpha_fn0;alpha_fn1;alpha_fn2$" guest.folded'
	check "guest chains: the second guest's, with its own symbols" \
		grep -q '^18.75% beta_fn1;beta_fn2$' guest.folded
	check "guest chains: a module frame under its caller" \
		eval '(cd guest && "$PERF" kvm --guest --guestmount=guestmount report \
			-i perf.data.kvm --stdio -g folded 2>/dev/null) |
			grep -q "alpha_fn2;alpha_mod_poll$"'
	(cd guest && "$PERF" kvm --guest --guestmount=guestmount report -i perf.data.kvm \
		--flamegraph=../guest.svg 2>/dev/null)
	check "guest chains: the flame graph has a tower per guest, in guest-kernel colours" \
		eval 'grep -q "data-name=\"guest 3587\"" guest.svg &&
		      grep -q "data-name=\"guest 3620\"" guest.svg &&
		      grep -q "data-kind=\"guest-kernel\"" guest.svg'
else
	fail "synth-guest chains"
fi

# Without chains in the file, -g is an error and --children is nothing.
rec "$ORACLE" flat.data -- "$WORKLOADS/callpath" -r 30
if "$PERF" report -i flat.data --stdio -g >out 2>err; then
	fail "-g on a file without call chains is refused"
else
	check "-g on a file without call chains: the error says why" grep -q 'call chains' err
fi
check "--children on a file without chains prints the flat table" \
	eval 'view "$PERF" flat.data --children | grep -q "^# Overhead"'
if "$PERF" report -i perf-fp.data --stdio -g bogus >out 2>err; then
	fail "-g bogus is refused"
else
	check "-g bogus: the error names the argument" grep -q "bogus" err
fi
finish
