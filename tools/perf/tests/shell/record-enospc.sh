#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Recording onto a full disk: one clear error, non-zero exit, a file that opens.
. "$(dirname "$0")/lib.sh"

mkdir small
if ! mount -t tmpfs -o size=256k perftest "$T/small" 2>/dev/null; then
	skip "ENOSPC: cannot mount a small tmpfs here (needs root)"
	finish
fi
cleanup_hook() { umount "$T/small"; }

# Until the disk is full, however quiet the machine: a tickless idle CPU
# takes few cpu-clock samples, so a spinner makes them, and record stops
# the workload when its write fails.  The timeout only bounds a record
# that would never stop.
# The spinner's command line names this test's directory, to be found
# if it outlives record.
spin="while :; do :; done; : $T"
"$PERF" record -a -F 4000 -o small/full.data -- timeout 60 sh -c "$spin" 2>err.out
rc=$?
# record stops its workload with SIGTERM, which timeout passes on; a
# SIGKILL would leave timeout's child spinning for good.
sleep 0.2
check "the workload's own child is gone too" test -z "$(pgrep -f -x "sh -c $spin")"
pkill -f -x "sh -c $spin"
check "non-zero exit on a full disk (got $rc)" test $rc -ne 0
check "the error names the file and the cause" \
	grep -q 'Error: writing small/full.data: No space left on device' err.out
check "exactly one error line" test "$(grep -c '^Error' err.out)" -eq 1
"$ORACLE" report -i small/full.data --stdio >rep.out 2>rep.err
check "Linux perf opens what was kept" test $? -eq 0
check "its header was finalized" test -z "$(grep -i 'data size' rep.err)"
check "the kept data holds samples" test "$(oracle_samples small/full.data)" -gt 0
"$ORACLE" buildid-list -i small/full.data >bid.out 2>/dev/null
check "build-ids made it too (room made by dropping the last rounds)" test -s bid.out
finish
