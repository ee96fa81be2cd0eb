// SPDX-License-Identifier: GPL-2.0
/* Symbol tables: kallsyms parsing, ELF loading, perf 6.1's alias and end rules. */
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tests.h"
#include "util/demangle.h"
#include "util/symbol.h"
#include "util/util.h"

/* Writes @text to a new temporary file whose name goes to @path. */
static int write_temp(char *path, size_t size, const char *text)
{
	int fd;
	FILE *f;

	snprintf(path, size, "/tmp/perf-symbol-test-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(path);
		return -errno;
	}
	fputs(text, f);
	return fclose(f) ? -errno : 0;
}

static bool sym_is(const struct symbol *s, const char *name, uint64_t start, uint64_t end)
{
	return s && !strcmp(s->name, name) && s->start == start && s->end == end;
}

#define K(x)	(0xffffffff81000000ULL + (x))
#define M(x)	(0xffffffffc0000000ULL + (x))

static const char kallsyms_text[] =
	"ffffffff81000000 T _stext\n"
	"ffffffff81000000 T _text\n"
	"ffffffff81000050 T\n"				/* no name */
	"zzzzzzzzzzzzzzzz T bad_hex\n"
	"ffffffff81000060Tno_blank\n"
	"12345678901234567 T too_many_digits\n"
	"\n"
	"ffffffff81000100 t local_fn\n"
	"ffffffff81000100 W weak_alias\n"		/* last alias listed wins */
	"ffffffff81000180 t $x\n"			/* ARM mapping symbol */
	"ffffffff81000200 D some_data\n"
	"ffffffff81000300 r ro_data\n"			/* types perf drops */
	"ffffffff81000380 A abs_sym\n"
	"ffffffff81000390 U undef_sym\n"
	"ffffffff81000400 T broken_mod\t[mod_a\n"
	"ffffffff81000500 T last_kernel\n"
	"ffffffffc0001000 t mod_a_fn1\t[mod_a]\n"
	"ffffffffc0001100 T mod_a_fn2\t[mod_a]\n"
	"ffffffffc0002000 t mod_b_fn\t[mod-b]\n"
	"ffffffffc0002400 b mod_b_bss\t[mod-b]";	/* no final newline */

static int check_kallsyms(const struct kallsyms *ks)
{
	const struct kmodule *a, *b;
	const struct symtab *k = &ks->kernel;

	TEST_ASSERT_VAL("text", ks->text == K(0));
	TEST_ASSERT_VAL("kernel count", k->nr == 4);
	TEST_ASSERT_VAL("_text wins", sym_is(&k->syms[0], "_text", K(0), K(0x100)));
	TEST_ASSERT_VAL("weak_alias wins", sym_is(&k->syms[1], "weak_alias", K(0x100), K(0x200)));
	TEST_ASSERT_VAL("data kept, r/A/U dropped",
			sym_is(&k->syms[2], "some_data", K(0x200), K(0x500)));
	/* The last kernel symbol before module space gets one page, rounded. */
	TEST_ASSERT_VAL("last kernel", sym_is(&k->syms[3], "last_kernel", K(0x500), K(0x2000)));
	TEST_ASSERT_VAL("find inside", symtab__find(k, K(0x1ff)) == &k->syms[1]);
	TEST_ASSERT_VAL("find before", !symtab__find(k, K(0) - 1));
	TEST_ASSERT_VAL("find past", !symtab__find(k, K(0x2000)));
	TEST_ASSERT_VAL("two modules", ks->nr_mods == 2);
	a = kallsyms__module(ks, "mod-a");
	b = kallsyms__module(ks, "mod_b");
	TEST_ASSERT_VAL("mod_a by mod-a", a && !strcmp(a->name, "mod_a") && a->syms.nr == 2);
	TEST_ASSERT_VAL("mod-b by mod_b", b && !strcmp(b->name, "mod-b") && b->syms.nr == 2);
	TEST_ASSERT_VAL("no mod_c", !kallsyms__module(ks, "mod_c"));
	TEST_ASSERT_VAL("no prefix match", !kallsyms__module(ks, "mod"));
	TEST_ASSERT_VAL("mod fn1", sym_is(&a->syms.syms[0], "mod_a_fn1", M(0x1000), M(0x1100)));
	/* Between modules an end is the next module's first symbol. */
	TEST_ASSERT_VAL("mod fn2", sym_is(&a->syms.syms[1], "mod_a_fn2", M(0x1100), M(0x2000)));
	TEST_ASSERT_VAL("mod-b fn", sym_is(&b->syms.syms[0], "mod_b_fn", M(0x2000), M(0x2400)));
	TEST_ASSERT_VAL("very last", sym_is(&b->syms.syms[1], "mod_b_bss", M(0x2400), M(0x4000)));
	TEST_ASSERT_VAL("module not in kernel", !symtab__find(k, M(0x1000)));
	return TEST_OK;
}

static int test_kallsyms(void)
{
	char path[64], text[sizeof(kallsyms_text) + 700];
	struct kallsyms ks;
	int err, ret;

	/* An overlong name (longer than the kernel's KSYM_NAME_LEN) is skipped. */
	snprintf(text, sizeof(text), "ffffffff81000070 T %0600d\n%s", 0, kallsyms_text);
	TEST_ASSERT_VAL("temp file", !write_temp(path, sizeof(path), text));
	err = kallsyms__load(&ks, path);
	unlink(path);
	TEST_ASSERT_VAL("load", !err);
	ret = check_kallsyms(&ks);
	kallsyms__exit(&ks);
	TEST_ASSERT_VAL("exit empties", !ks.kernel.nr && !ks.mods && !ks.nr_mods);
	return ret;
}

static int test_kallsyms_errors(void)
{
	struct kallsyms ks;
	char path[64];
	int err;

	TEST_ASSERT_VAL("temp file", !write_temp(path, sizeof(path),
		"0000000000000000 T _text\n0000000000000000 t foo\n"
		"0000000000000000 t bar\t[mod]\n"));
	err = kallsyms__load(&ks, path);
	unlink(path);
	TEST_ASSERT_VAL("kptr_restrict: ENODATA", err == -ENODATA);
	TEST_ASSERT_VAL("missing: ENOENT",
			kallsyms__load(&ks, "/nonexistent/kallsyms") == -ENOENT);
	return TEST_OK;
}

/* Loads the real /proc/kallsyms when readable: sorted, non-empty symbols. */
static int test_proc_kallsyms(void)
{
	struct kallsyms ks;
	size_t i;

	if (kallsyms__load(&ks, "/proc/kallsyms"))
		return TEST_SKIP;	/* kptr_restrict or no procfs */
	for (i = 1; i < ks.kernel.nr; i++)
		TEST_ASSERT_VAL("sorted, unique", ks.kernel.syms[i - 1].start < ks.kernel.syms[i].start);
	for (i = 0; i < ks.kernel.nr; i++)
		TEST_ASSERT_VAL("non-empty", ks.kernel.syms[i].end > ks.kernel.syms[i].start);
	TEST_ASSERT_VAL("_text", ks.text && symtab__find(&ks.kernel, ks.text));
	kallsyms__exit(&ks);
	return TEST_OK;
}

static struct raw_sym raw(uint64_t start, uint64_t size, uint8_t bind, const char *name)
{
	static uint32_t seq;
	struct raw_sym r = { start, start + size, name, seq++, 0, bind };

	return r;
}

/* perf 6.1's choice among aliases: size, then non-weak, global, underscores, length. */
static int test_alias_rules(void)
{
	struct raw_sym rs[] = {
		raw(0x100, 0x10, STB_LOCAL, "__GI_memmove"),
		raw(0x100, 0x10, STB_GLOBAL, "memmove"),
		raw(0x100, 0x10, STB_LOCAL, "__libc_memmove"),
		raw(0x200, 0x10, STB_WEAK, "open"),
		raw(0x200, 0x10, STB_LOCAL, "__libc_open64"),
		raw(0x200, 0x10, STB_LOCAL, "__GI___libc_open"),
		raw(0x300, 0x10, STB_GLOBAL, "clock_gettime"),
		raw(0x300, 0x10, STB_GLOBAL, "clock_gettime@@GLIBC_2.17"),
		raw(0x400, 0, STB_GLOBAL, "sized_not"),
		raw(0x400, 0x20, STB_LOCAL, "_sized"),
		raw(0x500, 0x10, STB_LOCAL, "__copy_a"),
		raw(0x500, 0x10, STB_LOCAL, "__copy_b"),	/* a full tie: first wins */
		raw(0x600, 0, STB_GLOBAL, "label"),
	};
	size_t nr = raw_syms__resolve(rs, ARRAY_SIZE(rs), 0);

	TEST_ASSERT_VAL("one per address", nr == 6);
	TEST_ASSERT_VAL("global beats local", !strcmp(rs[0].name, "memmove"));
	TEST_ASSERT_VAL("weak loses to local", !strcmp(rs[1].name, "__GI___libc_open"));
	TEST_ASSERT_VAL("longer name", !strcmp(rs[2].name, "clock_gettime@@GLIBC_2.17"));
	TEST_ASSERT_VAL("sized beats zero-sized", !strcmp(rs[3].name, "_sized") && rs[3].end == 0x420);
	TEST_ASSERT_VAL("tie: first", !strcmp(rs[4].name, "__copy_a"));
	TEST_ASSERT_VAL("last zero-sized: a page", rs[5].start == 0x600 && rs[5].end == 0x2000);
	return TEST_OK;
}

static __attribute__((noinline, used)) int symbol_test_marker(int x)
{
	return x * 3 + 1;
}

static int find_bias(struct dl_phdr_info *info, size_t size __attribute__((unused)), void *data)
{
	*(uint64_t *)data = info->dlpi_addr;
	return 1;	/* the first object is the executable */
}

/* The mapping of /proc/self/maps holding @addr: its start, file offset and path. */
static int self_map(uintptr_t addr, uint64_t *start, uint64_t *pgoff, char *path, size_t size)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[4096];
	int ret = -ENOENT;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long s, e, off;
		int n = 0;

		if (sscanf(line, "%llx-%llx %*s %llx %*s %*s %n", &s, &e, &off, &n) < 3 || !n)
			continue;
		if (addr < s || addr >= e)
			continue;
		line[strcspn(line, "\n")] = '\0';
		snprintf(path, size, "%s", line + n);
		*start = s;
		*pgoff = off;
		ret = path[0] == '/' ? 0 : -ENOENT;
		break;
	}
	fclose(f);
	return ret;
}

static int test_elf_self(void)
{
	uintptr_t addr = (uintptr_t)&symbol_test_marker;
	struct symtab vaddr, foff;
	const struct symbol *a, *b;
	uint64_t bias = 0, start, pgoff;
	char path[4096];

	dl_iterate_phdr(find_bias, &bias);
	TEST_ASSERT_VAL("load vaddr", !symtab__load_elf(&vaddr, "/proc/self/exe", SYMTAB_VADDR));
	a = symtab__find(&vaddr, addr - bias);
	TEST_ASSERT_VAL("by vaddr", a && !strcmp(a->name, "symbol_test_marker"));
	TEST_ASSERT_VAL("maps", !self_map(addr, &start, &pgoff, path, sizeof(path)));
	TEST_ASSERT_VAL("load offsets", !symtab__load_elf(&foff, "/proc/self/exe", SYMTAB_FILE_OFFSET));
	b = symtab__find(&foff, addr - start + pgoff);
	TEST_ASSERT_VAL("by file offset", b && !strcmp(b->name, "symbol_test_marker"));
	TEST_ASSERT_VAL("same size", a->end - a->start == b->end - b->start);
	TEST_ASSERT_VAL("same offset in", addr - bias - a->start == addr - start + pgoff - b->start);
	symtab__exit(&vaddr);
	symtab__exit(&foff);
	TEST_ASSERT_VAL("exit empties", !foff.syms && !foff.nr && !foff.strpool);
	return TEST_OK;
}

/* A shared library, with or without separate debuginfo. */
static int test_elf_libc(void)
{
	uintptr_t addr = (uintptr_t)&getpid;
	uint64_t start, pgoff;
	const struct symbol *s;
	struct symtab st;
	char path[4096];

	if (self_map(addr, &start, &pgoff, path, sizeof(path)))
		return TEST_SKIP;
	TEST_ASSERT_VAL("load", !symtab__load_elf(&st, path, SYMTAB_FILE_OFFSET));
	s = symtab__find(&st, addr - start + pgoff);
	TEST_ASSERT_VAL("getpid", s && strstr(s->name, "getpid"));
	symtab__exit(&st);
	return TEST_OK;
}

static int test_elf_errors(void)
{
	struct symtab st;
	char path[64];
	int err;

	TEST_ASSERT_VAL("temp file", !write_temp(path, sizeof(path), "not an ELF file\n"));
	err = symtab__load_elf(&st, path, SYMTAB_VADDR);
	unlink(path);
	TEST_ASSERT_VAL("not ELF: EINVAL", err == -EINVAL);
	TEST_ASSERT_VAL("missing: ENOENT",
			symtab__load_elf(&st, "/nonexistent/lib.so", SYMTAB_VADDR) == -ENOENT);
	TEST_ASSERT_VAL("empty after failure", !st.syms && !st.nr);
	TEST_ASSERT_VAL("empty table finds nothing", !symtab__find(&st, 0));
	return TEST_OK;
}

static int test_perf_map(void)
{
	struct symtab st;
	char path[64];

	TEST_ASSERT_VAL("temp file", !write_temp(path, sizeof(path),
		"7f0000001000 40 jit_b\n"
		"7f0000000000 100 jit_a with blanks\n"
		"zz 10 bad_start\n"
		"7f0000002000 10\n"				/* no name */
		"7f0000003000 -5 negative\n"
		"7f0000004000 8 last"));			/* no newline */
	TEST_ASSERT_VAL("load", !symtab__load_perf_map(&st, path));
	unlink(path);
	TEST_ASSERT_VAL("three kept", st.nr == 3);
	TEST_ASSERT_VAL("sorted, name with blanks",
			sym_is(symtab__find(&st, 0x7f0000000010), "jit_a with blanks",
			       0x7f0000000000, 0x7f0000000100));
	TEST_ASSERT_VAL("size is the end", sym_is(symtab__find(&st, 0x7f000000103f), "jit_b",
						  0x7f0000001000, 0x7f0000001040));
	TEST_ASSERT_VAL("gap", !symtab__find(&st, 0x7f0000001040));
	TEST_ASSERT_VAL("last line", sym_is(symtab__find(&st, 0x7f0000004000), "last",
					    0x7f0000004000, 0x7f0000004008));
	symtab__exit(&st);
	TEST_ASSERT_VAL("missing: ENOENT", symtab__load_perf_map(&st, "/nonexistent/perf-1.map") == -ENOENT);
	return TEST_OK;
}

static int demangled_is(const char *mangled, const char *want)
{
	char buf[256];
	int n = demangle(mangled, buf, sizeof(buf));

	if (n < 0 || strcmp(buf, want)) {
		fprintf(stderr, "    %s: got '%s', want '%s'\n", mangled, n < 0 ? "(none)" : buf, want);
		return 0;
	}
	return 1;
}

/* The forms Linux perf 6.1 prints: no parameters, return types or clone suffixes. */
static int test_demangle(void)
{
	char buf[8] = "keep";

	TEST_ASSERT_VAL("method", demangled_is("_ZNK4work6engine3runEi", "work::engine::run"));
	TEST_ASSERT_VAL("operator()", demangled_is("_ZN4work6engineclEl", "work::engine::operator()"));
	TEST_ASSERT_VAL("template, return type dropped",
			demangled_is("_ZN4work5scaleIiEET_S1_", "work::scale<int>"));
	TEST_ASSERT_VAL("clone suffix dropped", demangled_is("_ZN4work4overEi.cold", "work::over"));
	TEST_ASSERT_VAL("anonymous namespace",
			demangled_is("_ZN12_GLOBAL__N_13fooEv", "(anonymous namespace)::foo"));
	TEST_ASSERT_VAL("variable", demangled_is("_ZN4work5countE", "work::count"));
	/* As perf 6.1 prints it, from a system-wide -g profile's libstdc++ frames. */
	TEST_ASSERT_VAL("thunk: its target's parameters kept",
			demangled_is("_ZTv0_n24_NSoD1Ev", "virtual thunk to std::basic_ostream<char, "
				     "std::char_traits<char> >::~basic_ostream()"));
	TEST_ASSERT_VAL("PLT stub", demangled_is("_ZNKSt6locale2id5_M_idEv@plt",
						 "std::locale::id::_M_id@plt"));
	TEST_ASSERT_VAL("C name: untouched", demangle("hot_a", buf, sizeof(buf)) < 0 &&
			!strcmp(buf, "keep"));
	TEST_ASSERT_VAL("bad mangling", demangle("_Zgarbage", buf, sizeof(buf)) < 0);
	TEST_ASSERT_VAL("truncated to the buffer",
			demangle("_ZNK4work6engine3runEi", buf, sizeof(buf)) == 17 && !strcmp(buf, "work::e"));
	return TEST_OK;
}

/* The answer symtab__find() must give, by walking every symbol. */
static const struct symbol *find_by_walk(const struct symtab *st, uint64_t addr)
{
	size_t i, last = st->nr;

	for (i = 0; i < st->nr && st->syms[i].start <= addr; i++)
		last = i;
	if (last == st->nr)
		return NULL;
	for (i = last + 1; i > 0 && last + 1 - i < 4; i--) {
		const struct symbol *s = &st->syms[i - 1];

		if (addr < s->end || (addr == s->start && s->end == s->start))
			return s;
	}
	return NULL;
}

/* Large tables are looked up through an index: it must agree with a walk everywhere. */
static int test_find_indexed(void)
{
	struct symtab st = { 0 };
	size_t nr = 50 * SYMTAB_STRIDE + 7, i;
	uint64_t addr, start = 0x1000;

	st.syms = calloc(nr, sizeof(*st.syms));
	TEST_ASSERT_VAL("alloc", st.syms);
	st.nr = nr;
	for (i = 0; i < nr; i++) {
		/* Gaps, zero sizes and a symbol spanning the next few, at odd places. */
		st.syms[i].start = start;
		st.syms[i].end = i % 7 == 3 ? start : start + (i % 11 == 5 ? 0x90 : 0x20);
		st.syms[i].name = "f";
		start += 0x30;
	}
	TEST_ASSERT_VAL("index", !symtab__index(&st) && st.index && st.nr_index == 51);
	for (addr = 0xff0; addr < start + 0x40; addr += 4)
		TEST_ASSERT_VAL("same as a walk", symtab__find(&st, addr) == find_by_walk(&st, addr));
	TEST_ASSERT_VAL("before the first", !symtab__find(&st, 0));
	symtab__exit(&st);
	TEST_ASSERT_VAL("empty", !symtab__find(&st, 0x1000));
	return TEST_OK;
}

const struct test_case symbol_tests[] = {
	{ "symbol: an indexed table finds what a walk finds", test_find_indexed },
	{ "symbol: kallsyms kernel/module tables, ends, aliases, bad lines", test_kallsyms },
	{ "symbol: kallsyms all-zero addresses and missing file", test_kallsyms_errors },
	{ "symbol: /proc/kallsyms loads sorted", test_proc_kallsyms },
	{ "symbol: perf 6.1 alias rules", test_alias_rules },
	{ "symbol: ELF self by vaddr and by file offset", test_elf_self },
	{ "symbol: ELF shared library (getpid)", test_elf_libc },
	{ "symbol: ELF errors", test_elf_errors },
	{ "symbol: JIT map file (/tmp/perf-PID.map)", test_perf_map },
	{ "symbol: C++ names demangled as perf prints them", test_demangle },
	{ NULL, NULL },
};
