// SPDX-License-Identifier: GPL-2.0
/* Names as perf 6.1 gives them: modules, [kernel.vmlinux], threads' first names. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests.h"
#include "util/dso.h"
#include "util/machine.h"
#include "util/synthetic.h"
#include "util/thread.h"

static int test_kmod_names(void)
{
	static const struct { const char *path, *name; bool kmod; } cases[] = {
		{ "/lib/modules/6.1.0/kernel/drivers/net/ath9k.ko", "[ath9k]", true },
		{ "/lib/modules/6.1.0/kernel/snd-hda-core.ko", "[snd_hda_core]", true },
		{ "/x/btrfs.ko.xz", "[btrfs]", true },
		{ "/x/ab-c.ko.gz", "[ab_c]", true },
		/* 6.1 does not decompress zstd: not a module name to it */
		{ "/x/drm-kms.ko.zst", "drm_kms.ko.zst", false },
		{ "/x/plain.o", "plain.o", false },
		{ "/x/no-dot", "no-dot", false },
		{ "[foo-bar]", "[foo-bar]", true },
		{ "[kernel.kallsyms]", "[kernel.kallsyms]", false },
		{ "[guest.kernel.kallsyms.42]", "[guest.kernel.kallsyms.42]", false },
		{ "[vdso]", "[vdso]", false },
		{ "/a.ko/.xz", ".xz", false },
		{ "x.kobj", "[x]", true },
	};
	char buf[PATH_MAX];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool kmod = kmod__short_name(cases[i].path, buf, sizeof(buf));

		if (kmod != cases[i].kmod || strcmp(buf, cases[i].name)) {
			fprintf(stderr, "    %s: got %s (%d), want %s (%d)\n", cases[i].path, buf,
				kmod, cases[i].name, cases[i].kmod);
			return TEST_FAIL;
		}
	}
	return TEST_OK;
}

#define KTEXT	0xffffffff81000000ULL
#define MOD	0xffffffffc0a00000ULL

static int test_module_maps(void)
{
	struct machine m;
	struct map *map;
	struct dso *hdr;

	TEST_ASSERT_VAL("init", !machine__init(&m, HOST_KERNEL_ID));
	/* The build-id table's entry for the module comes first. */
	hdr = dsos__findnew(&m.dsos, "/lib/modules/6.1.0/kernel/ath9k.ko", true);
	TEST_ASSERT_VAL("header dso", hdr && !dso__set_module_info(hdr));
	TEST_ASSERT_VAL("kernel", !machine__add_kernel_map(&m, KTEXT, 0x100000,
							    "[kernel.kallsyms]_text"));
	TEST_ASSERT_VAL("module", !machine__add_kernel_map(&m, MOD, 0x10000,
							    "/other/path/ath9k.ko"));
	TEST_ASSERT_VAL("bracketed", !machine__add_kernel_map(&m, MOD + 0x10000, 0x1000,
							       "[snd-hda]"));
	TEST_ASSERT_VAL("ignored", !machine__add_kernel_map(&m, MOD + 0x20000, 0x1000, "junk"));
	map = machine__find_map(&m, 1, PERF_RECORD_MISC_KERNEL, KTEXT + 0x10);
	TEST_ASSERT_VAL("kernel text identity mapped", map && map->pgoff == map->start &&
			map->dso == m.kernel_dso && !strcmp(map->dso->short_name,
							    "[kernel.kallsyms]"));
	map = machine__find_map(&m, 1, PERF_RECORD_MISC_KERNEL, MOD + 0x123);
	TEST_ASSERT_VAL("module found by short name", map && map->dso == hdr &&
			!strcmp(hdr->short_name, "[ath9k]") && hdr->module);
	TEST_ASSERT_VAL("module offsets from its start", map->pgoff == 0 && map->start == MOD);
	map = machine__find_map(&m, 1, PERF_RECORD_MISC_KERNEL, MOD + 0x10010);
	TEST_ASSERT_VAL("bracketed name kept", map && !strcmp(map->dso->short_name, "[snd-hda]"));
	TEST_ASSERT_VAL("unknown kernel map ignored",
			!machine__find_map(&m, 1, PERF_RECORD_MISC_KERNEL, MOD + 0x20010));
	TEST_ASSERT_VAL("module map ends at its length",
			!machine__find_map(&m, 1, PERF_RECORD_MISC_KERNEL, MOD + 0x11000));
	machine__exit(&m);
	return TEST_OK;
}

/* The first non-module kernel DSO is the kernel; a vmlinux path prints as [kernel.vmlinux]. */
static int test_kernel_vmlinux(void)
{
	struct machine m;
	struct dso *mod, *vml;

	TEST_ASSERT_VAL("init", !machine__init(&m, HOST_KERNEL_ID));
	mod = dsos__findnew(&m.dsos, "/lib/modules/x/foo.ko", true);
	vml = dsos__findnew(&m.dsos, "/usr/lib/debug/boot/vmlinux-5.10.0", true);
	TEST_ASSERT_VAL("dsos", mod && vml && !dso__set_module_info(mod));
	TEST_ASSERT_VAL("user dso", dsos__findnew(&m.dsos, "/usr/bin/vmlinux-tool", false));
	TEST_ASSERT_VAL("kernel", !machine__add_kernel_map(&m, KTEXT, 0x100000,
							    "[kernel.kallsyms]_text"));
	TEST_ASSERT_VAL("the vmlinux entry is the kernel", m.kernel_dso == vml);
	TEST_ASSERT_VAL("printed as perf does", !strcmp(vml->short_name, "[kernel.vmlinux]"));
	machine__exit(&m);

	TEST_ASSERT_VAL("init", !machine__init(&m, HOST_KERNEL_ID));
	vml = dsos__findnew(&m.dsos, "/boot/mykernel", true);
	TEST_ASSERT_VAL("kernel", vml && !machine__add_kernel_map(&m, KTEXT, 0x100000,
								   "[kernel.kallsyms]_text"));
	TEST_ASSERT_VAL("any other path keeps its basename", m.kernel_dso == vml &&
			!strcmp(vml->short_name, "mykernel"));
	machine__exit(&m);
	return TEST_OK;
}

static char synth_names[4][PATH_MAX];
static int nr_synth;

static int collect(struct synth *s, const union perf_event *ev)
{
	(void)s;
	if (ev->header.type == PERF_RECORD_MMAP && nr_synth < 4)
		snprintf(synth_names[nr_synth++], PATH_MAX, "%s", ev->mmap.filename);
	return 0;
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

/* Our record names modules by their file under /lib/modules/`uname -r`, as perf's does. */
static int test_synth_module_paths(void)
{
	char dir[] = "/tmp/perf-names.XXXXXX", path[PATH_MAX], want[PATH_MAX];
	struct synth s = { .process = collect };
	int err, ok;

	if (!mkdtemp(dir))
		return TEST_FAIL;
	snprintf(path, sizeof(path), "%s/modules", dir);
	err = write_file(path, "snd_hda_core 20480 0 - Live 0xffffffffc0a00000\n"
			       "ath9k 16384 0 - Live 0xffffffffc0b00000\n"
			       "zz 4096 0 - Live 0xffffffffc0c00000\n");
	snprintf(path, sizeof(path), "mkdir -p %s/lib/kernel/sound %s/lib/build/x && "
		 "touch %s/lib/kernel/sound/snd-hda-core.ko.xz %s/lib/build/x/ath9k.ko "
		 "%s/lib/kernel/zz.ko.zst", dir, dir, dir, dir, dir);
	err |= system(path);
	nr_synth = 0;
	snprintf(path, sizeof(path), "%s/modules", dir);
	snprintf(want, sizeof(want), "%s/lib", dir);
	if (!err)
		err = synthesize_modules_in(&s, path, want, HOST_KERNEL_ID, PERF_RECORD_MISC_KERNEL);
	synth__exit(&s);
	snprintf(want, sizeof(want), "%s/lib/kernel/sound/snd-hda-core.ko.xz", dir);
	ok = !err && nr_synth == 3 && !strcmp(synth_names[0], want) &&
	     /* not under the top-level build link, nor a zstd module */
	     !strcmp(synth_names[1], "[ath9k]") && !strcmp(synth_names[2], "[zz]");
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	if (system(path))
		return TEST_FAIL;
	TEST_ASSERT_VAL("module paths as perf writes them", ok);
	return TEST_OK;
}

/* A thread's first name renames its placeholder; later ones are new names. */
static int test_first_comm(void)
{
	struct threads t = { 0 };
	const struct comm *before, *first;
	struct thread *th;

	th = threads__findnew(&t, 7, 7);
	TEST_ASSERT_VAL("new thread", th && !strcmp(th->comm->str, ":7") && !th->comm_set);
	before = th->comm;
	TEST_ASSERT_VAL("first name", !threads__set_comm(&t, th, "prog"));
	TEST_ASSERT_VAL("earlier samples renamed", !strcmp(before->str, "prog"));
	first = th->comm;
	TEST_ASSERT_VAL("later samples share the interned name", first != before &&
			!strcmp(first->str, "prog"));
	TEST_ASSERT_VAL("second name", !threads__set_comm(&t, th, "other"));
	TEST_ASSERT_VAL("earlier names kept", !strcmp(before->str, "prog") &&
			!strcmp(first->str, "prog") && !strcmp(th->comm->str, "other"));
	TEST_ASSERT_VAL("a tid used again is a new thread", threads__new(&t, 7, 7) != th &&
			!strcmp(threads__find(&t, 7)->comm->str, ":7"));
	TEST_ASSERT_VAL("the old one lives on", !strcmp(th->comm->str, "other"));
	threads__exit(&t);
	return TEST_OK;
}

const struct test_case names_tests[] = {
	{ "names: module short names as perf 6.1 parses them", test_kmod_names },
	{ "names: module maps by short name, at offsets from their start", test_module_maps },
	{ "names: the kernel DSO and [kernel.vmlinux]", test_kernel_vmlinux },
	{ "names: record names modules by their file's path", test_synth_module_paths },
	{ "names: a thread's first COMM renames its placeholder", test_first_comm },
	{ NULL, NULL },
};
