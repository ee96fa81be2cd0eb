#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Real Linux guests under perf kvm: run by vm.sh -q inside the nested VM
# (L1), it boots two Debian 6.12 guests of its own (L2) with qemu/KVM and
# profiles them from L1.
#
#   vm.sh -q -c 3 -t 300 -f l2-initrd.cpio -f VMLINUX linux-guests.sh
#
# (l2-initramfs.sh builds l2-initrd.cpio; VMLINUX is fetch-kernel.sh's
# E2E_VMLINUX, or its E2E_VMLINUZ.)
# Guest "urandom" reads /dev/urandom, guest "compress" gzips /dev/zero
# (l2-init.sh).  Both boot at once and stay up for all the steps; each
# step lets run only the guests it wants (SIGSTOP/SIGCONT of their qemu).
#
#   one       perf kvm record, --guestkallsyms/--guestmodules, urandom
#             alone: one.data; g1.kallsyms, g1.modules
#   one2      the same for compress alone: one2.data; g2.kallsyms,
#             g2.modules (one.data against it for perf kvm diff)
#   chains    perf kvm record -g of urandom alone: chains.data
#   exclude   perf kvm record -e cpu-clock -e cpu-clock:H, urandom
#             alone: exclude.data
#   two       perf kvm record, --guestmount, both: two.data;
#             gm/PID/proc/{kallsyms,modules}
#   top       perf kvm top --stdio --guestmount, both: top.out
#   buildid   perf kvm buildid-list of one.data in L1: buildid.out
#   stat      perf kvm stat record -a, both guests: stat.data
#
# The guest symbols are the running guests' own /proc/kallsyms and
# /proc/modules, which each guest writes onto a virtio disk of its own
# (with its dmesg: a.syms/, b.syms/).
# "guests" says which qemu pid ran which workload; l1.kallsyms and
# l1.modules are L1's, for reading L1 kernel samples on the host
# (--kallsyms); timings has each phase's end in L1's uptime seconds.
# Each step's exit status goes to STEP.rc, its stderr to STEP.err.

E2E=/e2e
FW=/usr/share/qemu-e2e
# l2-initrd-debian.cpio or l2-initrd-series.cpio: the one vm.sh was given.
INITRD=$(ls $E2E/l2-initrd*.cpio 2>/dev/null | head -n 1)
SECS=4

up() { cut -d' ' -f1 /proc/uptime; }

mark() { # what: logs when it happened, for the timings
	echo "$1 $(up)" >>timings
	echo "linux-guests: $1 at $(up) s"
}

step() { # name command...: runs it, keeping its status and stderr
	name=$1
	shift
	"$@" 2>"$name.err"
	echo $? >"$name.rc"
	mark "$name"
}

# No guest on CPU 0.  Under TCG, an L2 guest on L1's CPU 0 now and then
# wrecks L1 (a #GP on a %gs access in its exception entry, recursing
# into the stack guard page; or a silent triple fault) or dies itself
# (qemu exits, its console stopping after the PCI line).  Measured: 11
# of 14 L1 boots running rounds of two L2 boots, one of them on CPU 0,
# failed within 1 to 8 rounds, whatever the L0 qemu (7.2 or 10.0.2), the
# L2 -cpu (host or qemu64) or kvm_amd's vgif; with no guest on CPU 0,
# 30 rounds (60 L2 boots) in a row passed.  So CPU 0 is the recorder's
# (and this script's), and with vm.sh -c 3 each guest has a CPU.
cpus() {
	n=$(nproc)
	CPU_A=1
	CPU_B=1
	[ "$n" -ge 3 ] && CPU_B=2
	taskset -p -c 0 $$ >/dev/null
}

# microvm: no PCI, no firmware tables to speak of, a quick boot; its
# virtio devices are virtio-mmio, hence -device virtio-blk-device.
# Without PCI, "pci=off" spares the early PCI scans for an AGP aperture
# (2 s), and the RTC probe gives up only after 4 s: the guest boots in
# 2.7 s instead of 9.5 (its own clock).
# The guest's tick comes 250 times a second of wall time, and each one
# costs more of it the slower the emulation runs, so on a slow machine
# the timer interrupt's share grows at the workload's expense (46% of
# the urandom guest's samples on one CI run).  Without the speculation
# mitigations, each interrupt's entry and exit is cheaper: with two CPU
# burners beside the VM, that share fell from 28% to 16%.
L2_BOOT="pci=off initcall_blacklist=cmos_init mitigations=off"

start_guest() { # name workload cpu
	rm -f "$1.img" "$1.console"
	truncate -s 32M "$1.img"
	taskset -c "$3" qemu-system-x86_64 -L "$FW" -enable-kvm -cpu host \
		-name "$1,debug-threads=on" \
		-M microvm -m 256M -smp 1 -nodefaults -no-user-config \
		-kernel "$KERNEL" -initrd "$INITRD" \
		-append "console=ttyS0 nokaslr quiet $L2_BOOT l2work=$2" \
		-drive "id=d,file=$1.img,format=raw,if=none" \
		-device virtio-blk-device,drive=d \
		-display none -serial "file:$1.console" -monitor none \
		-no-reboot 2>"$1.qemu.err" </dev/null &
	echo $! >"$1.pid"
}

# Until the guest's marker is on its console: the tar on its disk is
# then complete.  Leaves NAME.syms/{kallsyms,modules,dmesg}.  A guest
# that dies first, or hangs for 90 s (they take 7 to 13), is gone.
wait_syms() { # name
	pid=$(cat "$1.pid")
	i=0
	while ! grep -q '^l2: symbols out' "$1.console" 2>/dev/null; do
		if [ $i -ge 900 ]; then
			echo "linux-guests: guest $1 (pid $pid) hangs: killed" >&2
			kill "$pid"
		fi
		if ! kill -0 "$pid" 2>/dev/null; then
			wait "$pid"
			echo "linux-guests: guest $1 (pid $pid) exited ($?) before its symbols were out" >&2
			return 1
		fi
		sleep 0.1
		i=$((i + 1))
	done
	mark "guest $1 symbols out ($(grep -a -m1 '^l2: symbols out' "$1.console"))"
	mkdir -p "$1.syms"
	tar xf "$1.img" -C "$1.syms" && rm -f "$1.img"
	# A kernel with its drivers built in, as the series', has no modules.
	[ -s "$1.syms/kallsyms" ] && [ -f "$1.syms/modules" ]
}

# Nested SVM under TCG has lost L2 guests during their boot (on CPU 0,
# see cpus; not since): one more try, keeping the first console.
boot_guest() { # name workload cpu
	wait_syms "$1" && return
	# Alive, then the symbols were unreadable: a retry would not help.
	kill -0 "$(cat "$1.pid")" 2>/dev/null && return 1
	mv "$1.console" "$1.console.try1"
	mv "$1.qemu.err" "$1.qemu.err.try1"
	start_guest "$@"
	wait_syms "$1"
}

boot_guests() {
	# Both at once, each on its own CPU if there are 3.
	start_guest a urandom "$CPU_A"
	start_guest b compress "$CPU_B"
	boot_guest a urandom "$CPU_A" || return 1
	boot_guest b compress "$CPU_B" || return 1
	A=$(cat a.pid)
	B=$(cat b.pid)
	echo "urandom $A" >guests
	echo "compress $B" >>guests
	# Hard links: the tar to the host stores each file once.
	ln a.syms/kallsyms g1.kallsyms
	ln a.syms/modules g1.modules
	ln b.syms/kallsyms g2.kallsyms
	ln b.syms/modules g2.modules
	mkdir -p "gm/$A/proc" "gm/$B/proc"
	ln a.syms/kallsyms a.syms/modules "gm/$A/proc/"
	ln b.syms/kallsyms b.syms/modules "gm/$B/proc/"
}

stop_guests() {
	kill -STOP "$A" "$B"
}

# perf's workload: it starts once perf has set up, which under
# emulation takes about 2 s of reading kallsyms files, 5 s when running
# guests compete for the CPUs.  So the guests wait stopped until then,
# and the samples cover SECS seconds of guests that run.
run_for() { # qemu-pid...
	echo "kill -CONT $*; exec sleep $SECS"
}

do_one() {
	stop_guests
	perf kvm --host --guest --guestkallsyms=g1.kallsyms --guestmodules=g1.modules \
		record -a -o one.data -- sh -c "$(run_for "$A")"
}

do_one2() {
	stop_guests
	perf kvm --host --guest --guestkallsyms=g2.kallsyms --guestmodules=g2.modules \
		record -a -o one2.data -- sh -c "$(run_for "$B")"
}

# Call chains of the urandom guest (the series' guest kernel chains; on a
# stock L1, guest samples get none).
do_chains() {
	stop_guests
	perf kvm --host --guest --guestkallsyms=g1.kallsyms --guestmodules=g1.modules \
		record -g -a -o chains.data -- sh -c "$(run_for "$A")"
}

# Two events, one of them excluding the guest (":H").
do_exclude() {
	stop_guests
	perf kvm --host --guest record -a -e cpu-clock -e cpu-clock:H -o exclude.data \
		-- sh -c "$(run_for "$A")"
}

do_two() {
	stop_guests
	perf kvm --host --guest --guestmount=gm record -a -o two.data -- sh -c "$(run_for "$A" "$B")"
}

# Screens of one second; SIGINT ends top as a user would.  The gzip
# guest spends 2-5% of its time in its kernel, spread over functions
# that can all rank below the urandom guest's and the host's first 20
# rows: -E lets each screen hold every row, as the browser would scroll.
do_top() {
	kill -CONT "$A" "$B"
	timeout -s INT $((SECS + 4)) perf kvm --host --guest --guestmount=gm \
		top --stdio -d 1 -E 400 >top.out
	rc=$?
	# timeout's status for a SIGINT that top obeyed.
	[ $rc -eq 124 ] && rc=0
	return $rc
}

# Our report on the machine that recorded the file: its kernel and its
# modules ([kvm]) resolve from its own /proc/kallsyms.
do_report() {
	perf kvm --host --guest --guestkallsyms=g1.kallsyms --guestmodules=g1.modules \
		report -i one.data --stdio --sort dso,sym >report.out
}

# The guests' exits to L1: both run, and L1's KVM handles their exits.
do_stat() {
	stop_guests
	perf kvm stat record -a -o stat.data -- sh -c "$(run_for "$A" "$B")"
}

do_buildid() {
	perf kvm --host --guest buildid-list -i one.data >buildid.out
}

main() {
	if [ ! -c /dev/kvm ]; then
		echo "linux-guests: no /dev/kvm in the VM" >&2
		exit 1
	fi
	# The bare vmlinux boots 1.6 s sooner: no decompressor to run.
	KERNEL=$(ls $E2E/vmlinux $E2E/vmlinuz-* 2>/dev/null | head -n 1)
	if [ ! -f "$KERNEL" ] || [ ! -f "$INITRD" ]; then
		echo "linux-guests: want -f l2-initrd.cpio -f VMLINUX (or VMLINUZ)" >&2
		exit 1
	fi
	cpus
	mark "start (cpus $n)"
	cat /proc/kallsyms >l1.kallsyms
	cat /proc/modules >l1.modules
	if ! boot_guests; then
		kill -STOP "$(cat a.pid)" "$(cat b.pid)" 2>/dev/null
		exit 1
	fi
	step one do_one
	step one2 do_one2
	step chains do_chains
	step exclude do_exclude
	step two do_two
	step top do_top
	step buildid do_buildid
	step report do_report
	step stat do_stat
	# Stopped, not killed: L1 powers off with them.  Killing the last
	# VM flips static keys in L1, and twice in a row the code patching
	# that follows crashed L1 (an int3 in __schedule that no patch
	# claimed, on the CPU the guest had run on) while /init was writing
	# the results out.
	stop_guests
	mark end
	return 0
}

main
