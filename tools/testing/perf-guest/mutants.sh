#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The negative controls: each is one of the series' files as extracted,
# with one mechanical change (a sed expression), and names the test case
# that the change must make fail.  The Makefile builds each into
# build/neg-NAME/perf-guest; run_tests.sh runs the case's group there and
# fails if that case passes.
#
#   mutants.sh list                 the names
#   mutants.sh file|group|case NAME what the mutant changes and must fail
#   mutants.sh apply NAME SRC DST   DST := SRC with the change; fails if
#                                   the change no longer applies (SRC
#                                   would be unchanged)

set -eu

# Sets file, expr, group and case for mutant $1 (read through eval).
# shellcheck disable=SC2034
mutant() {
	case $1 in
	no-climb)	# frames need not climb: loops are walked to the limit
		file=arch/x86/events/guest.c
		expr='s/return !prev || fp > prev;/return true;/'
		group=walker case='next frame pointer equal to the current one' ;;
	no-align)	# unaligned frame pointers are followed
		file=arch/x86/events/guest.c
		expr='/if (fp & (sizeof(u64) - 1))/,+1d'
		group=walker case='unaligned next frame pointer' ;;
	skip-ip)	# the guest IP is not stored
		file=arch/x86/events/guest.c
		expr='s/if (perf_callchain_store(entry, perf_guest_get_ip()))/if (0)/'
		group=walker case='entry -> a -> b -> leaf' ;;
	skip-frame)	# the first frame's return address is skipped
		file=arch/x86/events/guest.c
		expr='s/if (!frame.ret || perf_callchain_store(entry, frame.ret))/if (!frame.ret || (depth \&\& perf_callchain_store(entry, frame.ret)))/'
		group=walker case='entry -> c -> leaf' ;;
	depth)		# one frame more than PERF_MAX_STACK_DEPTH
		file=arch/x86/events/guest.c
		expr='s/depth < PERF_MAX_STACK_DEPTH/depth <= PERF_MAX_STACK_DEPTH/'
		group=walker case='a stack deeper than PERF_MAX_STACK_DEPTH' ;;
	guest-ip)	# exclude_guest no longer replaces the guest IP
		file=kernel/events/guest.c
		expr='s/if (event->attr.exclude_guest && perf_guest_state())/if (0)/'
		group=attr case='guest-kernel sample, kernel regs, exclude_guest' ;;
	drop-exact)	# exclude_guest loses PERF_RECORD_MISC_EXACT_IP
		file=kernel/events/guest.c
		expr='s/misc &= ~PERF_RECORD_MISC_CPUMODE_MASK;/misc = 0;/'
		group=attr case='guest-user sample, kernel regs, exclude_guest, exact' ;;
	user-chain)	# exclude_callchain_user ignored for guest user samples
		file=kernel/events/guest.c
		expr='s/if (!event->attr.exclude_callchain_user \&\&/if (1 \&\&/'
		group=callchain case='guest user, exclude_callchain_user: empty' ;;
	no-canonical)	# non-canonical addresses are walked
		file=arch/x86/kvm/perf_stack.c
		expr='s/if (!__is_canonical_address(gva, level == 5 ? 57 : 48))/if (0)/'
		group=stack case='4-level: non-canonical alias of a mapped page' ;;
	no-present)	# non-present entries are followed
		file=arch/x86/kvm/perf_stack.c
		expr='s/if (!(pte \& _PAGE_PRESENT))/if (0)/'
		group=stack case='4-level: non-present PTE' ;;
	no-large)	# 2M and 1G pages are walked as tables
		file=arch/x86/kvm/perf_stack.c
		expr='s/(level <= 3 \&\& (pte \& _PAGE_PSE))/(0 \&\& (pte \& _PAGE_PSE))/'
		group=stack case='4-level: 2M page' ;;
	no-split)	# a read is not split at a page boundary
		file=arch/x86/kvm/perf_stack.c
		expr='s/PAGE_SIZE - offset_in_page(va));/PAGE_SIZE);/'
		group=stack case='4-level: across a page boundary, into a page elsewhere' ;;
	no-sort)	# the table stays in memslot hash order
		file=arch/x86/kvm/perf_stack.c
		expr='s/sort(table->slot, n,/sort(table->slot, 0,/'
		group=stack case='memslots: every slot found, in hash order' ;;
	no-invalid)	# memslots being deleted or moved are kept
		file=arch/x86/kvm/perf_stack.c
		expr='s/return !(slot->flags \& KVM_MEMSLOT_INVALID) \&\&/return/'
		group=stack case='4-level: memslot being deleted or moved' ;;
	nested)		# nested guests are walked through L1's tables
		file=arch/x86/kvm/perf_stack.c
		expr='s/!is_guest_mode(vcpu) \&\&//'
		group=stack case='refused: nested guest (guest mode)' ;;
	no-len-check)	# reads longer than a page are allowed
		file=arch/x86/kvm/perf_stack.c
		expr='s/ || len > PAGE_SIZE || / || /'
		group=stack case='4-level: more than a page' ;;
	no-wrap)	# a read range may wrap past the top of the address space
		file=arch/x86/kvm/perf_stack.c
		expr='s/ || len - 1 > ULONG_MAX - addr ||/ ||/'
		group=stack case='4-level: a read that would wrap past the top to 0' ;;
	ps-top)		# PS in a PML4E or PML5E is taken for a table pointer
		file=arch/x86/kvm/perf_stack.c
		expr='s/if (level >= 4 \&\& (pte \& _PAGE_PSE))/if (0)/'
		group=stack case='4-level: PS set in a PML4E, where it is reserved' ;;
	no-read-lock)	# the table is read outside an RCU read-side section
		file=arch/x86/kvm/perf_stack.c
		expr='/^\trcu_read_\(un\)\{0,1\}lock();$/d'
		group=stack case='no warnings' ;;
	free-now)	# the old table is freed without a grace period
		file=arch/x86/kvm/perf_stack.c
		expr='s/kvfree_rcu(old, rcu);/kvfree(old);/'
		group=race case='no table freed while a reader may hold it' ;;
	*)
		echo "mutants.sh: no mutant $1" >&2
		exit 2 ;;
	esac
}

NAMES="no-climb no-align skip-ip skip-frame depth guest-ip drop-exact user-chain
       no-canonical no-present no-large no-split no-sort no-invalid nested
       no-len-check no-wrap ps-top no-read-lock free-now"

case ${1:-} in
list)
	# shellcheck disable=SC2086
	echo $NAMES ;;
file|group|case)
	mutant "$2"
	eval echo "\"\$$1\"" ;;
apply)
	mutant "$2"
	mkdir -p "$(dirname "$4")"
	sed -e "$expr" "$3" >"$4.tmp"
	if cmp -s "$3" "$4.tmp"; then
		rm -f "$4.tmp"
		echo "mutants.sh: $2: '$expr' changes nothing in $file; the series changed, update the mutant" >&2
		exit 1
	fi
	mv "$4.tmp" "$4" ;;
*)
	echo "usage: mutants.sh list | file|group|case NAME | apply NAME SRC DST" >&2
	exit 2 ;;
esac
