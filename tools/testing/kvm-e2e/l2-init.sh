#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the L2 guests' initramfs (l2-initramfs.sh).  Hands the
# running kernel's symbols to L1 on /dev/vda, then runs its workload
# until qemu is killed.
#
# The symbols go out on a virtio disk, not the serial console: every
# byte written to the 8250 is an exit to L1's qemu, and under nested
# emulation that ran at about 6 kB/s (115 kB in 20 s), 20 minutes for
# the 7.2 MB of kallsyms; the disk takes about a second.  The console
# carries only the marker that says the tar is complete.
#
# No "set -e": if PID 1 exits the kernel panics, and L1 would lose the
# guest it is about to profile.

/bin/busybox mount -t proc proc /proc
/bin/busybox --install -s
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

while read -r m; do
	insmod "/lib/modules/$m.ko" || echo "l2: insmod $m failed"
done </lib/modules/order

# Modules probe their devices asynchronously.
i=0
while [ ! -b /dev/vda ] && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done

# Root sees addresses unless kptr_restrict is 2; no sysctl.conf here,
# but make sure.
echo 0 >/proc/sys/kernel/kptr_restrict
t0=$(cut -d' ' -f1 /proc/uptime)
mkdir -p /tmp/syms
cat /proc/kallsyms >/tmp/syms/kallsyms
cat /proc/modules >/tmp/syms/modules
# The boot's messages, which "quiet" keeps off the slow console.
dmesg >/tmp/syms/dmesg
if [ -b /dev/vda ] && tar cf /dev/vda -C /tmp/syms kallsyms modules dmesg && sync; then
	# The times are for linux-guests.sh's log.
	echo "l2: symbols out (boot $t0 s, copy until $(cut -d' ' -f1 /proc/uptime) s)"
else
	echo "l2: symbols could not be written"
fi
rm -rf /tmp/syms

work=
for w in $(cat /proc/cmdline); do
	case $w in
	l2work=*) work=${w#l2work=} ;;
	esac
done
echo "l2: workload ${work:-none}"

# Either keeps the guest's one vCPU busy.  urandom runs in the guest
# kernel, about 97%: chacha_permute, chacha_block_generic,
# _copy_to_iter, rep_movs_alternative, get_random_bytes_user.  compress
# runs in guest user space, about 94% (busybox's deflate, no symbols:
# [u] addresses 0x54b..., 0x5784e1), its kernel share in read_zero and
# rep_stos_alternative.
while :; do
	case $work in
	urandom) dd if=/dev/urandom of=/dev/null bs=1M 2>/dev/null ;;
	compress) gzip -1 </dev/zero >/dev/null ;;
	*) sleep 3600 ;;
	esac
done
