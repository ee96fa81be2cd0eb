# SPDX-License-Identifier: GPL-2.0
# What the end-to-end test scripts share: result lines, the summary, and
# reading reports.  Sourced; the caller sets $out (the results directory).

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
PERF=${PERF:-$repo/tools/perf/perf}
ORACLE=${ORACLE:-/usr/bin/perf}

passed=0 failed=0 skipped=0
ok()   { echo "ok - $*"; passed=$((passed + 1)); }
fail() { echo "not ok - $*"; failed=$((failed + 1)); }
skip() { echo "skip - $*"; skipped=$((skipped + 1)); }
finish() {
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
	exit
}

# A report's rows as "PCT FIELD..." with the padding and every '%' gone,
# so that awk compares the percentages as numbers.
rows() { # perf-binary args...
	"$@" --stdio 2>/dev/null | awk '/^ +[0-9.]+%/ { gsub("%", ""); $1 = $1; print }'
}

# ok if a scenario step (its STEP.rc and STEP.err in $out) exited 0.
check() { # check "what" command...: ok if the command succeeds
	local what=$1; shift
	if "$@"; then ok "$what"; else fail "$what"; fi
}

step_ok() { # step
	local rc

	rc=$(cat "$out/$1.rc" 2>/dev/null || echo missing)
	if [ "$rc" = 0 ]; then
		ok "$1: the scenario ran (exit 0)"
		return 0
	fi
	fail "$1: the scenario failed (exit $rc): $(tail -3 "$out/$1.err" 2>/dev/null | tr '\n' ' ')"
	return 1
}
