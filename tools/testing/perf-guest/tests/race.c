// SPDX-License-Identifier: GPL-2.0
/*
 * arch/x86/kvm/perf_stack.c under concurrency: readers read guest memory
 * and walk guest chains through kvm_arch_vcpu_read_virt_nofault() while a
 * writer keeps changing the memslots and calling kvm_perf_stack_commit(),
 * as KVM_SET_USER_MEMORY_REGION would, and the guest keeps changing its
 * page tables and its stack, as another vCPU of it would.
 *
 * Every word of the guest's data pages is tagged with its page's id and
 * its offset (PG_TAG()), and each virtual page has a known set of pages
 * it can map at any moment.  So every successful read can be checked
 * byte for byte: a read returns its length with the bytes of an allowed
 * page at the right offsets, or 0; never anything else, and never bytes
 * from outside the simulated memory (the VMM model has no other bytes to
 * give).  Every chain must be GUEST_KERNEL, the IP, and return addresses
 * of the two call paths the guest alternates between.  The RCU model
 * counts tables freed while a reader may hold them.
 *
 * The run is bounded by time (-T, 2 s by default; make long: 60 s).
 */
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../include/quote/arch/x86/kvm/x86.h"
#include "../include/quote/kernel/events/internal.h"
#include "fake.h"

#define DATA_GFN	0x100UL
#define DATA_PAGE(n)	((DATA_GFN + (n)) << PAGE_SHIFT)
#define CHURN_GFN	0x300UL		/* deleted, moved, remapped */
#define MEMFD_GFN	0x400UL		/* private now and then */
#define SPARE_GFN	0x500UL		/* comes and goes */
#define BIG_GPA		0x600000UL	/* a 2M page, or not */
#define TWIN_OFFSET	0x80000000UL	/* the VMM's copy of CHURN */

#define V		0xffffc90000000000UL
#define NR_VPAGES	8		/* V .. V + 8 pages, then unmapped */
#define K_LARGE		(V + 0x200000)	/* a 2M page or a 4K page */
#define STK		(V + 0x100000)

#define IP		0xffffffff81000f00UL
#define RET_B		0xffffffff81000b10UL
#define RET_C		0xffffffff81000c30UL
#define RET_A		0xffffffff81000a20UL
#define RET_ENTRY	0xffffffff81000e40UL
#define RET_STUB	0xffffffff81c00050UL
#define USER_RBP	0x00007ffd12345670UL

/* The pages each virtual page may show; 0 ends a list. */
static const unsigned int pg_allowed[NR_VPAGES + 2][3] = {
	{ 1 },		/* constant */
	{ 2, 3 },	/* the guest switches it between two pages */
	{ 4 },		/* the guest clears and sets present */
	{ 50 },		/* CHURN page 0 */
	{ 51 },		/* CHURN page 1 */
	{ 60 },		/* MEMFD page 0 */
	{ 70 },		/* SPARE */
	{ 5 },		/* constant */
	{ 0 },		/* V + 8 pages: never mapped */
	{ 80, 6 },	/* K_LARGE: the 2M page's first page, or DATA 6 */
};

struct pg_reader {
	pthread_t	thread;
	struct kvm_vcpu	vcpu;
	u64		rng;
	u64		reads, read_ok, read_failed, garbage;
	u64		chains, chains_full, chains_bad;
	char		first[256];
};

static struct pg_guest pg_g;
static struct pg_ram *pg_churn, *pg_memfd, *pg_spare;
static u8 *pg_twin;
static int pg_twin_vmm;
static volatile bool pg_stop;
static u64 pg_commits, pg_mutations;

static void pg_race_guest(void)
{
	struct pg_guest *g = &pg_g;
	struct pg_ram *pt;
	unsigned int i;

	pg_guest_init(g, false);
	pt = pg_guest_add_ram(g, 1, 0x10, 64, 0, false);
	pg_guest_add_ram(g, 2, DATA_GFN, 32, 0, false);
	pg_churn = pg_guest_add_ram(g, 3, CHURN_GFN, 8, 0, false);
	pg_memfd = pg_guest_add_ram(g, 4, MEMFD_GFN, 4, 0, false);
	pg_spare = pg_guest_add_ram(g, 5, SPARE_GFN, 1, 0, false);
	pg_guest_add_ram(g, 6, gpa_to_gfn(BIG_GPA), 512, 0, true);
	pg_guest_set_pt_ram(g, pt);

	for (i = 1; i < 32; i++)
		pg_fill_tagged(g, DATA_PAGE(i), i);
	for (i = 0; i < 8; i++)
		pg_fill_tagged(g, (CHURN_GFN + i) << PAGE_SHIFT, 50 + i);
	pg_fill_tagged(g, MEMFD_GFN << PAGE_SHIFT, 60);
	pg_fill_tagged(g, SPARE_GFN << PAGE_SHIFT, 70);
	pg_fill_tagged(g, BIG_GPA, 80);

	/* The VMM's twin of CHURN: the same bytes at another address. */
	pg_twin = aligned_alloc(PAGE_SIZE, 8 * PAGE_SIZE);
	if (!pg_twin)
		abort();
	memcpy(pg_twin, pg_churn->host, 8 * PAGE_SIZE);
	pg_twin_vmm = pg_vmm_map(pg_churn->hva + TWIN_OFFSET, pg_twin,
				 8 * PAGE_SIZE);
	pg_vmm_unmap(pg_twin_vmm);

	pg_map(g, V + 0x0000, DATA_PAGE(1), PG_SZ_4K);
	pg_map(g, V + 0x1000, DATA_PAGE(2), PG_SZ_4K);
	pg_map(g, V + 0x2000, DATA_PAGE(4), PG_SZ_4K);
	pg_map(g, V + 0x3000, CHURN_GFN << PAGE_SHIFT, PG_SZ_4K);
	pg_map(g, V + 0x4000, (CHURN_GFN + 1) << PAGE_SHIFT, PG_SZ_4K);
	pg_map(g, V + 0x5000, MEMFD_GFN << PAGE_SHIFT, PG_SZ_4K);
	pg_map(g, V + 0x6000, SPARE_GFN << PAGE_SHIFT, PG_SZ_4K);
	pg_map(g, V + 0x7000, DATA_PAGE(5), PG_SZ_4K);
	pg_map(g, K_LARGE, DATA_PAGE(6), PG_SZ_4K);
	pg_map(g, STK, DATA_PAGE(10), PG_SZ_4K);
	pg_map(g, STK + 0x1000, DATA_PAGE(12), PG_SZ_4K);
	pg_guest_commit(g);
}

/* The stack of one call path or the other, a word at a time. */
static void pg_write_path(bool ab)
{
	static const u64 path_ab[][3] = {
		{ STK + 0xf00, STK + 0xf80, RET_B },
		{ STK + 0xf80, STK + 0xff8, RET_A },	/* across pages */
		{ STK + 0xff8, STK + 0x1100, RET_ENTRY },
		{ STK + 0x1100, USER_RBP, RET_STUB },
	};
	static const u64 path_c[][3] = {
		{ STK + 0xf00, STK + 0xf80, RET_C },
		{ STK + 0xf80, STK + 0x1100, RET_ENTRY },
		{ STK + 0x1100, USER_RBP, RET_STUB },
	};
	const u64 (*p)[3] = ab ? path_ab : path_c;
	unsigned int i, n = ab ? ARRAY_SIZE(path_ab) : ARRAY_SIZE(path_c);

	for (i = 0; i < n; i++)
		pg_write_virt(&pg_g, p[i][0], &p[i][1], 16);
}

static bool pg_known_ret(u64 ip)
{
	return ip == RET_A || ip == RET_B || ip == RET_C ||
	       ip == RET_ENTRY || ip == RET_STUB;
}

/* Do all of @len bytes at @gva look like one allowed page each? */
static bool pg_read_valid(u64 gva, const u8 *buf, unsigned int len)
{
	unsigned int done = 0;

	while (done < len) {
		u64 va = gva + done;
		unsigned int chunk = PAGE_SIZE - offset_in_page(va), k, i;
		unsigned int vpage = (va - V) >> PAGE_SHIFT;
		bool match = false;

		if (chunk > len - done)
			chunk = len - done;
		if (va >= K_LARGE && va < K_LARGE + PAGE_SIZE)
			vpage = NR_VPAGES + 1;
		else if (vpage > NR_VPAGES)
			return false;
		for (k = 0; k < 3 && pg_allowed[vpage][k] && !match; k++) {
			for (i = 0; i < chunk; i++) {
				u64 off = offset_in_page(va + i);
				u64 tag = PG_TAG(pg_allowed[vpage][k], off & ~7UL);

				if (buf[done + i] != (u8)(tag >> (8 * (off & 7))))
					break;
			}
			match = i == chunk;
		}
		if (!match)
			return false;
		done += chunk;
	}
	return true;
}

static void pg_reader_error(struct pg_reader *r, const char *fmt, u64 a, u64 b,
			    u64 c)
{
	if (!r->first[0])
		snprintf(r->first, sizeof(r->first), fmt,
			 (unsigned long long)a, (unsigned long long)b,
			 (unsigned long long)c);
}

static void pg_reader_read(struct pg_reader *r)
{
	u8 buf[PAGE_SIZE + 8];
	u64 rnd = pg_rand(&r->rng);
	unsigned int len = rnd & 0x100 ? 1 + (rnd >> 20) % 64 :
					 1 + (rnd >> 20) % PAGE_SIZE;
	u64 gva = (rnd >> 40) % 4 ? V + (rnd >> 8) % ((NR_VPAGES + 1) * PAGE_SIZE - len) :
				     K_LARGE + (rnd >> 8) % (PAGE_SIZE - len + 1);
	unsigned int ret, i;

	memset(buf, 0xee, sizeof(buf));
	ret = kvm_arch_vcpu_read_virt_nofault(&r->vcpu, gva, buf, len);
	r->reads++;
	for (i = len; i < sizeof(buf); i++)
		if (buf[i] != 0xee)
			break;
	if (i < sizeof(buf)) {
		r->garbage++;
		pg_reader_error(r, "read of %llu bytes at %#llx wrote past them (ret %llu)",
				len, gva, ret);
	} else if (!ret) {
		r->read_failed++;
	} else if (ret != len) {
		r->garbage++;
		pg_reader_error(r, "read of %llu bytes at %#llx returned %llu",
				len, gva, ret);
	} else if (!pg_read_valid(gva, buf, len)) {
		r->garbage++;
		pg_reader_error(r, "read of %llu bytes at %#llx (ret %llu): bytes of no allowed page",
				len, gva, ret);
	} else {
		r->read_ok++;
	}
}

static void pg_reader_chain(struct pg_reader *r)
{
	struct perf_callchain_entry *entry;
	struct perf_event event;
	u64 i;

	pg_event_init(&event, 64);
	entry = perf_guest_callchain(&event);
	r->chains++;
	if (!entry || entry->nr < 2 || entry->nr > 7 ||
	    entry->ip[0] != PERF_CONTEXT_GUEST_KERNEL || entry->ip[1] != IP) {
		r->chains_bad++;
		pg_reader_error(r, "chain %llu entries, starting %#llx %#llx",
				entry ? entry->nr : 0, entry ? entry->ip[0] : 0,
				entry && entry->nr > 1 ? entry->ip[1] : 0);
		return;
	}
	for (i = 2; i < entry->nr; i++) {
		if (!pg_known_ret(entry->ip[i])) {
			r->chains_bad++;
			pg_reader_error(r, "chain entry %llu of %llu is %#llx, no return address of the guest's",
					i, entry->nr, entry->ip[i]);
			return;
		}
	}
	if (entry->ip[entry->nr - 1] == RET_STUB)
		r->chains_full++;
}

static void *pg_reader_thread(void *arg)
{
	struct pg_reader *r = arg;

	rcu_register_thread();
	pg_running_vcpu = &r->vcpu;
	while (!READ_ONCE(pg_stop)) {
		if (pg_rand(&r->rng) % 4)
			pg_reader_read(r);
		else
			pg_reader_chain(r);
	}
	pg_running_vcpu = NULL;
	pg_callchain_free();
	rcu_unregister_thread();
	return NULL;
}

/* The VMM: memslot changes, each committed as the ioctl would. */
static void *pg_writer_thread(void *arg)
{
	struct kvm *kvm = &pg_g.kvm;
	u64 rng = pg_opts.seed ^ 0x9e3779b97f4a7c15ULL;
	bool twin = false, spare_in = true;

	(void)arg;
	while (!READ_ONCE(pg_stop)) {
		unsigned int op = pg_rand(&rng) % 7;
		int unmap = -1;

		mutex_lock(&kvm->slots_lock);
		switch (op) {
		case 0:		/* delete CHURN, or add it back */
			if (pg_churn->in_kvm)
				pg_slot_remove(&pg_g, pg_churn);
			else
				pg_slot_insert(&pg_g, pg_churn);
			break;
		case 1:		/* the VMM moves CHURN to its twin, or back */
			twin = !twin;
			pg_vmm_remap(twin ? pg_twin_vmm : pg_churn->vmm);
			pg_churn->slot.userspace_addr = pg_churn->hva +
							(twin ? TWIN_OFFSET : 0);
			unmap = twin ? pg_churn->vmm : pg_twin_vmm;
			break;
		case 2:
			pg_memfd->slot.flags ^= KVM_MEM_GUEST_MEMFD;
			break;
		case 3:		/* SPARE comes and goes, or moves away */
			if (spare_in)
				pg_slot_remove(&pg_g, pg_spare);
			else
				pg_slot_insert(&pg_g, pg_spare);
			spare_in = !spare_in;
			pg_spare->slot.base_gfn = pg_rand(&rng) & 1 ?
						  SPARE_GFN : SPARE_GFN + 0x10;
			break;
		case 4:
			pg_churn->slot.flags ^= KVM_MEMSLOT_INVALID;
			break;
		case 5:
			pg_kvzalloc_fail_next(1);
			break;
		default:
			break;
		}
		kvm_perf_stack_commit(kvm);
		mutex_unlock(&kvm->slots_lock);
		/* munmap() after the ioctl returned: stale tables must fault. */
		if (unmap >= 0)
			pg_vmm_unmap(unmap);
		pg_commits++;
		if (!(pg_commits % 8))
			sched_yield();
	}
	return NULL;
}

/* Another vCPU of the guest: page-table and stack changes. */
static void *pg_guest_thread(void *arg)
{
	u64 *pte1 = pg_entry(&pg_g, V + 0x1000, 1);
	u64 *pte2 = pg_entry(&pg_g, V + 0x2000, 1);
	u64 *pde_large = pg_entry(&pg_g, K_LARGE, 2);
	u64 table = *pde_large, large = BIG_GPA | _PAGE_PRESENT | _PAGE_RW | _PAGE_PSE;
	u64 rng = pg_opts.seed ^ 0xc2b2ae3d27d4eb4fULL;

	(void)arg;
	while (!READ_ONCE(pg_stop)) {
		switch (pg_rand(&rng) % 4) {
		case 0:
			__atomic_store_n(pte1, (*pte1 & PAGE_MASK) == DATA_PAGE(2) ?
					 DATA_PAGE(3) | 3 : DATA_PAGE(2) | 3,
					 __ATOMIC_RELEASE);
			break;
		case 1:
			__atomic_store_n(pte2, *pte2 ^ _PAGE_PRESENT, __ATOMIC_RELEASE);
			break;
		case 2:
			__atomic_store_n(pde_large, *pde_large == table ? large : table,
					 __ATOMIC_RELEASE);
			break;
		default:
			pg_write_path(pg_rand(&rng) & 1);
			break;
		}
		pg_mutations++;
		if (!(pg_mutations % 16))
			sched_yield();
	}
	return NULL;
}

static void pg_test_race(void)
{
	struct pg_reader readers[8];
	pthread_t writer, guest;
	struct pg_rcu_stats st;
	u64 reads = 0, ok = 0, failed = 0, garbage = 0;
	u64 chains = 0, full = 0, bad = 0;
	const char *first = "";
	char why[256];
	unsigned int i, n = pg_opts.readers;
	struct timespec ts;

	pg_rcu_reset_stats();
	pg_race_guest();
	pg_write_path(true);
	pg_set_guest_cbs(&pg_kvm_guest_cbs);
	pg_stop = false;
	pg_commits = pg_mutations = 0;

	for (i = 0; i < n; i++) {
		memset(&readers[i], 0, sizeof(readers[i]));
		pg_vcpu_init(&readers[i].vcpu, &pg_g);
		readers[i].vcpu.vcpu_id = i;
		readers[i].vcpu.arch.regs[VCPU_REGS_RBP] = STK + 0xf00;
		readers[i].vcpu.arch.regs[VCPU_REGS_RIP] = IP;
		readers[i].rng = pg_opts.seed + 0x1000193 * (i + 1);
		if (pthread_create(&readers[i].thread, NULL, pg_reader_thread,
				   &readers[i]))
			abort();
	}
	if (pthread_create(&writer, NULL, pg_writer_thread, NULL) ||
	    pthread_create(&guest, NULL, pg_guest_thread, NULL))
		abort();

	ts.tv_sec = pg_opts.seconds;
	ts.tv_nsec = 0;
	nanosleep(&ts, NULL);
	pg_stop = true;
	pthread_join(writer, NULL);
	pthread_join(guest, NULL);
	for (i = 0; i < n; i++) {
		struct pg_reader *r = &readers[i];

		pthread_join(r->thread, NULL);
		reads += r->reads;
		ok += r->read_ok;
		failed += r->read_failed;
		garbage += r->garbage;
		chains += r->chains;
		full += r->chains_full;
		bad += r->chains_bad;
		if (!first[0] && r->first[0])
			first = r->first;
	}
	pg_set_guest_cbs(NULL);

	rcu_barrier();
	pg_rcu_get_stats(&st, why, sizeof(why));
	printf("# race: %u readers, %llu reads (%llu whole, %llu failed), "
	       "%llu chains (%llu whole), %llu commits (%llu failed allocations, "
	       "%llu tables freed after a grace period, at most %llu waiting), "
	       "%llu guest changes, %llu VMM faults\n",
	       n, (unsigned long long)reads, (unsigned long long)ok,
	       (unsigned long long)failed, (unsigned long long)chains,
	       (unsigned long long)full, (unsigned long long)pg_commits,
	       (unsigned long long)st.alloc_failed,
	       (unsigned long long)st.deferred,
	       (unsigned long long)st.max_pending,
	       (unsigned long long)pg_mutations,
	       (unsigned long long)pg_vmm_fault_count());

	pg_result(!garbage, "every read returned its length or 0, with the guest's bytes",
		  "%llu bad reads, the first: %s", (unsigned long long)garbage, first);
	pg_result(!bad, "every chain: GUEST_KERNEL, the IP, the guest's return addresses",
		  "%llu bad chains, the first: %s", (unsigned long long)bad, first);
	pg_result(!st.violations, "no table freed while a reader may hold it",
		  "%llu violations, the first: %s", (unsigned long long)st.violations,
		  why);
	pg_result(ok && failed && full && pg_commits > 100 && pg_mutations > 100 &&
		  st.alloc_failed,
		  "both outcomes happened: whole reads and chains, failed reads, commits",
		  "%llu whole reads, %llu failed, %llu whole chains, %llu commits, %llu guest changes",
		  (unsigned long long)ok, (unsigned long long)failed,
		  (unsigned long long)full, (unsigned long long)pg_commits,
		  (unsigned long long)pg_mutations);

	pg_guest_destroy(&pg_g);
	free(pg_twin);
	pg_result(pg_kvzalloc_live() == 0, "every table freed once the VM is destroyed",
		  "%ld still allocated", pg_kvzalloc_live());
}
PG_GROUP("race", pg_test_race)
