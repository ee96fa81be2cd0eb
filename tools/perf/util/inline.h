/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_INLINE_H
#define __PERF_INLINE_H
/*
 * The functions a compiler inlined at an address of a user binary, from
 * its DWARF (the binary's own, or its /usr/lib/debug/.build-id file), as
 * perf lists them under DWARF-unwound frames: "NAME (inlined)".
 */
#include <stdint.h>
#include <string.h>

struct dso;
struct machine;
struct machines;
struct symbol;

#define INLINE_SUFFIX	" (inlined)"

/* What inline__find() found: @nr pseudo-symbols, innermost first. */
struct inline_frames {
	const struct symbol *const *syms;
	unsigned int nr;
};

/*
 * The inlined functions at @addr (an address in @dso's file, as a map
 * gives it) of @dso of @m, innermost first; the function they were
 * inlined into is not among them.  Each is a pseudo-symbol named
 * "NAME (inlined)", one per name and DSO, that lives as long as @ms;
 * @out->syms is valid until the next call.  nr 0 without debug
 * information or inlining there.  Returns 0 or -ENOMEM.
 */
int inline__find(struct machines *ms, struct machine *m, struct dso *dso, uint64_t addr,
		 struct inline_frames *out);

/* The length of an inline pseudo-symbol's name without INLINE_SUFFIX. */
static inline size_t inline_sym__name_len(const char *name)
{
	size_t n = strlen(name), s = strlen(INLINE_SUFFIX);

	return n >= s ? n - s : n;
}

/* Frees what inline__find() cached for @ms (call before machines__exit() frees the DSOs). */
void inline__exit(struct machines *ms);

#endif /* __PERF_INLINE_H */
