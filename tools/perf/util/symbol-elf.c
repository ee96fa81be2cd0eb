// SPDX-License-Identifier: GPL-2.0
/*
 * ELF symbol loading, choosing the same symbols perf 6.1 does:
 *
 *  - the table: .symtab if the file has one; else the .symtab of separate
 *    debuginfo (by build-id, then by path); else .dynsym;
 *  - STT_FUNC, STT_GNU_IFUNC and STT_OBJECT symbols with a name and a
 *    defined section; STT_NOTYPE ones too ("labels", i.e. asm entry points)
 *    when they are not hidden/internal and their section's name contains
 *    "text" or "data";
 *  - never SHN_ABS/SHN_COMMON symbols nor those of a section that is not
 *    loaded (!SHF_ALLOC, e.g. .gnu.warning.*): they have no address;
 *  - st_size is the size (zero: up to the next symbol); aliases are
 *    resolved by raw_syms__resolve() (rules in symbol.c);
 *  - user DSOs are looked up by file offset, so addresses are converted
 *    through the PT_LOAD holding them; a symbol outside every PT_LOAD is
 *    dropped, as perf 6.1 drops it;
 *  - PLT stubs get synthesized "name@plt" symbols (elf__add_plt()).
 *
 * Not done: perf 6.1 as Debian builds it demangles C++ (and Rust) names,
 * without parameters ("ht_lookup_with_hash", "std::ios_base::Init::Init");
 * names here stay mangled.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <elfutils/libdwelf.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "symbol.h"
#include "util.h"

#define DEBUGINFO_DIR	"/usr/lib/debug"
#define MAX_LOADS	32

struct elf_file {
	int fd;
	Elf *elf;
};

static int elf_file__open(struct elf_file *ef, const char *path)
{
	GElf_Ehdr ehdr;

	ef->fd = open_regular(path);
	if (ef->fd < 0)
		return ef->fd;
	elf_version(EV_CURRENT);
	ef->elf = elf_begin(ef->fd, ELF_C_READ_MMAP, NULL);
	if (!ef->elf || elf_kind(ef->elf) != ELF_K_ELF || !gelf_getehdr(ef->elf, &ehdr)) {
		elf_end(ef->elf);
		close(ef->fd);
		ef->elf = NULL;
		ef->fd = -1;
		return -EINVAL;
	}
	return 0;
}

static void elf_file__close(struct elf_file *ef)
{
	if (ef->fd < 0)
		return;
	elf_end(ef->elf);
	close(ef->fd);
	ef->elf = NULL;
	ef->fd = -1;
}

/* The first section of type @type (SHT_SYMTAB or SHT_DYNSYM), or NULL. */
static Elf_Scn *elf__find_symtab(Elf *elf, Elf64_Word type, GElf_Shdr *shdr)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		if (gelf_getshdr(scn, shdr) && shdr->sh_type == type && shdr->sh_entsize)
			return scn;
	}
	return NULL;
}

static int elf_file__open_with_symtab(struct elf_file *ef, const char *path)
{
	GElf_Shdr shdr;

	if (elf_file__open(ef, path))
		return -ENOENT;
	if (elf__find_symtab(ef->elf, SHT_SYMTAB, &shdr))
		return 0;
	elf_file__close(ef);
	return -ENOENT;
}

/* Separate debuginfo for @elf: by build-id, then by @path. Returns 0 or -ENOENT. */
static int elf_file__open_debuginfo(struct elf_file *dbg, Elf *elf, const char *path)
{
	char dpath[PATH_MAX];
	const uint8_t *bid;
	ssize_t n = dwelf_elf_gnu_build_id(elf, (const void **)&bid);

	if (n > 1) {
		size_t len = snprintf(dpath, sizeof(dpath), DEBUGINFO_DIR "/.build-id/%02x/", bid[0]);
		ssize_t i;

		for (i = 1; i < n && len + 8 < sizeof(dpath); i++)
			len += snprintf(dpath + len, sizeof(dpath) - len, "%02x", bid[i]);
		snprintf(dpath + len, sizeof(dpath) - len, ".debug");
		if (!elf_file__open_with_symtab(dbg, dpath))
			return 0;
	}
	if (path[0] == '/' &&
	    (size_t)snprintf(dpath, sizeof(dpath), DEBUGINFO_DIR "%s.debug", path) < sizeof(dpath) &&
	    !elf_file__open_with_symtab(dbg, dpath))
		return 0;
	return -ENOENT;
}

/* Where a symbol's address goes: its PT_LOAD, for file offsets. */
struct load_map {
	GElf_Phdr loads[MAX_LOADS];
	size_t nr;
	enum symtab_addr mode;
};

static void load_map__init(struct load_map *lm, Elf *elf, enum symtab_addr mode)
{
	size_t i, phnum;

	lm->nr = 0;
	lm->mode = mode;
	if (mode != SYMTAB_FILE_OFFSET || elf_getphdrnum(elf, &phnum))
		return;
	for (i = 0; i < phnum && lm->nr < MAX_LOADS; i++) {
		GElf_Phdr *ph = &lm->loads[lm->nr];

		if (gelf_getphdr(elf, i, ph) && ph->p_type == PT_LOAD &&
		    (ph->p_memsz || ph->p_filesz))
			lm->nr++;
	}
}

/* Converts @addr in place; false if it is in no PT_LOAD (the symbol is dropped). */
static bool load_map__convert(const struct load_map *lm, uint64_t *addr)
{
	size_t i;

	if (lm->mode != SYMTAB_FILE_OFFSET)
		return true;
	for (i = 0; i < lm->nr; i++) {
		const GElf_Phdr *ph = &lm->loads[i];
		uint64_t size = ph->p_memsz > ph->p_filesz ? ph->p_memsz : ph->p_filesz;

		if (*addr >= ph->p_vaddr && *addr - ph->p_vaddr < size) {
			*addr = *addr - ph->p_vaddr + ph->p_offset;
			return true;
		}
	}
	return false;
}

static bool elf_sym__keep(Elf *elf, size_t shstrndx, const GElf_Sym *sym)
{
	int type = GELF_ST_TYPE(sym->st_info), vis;
	const char *secname;
	GElf_Shdr shdr;
	Elf_Scn *scn;

	if (!sym->st_name || sym->st_shndx == SHN_UNDEF || sym->st_shndx >= SHN_LORESERVE)
		return false;
	if (type != STT_FUNC && type != STT_GNU_IFUNC && type != STT_OBJECT && type != STT_NOTYPE)
		return false;
	scn = elf_getscn(elf, sym->st_shndx);
	if (!scn || !gelf_getshdr(scn, &shdr) || !(shdr.sh_flags & SHF_ALLOC))
		return false;
	if (type != STT_NOTYPE)
		return true;
	vis = GELF_ST_VISIBILITY(sym->st_other);
	if (vis == STV_HIDDEN || vis == STV_INTERNAL)
		return false;
	secname = elf_strptr(elf, shstrndx, shdr.sh_name);
	return secname && (strstr(secname, "text") || strstr(secname, "data"));
}

/* Is @sym in the section called .text?  A module's other sections load elsewhere. */
static bool elf_sym__in_text(Elf *elf, size_t shstrndx, const GElf_Sym *sym)
{
	Elf_Scn *scn = elf_getscn(elf, sym->st_shndx);
	const char *secname;
	GElf_Shdr shdr;

	if (!scn || !gelf_getshdr(scn, &shdr))
		return false;
	secname = elf_strptr(elf, shstrndx, shdr.sh_name);
	return secname && !strcmp(secname, ".text");
}

/* Reads the kept symbols of section @scn into a new raw array. Returns count or -errno. */
static ssize_t elf__read_syms(Elf *elf, Elf_Scn *scn, const GElf_Shdr *shdr,
			      const struct load_map *lm, struct raw_sym **rsp)
{
	size_t i, nr_syms = shdr->sh_size / shdr->sh_entsize, nr = 0, shstrndx;
	Elf_Data *syms = elf_getdata(scn, NULL), *strs;
	const char *strbase;
	struct raw_sym *rs;

	strs = elf_getdata(elf_getscn(elf, shdr->sh_link), NULL);
	if (!syms || !strs || !strs->d_size || elf_getshdrstrndx(elf, &shstrndx))
		return -EINVAL;
	strbase = strs->d_buf;
	/* Every name below is then NUL-terminated inside the string table. */
	if (strbase[strs->d_size - 1] != '\0')
		return -EINVAL;
	rs = malloc((nr_syms ? nr_syms : 1) * sizeof(*rs));
	if (!rs)
		return -ENOMEM;
	for (i = 1; i < nr_syms; i++) {
		struct raw_sym *r = &rs[nr];
		GElf_Sym sym;

		if (!gelf_getsym(syms, i, &sym) || sym.st_name >= strs->d_size ||
		    !elf_sym__keep(elf, shstrndx, &sym))
			continue;
		if (lm->mode == SYMTAB_KMODULE && !elf_sym__in_text(elf, shstrndx, &sym))
			continue;
		r->start = sym.st_value;
		if (!load_map__convert(lm, &r->start))
			continue;
		r->end = r->start + sym.st_size;
		if (r->end < r->start)
			r->end = UINT64_MAX;
		r->name = strbase + sym.st_name;
		r->seq = nr++;
		r->mod = 0;
		r->binding = GELF_ST_BIND(sym.st_info);
	}
	*rsp = rs;
	return nr;
}

/*
 * PLT stubs have no symbols; perf 6.1 names the i-th stub after the i-th
 * .rela.plt (.rel.plt) entry's dynamic symbol, "name@plt" ("@plt" for an
 * IRELATIVE entry, which has none), each stub sh_entsize bytes after a
 * header of the same size.  6.1 knows nothing of .plt.sec or .plt.got.
 */
struct plt_info {
	Elf_Data *rel, *dynsyms, *dynstrs;
	size_t nr;
	bool rela;
	uint64_t first, entsize;
};

static int elf__plt_info(Elf *elf, enum symtab_addr mode, struct plt_info *pi)
{
	GElf_Shdr shdr, plt = { 0 }, rel = { 0 }, dyn;
	Elf_Scn *scn = NULL, *rel_scn = NULL, *dyn_scn;
	size_t shstrndx;
	bool have_plt = false;

	if (elf_getshdrstrndx(elf, &shstrndx))
		return -EINVAL;
	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		const char *name;

		if (!gelf_getshdr(scn, &shdr))
			continue;
		name = elf_strptr(elf, shstrndx, shdr.sh_name);
		if (!name)
			continue;
		if (!strcmp(name, ".plt")) {
			plt = shdr;
			have_plt = true;
		} else if (!rel_scn && (!strcmp(name, ".rela.plt") || !strcmp(name, ".rel.plt"))) {
			rel = shdr;
			rel_scn = scn;
		}
	}
	if (!have_plt || !rel_scn || !plt.sh_entsize || !rel.sh_entsize ||
	    (rel.sh_type != SHT_RELA && rel.sh_type != SHT_REL))
		return -ENOENT;
	dyn_scn = elf_getscn(elf, rel.sh_link);
	if (!dyn_scn || !gelf_getshdr(dyn_scn, &dyn) || dyn.sh_type != SHT_DYNSYM)
		return -ENOENT;
	pi->rel = elf_getdata(rel_scn, NULL);
	pi->dynsyms = elf_getdata(dyn_scn, NULL);
	pi->dynstrs = elf_getdata(elf_getscn(elf, dyn.sh_link), NULL);
	if (!pi->rel || !pi->dynsyms || !pi->dynstrs || !pi->dynstrs->d_size ||
	    ((const char *)pi->dynstrs->d_buf)[pi->dynstrs->d_size - 1])
		return -EINVAL;
	pi->nr = rel.sh_size / rel.sh_entsize;
	pi->rela = rel.sh_type == SHT_RELA;
	pi->entsize = plt.sh_entsize;
	pi->first = (mode == SYMTAB_FILE_OFFSET ? plt.sh_offset : plt.sh_addr) + plt.sh_entsize;
	return 0;
}

/* The dynamic symbol name of PLT relocation @i ("" if none). */
static const char *plt_info__name(const struct plt_info *pi, size_t i)
{
	GElf_Rela rela;
	GElf_Rel rel;
	GElf_Sym sym;
	size_t idx;

	if (pi->rela)
		idx = gelf_getrela(pi->rel, i, &rela) ? GELF_R_SYM(rela.r_info) : 0;
	else
		idx = gelf_getrel(pi->rel, i, &rel) ? GELF_R_SYM(rel.r_info) : 0;
	if (!gelf_getsym(pi->dynsyms, idx, &sym) || sym.st_name >= pi->dynstrs->d_size)
		return "";
	return (const char *)pi->dynstrs->d_buf + sym.st_name;
}

/*
 * Appends the PLT stubs of @elf to @rs (sorted, @nr long), keeping it
 * sorted; a stub whose address already has a symbol is left out.  The
 * "name@plt" strings go to *@namesp, to be freed after copying.
 */
static ssize_t elf__add_plt(Elf *elf, enum symtab_addr mode, struct raw_sym **rsp,
			    size_t nr, char **namesp)
{
	struct plt_info pi;
	size_t i, size = 0, off = 0;
	struct raw_sym *rs;
	char *names;

	if (mode == SYMTAB_KMODULE || elf__plt_info(elf, mode, &pi) || !pi.nr)
		return nr;
	for (i = 0; i < pi.nr; i++)
		size += strlen(plt_info__name(&pi, i)) + sizeof("@plt");
	names = malloc(size);
	rs = realloc(*rsp, (nr + pi.nr) * sizeof(*rs));
	if (!names || !rs) {
		free(names);
		return -ENOMEM;
	}
	*rsp = rs;
	for (i = 0; i < pi.nr; i++) {
		struct raw_sym *r = &rs[nr + i];

		r->start = pi.first + i * pi.entsize;
		r->end = r->start + pi.entsize;
		r->name = names + off;
		off += sprintf(names + off, "%s@plt", plt_info__name(&pi, i)) + 1;
		r->seq = nr + i;
		r->mod = 0;
		r->binding = STB_GLOBAL;
	}
	*namesp = names;
	return raw_syms__merge(rs, nr + pi.nr);
}

/* Fills @st with @rs's symbols, names copied into one pool. */
static int symtab__fill(struct symtab *st, const struct raw_sym *rs, size_t nr)
{
	size_t i, size = 0, off = 0;

	for (i = 0; i < nr; i++)
		size += strlen(rs[i].name) + 1;
	st->syms = malloc(nr * sizeof(*st->syms));
	st->strpool = malloc(size);
	if (!st->syms || !st->strpool) {
		symtab__exit(st);
		return -ENOMEM;
	}
	for (i = 0; i < nr; i++) {
		size_t len = strlen(rs[i].name) + 1;

		memcpy(st->strpool + off, rs[i].name, len);
		st->syms[i].start = rs[i].start;
		st->syms[i].end = rs[i].end;
		st->syms[i].name = st->strpool + off;
		off += len;
	}
	st->nr = nr;
	st->strpool_size = size;
	if (symtab__index(st)) {
		symtab__exit(st);
		return -ENOMEM;
	}
	return 0;
}

int symtab__load_elf(struct symtab *st, const char *path, enum symtab_addr mode)
{
	struct elf_file ef, dbg = { .fd = -1 };
	struct raw_sym *rs = NULL;
	char *plt_names = NULL;
	struct load_map lm;
	Elf *syms_elf;
	GElf_Shdr shdr;
	Elf_Scn *scn;
	ssize_t nr;
	int err;

	memset(st, 0, sizeof(*st));
	err = elf_file__open(&ef, path);
	if (err)
		return err;
	syms_elf = ef.elf;
	scn = elf__find_symtab(ef.elf, SHT_SYMTAB, &shdr);
	if (!scn && !elf_file__open_debuginfo(&dbg, ef.elf, path)) {
		syms_elf = dbg.elf;
		scn = elf__find_symtab(dbg.elf, SHT_SYMTAB, &shdr);
	}
	if (!scn) {
		syms_elf = ef.elf;
		scn = elf__find_symtab(ef.elf, SHT_DYNSYM, &shdr);
	}
	err = -ENODATA;
	if (!scn)
		goto out;
	/* Debuginfo keeps the program headers, but the binary's are the ones that ran. */
	load_map__init(&lm, ef.elf, mode);
	nr = elf__read_syms(syms_elf, scn, &shdr, &lm, &rs);
	if (nr < 0) {
		err = nr;
		goto out;
	}
	nr = raw_syms__resolve(rs, nr, 0);
	err = -ENODATA;
	if (!nr)
		goto out;
	nr = elf__add_plt(ef.elf, mode, &rs, nr, &plt_names);
	err = nr < 0 ? nr : symtab__fill(st, rs, nr);
out:
	free(plt_names);
	free(rs);
	elf_file__close(&dbg);
	elf_file__close(&ef);
	return err;
}
