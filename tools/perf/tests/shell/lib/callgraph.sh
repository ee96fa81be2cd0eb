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
#
# perf 6.1 defect: it orders rows without a symbol by subtracting their
# addresses into a signed 64-bit number, which wraps for two addresses
# 2^63 or more apart (a stack's garbage "frame" such as 0xdfdfdfdf00000003
# against 0x55).  Its tree of rows is then out of order: a lookup can miss
# a row and make a second one, and the merge of the two keeps the level
# ([k] or [.], which a frame without a map takes from its neighbour) of
# whichever the tree's shape puts first, so the level printed depends on
# what other rows there are (on one -a -g file, a row printed [k] read
# whole and [.] with --time cutting off the first 0.05 s, none of its
# samples in them).  The level of such a row, of an address past 2^63,
# is not compared.
view() { # perf-binary input [options]
	local tool=$1 in=$2; shift 2
	"$tool" report -i "$in" --stdio "$@" 2>/dev/null | view_text
}

view_text() { # what view() keeps of a report --stdio read on stdin
	awk '/^# \(Tip:/ { exit } { line[n++] = $0 }
	     END { while (n > 0 && (line[n - 1] == "#" || line[n - 1] == "")) n--
		   for (i = 0; i < n; i++) print line[i] }' |
		sed -e 's/--\[\.\.\.\] (inlined)$/--[...]/' \
		    -e 's/^\( \+[0-9.]\+%.* \)\[[k.]\]\( 0x[89a-f][0-9a-f]\{15\}\)$/\1[?]\2/'
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
