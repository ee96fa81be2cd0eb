#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Names as Linux perf 6.1 prints them: the command of samples taken before
# a thread's first COMM, kernel modules, and [kernel.vmlinux].  Every row
# of our report is compared with Linux perf's, in order, on files that
# either tool recorded and on files written by tests/tools/synth-data as
# another machine's perf would have written them.
. "$(dirname "$0")/lib.sh"

SYNTH=${TEST_TOOLS:-$(dirname "$PERF")/tests/tools}/synth-data

# Every row of a --stdio report, in print order, whitespace folded.
rows() { # perf-binary file sort [options]
	local bin=$1 file=$2 sort=$3
	shift 3
	"$bin" report -i "$file" --stdio -n --sort "$sort" "$@" 2>/dev/null |
		awk '/^ +[0-9.]+%/ { $1 = $1; print }'
}

# perf 6.1 defect: it names a sample in a binary's first .plt entry
# after the symbol before .plt, _init, not the entry's "name@plt" (a
# synthetic sample at hot's atof@plt shows it: perf says _init, objdump
# and we say atof@plt).  Startup's lazy binding runs there: the rows of
# _init and of the workload's first PLT entry are set aside.
FIRST_PLT=$(objdump -d -j .plt "$WORKLOADS/hot" 2>/dev/null |
	    sed -n 's/^[0-9a-f]* <\([^+>]*@plt\)>:$/\1/p' | head -1)
no_first_plt() {
	awk -v p="${FIRST_PLT:-none@plt}" '$NF != "_init" && $NF != p'
}

same_rows() { # what file sort [options]
	local what=$1 file=$2 sort=$3
	shift 3
	rows "$ORACLE" "$file" "$sort" "$@" | no_first_plt >want
	rows "$PERF" "$file" "$sort" "$@" | no_first_plt >got
	if [ -s want ] && cmp -s want got; then
		ok "$what, --sort $sort: all $(wc -l <got) rows equal Linux perf's"
	else
		fail "$what, --sort $sort: rows differ from Linux perf's"
		diff want got | head -10 | sed 's/^/    /'
	fi
}

# The rows a synthetic file must print: "samples command" for --sort comm.
expect_rows() { # what file sort expected-file
	rows "$PERF" "$2" "$3" | awk '{ $1 = ""; $0 = $0; $1 = $1; print }' >got
	if cmp -s "$4" got; then
		ok "$1: the rows are the ones written"
	else
		fail "$1: rows differ from the ones written"
		diff "$4" got | head -10 | sed 's/^/    /'
	fi
}

# 1. Samples before a thread's first COMM.  perf names a new thread ":TID"
# until its first COMM, and that COMM renames the placeholder: the
# samples taken before it (a workload's, between the exec that enables
# the counters and the COMM the exec sends) get the exec'd name.  Later
# COMMs name the samples after them only.
pre_exec() { # file: does a sample come before its thread's first COMM?
	"$ORACLE" script -i "$1" --show-task-events -F comm,tid 2>/dev/null |
		awk '/PERF_RECORD_COMM/ { named[$2] = 1; next }
		     { split($0, f, " "); if (!(f[2] in named)) found = 1 }
		     END { exit !found }'
}
for tool in "$ORACLE" "$PERF"; do
	who=ours; [ "$tool" = "$ORACLE" ] && who=perf
	# A short period: the counters run from the exec on, and the window
	# before its COMM is a few microseconds.
	for try in 1 2 3 4 5; do
		"$tool" record -q -e cpu-clock -c 10000 -o exec.$who.data -- \
			"$WORKLOADS/hot" 0.05 >/dev/null 2>&1
		[ "$who" = perf ] && break	# perf's own COMM comes first: no placeholder
		pre_exec exec.$who.data && break
	done
	if [ "$who" = ours ] && ! pre_exec exec.ours.data; then
		skip "exec'd comm, recorded by ours: no sample fell before the exec's COMM in 5 tries"
	else
		for s in comm comm,dso,sym pid; do
			same_rows "exec'd comm, recorded by $who" exec.$who.data $s
		done
	fi
done
check "exec'd comm, recorded by ours: no ':TID' row" \
	eval '! rows "$PERF" exec.ours.data comm | grep -q " :[0-9]"'

# Placeholders, renames, forks: each thread's samples as perf names them.
cat >comm.spec <<'EOF'
# named, then exec'd: the samples before the exec keep the first name
comm 100 100 - averyverylongname
sample u 100 100 0x400000 5
comm 100 100 exec x
sample u 100 100 0x400000 10
# samples before the first COMM take its name
sample u 200 200 0x400000 3
comm 200 200 exec late
sample u 200 200 0x400000 4
# a child has its parent's name until its own exec
fork 300 200 300 200
sample u 300 300 0x400000 2
comm 300 300 exec newer
sample u 300 300 0x400000 1
# the parent is unknown: the child's placeholder takes its first COMM
fork 400 999 400 999
sample u 400 400 0x400000 2
comm 400 400 exec kid
# a tid used again after a FORK is a new thread
sample u 500 500 0x400000 6
fork 500 1 500 1
comm 500 500 exec reborn
sample u 500 500 0x400000 1
EOF
"$SYNTH" comm.data <comm.spec
check "synthetic comm file written" test -s comm.data
for s in comm pid comm,dso,sym; do
	same_rows "placeholders and renames (synthetic)" comm.data $s
done
# perf sizes the Command column by each row's thread's current name and
# cuts longer names to it: the name 100 had before its exec prints cut.
printf '%s\n' "10 x" "9 late" "6 :500" "5 averyve" "2 kid" "1 newer" "1 reborn" >want.comm
expect_rows "placeholders and renames (synthetic)" comm.data comm want.comm

# 2. Kernel modules.  A kernel MMAP whose filename is a path or a
# bracketed name is a module, printed by the short name perf gives it
# ("[ath9k]" for .../ath9k.ko, .ko.gz and .ko.xz; 6.1 does not know
# .ko.zst: "drm_kms.ko.zst"), with unresolved samples at their offset
# inside the module.  These files come from a machine whose kernel is
# not this one: nothing resolves from this machine's kallsyms.
KHDR='buildid k -1 1111111111111111111111111111111111111111 [kernel.kallsyms]
mmap k -1 0xffffffff81000000 0x1000000 0xffffffff81000000 [kernel.kallsyms]_text
comm 100 100 - work'
MODS=/lib/modules/5.10.0-20-amd64/kernel
cat >mod.spec <<EOF
$KHDR
buildid k -1 2222222222222222222222222222222222222222 $MODS/drivers/net/wireless/ath/ath9k/ath9k.ko
buildid k -1 3333333333333333333333333333333333333333 [snd_hda_core]
mmap k -1 0xffffffffc0a00000 0x20000 0 $MODS/drivers/net/wireless/ath/ath9k/ath9k.ko
mmap k -1 0xffffffffc0b00000 0x10000 0 [snd_hda_core]
mmap k -1 0xffffffffc0c00000 0x10000 0x1000 $MODS/fs/btrfs/btrfs.ko.xz
mmap k -1 0xffffffffc0d00000 0x10000 0 $MODS/drm-kms.ko.zst
mmap k -1 0xffffffffc0e00000 0x10000 0 [foo-bar]
mmap k -1 0xffffffffc0f00000 0x10000 0 /x/y/ab-c.ko.gz
mmap k -1 0xffffffffc1000000 0x10000 0 /x/y/plain.o
mmap k -1 0xffffffffc1100000 0x10000 0 /x/y/ath9k.ko
mmap k -1 0xffffffffc1200000 0x10000 0 junk-name
sample k 100 100 0xffffffff81001000 3
sample k 100 100 0xffffffffc0a00123 5
sample k 100 100 0xffffffffc0a30000 1
sample k 100 100 0xffffffffc0b00456 6
sample k 100 100 0xffffffffc0b00000 2
sample k 100 100 0xffffffffc0c00789 7
sample k 100 100 0xffffffffc0d00abc 8
sample k 100 100 0xffffffffc0e00010 4
sample k 100 100 0xffffffffc0f00010 9
sample k 100 100 0xffffffffc1000010 10
sample k 100 100 0xffffffffc1100010 11
sample k 100 100 0xffffffffc1200010 12
sample u 100 100 0xffffffffc0a00010 13
EOF
"$SYNTH" mod.data <mod.spec
for s in comm,dso,sym dso sym; do
	same_rows "modules of a foreign kernel" mod.data $s
done
check "modules of a foreign kernel: [ath9k] at offset 0x123" \
	grep -q '^[0-9.]*% 5 \[ath9k\] \[k\] 0x0000000000000123$' <(rows "$PERF" mod.data dso,sym)
check "modules of a foreign kernel: offset 0 printed as perf prints it" \
	grep -q '\[snd_hda_core\] \[k\] 0000000000000000$' <(rows "$PERF" mod.data dso,sym)
"$ORACLE" buildid-list -i mod.data >want 2>/dev/null
"$PERF" buildid-list -i mod.data >got 2>/dev/null
check "modules of a foreign kernel: buildid-list names them by their paths, as perf" \
	cmp -s want got

# Module symbols: the module's own file at the recorded path, when its
# build-id is the recorded one (or none was recorded), gzip or xz
# compressed too; else kallsyms ([module] entries), which perf 6.1 splits
# among the modules when it loads the kernel's symbols, at the first
# kernel sample: a module's samples before that stay unresolved in perf
# 6.1, and so they do in ours, as do later samples at one of their
# addresses (the last one of each file).  --kallsyms gives the recorded
# kernel's.
# The modules live outside $T: Linux perf 6.1 takes any DSO whose path
# starts with /tmp/perf- for a JIT's symbol map, modules too, and reads
# no symbols from it (not copied here: no recording names a module so).
MD=$(mktemp -d /tmp/kmod-names.XXXXXX)
cleanup_hook() { rm -rf "$MD"; }
mod_spec() { # module-path build-id order
	echo "$KHDR"
	[ -n "$2" ] && echo "buildid k -1 $2 $1"
	echo "buildid k -1 9999999999999999999999999999999999999999 $MD/mods/old.ko"
	echo "mmap k -1 0xffffffffc0a00000 0x20000 0 $1"
	echo "mmap k -1 0xffffffffc0b00000 0x10000 0 $MD/mods/snd.ko.gz"
	echo "mmap k -1 0xffffffffc0c00000 0x10000 0 $MD/mods/zz.ko.zst"
	echo "mmap k -1 0xffffffffc0d00000 0x10000 0 $MD/mods/old.ko"
	[ "$3" = module-first ] && echo "sample k 100 100 0xffffffffc0a00010 2"
	echo "sample k 100 100 0xffffffff81000110 3"
	[ "$3" = kernel-first ] && echo "sample k 100 100 0xffffffffc0a00010 2"
	echo "sample k 100 100 0xffffffffc0a00100 4"
	echo "sample k 100 100 0xffffffffc0a00200 5"
	echo "sample k 100 100 0xffffffffc0b00090 6"
	echo "sample k 100 100 0xffffffffc0b00200 7"
	echo "sample k 100 100 0xffffffffc0c00010 8"
	echo "sample k 100 100 0xffffffffc0d00010 9"
	echo "sample k 100 100 0xffffffffc0a00010 1"
}
cd "$MD" || exit 1
mkdir mods
printf '%s\n' 'void ko_init(void) { __asm__ volatile(".fill 0xf0, 1, 0x90"); }' \
	'void ko_rx(void) { __asm__ volatile(".fill 0xf0, 1, 0x90"); }' \
	'void ko_tx(void) { __asm__ volatile(".fill 0xf0, 1, 0x90"); }' >mods/m.c
if ! { gcc -O0 -fno-asynchronous-unwind-tables -c mods/m.c -o mods/m.o &&
       ld -r --build-id=sha1 mods/m.o -o mods/ath9k.ko; } 2>/dev/null; then
	skip "module symbols: cannot build a module with gcc and ld"
else
	BID=$(readelf -n mods/ath9k.ko | awk '/Build ID/ { print $3 }')
	for m in snd zz old; do cp mods/ath9k.ko mods/$m.ko; done
	xz -kf mods/ath9k.ko && gzip -kf mods/snd.ko && zstd -qf mods/zz.ko -o mods/zz.ko.zst
	printf '%s\n' "ffffffff81000000 T _text" "ffffffff81000100 T kfunc_a" \
		"ffffffff81000200 t kfunc_b" "ffffffff81000300 T _etext" \
		"ffffffffc0a00000 t ath_init	[ath9k]" "ffffffffc0a00100 t ath_rx	[ath9k]" \
		"ffffffffc0a00200 t ath_tx	[ath9k]" "ffffffffc0b00000 t snd_open	[snd]" \
		"ffffffffc0b00080 t snd_close	[snd]" "ffffffffc0c00000 t zz_fn	[zz]" \
		"ffffffffc0d00000 t old_fn	[old]" >ks
	for c in "ko $MD/mods/ath9k.ko $BID" "koxz $MD/mods/ath9k.ko.xz $BID" \
		 "nobid $MD/mods/ath9k.ko" "badbid $MD/mods/ath9k.ko 99999999999999999999"; do
		set -- $c
		for order in module-first kernel-first; do
			mod_spec "$2" "$3" $order >ko.spec
			"$SYNTH" ko.$1.$order.data <ko.spec
			same_rows "module symbols ($1, $order)" ko.$1.$order.data dso,sym
			same_rows "module symbols ($1, $order), --kallsyms" ko.$1.$order.data \
				dso,sym --kallsyms=ks
		done
	done
	check "module symbols: from the .ko.xz file, and the .ko.gz one" eval \
		'rows "$PERF" ko.koxz.kernel-first.data dso,sym >got &&
		 grep -q "\[ath9k\] \[k\] ko_rx$" got && grep -q "\[snd\] \[k\] ko_tx$" got'
	check "module symbols: from kallsyms when the file's build-id differs" \
		grep -q '\[ath9k\] \[k\] ath_rx$' \
			<(rows "$PERF" ko.badbid.kernel-first.data dso,sym --kallsyms=ks)
	check "module symbols: not before the kernel's symbols are loaded, as in perf" \
		grep -q '\[ath9k\] \[k\] 0x0000000000000010$' \
			<(rows "$PERF" ko.badbid.module-first.data dso,sym --kallsyms=ks)
fi
cd "$T" || exit 1

# This machine's kernel (its build-id): kernel and [module] symbols from
# /proc/kallsyms, for the modules it lists (if any).
KTEXT=$(awk '$3 == "_text" { print $1; exit }' /proc/kallsyms)
MODSYM=$(awk -F'\t' 'NF > 1 { split($1, f, " "); print f[1], substr($2, 2, length($2) - 2); exit }' \
	/proc/kallsyms)
if [ -z "$KTEXT" ] || [ "$KTEXT" = 0000000000000000 ]; then
	skip "modules of this kernel: /proc/kallsyms hides addresses"
else
	{
		echo "buildid k -1 host [kernel.kallsyms]"
		echo "mmap k -1 0x$KTEXT 0x1000000 0x$KTEXT [kernel.kallsyms]_text"
		echo "comm 100 100 - work"
		set -- $MODSYM
		[ $# = 2 ] && echo "mmap k -1 0x$1 0x1000 0 [$2]" &&
			echo "sample k 100 100 0x$1 2"
		echo "sample k 100 100 0x$KTEXT 3 64"
		[ $# = 2 ] && echo "sample k 100 100 0x$1 4"
	} >host.spec
	"$SYNTH" host.data <host.spec
	same_rows "this kernel's symbols${MODSYM:+, and module ${MODSYM#* }}" host.data dso,sym
fi

# 3. [kernel.vmlinux].  perf 6.1 takes the machine's kernel DSO at the
# kernel MMAP: the first kernel-space DSO that is not a module (the
# build-id table's entries come first), else one named after the
# machine's kernel.  If its name contains "vmlinux" it prints as
# [kernel.vmlinux]; another path prints its basename.
vml() { # file build-id-lines...
	local n=$1
	shift
	{
		printf '%s\n' "$@"
		echo "mmap k -1 0xffffffff81000000 0x1000000 0xffffffff81000000 [kernel.kallsyms]_text"
		echo "mmap k -1 0xffffffffc0a00000 0x20000 0 [ath9k]"
		echo "comm 100 100 - work"
		echo "sample k 100 100 0xffffffff81001000 3"
		echo "sample k 100 100 0xffffffffc0a00010 2"
		echo "sample u 100 100 0x1000 1"
	} >vml.spec
	"$SYNTH" $n.data <vml.spec
	same_rows "kernel DSO ($n)" $n.data dso,sym
}
B1=1111111111111111111111111111111111111111 B2=2222222222222222222222222222222222222222
vml vmlinux "buildid k -1 $B1 /usr/lib/debug/boot/vmlinux-5.10.0"
vml other-path "buildid k -1 $B1 /boot/mykernel"
vml kallsyms-first "buildid k -1 $B1 [kernel.kallsyms]" \
	"buildid k -1 $B2 /usr/lib/debug/boot/vmlinux-5.10.0"
vml module-first "buildid k -1 $B1 /lib/modules/x/foo.ko" \
	"buildid k -1 $B2 /usr/lib/debug/boot/vmlinux-5.10.0"
vml user-vmlinux "buildid u -1 $B1 /usr/lib/debug/boot/vmlinux-5.10.0"
vml this-kernel "buildid k -1 host /usr/lib/debug/boot/vmlinux"
check "kernel DSO: a vmlinux path prints [kernel.vmlinux]" \
	grep -q '\[kernel.vmlinux\] \[k\] 0xffffffff81001000$' <(rows "$PERF" vmlinux.data dso,sym)
check "kernel DSO: this kernel's build-id under a vmlinux path resolves from kallsyms" \
	grep -q '\[kernel.vmlinux\] \[k\] [a-z_]' <(rows "$PERF" this-kernel.data dso,sym)

# Guests alike (perf kvm --guest: only then does Linux perf show guest samples).
{
	echo "buildid g 0 $B1 /usr/lib/debug/boot/vmlinux-5.10.0-guest"
	echo "buildid g 0 $B2 /lib/modules/5.10.0/kernel/virtio-net.ko"
	echo "mmap g 0 0xffffffff81000000 0x1000000 0xffffffff81000000 [guest.kernel.kallsyms]_text"
	echo "mmap g 0 0xffffffffc0a00000 0x20000 0 /lib/modules/5.10.0/kernel/virtio-net.ko"
	echo "mmap g 0 0xffffffffc0b00000 0x20000 0 [e1000]"
	echo "comm 100 100 - qemu"
	echo "sample g 100 100 0xffffffff81001000 3"
	echo "sample g 100 100 0xffffffffc0a00010 2"
	echo "sample g 100 100 0xffffffffc0b00010 4"
	echo "sample G 100 100 0x1000 1"
} >guest.spec
"$SYNTH" guest.data <guest.spec
kvm_rows() { # binary sort
	"$1" kvm --guest report -i guest.data --stdio -n --sort "$2" 2>/dev/null |
		awk '/^ +[0-9.]+%/ { $1 = $1; print }'
}
for s in dso,sym dso; do
	kvm_rows "$ORACLE" $s >want
	kvm_rows "$PERF" $s >got
	if grep -q 'kernel.vmlinux' got && grep -q virtio_net got && cmp -s want got; then
		ok "guest kernel DSO and modules, --sort $s: all $(wc -l <got) rows equal Linux perf's"
	else
		fail "guest kernel DSO and modules, --sort $s: rows differ from Linux perf's"
		diff want got | head -10 | sed 's/^/    /'
	fi
done

# Files recorded here by either tool: every row, the kernel's included.
for tool in "$ORACLE" "$PERF"; do
	who=ours; [ "$tool" = "$ORACLE" ] && who=perf
	"$tool" record -q -a -e cpu-clock -F 1000 -o sys.$who.data -- "$WORKLOADS/hot" 0.5 \
		>/dev/null 2>&1
	same_rows "system-wide, recorded by $who" sys.$who.data dso
done

# Whole lines, columns and all, as Linux perf prints them.
same_view() { # what file [options]
	local what=$1 f=$2
	shift 2
	"$ORACLE" report -i "$f" --stdio "$@" 2>/dev/null | grep -v '^# (Tip:' | sed '/^#*$/d' >want
	"$PERF" report -i "$f" --stdio "$@" 2>/dev/null | grep -v '^# (Tip:' | sed '/^#*$/d' >got
	if grep -q '%' want && cmp -s want got; then
		ok "$what: every line as Linux perf's"
	else
		fail "$what: lines differ from Linux perf's"
		diff want got | head -8 | sed 's/^/    /'
	fi
}

# A row without a symbol widens the Shared Object column to 16, an
# address's digits, as perf sizes it.
cat >unres.spec <<EOF
comm 100 100 exec app
mmap2 u 100 100 0x400000 0x1000 0 /nonexistent/app
sample u 100 100 0x400100 5
sample u 100 100 0x999 3
EOF
"$SYNTH" unres.data <unres.spec
for s in comm,dso,sym dso,sym sym; do
	same_view "rows without a symbol, --sort $s" unres.data --sort $s
done

# Plain perf report (not perf kvm) counts guest samples but shows no row of them.
cat >guest.spec <<EOF
comm 100 100 exec app
mmap2 u 100 100 0x400000 0x1000 0 /nonexistent/app
comm 200 200 exec qemu-system-x86
mmap g 200 0xffffffff81000000 0x100000 0 [guest.kernel.kallsyms]_text
sample u 100 100 0x400100 30
sample g 200 200 0xffffffff81000100 10
sample G 200 200 0x401000 10
EOF
"$SYNTH" guest.data <guest.spec
same_view "guest samples in a plain report: in the totals, in no row" guest.data

# BPF programs, from KSYMBOL records: a map of their own, named after the
# program, even where the kernel's symbols do not resolve (another kernel).
cat >ksym.spec <<EOF
buildid k -1 00112233445566778899aabbccddeeff00112233 [kernel.kallsyms]
mmap k -1 0xffffffff81000000 0x1000000 0xffffffff81000000 [kernel.kallsyms]_text
comm 100 100 exec app
ksymbol 0xffffffffc0201000 0x200 0 bpf_prog_6deef7357e7b4530_sd_devices
ksymbol 0xffffffffc0203000 0x100 0 bpf_prog_aabbccddeeff0011_filter
sample k 100 100 0xffffffffc0201010 7
sample k 100 100 0xffffffffc0203020 3
sample k 100 100 0xffffffff81000100 2
ksymbol 0xffffffffc0203000 0x100 1 bpf_prog_aabbccddeeff0011_filter
sample k 100 100 0xffffffffc0203020 4
ksymbol 0xffffffffc0205000 0x100 0 bpf_prog_aabbccddeeff0011_filter
sample k 100 100 0xffffffffc0205010 5
EOF
"$SYNTH" ksym.data <ksym.spec
for s in comm,dso,sym dso sym; do
	same_view "BPF programs (KSYMBOL), loaded, unloaded and loaded again, --sort $s" ksym.data \
		--sort $s
done
check "a BPF program's samples name it" \
	grep -q 'bpf_prog_6deef7357e7b4530_sd_devices  *\[k\] bpf_prog_6deef7357e7b4530_sd_devices' \
	<("$PERF" report -i ksym.data --stdio 2>/dev/null)

finish
