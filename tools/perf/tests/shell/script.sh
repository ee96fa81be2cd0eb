#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# perf script: on files recorded by Linux perf and by us, flat and with
# call chains (frame pointers, DWARF, system-wide, C++, a JIT), our output
# is Linux perf 6.1's byte for byte, with its default fields and with -F;
# perf kvm script resolves guest chains in their guests.
. "$(dirname "$0")/lib.sh"

SYNTH=${TEST_TOOLS:-$(dirname "$PERF")/tests/tools}/synth-guest

# same WHAT FILE [script options]: both tools print the same bytes.
same() {
	local what=$1 f=$2; shift 2

	"$ORACLE" script -i "$f" "$@" >perf.out 2>/dev/null
	"$PERF" script -i "$f" "$@" >ours.out 2>ours.err
	if [ -s perf.out ] && cmp -s perf.out ours.out; then
		ok "$what: the same $(wc -l <ours.out) lines as Linux perf"
	else
		fail "$what: differs from Linux perf ($(wc -l <perf.out) lines, ours $(wc -l <ours.out))"
		diff perf.out ours.out | head -10 | sed 's/^/    /'
		head -3 ours.err | sed 's/^/    /'
	fi
}

rec() { # binary out [record args]
	local bin=$1 out=$2; shift 2
	"$bin" record -q -o "$out" "$@" >/dev/null 2>&1
}

rec "$ORACLE" p-flat.data -- "$WORKLOADS/callpath" -r 20
rec "$ORACLE" p-fp.data -g -- "$WORKLOADS/callpath" -r 20
rec "$ORACLE" p-sys.data -a -g -- "$WORKLOADS/deepcall"
rec "$ORACLE" p-cpp.data -g -- "$WORKLOADS/hotcpp"
rec "$ORACLE" p-jit.data -g -- "$WORKLOADS/jit"
rec "$ORACLE" p-count.data -c 100000 -- "$WORKLOADS/hot" 1
rec "$PERF" o-flat.data -- "$WORKLOADS/callpath" -r 20
rec "$PERF" o-fp.data -g -- "$WORKLOADS/callpath" -r 20
rec "$PERF" o-sys.data -a -g -- "$WORKLOADS/deepcall"

same "Linux perf's flat per-thread file" p-flat.data
same "Linux perf's -g file" p-fp.data
same "Linux perf's system-wide -g file" p-sys.data
same "Linux perf's C++ -g file (demangled names)" p-cpp.data
same "Linux perf's JIT -g file (perf-PID.map symbols)" p-jit.data
same "Linux perf's -c file (no period in the samples)" p-count.data
same "our flat file" o-flat.data
same "our -g file" o-fp.data
same "our system-wide -g file" o-sys.data

# perf 6.1 lists, for DWARF-unwound frames, the functions inlined there
# when it finds debug info; both tools leave them out with --no-inline.
rec "$ORACLE" p-dwarf.data --call-graph dwarf -- "$WORKLOADS/callpath-nofp" -r 20
rec "$PERF" o-dwarf.data --call-graph dwarf -- "$WORKLOADS/callpath-nofp" -r 20
same "Linux perf's --call-graph dwarf file, unwound (--no-inline)" p-dwarf.data --no-inline
same "our --call-graph dwarf file, unwound (--no-inline)" o-dwarf.data --no-inline

# -F: chosen fields, and +/- on the defaults, flat and with chains.
for fields in comm,tid pid,tid,comm ip ip,sym ip,dso ip,sym,symoff,dso,comm time,event \
	      comm,period tid,ip,sym,symoff -period +pid -ip; do
	same "-F $fields, flat" p-flat.data -F "$fields"
done
for fields in ip ip,sym,dso comm,tid,ip,sym,dso time,ip -dso; do
	same "-F $fields, with chains" p-fp.data -F "$fields"
done
same "-F sw:comm,tid,ip,sym (a type prefix)" p-flat.data -F sw:comm,tid,ip,sym
same "-G: no call chains" p-fp.data -G
same "--max-stack 3" p-sys.data --max-stack 3
same "--ns" p-flat.data --ns

# A field the samples do not carry: Linux perf's message.
"$PERF" script -i p-flat.data -F cpu,comm >out 2>err
rc=$?
check "-F cpu on a file without CPU in its samples fails (exit $rc)" test $rc -ne 0
check "... with perf's message" grep -q "do not have CPU attribute set. Cannot print 'cpu' field" err
"$PERF" script -i p-flat.data -F comm,bogus >out 2>err
check "-F with an unknown field: the error names it" grep -q "Invalid field requested: 'bogus'" err

# A pipe: perf record -o - | perf script.
"$ORACLE" record -q -o - -- "$WORKLOADS/callpath" -r 10 2>/dev/null >pipe.data
"$PERF" script -i - <pipe.data >pipe.ours 2>/dev/null
"$ORACLE" script -i - <pipe.data >pipe.perf 2>/dev/null
check "a pipe-format file on standard input: Linux perf's lines ($(wc -l <pipe.perf))" \
	eval 'test -s pipe.perf && cmp -s pipe.perf pipe.ours'

# Guests: plain perf script shows no guest sample, as perf 6.1; perf kvm
# script resolves guest chains in their guest's kallsyms and modules, and
# marks each guest frame.  perf 6.1 has no perf kvm script, and drops these
# chains (it takes the guest context markers for corruption): the ground
# truth is synth-guest's.
mkdir guest
if "$SYNTH" chains guest >/dev/null; then
	(cd guest && "$PERF" script -i perf.data.kvm) >plain.out 2>/dev/null
	check "perf script: no guest samples" test ! -s plain.out
	(cd guest && "$PERF" kvm --guestmount=guestmount script -i perf.data.kvm) \
		>kvm.out 2>kvm.err
	check "perf kvm script: guest frames resolved in the first guest, marked [g]" \
		grep -q 'alpha_fn1+0x[0-9a-f]* (\[guest.kernel.kallsyms.3587\]) \[g\]$' kvm.out
	check "perf kvm script: the second guest's frames with its own symbols" \
		grep -q 'beta_fn2+0x[0-9a-f]* (\[guest.kernel.kallsyms.3620\]) \[g\]$' kvm.out
	check "perf kvm script: a guest module frame" \
		grep -q 'alpha_mod_poll+0x[0-9a-f]* (\[[a-z_]*\]) \[g\]$' kvm.out
	(cd guest && "$PERF" kvm --host --guestmount=guestmount script -i perf.data.kvm) \
		>host.out 2>/dev/null
	check "perf kvm --host script: no guest frames" eval '! grep -q "\[g\]$" host.out'
else
	fail "synth-guest chains"
fi

# stackcollapse-perf.pl's reading of a chain block: frames, innermost
# first, "ADDR SYM+OFF (DSO)"; the callpath functions must be there.
"$PERF" script -i o-fp.data >o-fp.out 2>/dev/null
check "frame lines read as 'addr sym+off (dso)': leaf under b under a" \
	eval "awk '/^\t/ { sub(/\+0x[0-9a-f]+\$/, \"\", \$2); c = c \" \" \$2; next }
		   { if (c ~ / leaf b a /) f = 1; c = \"\" } END { exit !f }' o-fp.out"
finish
