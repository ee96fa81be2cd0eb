/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_DSO_LOAD_H
#define __PERF_DSO_LOAD_H

/*
 * Where a DSO's symbols come from: the policy that decides which file
 * (or kallsyms) describes the code a recording saw, and refuses the
 * ones whose build-id says they describe other code.
 */
struct dso;
struct kallsyms;
struct machine;
struct machines;

/* @m's kallsyms, parsed on first use; NULL if it has none or it cannot be read. */
struct kallsyms *machine__kallsyms(struct machine *m);

/* Loads @d's symbols (of machine @m) once; leaves d->symtab NULL where none can be trusted. */
void dso__load(struct machines *ms, struct machine *m, struct dso *d);

#endif /* __PERF_DSO_LOAD_H */
