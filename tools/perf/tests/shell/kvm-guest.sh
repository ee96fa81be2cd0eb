#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# perf kvm report on guest perf.data files that the test writes itself,
# checked against the ground truth it wrote, and against Linux perf.
. "$(dirname "$0")/lib.sh"

SYNTH=${TEST_TOOLS:-$(dirname "$PERF")/tests/tools}/synth-guest

# "samples<TAB>comm<TAB>dso<TAB>sym" rows of our report -n --sort comm,dso,sym
our_rows() {
	"$PERF" kvm "$@" report -n --stdio --sort comm,dso,sym 2>/dev/null |
		awk '/^ +[0-9.]+%/ { s = $5; for (i = 6; i <= NF; i++) s = s " " $i;
				   print $2 "\t" $3 "\t" $4 "\t" s }' | sort
}

# "overhead dso sym" rows of a --sort dso,sym report, only for the given dso pattern
dso_sym_rows() { # binary pattern args...
	local bin=$1 pat=$2; shift 2
	"$bin" kvm "$@" report --stdio --sort dso,sym 2>/dev/null |
		awk -v pat="$pat" '/^ +[0-9.]+%/ && $2 ~ pat { $1 = $1; print }' | sort
}

mkdir d g
"$SYNTH" default d && "$SYNTH" guestmount g
check "synthetic guest files written" test -s d/perf.data.kvm -a -s g/perf.data.kvm

# Default guest: --guestkallsyms/--guestmodules.
DOPTS="--guestkallsyms=d/kallsyms --guestmodules=d/modules -i d/perf.data.kvm"
our_rows $DOPTS >d/got
sort d/truth >d/want
if cmp -s d/want d/got; then
	ok "default guest: rows equal the ground truth ($(wc -l <d/got) rows, modules resolved)"
else
	fail "default guest: rows differ from the ground truth"; diff d/want d/got | sed 's/^/    /'
fi
dso_sym_rows "$PERF" 'guest.kernel|unknown' $DOPTS >d/ours
dso_sym_rows "$ORACLE" 'guest.kernel|unknown' $DOPTS >d/perfs
if [ -s d/ours ] && cmp -s d/ours d/perfs; then
	ok "default guest: guest kernel and guest user rows equal Linux perf's"
else
	fail "default guest: guest kernel rows differ from Linux perf's"; diff d/perfs d/ours | sed 's/^/    /'
fi
# Linux perf 6.1 leaves guest module samples as raw offsets; we resolve them (checked above).

# Two guests under --guestmount.
GOPTS="--guestmount=g/guestmount -i g/perf.data.kvm"
our_rows $GOPTS >g/got
sort g/truth | awk -F'\t' '{ k = $2 "\t" $3 "\t" $4; n[k] += $1 } END { for (k in n) print n[k] "\t" k }' |
	sort >g/want
if cmp -s g/want g/got; then
	ok "guestmount: each guest's samples under its own [guest.kernel.kallsyms.PID]"
else
	fail "guestmount: rows differ from the ground truth"; diff g/want g/got | sed 's/^/    /'
fi
# Linux perf 6.1 does not resolve guestmount guests' kernels at all (every
# sample stays a raw [guest.kernel.kallsyms] address), so there is no oracle here.

"$PERF" kvm $GOPTS report --stdio --sort pid --showcpuutilization >g/pid.out 2>&1
row() { awk -v p="$1:qemu-system-x86" '$NF == p { print $1, $2, $3, $4, $5 }' g/pid.out; }
check "--sort pid --showcpuutilization: guest 3587 row (got '$(row 3587)')" \
	test "$(row 3587)" = "56.25% 0.00% 0.00% 52.50% 3.75%"
check "--sort pid --showcpuutilization: guest 3620 row (got '$(row 3620)')" \
	test "$(row 3620)" = "43.75% 0.00% 0.00% 38.75% 5.00%"
check "guest columns titled as perf does" grep -q 'guest sys  guest usr' g/pid.out

# A guestmount entry whose kallsyms is a symlink out of the tree is not followed.
cp g/guestmount/3620/proc/kallsyms outside-kallsyms
ln -sf "$T/outside-kallsyms" g/guestmount/3620/proc/kallsyms
"$PERF" kvm $GOPTS report --stdio >g/escape.out 2>g/escape.err
check "symlink escape: report still succeeds" test $? -eq 0
check "symlink escape: warned, naming the file" grep -q '3620/proc/kallsyms resolves to .*outside' g/escape.err
check "symlink escape: that guest's symbols are not used" test -z "$(grep beta_fn g/escape.out)"
check "symlink escape: the other guest still resolves" grep -q alpha_fn0 g/escape.out

# --host / --guest filter by cpumode.
"$PERF" kvm --host $DOPTS report --stdio >d/host.out 2>&1
check "--host alone hides guest samples" test -z "$(grep -E '\[g\]|\[u\]' d/host.out)"
"$PERF" kvm --guest $DOPTS report --stdio >d/guest.out 2>&1
check "--guest shows them" grep -q '\[g\] guest_fn0' d/guest.out

# perf kvm record: default file names and the synthesized guest kernel map.
"$PERF" kvm --host record -q -a -- sleep 0.2 2>/dev/null
check "perf kvm --host record writes perf.data.host" test -s perf.data.host
"$PERF" kvm --host --guest --guestkallsyms=d/kallsyms --guestmodules=d/modules record -q -a -- sleep 0.2 2>/dev/null
check "perf kvm --host --guest record writes perf.data.kvm" test -s perf.data.kvm
"$ORACLE" script -D -i perf.data.kvm 2>/dev/null | grep 'PERF_RECORD_MMAP' >mmaps.out
check "guest kernel map synthesized (pid 0, [guest.kernel.kallsyms]_text at _text)" \
	grep -q '0/0: \[0xffffffff81000000(0x4000) @ 0xffffffff81000000\]: x \[guest.kernel.kallsyms\]_text' mmaps.out
check "guest module map synthesized" grep -q '0/0: \[0xffffffffc0100000(0x4000) @ 0\]: x \[guest_mod\]' mmaps.out
"$ORACLE" report --header-only -i perf.data.kvm 2>/dev/null | grep -o 'exclude_guest = 1' >excl.out
check "perf kvm record samples with exclude_guest=0" test ! -s excl.out
"$PERF" kvm --host report --stdio -i perf.data.kvm >kvmrep.out 2>&1
check "perf kvm report reads what perf kvm record wrote" grep -q "kernel.kallsyms" kvmrep.out
"$PERF" kvm -h >kvmh.out 2>&1
check "perf kvm -h lists the guest options" grep -q -- '--guestmount' kvmh.out
# --sort vcpu: QEMU's vCPU threads ("CPU n/KVM") by their vCPU, each
# guest's rows split over its vCPUs and summing to its total; threads
# of other names are one row, "-".
cat >v.spec <<'SPEC'
comm 200 200 exec qemu-system-x86
comm 200 201 - CPU 0/KVM
comm 200 202 - CPU 1/KVM
comm 300 301 - CPU 0/KVM
mmap g 200 0xffffffff81000000 0x100000 0 [guest.kernel.kallsyms]_text
sample g 200 201 0xffffffff81000100 10
sample g 200 202 0xffffffff81000100 5
sample g 300 301 0xffffffff81000100 3
sample g 200 200 0xffffffff81000100 2
SPEC
"${SYNTH%-guest}-data" v.data <v.spec
check "--sort vcpu: vCPU 0 of both guests 13, vCPU 1 5, the QEMU thread 2" \
	eval 'test "$("$PERF" kvm -i v.data report --stdio -n --sort vcpu 2>/dev/null |
		awk "/^ +[0-9.]+%/ { print \$2, \$3 }" | tr "\n" " ")" = "13 0 5 1 2 - "'
check "--sort pid,vcpu: each vCPU thread a row of its own" \
	eval 'test "$("$PERF" kvm -i v.data report --stdio -n --sort pid,vcpu 2>/dev/null |
		awk "/^ +[0-9.]+%/ { print \$2, \$3, \$NF }" | tr "\n" " ")" = \
		"10 201:CPU 0 5 202:CPU 1 3 301:CPU 0 2 200:qemu-system-x86 - "'
finish
