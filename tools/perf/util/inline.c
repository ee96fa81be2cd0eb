// SPDX-License-Identifier: GPL-2.0
/*
 * Inlined functions at an address, from DWARF through libdw: the scopes
 * that contain the address, innermost first, up to the function whose
 * code it is; each DW_TAG_inlined_subroutine among them is a function
 * the compiler inlined there.  Looked up once per (DSO, address).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <gelf.h>
#include "demangle.h"
#include "dso.h"
#include "dso-load.h"
#include "inline.h"
#include "machines.h"
#include "symbol.h"

#define DEBUG_DIR	"/usr/lib/debug/.build-id/"
#define MAX_INLINE	64	/* levels kept of one address */
#define INLINE_SYM_BASE	(1ULL << 63)	/* above any user address */

/* One binary's DWARF, or none (@dwfl NULL) once tried. */
struct inline_dso {
	const struct dso *dso;
	Dwfl *dwfl;
	Dwfl_Module *mod;
	Dwarf_Addr bias;		/* module address = ELF address + @bias */
	GElf_Phdr *loads;		/* PT_LOADs: file offset -> ELF address */
	size_t nr_loads;
	struct inline_dso *next;
};

/* A pseudo-symbol per (DSO, name). */
struct inline_name {
	struct symbol sym;
	const struct dso *dso;
	struct inline_name *next;
};

/* (dso, addr) -> @nr names at syms[@first], in an open-addressing table. */
struct inline_addr {
	const struct dso *dso;
	uint64_t addr;
	uint32_t first;
	uint32_t nr;
};

#define NAME_BUCKETS	1024
#define DSO_BUCKETS	64

struct inline_cache {
	struct inline_dso *dsos[DSO_BUCKETS];
	struct inline_name *names[NAME_BUCKETS];
	struct inline_addr *addrs;
	size_t addr_mask, nr_addrs;	/* slots - 1; slots in use */
	const struct symbol **syms;
	size_t nr_syms, alloc_syms;
	uint64_t nr_names;
};

static uint64_t mix(uint64_t a, uint64_t b)
{
	return (a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2))) * 0xff51afd7ed558ccdULL;
}

/*
 * The separate debug file of @mod under /usr/lib/debug/.build-id, where
 * Debian's -dbg packages put them.  Never debuginfod: no network here.
 */
static int find_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname,
			  Dwarf_Addr base, const char *file_name, const char *debuglink_file,
			  GElf_Word debuglink_crc, char **debuginfo_file_name)
{
	const unsigned char *bits;
	char path[sizeof(DEBUG_DIR) + 2 * 64 + 8];
	GElf_Addr vaddr;
	int n, i, len, fd;

	(void)userdata; (void)modname; (void)base; (void)file_name;
	(void)debuglink_file; (void)debuglink_crc;
	n = dwfl_module_build_id(mod, &bits, &vaddr);
	if (n < 2 || n > 64)
		return -1;
	len = snprintf(path, sizeof(path), DEBUG_DIR "%02x/", bits[0]);
	for (i = 1; i < n; i++)
		len += snprintf(path + len, sizeof(path) - len, "%02x", bits[i]);
	snprintf(path + len, sizeof(path) - len, ".debug");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		*debuginfo_file_name = strdup(path);
		if (!*debuginfo_file_name) {
			close(fd);
			return -1;
		}
	}
	return fd;
}

static const Dwfl_Callbacks dwfl_callbacks = {
	.find_debuginfo = find_debuginfo,
	.section_address = dwfl_offline_section_address,
};

/* Keeps @e's PT_LOADs in @d, to place file offsets. Returns false without any. */
static bool inline_dso__loads(struct inline_dso *d, Elf *e)
{
	size_t i, n;
	GElf_Phdr ph;

	if (elf_getphdrnum(e, &n) || !n)
		return false;
	d->loads = calloc(n, sizeof(*d->loads));
	if (!d->loads)
		return false;
	for (i = 0; i < n; i++)
		if (gelf_getphdr(e, i, &ph) && ph.p_type == PT_LOAD)
			d->loads[d->nr_loads++] = ph;
	return d->nr_loads > 0;
}

/* Opens @d's binary for its DWARF; @d->dwfl stays NULL where there is none. */
static void inline_dso__open(struct inline_dso *d, struct machines *ms, struct machine *m,
			     struct dso *dso)
{
	char path[PATH_MAX];
	bool tmp;
	Elf *e;
	int fd;

	if (dso->kernel || dso__code_file(ms, m, dso, path, sizeof(path), &tmp))
		return;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (tmp)
		unlink(path);
	if (fd < 0)
		return;
	d->dwfl = dwfl_begin(&dwfl_callbacks);
	if (!d->dwfl) {
		close(fd);
		return;
	}
	d->mod = dwfl_report_elf(d->dwfl, "inline", path, fd, 0, false);
	if (!d->mod)
		close(fd);	/* libdw owns it only on success */
	dwfl_report_end(d->dwfl, NULL, NULL);
	e = d->mod ? dwfl_module_getelf(d->mod, &d->bias) : NULL;
	if (!e || !inline_dso__loads(d, e)) {
		dwfl_end(d->dwfl);
		d->dwfl = NULL;
	}
}

static struct inline_dso *cache__dso(struct inline_cache *c, struct machines *ms,
				     struct machine *m, struct dso *dso)
{
	unsigned int b = ((uintptr_t)dso >> 4) % DSO_BUCKETS;
	struct inline_dso *d;

	for (d = c->dsos[b]; d; d = d->next)
		if (d->dso == dso)
			return d;
	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->dso = dso;
	inline_dso__open(d, ms, m, dso);
	d->next = c->dsos[b];
	c->dsos[b] = d;
	return d;
}

/* The pseudo-symbol "@name (inlined)" of @dso, made on first use; NULL on ENOMEM. */
static const struct symbol *cache__name(struct inline_cache *c, const struct dso *dso,
					const char *name)
{
	uint64_t h = (uintptr_t)dso;
	size_t len = strlen(name);
	struct inline_name *n;
	const char *p;
	char *s;

	for (p = name; *p; p++)
		h = mix(h, (unsigned char)*p);
	for (n = c->names[h % NAME_BUCKETS]; n; n = n->next)
		if (n->dso == dso && inline_sym__name_len(n->sym.name) == len &&
		    !memcmp(n->sym.name, name, len))
			return &n->sym;
	n = calloc(1, sizeof(*n));
	s = malloc(strlen(name) + sizeof(INLINE_SUFFIX));
	if (!n || !s) {
		free(n);
		free(s);
		return NULL;
	}
	strcpy(s, name);
	strcat(s, INLINE_SUFFIX);
	n->sym.name = s;
	/*
	 * Not an address range (its code is its callers'): a place of its
	 * own, so that report's rows, which tell symbols apart by range,
	 * give each inlined function its row, as perf does by name.
	 */
	n->sym.start = n->sym.end = INLINE_SYM_BASE + c->nr_names++;
	n->dso = dso;
	n->next = c->names[h % NAME_BUCKETS];
	c->names[h % NAME_BUCKETS] = n;
	return &n->sym;
}

/* A DIE's function name as perf prints it: the demangled linkage name, or the plain name. */
static const char *die__function_name(Dwarf_Die *die, char *buf, size_t size)
{
	Dwarf_Attribute attr;
	const char *name;

	name = dwarf_formstring(dwarf_attr_integrate(die, DW_AT_linkage_name, &attr));
	if (!name)
		name = dwarf_formstring(dwarf_attr_integrate(die, DW_AT_MIPS_linkage_name, &attr));
	if (name && demangle(name, buf, size) >= 0)
		return buf;
	return dwarf_diename(die);
}

/* @off in the file, as an address in @d's module; false if no PT_LOAD holds it. */
static bool inline_dso__place(const struct inline_dso *d, uint64_t off, Dwarf_Addr *addr)
{
	size_t i;

	for (i = 0; i < d->nr_loads; i++) {
		const GElf_Phdr *ph = &d->loads[i];

		if (off >= ph->p_offset && off - ph->p_offset < ph->p_filesz) {
			*addr = off - ph->p_offset + ph->p_vaddr + d->bias;
			return true;
		}
	}
	return false;
}

static int cache__push(struct inline_cache *c, const struct symbol *sym)
{
	if (c->nr_syms == c->alloc_syms) {
		size_t n = c->alloc_syms ? c->alloc_syms * 2 : 256;
		const struct symbol **v = realloc(c->syms, n * sizeof(*v));

		if (!v)
			return -ENOMEM;
		c->syms = v;
		c->alloc_syms = n;
	}
	c->syms[c->nr_syms++] = sym;
	return 0;
}

/*
 * Appends to c->syms the inlined functions of @chain, the scopes of an
 * inlined instance and its parents in the DIE tree, up to the function
 * they are inlined into.  Returns how many, or -ENOMEM.
 */
static int push_inlined(struct inline_cache *c, const struct dso *dso, Dwarf_Die *chain, int n)
{
	int i, nr = 0;
	char buf[1024];

	for (i = 0; i < n && nr < MAX_INLINE; i++) {
		const struct symbol *sym;
		const char *name;
		int tag = dwarf_tag(&chain[i]);

		if (tag == DW_TAG_subprogram)
			break;
		if (tag != DW_TAG_inlined_subroutine)
			continue;
		name = die__function_name(&chain[i], buf, sizeof(buf));
		if (!name)
			continue;
		sym = cache__name(c, dso, name);
		if (!sym || cache__push(c, sym))
			return -ENOMEM;
		nr++;
	}
	return nr;
}

/*
 * Appends the inlined functions at @off of @d to c->syms.  Returns how
 * many, or -ENOMEM.  dwarf_getscopes() follows an inlined instance with
 * its abstract definition's scopes, not its callers': the callers come
 * from the instance's own parents (dwarf_getscopes_die()).
 */
static int inline_dso__lookup(struct inline_cache *c, struct inline_dso *d, uint64_t off)
{
	Dwarf_Die *scopes = NULL, *chain = NULL, *cu;
	Dwarf_Addr addr, cubias;
	int i, n, nr = 0;

	if (!d->dwfl || !inline_dso__place(d, off, &addr))
		return 0;
	cu = dwfl_module_addrdie(d->mod, addr, &cubias);
	if (!cu)
		return 0;
	n = dwarf_getscopes(cu, addr - cubias, &scopes);
	for (i = 0; i < n; i++) {
		int tag = dwarf_tag(&scopes[i]);

		if (tag == DW_TAG_subprogram)
			break;
		if (tag != DW_TAG_inlined_subroutine)
			continue;
		n = dwarf_getscopes_die(&scopes[i], &chain);
		nr = n > 0 ? push_inlined(c, d->dso, chain, n) : 0;
		break;
	}
	free(chain);
	free(scopes);
	return nr;
}

static int cache__grow(struct inline_cache *c)
{
	size_t i, slots = c->addrs ? (c->addr_mask + 1) * 2 : 4096;
	struct inline_addr *old = c->addrs, *t = calloc(slots, sizeof(*t));

	if (!t)
		return -ENOMEM;
	for (i = 0; old && i <= c->addr_mask; i++) {
		size_t j = mix((uintptr_t)old[i].dso, old[i].addr) & (slots - 1);

		if (!old[i].dso)
			continue;
		while (t[j].dso)
			j = (j + 1) & (slots - 1);
		t[j] = old[i];
	}
	free(old);
	c->addrs = t;
	c->addr_mask = slots - 1;
	return 0;
}

int inline__find(struct machines *ms, struct machine *m, struct dso *dso, uint64_t addr,
		 struct inline_frames *out)
{
	struct inline_cache *c = ms->inlines;
	struct inline_addr *slot;
	struct inline_dso *d;
	size_t j;
	int n;

	out->nr = 0;
	if (!c) {
		c = ms->inlines = calloc(1, sizeof(*c));
		if (!c)
			return -ENOMEM;
	}
	if ((c->nr_addrs + 1) * 2 > (c->addrs ? c->addr_mask + 1 : 0) && cache__grow(c))
		return -ENOMEM;
	for (j = mix((uintptr_t)dso, addr) & c->addr_mask; c->addrs[j].dso;
	     j = (j + 1) & c->addr_mask) {
		slot = &c->addrs[j];
		if (slot->dso == dso && slot->addr == addr)
			goto found;
	}
	d = cache__dso(c, ms, m, dso);
	if (!d)
		return -ENOMEM;
	slot = &c->addrs[j];
	slot->first = c->nr_syms;
	n = inline_dso__lookup(c, d, addr);
	if (n < 0)
		return n;
	slot->dso = dso;
	slot->addr = addr;
	slot->nr = n;
	c->nr_addrs++;
found:
	out->syms = c->syms + slot->first;
	out->nr = slot->nr;
	return 0;
}

void inline__exit(struct machines *ms)
{
	struct inline_cache *c = ms->inlines;
	struct inline_dso *d, *dn;
	struct inline_name *n, *nn;
	size_t i;

	if (!c)
		return;
	for (i = 0; i < DSO_BUCKETS; i++)
		for (d = c->dsos[i]; d; d = dn) {
			dn = d->next;
			if (d->dwfl)
				dwfl_end(d->dwfl);
			free(d->loads);
			free(d);
		}
	for (i = 0; i < NAME_BUCKETS; i++)
		for (n = c->names[i]; n; n = nn) {
			nn = n->next;
			free((char *)n->sym.name);
			free(n);
		}
	free(c->addrs);
	free(c->syms);
	free(c);
	ms->inlines = NULL;
}
