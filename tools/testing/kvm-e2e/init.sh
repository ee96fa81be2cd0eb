#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the kvm-e2e initramfs that vm.sh builds: loads the kvm and
# virtio-blk modules, runs /e2e/scenario.sh in /e2e/out, then writes
# "rc" (the scenario's exit status) and out/ as a tar onto /dev/vda for
# the host to unpack, and powers off.
#
# No "set -e": PID 1 must reach poweroff whatever fails, or the kernel
# panics and the host cannot tell a broken scenario from a broken boot.
# vm.sh reads the "e2e:" lines from the console.

export PATH=/e2e:/usr/bin:/bin:/usr/sbin:/sbin
export HOME=/root
E2E_TIMEOUT=120
. /etc/e2e.conf

mount_fs() {
	/bin/busybox mount -t proc proc /proc
	/bin/busybox --install -s
	mount -t sysfs sysfs /sys
	mount -t devtmpfs devtmpfs /dev
	# Only for scenarios that want tracepoints; not every kernel has them.
	mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
	mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
}

load_modules() {
	local m

	while read -r m; do
		insmod "/lib/modules/e2e/$m.ko" || echo "e2e: insmod $m failed"
	done </lib/modules/e2e/order
}

# virtio_blk probes asynchronously on some kernels: give it a moment.
wait_disk() {
	local i=0

	while [ ! -b /dev/vda ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -b /dev/vda ]
}

# The scenario gets what is left of the host's timeout, less a margin
# for writing the results back, so a hung scenario still returns them.
run_scenario() {
	local up budget

	up=$(cut -d. -f1 /proc/uptime)
	budget=$((E2E_TIMEOUT - up - 15))
	[ $budget -ge 10 ] || budget=10
	echo "e2e: scenario start (${budget}s)"
	(cd /e2e/out && timeout "$budget" sh /e2e/scenario.sh </dev/null)
	rc=$?
	echo "e2e: scenario exit $rc"
}

send_back() {
	echo "$rc" >/e2e/rc
	sync
	if tar cf /dev/vda -C /e2e rc out; then
		sync
		echo "e2e: results sent"
	else
		echo "e2e: writing results to /dev/vda failed"
	fi
}

mount_fs
load_modules
if wait_disk; then
	run_scenario
	send_back
else
	echo "e2e: no /dev/vda: results cannot be sent back"
fi
poweroff -f
