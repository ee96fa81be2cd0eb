#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# perf diff against Linux perf's on two recordings whose hottest function
# moves (hot, then hot2), and the default file names of perf diff and
# perf kvm diff.
. "$(dirname "$0")/lib.sh"

SYNTH=${TEST_TOOLS:-$(dirname "$PERF")/tests/tools}/synth-guest

# Rows whose baseline or new share is >= 0.5%, in order, whitespace folded.
rows() { # perf-binary args...
	local bin=$1; shift
	"$bin" diff "$@" 2>/dev/null | awk '
		/^#/ || NF == 0 { next }
		{ b = 0; d = 0 }
		$1 ~ /^[+-][0-9.]+%$/ { d = $1 }
		$1 ~ /^[0-9.]+%$/ { b = $1; if ($2 ~ /^[+-][0-9.]+%$/) d = $2 }
		{ sub("%", "", b); sub("%", "", d); if (b + 0 >= 0.5 || b + d >= 0.5) { $1 = $1; print } }'
}

same_rows() { # what args...
	local what=$1; shift
	rows "$ORACLE" "$@" >want
	rows "$PERF" "$@" >got
	if [ -s want ] && cmp -s want got; then
		ok "$what: $(wc -l <got) rows >= 0.5% equal Linux perf's, in its order"
	else
		fail "$what: rows differ from Linux perf's"
		diff want got | head -10 | sed 's/^/    /'
	fi
}

"$PERF" record -q -e cpu-clock -c 100000 -o old.data -- "$WORKLOADS/hot" 1 2>/dev/null
"$PERF" record -q -e cpu-clock -c 100000 -o new.data -- "$WORKLOADS/hot2" 1 2>/dev/null
same_rows "hot vs hot2" old.data new.data
check "hot2's warm() only in the new file: empty baseline" grep -qE '^\+[0-9.]+% hot2 \[\.\] warm$' got
check "hot's hot_a() only in the old file: empty delta" grep -qE '^[0-9.]+% hot \[\.\] hot_a$' got

# The same binary name in both: hot_a and hot_b match across builds by
# name.  Not under $T: Linux perf takes /tmp/perf-* for JIT symbol maps.
W=$(mktemp -d /tmp/diff-bins.XXXXXX)
cleanup_hook() { rm -rf "$W"; }
mkdir "$W/a" "$W/b" && cp "$WORKLOADS/hot" "$W/a/w" && cp "$WORKLOADS/hot2" "$W/b/w"
"$PERF" record -q -e cpu-clock -c 100000 -o wold.data -- "$W/a/w" 1 2>/dev/null
"$PERF" record -q -e cpu-clock -c 100000 -o wnew.data -- "$W/b/w" 1 2>/dev/null
same_rows "one DSO name, two builds" wold.data wnew.data
check "hot_a matched: a baseline and a negative delta" grep -qE '^[0-9.]+% -[0-9.]+% w \[\.\] hot_a$' got
check "hot_b matched: a baseline and a positive delta" grep -qE '^[0-9.]+% \+[0-9.]+% w \[\.\] hot_b$' got
same_rows "--sort dso" -s dso old.data new.data

"$PERF" diff wold.data wnew.data >full.out 2>/dev/null
"$ORACLE" diff wold.data wnew.data 2>/dev/null >full.ref
check "header lines as Linux perf's" \
	test "$(head -3 full.out | tr -s ' ')" = "$(head -3 full.ref | tr -s ' ')"
check "header: \"# Baseline  Delta Abs  Shared Object\"" \
	grep -q '^# Baseline  Delta Abs  Shared Object  *Symbol' full.out
"$PERF" diff -q wold.data wnew.data >quiet.out 2>&1
check "-q: rows only" test -s quiet.out -a -z "$(grep '^#' quiet.out)"

# Default names: perf.data.old and perf.data; one argument is the new file.
cp old.data perf.data.old && cp new.data perf.data
"$PERF" diff >dflt.out 2>/dev/null
"$PERF" diff perf.data.old perf.data >args.out 2>/dev/null
check "no arguments: perf.data.old vs perf.data" test -s dflt.out -a "$(cat dflt.out)" = "$(cat args.out)"
"$PERF" diff new.data >one.out 2>/dev/null
check "one argument: perf.data.old vs it" test "$(cat one.out)" = "$(cat args.out)"

# perf kvm diff: FILE.old vs FILE, FILE the kvm default (or -i).
mkdir k && cd k || exit 1
cp ../old.data perf.data.host.old && cp ../new.data perf.data.host
"$PERF" kvm --host diff >host.out 2>/dev/null
"$PERF" diff perf.data.host.old perf.data.host >plain.out 2>/dev/null
check "perf kvm --host diff: perf.data.host.old vs perf.data.host" \
	test -s host.out -a "$(cat host.out)" = "$(cat plain.out)"
cp ../old.data x.old && cp ../new.data x
"$PERF" kvm --host -i x diff >i.out 2>/dev/null
check "perf kvm -i x diff: x.old vs x" test "$(cat i.out)" = "$(cat plain.out)"
mkdir d && "$SYNTH" default d
cp d/perf.data.kvm perf.data.guest
"$PERF" kvm diff >noold.out 2>noold.err
check "perf kvm diff: perf.data.guest.old is the baseline (missing: exit 1, named)" \
	test $? -eq 1 -a -n "$(grep 'cannot open perf.data.guest.old' noold.err)"
cp d/perf.data.kvm perf.data.guest.old
GK="--guestkallsyms=d/kallsyms --guestmodules=d/modules"
"$PERF" kvm $GK diff >guest.out 2>/dev/null
check "perf kvm diff: guest rows, unchanged ($(grep -c '+0.00%' guest.out) rows)" \
	grep -qE '^ +50\.00% +\+0\.00% +\[guest\.kernel\.kallsyms\] +\[g\] guest_fn0$' guest.out
# Linux perf 6.1 leaves guest module samples raw: compare the other rows.
grep -E 'guest\.kernel|unknown' guest.out | tr -s ' ' >guest.got
"$ORACLE" kvm $GK diff perf.data.guest.old perf.data.guest 2>/dev/null |
	grep -E 'guest\.kernel|unknown' | tr -s ' ' >guest.want
check "perf kvm diff: guest kernel and user rows equal Linux perf's" \
	test -s guest.want -a "$(cat guest.got)" = "$(cat guest.want)"
"$PERF" kvm --host $GK diff -i perf.data.guest 2>/dev/null | grep -c '%' >hostrows
check "perf kvm --host diff of guest-only files: no rows" test "$(cat hostrows)" = 0
cd .. || exit 1

# Errors: a malformed file as report prints it; a missing one; too many files.
cp old.data bad.data; printf 'XERFILE2' | dd of=bad.data conv=notrunc 2>/dev/null
"$PERF" diff bad.data new.data >out 2>err
check "malformed baseline: \"bad.data: offset 0: bad magic\", exit 1" \
	test $? -eq 1 -a -n "$(grep '^Error: bad.data: offset 0: bad magic' err)"
"$PERF" diff old.data /nonexistent.data >out 2>err
check "missing new file: named, exit 1" test $? -eq 1 -a -n "$(grep 'cannot open /nonexistent.data' err)"
"$PERF" diff old.data new.data new.data >out 2>&1
check "three files: usage, exit 129" test $? -eq 129
"$PERF" diff -s nosuchkey old.data new.data >out 2>err
check "bad --sort: exit 1, said once" test $? -eq 1 -a "$(grep -c 'bad --sort' err)" = 1
finish
