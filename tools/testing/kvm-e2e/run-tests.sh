#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# End to end against real KVM guests.  Boots the nested VM once
# (vm.sh running scenarios.sh: one guest, two guests with guestmount,
# perf kvm top), then checks what came back on the host, with our perf
# and with Linux perf 6.1.  Prints "ok - / not ok - / skip -" lines and
# closes with "N passed, N failed, N skipped".
#
#   run-tests.sh            boot, run, check
#   run-tests.sh OUTDIR     check the results of an earlier run again
#
# Tolerances.  The runner's guest spends known shares of its time in
# each function, and sampling counts them.  A share p measured from n
# samples carries a sampling error of sqrt(p(1-p)/n); on top of that,
# TCG's emulation speed shifts a little between functions from run to
# run (measured: up to 0.7 points with one guest, 2.6 points with two
# guests sharing the two vCPUs with the recorder).  So a share passes
# within BASE + 3 standard errors of its weight: BASE is 2 points with
# one guest, 4 with two.

. "$(dirname "$0")/lib.sh"
RUNNER=$here/kvm-guest-runner

# Boots the VM and runs the scenarios; the results land in $out.
run_vm() {
	local rc start=$SECONDS

	if ! make -s -C "$here" >/dev/null; then
		fail "kvm-guest-runner builds"
		finish
	fi
	"$repo/tools/testing/kvm-e2e/vm.sh" -t 240 -o "$out" -f "$RUNNER" "$here/scenarios.sh"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		fail "the nested VM ran the scenarios (vm.sh exit $rc; see $out/console.log)"
		finish
	fi
	ok "the nested VM ran the scenarios with /dev/kvm ($((SECONDS - start)) s)"
}

# An awk function that turns "0x4000" or "ffffffff81000080" into 16 hex
# digits: addresses compare as strings, since awk's numbers are doubles.
AWK_HEX='function hex16(s) { s = tolower(s); sub(/^0x/, "", s)
	while (length(s) < 16) s = "0" s; return s }'

# Checks one function's share against its weight.  Prints the verdict.
share_ok() { # what measured-pct weight n base
	awk -v what="$1" -v got="$2" -v p="$3" -v n="$4" -v base="$5" 'BEGIN {
		tol = base + 300 * sqrt(p * (1 - p) / (n > 0 ? n : 1))
		d = got - 100 * p; if (d < 0) d = -d
		printf "%s: %.2f%% against a weight of %.1f%% (tolerance %.1f points, %d samples)\n",
			what, got, 100 * p, tol, n
		exit d <= tol ? 0 : 1 }'
}

# The runner's pid, from its summary line.
runner_pid() { # err-file
	sed -n 's/^kvm-guest-runner: pid \([0-9]*\) .*/\1/p' "$1" | head -1
}

# Compares each function of a weights file with a table of
# "PCT LEVEL SYMBOL" rows whose percentages are shares of one guest.
check_weights() { # label weights-file rows-file n base
	local name share start end mode got

	while read -r name share start end mode; do
		if [ "$mode" = guest-user ]; then
			# No symbols for guest user code: sum its addresses' rows.
			got=$(awk -v s="$start" -v e="$end" "$AWK_HEX"'
				$2 == "[u]" { a = hex16($3); if (a >= hex16(s) && a < hex16(e)) t += $1 }
				END { print t + 0 }' "$3")
		else
			got=$(awk -v f="$name" '$2 == "[g]" && $3 == f { t += $1 } END { print t + 0 }' "$3")
		fi
		if msg=$(share_ok "$1 $name" "$got" "$share" "$4" "$5"); then
			ok "$msg"
		else
			fail "$msg"
		fi
	done <"$2"
}

# Scenario 1: one guest, --guestkallsyms and --guestmodules.
one_guest() {
	local kvm=(kvm --guestkallsyms="$out/guest.kallsyms" --guestmodules="$out/guest.modules")
	local pid n line

	step_ok one_guest || return
	pid=$(runner_pid "$out/one_guest.err")
	# --guest alone keeps guest samples only: shares are of the guest's time.
	rows "$PERF" "${kvm[@]}" --guest report -i "$out/kvm1.data" --sort sym -n >"$out/s1.sym"
	rows "$PERF" "${kvm[@]}" --guest report -i "$out/kvm1.data" --sort dso,sym >"$out/s1.dso"
	n=$(awk '{ t += $2 } END { print t + 0 }' "$out/s1.sym")
	awk '{ print $1, $3, $4 }' "$out/s1.sym" >"$out/s1.rows"
	if [ "$n" -ge 2000 ]; then
		ok "one guest: $n guest samples (at least 2000)"
	else
		fail "one guest: only $n guest samples (at least 2000 wanted)"
	fi
	check_weights "one guest:" "$out/w1" "$out/s1.rows" "$n" 2
	if grep -q '^[0-9.]* \[guest.kernel.kallsyms\] \[g\] e2e_kernel_a$' "$out/s1.dso" &&
	   grep -q '^[0-9.]* \[e2e_mod\] \[g\] e2e_mod_fn$' "$out/s1.dso" &&
	   grep -q '^[0-9.]* \[unknown\] \[u\] 0x0*4000' "$out/s1.dso"; then
		ok "one guest: kernel functions [g] in [guest.kernel.kallsyms], the module's in [e2e_mod], user code [u]"
	else
		fail "one guest: guest rows not where expected: $(head -5 "$out/s1.dso" | tr '\n' ';')"
	fi

	# --sort pid --showcpuutilization: the guest's time belongs to the runner.
	rows "$PERF" "${kvm[@]}" --host --guest report -i "$out/kvm1.data" --sort pid \
		--showcpuutilization >"$out/s1.pid"
	line=$(awk -v p="$pid:" 'index($6, p) == 1' "$out/s1.pid")
	if echo "$line" | awk '$6 ~ /:kvm-guest-runne$/ && $4 + 0 > 5 && $5 + 0 > 1 { f = 1 }
			     END { exit !f }'; then
		ok "one guest: --sort pid --showcpuutilization gives the guest's time to $pid:kvm-guest-runne ($line)"
	else
		fail "one guest: no guest sys/us for the runner $pid: '$line'"
	fi
	if awk -v p="$pid:" 'index($6, p) != 1 {
			     if ($4 + $5 > 0.5) f = 1 } END { exit f }' "$out/s1.pid"; then
		ok "one guest: no other process gets guest time"
	else
		fail "one guest: guest time outside the runner: $(cat "$out/s1.pid" | head -3 | tr '\n' ';')"
	fi
	oracle_one_guest
	guest_vmlinux
}

# --guestvmlinux: the guest's ELF image (the runner's guest.elf, linked at
# the guest kernel's addresses) instead of its kallsyms, the same counts.
guest_vmlinux() {
	local f want got

	rows "$PERF" kvm --guest --guestvmlinux="$here/guest.elf" report -i "$out/kvm1.data" \
		--sort dso,sym -n >"$out/s1.vmlinux"
	for f in e2e_kernel_a e2e_kernel_b e2e_kernel_c; do
		want=$(awk -v f=$f '$4 == "[g]" && $5 == f { print $2 }' "$out/s1.ours")
		got=$(awk -v f=$f '$3 == "[guest.kernel.kallsyms]" && $4 == "[g]" && $5 == f { print $2 }' \
			"$out/s1.vmlinux")
		if [ -n "$want" ] && [ "$want" = "$got" ]; then
			ok "one guest: --guestvmlinux resolves $f, $got samples as with --guestkallsyms"
		else
			fail "one guest: --guestvmlinux gives $f '$got' samples, --guestkallsyms '$want'"
		fi
	done
}

# Linux perf 6.1 on the same file: the same samples in each guest kernel
# function.  The named difference: 6.1 leaves guest module samples as
# offsets in [e2e_mod] (it does not take module symbols from the guest's
# kallsyms), so there the check is the module's samples as a whole.
oracle_one_guest() {
	local args=(kvm --host --guest --guestkallsyms="$out/guest.kallsyms"
		    --guestmodules="$out/guest.modules" report -i "$out/kvm1.data" --sort dso,sym -n)
	local f want got

	rows "$ORACLE" "${args[@]}" >"$out/s1.oracle"
	rows "$PERF" "${args[@]}" >"$out/s1.ours"
	for f in e2e_kernel_a e2e_kernel_b e2e_kernel_c; do
		want=$(awk -v f=$f '$4 == "[g]" && $5 == f { print $2 }' "$out/s1.oracle")
		got=$(awk -v f=$f '$4 == "[g]" && $5 == f { print $2 }' "$out/s1.ours")
		if [ -n "$want" ] && [ "$want" = "$got" ]; then
			ok "one guest: $f has $got samples in ours and in Linux perf's report"
		else
			fail "one guest: $f has '$got' samples in ours, '$want' in Linux perf's"
		fi
	done
	want=$(awk '$3 == "[e2e_mod]" { t += $2 } END { print t + 0 }' "$out/s1.oracle")
	got=$(awk '$3 == "[e2e_mod]" { t += $2 } END { print t + 0 }' "$out/s1.ours")
	if [ "$want" = "$got" ] && [ "$got" != 0 ]; then
		ok "one guest: the module [e2e_mod] has $got samples in both (Linux perf 6.1 shows offsets, not e2e_mod_fn)"
	else
		fail "one guest: [e2e_mod] has $got samples in ours, $want in Linux perf's"
	fi
}

# Scenario 2: two guests, --guestmount.  Guest a runs variant 1 and guest
# b variant 2: their functions' weights differ, so a swap would show.
two_guests() {
	local x pid other n

	step_ok two_guests || return
	rows "$PERF" kvm --guest --guestmount="$out/gm" report -i "$out/kvm2.data" \
		--sort pid,dso,sym -n >"$out/s2.rows"
	for x in a b; do
		pid=$(cat "$out/pid.$x")
		other=$(cat "$out/pid.$([ $x = a ] && echo b || echo a)")
		# Per guest: its rows, as shares of its own samples.
		awk -v p="$pid:" 'index($3, p) == 1 { n += $2; r[NR] = $0 }
			END { for (i in r) { split(r[i], f, " "); printf "%.4f %s %s\n", 100 * f[2] / n, f[5], f[6] } }' \
			"$out/s2.rows" >"$out/s2.$x"
		n=$(awk -v p="$pid:" 'index($3, p) == 1 { n += $2 } END { print n + 0 }' "$out/s2.rows")
		check_weights "guest $x (pid $pid):" "$out/w2.$x" "$out/s2.$x" "$n" 4
		if grep -q "^[0-9.]* [0-9]* $pid:kvm-guest-runne \[guest.kernel.kallsyms.$pid\] \[g\] e2e_kernel_a$" "$out/s2.rows" &&
		   ! grep -q "^[0-9.]* [0-9]* $pid:.*\[guest.kernel.kallsyms.$other\]" "$out/s2.rows"; then
			ok "guest $x: its functions under [guest.kernel.kallsyms.$pid], none under the other guest's"
		else
			fail "guest $x: functions not under [guest.kernel.kallsyms.$pid] alone"
		fi
	done
	rows "$PERF" kvm --host --guest --guestmount="$out/gm" report -i "$out/kvm2.data" \
		--sort pid --showcpuutilization >"$out/s2.pid"
	n=$(awk '$6 ~ /:kvm-guest-runne$/ { if ($4 > 1 && $5 > 0.5) n++ }
		 END { print n + 0 }' "$out/s2.pid")
	if [ "$n" = 2 ]; then
		ok "two guests: --sort pid --showcpuutilization shows two runner rows with guest sys and guest us"
	else
		fail "two guests: $n runner rows with guest time, 2 expected: $(head -4 "$out/s2.pid" | tr '\n' ';')"
	fi
	oracle_two_guests
}

# Linux perf 6.1 on the guestmount file.  The named difference: 6.1 does
# not take symbols from DIR/PID/proc/kallsyms for these guests (it prints
# raw addresses under [guest.kernel.kallsyms], and its -v output shows no
# attempt to read the file), so its addresses are mapped to functions
# through the runner's ranges and the samples per function compared.
oracle_two_guests() {
	local args=(kvm --host --guest --guestmount="$out/gm" report -i "$out/kvm2.data" --sort pid,sym -n)
	local x pid want got

	rows "$ORACLE" "${args[@]}" >"$out/s2.oracle"
	rows "$PERF" "${args[@]}" >"$out/s2.ours"
	for x in a b; do
		pid=$(cat "$out/pid.$x")
		want=$(awk -v p="$pid" "$AWK_HEX"'
			NR == FNR { if ($1 ~ /^e2e_kernel/) { s[$1] = hex16($3); e[$1] = hex16($4) }; next }
			$3 ~ ("^" p ":") && $4 == "[g]" { a = hex16($5)
				for (f in s) if (a >= s[f] && a < e[f]) t[f] += $2 }
			END { for (f in t) printf "%s=%d\n", f, t[f] }' "$out/w2.$x" "$out/s2.oracle" |
			sort | xargs)
		# The functions of the weights file, as for perf's above: not
		# e2e_kernel_entry, which a sample hits at most at the start.
		got=$(awk -v p="$pid" 'NR == FNR { if ($1 ~ /^e2e_kernel/) w[$1] = 1; next }
			$3 ~ ("^" p ":") && $4 == "[g]" && ($5 in w) { t[$5] += $2 }
			END { for (f in t) printf "%s=%d\n", f, t[f] }' "$out/w2.$x" "$out/s2.ours" | sort | xargs)
		if [ -n "$want" ] && [ "$want" = "$got" ]; then
			ok "guest $x: the same samples per kernel function as Linux perf's addresses give ($got)"
		else
			fail "guest $x: ours '$got', Linux perf's '$want'"
		fi
	done
}

# Scenario 3: perf kvm top --stdio in the VM while a guest runs.
top_guest() {
	local head

	step_ok top_guest || return
	head=$(grep -m1 'guest kernel: *[1-9][0-9.]*% guest us: *[1-9]' "$out/top.out")
	if [ -n "$head" ]; then
		ok "perf kvm top: a headline with guest kernel and guest us shares ($(echo "$head" | tr -s ' '))"
	else
		fail "perf kvm top: no headline with non-zero guest shares: $(grep -m2 PerfTop "$out/top.out")"
	fi
	if grep -q '\[g\] e2e_kernel_a  *\[guest.kernel.kallsyms\]' "$out/top.out" &&
	   grep -q '\[g\] e2e_kernel_b ' "$out/top.out"; then
		ok "perf kvm top: the guest's functions in the table"
	else
		fail "perf kvm top: the guest's functions are not in the table"
	fi
}

# The guest kernel's call paths, leaf first, as guest.S makes them, with
# each one's share of the kernel's time: a, b and the module's function
# called from e2e_syscall_entry; e2e_kernel_c half from there, half from
# e2e_kernel_b.  From the runner's weights (w1).
truth_paths() {
	awk '$5 == "guest-kernel" { w[$1] = $2; t += $2 }
	     END { e = "e2e_syscall_entry"
		   print w["e2e_kernel_a"] / t, "e2e_kernel_a", e
		   print w["e2e_kernel_b"] / t, "e2e_kernel_b", e
		   print w["e2e_kernel_c"] / t / 2, "e2e_kernel_c", "e2e_kernel_b", e
		   print w["e2e_kernel_c"] / t / 2, "e2e_kernel_c", e
		   print w["e2e_mod_fn"] / t, "e2e_mod_fn", e }' "$out/w1"
}

# perf kvm script's guest kernel samples, one line each: the leaf's
# offset, then the chain's functions, leaf first.
guest_kernel_chains() {
	"$PERF" kvm --guest --guestkallsyms="$out/guest.kallsyms" --guestmodules="$out/guest.modules" \
		script -i "$out/kvm3.data" 2>/dev/null |
	awk 'function flush() { if (blk && c != "") print off c; blk = 0; c = ""; n = 0 }
	     /^[^\t]/ { flush(); blk = 1; next }
	     /^\t/ { if ($NF != "[g]") { blk = 0; next }
		     fn = $2; o = fn; sub(/\+0x[0-9a-f]+$/, "", fn); sub(/^[^+]*\+/, "", o)
		     if (++n == 1) off = o
		     c = c " " fn; next }
	     END { flush() }'
}

# The offset of each spinning function's RET, from its bounds in w1.
ret_offsets() {
	local name share start end mode

	while read -r name share start end mode; do
		printf '%s 0x%x\n' "$name" $((0x$end - 0x$start - 1))
	done <"$out/w1"
}

# Scenario: the synthetic guest's call chains against the truth.  Every
# chain is one of the paths (or e2e_syscall_entry alone, sampled between
# its calls), but for a sample taken where a function's frame is not yet
# or no longer set up: at its first two instructions (push %rbp, mov) or
# at its RET.  There the walk misses the caller, as any frame-pointer walk
# does, and the chain is its path less the caller.  Each path's share is
# checked as the functions' are: 3 standard deviations of a binomial
# share, plus 2 points for the emulation's uneven speed.
chains_guest() {
	local n kind bad edge share path got msg

	step_ok chains_guest || return
	kind=$(cat "$out/l1.kernel" 2>/dev/null)
	if [ "$kind" != series ]; then
		# A stock kernel's guest samples carry context markers only.
		"$PERF" kvm --guest --guestkallsyms="$out/guest.kallsyms" \
			--guestmodules="$out/guest.modules" script -i "$out/kvm3.data" \
			>"$out/s3.script" 2>/dev/null
		n=$(grep -c '^[^[:space:]]' "$out/s3.script")
		if [ "$n" -ge 1000 ] && ! grep -q "^$(printf '\t')" "$out/s3.script"; then
			ok "stock L1: $n guest samples, none with a frame in its chain"
		else
			fail "stock L1: guest chains where none were expected ($n samples): $(grep -m1 "^$(printf '\t')" "$out/s3.script")"
		fi
		return
	fi
	guest_kernel_chains >"$out/s3.chains"
	n=$(wc -l <"$out/s3.chains")
	truth_paths >"$out/s3.truth"
	ret_offsets >"$out/s3.ret"
	awk 'FILENAME == ARGV[1] { ret[$1] = $2; next }
	     FILENAME == ARGV[2] { $1 = ""; t[$0] = 1; next }
	     { off = $1; $1 = ""; c = $0; split(c, f, " ")
	       if (c in t || c == " e2e_syscall_entry" || c == " e2e_kernel_entry") {
		       print "path" c; next }
	       if (off == "0x0" || off == "0x1" || off == ret[f[1]])
		       for (p in t) { m = split(p, g, " "); s = " " g[1]
			       for (i = 3; i <= m; i++) s = s " " g[i]
			       if (m >= 2 && s == c) { print "edge " off c; next } }
	       print "bad " off c }' "$out/s3.ret" "$out/s3.truth" "$out/s3.chains" >"$out/s3.class"
	bad=$(grep -c '^bad' "$out/s3.class")
	edge=$(grep -c '^edge' "$out/s3.class")
	if [ "$n" -ge 2000 ] && [ "$bad" -eq 0 ]; then
		ok "series L1: all $n guest kernel chains are paths of guest.S ($edge at a prologue or RET, one caller short)"
	else
		fail "series L1: $bad of $n guest kernel chains are no path of guest.S: $(grep -m2 '^bad' "$out/s3.class" | tr '\n' ';')"
	fi
	while read -r share path; do
		got=$(awk -v p=" $path" 'substr($0, 5) == p { k++ } END { print 100 * k / NR }' "$out/s3.class")
		if msg=$(share_ok "series L1: path $path" "$got" "$share" "$n" 2); then
			ok "$msg"
		else
			fail "$msg"
		fi
	done <"$out/s3.truth"
}

# "name samples" rows of a perf kvm stat table.
stat_rows() {
	awk '/^ +[^ ]+ +[0-9]+ +[0-9.]+% / { print $1, $2 }' | LC_ALL=C sort | tr '\n' ' '
}

# Scenario: perf kvm stat on a guest of known exits, 40 port writes to
# 0xe3 and 25 halts, each closed by an entry; the last write, to 0xe4,
# is not (the runner stops there), so perf counts it nowhere.  Recorded
# in L1 by ours (stat.data) and by Linux perf (stat-oracle.data); each
# file's table in ours equals Linux perf's on it.  The L1 CPU is
# QEMU's AMD model, nested SVM: SVM's exit names.
stat_guest() {
	local f rows all

	for f in stat_guest stat_oracle; do
		step_ok $f || continue
		data=$out/stat.data
		[ $f = stat_oracle ] && data=$out/stat-oracle.data
		rows=$("$PERF" kvm -i "$data" stat report | stat_rows)
		if echo " $rows" | grep -q " hlt 25 " && echo " $rows" | grep -q " io 40 "; then
			ok "$f: exactly 40 io and 25 hlt exits ($rows)"
		else
			fail "$f: not 40 io and 25 hlt exits: $rows"
		fi
		rows=$("$PERF" kvm -i "$data" stat report --event=ioport | stat_rows)
		check "$f: --event=ioport: 40 writes to 0xe3, the unclosed one to 0xe4 left out ($rows)" \
			test "$rows" = "0xe3:POUT 40 "
		rows=$("$PERF" kvm -i "$data" stat report --vcpu=0 | stat_rows)
		check "$f: --vcpu=0: the one vCPU's" eval 'echo " $rows" | grep -q " io 40 "'
		if diff <("$ORACLE" kvm -i "$data" stat report 2>&1 >/dev/null) \
			<("$PERF" kvm -i "$data" stat report) >"$out/$f.diff"; then
			ok "$f: Linux perf's table, counts and times ($("$PERF" kvm -i "$data" stat report |
				grep -c ' ( +-') rows)"
		else
			fail "$f: differs from Linux perf's table: $(head -4 "$out/$f.diff" | tr '\n' ' ')"
		fi
	done
	[ -s "$out/stat.data" ] || return
	"$PERF" kvm -i "$out/stat.data" stat report --histogram >"$out/stat.hist"
	check "stat: the hlt histogram holds its 25 exits" \
		eval "awk '/^hlt: / { h = 1; next } h && /^\$/ { exit } h && /-> .* : / { n += \$5 }
			   END { exit n != 25 }' '$out/stat.hist'"
	"$PERF" kvm -i "$out/stat.data" stat report --json >"$out/stat.json"
	all=$("$PERF" kvm -i "$out/stat.data" stat report | stat_rows)
	check "stat: --json parses and has the table's counts" \
		python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))
got = " ".join(sorted("%s %d" % (e["name"], e["samples"]) for e in j["events"])) + " "
sys.exit(got != sys.argv[2])' "$out/stat.json" "$all"
}

# Scenario: perf kvm stat live beside a spinning guest: a table every 2 s,
# the guest's exits in them (its pass writes, the host's interrupts).
stat_live() {
	local tables busy

	step_ok stat_live || return
	tables=$(grep -c '^Total Samples:' "$out/live.out")
	busy=$(awk '/^Total Samples:/ { sub(/^Total Samples:/, ""); if ($0 + 0 > 0) n++ } END { print n + 0 }' \
		"$out/live.out")
	check "stat live: $tables tables, $busy with the guest's exits" \
		eval "[ $tables -ge 2 ] && [ $busy -ge 1 ] && grep -qE '^ +(io|interrupt) +[0-9]+ ' '$out/live.out'"
}

if [ $# -ge 1 ]; then
	out=$1
else
	out=$repo/build/e2e/out/scenarios-${E2E_KERNEL:-debian}
	run_vm
fi
one_guest
chains_guest
two_guests
top_guest
stat_guest
stat_live
finish
