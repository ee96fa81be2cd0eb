// SPDX-License-Identifier: GPL-2.0
/*
 * CUSTOM: the VMM's address space, as copy_from_user_nofault() sees it
 * (include/linux/uaccess.h).
 *
 * A mapping is a host buffer registered at a fake user address: the
 * memslots' userspace_addr values are these fake addresses, never host
 * pointers, so a read can reach host memory only through a mapping, and
 * only inside its buffer.  A mapping can be unmapped and mapped again,
 * with a sequence count that is odd while it is unmapped or changing, so
 * that a read racing with munmap() fails as the kernel's would fault
 * (its buffer stays allocated until the test ends, so a racing copy is
 * never a use-after-free).
 *
 * Aligned 8-byte words are copied with one atomic load each, so that a
 * reader sees each page-table entry or frame word either before or after
 * the guest's store of it, as on x86; other bytes one at a time.
 *
 * Not modelled: reads that span two mappings (the series reads within a
 * page, and no test maps a page in two pieces), page faults that the
 * nofault copy would refuse on a mapped but unpopulated page (a test
 * models that by leaving the page unmapped), protection keys, and
 * userfaultfd.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/uaccess.h>

#include "../harness.h"

#define PG_VMM_MAX		128

struct pg_vmm_map {
	unsigned long	seq;	/* odd: unmapped, or being changed */
	unsigned long	hva;
	unsigned long	len;
	u8		*host;
};

static struct pg_vmm_map pg_vmm[PG_VMM_MAX];
static unsigned int pg_vmm_nr;
static u64 pg_vmm_faults;

int pg_vmm_map(unsigned long hva, void *host, unsigned long len)
{
	unsigned int i = pg_vmm_nr;
	struct pg_vmm_map *m;

	if (i == PG_VMM_MAX) {
		fprintf(stderr, "vmm: too many mappings\n");
		abort();
	}
	m = &pg_vmm[i];
	__atomic_store_n(&m->seq, 1, __ATOMIC_RELAXED);
	__atomic_store_n(&m->hva, hva, __ATOMIC_RELAXED);
	__atomic_store_n(&m->len, len, __ATOMIC_RELAXED);
	__atomic_store_n(&m->host, (u8 *)host, __ATOMIC_RELAXED);
	__atomic_store_n(&m->seq, 2, __ATOMIC_RELEASE);
	__atomic_store_n(&pg_vmm_nr, i + 1, __ATOMIC_RELEASE);
	return i;
}

void pg_vmm_unmap(int handle)
{
	struct pg_vmm_map *m = &pg_vmm[handle];
	unsigned long seq = __atomic_load_n(&m->seq, __ATOMIC_RELAXED);

	if (!(seq & 1))
		__atomic_store_n(&m->seq, seq + 1, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void pg_vmm_remap(int handle)
{
	struct pg_vmm_map *m = &pg_vmm[handle];
	unsigned long seq = __atomic_load_n(&m->seq, __ATOMIC_RELAXED);

	if (seq & 1)
		__atomic_store_n(&m->seq, seq + 1, __ATOMIC_RELEASE);
}

/* Forget every mapping; only while no reader runs. */
void pg_vmm_reset(void)
{
	memset(pg_vmm, 0, sizeof(pg_vmm));
	__atomic_store_n(&pg_vmm_nr, 0, __ATOMIC_RELEASE);
}

u64 pg_vmm_fault_count(void)
{
	return __atomic_load_n(&pg_vmm_faults, __ATOMIC_RELAXED);
}

static void pg_vmm_copy(u8 *dst, const u8 *src, size_t size)
{
	while (size) {
		if (!((unsigned long)src & 7) && size >= 8) {
			u64 v = __atomic_load_n((const u64 *)src, __ATOMIC_RELAXED);

			memcpy(dst, &v, 8);
			dst += 8;
			src += 8;
			size -= 8;
		} else {
			*dst++ = __atomic_load_n(src++, __ATOMIC_RELAXED);
			size--;
		}
	}
}

long copy_from_user_nofault(void *dst, const void __user *src, size_t size)
{
	unsigned long hva = (unsigned long)src;
	unsigned int nr = __atomic_load_n(&pg_vmm_nr, __ATOMIC_ACQUIRE);
	unsigned int i;

	if (hva + size < hva)
		goto fault;
	for (i = 0; i < nr; i++) {
		struct pg_vmm_map *m = &pg_vmm[i];
		unsigned long seq = __atomic_load_n(&m->seq, __ATOMIC_ACQUIRE);
		unsigned long start, len;
		u8 *host;

		if (seq & 1)
			continue;
		start = __atomic_load_n(&m->hva, __ATOMIC_RELAXED);
		len = __atomic_load_n(&m->len, __ATOMIC_RELAXED);
		host = __atomic_load_n(&m->host, __ATOMIC_RELAXED);
		if (hva < start || hva - start > len || size > len - (hva - start))
			continue;
		pg_vmm_copy(dst, host + (hva - start), size);
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (__atomic_load_n(&m->seq, __ATOMIC_RELAXED) != seq)
			goto fault;	/* unmapped under us: it faulted */
		return 0;
	}
fault:
	__atomic_fetch_add(&pg_vmm_faults, 1, __ATOMIC_RELAXED);
	memset(dst, 0xa5, size);
	return -EFAULT;
}
