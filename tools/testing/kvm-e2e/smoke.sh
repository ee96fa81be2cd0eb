#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Smoke scenario for vm.sh: the guest has /dev/kvm and our perf records
# in it.  Leaves perf.data for the host to read.
#
#   tools/testing/kvm-e2e/vm.sh tools/testing/kvm-e2e/smoke.sh

set -eu

if [ ! -c /dev/kvm ]; then
	echo "smoke: no /dev/kvm"
	exit 1
fi
echo "smoke: /dev/kvm is there"

# The guest has no PMU: only software events count.
perf record -a -e cpu-clock -o perf.data -- sleep 1
perf report -i perf.data --stdio | head -n 20
# For the host to check that the file came back whole.
md5sum perf.data
