#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# perf top -g: the call chains of a live profile, shown as perf report
# shows them.  The callpath workload spends, per round, 6 units in
# main -> a -> b -> leaf, 3 in main -> c -> leaf and 1 in main -> c -> d:
# --stdio's screens must have report's Children/Self columns and graph,
# with leaf at 9 of 10 units reached through a and b (6) and c (3); the
# browser must unfold a row's chain on 'e' and keep it unfolded across
# refreshes.
. "$(dirname "$0")/lib.sh"

sock=perf-top-cg-$$
work_pid=
cleanup_hook() {
	tmux -L "$sock" kill-server 2>/dev/null
	[ -n "$work_pid" ] && kill "$work_pid" 2>/dev/null
}

"$WORKLOADS/callpath" 120 &
work_pid=$!

# How far a share may be from the workload's split, in percentage points.
# A screen holds a few thousand samples (the decayed sum of the last
# refreshes): sampling noise is under 1 point.  The rest is what the
# process spends outside its loops, in the kernel (timer interrupts,
# scheduling) and in the round's bookkeeping: 1 to 2 points here, more on
# a loaded machine.  5 points still tells 90 from 60 from 30 from 10.
TOL=5

# Runs perf top for @1 seconds and ends it with SIGINT, as a user would.
top_run() { # seconds out args...
	local secs=$1 out=$2; shift 2
	# Its stdin is a pipe that stays open: perf reads keys from a terminal only.
	sleep $((secs + 3)) | timeout --preserve-status -s INT "$secs" \
		"$PERF" top "$@" >"$out" 2>"$out.err"
}

# The last screen of @1 that has a table (SIGINT may come before one ends).
last_screen() { # file
	awk '/PerfTop/ { n++ } { s[n] = s[n] $0 "\n" } /^# Children|^# Overhead/ { t = n }
	     END { printf "%s", s[t] }' "$1"
}

# "children self" of the row of @2 in screen @1 ("callpath +\[\.\] leaf").
row_shares() { # screen row-regex
	sed -nE "s/^ +([0-9.]+)% +([0-9.]+)%  $2\$/\1 \2/p" "$1" | head -1
}

# The graph under the row of @2 in screen @1: up to the blank line after it.
row_graph() { # screen row-regex
	awk -v re="^ +[0-9.]+% +[0-9.]+%  $2\$" '$0 ~ re { on = 1; next } on && !NF { exit } on' "$1"
}

# |a - b| <= TOL points
near() { # got want
	awk -v a="$1" -v b="$2" -v t="$TOL" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && d <= t) }'
}

check_share() { # what got want
	if near "$2" "$3"; then ok "$1: $2% (want $3 +- $TOL)"
	else fail "$1: got '${2:-nothing}', want $3 +- $TOL"; fi
}

# Branch @2's share in graph @1: the "--N%--name" line.
branch_share() { # graph name
	sed -nE "s/.*--([0-9.]+)%--$2\$/\1/p" "$1" | head -1
}

# Do the frames @3... follow branch @2 in graph @1, one a line, in order?
branch_runs() { # graph first-frame frames...
	local g=$1 first=$2; shift 2
	awk -v first="$first" -v rest="$*" '
		BEGIN { n = split(rest, want, " ") }
		{ sub(/ +$/, "") }
		!at && $0 ~ ("--[0-9.]+%--" first "$") { at = 1; next }
		at && at <= n { name = $0; sub(/^[ |]+/, "", name)
			# A frame with callees of its own besides (a timer
			# interrupt in b) starts the biggest branch: "--N%--leaf".
			sub(/^--[0-9.]+%--/, "", name)
			if (name == "") next
			if (name != want[at]) exit 1
			at++ }
		END { exit !(at > n) }' "$g"
}

test_stdio() { # label args...
	local label=$1 out=$T/stdio-$1; shift
	top_run 6 "$out" --stdio -d 1 -p "$work_pid" -e cpu-clock "$@"
	check "$label: SIGINT exits 0" [ $? -eq 0 ]
	last_screen "$out" >"$out.screen"
	check "$label: the headline as without -g" grep -Eq \
		"^   PerfTop: +[0-9]+ irqs/sec  kernel: *[0-9.]+%  exact: +[0-9.]+% lost: [0-9]+/[0-9]+ drop: 0/0 \[4000Hz cpu-clock\],  \(target_pid: $work_pid\)$" \
		"$out.screen"
	check "$label: report's Children  Self header" grep -Eq \
		'^# Children      Self  Shared Object +Symbol *$' "$out.screen"
	check "$label: report's rule of dots" grep -Eq '^# \.{8}  \.{8}  \.+  \.+ *$' "$out.screen"
	read -r main_c _ < <(row_shares "$out.screen" 'callpath +\[\.\] main')
	read -r leaf_c leaf_s < <(row_shares "$out.screen" 'callpath +\[\.\] leaf')
	read -r a_c a_s < <(row_shares "$out.screen" 'callpath +\[\.\] a')
	read -r c_c _ < <(row_shares "$out.screen" 'callpath +\[\.\] c')
	read -r d_c _ < <(row_shares "$out.screen" 'callpath +\[\.\] d')
	check_share "$label: main's children, all of it" "$main_c" 100
	check_share "$label: leaf's children, 9 of 10 units" "$leaf_c" 90
	check_share "$label: leaf's self, all of its children" "$leaf_s" "$leaf_c"
	check_share "$label: a's children, 6 of 10 units" "$a_c" 60
	check_share "$label: a's self, nothing" "$a_s" 0
	check_share "$label: c's children, 4 of 10 units" "$c_c" 40
	check_share "$label: d's children, 1 of 10 units" "$d_c" 10
	row_graph "$out.screen" 'callpath +\[\.\] leaf' >"$out.leaf"
	# dwarf unwinds past libc's caller to _start; the frame pointers end before.
	check "$label: leaf's graph starts at the outermost caller" \
		grep -Eq -- '(---|--[0-9.]+%--)(__libc_start_call_main|_start)$' "$out.leaf"
	check "$label: leaf reached through a, b" branch_runs "$out.leaf" a b leaf
	check "$label: and through c" branch_runs "$out.leaf" c leaf
	check_share "$label: leaf through a and b, 6 of 10 units" "$(branch_share "$out.leaf" a)" 60
	check_share "$label: leaf through c, 3 of 10 units" "$(branch_share "$out.leaf" c)" 30
	# Every line of the graph is one of report's: pipes, "---name", "--N%--name" or a name.
	check "$label: only report's graph lines under leaf" \
		awk '!/^ +[| ]*(---|--[0-9.]+%--)?[^ |]+$/ && !/^ +[| ]+$/ { bad = 1 } END { exit bad }' \
		"$out.leaf"
}

test_no_children() {
	local out=$T/nochildren
	top_run 4 "$out" --stdio -d 1 -p "$work_pid" -e cpu-clock -g --no-children
	last_screen "$out" >"$out.screen"
	check "--no-children: report's Overhead header" grep -Eq \
		'^# Overhead  Shared Object +Symbol *$' "$out.screen"
	read -r leaf _ < <(sed -nE 's/^ +([0-9.]+)%  callpath +\[\.\] leaf$/\1/p' "$out.screen")
	check_share "--no-children: leaf's overhead" "$leaf" 90
	check "--no-children: callee order, leaf's callers under it" \
		grep -Eq -- '(---|--[0-9.]+%--)leaf$' "$out.screen"
}

# The display words of --call-graph, as report's -g: folded chains.
test_display_words() {
	local out=$T/folded
	top_run 4 "$out" --stdio -d 1 -p "$work_pid" -e cpu-clock --call-graph fp,folded
	last_screen "$out" >"$out.screen"
	check "--call-graph fp,folded: report's folded lines" grep -Eq \
		'^[0-9.]+% __libc_start_call_main;main;workload_main;round_of_work;a;b;leaf$' \
		"$out.screen"
	check "--call-graph bogus is refused" \
		bash -c '! "$0" top --stdio --call-graph fp,bogus -d 1 >/dev/null 2>&1' "$PERF"
}

# The selected line of a browser screen: drawn black on cyan.
selected() { # screen.e
	grep $'\e\\[46m' "$1" | sed -E 's/\x1b\[[0-9;]*m//g; s/ *$//'
}

capture() {
	tmux -L "$sock" capture-pane -p | sed 's/ *$//' >"$T/screen"
	tmux -L "$sock" capture-pane -p -e >"$T/screen.e"
}

# The browser's lines under leaf's row, up to the next row.
leaf_lines() {
	awk '/^[-+ ] +[0-9.]+% +[0-9.]+%  callpath +\[\.\] leaf$/ { on = 1; next }
	     on && /^[-+ ] +[0-9.]+% +[0-9.]+%  / { exit } on' "$T/screen"
}

# Are a, b and leaf chain lines under leaf's row, in that order?
leaf_unfolded() {
	leaf_lines | sed -E 's/^ *[-+]? +//; s/^[0-9.]+% //' | tr '\n' ' ' | grep -q ' a b leaf '
}

leaf_selected() {
	selected "$T/screen.e" | grep -q '\[\.\] leaf$'
}

test_browser() {
	local i rc
	tmux -L "$sock" new-session -d -x 160 -y 60 \
		"$PERF top -g -d 1 -p $work_pid -e cpu-clock; echo EXIT:\$? >$T/rc; sleep 60" || {
		fail "perf top -g browser: tmux could not start a session"; return; }
	for i in $(seq 1 30); do
		sleep 0.5
		capture
		grep -Eq '^\+ +[0-9.]+% +[0-9.]+%  callpath +\[\.\] leaf$' "$T/screen" && break
	done
	check "perf top -g browser: Children  Self titles" grep -Eq '^  Children      Self  ' "$T/screen"
	check "perf top -g browser: leaf's row, folded, with '+'" \
		grep -Eq '^\+ +[0-9.]+% +[0-9.]+%  callpath +\[\.\] leaf$' "$T/screen"
	for i in $(seq 1 20); do
		leaf_selected && break
		tmux -L "$sock" send-keys Down
		sleep 0.2
		capture
	done
	check "perf top -g browser: leaf's row selected" leaf_selected
	if leaf_unfolded; then fail "perf top -g browser: no chain lines under leaf before 'e'"
	else ok "perf top -g browser: no chain lines under leaf before 'e'"; fi
	tmux -L "$sock" send-keys e
	sleep 0.4
	capture
	check "perf top -g browser: 'e' unfolds leaf's chain through a, b" leaf_unfolded
	check "perf top -g browser: leaf's row now with '-'" \
		grep -Eq '^- +[0-9.]+% +[0-9.]+%  callpath +\[\.\] leaf$' "$T/screen"
	# Two refreshes later (-d 1) the new trees keep the folding and the selection.
	sleep 2.5
	capture
	check "perf top -g browser: still unfolded after a refresh" leaf_unfolded
	check "perf top -g browser: still on leaf's row after a refresh" leaf_selected
	tmux -L "$sock" send-keys e
	sleep 0.4
	capture
	if leaf_unfolded; then fail "perf top -g browser: 'e' again folds it"
	else ok "perf top -g browser: 'e' again folds it"; fi
	tmux -L "$sock" send-keys q
	for i in $(seq 1 20); do
		[ -s "$T/rc" ] && break
		sleep 0.25
	done
	rc=$(cat "$T/rc" 2>/dev/null)
	if [ "$rc" = EXIT:0 ]; then ok "perf top -g browser: q exits 0"
	else fail "perf top -g browser: q exits 0: got '${rc:-nothing}'"; fi
	tmux -L "$sock" kill-server 2>/dev/null
}

test_stdio "perf top --stdio -g" -g
test_stdio "perf top --stdio --call-graph dwarf" --call-graph dwarf
test_no_children
test_display_words
if command -v tmux >/dev/null 2>&1; then
	test_browser
else
	skip "perf top -g browser: tmux is not installed (scripts/install-deps.sh installs it)"
fi
finish
