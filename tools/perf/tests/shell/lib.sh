# SPDX-License-Identifier: GPL-2.0
# Helpers for the shell tests.  Each test prints one line per check:
#   ok - what            not ok - what: why            skip - what: why
# The runner sets PERF (the binary under test), WORKLOADS and ORACLE.

: "${PERF:?PERF must point at the perf binary under test}"
: "${WORKLOADS:?WORKLOADS must point at the built test workloads}"
ORACLE=${ORACLE:-/usr/bin/perf}

T=$(mktemp -d /tmp/perf-test.XXXXXX)
# PERF_TEST_KEEP=1 keeps the directory of a test that failed, to look into.
trap 'cleanup_hook 2>/dev/null
      if [ -n "$PERF_TEST_KEEP" ] && [ "$failures" -gt 0 ]; then
	      echo "kept $T" >&2
      else
	      rm -rf "$T"
      fi' EXIT
cd "$T" || exit 1

# Every record fills a build-id cache, ours and Linux perf's: each test
# has its own, $HOME/.debug of a HOME of its own (Linux perf 6.1 reads
# no PERF_BUILDID_DIR, so it goes too).
export HOME=$T/home
unset PERF_BUILDID_DIR
mkdir -p "$HOME"

failures=0
ok()   { echo "ok - $*"; }
fail() { echo "not ok - $*"; failures=$((failures + 1)); }
skip() { echo "skip - $*"; }
check() { # check "what" command...: ok if the command succeeds
	local what=$1; shift
	if "$@"; then ok "$what"; else fail "$what"; fi
}
finish() { exit $((failures > 0)); }

# Samples in a perf.data, as Linux perf counts them.
oracle_samples() {
	"$ORACLE" script -i "$1" -F ip 2>/dev/null | wc -l
}

# The first symbol row of Linux perf's report: "<overhead> <symbol>".
oracle_top_symbol() {
	"$ORACLE" report -i "$1" --stdio --sort sym 2>/dev/null |
		awk '/^ +[0-9.]+%/ { print $1, $NF; exit }'
}

# |a - b| <= pct% of b
within_pct() {
	awk -v a="$1" -v b="$2" -v p="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(b > 0 && d * 100 <= p * b) }'
}
