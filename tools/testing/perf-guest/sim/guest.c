// SPDX-License-Identifier: GPL-2.0
/*
 * A simulated guest for arch/x86/kvm/perf_stack.c: guest RAM in memslots,
 * backed by host buffers that the VMM maps at fake user addresses
 * (shim/vmm.c), and x86-64 page tables, 4-level or 5-level, built in that
 * RAM by the test.
 *
 * The builder keeps a record of every mapping it makes, and the tests'
 * reference reads (pg_ref_read()) translate through that record, never
 * through the page tables: so what the series reads is compared with
 * where the test put the bytes, not with a second page walker.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../harness.h"
#include "../include/quote/arch/x86/kvm/x86.h"

#define PG_HVA_BASE		0x00007f0000000000UL
#define PG_HVA_STRIDE		(1UL << 32)	/* a 1 GiB slot fits */
#define PG_PT_ADDR		GENMASK_ULL(51, 12)

static void *pg_alloc_host(size_t size)
{
	void *p = aligned_alloc(PAGE_SIZE, size);

	if (!p) {
		fprintf(stderr, "guest: out of memory\n");
		abort();
	}
	memset(p, 0, size);
	return p;
}

void pg_guest_init(struct pg_guest *g, bool la57)
{
	memset(g, 0, sizeof(*g));
	mutex_init(&g->kvm.slots_lock);
	g->kvm.memslots[0] = &g->memslots;
	g->la57 = la57;
}

void pg_slot_insert(struct pg_guest *g, struct pg_ram *ram)
{
	struct kvm_memory_slot **b =
		&g->memslots.hash[PG_MEMSLOT_BUCKET(ram->slot.id)];

	WARN_ON(*b && *b != &ram->slot);
	*b = &ram->slot;
	ram->in_kvm = true;
}

void pg_slot_remove(struct pg_guest *g, struct pg_ram *ram)
{
	g->memslots.hash[PG_MEMSLOT_BUCKET(ram->slot.id)] = NULL;
	ram->in_kvm = false;
}

/* What kvm_arch_commit_memory_region() does for the series, under the lock. */
void pg_guest_commit(struct pg_guest *g)
{
	mutex_lock(&g->kvm.slots_lock);
	kvm_perf_stack_commit(&g->kvm);
	mutex_unlock(&g->kvm.slots_lock);
}

struct pg_ram *pg_guest_add_ram(struct pg_guest *g, int id, gfn_t gfn,
				unsigned long npages, u32 flags, bool sparse)
{
	struct pg_ram *r;

	if (g->nr_ram == PG_MAX_RAM || id < 0 || id >= PG_MEMSLOT_BUCKETS) {
		fprintf(stderr, "guest: bad RAM region %d\n", id);
		abort();
	}
	r = &g->ram[g->nr_ram++];
	r->hva = PG_HVA_BASE + id * PG_HVA_STRIDE;
	r->npages = npages;
	r->sparse = sparse;
	r->slot.base_gfn = gfn;
	r->slot.npages = npages;
	r->slot.userspace_addr = r->hva;
	r->slot.flags = flags;
	r->slot.id = id;
	if (sparse) {
		r->pages = calloc(npages, sizeof(*r->pages));
		if (!r->pages)
			abort();
		r->vmm = -1;
	} else {
		r->host = pg_alloc_host(npages * PAGE_SIZE);
		r->vmm = pg_vmm_map(r->hva, r->host, npages * PAGE_SIZE);
	}
	mutex_lock(&g->kvm.slots_lock);
	pg_slot_insert(g, r);
	mutex_unlock(&g->kvm.slots_lock);
	return r;
}

void pg_guest_destroy(struct pg_guest *g)
{
	unsigned int i, j;

	/* kvm_arch_destroy_vm(): no vCPU runs, no lock taken. */
	kvm_perf_stack_destroy(&g->kvm);
	g->kvm.arch.perf_slots = NULL;
	rcu_barrier();
	pg_vmm_reset();
	for (i = 0; i < g->nr_ram; i++) {
		struct pg_ram *r = &g->ram[i];

		free(r->host);
		if (r->pages) {
			for (j = 0; j < r->npages; j++)
				free(r->pages[j]);
			free(r->pages);
		}
	}
	memset(g, 0, sizeof(*g));
}

/* The host bytes of @gpa, by where the test put the RAM. */
u8 *pg_gpa_host(struct pg_guest *g, gpa_t gpa, bool populate)
{
	gfn_t gfn = gpa_to_gfn(gpa);
	unsigned int i;

	for (i = 0; i < g->nr_ram; i++) {
		struct pg_ram *r = &g->ram[i];
		unsigned long idx;

		if (gfn < r->slot.base_gfn || gfn - r->slot.base_gfn >= r->npages)
			continue;
		idx = gfn - r->slot.base_gfn;
		if (!r->sparse)
			return r->host + idx * PAGE_SIZE + offset_in_page(gpa);
		if (!r->pages[idx] && populate) {
			r->pages[idx] = pg_alloc_host(PAGE_SIZE);
			pg_vmm_map(r->hva + idx * PAGE_SIZE, r->pages[idx],
				   PAGE_SIZE);
		}
		return r->pages[idx] ? r->pages[idx] + offset_in_page(gpa) : NULL;
	}
	return NULL;
}

gpa_t pg_alloc_page(struct pg_guest *g, struct pg_ram *ram)
{
	gpa_t gpa;

	if (ram->next_free == ram->npages) {
		fprintf(stderr, "guest: RAM region %d is full\n", ram->slot.id);
		abort();
	}
	gpa = (ram->slot.base_gfn + ram->next_free++) << PAGE_SHIFT;
	memset(pg_gpa_host(g, gpa, true), 0, PAGE_SIZE);
	return gpa;
}

void pg_guest_set_pt_ram(struct pg_guest *g, struct pg_ram *ram)
{
	g->pt_ram = ram;
	g->root = pg_alloc_page(g, ram);
}

static unsigned int pg_index(u64 gva, int level)
{
	return (gva >> (PAGE_SHIFT + 9 * (level - 1))) & 511;
}

static u64 *pg_table_entry(struct pg_guest *g, gpa_t table, u64 gva, int level)
{
	u64 *t = (u64 *)pg_gpa_host(g, table & PG_PT_ADDR, false);

	return t ? &t[pg_index(gva, level)] : NULL;
}

/*
 * Maps the @size page at @gva to @gpa, creating the tables on the way in
 * pt_ram, and returns its leaf entry, for the tests to spoil.
 */
u64 *pg_map(struct pg_guest *g, u64 gva, gpa_t gpa, u64 size)
{
	int leaf = size == PG_SZ_1G ? 3 : size == PG_SZ_2M ? 2 : 1;
	int level = g->la57 ? 5 : 4;
	gpa_t table = g->root;
	u64 *e;

	for (; level > leaf; level--) {
		e = pg_table_entry(g, table, gva, level);
		if (!(*e & _PAGE_PRESENT))
			__atomic_store_n(e, pg_alloc_page(g, g->pt_ram) |
					 _PAGE_PRESENT | _PAGE_RW,
					 __ATOMIC_RELEASE);
		table = *e & PG_PT_ADDR;
	}
	e = pg_table_entry(g, table, gva, leaf);
	__atomic_store_n(e, gpa | _PAGE_PRESENT | _PAGE_RW |
			 (leaf > 1 ? _PAGE_PSE : 0), __ATOMIC_RELEASE);
	if (g->nr_maps == PG_MAX_MAPS)
		abort();
	g->maps[g->nr_maps].gva = gva & ~(size - 1);
	g->maps[g->nr_maps].gpa = gpa;
	g->maps[g->nr_maps].size = size;
	g->nr_maps++;
	return e;
}

/* The entry at @level on the way to @gva, present or not. */
u64 *pg_entry(struct pg_guest *g, u64 gva, int level)
{
	int l = g->la57 ? 5 : 4;
	gpa_t table = g->root;
	u64 *e = NULL;

	for (; l >= level; l--) {
		e = pg_table_entry(g, table, gva, l);
		if (!e)
			return NULL;
		table = *e & PG_PT_ADDR;
	}
	return e;
}

/* The latest mapping of @gva's page, in the builder's record. */
static bool pg_record_gpa(struct pg_guest *g, u64 gva, gpa_t *gpa)
{
	unsigned int i = g->nr_maps;

	while (i--) {
		const struct pg_map_rec *m = &g->maps[i];

		if (gva - m->gva < m->size) {
			*gpa = m->gpa + (gva - m->gva);
			return true;
		}
	}
	return false;
}

/* Copies between guest virtual memory and @buf, a page at a time. */
static bool pg_virt_copy(struct pg_guest *g, u64 gva, u8 *buf, size_t len,
			 bool write)
{
	while (len) {
		size_t chunk = PAGE_SIZE - offset_in_page(gva);
		gpa_t gpa;
		u8 *host;
		size_t i;

		if (chunk > len)
			chunk = len;
		if (!pg_record_gpa(g, gva, &gpa))
			return false;
		host = pg_gpa_host(g, gpa, write);
		if (!host)
			return false;
		for (i = 0; i < chunk; i++) {
			/* Whole words at once: readers may be running. */
			if (write && !((gva + i) & 7) && chunk - i >= 8) {
				u64 v;

				memcpy(&v, buf + i, 8);
				__atomic_store_n((u64 *)(host + i), v,
						 __ATOMIC_RELAXED);
				i += 7;
			} else if (write) {
				host[i] = buf[i];
			} else {
				buf[i] = host[i];
			}
		}
		gva += chunk;
		buf += chunk;
		len -= chunk;
	}
	return true;
}

bool pg_ref_read(struct pg_guest *g, u64 gva, void *buf, size_t len)
{
	return pg_virt_copy(g, gva, buf, len, false);
}

bool pg_write_virt(struct pg_guest *g, u64 gva, const void *src, size_t len)
{
	return pg_virt_copy(g, gva, (u8 *)src, len, true);
}

void pg_fill_tagged(struct pg_guest *g, gpa_t gpa, unsigned int pid)
{
	u64 *w = (u64 *)pg_gpa_host(g, gpa & PAGE_MASK, true);
	unsigned int off;

	for (off = 0; off < PAGE_SIZE; off += 8)
		w[off / 8] = PG_TAG(pid, off);
}

/* A 64-bit guest kernel at an exit: long mode, paging, MAXPHYADDR 46. */
void pg_vcpu_init(struct kvm_vcpu *vcpu, struct pg_guest *g)
{
	memset(vcpu, 0, sizeof(*vcpu));
	vcpu->kvm = &g->kvm;
	vcpu->arch.cr0 = X86_CR0_PG | X86_CR0_PE;
	vcpu->arch.cr4 = X86_CR4_PAE | (g->la57 ? X86_CR4_LA57 : 0);
	vcpu->arch.efer = EFER_LME | EFER_LMA;
	vcpu->arch.cr3 = g->root;
	vcpu->arch.reserved_gpa_bits = GENMASK_ULL(63, 46);
}

/*
 * KVM's callbacks as virt/kvm/kvm_main.c has them with the series (0005),
 * for the vCPU "running" on this thread: a guest kernel interrupt, the
 * RIP of the exit, and the two new ones.  Not modelled:
 * kvm_arch_pmi_in_guest() and its WARN_ON_ONCE, since every call here is
 * made inside the window by construction.
 */
__thread struct kvm_vcpu *pg_running_vcpu;

static unsigned int pg_kvm_guest_state(void)
{
	return pg_running_vcpu ? PERF_GUEST_ACTIVE : 0;
}

static unsigned long pg_kvm_guest_get_ip(void)
{
	return pg_running_vcpu->arch.regs[VCPU_REGS_RIP];
}

static unsigned long pg_kvm_guest_get_frame_pointer(void)
{
	return kvm_arch_vcpu_get_frame_pointer(pg_running_vcpu);
}

static unsigned int pg_kvm_guest_read_virt(unsigned long addr, void *buf,
					   unsigned int len)
{
	return kvm_arch_vcpu_read_virt_nofault(pg_running_vcpu, addr, buf, len);
}

const struct pg_guest_cbs pg_kvm_guest_cbs = {
	.state			= pg_kvm_guest_state,
	.get_ip			= pg_kvm_guest_get_ip,
	.get_frame_pointer	= pg_kvm_guest_get_frame_pointer,
	.read_virt		= pg_kvm_guest_read_virt,
};
