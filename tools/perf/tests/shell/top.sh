#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# perf top: the browser in a tmux pane (rows, keys, q, the terminal given
# back), --stdio snapshots, -p, perf kvm top, and the headline format
# against Linux perf's.
. "$(dirname "$0")/lib.sh"

sock=perf-top-$$
hot_pid=
cleanup_hook() {
	tmux -L "$sock" kill-server 2>/dev/null
	[ -n "$hot_pid" ] && kill "$hot_pid" 2>/dev/null
}

"$WORKLOADS/hot" 60 &
hot_pid=$!

# The table rows of a screen: those after the underscore rule.
table_rows() { # file, n
	awk -v n="$2" 'seen && NF && n-- > 0; /^ +_+ +_+ +_+/ { seen = 1 }' "$1"
}

# A headline with its numbers (and the padding before them) turned into " N".
# Linux perf prints "inf" and "nan" for a share of nothing.
shape() {
	sed -E 's/ *-?(nan|inf|[0-9]+(\.[0-9]+)?)/ N/g' | tr -s ' '
}

# Runs a --stdio top for @1 seconds and stops it with SIGINT; returns its status.
# Its stdin is a pipe that stays open: Linux perf reads keys from it.
stdio_run() { # seconds out binary args...
	local secs=$1 out=$2 pid; shift 2
	sleep $((secs + 3)) | "$@" >"$out" 2>"$out.err" &
	pid=$!
	sleep "$secs"
	kill -INT "$pid" 2>/dev/null
	wait "$pid"
}

# Does one of the first @2 table rows of @1 read "... hot_a  hot"?
hot_a_in_rows() { # file n
	table_rows "$1" "$2" | grep -q ' hot_a  *hot$'
}

# The screen from the @2-th headline of @1 on.
nth_snapshot() { # file n
	awk -v n="$2" '/PerfTop/ { i++ } i == n' "$1"
}

test_browser() {
	local i screen=$T/screen rc=
	tmux -L "$sock" new-session -d -x 200 -y 50 \
		"$PERF top -d 1; echo EXIT:\$? >$T/rc; stty -a >$T/stty; sleep 60" || {
		fail "perf top browser: tmux could not start a session"; return; }
	for i in $(seq 1 20); do
		sleep 0.5
		tmux -L "$sock" capture-pane -p >"$screen"
		table_rows "$screen" 3 | grep -q ' hot_a ' && break
	done
	check "perf top browser: hot_a among the first 3 rows" hot_a_in_rows "$screen" 3
	check "perf top browser: the headline" grep -q '^   PerfTop: *[0-9]* irqs/sec  kernel:' "$screen"
	tmux -L "$sock" send-keys Down Down
	sleep 0.5
	tmux -L "$sock" capture-pane -p >"$screen"
	check "perf top browser: Down moves the selection" grep -q '^3/[0-9]*  ' "$screen"
	tmux -L "$sock" send-keys NPage
	sleep 0.5
	tmux -L "$sock" capture-pane -p >"$screen"
	check "perf top browser: PgDn moves a page" grep -Eq '^([4-9]|[1-9][0-9]+)/[0-9]+  ' "$screen"
	tmux -L "$sock" send-keys PPage PPage Up Up Up
	sleep 0.5
	tmux -L "$sock" capture-pane -p >"$screen"
	check "perf top browser: PgUp, Up back to the top" grep -q '^1/[0-9]*  ' "$screen"
	tmux -L "$sock" send-keys q
	for i in $(seq 1 20); do
		[ -s "$T/rc" ] && [ -s "$T/stty" ] && break
		sleep 0.25
	done
	rc=$(cat "$T/rc" 2>/dev/null)
	if [ "$rc" = EXIT:0 ]; then ok "perf top browser: q exits 0"
	else fail "perf top browser: q exits 0: got '${rc:-nothing}'"; fi
	check "perf top browser: terminal restored (icanon)" grep -Eq '(^| )icanon( |$)' "$T/stty"
	check "perf top browser: terminal restored (echo)" grep -Eq '(^| )echo( |$)' "$T/stty"
	tmux -L "$sock" kill-server 2>/dev/null
}

test_stdio() {
	local rc last
	# Five seconds for two or more one-second snapshots: startup reads all of /proc
	# and kallsyms, slowly on a busy machine or under ASan.
	stdio_run 5 "$T/stdio.out" "$PERF" top --stdio -d 1 -E 10 -e cpu-clock
	rc=$?
	check "perf top --stdio: SIGINT exits 0" [ "$rc" -eq 0 ]
	last=$(grep -c PerfTop "$T/stdio.out")
	check "perf top --stdio: one snapshot a second" [ "$last" -ge 2 ]
	check "perf top --stdio: the headline" grep -Eq \
		'^   PerfTop: +[0-9]+ irqs/sec  kernel: *[0-9.]+%  exact: +[0-9.]+% lost: [0-9]+/[0-9]+ drop: 0/0 \[4000Hz cpu-clock\],  \(all, [0-9]+ CPUs?\)$' \
		"$T/stdio.out"
	nth_snapshot "$T/stdio.out" 2 >"$T/stdio.2"
	check "perf top --stdio: hot_a among the first 3 rows" hot_a_in_rows "$T/stdio.2" 3
	check "perf top --stdio: -E 10 rows" [ "$(table_rows "$T/stdio.2" 100 | wc -l)" -eq 10 ]
	if [ -x "$ORACLE" ]; then
		stdio_run 3 "$T/oracle.out" "$ORACLE" top --stdio -d 1 -e cpu-clock
		local want got
		want=$(grep -a PerfTop "$T/oracle.out" | tail -1 | shape)
		got=$(grep PerfTop "$T/stdio.out" | tail -1 | shape)
		if [ -n "$want" ] && [ "$want" = "$got" ]; then ok "perf top --stdio: headline shaped like Linux perf's"
		else fail "perf top --stdio: headline shaped like Linux perf's: '$got' vs '$want'"; fi
	else
		skip "perf top --stdio: headline against Linux perf: no $ORACLE"
	fi
}

test_pid() {
	stdio_run 3 "$T/pid.out" "$PERF" top --stdio -d 1 -E 5 -p "$hot_pid" -e cpu-clock
	check "perf top -p: exits 0" [ $? -eq 0 ]
	check "perf top -p: target in the headline" grep -q "],  (target_pid: $hot_pid)\$" "$T/pid.out"
	nth_snapshot "$T/pid.out" 2 >"$T/pid.2"
	check "perf top -p: hot_a first" hot_a_in_rows "$T/pid.2" 1
}

test_kvm() {
	local want got
	stdio_run 3 "$T/kvm.out" "$PERF" kvm --host --guest top --stdio -d 1 -E 5 -e cpu-clock
	check "perf kvm top: exits 0" [ $? -eq 0 ]
	check "perf kvm top: guest shares in the headline" grep -Eq \
		'^   PerfTop: +[0-9]+ irqs/sec  kernel: *[0-9.]+% us: *[0-9.]+% guest kernel: *[0-9.]+% guest us: *[0-9.]+% exact: +[0-9.]+% \[4000Hz cpu-clock\],  \(all, [0-9]+ CPUs?\)$' \
		"$T/kvm.out"
	check "perf kvm top: host rows with --host" grep -q ' hot_a  *hot$' "$T/kvm.out"
	if [ -x "$ORACLE" ]; then
		stdio_run 3 "$T/kvm-oracle.out" "$ORACLE" kvm --host --guest top --stdio -d 1 -e cpu-clock
		want=$(grep -a PerfTop "$T/kvm-oracle.out" | tail -1 | shape)
		got=$(grep PerfTop "$T/kvm.out" | tail -1 | shape)
		if [ -n "$want" ] && [ "$want" = "$got" ]; then ok "perf kvm top: headline shaped like Linux perf's"
		else fail "perf kvm top: headline shaped like Linux perf's: '$got' vs '$want'"; fi
	fi
}

# Fails with a non-zero status and says @1.
fails_saying() { # message command...
	local msg=$1; shift
	"$@" >"$T/err.out" 2>&1 && return 1
	grep -q -- "$msg" "$T/err.out"
}

test_errors() {
	check "perf top: unknown event fails with a message" \
		fails_saying 'unknown event' "$PERF" top --stdio -e no-such-event
	check "perf top: -d 0 is refused" fails_saying '-d needs' "$PERF" top --stdio -d 0
	check "perf top: a missing -p process fails" \
		fails_saying 'no such process' "$PERF" top --stdio -p 999999999
	check "perf top: two events are refused" \
		fails_saying 'one event' "$PERF" top --stdio -e cpu-clock,task-clock
}

if command -v tmux >/dev/null 2>&1; then
	test_browser
else
	skip "perf top browser: tmux is not installed (scripts/install-deps.sh installs it)"
fi
test_stdio
test_pid
test_kvm
test_errors
finish
