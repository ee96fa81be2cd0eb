#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# perf buildid-list against Linux perf's on files recorded by both, with
# and without --with-hits, and on a synthetic file with guest entries.
. "$(dirname "$0")/lib.sh"

SYNTH=${TEST_TOOLS:-$(dirname "$PERF")/tests/tools}/synth-guest

same() { # what, then the arguments for both
	local what=$1; shift
	"$ORACLE" "$@" >want 2>/dev/null
	"$PERF" "$@" >got 2>got.err
	local rc=$?
	if [ $rc -eq 0 ] && cmp -s want got; then
		ok "$what: $(wc -l <got) lines equal Linux perf's"
	else
		fail "$what: differs from Linux perf's (exit $rc)"
		diff want got | head -10 | sed 's/^/    /'
	fi
}

"$ORACLE" record -q -o ref.data -- "$WORKLOADS/hot" 0.3 2>/dev/null
"$PERF" record -q -o ours.data -- "$WORKLOADS/hot" 0.3 2>/dev/null
for f in ref ours; do
	same "$f.data" buildid-list -i $f.data
	same "$f.data --with-hits" buildid-list -i $f.data --with-hits
done
hot_id=$("$ORACLE" buildid-list -i "$WORKLOADS/hot" 2>/dev/null)
check "ours.data lists the workload with its ELF build-id" \
	grep -q "^$hot_id $WORKLOADS/hot\$" got

# Guest entries (pid 0, 3620) come after the host's, by pid, as recorded.
mkdir d && "$SYNTH" buildid d
same "guest file" buildid-list -i d/perf.data.kvm
{ sed -n 4,5p d/buildids; sed -n 1,3p d/buildids; } >truth
check "guest file: lines as written, host first, guests by pid" cmp -s truth got
check "guest file: a 16-byte build-id padded to 40 columns" \
	grep -q '^55555555555555555555555555555555         /usr/bin/qemu-system-x86_64$' got
same "guest file -H (guest samples hit nothing outside perf kvm)" buildid-list -H -i d/perf.data.kvm
check "guest file -H: no lines" test ! -s got
GK="--guestkallsyms=d/kallsyms --guestmodules=d/modules"
same "perf kvm buildid-list -H" kvm $GK buildid-list -H -i d/perf.data.kvm
check "perf kvm buildid-list -H: the guest kernel and module hit" \
	test "$(cat got)" = "$(sed -n 1,2p d/buildids)"
same "perf kvm --host buildid-list -H (guests still count)" kvm --host $GK buildid-list -H -i d/perf.data.kvm
same "perf kvm buildid-list -H without --guestkallsyms" kvm buildid-list -H -i d/perf.data.kvm
cp d/perf.data.kvm perf.data.guest
"$PERF" kvm buildid-list >kvm.out 2>/dev/null
check "perf kvm buildid-list reads perf.data.guest" cmp -s truth kvm.out

# No build-id section: the DSOs that samples hit, their build-ids read here
# (Linux perf prints the same DSOs with blank build-ids).
"$ORACLE" record -q -B -o nobid.data -- "$WORKLOADS/hot" 0.3 2>/dev/null
# A hit vDSO is, to Linux perf, the temporary copy it extracted it to.
"$ORACLE" buildid-list -i nobid.data 2>/dev/null | awk '{ print $NF }' |
	sed 's|^/tmp/perf-vdso\.so-.*|[vdso]|' >want
"$PERF" buildid-list -i nobid.data >got 2>/dev/null
check "no section: the same DSOs as Linux perf ($(wc -l <want))" \
	test -s want -a "$(awk '{ print $NF }' got)" = "$(cat want)"
check "no section: the workload's build-id read from its ELF" \
	grep -q "^$hot_id $WORKLOADS/hot\$" got

same "an ELF file: its own build-id" buildid-list -i "$WORKLOADS/hot"

cp ours.data bad.data; printf 'XERFILE2' | dd of=bad.data conv=notrunc 2>/dev/null
"$PERF" buildid-list -i bad.data >out 2>err
check "malformed file: \"bad.data: offset 0: bad magic\", exit 1" \
	test $? -eq 1 -a -n "$(grep '^Error: bad.data: offset 0: bad magic' err)"
"$PERF" buildid-list -i /nonexistent.data >out 2>err
check "missing file: named, exit 1" test $? -eq 1 -a -n "$(grep 'cannot open /nonexistent.data' err)"
"$PERF" buildid-list extra >out 2>&1
check "stray argument: usage, exit 129" test $? -eq 129
finish
