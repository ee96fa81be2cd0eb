// SPDX-License-Identifier: GPL-2.0
/*
 * What the guest of kvm-guest-runner is, for a test to compare perf's
 * output with: its symbols (from guest.S, via the generated guest-syms.h),
 * as the guest's /proc/kallsyms and /proc/modules, and the share of the
 * guest's time each spinning function should take.  kvm-guest-runner.c
 * documents the file formats.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "layout.h"
#include "kvm-guest-runner.h"

#define MODULE_NAME	"e2e_mod"

struct e2e_sym {
	const char *name;
	unsigned long addr;
	unsigned long size;
	char type;
};

#include "guest-syms.h"

static const char *const fn_names[E2E_NR_FN] = {
	[E2E_FN_KERNEL_A]	= "e2e_kernel_a",
	[E2E_FN_KERNEL_B]	= "e2e_kernel_b",
	[E2E_FN_KERNEL_C]	= "e2e_kernel_c",
	[E2E_FN_MOD]		= "e2e_mod_fn",
	[E2E_FN_USER]		= "e2e_user_loop",
};

/* Only a guest.S out of step with this file can miss a symbol. */
static const struct e2e_sym *sym_find(const char *name)
{
	char what[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(e2e_syms); i++)
		if (!strcmp(e2e_syms[i].name, name))
			return &e2e_syms[i];
	snprintf(what, sizeof(what), "guest symbol %s", name);
	errno = ENOENT;
	fail(what);
	return NULL;
}

unsigned long guest_sym_addr(const char *name)
{
	const struct e2e_sym *s = sym_find(name);

	return s ? s->addr : 0;
}

static int in_page(unsigned long addr, unsigned long start)
{
	return addr >= start && addr - start < E2E_PAGE_2M;
}

static int close_file(FILE *f, const char *path)
{
	int bad = ferror(f);

	errno = 0;
	if (fclose(f) || bad)
		return fail(path);
	return 0;
}

int write_kallsyms(const char *path)
{
	const struct e2e_sym *s;
	FILE *f;

	f = fopen(path, "w");
	if (!f)
		return fail(path);
	/* e2e_syms is sorted by address, and the kernel is below the module. */
	for (s = e2e_syms; s < e2e_syms + ARRAY_SIZE(e2e_syms); s++) {
		if (s->type != 'T' && s->type != 't')
			continue;
		if (in_page(s->addr, E2E_KERN_VA))
			fprintf(f, "%016lx %c %s\n", s->addr, s->type, s->name);
		else if (in_page(s->addr, E2E_MOD_VA))
			fprintf(f, "%016lx t %s\t[%s]\n", s->addr, s->name,
				MODULE_NAME);
	}
	return close_file(f, path);
}

int write_modules(const char *path)
{
	FILE *f;

	f = fopen(path, "w");
	if (!f)
		return fail(path);
	fprintf(f, "%s %d 0 - Live %#lx\n", MODULE_NAME, E2E_MOD_SIZE, E2E_MOD_VA);
	return close_file(f, path);
}

int write_weights(const char *path, const unsigned int *weights)
{
	unsigned int i, total = 0;
	const struct e2e_sym *s;
	FILE *f;

	for (i = 0; i < E2E_NR_FN; i++)
		total += weights[i];
	f = fopen(path, "w");
	if (!f)
		return fail(path);
	for (i = 0; i < E2E_NR_FN; i++) {
		s = sym_find(fn_names[i]);
		if (!s) {
			fclose(f);
			return -ENOENT;
		}
		fprintf(f, "%s %.4f %016lx %016lx %s\n", s->name,
			(double)weights[i] / total, s->addr, s->addr + s->size,
			i == E2E_FN_USER ? "guest-user" : "guest-kernel");
	}
	return close_file(f, path);
}

/* DIR/PID/proc/{kallsyms,modules}, as perf's --guestmount looks for them. */
int write_guestmount(const char *dir)
{
	static const char *const fmt[] = { "%s", "%s/%d", "%s/%d/proc" };
	char path[PATH_MAX];
	int i, len = 0, err;

	for (i = 0; i < 3; i++) {
		/* Leaves room for "/kallsyms". */
		len = snprintf(path, sizeof(path) - 16, fmt[i], dir, (int)getpid());
		if (len < 0 || len >= (int)sizeof(path) - 16) {
			errno = ENAMETOOLONG;
			return fail(dir);
		}
		if (mkdir(path, 0755) && errno != EEXIST)
			return fail(path);
	}
	strcpy(path + len, "/kallsyms");
	err = write_kallsyms(path);
	strcpy(path + len, "/modules");
	return err ? err : write_modules(path);
}
