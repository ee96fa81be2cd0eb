/* SPDX-License-Identifier: GPL-2.0 */
/*
 * perf-guest harness: what the tests and the shims share.
 *
 * The series' three new files are built as they are (see README); the
 * tests drive them through the shims' models: the guest info callbacks
 * (shim/perf.c), RCU and the allocator (shim/rcu.c), the VMM's address
 * space (shim/vmm.c), and a simulated guest with RAM, memslots and page
 * tables (sim/guest.c).
 */
#ifndef _PG_HARNESS_H
#define _PG_HARNESS_H

#include <stdio.h>

#include <linux/kvm_host.h>
#include <linux/perf_event.h>
#include <linux/rcupdate.h>

/* main.c: options, test groups and their result lines. */
struct pg_opts {
	u64		seed;
	unsigned int	seconds;	/* the race test's length */
	unsigned int	readers;	/* the race test's reader threads */
	bool		quiet;		/* only "not ok" lines and a count */
	bool		verbose;
};

extern struct pg_opts pg_opts;

struct pg_group {
	const char	*name;
	void		(*run)(void);
	struct pg_group	*next;
};

void pg_group_register(struct pg_group *g);

/* Each test file registers its groups; a binary runs what it links. */
#define PG_GROUP(gname, fn)						\
	static struct pg_group __pg_group_##fn = {			\
		.name = gname, .run = fn,				\
	};								\
	static void __attribute__((constructor)) __pg_reg_##fn(void)	\
	{								\
		pg_group_register(&__pg_group_##fn);			\
	}

/* One result line: "ok - GROUP: NAME" or "not ok - GROUP: NAME: WHY". */
void pg_result(bool ok, const char *name, const char *why, ...)
	__attribute__((format(printf, 3, 4)));
void pg_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

u64 pg_rand(u64 *state);
const void *pg_self(void);

/* A chain as text, for failure messages: "[0xffffffff81000f00 ...]". */
void pg_format_chain(char *buf, size_t size, const u64 *ip, u64 nr);

/* shim/perf.c */
struct pg_guest_cbs {
	unsigned int	(*state)(void);
	unsigned long	(*get_ip)(void);
	unsigned long	(*get_frame_pointer)(void);
	unsigned int	(*read_virt)(unsigned long addr, void *buf,
				     unsigned int len);
};

void pg_set_guest_cbs(const struct pg_guest_cbs *cbs);
extern const struct pg_guest_cbs pg_kvm_guest_cbs;
extern __thread struct kvm_vcpu *pg_running_vcpu;

void pg_callchain_set_context(int rctx);
void pg_callchain_set_unavailable(bool unavailable);
const char *pg_callchain_check(void);
void pg_callchain_free(void);

u64 pg_warnings(char *site, size_t size);
void pg_warnings_reset(void);

/* shim/rcu.c */
struct pg_rcu_stats {
	u64	deferred;	/* kvfree_rcu() calls */
	u64	freed;		/* objects really freed */
	u64	max_pending;	/* most kvfree_rcu() waiting at once */
	u64	alloc_failed;	/* kvzalloc() failures injected */
	u64	violations;	/* frees while a reader may hold the object */
};

void pg_kvzalloc_fail_next(int n);
long pg_kvzalloc_live(void);
void pg_rcu_get_stats(struct pg_rcu_stats *s, char *first, size_t size);
void pg_rcu_reset_stats(void);
void pg_rcu_quarantine_drain(void);

/* shim/vmm.c */
int pg_vmm_map(unsigned long hva, void *host, unsigned long len);
void pg_vmm_unmap(int handle);
void pg_vmm_remap(int handle);
void pg_vmm_reset(void);
u64 pg_vmm_fault_count(void);

/* sim/guest.c: a guest with RAM in memslots and its own page tables. */
#define PG_MAX_RAM		24
#define PG_MAX_MAPS		64
#define PG_SZ_4K		(1UL << 12)
#define PG_SZ_2M		(1UL << 21)
#define PG_SZ_1G		(1UL << 30)

struct pg_ram {
	struct kvm_memory_slot	slot;
	bool			in_kvm;		/* slot is in the memslots */
	bool			sparse;		/* host pages on demand */
	unsigned long		hva;		/* the VMM's address of it */
	unsigned long		npages;
	u8			*host;		/* !sparse: all of it */
	u8			**pages;	/* sparse: one per page */
	int			vmm;		/* !sparse: VMM mapping */
	unsigned long		next_free;	/* page allocator */
};

struct pg_map_rec {
	u64	gva;
	gpa_t	gpa;
	u64	size;
};

struct pg_guest {
	struct kvm		kvm;
	struct kvm_memslots	memslots;
	struct pg_ram		ram[PG_MAX_RAM];
	unsigned int		nr_ram;
	bool			la57;
	gpa_t			root;		/* CR3 */
	struct pg_ram		*pt_ram;	/* where page tables go */
	struct pg_map_rec	maps[PG_MAX_MAPS];
	unsigned int		nr_maps;
};

void pg_guest_init(struct pg_guest *g, bool la57);
void pg_guest_destroy(struct pg_guest *g);
struct pg_ram *pg_guest_add_ram(struct pg_guest *g, int id, gfn_t gfn,
				unsigned long npages, u32 flags, bool sparse);
void pg_guest_commit(struct pg_guest *g);
void pg_guest_set_pt_ram(struct pg_guest *g, struct pg_ram *ram);
void pg_slot_insert(struct pg_guest *g, struct pg_ram *ram);
void pg_slot_remove(struct pg_guest *g, struct pg_ram *ram);
u8 *pg_gpa_host(struct pg_guest *g, gpa_t gpa, bool populate);
gpa_t pg_alloc_page(struct pg_guest *g, struct pg_ram *ram);
u64 *pg_map(struct pg_guest *g, u64 gva, gpa_t gpa, u64 size);
u64 *pg_entry(struct pg_guest *g, u64 gva, int level);
bool pg_ref_read(struct pg_guest *g, u64 gva, void *buf, size_t len);
bool pg_write_virt(struct pg_guest *g, u64 gva, const void *src, size_t len);
void pg_vcpu_init(struct kvm_vcpu *vcpu, struct pg_guest *g);

/* A recognisable word: its page's id and its offset in that page. */
#define PG_TAG_MAGIC		0x7a67000000000000ULL
#define PG_TAG(pid, off)	(PG_TAG_MAGIC | ((u64)(pid) << 16) | (off))
void pg_fill_tagged(struct pg_guest *g, gpa_t gpa, unsigned int pid);

#endif /* _PG_HARNESS_H */
