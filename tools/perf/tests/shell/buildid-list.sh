#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# perf buildid-list against Linux perf's on files recorded by both, with
# and without --with-hits, with --buildid-mmap, on files from another
# machine, and on a synthetic file with guest entries.
. "$(dirname "$0")/lib.sh"

SYNTH=${TEST_TOOLS:-$(dirname "$PERF")/tests/tools}/synth-guest

# Linux perf 6.1 lists a hit vDSO that the file gives no build-id for
# as the temporary copy it extracts this machine's vDSO to, with a blank
# id: its defect.  Where VDSO is set, that line is taken to read VDSO,
# what we list instead.
same() { # what, then the arguments for both
	local what=$1; shift
	"$ORACLE" "$@" 2>/dev/null | sed "s|^ *\(/tmp/perf-vdso\.so-[A-Za-z0-9]*\)\$|${VDSO:-\1}|" >want
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

# --buildid-mmap: the build-ids are in the MMAP2 records only, for both
# tools (no build-id table, no cache: as perf 6.1 does it).  The vDSO's
# MMAP2 carries none: a hit vDSO gets this machine's id in a file
# recorded here (as Linux perf's build-id table would give it), none in
# another machine's.
"$ORACLE" record -q -o vd.data -- "$WORKLOADS/clock" 0.3 2>/dev/null
vdso_id=$("$ORACLE" buildid-list -i vd.data 2>/dev/null | awk '$2 == "[vdso]" { print $1 }')
check "Linux perf's build-id table gives this machine's vDSO id (${vdso_id:-none})" \
	test ${#vdso_id} -eq 40
vdso_here="$vdso_id [vdso]"
vdso_far="$(printf '%40s' '') [vdso]"
EDIT=${TEST_TOOLS:-$(dirname "$PERF")/tests/tools}/data-edit
for who in perf ours; do
	bin=$PERF; [ $who = perf ] && bin=$ORACLE
	mkdir -p bm.$who
	HOME=$T/bm.$who "$bin" record -q --buildid-mmap -o bm.$who.data -- "$WORKLOADS/hot" 0.3 \
		2>/dev/null
	VDSO=$vdso_here same "--buildid-mmap, recorded by $who" buildid-list -i bm.$who.data
	check "--buildid-mmap, recorded by $who: the workload's id, from its MMAP2" \
		grep -q "^$hot_id $WORKLOADS/hot\$" got
	"$ORACLE" report --header-only -i bm.$who.data 2>/dev/null >hdr
	check "--buildid-mmap, recorded by $who: no build-id table, maps carry the ids" \
		eval 'grep -q "^# missing features:.* BUILD_ID" hdr && grep -q "build_id = 1" hdr'
	check "--buildid-mmap, recorded by $who: the build-id cache left alone" \
		test ! -e "$T/bm.$who/.debug"
	"$ORACLE" report -i bm.$who.data --stdio --sort comm,dso,sym 2>/dev/null |
		awk '/^ +[0-9.]+%/ { $1 = $1; print }' >want.rows
	"$PERF" report -i bm.$who.data --stdio --sort comm,dso,sym 2>/dev/null |
		awk '/^ +[0-9.]+%/ { $1 = $1; print }' >got.rows
	if grep -q '\[\.\] hot_a$' got.rows && cmp -s want.rows got.rows; then
		ok "--buildid-mmap, recorded by $who: all $(wc -l <got.rows) report rows equal Linux perf's"
	else
		fail "--buildid-mmap, recorded by $who: report rows differ from Linux perf's"
		diff want.rows got.rows | head -10 | sed 's/^/    /'
	fi
	# From another machine, where no binary is at its path: the ids come
	# from the file alone.
	"$EDIT" bm.$who.data bmfar.$who.data --hostname far-away --osrelease 1.0-far \
		--rename "$WORKLOADS/hot" /nonexistent/hot
	VDSO=$vdso_far same "--buildid-mmap, recorded by $who, from another machine" \
		buildid-list -i bmfar.$who.data
	check "--buildid-mmap from another machine: the id of a binary not here" \
		grep -q "^$hot_id /nonexistent/hot\$" got
done
# The clock workload lives in the vDSO: always hit.
for who in perf ours; do
	bin=$PERF; [ $who = perf ] && bin=$ORACLE
	HOME=$T/bm.$who "$bin" record -q --buildid-mmap -o bmv.$who.data -- "$WORKLOADS/clock" 0.3 \
		2>/dev/null
	VDSO=$vdso_here same "--buildid-mmap, a hit vDSO, recorded by $who" buildid-list -i bmv.$who.data
	check "--buildid-mmap, a hit vDSO, recorded by $who: listed with this machine's id" \
		grep -qxF "$vdso_here" got
	"$EDIT" bmv.$who.data bmvfar.data --hostname far-away
	VDSO=$vdso_far same "--buildid-mmap, a hit vDSO, recorded by $who, from another machine" \
		buildid-list -i bmvfar.data
done
"$PERF" record -q --buildid-mmap -a -o bmall.data -- sleep 0.2 2>/dev/null
"$ORACLE" script -D -i bmall.data 2>/dev/null | grep '^0 0 .*PERF_RECORD_MMAP2' >mmaps
kid=$("$PERF" buildid-list -k)
check "--buildid-mmap -a: the kernel's map is an MMAP2 with its build-id, as perf writes it" \
	grep -q "PERF_RECORD_MMAP2 -1/0: \[.*<$kid>\]: ---p \[kernel.kallsyms\]_text\$" mmaps
check "--buildid-mmap -a: synthesized maps of running processes carry build-ids" \
	test "$(grep -c ' <[0-9a-f]*>\]: r-xp /' mmaps)" -gt 0

# A file from another machine (another hostname, or another kernel
# release) with no build-id table: no build-id of this machine's
# binaries may stand for its binaries.  Linux perf prints the same blank
# ids, but names the [vdso] after a temporary copy of this machine's
# vDSO, /tmp/perf-vdso.so-XXXXXX: its defect, the file had no such DSO.
blank() { awk 'substr($0, 1, 41) !~ /^ +$/ { bad = 1 } END { exit bad || NR == 0 }' "$1"; }
for who in perf ours; do
	bin=$PERF; [ $who = perf ] && bin=$ORACLE
	"$bin" record -q -B -o nb.$who.data -- "$WORKLOADS/clock" 0.5 2>/dev/null
	"$PERF" buildid-list -i nb.$who.data >here.out 2>/dev/null
	check "no table, recorded here by $who: the ids read from this machine's binaries" \
		grep -q "^$("$ORACLE" buildid-list -i "$WORKLOADS/clock") $WORKLOADS/clock\$" here.out
	for edit in "--hostname far-away" "--osrelease 1.0-far" "--hostname far-away --drop 3"; do
		"$EDIT" nb.$who.data far.data $edit
		"$PERF" buildid-list -i far.data >got 2>/dev/null
		"$ORACLE" buildid-list -i far.data >want.raw 2>/dev/null
		sed 's|/tmp/perf-vdso\.so-[A-Za-z0-9]*$|[vdso]|' want.raw >want
		check "no table, recorded by $who, edited $edit: no local id attached" blank got
		check "no table, recorded by $who, edited $edit: Linux perf's DSOs and blank ids" \
			cmp -s want got
	done
	check "recorded by $who, from another machine: Linux perf 6.1 names a temporary copy of this machine's vDSO" \
		grep -q ' /tmp/perf-vdso\.so-[A-Za-z0-9]*$' want.raw
	"$bin" record -q -o tb.$who.data -- "$WORKLOADS/hot" 0.3 2>/dev/null
	"$EDIT" tb.$who.data tbfar.data --hostname far-away --drop 2
	"$PERF" buildid-list -i tbfar.data >got 2>/dev/null
	check "build-id table dropped, recorded by $who, from another machine: blank ids" blank got
done

cp ours.data bad.data; printf 'XERFILE2' | dd of=bad.data conv=notrunc 2>/dev/null
"$PERF" buildid-list -i bad.data >out 2>err
check "malformed file: \"bad.data: offset 0: bad magic\", exit 1" \
	test $? -eq 1 -a -n "$(grep '^Error: bad.data: offset 0: bad magic' err)"
"$PERF" buildid-list -i /nonexistent.data >out 2>err
check "missing file: named, exit 1" test $? -eq 1 -a -n "$(grep 'cannot open /nonexistent.data' err)"
"$PERF" buildid-list extra >out 2>&1
check "stray argument: usage, exit 129" test $? -eq 129
finish
