#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The seed's scenario for real: Linux guests (Debian's 6.12 kernel under
# KVM, inside the nested VM) profiled with perf kvm from their host.
# Boots the nested VM once with qemu in it (vm.sh -q, linux-guests.sh),
# then checks what came back, with our perf and with Linux perf 6.1.
# Prints "ok - / not ok - / skip -" lines and closes with
# "N passed, N failed, N skipped".
#
#   linux-tests.sh            boot, run, check
#   linux-tests.sh OUTDIR     check the results of an earlier run again
#
# The guests' workloads: "urandom" reads /dev/urandom, so its kernel
# time goes to the ChaCha generator and the copy out to user space;
# "compress" gzips /dev/zero, so its time is mostly gzip in user space.
# The shares of individual functions vary with the emulation's speed, so
# the checks are about which functions lead, where samples land, and
# equality with Linux perf on the same file.

. "$(dirname "$0")/lib.sh"

# Functions of the urandom workload: the generator and the copy to user.
URANDOM_FNS='^(chacha_permute|chacha_block_generic|get_random_bytes_user|_copy_to_iter|rep_movs_alternative)$'

run_vm() {
	local rc start=$SECONDS

	"$here/run-linux-guests.sh" "$out"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		fail "the nested VM ran Linux guests (exit $rc; see $out/console.log)"
		finish
	fi
	ok "the nested VM ran two Linux guests under KVM ($((SECONDS - start)) s)"
}

guest_pid() { # workload
	awk -v w="$1" '$1 == w { print $2 }' "$out/guests"
}

# Scenario 1: one guest reading /dev/urandom, --guestkallsyms.
one_guest() {
	local kvm=(kvm --guestkallsyms="$out/g1.kallsyms" --guestmodules="$out/g1.modules")
	local n lead top3

	step_ok one || return
	rows "$PERF" "${kvm[@]}" --guest report -i "$out/one.data" --sort dso,sym -n >"$out/l1.rows"
	n=$(awk '{ t += $2 } END { print t + 0 }' "$out/l1.rows")
	lead=$(awk -v re="$URANDOM_FNS" '$3 == "[guest.kernel.kallsyms]" && $4 == "[g]" && $5 ~ re { t += $1 }
		END { printf "%.1f", t }' "$out/l1.rows")
	top3=$(head -3 "$out/l1.rows" | awk '{ printf "%s %s%%; ", $5, $1 }')
	# Which of them comes first varies with the emulation's speed.
	if [ "$n" -ge 2000 ] && awk -v l="$lead" 'BEGIN { exit !(l >= 60) }' &&
	   head -1 "$out/l1.rows" | awk -v re="$URANDOM_FNS" '$3 == "[guest.kernel.kallsyms]" && $5 ~ re { f = 1 }
							   END { exit !f }'; then
		ok "one guest: the generator and copy functions lead, with $lead% of $n guest samples ($top3)"
	else
		fail "one guest: the urandom functions do not lead ($lead% of $n; $top3)"
	fi
	oracle_one_guest
	host_kallsyms
	rows "$PERF" "${kvm[@]}" --host --guest report -i "$out/one.data" --sort pid \
		--showcpuutilization >"$out/l1.pid"
	# QEMU names the vCPU thread (-name ...,debug-threads=on).
	if awk '/:CPU 0\/KVM$/ { if ($4 > 10) f = 1 } END { exit !f }' "$out/l1.pid"; then
		ok "one guest: --sort pid --showcpuutilization: the vCPU thread with the guest sys time ($(grep -m1 'CPU 0/KVM$' "$out/l1.pid"))"
	else
		fail "one guest: no vCPU thread row with guest sys time: $(head -3 "$out/l1.pid" | tr '\n' ';')"
	fi
}

# Linux perf 6.1 on the same file: the same samples in every guest kernel
# function of ours at or above 0.5% of the guest's samples.
oracle_one_guest() {
	local args=(kvm --guestkallsyms="$out/g1.kallsyms" --guestmodules="$out/g1.modules"
		    report -i "$out/one.data" --sort dso,sym -n)
	local want got

	rows "$ORACLE" "${args[@]}" | awk '$4 == "[g]" { print $5, $2 }' | sort >"$out/l1.oracle"
	awk '$4 == "[g]" && $1 >= 0.5 { print $5, $2 }' "$out/l1.rows" | sort >"$out/l1.ours"
	want=$(join "$out/l1.ours" "$out/l1.oracle" | awk '$2 == $3 { n++ } END { print n + 0 }')
	got=$(wc -l <"$out/l1.ours")
	if [ "$got" -gt 0 ] && [ "$want" = "$got" ]; then
		ok "one guest: Linux perf counts the same samples in each of our $got guest kernel functions >= 0.5% ($(head -2 "$out/l1.ours" | xargs))"
	else
		fail "one guest: Linux perf agrees on $want of $got functions: $(join -a1 "$out/l1.ours" "$out/l1.oracle" | head -4 | xargs)"
	fi
}

# The host here is the nested VM, whose kernel is not this machine's:
# --kallsyms takes its symbols from the copy of its /proc/kallsyms.
host_kallsyms() {
	local args=(kvm --host --guest --guestkallsyms="$out/g1.kallsyms"
		    --guestmodules="$out/g1.modules" report -i "$out/one.data"
		    --kallsyms="$out/l1.kallsyms" --sort comm,dso,sym -n)
	local top

	rows "$PERF" "${args[@]}" | awk '$5 == "[k]" && $1 >= 0.1' >"$out/l1.host"
	rows "$ORACLE" "${args[@]}" | awk '$5 == "[k]" && $1 >= 0.1' >"$out/l1.host.oracle"
	top=$(head -1 "$out/l1.host")
	if [ -s "$out/l1.host" ] && ! echo "$top" | grep -q ' 0x' &&
	   cmp -s "$out/l1.host" "$out/l1.host.oracle"; then
		ok "one guest: --kallsyms resolves the nested host's kernel as Linux perf does ($top)"
	else
		fail "one guest: host kernel rows with --kallsyms: ours '$top', Linux perf's '$(head -1 "$out/l1.host.oracle")'"
	fi
}

# Our report inside the VM, on the machine that recorded one.data: the
# host kernel and its modules resolve from its own /proc/kallsyms, with
# no warning (a module's build-id is not the kernel's).
report_in_vm() {
	step_ok report || return
	if grep -q '\[kvm\]  *\[k\] [a-z_]' "$out/report.out" &&
	   ! grep -q '\[kvm\]  *\[k\] 0x' "$out/report.out" &&
	   ! grep -q 'unresolved' "$out/report.err"; then
		ok "report on the recording machine: [kvm] resolves ($(grep -m1 '\[kvm\]' "$out/report.out" | tr -s ' '))"
	else
		fail "report on the recording machine: [kvm] unresolved: $(grep -m1 '\[kvm\]' "$out/report.out"; head -1 "$out/report.err")"
	fi
}

# Scenario 2: both guests, --guestmount.
two_guests() {
	local gm=(kvm --guestmount="$out/gm")
	local u c top

	step_ok two || return
	u=$(guest_pid urandom) c=$(guest_pid compress)
	rows "$PERF" "${gm[@]}" --guest report -i "$out/two.data" --sort dso,sym -n >"$out/l2.rows"
	top=$(awk -v d="[guest.kernel.kallsyms.$u]" '$3 == d' "$out/l2.rows" | head -1)
	if echo "$top" | awk -v re="$URANDOM_FNS" '$4 == "[g]" && $5 ~ re { f = 1 } END { exit !f }'; then
		ok "two guests: the urandom guest's functions lead under [guest.kernel.kallsyms.$u] ($top)"
	else
		fail "two guests: the urandom guest's first function is not the generator's or the copy's: '$top'"
	fi
	if awk -v d="[guest.kernel.kallsyms.$c]" '$3 == d { n += $2 } END { exit !(n > 0) }' "$out/l2.rows" &&
	   ! awk -v d="[guest.kernel.kallsyms.$c]" '$3 == d && $5 ~ /^chacha_/' "$out/l2.rows" | grep -q .; then
		ok "two guests: the compress guest's kernel samples under [guest.kernel.kallsyms.$c], none of ChaCha's"
	else
		fail "two guests: the compress guest's kernel samples are missing, or hold ChaCha's"
	fi
	threads_of_guests
	vcpus_of_guests
}

# --sort pid shows threads: a guest's vCPU thread is known by the DSO of
# its guest kernel samples (the last column: the thread's name, "CPU
# 0/KVM", has a blank).  The urandom guest spends its time in the
# kernel (guest sys), the compress guest much of its own in gzip (guest us).
threads_of_guests() {
	local gm=(kvm --guestmount="$out/gm")
	local u c tu tc lu lc

	u=$(guest_pid urandom) c=$(guest_pid compress)
	rows "$PERF" "${gm[@]}" --guest report -i "$out/two.data" --sort pid,dso -n >"$out/l2.pd"
	tu=$(awk -v d="[guest.kernel.kallsyms.$u]" '$NF == d { print $3; exit }' "$out/l2.pd")
	tc=$(awk -v d="[guest.kernel.kallsyms.$c]" '$NF == d { print $3; exit }' "$out/l2.pd")
	rows "$PERF" "${gm[@]}" --host --guest report -i "$out/two.data" --sort pid \
		--showcpuutilization >"$out/l2.pid"
	lu=$(awk -v t="$tu" '$6 == t' "$out/l2.pid")
	lc=$(awk -v t="$tc" '$6 == t' "$out/l2.pid")
	# gzip's share of guest user time moves with the emulation (12-19%
	# measured, against 8-12% guest sys for its reads of /dev/zero);
	# urandom's stays near zero.
	if [ -n "$tu" ] && [ -n "$tc" ] && [ "$tu" != "$tc" ] &&
	   echo "$lu" | awk '{ exit !($4 > 2 * $5 && $4 > 5) }' &&
	   awk -v u="$lu" -v c="$lc" 'BEGIN { split(u, a, " "); split(c, b, " ")
		exit !(b[5] > 5 && b[5] > 10 * a[5]) }'; then
		ok "two guests: two vCPU thread rows, urandom mostly guest sys ($lu), compress with the guest user time ($lc)"
	else
		fail "two guests: guest sys/us rows not as expected: urandom '$lu', compress '$lc'"
	fi
}

# --sort vcpu: QEMU names each guest's vCPU threads "CPU n/KVM"; each
# guest's kernel samples split over its vCPUs (one each here), and the
# split sums to the guest's total.
vcpus_of_guests() {
	local gm=(kvm --guestmount="$out/gm") u c d want got

	rows "$PERF" "${gm[@]}" --guest report -i "$out/two.data" --sort dso -n >"$out/l2.d"
	rows "$PERF" "${gm[@]}" --guest report -i "$out/two.data" --sort dso,vcpu -n >"$out/l2.dv"
	u=$(guest_pid urandom) c=$(guest_pid compress)
	for d in "[guest.kernel.kallsyms.$u]" "[guest.kernel.kallsyms.$c]"; do
		want=$(awk -v d="$d" '$3 == d { print $2 }' "$out/l2.d")
		got=$(awk -v d="$d" '$3 == d { n += $2; v = v " vCPU " $4 ": " $2 } END { print n + 0 v }' "$out/l2.dv")
		if [ -n "$want" ] && [ "$want" -gt 100 ] && [ "${got%% *}" = "$want" ] &&
		   ! echo "$got" | grep -q 'vCPU -'; then
			ok "two guests: --sort dso,vcpu: $d's $want samples by vCPU:${got#* }"
		else
			fail "two guests: --sort dso,vcpu: $d has $want samples, by vCPU $got"
		fi
	done
}

# Scenario 3: perf kvm top --stdio --guestmount while both guests run.
top_guests() {
	local u c head

	step_ok top || return
	u=$(guest_pid urandom) c=$(guest_pid compress)
	head=$(grep -m1 'guest kernel: *[1-9][0-9.]*%' "$out/top.out")
	if [ -n "$head" ]; then
		ok "perf kvm top: the headline has a guest kernel share ($(echo "$head" | tr -s ' '))"
	else
		fail "perf kvm top: no headline with a guest kernel share: $(grep -m1 PerfTop "$out/top.out")"
	fi
	if grep -q "\[g\] chacha_.*\[guest.kernel.kallsyms.$u\]" "$out/top.out" &&
	   grep -q "\[g\] .*\[guest.kernel.kallsyms.$c\]" "$out/top.out"; then
		ok "perf kvm top: both guests' functions in the table, each under its own kernel"
	else
		fail "perf kvm top: the table lacks one guest's functions"
	fi
}

# Scenario 4: buildid-list and diff on the guest recordings.
buildid_and_diff() {
	local qemu_id

	qemu_id=$(readelf -n /usr/bin/qemu-system-x86_64 | awk '/Build ID/ { print $3 }')
	"$PERF" kvm buildid-list -i "$out/one.data" >"$out/l4.ours" 2>/dev/null
	"$ORACLE" buildid-list -i "$out/one.data" 2>/dev/null | sort >"$out/l4.oracle"
	if grep -qx "$qemu_id /usr/bin/qemu-system-x86_64" "$out/l4.ours" &&
	   grep -q ' \[kernel.kallsyms\]$' "$out/l4.ours" &&
	   [ "$(sort "$out/l4.ours")" = "$(cat "$out/l4.oracle")" ] &&
	   cmp -s "$out/l4.ours" "$out/buildid.out"; then
		ok "perf kvm buildid-list: the same $(wc -l <"$out/l4.ours") build-ids as Linux perf and as in the VM, qemu's among them"
	else
		fail "perf kvm buildid-list: not the expected build-ids: $(head -3 "$out/l4.ours" | xargs)"
	fi
	diff_guests
}

# perf kvm diff of the urandom recording (baseline) against the compress
# one: ChaCha only in the baseline, read_zero only in the new file.
diff_guests() {
	local args=(kvm --guestkallsyms="$out/g1.kallsyms" --guestmodules="$out/g1.modules"
		    diff "$out/one.data" "$out/one2.data")
	local chacha zero want

	"$PERF" "${args[@]}" >"$out/l4.diff" 2>/dev/null
	want=$(awk '$5 == "chacha_permute" { print $1 "%" }' "$out/l1.rows")
	chacha=$(grep ' \[g\] chacha_permute$' "$out/l4.diff" | awk '{ print NF, $1 }')
	zero=$(grep ' \[g\] read_zero$' "$out/l4.diff" | awk '{ print NF, $1 }')
	if [ "$chacha" = "4 $want" ] && echo "$zero" | grep -q '^4 +'; then
		ok "perf kvm diff: chacha_permute in the baseline only ($want), read_zero in the new file only ($(echo "$zero" | cut -d' ' -f2))"
	else
		fail "perf kvm diff: chacha_permute '$chacha' (want '4 $want'), read_zero '$zero'"
	fi
}

# Whether the L1 kernel carries the series: its own kallsyms say.
series_l1() {
	grep -q ' perf_guest_callchain$' "$out/l1.kallsyms"
}

# perf kvm script of a guest-only view, one line per sample:
# "FRAMES BAD FUNCTIONS...".  A guest user sample's chain is its IP
# alone ([u]: the host cannot name guest user code); in a guest kernel
# sample, BAD counts the frames that are not resolved guest kernel
# frames ([g], a symbol).  User samples are "FRAMES BAD [user]", BAD
# counting frames beyond the first.
guest_chains() { # file
	"$PERF" kvm --guest --guestkallsyms="$out/g1.kallsyms" --guestmodules="$out/g1.modules" \
		script -i "$1" 2>/dev/null |
	awk 'function flush() {
		     if (blk && user)
			     print nf, nf - 1, "[user]"
		     else if (blk)
			     print nf, bad, chain
		     blk = 0; nf = 0; bad = 0; user = 0; chain = ""
	     }
	     /^[^\t]/ { flush(); blk = 1; next }
	     /^\t/ { if (++nf == 1 && / \[u\]$/)
			     user = 1
		     if ($0 !~ / \[g\]$/ || $0 ~ /\[unknown\]/)
			     bad++
		     fn = $2; sub(/\+0x[0-9a-f]+$/, "", fn); chain = chain " " fn
		     next }
	     END { flush() }'
}

# Scenario: guest kernel call chains.  With the series, a sample in the
# generator or the copy has a chain up through vfs_read to the syscall
# entry, every frame a guest kernel function.  A stock L1 gives guest
# samples no chain at all: the before.
chains() {
	local n most ur reach bad example

	step_ok chains || return
	guest_chains "$out/chains.data" >"$out/l5.chains"
	n=$(wc -l <"$out/l5.chains")
	most=$(awk '$1 > m { m = $1 } END { print m + 0 }' "$out/l5.chains")
	bad=$(awk '{ b += $2 } END { print b + 0 }' "$out/l5.chains")
	ur=$(awk -v re="$URANDOM_FNS" '$3 ~ re' "$out/l5.chains" | wc -l)
	reach=$(awk -v re="$URANDOM_FNS" '$3 ~ re && / vfs_read / && $NF ~ /^entry_SYSCALL_64/' \
		"$out/l5.chains" | wc -l)
	if ! series_l1; then
		if [ "$n" -ge 500 ] && [ "$most" -le 1 ]; then
			ok "stock L1: $n guest samples, none with a frame beyond its IP (no guest chains)"
		else
			fail "stock L1: guest chains where none were expected ($n samples, up to $most frames)"
		fi
		return
	fi
	example=$(awk -v re="$URANDOM_FNS" '$3 ~ re && / vfs_read / { $1 = $2 = ""; print; exit }' \
		"$out/l5.chains")
	# A chain that loses its way ends early, it cannot gain frames: 90%.
	if [ "$n" -ge 500 ] && [ "$bad" -eq 0 ] && [ "$ur" -gt 0 ] &&
	   [ $((reach * 100)) -ge $((ur * 90)) ]; then
		ok "series L1: $reach of $ur urandom samples climb through vfs_read to the syscall entry, all frames [g] ($example)"
	else
		fail "series L1: guest chains: $reach of $ur urandom samples reach the syscall entry, $bad bad frames, $n samples, e.g. '$example'"
	fi
	tower
}

# The flame graph of the chains: ChaCha's samples as one tower, its
# biggest frame standing on the read path down to the syscall entry, every
# frame under it a guest kernel one.  Prints "SHARE-OF-CHACHA PATH...".
chacha_tower() { # svg
	grep -o '<g class="frame"[^>]*>' "$1" |
	sed 's/.*data-kind="\([^"]*\)" data-name="\([^"]*\)" data-value="[0-9]*" data-samples="\([0-9]*\)".*data-depth="[0-9]*"\( data-parent="\([0-9]*\)"\)\{0,1\}>/\1|\2|\3|\5/' |
	awk -F'|' '{ k[NR - 1] = $1; nm[NR - 1] = $2; s[NR - 1] = $3; p[NR - 1] = ($4 == "" ? -1 : $4) }
		   END { b = -1
			 for (i = 0; i < NR; i++)
				 if (nm[i] == "chacha_permute") {
					 all += s[i]
					 if (b < 0 || s[i] + 0 > s[b] + 0)
						 b = i
				 }
			 if (b < 0) { print 0; exit }
			 c = ""
			 # Parents come first in the file: the walk ends.
			 for (i = b; i >= 0 && k[i] == "guest-kernel"; i = p[i])
				 c = c " " nm[i]
			 printf "%d%s\n", 100 * s[b] / all, c }'
}

tower() {
	local t

	"$PERF" kvm --guest --guestkallsyms="$out/g1.kallsyms" --guestmodules="$out/g1.modules" \
		report -i "$out/chains.data" --flamegraph="$out/chains.svg" >/dev/null 2>&1
	t=$(chacha_tower "$out/chains.svg")
	if echo "$t" | awk '$1 >= 90 && / vfs_read / && $NF ~ /^entry_SYSCALL_64/ { f = 1 } END { exit !f }'; then
		ok "series L1: the flame graph draws ChaCha as one tower: ${t%% *}% of its samples in one frame, the stack top down: ${t#* }"
	else
		fail "series L1: no ChaCha tower on the read path in the flame graph: '$t'"
	fi
}

# Scenario: exclude_guest.  cpu-clock and cpu-clock:H in one recording:
# with the series, the :H event holds no guest sample while the other
# holds the guest's share; a stock L1 tags :H samples as the guest's.
exclude() {
	local all allg host hostg

	step_ok exclude || return
	"$PERF" kvm --host --guest script -i "$out/exclude.data" >"$out/l6.script" 2>/dev/null
	all=$(grep -c ' cpu-clock: ' "$out/l6.script")
	allg=$(grep ' cpu-clock: ' "$out/l6.script" | grep -c ' \[g\]$')
	host=$(grep -c ' cpu-clock:H: ' "$out/l6.script")
	hostg=$(grep ' cpu-clock:H: ' "$out/l6.script" | grep -c ' \[g\]$')
	if series_l1; then
		if [ "$host" -ge 500 ] && [ "$hostg" -eq 0 ] && [ $((allg * 5)) -ge "$all" ]; then
			ok "series L1: cpu-clock:H has no guest sample of $host; cpu-clock has $allg guest samples of $all"
		else
			fail "series L1: cpu-clock:H has $hostg guest samples of $host; cpu-clock $allg of $all"
		fi
	elif [ "$hostg" -gt 0 ]; then
		ok "stock L1: cpu-clock:H gets guest samples all the same ($hostg of $host): the defect the series fixes"
	else
		fail "stock L1: cpu-clock:H has no guest sample ($host samples): the before does not show the defect"
	fi
}

# Scenario: perf kvm stat on real Linux guests.  Their exits are a real
# kernel's: both guests spin (no halts, memory long faulted in), so the
# host's timer interrupts and the guests' own timer, a TSC-deadline MSR
# write, lead.  The table names every exit (no UNKNOWN row) as Linux
# perf's does, the time each takes spreads over several histogram
# buckets, and each VM has its own rows per vCPU.
stat_guests() {
	local f=$out/stat.data names spread vms msr

	step_ok stat || return
	"$PERF" kvm -i "$f" stat report >"$out/stat.table"
	names=$(awk '/^ +[^ ]+ +[0-9]+ +[0-9.]+% / { print $1 }' "$out/stat.table" | LC_ALL=C sort | tr '\n' ' ')
	if [ "$(echo "$names" | wc -w)" -ge 2 ] && ! echo " $names" | grep -q ' UNKNOWN ' &&
	   echo " $names" | grep -q ' interrupt ' && echo " $names" | grep -q ' msr '; then
		ok "stat: the L2 guests' exits by name: $names"
	else
		fail "stat: no interrupt and msr exits, or UNKNOWN ones: $names"
	fi
	if diff <("$ORACLE" kvm -i "$f" stat report 2>&1 >/dev/null) "$out/stat.table" >"$out/stat.diff"; then
		ok "stat: Linux perf's table ($(grep -c ' ( +-' "$out/stat.table") rows)"
	else
		fail "stat: differs from Linux perf's table: $(head -4 "$out/stat.diff" | tr '\n' ' ')"
	fi
	msr=$("$PERF" kvm -i "$f" stat report --event=msr | awk '/ \( \+-/ { print $1; exit }')
	check "stat --event=msr: the guests' TSC-deadline timer (0x6e0) leads ($msr)" test "$msr" = 0x6e0:W
	"$PERF" kvm -i "$f" stat report --histogram >"$out/stat.hist"
	spread=$(awk '/^interrupt: / { h = 1; next } h && /^$/ { exit } h && / -> .* : [1-9]/ { n++ }
		      END { print n + 0 }' "$out/stat.hist")
	check "stat: interrupts' handling time spreads over $spread log2 buckets" test "$spread" -ge 4
	"$PERF" kvm -i "$f" stat report --per-vcpu >"$out/stat.pervcpu"
	vms=$(grep -c '^VM [0-9]* (qemu-system-x86), vCPU 0: ' "$out/stat.pervcpu")
	check "stat --per-vcpu: each of the two VMs' vCPU has its table ($vms)" test "$vms" -eq 2
}

KERNEL=${E2E_KERNEL:-debian}
if [ $# -ge 1 ]; then
	out=$1
else
	out=$repo/build/e2e/out/linux-guests-$KERNEL
	run_vm
fi
one_guest
report_in_vm
chains
exclude
two_guests
top_guests
buildid_and_diff
stat_guests
finish
