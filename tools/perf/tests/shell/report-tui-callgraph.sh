#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# perf report: the browser on a -g file, in a tmux pane.  The rows with
# call chains carry perf's '+'; +, Enter, e, E and C fold and unfold them
# and their branches; the lines shown are the --stdio graph's, laid out
# as perf's browser lays them out, which Linux perf's own browser checks
# on the same file; the selection moves through them.
. "$(dirname "$0")/lib.sh"

sock=perf-report-tui-cg-$$
cleanup_hook() {
	tmux -L "$sock" kill-server 2>/dev/null
	tmux -L "$sock-oracle" kill-server 2>/dev/null
}

ROWS=50			# the pane's
PAGE=$((ROWS - 4))	# the table's: less the headline, titles, rule and status
TALL=150		# the panes that compare with perf's browser

# The "sel/nr" of the status line, as "sel nr".
status_of() { # file
	sed -nE 's|^([0-9]+)/([0-9]+)   q quit.*|\1 \2|p' "$1" | tail -1
}

capture() {
	tmux -L "$sock" capture-pane -p | sed 's/ *$//' >"$T/screen"
	tmux -L "$sock" capture-pane -p -e >"$T/screen.e"
}

keys() { # keys...: sent one by one, then the screen captured
	local k
	for k in "$@"; do
		tmux -L "$sock" send-keys "$k"
		sleep 0.05
	done
	sleep 0.3
	capture
}

status_is() { # want
	local got; got=$(status_of "$T/screen")
	[ "$got" = "$1" ] || { echo "# status '$got', wanted '$1'"; return 1; }
}

# The table of the screen: what is under the rule of dots, less the status line.
table() { # screen
	awk '/^ +\.+ / && !t { t = 1; next } t' "$1" | sed '$d'
}

# The selected line: the browser draws it black on cyan.
selected() {
	grep $'\e\\[46m' "$T/screen.e" | sed -E 's/\x1b\[[0-9;]*m//g; s/ *$//'
}

selected_is() { # want
	local got; got=$(selected)
	[ "$got" = "$1" ] || { echo "# selected '$got', wanted '$1'"; return 1; }
}

# A report row: the folding sign, a percentage and two blanks; chain lines have one.
ROW_RE='^[-+ ] +[0-9]+\.[0-9]+%  '

# The frames of the chain lines of a browser table, in order, less signs and shares.
tui_names() { # file: chain lines
	sed -E 's/^ *[-+]? +//; s/^[0-9]+\.[0-9]+% //' "$1"
}

tui_shares() { # file
	grep -oE '^ *[-+]? +[0-9]+\.[0-9]+% ' "$1" | grep -oE '[0-9]+\.[0-9]+%'
}

# The stdio graph under row @n (1 = the first), without the row and the blank line.
stdio_chain() { # n
	awk -v n="$1" '/^ +[0-9]+\.[0-9]+% +[0-9]+\.[0-9]+%  / { r++; next }
		       r == n && NF' "$T/stdio.out"
}

stdio_names() { # file
	sed -E 's/^[ |]*//; s/^(---|--[0-9]+\.[0-9]+%--)//' "$1" | grep .
}

stdio_shares() { # file
	grep -oE -- '--[0-9]+\.[0-9]+%--' "$1" | tr -d -
}

# Whether the lines of @1 are, in order, among those of @2.
subsequence() { # file file
	awk 'NR == FNR { a[++n] = $0; next } i < n && $0 == a[i + 1] { i++ } END { exit i != n }' "$1" "$2"
}

start() { # report options...
	tmux -L "$sock" kill-server 2>/dev/null
	tmux -L "$sock" new-session -d -x 200 -y $ROWS \
		"$PERF report -i $T/cg.data $*; echo EXIT:\$? >$T/rc; sleep 60" || return 1
	for i in $(seq 1 40); do
		sleep 0.25
		capture
		[ -n "$(status_of "$T/screen")" ] && return 0
	done
	return 1
}

# The rows with chains in --stdio are those the browser marks with '+'.
marks_match() {
	local want got
	want=$(awk '/^ +[0-9]+\.[0-9]+% +[0-9]+\.[0-9]+%  / { if (r) print m; r++; m = 0; next }
		    r && NF { m = 1 } END { if (r) print m }' "$T/stdio.out" | head -$PAGE | tr -d '\n')
	got=$(table "$T/screen" | grep -E "$ROW_RE" | cut -c1 | sed 's/+/1/; s/ /0/' | head -$PAGE |
	      tr -d '\n')
	[ -n "$want" ] && [ "$want" = "$got" ] || { echo "# marks '$got', wanted '$want'"; return 1; }
}

# The rows are --stdio's, the sign in the margin.
rows_match() {
	local want got
	want=$(grep -E '^ +[0-9]+\.[0-9]+% +[0-9]+\.[0-9]+%  ' "$T/stdio.out" | head -5 | cut -c3- |
	       sed 's/ *$//')
	got=$(table "$T/screen" | grep -E "$ROW_RE" | head -5 | cut -c3-)
	[ -n "$want" ] && [ "$want" = "$got" ] || { echo "# rows differ"; return 1; }
}

test_folding() {
	local nr st lines first names all sel i
	start || { fail "perf report browser, -g: tmux could not start it"; return; }
	st=$(status_of "$T/screen")
	nr=${st#* }
	check "perf report browser, -g: rows with chains marked '+', as perf's" marks_match
	check "perf report browser, -g: the rows as --stdio's, the sign in the margin" rows_match
	check "perf report browser, -g: the help names the folding keys" \
		eval 'keys h; grep -q "^  e  .*selected entry" "$T/screen"'
	keys h

	# + on the first row: its lone run, folded where it forks.
	keys +
	table "$T/screen" | awk 'NR > 1 && /^[-+ ] +[0-9]+\.[0-9]+% +[0-9]+\.[0-9]+%  / { exit } NR > 1' \
		>"$T/run"
	stdio_chain 1 >"$T/chain1"
	lines=$(wc -l <"$T/run")
	check "perf report browser, -g: + unfolds the first row ('-')" \
		eval 'table "$T/screen" | head -1 | grep -q "^- "'
	check "perf report browser, -g: + shows $lines lines, the stdio run before its fork" \
		eval '[ "$lines" -ge 1 ] && diff <(tui_names "$T/run") <(stdio_names "$T/chain1" | head -$lines) >/dev/null'
	check "perf report browser, -g: the fork is folded ('+')" \
		eval 'tail -1 "$T/run" | grep -qE "^ +\\+ "'
	check "perf report browser, -g: the status counts the lines" status_is "1 $((nr + lines))"

	# The selection moves through the chain lines.
	keys Down
	first=$(head -1 "$T/run")
	check "perf report browser, -g: Down selects the first chain line" selected_is "$first"
	for i in $(seq 2 "$lines"); do keys Down; done
	check "perf report browser, -g: Down reaches the fork" selected_is "$(tail -1 "$T/run")"
	keys Enter
	check "perf report browser, -g: Enter unfolds the fork ('-')" \
		eval 'selected | grep -qE "^ +- "'
	check "perf report browser, -g: its branches follow" \
		eval 'st=$(status_of "$T/screen"); [ "${st#* }" -gt $((nr + lines)) ]'
	keys Enter
	check "perf report browser, -g: Enter folds it again" status_is "$((lines + 1)) $((nr + lines))"
	keys Up
	check "perf report browser, -g: Up moves back" status_is "$lines $((nr + lines))"

	# e: all of the entry's graph, frame for frame and share for share the --stdio one.
	keys Home + e
	table "$T/screen" | awk -v re="$ROW_RE" 'NR > 1 && $0 ~ re { exit } NR > 1' >"$T/all1"
	check "perf report browser, -g: e unfolds all of the row: --stdio's frames" \
		diff <(tui_names "$T/all1") <(stdio_names "$T/chain1")
	check "perf report browser, -g: ... and its shares, less those of lone branches" \
		subsequence <(tui_shares "$T/all1") <(stdio_shares "$T/chain1")
	check "perf report browser, -g: ... and nothing folded" eval '! grep -qE "^ +\\+ " "$T/all1"'
	keys e
	check "perf report browser, -g: e again folds the row" status_is "1 $nr"

	# E: every row, every branch; each stdio frame a line.
	names=$(awk '/^ +[0-9]+\.[0-9]+% +[0-9]+\.[0-9]+%  / { r = 1; next } r && NF' "$T/stdio.out" |
		stdio_names /dev/stdin | wc -l)
	keys E
	check "perf report browser, -g: E shows every frame of --stdio's graphs" \
		status_is "1 $((nr + names))"
	check "perf report browser, -g: E leaves no '+'" eval '! table "$T/screen" | grep -qE "^ *\\+ "'
	all=$((nr + names))
	keys NPage
	sel=$((PAGE + 1 < all ? PAGE + 1 : all))
	check "perf report browser, -g: PgDn moves a page through the chains" status_is "$sel $all"
	keys NPage Up
	sel=$((sel + PAGE < all ? sel + PAGE - 1 : all - 1))
	check "perf report browser, -g: Up after PgDn" status_is "$sel $all"
	# C from inside the second row's graph: every row folded, the second selected.
	keys Home
	for i in $(seq 0 "$(wc -l <"$T/all1")"); do tmux -L "$sock" send-keys Down; done
	keys Down Down
	check "perf report browser, -g: the selection in the second row's graph" \
		eval '! selected | grep -qE "$ROW_RE"'
	keys C
	check "perf report browser, -g: C folds every row" status_is "2 $nr"
	check "perf report browser, -g: C leaves no '-'" eval '! table "$T/screen" | grep -qE "^ *- "'
	tmux -L "$sock" send-keys q
	for i in $(seq 1 20); do
		[ -s "$T/rc" ] && break
		sleep 0.25
	done
	check "perf report browser, -g: q exits 0" grep -q EXIT:0 "$T/rc"
}

# Waits until the pane of tmux server @1 shows a report row, then
# until it has not changed for a second: a slow start (ASan, a loaded machine) costs
# time, not a key.
settle() { # socket
	local prev= cur i same=0
	for i in $(seq 1 60); do
		sleep 0.5
		cur=$(tmux -L "$1" capture-pane -p)
		if grep -qE "$ROW_RE" <<<"$cur" && [ "$cur" = "$prev" ]; then
			same=$((same + 1))
			[ $same -ge 2 ] && return 0
		else
			same=0
		fi
		prev=$cur
	done
	return 1
}

# The -g views of the first rows, with all unfolded (E), against perf's browser.
capture_all() { # socket tool options...: the table rows after E
	local s=$1 tool=$2; shift 2
	tmux -L "$s" new-session -d -x 200 -y $TALL "$tool report --tui -i $T/cg.data $*; sleep 60" ||
		return 1
	settle "$s"
	# Linux perf may miss a key sent while it starts: E twice does no harm.
	tmux -L "$s" send-keys E
	settle "$s"
	tmux -L "$s" send-keys E
	settle "$s"
	# The headline and titles, and the status line, are not the table.
	tmux -L "$s" capture-pane -p | sed -E 's/[▒◆█]+ *$//; s/ *$//' | sed '$d'
	tmux -L "$s" kill-server
}

# Up to the last line of the last row with chains: rows of equal share below may go either way.
chain_part() {
	awk -v re="$ROW_RE" '{ l[NR] = $0 } NF && $0 !~ re { end = NR }
		END { for (i = 1; i <= end; i++) print l[i] }'
}

# Rows that tie on Children and Self, each with its unfolded graph, in
# one order: perf's browser and ours may put equal rows either way (as
# tie_sort does for --stdio).
tui_tie_sort() {
	awk -v re="$ROW_RE" 'function out() { if (blk != "") printf "%d\t%s\n", run, blk; blk = "" }
		$0 ~ re { match($0, /[0-9]+\.[0-9]+%( +[0-9]+\.[0-9]+%)?/); k = substr($0, RSTART, RLENGTH)
			  out(); if (k != key) run++; key = k; blk = $0 "\001"; next }
		{ if (blk != "") blk = blk $0 "\001"; else { run++; printf "%d\t%s\001\n", run, $0 } }
		END { out() }' | LC_ALL=C sort -s -t "$(printf '\t')" -k1,1n -k2 | cut -f2- |
		tr -d '\n' | tr '\001' '\n'
}

# Ours has a rule under the titles, perf's has not: the table is one line shorter.
test_oracle_layout() { # options...
	local what="perf report browser (${*:-the default view}): E shows the lines of perf's"
	capture_all "$sock-oracle" "$ORACLE" "$@" | sed 1,2d | head -$((TALL - 4)) | chain_part |
		tui_tie_sort >"$T/theirs"
	capture_all "$sock" "$PERF" "$@" | sed 1,3d | chain_part | tui_tie_sort >"$T/ours"
	if [ ! -s "$T/theirs" ]; then
		fail "$what: Linux perf's browser showed nothing"
	elif diff "$T/theirs" "$T/ours" >"$T/layout.diff"; then
		ok "$what ($(wc -l <"$T/ours") lines)"
	else
		fail "$what"
		head -20 "$T/layout.diff" | sed 's/^/#   /'
	fi
}

if ! command -v tmux >/dev/null 2>&1; then
	skip "perf report browser, -g: tmux is not installed (scripts/install-deps.sh installs it)"
	finish
fi
# Linux perf's file when there is one, for both browsers to read.
rec=$PERF
[ -x "$ORACLE" ] && rec=$ORACLE
"$rec" record -q -e cpu-clock -g -o cg.data -- "$WORKLOADS/callpath" -r 200 >/dev/null 2>&1
if [ ! -s cg.data ]; then
	fail "perf report browser, -g: $rec record -g wrote no cg.data"
	finish
fi
"$PERF" report --stdio -i cg.data >"$T/stdio.out" 2>/dev/null
test_folding
if [ -x "$ORACLE" ]; then
	test_oracle_layout
	test_oracle_layout --no-children -g caller
	test_oracle_layout -g fractal
else
	skip "perf report browser, -g: the layout of perf's browser: no $ORACLE"
fi
finish
