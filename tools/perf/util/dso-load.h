/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_DSO_LOAD_H
#define __PERF_DSO_LOAD_H

/*
 * Where a DSO's symbols come from: the policy that decides which file
 * (or kallsyms) describes the code a recording saw, and refuses the
 * ones whose build-id says they describe other code.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct dso;
struct kallsyms;
struct machine;
struct machines;

/* @m's kallsyms, parsed on first use; NULL if it has none or it cannot be read. */
struct kallsyms *machine__kallsyms(struct machine *m);

/*
 * Where guest @pid's kernel symbols come from (*@kallsyms, *@modules,
 * malloc'd, NULL for none): its files under --guestmount, unless the
 * file recorded its kernel build-id @bid (@size bytes, 0: not known) and
 * the guest now runs another kernel; then, and for a guest not mounted,
 * the copies the build-id cache kept for @bid.
 */
void guest_kernel__sources(struct machines *ms, pid_t pid, const uint8_t *bid, size_t size,
			   char **kallsyms, char **modules);

/*
 * The ELF file that holds the code of user-space DSO @d of machine @m,
 * chosen as dso__load() chooses it (the recorded path while its build-id
 * is the recorded one, else the build-id cache's copy; for the vDSO, the
 * cache's copy or this machine's): into @path.  *@tmp says that @path is
 * a temporary copy, for the caller to unlink.  Returns 0, or -ENOENT if
 * no file can be trusted (guests, kernels, JIT maps, anonymous memory).
 */
int dso__code_file(struct machines *ms, struct machine *m, struct dso *d, char *path,
		   size_t size, bool *tmp);

/* Loads @d's symbols (of machine @m) once; leaves d->symtab NULL where none can be trusted. */
void dso__load(struct machines *ms, struct machine *m, struct dso *d);

#endif /* __PERF_DSO_LOAD_H */
