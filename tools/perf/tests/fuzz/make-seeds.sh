#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Writes the fuzz corpus's seeds: small perf.data files in every form the
# test suite reads, recorded by Linux perf 6.1 and by ours, and the forms
# of other perf versions that perf-data-mangle makes of them.
#
#   make-seeds.sh OUTDIR [BUILD_DIR]
#
# BUILD_DIR is a plain build (perf, tests/tools, tests/workloads; default
# tools/perf itself).  Seeds name this machine's paths (the workloads,
# libc), so they are made here, not committed.  Recordings are short and
# sparse (-c large): the smaller the seed, the faster each execution.
# A form a perf does not take (an option it lacks) is left out, and said.

set -u
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: make-seeds.sh OUTDIR [BUILD_DIR]}
build=$(cd "${2:-$here/../..}" && pwd)
ORACLE=${ORACLE:-/usr/bin/perf}
W=$build/tests/workloads
MANGLE=$build/tests/tools/perf-data-mangle
SYNTH=$build/tests/tools/synth-guest
REC=(-q -c 1000000)

mkdir -p "$out" || exit 1
tmp=$(mktemp -d /tmp/perf-seeds.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
made=0 missed=0

# keep NAME FILE: a seed, if the recording left one with data in it.
keep() {
	if [ -s "$2" ] && [ "$(stat -c %s "$2")" -gt 16 ]; then
		mv "$2" "$out/$1"
		made=$((made + 1))
	else
		echo "make-seeds: no $1" >&2
		missed=$((missed + 1))
	fi
}

# rec NAME PERF [record options] -- workload...: the file format.
rec() {
	local name=$1 tool=$2; shift 2
	"$tool" record "${REC[@]}" -o "$tmp/$name" "$@" >/dev/null 2>&1
	keep "$name" "$tmp/$name"
}

# rec_pipe NAME PERF [record options] -- workload...: the pipe format.
rec_pipe() {
	local name=$1 tool=$2; shift 2
	"$tool" record "${REC[@]}" -o - "$@" >"$tmp/$name" 2>/dev/null
	keep "$name" "$tmp/$name"
}

for who in perf ours; do
	tool=$ORACLE; [ $who = ours ] && tool=$build/perf
	rec plain.$who "$tool" -e cpu-clock -- "$W/hot" 0.1
	rec_pipe pipe.$who "$tool" -e cpu-clock -- "$W/hot" 0.1
	rec z.$who "$tool" -e cpu-clock -z -- "$W/hot" 0.1
	rec_pipe zpipe.$who "$tool" -e cpu-clock -z -- "$W/hot" 0.1
	rec g.$who "$tool" -e cpu-clock -g -- "$W/hot" 0.1
	# User registers and stack copies, for DWARF unwinding (a small copy: a small seed).
	rec dwarf.$who "$tool" -e cpu-clock --call-graph dwarf,1024 -- "$W/callpath-nofp" 0.05
	rec_pipe gpipe.$who "$tool" -e cpu-clock -g -- "$W/hot" 0.05
	# A tracepoint: the pipe format then carries HEADER_TRACING_DATA.
	rec_pipe tp.$who "$tool" -e sched:sched_switch -- "$W/hot" 0.05
	rec tpfile.$who "$tool" -e sched:sched_switch -- "$W/hot" 0.05
	rec two.$who "$tool" -e cpu-clock,task-clock -- "$W/hot" 0.1
	rec group.$who "$tool" -e '{cpu-clock,task-clock}' -- "$W/hot" 0.1
	# Leader sampling: samples carry PERF_SAMPLE_READ of the whole group.
	rec leader.$who "$tool" -e '{cpu-clock,task-clock}:S' -- "$W/hot" 0.1
	rec bidmmap.$who "$tool" -e cpu-clock --buildid-mmap -- "$W/hot" 0.1
	rec cpp.$who "$tool" -e cpu-clock -- "$W/hotcpp" 0.1
	rec vdso.$who "$tool" -e cpu-clock -- "$W/clock" 0.1
	rec jit.$who "$tool" -e cpu-clock -- "$W/jit" -m 0.1
	# FORK and exec COMM records: a shell that starts two workloads.
	rec fork.$who "$tool" -e cpu-clock -- sh -c "$W/hot 0.05 & $W/hot 0.05; wait"

	src=$out/plain.$who
	[ -s "$src" ] || continue
	for n in 64 72 96 112; do
		"$MANGLE" "$src" "$tmp/m" attr-size $n && keep attr$n.$who "$tmp/m"
	done
	[ -s "$out/z.$who" ] && "$MANGLE" "$out/z.$who" "$tmp/m" compressed2 &&
		keep z2.$who "$tmp/m"
	"$MANGLE" "$src" "$tmp/m" unpadded && keep unpadded.$who "$tmp/m"
	"$MANGLE" "$src" "$tmp/m" unknown 93 && keep unknown.$who "$tmp/m"
	"$MANGLE" "$src" "$tmp/m" auxtrace 4096 && keep aux.$who "$tmp/m"
	# A stream's payload larger than its first read buffer (64 KB) is skipped by reading.
	"$MANGLE" "$src" "$tmp/a" auxtrace 70000 && "$MANGLE" "$tmp/a" "$tmp/m" to-pipe &&
		keep auxpipe.$who "$tmp/m"
	"$MANGLE" "$src" "$tmp/m" lost-samples 42 && keep lost.$who "$tmp/m"
	# Sample ids need PERF_SAMPLE_IDENTIFIER: a file of two events.
	[ -s "$out/two.$who" ] && "$MANGLE" "$out/two.$who" "$tmp/m" bad-ids &&
		keep badids.$who "$tmp/m"
	"$MANGLE" "$src" "$tmp/m" short-samples && keep short.$who "$tmp/m"
	"$MANGLE" "$src" "$tmp/m" to-pipe && keep topipe.$who "$tmp/m"
	[ -s "$out/g.$who" ] && "$MANGLE" "$out/g.$who" "$tmp/m" to-pipe &&
		keep gtopipe.$who "$tmp/m"
done

# perf kvm's files, with guests (the target's kallsyms stands in for theirs).
for mode in default guestmount buildid; do
	rm -rf "$tmp/g"; mkdir "$tmp/g"
	"$SYNTH" $mode "$tmp/g" >/dev/null 2>&1 && keep kvm-$mode "$tmp/g/perf.data.kvm"
done
[ -s "$out/kvm-default" ] && "$MANGLE" "$out/kvm-default" "$tmp/m" to-pipe &&
	keep kvm-pipe "$tmp/m"

# perf kvm stat's files: kvm tracepoints laid out by this machine's formats.
if [ -r /sys/kernel/tracing/events/kvm/kvm_exit/format ]; then
	cat >"$tmp/spec" <<EOF
comm 500 501 CPU_0/KVM
tp 500 501 0 kvm:kvm_entry vcpu_id=0
tp 500 501 0 kvm:kvm_exit exit_reason=0x7b isa=2 vcpu_id=0
tp 500 501 0 kvm:kvm_pio rw=1 port=0x80 size=1 count=1
tp 500 501 0 kvm:kvm_entry vcpu_id=0
tp 500 501 0 kvm:kvm_exit exit_reason=0x400 isa=2 vcpu_id=0
tp 500 501 0 kvm:kvm_mmio type=2 len=4 gpa=0xfee000b0 val=0
tp 500 501 0 kvm:kvm_entry vcpu_id=0
tp 500 501 0 kvm:kvm_exit exit_reason=0x7c isa=2 vcpu_id=0
tp 500 501 0 kvm:kvm_msr write=1 ecx=0x6e0 data=1
tp 500 501 0 kvm:kvm_mmio type=1 len=4 gpa=0xfee00030 val=0
tp 500 501 0 kvm:kvm_entry vcpu_id=0
EOF
	"$build/tests/tools/synth-tp" "$tmp/m" <"$tmp/spec" >/dev/null 2>&1 && keep kvm-stat "$tmp/m"
fi

# Other machines' files: kernel modules, a vmlinux-named kernel, BPF programs.
DATA=$build/tests/tools/synth-data
cat >"$tmp/spec" <<EOF
buildid k -1 00112233445566778899aabbccddeeff00112233 /usr/lib/debug/boot/vmlinux-5.10
mmap k -1 0xffffffff81000000 0x1000000 0xffffffff81000000 [kernel.kallsyms]_text
mmap k -1 0xffffffffc0100000 0x4000 0 /lib/modules/5.10/kernel/drivers/net/ath9k.ko
comm 100 100 exec app
sample k 100 100 0xffffffffc0100100 3
ksymbol 0xffffffffc0201000 0x200 0 bpf_prog_6deef7357e7b4530_sd_devices
sample k 100 100 0xffffffffc0201010 2
ksymbol 0xffffffffc0201000 0x200 1 bpf_prog_6deef7357e7b4530_sd_devices
fork 101 100 101 100
mmap2 u 101 101 0x400000 0x1000 0 /nonexistent/app
sample u 101 101 0x400100 2
EOF
"$DATA" "$tmp/m" <"$tmp/spec" >/dev/null 2>&1 && keep foreign-kernel "$tmp/m"

echo "make-seeds: $made seeds in $out ($(du -sk "$out" | cut -f1) KB), $missed forms not made"
