#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Event groups: files recorded with groups by Linux perf and by us, and
# our report against Linux perf's on the very same file (sampling makes
# two runs differ), every line from the headers to the last row, in
# order and byte for byte: the group view, --group, --no-group, with -n,
# and a few --sort, --percent-limit and --showcpuutilization runs.
. "$(dirname "$0")/lib.sh"

# Linux perf record fills the build-id cache, and report reads it: a
# home of our own keeps both away from the user's ~/.debug.
export HOME=$T/home
mkdir -p "$HOME"
TOOLS=${TEST_TOOLS:-$(dirname "$PERF")/tests/tools}

# A report without its tip (Linux perf picks one at random) or blank lines.
table() { # perf-binary file [options]
	local bin=$1 file=$2
	shift 2
	"$bin" report -i "$file" --stdio "$@" 2>/dev/null | grep -v -e '^# (Tip:' -e '^#$' -e '^$'
}

# Every line of both reports equal, and at least one row.
same_table() { # what file [options]
	local what=$1 file=$2
	shift 2
	table "$ORACLE" "$file" "$@" >want
	table "$PERF" "$file" "$@" >got
	if grep -q '%' got && cmp -s want got; then
		ok "$what: $(grep -c '%' got) rows equal Linux perf's"
	else
		fail "$what: differs from Linux perf's"
		diff want got | head -10 | sed 's/^/    /'
	fi
}

# name|record options: each recorded by Linux perf and by us.
specs=(
	"pair|-e {cpu-clock,task-clock}"
	"leader-sampling|-e {cpu-clock,task-clock}:S"
	"three-members|-e {cpu-clock,page-faults,task-clock}"
	"modifier|-e {cpu-clock,page-faults}:u"
	"group-and-lone|-e {cpu-clock,task-clock} -e page-faults"
	"named|-e mygrp{cpu-clock,task-clock}"
	"sampling-zero-deltas|-e {cpu-clock,page-faults}:S"
	"read-times|--running-time -e {cpu-clock,task-clock}:S"
	"lone-read|-e cpu-clock:S"
	"no-group|-e cpu-clock -e page-faults"
)

# Linux perf records first: its build-id cache then has the vDSO for both files.
for tool in "$ORACLE" "$PERF"; do
	who=ours; [ "$tool" = "$ORACLE" ] && who=perf
	for s in "${specs[@]}"; do
		name=${s%%|*}
		# shellcheck disable=SC2086
		if ! "$tool" record -q ${s#*|} -F 2000 -o "$name.$who.data" -- \
		     "$WORKLOADS/hot" 0.5 2>"$name.$who.err"; then
			fail "$who: record ${s#*|}: $(head -c 200 "$name.$who.err")"
		fi
	done
done

for s in "${specs[@]}"; do
	name=${s%%|*}
	for who in perf ours; do
		f=$name.$who.data
		[ -s "$f" ] || continue
		for view in "" --group --no-group; do
			same_table "$name, recorded by $who, ${view:-default view}" "$f" $view
			same_table "$name, recorded by $who, ${view:-default view}, -n" "$f" $view -n
		done
	done
done

# The other columns and options, on the files with member-only rows.
for who in perf ours; do
	for opts in "--sort dso,sym" "--sort pid" "--sort sym,comm -n" "--percent-limit 1" \
		    "--percent-limit 0.5 --no-group" "--showcpuutilization" \
		    "--showcpuutilization -n --group"; do
		# shellcheck disable=SC2086
		same_table "three-members, recorded by $who, $opts" three-members.$who.data $opts
	done
	"$ORACLE" kvm --host -i leader-sampling.$who.data report --stdio --showcpuutilization \
		2>/dev/null | grep -v -e '^# (Tip:' -e '^#$' -e '^$' >want
	"$PERF" kvm --host -i leader-sampling.$who.data report --stdio --showcpuutilization \
		2>/dev/null | grep -v -e '^# (Tip:' -e '^#$' -e '^$' >got
	check "leader-sampling, recorded by $who: perf kvm --host report --showcpuutilization" \
		eval 'grep -q "guest sys" got && cmp -s want got'
done

# What our files say about their groups, as Linux perf reads them.
hdr() { "$ORACLE" report --header-only -i "$1" 2>/dev/null; }
check "ours: HEADER_GROUP_DESC as Linux perf reads it" \
	eval 'hdr pair.ours.data | grep -qx "# group: {cpu-clock,task-clock}"'
check "ours: a named group keeps its name" \
	eval 'hdr named.ours.data | grep -qx "# group: mygrp{cpu-clock,task-clock}"'
check "ours: a lone event next to a group is in no group" \
	eval '[ "$(hdr group-and-lone.ours.data | grep -c "^# group:")" = 1 ]'
check "ours: no groups, no HEADER_GROUP_DESC" \
	eval '! hdr no-group.ours.data | grep -q "^# group:"'
check "ours: {a,b}:S is leader sampling (READ, ID|GROUP|LOST, members do not sample)" \
	eval 'hdr leader-sampling.ours.data | grep "^# event : name = task-clock" |
	      grep -q "READ.*read_format = ID|GROUP|LOST" &&
	      ! hdr leader-sampling.ours.data | grep "^# event : name = task-clock" |
	      grep -q sample_freq'
check "ours: --running-time reads enabled and running times" \
	eval 'hdr read-times.ours.data |
	      grep -q "read_format = TOTAL_TIME_ENABLED|TOTAL_TIME_RUNNING|ID|GROUP|LOST"'
# The member's numbers come from the leader's reads: its event count is
# the sum of the periods Linux perf's script gives its samples.
for who in perf ours; do
	f=leader-sampling.$who.data
	want=$("$ORACLE" script -i $f -F period,event 2>/dev/null |
	       awk '$2 == "task-clock:" { n += $1 } END { print n + 0 }')
	got=$(table "$PERF" $f --no-group | awk '/^# Event count/ { v = $NF } END { print v + 0 }')
	check "leader sampling, recorded by $who: the member's count from the reads ($got, perf script $want)" \
		test "$got" = "$want" -a "$want" -gt 0
done

# Modifiers and names as perf has them.
"$PERF" record -q -e '{cpu-clock,task-clock:k}:u' -F 1000 -o mods.data -- "$WORKLOADS/hot" 0.2 \
	2>/dev/null
check "group modifiers: ':u' on every member, widening a member's own ':k'" \
	eval 'hdr mods.data | grep "name = cpu-clock," | grep -q "exclude_kernel = 1" &&
	      ! hdr mods.data | grep "name = task-clock:k," | grep -q "exclude_kernel\|exclude_user"'
for bad in '{cpu-clock,task-clock' '{cpu-clock,}' '{cpu-clock}x' '{cpu-clock,nope}'; do
	"$PERF" record -q -e "$bad" -o bad.data -- true >/dev/null 2>err
	rc=$?
	check "record -e '$bad' refused (exit $rc): $(head -1 err)" \
		eval '[ $rc -ne 0 ] && grep -q "$bad" err'
done

# Linux perf 6.1 skips a group whose leader has no samples (its check
# for an empty table looks at the leader alone), and the members'
# samples vanish with it.  We print the group: the member's column is
# exactly its --no-group table.
for tool in "$ORACLE" "$PERF"; do
	who=ours; [ "$tool" = "$ORACLE" ] && who=perf
	"$tool" record -q -e '{major-faults,cpu-clock}' -F 2000 -o empty-leader.$who.data -- \
		"$WORKLOADS/hot" 0.3 2>/dev/null
	table "$ORACLE" empty-leader.$who.data --no-group | awk '/^ +[0-9.]+%/ { $1 = $1; print }' >want
	table "$PERF" empty-leader.$who.data | awk '/^ +[0-9.]+%/ { $1 = ""; $0 = $0; $1 = $1; print }' \
		>got
	if table "$ORACLE" empty-leader.$who.data | grep -q 'group {'; then
		skip "empty leader, recorded by $who: the leader had samples after all"
	elif [ -s want ] && cmp -s want got; then
		ok "empty leader, recorded by $who: we show the group Linux perf 6.1 drops ($(wc -l <got) rows)"
	else
		fail "empty leader, recorded by $who: the member's column is not its own table"
		diff want got | head -6 | sed 's/^/    /'
	fi
done

# A group description that does not fit the events.  Linux perf 6.1
# rejects it but keeps the member count it read: a group of 5 over 2
# events prints 5 columns, 3 of them read from beyond its event list.
# We warn and show a table per event.
u64() { od -An -t u8 -j "$2" -N 8 "$1" | tr -d ' '; }
feat_offset() { # file bit: where that feature's section starts
	local f=$1 bit=$2 off bits i idx=0
	off=$(($(u64 "$f" 40) + $(u64 "$f" 48)))
	bits=$(u64 "$f" 72)
	for ((i = 0; i < bit; i++)); do ((bits >> i & 1)) && idx=$((idx + 1)); done
	u64 "$f" $((off + idx * 16))
}
cp pair.ours.data badgroup.data
# The group's member count: after the count, the 64-byte name and the leader index.
printf '\x05' | dd of=badgroup.data bs=1 seek=$(($(feat_offset badgroup.data 17) + 76)) \
	conv=notrunc 2>/dev/null
"$PERF" report -i badgroup.data --stdio >bad.out 2>bad.err
rc=$?
check "bad group description: warned, exit $rc, a table per event" \
	eval '[ $rc -eq 0 ] && grep -q "event group section is malformed" bad.err &&
	      [ "$(grep -c "^# Samples:.* of event " bad.out)" = 2 ]'
check "and Linux perf 6.1 shows 5 columns for 2 events (why we do not follow it)" \
	eval 'table "$ORACLE" badgroup.data | grep -q "^ *[0-9.]*%  *[0-9.]*%  *0.00%  *0.00%  *0.00% "'

# Damaged copies of a leader-sampling file: the read values are
# bounds-checked (the sanitizer build sees every read).
if [ -x "$TOOLS/report-fuzz" ] && [ -x "$TOOLS/synth-guest" ]; then
	mkdir d
	"$TOOLS/synth-guest" default d >/dev/null
	"$PERF" record -q -e '{cpu-clock,task-clock,page-faults}:S' -c 2000000 -o fuzz.data -- \
		"$WORKLOADS/hot" 0.2 2>/dev/null
	"$TOOLS/report-fuzz" fuzz.data d/kallsyms
else
	skip "damaged leader-sampling files: no report-fuzz or synth-guest in $TOOLS"
fi
finish
