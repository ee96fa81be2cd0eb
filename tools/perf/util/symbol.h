/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_SYMBOL_H
#define __PERF_SYMBOL_H

#include <stddef.h>
#include <stdint.h>

struct symbol {
	uint64_t start;		/* [start, end) */
	uint64_t end;
	const char *name;	/* points into the owning symtab's string pool */
};

/*
 * A sorted array of symbols, at most one per start address, plus the
 * strings they point into.  A zero-initialized symtab is a valid empty one.
 */
struct symtab {
	struct symbol *syms;
	size_t nr;
	uint64_t *index;	/* each SYMTAB_STRIDE-th start: NULL for a small table */
	size_t nr_index;
	char *strpool;		/* NULL when the names live in another symtab's pool */
	size_t strpool_size;
};

#define SYMTAB_STRIDE	16

/* Indexes @st's sorted symbols for symtab__find(). Returns 0 or -ENOMEM. */
int symtab__index(struct symtab *st);

/* Returns the symbol containing @addr, or NULL. O(log n). */
const struct symbol *symtab__find(const struct symtab *st, uint64_t addr);

/* Frees everything; leaves an empty symtab. */
void symtab__exit(struct symtab *st);

enum symtab_addr { SYMTAB_FILE_OFFSET, SYMTAB_VADDR, SYMTAB_KMODULE };

/*
 * Loads the function (and data) symbols of ELF file @path the way perf 6.1
 * does: .symtab, else separate debuginfo found by build-id or path, else
 * .dynsym.  SYMTAB_FILE_OFFSET turns addresses into file offsets through
 * the PT_LOAD that holds them; SYMTAB_VADDR keeps st_value; SYMTAB_KMODULE
 * (a kernel module, ET_REL) keeps the .text symbols at their st_value,
 * their offset into the module as it is loaded, as perf 6.1 does.
 * Returns 0 or -errno (-ENOENT no file, -EINVAL not ELF, -ENODATA no symbols).
 */
int symtab__load_elf(struct symtab *st, const char *path, enum symtab_addr mode);

/*
 * Loads a JIT's symbol map, /tmp/perf-PID.map: "START SIZE NAME" per line,
 * START and SIZE in hex, absolute addresses.  Lines that do not parse are
 * skipped.  Returns 0 or -errno (-ENOENT no file, -ENODATA no symbols).
 */
int symtab__load_perf_map(struct symtab *st, const char *path);

/* One module's symbols from a kallsyms file ("[name]" entries). */
struct kmodule {
	char *name;		/* without brackets, in the kernel symtab's pool */
	struct symtab syms;	/* names live in the kernel symtab's pool too */
};

/* A parsed kallsyms file: the kernel's own symbols and each module's. */
struct kallsyms {
	struct symtab kernel;	/* owns the string pool of every table here */
	struct kmodule *mods;
	size_t nr_mods;
	uint64_t text;		/* address of _text (else _stext), 0 if absent */
};

/*
 * Parses a /proc/kallsyms-format file ("ADDR TYPE NAME [MODULE]" per line)
 * in one pass without per-line allocation; a line it cannot parse is
 * skipped.  Returns 0 or -errno: -ENOENT if the file is missing, -ENODATA
 * if it holds no usable symbol (e.g. all addresses zero: kptr_restrict).
 */
int kallsyms__load(struct kallsyms *ks, const char *path);

/* The module called @name (no brackets; '-' and '_' equivalent), or NULL. */
const struct kmodule *kallsyms__module(const struct kallsyms *ks, const char *name);

/* Frees everything, module tables included. */
void kallsyms__exit(struct kallsyms *ks);

/* Internal: shared by the kallsyms and ELF loaders (symbol.c, symbol-elf.c). */

/* A symbol as read, before its end is known and its aliases are resolved. */
struct raw_sym {
	uint64_t start;
	uint64_t end;		/* == start while the size is unknown */
	const char *name;
	uint32_t seq;		/* input order: keeps the sort stable */
	uint32_t mod;		/* kallsyms: 0 for the kernel, else module index + 1 */
	uint8_t binding;	/* STB_LOCAL, STB_GLOBAL or STB_WEAK */
};

/*
 * Sorts @rs by address, gives zero-sized symbols an end and keeps one
 * symbol per address, as perf 6.1 does; @kallsyms selects its kallsyms
 * end rule.  Returns how many entries remain at the front of @rs.
 */
size_t raw_syms__resolve(struct raw_sym *rs, size_t nr, int kallsyms);

/*
 * Sorts @rs by address and, where several share one, keeps the one read
 * first (no alias rules: for symbols added after resolving).  Returns the
 * new count.
 */
size_t raw_syms__merge(struct raw_sym *rs, size_t nr);

#endif /* __PERF_SYMBOL_H */
