#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The end-to-end scenarios, run inside the nested VM by vm.sh (see
# run-tests.sh, which checks what they leave on the host):
#
#   1. perf kvm record with --guestkallsyms/--guestmodules while one
#      guest runs: kvm1.data, guest.kallsyms, guest.modules, w1
#   2. perf kvm record with --guestmount while two guests run: kvm2.data,
#      gm/PID/proc/{kallsyms,modules}; pid.a, w2.a and pid.b, w2.b
#   3. perf kvm top --stdio while one guest runs: top.out
#   4. perf kvm stat record, ours and Linux perf's, while a guest makes
#      exactly STAT_OUTS port writes and STAT_HLTS halts: stat.data,
#      stat-oracle.data
#   5. perf kvm stat live while one guest runs: live.out
#
# Each step's exit status goes to STEP.rc and its stderr to STEP.err, so
# the host can tell a failed step from a wrong result; the script itself
# goes on to the next step.

E2E=/e2e
RUNNER=$E2E/kvm-guest-runner

step() { # name command...: runs it, keeping its status and stderr
	name=$1
	shift
	echo "scenarios: $name"
	"$@" 2>"$name.err"
	echo $? >"$name.rc"
}

# Scenario 1.  The runner is perf's workload, so sampling covers the
# whole run (perf takes a second or more to start under emulation).
one_guest() {
	"$RUNNER" -n -v 1 -k guest.kallsyms -m guest.modules -w w1
	perf kvm --host --guest --guestkallsyms=guest.kallsyms \
		--guestmodules=guest.modules record -a -o kvm1.data -- "$RUNNER" -s 6 -v 1
}

# Waits until @1 guests have written their guestmount directories.
# The guest's call chains (perf kvm record -g): a kernel with the series
# walks them, a stock one gives guest samples none.  l1.kernel says which.
chains_guest() {
	if grep -q ' perf_guest_callchain$' /proc/kallsyms; then
		echo series >l1.kernel
	else
		echo stock >l1.kernel
	fi
	perf kvm --host --guest --guestkallsyms=guest.kallsyms \
		--guestmodules=guest.modules record -g -a -o kvm3.data -- "$RUNNER" -s 6 -v 1
}

wait_guests() {
	i=0
	while [ "$(ls gm 2>/dev/null | wc -l)" -lt "$1" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}

# perf's start under emulation takes from 1 to over 5 s (it grows when
# the nested VM runs slow: seen on CI, guests of 6 s were over before
# sampling began).  So the guests get a run time longer than any
# scenario's, wait stopped until perf's workload continues them, and
# end when perf is done.
GUEST_SECS=60

# Ends guests @...: they would run on, and the next scenario needs the CPUs.
end_guests() {
	kill "$@" 2>/dev/null
	wait "$@" 2>/dev/null
}

# Scenario 2.  A guestmount directory is named after the guest's pid, so
# the guests start first; perf kvm record then finds both.  Guest "a"
# runs variant 1, guest "b" variant 2: pid.X and w2.X say which is which.
two_guests() {
	mkdir -p gm
	"$RUNNER" -s $GUEST_SECS -v 1 -d gm -w w2.a & a=$!
	"$RUNNER" -s $GUEST_SECS -v 2 -d gm -w w2.b & b=$!
	echo $a >pid.a
	echo $b >pid.b
	wait_guests 2
	kill -STOP $a $b
	perf kvm --host --guest --guestmount=gm record -a -o kvm2.data -- \
		sh -c "kill -CONT $a $b; exec sleep 4"
	rc=$?
	end_guests $a $b
	return $rc
}

# Scenario 3.  Screens of one second; SIGINT ends top as a user would.
# top samples from its start: the guest runs throughout.
top_guest() {
	"$RUNNER" -s $GUEST_SECS -v 1 & g=$!
	timeout -s INT 8 perf kvm --host --guest --guestkallsyms=guest.kallsyms \
		--guestmodules=guest.modules top --stdio -d 1 >top.out
	rc=$?
	end_guests $g
	# timeout's status for a SIGINT that top obeyed.
	[ $rc -eq 124 ] && rc=0
	return $rc
}

# Scenario 4.  The runner is the workload: its vCPU thread's exits only.
STAT_OUTS=40
STAT_HLTS=25
stat_guest() {
	perf kvm stat record -o stat.data -- "$RUNNER" -s 60 -x $STAT_OUTS,$STAT_HLTS
}

stat_guest_oracle() {
	perf-oracle kvm stat record -o stat-oracle.data -- "$RUNNER" -s 60 -x $STAT_OUTS,$STAT_HLTS
}

# Scenario 5.  Tables of two seconds; SIGINT ends it as a user would.
stat_live() {
	"$RUNNER" -s $GUEST_SECS -v 1 & g=$!
	timeout -s INT 7 perf kvm stat live -d 2 >live.out
	rc=$?
	end_guests $g
	[ $rc -eq 124 ] && rc=0
	return $rc
}

if [ ! -c /dev/kvm ]; then
	echo "scenarios: no /dev/kvm in the VM"
	exit 1
fi
step one_guest one_guest
step chains_guest chains_guest
step two_guests two_guests
step top_guest top_guest
step stat_guest stat_guest
step stat_oracle stat_guest_oracle
step stat_live stat_live
exit 0
