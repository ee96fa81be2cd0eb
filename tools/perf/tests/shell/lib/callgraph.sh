# SPDX-License-Identifier: GPL-2.0
# How a call-graph report is compared with Linux perf 6.1's: the text to
# compare, and the known perf 6.1 defects set aside.  Shared by
# report-callgraph.sh and scripts/bench.sh, so that the benchmark compares
# exactly what the test does.
#
#   view BINARY FILE [report options] | tie_sort >text
#   BINARY report --stdio ... | view_text | tie_sort >text

# The whole report, blank lines and trailing blanks included (they are part
# of perf's graph), without perf's random tip at the end.
#
# perf 6.1 defect: fractal's "[...]" (the share its threshold hid) is
# sometimes printed "[...] (inlined)": the pseudo-symbol behind it is
# allocated without clearing its inlined flag.  It is never inlined code.
view() { # perf-binary input [options]
	local tool=$1 in=$2; shift 2
	"$tool" report -i "$in" --stdio "$@" 2>/dev/null | view_text
}

view_text() { # what view() keeps of a report --stdio read on stdin
	awk '/^# \(Tip:/ { exit } { line[n++] = $0 }
	     END { while (n > 0 && (line[n - 1] == "#" || line[n - 1] == "")) n--
		   for (i = 0; i < n; i++) print line[i] }' |
		sed 's/--\[\.\.\.\] (inlined)$/--[...]/'
}

# perf 6.1 defect: rows that tie on Children are ordered by the depth of
# their trees only when they belong to one thread, and by Self and the
# sort keys otherwise.  That is not an order (a < b by depth, b < c by
# Self, c < a by depth can all hold), so where rows tie on Children perf's
# order is the accident of its rbtree's insertions.  Ours is a stable one.
# Before comparing, each run of consecutive rows that print the same
# Children (the same Overhead and command without Children) is sorted in
# both, each row with its tree under it (and the blank line that ends the
# tree) as one block: every line must still be there, and every tree
# under its row.
tie_sort() {
	# Each block on one line (its newlines as \001) after the number of its run.
	# A tree ends with one blank line, but the table's last one lost it in view().
	awk 'function out() {
		if (blk == "") return
		while (blk ~ /\001\001$/) blk = substr(blk, 1, length(blk) - 1)
		if (index(substr(blk, index(blk, "\001") + 1), "\001")) blk = blk "\001"
		printf "%d\t%s\n", run, blk; blk = ""
	}
	/^# Children / { children = 1 }
	/^ +[0-9.]+% / { k = children ? $1 : $1 " " $2
			 out(); if (k != key) run++; key = k; blk = $0 "\001"; next }
	/^#/ { out(); run++; key = ""; printf "%d\t%s\001\n", run, $0; next }
	{ if (blk != "") blk = blk $0 "\001"; else { run++; printf "%d\t%s\001\n", run, $0 } }
	END { out() }' | LC_ALL=C sort -s -t "$(printf '\t')" -k1,1n -k2 | cut -f2- | tr -d '\n' |
		tr '\001' '\n'
}
