#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# perf report: the browser in a tmux pane (headline, rows formatted as
# --stdio prints them, keys, q, the terminal given back), and the stdio
# table when stdout is not a terminal.
. "$(dirname "$0")/lib.sh"

sock=perf-report-tui-$$
cleanup_hook() {
	tmux -L "$sock" kill-server 2>/dev/null
}

# The table rows of a browser screen: those after the rule of dots.
table_rows() { # file, n
	awk -v n="$2" 'seen && n-- > 0; /^Overhead/ { t = 1; next } t && /^\.+ / { seen = 1 } { t = 0 }' "$1"
}

# The entry lines of a stdio report.
stdio_rows() { # file, n
	awk -v n="$2" '/^ +[0-9]+\.[0-9]+%/ && n-- > 0' "$1"
}

hot_a_in_rows() { # file n
	table_rows "$1" "$2" | grep -q ' hot_a *$'
}

# The "sel/nr" of the status line, as "sel nr".
status_of() { # file
	sed -nE 's|^([0-9]+)/([0-9]+)   q quit.*|\1 \2|p' "$1" | tail -1
}

screen_after() { # keys...
	tmux -L "$sock" send-keys "$@"
	sleep 0.5
	tmux -L "$sock" capture-pane -p >"$T/screen"
}

status_is() { # want
	local got; got=$(status_of "$T/screen")
	[ "$got" = "$1" ] || { echo "# status '$got', wanted '$1'"; return 1; }
}

# The first browser row is the first stdio entry without its 2-column margin.
same_first_row() {
	local want got
	want=$(stdio_rows "$T/stdio.out" 1 | cut -c3-190 | sed 's/ *$//')
	got=$(table_rows "$T/screen" 1 | cut -c1-188 | sed 's/ *$//')
	[ -n "$want" ] && [ "$want" = "$got" ] || { echo "# '$got' vs '$want'"; return 1; }
}

test_browser() {
	local i rc nr st
	tmux -L "$sock" new-session -d -x 200 -y 50 \
		"$PERF report -i $T/t.data; echo EXIT:\$? >$T/rc; stty -a >$T/stty; sleep 60" || {
		fail "perf report browser: tmux could not start a session"; return; }
	for i in $(seq 1 40); do
		sleep 0.25
		tmux -L "$sock" capture-pane -p >"$T/screen"
		[ -n "$(status_of "$T/screen")" ] && break
	done
	check "perf report browser: hot_a among the first 3 rows" hot_a_in_rows "$T/screen" 3
	check "perf report browser: the headline" grep -Eq \
		"^Samples: [0-9]+[KMG]? +of event 'cpu-clock', Event count \\(approx\\.\\): [0-9]+ *\$" \
		"$T/screen"
	check "perf report browser: rows formatted as --stdio" same_first_row
	st=$(status_of "$T/screen")
	nr=${st#* }
	check "perf report browser: starts on row 1" status_is "1 $nr"
	if [ "${nr:-0}" -ge 3 ]; then
		screen_after Down Down
		check "perf report browser: Down moves the selection" status_is "3 $nr"
	else
		skip "perf report browser: Down: only ${nr:-0} rows"
	fi
	screen_after NPage
	# A page is 50 - 4 lines; the selection stops at the last row.
	check "perf report browser: PgDn moves a page" status_is "$(( nr < 49 ? nr : 49 )) $nr"
	screen_after End
	check "perf report browser: End goes to the last row" status_is "$nr $nr"
	screen_after Home
	check "perf report browser: Home goes to the first row" status_is "1 $nr"
	screen_after h
	check "perf report browser: h shows the help" grep -q '^Keys:' "$T/screen"
	screen_after h
	check "perf report browser: h again hides it" hot_a_in_rows "$T/screen" 3
	tmux -L "$sock" send-keys q
	for i in $(seq 1 20); do
		[ -s "$T/rc" ] && [ -s "$T/stty" ] && break
		sleep 0.25
	done
	rc=$(cat "$T/rc" 2>/dev/null)
	if [ "$rc" = EXIT:0 ]; then ok "perf report browser: q exits 0"
	else fail "perf report browser: q exits 0: got '${rc:-nothing}'"; fi
	check "perf report browser: terminal restored (icanon)" grep -Eq '(^| )icanon( |$)' "$T/stty"
	check "perf report browser: terminal restored (echo)" grep -Eq '(^| )echo( |$)' "$T/stty"
	tmux -L "$sock" kill-server 2>/dev/null
}

# A file with a group: the browser shows the group's table, as --stdio does.
test_group_browser() {
	local i want got
	"$PERF" record -q -e '{cpu-clock,task-clock}' -c 100000 -o g.data -- "$WORKLOADS/hot" -r 200 \
		>/dev/null 2>&1
	"$PERF" report --stdio -i g.data >"$T/gstdio.out" 2>/dev/null
	tmux -L "$sock" new-session -d -x 200 -y 50 "$PERF report -i $T/g.data; sleep 60" || {
		fail "perf report browser, group: tmux could not start a session"; return; }
	for i in $(seq 1 40); do
		sleep 0.25
		tmux -L "$sock" capture-pane -p >"$T/screen"
		[ -n "$(status_of "$T/screen")" ] && break
	done
	check "perf report browser, group: the headline names the group" grep -Eq \
		"^Samples: [0-9]+[KMG]? +of events 'anon group \\{ cpu-clock, task-clock \\}', Event count" \
		"$T/screen"
	want=$(stdio_rows "$T/gstdio.out" 1 | cut -c3-190 | sed 's/ *$//')
	# A group's Overhead title is right-aligned over its columns.
	got=$(awk 'seen { print; exit } /^ *Overhead/ { t = 1; next } t && /^\.+ / { seen = 1 } { t = 0 }' \
	      "$T/screen" | cut -c1-188 | sed 's/ *$//')
	check "perf report browser, group: a column per member, as --stdio ('$got')" \
		eval '[ -n "$want" ] && [ "$want" = "$got" ] && [ "$(echo "$got" | grep -o "%" | wc -l)" = 2 ]'
	tmux -L "$sock" send-keys q
	tmux -L "$sock" kill-server 2>/dev/null
}

test_stdio() {
	"$PERF" report -i t.data | head -20 >"$T/head.out"
	check "perf report | head: the stdio header" grep -Eq "^# Samples: .* of event 'cpu-clock'" \
		"$T/head.out"
	check "perf report | head: hot_a in the stdio table" grep -q '^ .*%.* hot_a *$' "$T/head.out"
	"$PERF" report -i t.data >"$T/pipe.out" 2>/dev/null
	check "perf report to a file: the same as --stdio" cmp -s "$T/pipe.out" "$T/stdio.out"
	"$PERF" report --tui -i t.data >"$T/tui.out" 2>"$T/tui.err" </dev/null
	check "perf report --tui without a terminal fails" [ $? -ne 0 ]
	check "perf report --tui without a terminal says why" grep -q 'needs a terminal' "$T/tui.err"
}

"$PERF" record -q -e cpu-clock -c 100000 -o t.data -- "$WORKLOADS/hot" -r 200 >/dev/null 2>&1
if [ ! -s t.data ]; then
	fail "perf report browser: perf record wrote no t.data"
	finish
fi
"$PERF" report --stdio -i t.data >"$T/stdio.out" 2>/dev/null

if command -v tmux >/dev/null 2>&1; then
	test_browser
	test_group_browser
else
	skip "perf report browser: tmux is not installed (scripts/install-deps.sh installs it)"
fi
test_stdio
finish
