// SPDX-License-Identifier: GPL-2.0
/*
 * arch/x86/kvm/perf_stack.c (0004) against a simulated guest: RAM in
 * memslots with holes between them, 4-level and 5-level page tables with
 * 4K, 2M and 1G pages, and entries spoiled in the ways a guest can spoil
 * them.
 *
 * A read that should succeed must return its length and exactly the bytes
 * that the test put at the guest physical addresses it mapped there (the
 * builder's record, not a second page walk); a read that should fail must
 * return 0.  Neither may write past the length it was given.
 */
#include <stdlib.h>
#include <string.h>

#include "../include/quote/arch/x86/kvm/x86.h"
#include "../include/quote/kernel/events/internal.h"
#include "fake.h"

#define DATA_GFN	0x100UL			/* page n is tagged n */
#define DATA_PAGE(n)	((DATA_GFN + (n)) << PAGE_SHIFT)
#define HOLE_GPA	0x200000UL		/* no memslot there */
#define BIG2M_GPA	0x400000UL
#define BIG1G_GPA	0x40000000UL
#define BADHVA_GPA	0x800000UL
#define INVAL_GPA	0x900000UL
#define MEMFD_GPA	0xa00000UL

#define V		0xffffc90000000000UL	/* vmalloc-like */
#define K1		(V + 0x0000)		/* page 1, then page 5 */
#define K3		(V + 0x3000)		/* page 3, then not present */
#define K_NP_PTE	(V + 0x6000)
#define K_HOLE		(V + 0x7000)
#define K_BADHVA	(V + 0x8000)
#define K_INVAL		(V + 0x9000)
#define K_MEMFD		(V + 0xa000)
#define K_RSVD		(V + 0xb000)
#define K_UNMAPPED	(V + 0x100000)
#define K_NP_PDE	(V + 0x200000)
#define K_PT_HOLE	(V + 0x400000)
#define K2M		(V + 0x600000)
#define STK		(V + 0xc00000)		/* two pages of stack */
#define K_NP_PDPTE	(V + 0x40000000)
#define K_NP_PML4E	(V + 0x8000000000)
#define K_PS_PML4E	(V + 0x10000000000)	/* PS set in its PML4E */
#define K_TOP		0xfffffffffffff000UL	/* the last page; VA 0 mapped too */
#define K1G		0xffff888000000000UL	/* direct-map-like */
#define K5		0xff91000000000000UL	/* needs 5-level paging */
#define K5_ALIAS	0x7f91000000000000UL	/* K5, not canonical */
#define K1_ALIAS	0x0000c90000000000UL	/* K1, not canonical */

#define IP		0xffffffff81000f00UL
#define RET_B		0xffffffff81000b10UL
#define RET_A		0xffffffff81000a20UL
#define RET_ENTRY	0xffffffff81000e40UL
#define RET_STUB	0xffffffff81c00050UL
#define USER_RBP	0x00007ffd12345670UL

static struct pg_guest pg_g;
static struct kvm_vcpu pg_vcpu;

static void pg_map_tagged(struct pg_guest *g, u64 gva, gpa_t gpa,
			  unsigned int pid)
{
	pg_fill_tagged(g, gpa, pid);
	pg_map(g, gva, gpa, PG_SZ_4K);
}

/* The guest of the 4-level and 5-level tables; see the defines above. */
static void pg_stack_guest(bool la57)
{
	struct pg_guest *g = &pg_g;
	struct pg_ram *pt, *bad;
	unsigned int n;

	pg_guest_init(g, la57);
	pt = pg_guest_add_ram(g, 1, 0x10, 64, 0, false);
	pg_guest_add_ram(g, 2, DATA_GFN, 64, 0, false);
	pg_guest_add_ram(g, 3, gpa_to_gfn(BIG2M_GPA), 1024, 0, true);
	pg_guest_add_ram(g, 4, gpa_to_gfn(BIG1G_GPA), 1UL << 18, 0, true);
	bad = pg_guest_add_ram(g, 5, gpa_to_gfn(BADHVA_GPA), 16, 0, false);
	pg_guest_add_ram(g, 6, gpa_to_gfn(INVAL_GPA), 16, KVM_MEMSLOT_INVALID, false);
	pg_guest_add_ram(g, 7, gpa_to_gfn(MEMFD_GPA), 16, KVM_MEM_GUEST_MEMFD, false);
	pg_guest_set_pt_ram(g, pt);
	for (n = 1; n < 32; n++)
		pg_fill_tagged(g, DATA_PAGE(n), n);

	if (la57) {
		pg_map(g, K5, DATA_PAGE(1), PG_SZ_4K);
		pg_map(g, K5 + 0x1000, DATA_PAGE(5), PG_SZ_4K);
		pg_map(g, K5 + 0x200000, BIG2M_GPA, PG_SZ_2M);
		pg_fill_tagged(g, BIG2M_GPA + 0x12000, 40);
		pg_map(g, K1G, BIG1G_GPA, PG_SZ_1G);
		pg_fill_tagged(g, BIG1G_GPA + 0x1234000, 41);
		goto done;
	}

	pg_map(g, K1, DATA_PAGE(1), PG_SZ_4K);
	pg_map(g, K1 + 0x1000, DATA_PAGE(5), PG_SZ_4K);
	pg_map(g, K3, DATA_PAGE(3), PG_SZ_4K);
	/* Not present, with the address of a readable page still in it. */
	*pg_map(g, K3 + 0x1000, DATA_PAGE(4), PG_SZ_4K) &= ~_PAGE_PRESENT;
	*pg_map(g, K_NP_PTE, DATA_PAGE(6), PG_SZ_4K) &= ~_PAGE_PRESENT;
	pg_map(g, K_NP_PDE, DATA_PAGE(7), PG_SZ_4K);
	*pg_entry(g, K_NP_PDE, 2) &= ~_PAGE_PRESENT;
	pg_map(g, K_NP_PDPTE, DATA_PAGE(8), PG_SZ_4K);
	*pg_entry(g, K_NP_PDPTE, 3) &= ~_PAGE_PRESENT;
	pg_map(g, K_NP_PML4E, DATA_PAGE(9), PG_SZ_4K);
	*pg_entry(g, K_NP_PML4E, 4) &= ~_PAGE_PRESENT;
	pg_map(g, K_PS_PML4E, DATA_PAGE(13), PG_SZ_4K);
	*pg_entry(g, K_PS_PML4E, 4) |= _PAGE_PSE;
	/* A read from the last page that went on at 0 would succeed. */
	pg_map(g, K_TOP, DATA_PAGE(14), PG_SZ_4K);
	pg_map(g, 0, DATA_PAGE(15), PG_SZ_4K);
	pg_map(g, K_HOLE, HOLE_GPA, PG_SZ_4K);
	/* A PDE, present, whose page table is in the hole. */
	pg_map(g, K_PT_HOLE, DATA_PAGE(10), PG_SZ_4K);
	*pg_entry(g, K_PT_HOLE, 2) = (HOLE_GPA + 0x10000) | _PAGE_PRESENT | _PAGE_RW;
	pg_map(g, K_BADHVA, BADHVA_GPA, PG_SZ_4K);
	pg_vmm_unmap(bad->vmm);
	pg_map(g, K_INVAL, INVAL_GPA, PG_SZ_4K);
	pg_map(g, K_MEMFD, MEMFD_GPA, PG_SZ_4K);
	/* Bit 50 is above MAXPHYADDR (46): reserved, not an address bit. */
	*pg_map(g, K_RSVD, DATA_PAGE(11), PG_SZ_4K) |= BIT_ULL(50);
	pg_map(g, K_UNMAPPED - 0x1000, DATA_PAGE(12), PG_SZ_4K);
	pg_map(g, K2M, BIG2M_GPA, PG_SZ_2M);
	pg_fill_tagged(g, BIG2M_GPA + 0x12000, 42);
	pg_fill_tagged(g, BIG2M_GPA + 0x13000, 43);
	pg_fill_tagged(g, BIG2M_GPA + 0x14000, 44);
	pg_map(g, K1G, BIG1G_GPA, PG_SZ_1G);
	pg_fill_tagged(g, BIG1G_GPA + 0x1234000, 45);
	/* The stack: two pages, not adjacent in guest physical memory. */
	pg_map(g, STK, DATA_PAGE(30), PG_SZ_4K);
	pg_map(g, STK + 0x1000, DATA_PAGE(28), PG_SZ_4K);
done:
	pg_guest_commit(g);
	pg_vcpu_init(&pg_vcpu, g);
	pg_vcpu.arch.regs[VCPU_REGS_RBP] = STK + 0xf00;
	pg_vcpu.arch.regs[VCPU_REGS_RIP] = IP;
}

struct pg_read_case {
	const char	*name;
	u64		gva;
	unsigned int	len;
	bool		ok;
};

static const struct pg_read_case pg_read4_cases[] = {
	{ "4-level: 8 bytes of a 4K page", K1 + 0x10, 8, true },
	{ "4-level: a whole page", K1, PAGE_SIZE, true },
	{ "4-level: more than a page", K1, PAGE_SIZE + 1, false },
	{ "4-level: unaligned, 3 bytes", K1 + 0x123, 3, true },
	{ "4-level: across a page boundary, into a page elsewhere", K1 + 0xff8, 16, true },
	{ "4-level: a page's worth across a boundary", K1 + 0x100, PAGE_SIZE, true },
	{ "4-level: across a page boundary, into a non-present page", K3 + 0xffa, 12, false },
	{ "4-level: non-present PTE", K_NP_PTE + 0x40, 8, false },
	{ "4-level: non-present PDE", K_NP_PDE, 8, false },
	{ "4-level: non-present PDPTE", K_NP_PDPTE, 8, false },
	{ "4-level: non-present PML4E", K_NP_PML4E, 8, false },
	{ "4-level: PS set in a PML4E, where it is reserved", K_PS_PML4E, 8, false },
	{ "4-level: the last 8 bytes of the address space", K_TOP + 0xff8, 8, true },
	{ "4-level: a read that would wrap past the top to 0", K_TOP + 0xff8, 16, false },
	{ "4-level: no mapping", K_UNMAPPED, 8, false },
	{ "4-level: 2M page", K2M + 0x12345, 64, true },
	{ "4-level: 2M page, across 4K pages inside it", K2M + 0x13ff8, 16, true },
	{ "4-level: 1G page", K1G + 0x1234560, 32, true },
	{ "4-level: 1G page, a host page the VMM has not populated", K1G + 0x2000000, 8, false },
	{ "4-level: non-canonical alias of a mapped page", K1_ALIAS + 0x10, 8, false },
	{ "4-level: a 5-level address", K5, 8, false },
	{ "4-level: guest physical hole", K_HOLE, 8, false },
	{ "4-level: page table in a guest physical hole", K_PT_HOLE, 8, false },
	{ "4-level: memslot whose hva range the VMM has not mapped", K_BADHVA, 8, false },
	{ "4-level: memslot being deleted or moved", K_INVAL, 8, false },
	{ "4-level: guest_memfd memslot", K_MEMFD, 8, false },
	{ "4-level: reserved gpa bits are not address bits", K_RSVD + 8, 8, true },
};

static const struct pg_read_case pg_read5_cases[] = {
	{ "5-level: 8 bytes of a 4K page", K5 + 0x20, 8, true },
	{ "5-level: across a page boundary", K5 + 0xffc, 8, true },
	{ "5-level: 2M page", K5 + 0x212340, 16, true },
	{ "5-level: 1G page", K1G + 0x1234560, 32, true },
	{ "5-level: non-canonical alias of a mapped page", K5_ALIAS + 0x20, 8, false },
	{ "5-level: no mapping", K1, 8, false },
};

/* @len bytes at @gva through the series, against the builder's record. */
static void pg_read_check(const char *name, u64 gva, unsigned int len, bool ok)
{
	u8 *got = malloc(len + 16), *want = malloc(len + 1);
	unsigned int ret, i;
	char why[256] = "";

	if (!got || !want)
		abort();
	memset(got, 0xee, len + 16);
	ret = kvm_arch_vcpu_read_virt_nofault(&pg_vcpu, gva, got, len);
	for (i = 0; i < 16; i++)
		if (got[len + i] != 0xee)
			snprintf(why, sizeof(why), "wrote past the %u bytes", len);
	if (why[0]) {
		/* reported below */
	} else if (!ok && ret) {
		snprintf(why, sizeof(why), "returned %u, want 0", ret);
	} else if (ok && ret != len) {
		snprintf(why, sizeof(why), "returned %u, want %u", ret, len);
	} else if (ok && len <= PAGE_SIZE && !pg_ref_read(&pg_g, gva, want, len)) {
		snprintf(why, sizeof(why), "the test's own mapping is missing");
	} else if (ok) {
		for (i = 0; i < len && got[i] == want[i]; i++)
			;
		if (i < len)
			snprintf(why, sizeof(why),
				 "byte %u is %#x, want %#x (the bytes of another page?)",
				 i, got[i], want[i]);
	}
	pg_result(!why[0], name, "%s", why);
	free(got);
	free(want);
}

static void pg_read_cases(const struct pg_read_case *tc, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		pg_read_check(tc[i].name, tc[i].gva, tc[i].len, tc[i].ok);
}

enum pg_refusal {
	PG_WALKABLE, PG_PROTECTED, PG_NESTED, PG_SMM, PG_32BIT, PG_NOPAGING,
};

static const struct {
	const char		*name;
	enum pg_refusal		what;
} pg_refusals[] = {
	{ "a 64-bit guest kernel: its RBP, and reads",	PG_WALKABLE },
	{ "refused: protected guest state (SEV-ES, TDX)", PG_PROTECTED },
	{ "refused: nested guest (guest mode)",		PG_NESTED },
	{ "refused: SMM",				PG_SMM },
	{ "refused: not in long mode (EFER.LMA clear)",	PG_32BIT },
	{ "refused: paging off (CR0.PG clear)",		PG_NOPAGING },
};

static void pg_test_refusals(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pg_refusals); i++) {
		struct kvm_vcpu saved = pg_vcpu;
		bool walkable = pg_refusals[i].what == PG_WALKABLE;
		unsigned long fp;
		unsigned int ret;
		u64 word;

		switch (pg_refusals[i].what) {
		case PG_WALKABLE:
			break;
		case PG_PROTECTED:
			pg_vcpu.arch.guest_state_protected = true;
			break;
		case PG_NESTED:
			pg_vcpu.arch.hflags |= HF_GUEST_MASK;
			break;
		case PG_SMM:
			pg_vcpu.arch.hflags |= HF_SMM_MASK;
			break;
		case PG_32BIT:
			pg_vcpu.arch.efer &= ~EFER_LMA;
			break;
		case PG_NOPAGING:
			pg_vcpu.arch.cr0 &= ~X86_CR0_PG;
			break;
		}
		fp = kvm_arch_vcpu_get_frame_pointer(&pg_vcpu);
		ret = kvm_arch_vcpu_read_virt_nofault(&pg_vcpu, K1 + 8, &word,
						      sizeof(word));
		pg_result(walkable ? fp == STK + 0xf00 && ret == sizeof(word) &&
				     word == PG_TAG(1, 8) :
				     fp == 0 && ret == 0,
			  pg_refusals[i].name,
			  "frame pointer %#lx, read returned %u (%#llx)", fp, ret,
			  (unsigned long long)word);
		pg_vcpu = saved;
	}

	/* CR3's PCID and no-flush bits are not part of the root's address. */
	pg_vcpu.arch.cr3 = pg_g.root | 0x123 | BIT_ULL(63);
	pg_read_check("4-level: CR3 with PCID and no-flush bits", K1 + 0x18, 8, true);
	pg_vcpu.arch.cr3 = pg_g.root;
}

/* perf_guest_callchain() through KVM's callbacks, on the guest's stack. */
static void pg_test_kvm_chain(void)
{
	static const u64 full[] = {
		PERF_CONTEXT_GUEST_KERNEL, IP, RET_B, RET_A, RET_ENTRY, RET_STUB,
	};
	static const struct {
		const char	*name;
		int		spoil;
		unsigned int	want_nr;
	} cases[] = {
		{ "chain through KVM: entry -> a -> b -> leaf, a frame across pages", 0, 6 },
		{ "chain through KVM: a frame across into a non-present page", 1, 4 },
		{ "chain through KVM: a 32-bit guest, the IP alone", 2, 2 },
	};
	const u64 frames[][3] = {
		{ STK + 0xf00, STK + 0xf80, RET_B },
		{ STK + 0xf80, STK + 0xff8, RET_A },	/* a's frame straddles */
		{ STK + 0xff8, STK + 0x1100, RET_ENTRY },
		{ STK + 0x1100, USER_RBP, RET_STUB },
	};
	struct perf_event event;
	unsigned int i, j;

	for (j = 0; j < ARRAY_SIZE(frames); j++)
		if (!pg_write_virt(&pg_g, frames[j][0], &frames[j][1], 16))
			abort();
	pg_set_guest_cbs(&pg_kvm_guest_cbs);
	pg_running_vcpu = &pg_vcpu;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct kvm_vcpu saved = pg_vcpu;
		u64 *pte = pg_entry(&pg_g, STK + 0x1000, 1);
		struct perf_callchain_entry *entry;
		const char *bad;
		char why[1200];

		if (cases[i].spoil == 1)
			*pte &= ~_PAGE_PRESENT;
		if (cases[i].spoil == 2)
			pg_vcpu.arch.efer &= ~EFER_LMA;
		pg_event_init(&event, 64);
		entry = perf_guest_callchain(&event);
		bad = entry ? pg_callchain_check() : "NULL, want a chain";
		if (!bad)
			bad = pg_chain_diff(why, sizeof(why), entry->ip, entry->nr,
					    full, cases[i].want_nr);
		pg_result(!bad, cases[i].name, "%s", bad);
		*pte |= _PAGE_PRESENT;
		pg_vcpu = saved;
	}
	pg_running_vcpu = NULL;
	pg_set_guest_cbs(NULL);
}

/* Memslot changes, on a guest of 16 slots with a hole after each. */
static void pg_test_memslots(void)
{
	struct pg_guest *g = &pg_g;
	struct pg_ram *pt, *slot[16];
	unsigned int i, bad = 0;
	long live;
	u64 word;
	char why[256] = "";
	struct pg_rcu_stats st;

	pg_guest_init(g, false);
	pt = pg_guest_add_ram(g, 1, 0x10, 64, 0, false);
	pg_guest_set_pt_ram(g, pt);
	for (i = 0; i < 16; i++) {
		gfn_t gfn = 0x1000 + i * 0x20;

		slot[i] = pg_guest_add_ram(g, 16 + i, gfn, 16, 0, false);
		pg_map_tagged(g, V + i * 0x10000, gfn << PAGE_SHIFT, 100 + i);
		pg_map_tagged(g, V + i * 0x10000 + 0x1000, (gfn + 15) << PAGE_SHIFT,
			      200 + i);
		/* The page after the slot: no memslot. */
		pg_map(g, V + i * 0x10000 + 0x2000, (gfn + 16) << PAGE_SHIFT, PG_SZ_4K);
	}
	pg_vcpu_init(&pg_vcpu, g);

	pg_result(!kvm_arch_vcpu_read_virt_nofault(&pg_vcpu, V, &word, 8),
		  "memslots: no table before the first commit", "read succeeded");

	pg_guest_commit(g);
	for (i = 0; i < 16; i++) {
		u64 base = V + i * 0x10000;

		if (kvm_arch_vcpu_read_virt_nofault(&pg_vcpu, base + 8, &word, 8) != 8 ||
		    word != PG_TAG(100 + i, 8) ||
		    kvm_arch_vcpu_read_virt_nofault(&pg_vcpu, base + 0x1ff8, &word, 8) != 8 ||
		    word != PG_TAG(200 + i, 0xff8)) {
			if (!bad++)
				snprintf(why, sizeof(why),
					 "slot %u (gfn %#lx) not read right", 16 + i,
					 (unsigned long)slot[i]->slot.base_gfn);
		} else if (kvm_arch_vcpu_read_virt_nofault(&pg_vcpu, base + 0x2000, &word, 8)) {
			if (!bad++)
				snprintf(why, sizeof(why),
					 "the hole after slot %u was read", 16 + i);
		}
	}
	pg_result(!bad, "memslots: every slot found, in hash order",
		  "%s, %u slots wrong", why, bad);

	/* Deleted, then added back. */
	mutex_lock(&g->kvm.slots_lock);
	pg_slot_remove(g, slot[5]);
	kvm_perf_stack_commit(&g->kvm);
	mutex_unlock(&g->kvm.slots_lock);
	i = kvm_arch_vcpu_read_virt_nofault(&pg_vcpu, V + 5 * 0x10000, &word, 8);
	mutex_lock(&g->kvm.slots_lock);
	pg_slot_insert(g, slot[5]);
	kvm_perf_stack_commit(&g->kvm);
	mutex_unlock(&g->kvm.slots_lock);
	pg_result(!i && kvm_arch_vcpu_read_virt_nofault(&pg_vcpu, V + 5 * 0x10000,
							&word, 8) == 8,
		  "memslots: a slot deleted, then added back",
		  "read %s while deleted", i ? "succeeded" : "failed after");

	/* Moved up by 16 pages: the old range is gone, the new one reads. */
	mutex_lock(&g->kvm.slots_lock);
	slot[7]->slot.base_gfn += 16;
	kvm_perf_stack_commit(&g->kvm);
	mutex_unlock(&g->kvm.slots_lock);
	pg_result(!kvm_arch_vcpu_read_virt_nofault(&pg_vcpu, V + 7 * 0x10000 + 8,
						   &word, 8) &&
		  kvm_arch_vcpu_read_virt_nofault(&pg_vcpu, V + 7 * 0x10000 + 0x2008,
						  &word, 8) == 8 &&
		  word == PG_TAG(100 + 7, 8),
		  "memslots: a slot moved", "got %#llx", (unsigned long long)word);

	/* The next allocation fails: no table until the next change. */
	pg_kvzalloc_fail_next(1);
	pg_guest_commit(g);
	i = kvm_arch_vcpu_read_virt_nofault(&pg_vcpu, V + 8, &word, 8);
	pg_guest_commit(g);
	pg_result(!i && kvm_arch_vcpu_read_virt_nofault(&pg_vcpu, V + 8, &word, 8) == 8,
		  "memslots: allocation failure, reads fail until the next change",
		  "read %s after the failed commit", i ? "succeeded" : "failed later");

	rcu_barrier();
	live = pg_kvzalloc_live();
	pg_guest_destroy(g);
	pg_rcu_get_stats(&st, why, sizeof(why));
	pg_result(live == 1 && pg_kvzalloc_live() == 0 && !st.violations &&
		  st.deferred >= 4,
		  "memslots: old tables freed after a grace period, none leaked",
		  "%ld tables live before destroy, %ld after, %llu deferred, %llu violations %s",
		  live, pg_kvzalloc_live(), (unsigned long long)st.deferred,
		  (unsigned long long)st.violations, why);
}

static void pg_test_stack(void)
{
	pg_rcu_reset_stats();
	pg_stack_guest(false);
	pg_read_cases(pg_read4_cases, ARRAY_SIZE(pg_read4_cases));
	pg_test_refusals();
	pg_test_kvm_chain();
	pg_guest_destroy(&pg_g);

	pg_stack_guest(true);
	pg_read_cases(pg_read5_cases, ARRAY_SIZE(pg_read5_cases));
	pg_guest_destroy(&pg_g);

	pg_rcu_reset_stats();
	pg_test_memslots();
}
PG_GROUP("stack", pg_test_stack)
