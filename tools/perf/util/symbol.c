// SPDX-License-Identifier: GPL-2.0
/*
 * Symbol tables: lookup, the rules that turn raw symbols into a table, and
 * the kallsyms parser.  ELF loading lives in symbol-elf.c.
 *
 * Our reports are diffed row by row against perf 6.1, so the table must
 * hold the same names and boundaries perf 6.1 computes:
 *
 * Ends.  A symbol with a size ends at start + size.  A zero-sized one
 * (every kallsyms symbol, asm labels in ELF) ends where the next symbol in
 * address order starts, except that in kallsyms the last kernel symbol
 * before a module symbol (or the reverse) ends one page past its start,
 * rounded up to a page, so that the gap between kernel text and module
 * space is nobody's.  The very last symbol also gets that one page.  Ends
 * are fixed *before* aliases are resolved, which matters below.
 *
 * Aliases (several symbols at one address).  perf keeps one, walking the
 * symbols in address order (input order among equals, since its rbtree
 * inserts equal keys to the right) and keeping the winner of each pairwise
 * comparison, first rule that decides:
 *   1. non-zero size beats zero size;
 *   2. non-weak beats weak;
 *   3. global beats non-global;
 *   4. fewer leading underscores wins;
 *   5. the longer name wins;
 *   6. otherwise the one met first, unless its name starts with "SyS" or
 *      "compat_SyS" (perf's generic arch hook).
 * In Debian's libc (.symtab from libc6-dbg) that picks the global
 * "memmove" over the locals "__GI_memmove"/"__libc_memmove"; "__getpid"
 * (global) over the weak "getpid"; "__GI___libc_open" over the weak "open"
 * (rule 2 comes before rule 3, so weak loses even to locals; then rule 5);
 * "__GI___wait4" over "__wait4" and the weak "wait4"; and
 * "timer_settime@@GLIBC_2.34" over "timer_settime@GLIBC_2.3.3" (same
 * length: rule 6, it comes first in .symtab; perf keeps version suffixes).  Checked against perf 6.1 itself: over
 * 2M samples of a system-wide "perf record", "perf script" names every
 * kernel, libc, ld.so and C binary sample as this table does; only C++
 * names differ, as perf demangles them (see symbol-elf.c).
 * For kallsyms every symbol starts zero-sized, so after the end fixup only
 * the last alias of a run has a size: rule 1 makes the last one listed win
 * ("_text" over "_stext" at the same address).
 *
 * Which kallsyms types are kept: T/t, W/w, D/d and B/b (perf 6.1 keeps
 * data too, for perf mem); names starting with '$' (ARM mapping symbols)
 * are dropped.  'W' is weak, other capitals global, lower case local.
 */
#include <ctype.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "symbol.h"
#include "util.h"

#define PAGE_SIZE_4K	4096ULL
/* The kernel's KSYM_NAME_LEN: a longer name is not a kernel symbol. */
#define KSYM_NAME_MAX	512
#define KMOD_NAME_MAX	256

/*
 * A binary search over a large table misses the cache at every step: the
 * index, a start in every SYMTAB_STRIDE, is small enough to stay cached
 * and leaves one short stretch of the table to search.
 */
int symtab__index(struct symtab *st)
{
	size_t i;

	free(st->index);
	st->index = NULL;
	st->nr_index = 0;
	if (st->nr < 4 * SYMTAB_STRIDE)
		return 0;
	st->nr_index = (st->nr + SYMTAB_STRIDE - 1) / SYMTAB_STRIDE;
	st->index = malloc(st->nr_index * sizeof(*st->index));
	if (!st->index) {
		st->nr_index = 0;
		return -ENOMEM;
	}
	for (i = 0; i < st->nr_index; i++)
		st->index[i] = st->syms[i * SYMTAB_STRIDE].start;
	return 0;
}

/* How many of the sorted @n values at @v are at or below @addr. */
static size_t count_at_or_below(const uint64_t *v, size_t stride, size_t n, uint64_t addr)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid * stride] <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct symbol *symtab__find(const struct symtab *st, uint64_t addr)
{
	size_t first = 0, n = st->nr, lo, i, k;

	if (!n)
		return NULL;
	if (st->index) {
		/* Every symbol before block @k - 1 starts at or below @addr, none after it. */
		k = count_at_or_below(st->index, 1, st->nr_index, addr);
		if (!k)
			return NULL;
		first = (k - 1) * SYMTAB_STRIDE;
		n = min(st->nr - first, (size_t)SYMTAB_STRIDE);
	}
	lo = first + count_at_or_below(&st->syms[first].start,
				       sizeof(struct symbol) / sizeof(uint64_t), n, addr);
	/*
	 * Sizes come from the file, so a symbol can extend over the next
	 * one; look a few back so an address past a nested symbol still
	 * lands in the one around it.
	 */
	for (i = lo, k = 0; i > 0 && k < 4; i--, k++) {
		const struct symbol *s = &st->syms[i - 1];

		if (addr < s->end || (addr == s->start && s->end == s->start))
			return s;
	}
	return NULL;
}

void symtab__exit(struct symtab *st)
{
	free(st->index);
	free(st->syms);
	free(st->strpool);
	memset(st, 0, sizeof(*st));
}

static int raw_sym__cmp(const void *a, const void *b)
{
	const struct raw_sym *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static uint64_t page_past(uint64_t addr)
{
	uint64_t end = ((addr + PAGE_SIZE_4K - 1) & ~(PAGE_SIZE_4K - 1)) + PAGE_SIZE_4K;

	/* The top page of the address space: stop at its end, not 0. */
	return end > addr ? end : UINT64_MAX;
}

static void raw_syms__fixup_end(struct raw_sym *rs, size_t nr, int kallsyms)
{
	size_t i;

	for (i = 0; i + 1 < nr; i++) {
		struct raw_sym *prev = &rs[i], *curr = &rs[i + 1];

		if (prev->end != prev->start)
			continue;
		if (kallsyms && !prev->mod != !curr->mod)
			prev->end = page_past(prev->start);
		else
			prev->end = curr->start;
	}
	if (nr && rs[nr - 1].end == rs[nr - 1].start)
		rs[nr - 1].end = page_past(rs[nr - 1].start);
}

static size_t leading_underscores(const char *s)
{
	size_t n = 0;

	while (s[n] == '_')
		n++;
	return n;
}

/* Whether @b should replace @a, the alias kept so far (rules in the header comment). */
static bool raw_sym__better(const struct raw_sym *a, const struct raw_sym *b)
{
	bool a_sized = a->end != a->start, b_sized = b->end != b->start;
	size_t na, nb;

	if (a_sized != b_sized)
		return b_sized;
	if ((a->binding == STB_WEAK) != (b->binding == STB_WEAK))
		return a->binding == STB_WEAK;
	if ((a->binding == STB_GLOBAL) != (b->binding == STB_GLOBAL))
		return b->binding == STB_GLOBAL;
	na = leading_underscores(a->name);
	nb = leading_underscores(b->name);
	if (na != nb)
		return nb < na;
	na = strlen(a->name);
	nb = strlen(b->name);
	if (na != nb)
		return nb > na;
	return !strncmp(a->name, "SyS", 3) || !strncmp(a->name, "compat_SyS", 10);
}

/* kallsyms and most .symtabs come (nearly) sorted: sort only when needed. */
static void raw_syms__sort(struct raw_sym *rs, size_t nr)
{
	size_t i;

	for (i = 1; i < nr; i++) {
		if (rs[i - 1].start > rs[i].start) {
			qsort(rs, nr, sizeof(*rs), raw_sym__cmp);
			return;
		}
	}
}

size_t raw_syms__resolve(struct raw_sym *rs, size_t nr, int kallsyms)
{
	size_t i, w = 0;

	raw_syms__sort(rs, nr);
	raw_syms__fixup_end(rs, nr, kallsyms);
	for (i = 0; i < nr; i++) {
		if (w && rs[w - 1].start == rs[i].start) {
			if (raw_sym__better(&rs[w - 1], &rs[i]))
				rs[w - 1] = rs[i];
			continue;
		}
		rs[w++] = rs[i];
	}
	return w;
}

size_t raw_syms__merge(struct raw_sym *rs, size_t nr)
{
	size_t i, w = 0;

	raw_syms__sort(rs, nr);
	for (i = 0; i < nr; i++)
		if (!w || rs[w - 1].start != rs[i].start)
			rs[w++] = rs[i];
	return w;
}

/*
 * Reads all of @path into a NUL-terminated heap buffer; /proc files have
 * st_size 0.  @regular: only a regular file (the path came from a perf.data).
 */
static int read_whole_file(const char *path, bool regular, char **bufp, size_t *lenp)
{
	size_t len = 0, alloc;
	struct stat sb;
	char *buf, *tmp;
	ssize_t n;
	int fd, err;

	fd = regular ? open_regular(path) : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return regular ? fd : -errno;
	/* A known size leaves a byte to see the end in: no doubling at EOF. */
	alloc = (!fstat(fd, &sb) && sb.st_size > 0) ? (size_t)sb.st_size + 2 : 1 << 20;
	buf = malloc(alloc);
	if (!buf) {
		err = -ENOMEM;
		goto out_close;
	}
	for (;;) {
		if (len + 1 == alloc) {
			tmp = realloc(buf, alloc * 2);
			if (!tmp) {
				err = -ENOMEM;
				goto out_free;
			}
			buf = tmp;
			alloc *= 2;
		}
		n = read(fd, buf + len, alloc - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			goto out_free;
		}
		if (n == 0)
			break;
		len += n;
	}
	buf[len] = '\0';
	close(fd);
	*bufp = buf;
	*lenp = len;
	return 0;

out_free:
	free(buf);
out_close:
	close(fd);
	return err;
}

/* One kallsyms line, split in place. */
struct ksym_line {
	uint64_t addr;
	char type;
	char *name;		/* NUL-terminated once accepted */
	size_t name_len;
	char *mod;		/* NULL for a kernel symbol */
	size_t mod_len;
};

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Parses "ADDR TYPE NAME[\t[MOD]]" in [p, eol). Returns false for a malformed line. */
static bool ksym_line__parse(struct ksym_line *l, char *p, char *eol)
{
	int ndigits = 0, v;

	l->addr = 0;
	while (p < eol && (v = hexval(*p)) >= 0) {
		if (++ndigits > 16)
			return false;
		l->addr = (l->addr << 4) | v;
		p++;
	}
	if (!ndigits || eol - p < 4 || p[0] != ' ' || p[1] == ' ' || p[2] != ' ')
		return false;
	l->type = p[1];
	l->name = p + 3;
	for (p = l->name; p < eol && *p != '\t' && *p != ' '; p++)
		;
	l->name_len = p - l->name;
	if (!l->name_len || l->name_len >= KSYM_NAME_MAX)
		return false;
	l->mod = NULL;
	/* Module symbols: "NAME\t[MOD]", perhaps with more blanks. */
	while (p < eol && (*p == '\t' || *p == ' '))
		p++;
	while (eol > p && (eol[-1] == ' ' || eol[-1] == '\t' || eol[-1] == '\r'))
		eol--;
	if (p == eol)
		return true;
	if (eol - p < 3 || *p != '[' || eol[-1] != ']')
		return false;
	l->mod = p + 1;
	l->mod_len = eol - 1 - l->mod;
	if (l->mod_len >= KMOD_NAME_MAX || memchr(l->mod, ']', l->mod_len) ||
	    memchr(l->mod, ' ', l->mod_len))
		return false;
	return true;
}

static bool ksym_type__keep(char type)
{
	switch (toupper((unsigned char)type)) {
	case 'T': case 'W': case 'D': case 'B':
		return true;
	default:
		return false;
	}
}

static uint8_t ksym_type__binding(char type)
{
	if (type == 'W')
		return STB_WEAK;
	return isupper((unsigned char)type) ? STB_GLOBAL : STB_LOCAL;
}

struct kparse {
	struct kallsyms *ks;
	struct raw_sym *rs;
	size_t nr, alloc;
	size_t nr_mods_alloc;
	uint32_t last_mod;	/* cache: modules' lines come in runs */
	uint64_t stext;
};

/* Index + 1 of module @name (NUL-terminated in the pool), adding it if new. */
static int kparse__module(struct kparse *kp, char *name, uint32_t *idx)
{
	struct kallsyms *ks = kp->ks;
	size_t i;

	if (kp->last_mod && !strcmp(ks->mods[kp->last_mod - 1].name, name)) {
		*idx = kp->last_mod;
		return 0;
	}
	for (i = 0; i < ks->nr_mods; i++)
		if (!strcmp(ks->mods[i].name, name))
			goto found;
	if (ks->nr_mods == kp->nr_mods_alloc) {
		size_t n = kp->nr_mods_alloc ? kp->nr_mods_alloc * 2 : 16;
		struct kmodule *m = realloc(ks->mods, n * sizeof(*m));

		if (!m)
			return -ENOMEM;
		ks->mods = m;
		kp->nr_mods_alloc = n;
	}
	memset(&ks->mods[i], 0, sizeof(ks->mods[i]));
	ks->mods[i].name = name;
	ks->nr_mods++;
found:
	kp->last_mod = i + 1;
	*idx = i + 1;
	return 0;
}

static int kparse__add(struct kparse *kp, const struct ksym_line *l, uint32_t mod)
{
	struct raw_sym *r;

	if (kp->nr == kp->alloc) {
		size_t n = kp->alloc ? kp->alloc * 2 : 4096;

		r = realloc(kp->rs, n * sizeof(*r));
		if (!r)
			return -ENOMEM;
		kp->rs = r;
		kp->alloc = n;
	}
	r = &kp->rs[kp->nr];
	r->start = r->end = l->addr;
	r->name = l->name;
	r->seq = kp->nr++;
	r->mod = mod;
	r->binding = ksym_type__binding(l->type);
	return 0;
}

static int kparse__line(struct kparse *kp, char *p, char *eol)
{
	struct ksym_line l;
	uint32_t mod = 0;
	int err;

	if (!ksym_line__parse(&l, p, eol))
		return 0;
	l.name[l.name_len] = '\0';
	if (l.mod) {
		l.mod[l.mod_len] = '\0';
		err = kparse__module(kp, l.mod, &mod);
		if (err)
			return err;
	} else if (!strcmp(l.name, "_text")) {
		kp->ks->text = l.addr;
	} else if (!strcmp(l.name, "_stext")) {
		kp->stext = l.addr;
	}
	if (!ksym_type__keep(l.type) || l.name[0] == '$')
		return 0;
	return kparse__add(kp, &l, mod);
}

/* Counts each table's share of the resolved symbols and allocates the tables. */
static int kallsyms__alloc_tables(struct kallsyms *ks, const struct raw_sym *rs, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		if (rs[i].mod)
			ks->mods[rs[i].mod - 1].syms.nr++;
		else
			ks->kernel.nr++;
	}
	if (ks->kernel.nr) {
		ks->kernel.syms = malloc(ks->kernel.nr * sizeof(struct symbol));
		if (!ks->kernel.syms)
			return -ENOMEM;
	}
	for (i = 0; i < ks->nr_mods; i++) {
		struct symtab *st = &ks->mods[i].syms;

		if (!st->nr)
			continue;
		st->syms = malloc(st->nr * sizeof(struct symbol));
		if (!st->syms)
			return -ENOMEM;
	}
	return 0;
}

static int kallsyms__split(struct kallsyms *ks, const struct raw_sym *rs, size_t nr)
{
	size_t i;
	int err;

	err = kallsyms__alloc_tables(ks, rs, nr);
	if (err)
		return err;
	ks->kernel.nr = 0;
	for (i = 0; i < ks->nr_mods; i++)
		ks->mods[i].syms.nr = 0;
	/* @rs is sorted, so each table comes out sorted too. */
	for (i = 0; i < nr; i++) {
		struct symtab *st = rs[i].mod ? &ks->mods[rs[i].mod - 1].syms : &ks->kernel;
		struct symbol *s = &st->syms[st->nr++];

		s->start = rs[i].start;
		s->end = rs[i].end;
		s->name = rs[i].name;
	}
	err = symtab__index(&ks->kernel);
	for (i = 0; !err && i < ks->nr_mods; i++)
		err = symtab__index(&ks->mods[i].syms);
	return err;
}

static bool raw_syms__all_zero(const struct raw_sym *rs, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (rs[i].start)
			return false;
	return true;
}

int kallsyms__load(struct kallsyms *ks, const char *path)
{
	struct kparse kp = { .ks = ks };
	char *buf = NULL, *p, *end;
	size_t len = 0;
	int err;

	memset(ks, 0, sizeof(*ks));
	/* A kallsyms named by the user may be a pipe (--kallsyms=<(...)). */
	err = read_whole_file(path, false, &buf, &len);
	if (err)
		return err;
	/* The kernel table owns the file: every name stays where it was read. */
	ks->kernel.strpool = buf;
	ks->kernel.strpool_size = len + 1;
	/* Lines are ~40 bytes: size the array once rather than regrow (and refault) it. */
	kp.alloc = len / 32 + 64;
	kp.rs = malloc(kp.alloc * sizeof(*kp.rs));
	if (!kp.rs) {
		err = -ENOMEM;
		goto out_err;
	}
	for (p = buf, end = buf + len; p < end; p++) {
		char *eol = memchr(p, '\n', end - p);

		if (!eol)
			eol = end;
		err = kparse__line(&kp, p, eol);
		if (err)
			goto out_err;
		p = eol;
	}
	if (!ks->text)
		ks->text = kp.stext;
	err = -ENODATA;
	if (raw_syms__all_zero(kp.rs, kp.nr))
		goto out_err;
	kp.nr = raw_syms__resolve(kp.rs, kp.nr, 1);
	err = kallsyms__split(ks, kp.rs, kp.nr);
	if (err)
		goto out_err;
	free(kp.rs);
	return 0;

out_err:
	free(kp.rs);
	kallsyms__exit(ks);
	return err;
}

/* Parses one "START SIZE NAME" line (hex numbers) of a JIT map file, splitting it in place. */
static bool perf_map_line__parse(char *p, char *eol, struct raw_sym *r)
{
	char *q;

	*eol = '\0';
	r->start = strtoull(p, &q, 16);
	if (q == p || *q != ' ')
		return false;
	p = q + 1;
	r->end = r->start + strtoull(p, &q, 16);
	if (q == p || *q != ' ' || !q[1] || r->end < r->start)
		return false;
	r->name = q + 1;
	r->binding = STB_GLOBAL;
	return true;
}

static int perf_map__fill(struct symtab *st, struct raw_sym *rs, size_t nr)
{
	size_t i;

	nr = raw_syms__resolve(rs, nr, 0);
	st->syms = malloc((nr ? nr : 1) * sizeof(*st->syms));
	if (!st->syms)
		return -ENOMEM;
	for (i = 0; i < nr; i++)
		st->syms[i] = (struct symbol){ rs[i].start, rs[i].end, rs[i].name };
	st->nr = nr;
	return symtab__index(st);
}

int symtab__load_perf_map(struct symtab *st, const char *path)
{
	struct raw_sym *rs = NULL;
	char *buf, *p, *end, *eol;
	size_t len, nr = 0;
	int err;

	memset(st, 0, sizeof(*st));
	err = read_whole_file(path, true, &buf, &len);
	if (err)
		return err;
	st->strpool = buf;
	st->strpool_size = len + 1;
	/* A line is at least "0 0 x": size the array once. */
	rs = malloc((len / 6 + 1) * sizeof(*rs));
	if (!rs) {
		err = -ENOMEM;
		goto out_err;
	}
	for (p = buf, end = buf + len; p < end; p = eol + 1) {
		eol = memchr(p, '\n', end - p);
		if (!eol)
			eol = end;
		if (perf_map_line__parse(p, eol, &rs[nr])) {
			rs[nr].seq = nr;
			nr++;
		}
	}
	err = nr ? perf_map__fill(st, rs, nr) : -ENODATA;
	if (err)
		goto out_err;
	free(rs);
	return 0;

out_err:
	free(rs);
	symtab__exit(st);
	return err;
}

/* Module names compare with '-' and '_' as the same character, like modprobe. */
static bool kmod_name__eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char ca = *a == '-' ? '_' : *a, cb = *b == '-' ? '_' : *b;

		if (ca != cb)
			return false;
	}
	return *a == *b;
}

const struct kmodule *kallsyms__module(const struct kallsyms *ks, const char *name)
{
	size_t i;

	for (i = 0; i < ks->nr_mods; i++)
		if (kmod_name__eq(ks->mods[i].name, name))
			return &ks->mods[i];
	return NULL;
}

void kallsyms__exit(struct kallsyms *ks)
{
	size_t i;

	for (i = 0; i < ks->nr_mods; i++)
		symtab__exit(&ks->mods[i].syms);
	free(ks->mods);
	symtab__exit(&ks->kernel);
	memset(ks, 0, sizeof(*ks));
}
