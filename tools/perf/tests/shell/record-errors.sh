#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Bad input to record gets one clear line and a non-zero exit; -h and the man page work.
. "$(dirname "$0")/lib.sh"

expect_error() { # what pattern args...
	local what=$1 pat=$2; shift 2
	"$PERF" record "$@" >out 2>err
	local rc=$?
	if [ $rc -ne 0 ] && grep -q "$pat" err && [ "$(grep -c '^Error' err)" -le 1 ] &&
	   ! grep -q 'Sanitizer' err; then
		ok "$what"
	else
		fail "$what (rc $rc: $(head -c 200 err))"
	fi
}

expect_error "unknown event" "unknown event 'nosuch'" -e nosuch -- true
expect_error "no such pid" "no such process: 999999999" -p 999999999
expect_error "not a pid" "'abc' is not a process id" -p abc
expect_error "command that cannot run" "cannot run '/nonexistent/cmd'" -o x.data -- /nonexistent/cmd
expect_error "nothing to record" "nothing to record" -o x.data
expect_error "bad CPU list" "bad CPU list '7-2'" -C 7-2 -o x.data
expect_error "unwritable output" "cannot create /nonexistent/dir/x.data" -o /nonexistent/dir/x.data -- true
expect_error "unknown option" "unknown option" --nosuch
expect_error "bad -m" "power of two" -m 3 -- true

"$PERF" record -h >help.out 2>&1
check "record -h exits 0" test $? -eq 0
for o in --all-cpus --cpu --pid --tid --event --freq --count --output --force; do
	check "record -h lists $o" grep -q -- "$o" help.out
done
PAGER=cat "$PERF" help record >man.out 2>&1
check "perf help record shows the man page" grep -q 'perf-record' man.out

"$PERF" record -o cyc.data -- true 2>cyc.err
if "$ORACLE" stat -e cycles true 2>&1 | grep -q 'not supported'; then
	check "default event falls back to cpu-clock with one notice" \
		test "$(grep -c 'sampling cpu-clock instead' cyc.err)" -eq 1
else
	skip "cycles fallback: this machine has a PMU with cycles"
fi
finish
