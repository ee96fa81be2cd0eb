// SPDX-License-Identifier: GPL-2.0
/*
 * DWARF unwinding of x86-64 user stacks with elfutils' libdw.
 *
 * libdw does the unwinding (the CFI, its expressions, the frame-pointer
 * fallback); this file gives it the sample's registers, reads memory for
 * it (the stack copy, else the file the address is mapped from) and
 * decides, frame by frame, which binaries it may use.
 *
 * Cost.  Linux perf builds a Dwfl, opens every file and parses every
 * .eh_frame anew for each sample.  Here a process keeps its Dwfl, and
 * the modules reported to it, across samples: a module is reported the
 * first time a frame lands in its map, with the map's load base (start
 * - pgoff), and keeps its parsed CFI.  Nothing says when a process's
 * maps change, so every frame is checked against the maps as they are
 * now, before libdw unwinds from it: if the module libdw would use is
 * not the one the map names (an exec, a dlclose and a new dlopen in the
 * same place, a reused pid), the Dwfl is rebuilt and the sample unwound
 * again.  At most UNWIND_PROCS processes keep a Dwfl, holding at most
 * UNWIND_MODULES modules (each an open file); the least recently used
 * go first.
 *
 * Frames as perf 6.1 gives them.  Debian's perf 6.1 unwinds with
 * libunwind (it prefers it to libdw when it has both), so its rules are
 * the ones followed here:
 *  - the first frame is the sampled IP, whatever it hits;
 *  - a caller's frame is its return address minus 1, unless that address
 *    is a signal trampoline (the instructions of rt_sigreturn);
 *  - the unwinding stops after a frame from which no unwind table can be
 *    read: one in no map, in a map of no file, or in a file without an
 *    .eh_frame_hdr (libunwind then stops; libdw would guess on);
 *  - the stack copy is read in [SP, SP + dyn_size - 8): perf reads its
 *    last word from the files, which fails;
 *  - a frame with its caller's address and stack pointer ends the stack;
 *  - a frame at address 0 counts towards the limit but is not given.
 * Where perf would read a binary that changed since the recording (its
 * build-id differs), this reads the build-id cache's copy or nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <elfutils/libdwfl.h>
#include <gelf.h>
#include "dso-load.h"
#include "machines.h"
#include "unwind.h"

#define UNWIND_PROCS	64
#define UNWIND_MODULES	512
#define UNWIND_HASH	128	/* buckets of the pid hash, a power of two */

/* perf's x86 register numbers: the bits of attr.sample_regs_user. */
enum {
	X86_AX, X86_BX, X86_CX, X86_DX, X86_SI, X86_DI, X86_BP, X86_SP, X86_IP, X86_FLAGS,
	X86_CS, X86_SS, X86_DS, X86_ES, X86_FS, X86_GS, X86_R8, X86_R9, X86_R10, X86_R11,
	X86_R12, X86_R13, X86_R14, X86_R15,
};

/* perf's number of each x86-64 DWARF register (0 rax, 1 rdx, ... 16 rip). */
static const unsigned char dwarf_to_perf[] = {
	X86_AX, X86_DX, X86_CX, X86_BX, X86_SI, X86_DI, X86_BP, X86_SP,
	X86_R8, X86_R9, X86_R10, X86_R11, X86_R12, X86_R13, X86_R14, X86_R15, X86_IP,
};

/* mov $15,%rax; syscall (rt_sigreturn), as two little-endian words. */
#define SIGRETURN_W0	0x0f0000000fc0c748ULL
#define SIGRETURN_W1	0x05ULL

/* A binary mapped at @base in one process, and what libdw made of it. */
struct unwind_mod {
	struct dso *dso;
	uint64_t base;			/* map start - pgoff */
	Dwfl_Module *mod;		/* NULL: no usable ELF file */
	bool has_table;			/* it has an .eh_frame_hdr */
	const unsigned char *image;	/* the file's bytes, as libelf maps them */
	size_t image_size;
	struct unwind_mod *next;
};

/* One process's Dwfl and the modules reported to it. */
struct unwind_proc {
	struct machine *machine;
	pid_t pid;
	Dwfl *dwfl;
	struct unwind_mod *mods;
	unsigned int nr_mods;		/* those with a Dwfl_Module */
	unsigned int seq;		/* makes module names unique */
	uint64_t used;			/* the cache's clock at its last sample */
	struct unwind_ctx *ctx;		/* the unwinding under way, for the callbacks */
	struct unwind_proc *next;	/* hash chain */
};

struct unwind_cache {
	struct machines *ms;
	struct unwind_proc *hash[UNWIND_HASH];
	unsigned int nr_procs;
	unsigned int nr_mods;
	uint64_t clock;
	uint64_t *ips;			/* the frames of the sample under way */
	unsigned int ips_alloc;
	Elf *arch;			/* an x86-64 ELF header: what libdw unwinds as */
	Elf64_Ehdr arch_ehdr;
};

/* What one unwinding needs: the sample, and the frames found so far. */
struct unwind_ctx {
	struct unwind_cache *cache;
	struct unwind_proc *proc;
	const struct perf_sample *s;
	uint64_t sp;
	unsigned int max;		/* frames wanted */
	unsigned int nr;		/* frames counted (those at 0 too) */
	unsigned int nr_ips;		/* frames kept in cache->ips */
	uint64_t prev_pc, prev_sp;	/* the last frame's address and stack pointer */
	bool prev_sp_known;
	bool prev_trampoline;		/* the last frame was a signal trampoline */
	bool stale;			/* stopped on a stale module: rebuild, redo */
	bool trust;			/* redoing: stale modules stop, not restart */
	int err;
};

enum check {
	CHECK_OK,		/* libdw may unwind from this frame */
	CHECK_LAST,		/* perf stops after this frame */
	CHECK_STALE,		/* the Dwfl has a module the maps no longer have there */
};

/* Sample register @id (a perf x86 number), if the sample has it. */
static bool sample__reg(const struct perf_sample *s, unsigned int id, uint64_t *val)
{
	uint64_t mask = s->user_regs.mask;
	unsigned int idx;

	if (!s->user_regs.regs || !(mask & (1ULL << id)))
		return false;
	idx = __builtin_popcountll(mask & ((1ULL << id) - 1));
	memcpy(val, s->user_regs.regs + idx * 8, 8);
	return true;
}

/*
 * perf's libunwind reads no separate debug file, and debuginfod would go
 * to the network: libdw gets only what a binary holds itself.
 */
static int find_no_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname,
			     Dwarf_Addr base, const char *file_name, const char *debuglink_file,
			     GElf_Word debuglink_crc, char **debuginfo_file_name)
{
	(void)mod; (void)userdata; (void)modname; (void)base; (void)file_name;
	(void)debuglink_file; (void)debuglink_crc; (void)debuginfo_file_name;
	return -1;
}

static const Dwfl_Callbacks dwfl_callbacks = {
	.find_debuginfo = find_no_debuginfo,
	.section_address = dwfl_offline_section_address,
};

/* The record a module was reported for. */
static struct unwind_mod *mod__rec(Dwfl_Module *mod)
{
	void **userdata;

	if (!mod)
		return NULL;
	dwfl_module_info(mod, &userdata, NULL, NULL, NULL, NULL, NULL, NULL);
	return *userdata;
}

/* Does ELF @e have a section named .eh_frame_hdr (where libunwind finds its table)? */
static bool elf__has_eh_frame_hdr(Elf *e)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	const char *name;
	GElf_Shdr sh;

	if (elf_getshdrstrndx(e, &shstrndx))
		return false;
	while ((scn = elf_nextscn(e, scn))) {
		if (!gelf_getshdr(scn, &sh))
			return false;
		name = elf_strptr(e, shstrndx, sh.sh_name);
		if (name && !strcmp(name, ".eh_frame_hdr"))
			return true;
	}
	return false;
}

/* Opens @path if it is a 64-bit little-endian x86-64 ELF file; else -1. */
static int open_x86_64_elf(const char *path)
{
	Elf64_Ehdr eh;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB || eh.e_machine != EM_X86_64) {
		close(fd);
		return -1;
	}
	return fd;
}

static void cache__evict(struct unwind_cache *c, const struct unwind_proc *keep);

/* Reports @rec's file to @p's Dwfl; rec->mod stays NULL if there is none to use. */
static void proc__report(struct unwind_cache *c, struct unwind_proc *p, struct unwind_mod *rec)
{
	char path[PATH_MAX], name[64];
	Dwarf_Addr bias;
	void **userdata;
	bool tmp;
	Elf *e;
	int fd;

	while (c->nr_mods >= UNWIND_MODULES && c->nr_procs > 1)
		cache__evict(c, p);
	if (c->nr_mods >= UNWIND_MODULES ||
	    dso__code_file(c->ms, p->machine, rec->dso, path, sizeof(path), &tmp))
		return;
	fd = open_x86_64_elf(path);
	if (tmp)
		unlink(path);
	if (fd < 0)
		return;
	/* A name of its own: libdw would take a module of the same name and place for it. */
	snprintf(name, sizeof(name), "%.40s#%u", rec->dso->short_name, p->seq++);
	rec->mod = dwfl_report_elf(p->dwfl, name, path, fd, rec->base, false);
	if (!rec->mod) {
		close(fd);	/* libdw owns it only on success */
		return;
	}
	dwfl_module_info(rec->mod, &userdata, NULL, NULL, NULL, NULL, NULL, NULL);
	*userdata = rec;
	p->nr_mods++;
	c->nr_mods++;
	e = dwfl_module_getelf(rec->mod, &bias);
	if (!e)
		return;
	rec->has_table = elf__has_eh_frame_hdr(e);
	rec->image = (const unsigned char *)elf_rawfile(e, &rec->image_size);
	if (!rec->image)
		rec->image_size = 0;
}

/* The record of the binary that @map maps in @p, reported on first use; NULL on ENOMEM. */
static struct unwind_mod *proc__mod(struct unwind_cache *c, struct unwind_proc *p,
				    const struct map *map)
{
	uint64_t base = map->start - map->pgoff;
	struct unwind_mod *rec;

	for (rec = p->mods; rec; rec = rec->next)
		if (rec->dso == map->dso && rec->base == base)
			return rec;
	rec = calloc(1, sizeof(*rec));
	if (!rec)
		return NULL;
	rec->dso = map->dso;
	rec->base = base;
	rec->next = p->mods;
	p->mods = rec;
	proc__report(c, p, rec);
	return rec;
}

/*
 * Reads the word at @addr as perf does: from the stack copy, except its
 * last word, else from the file mapped there.  False if neither has it.
 */
static bool ctx__read(struct unwind_ctx *u, uint64_t addr, uint64_t *val)
{
	const struct sample_stack *st = &u->s->user_stack;
	struct unwind_proc *p = u->proc;
	struct unwind_mod *rec;
	struct map *map;
	uint64_t off;

	if (addr >= u->sp && st->dyn_size > 8 && addr - u->sp < st->dyn_size - 8) {
		memcpy(val, st->data + (addr - u->sp), 8);
		return true;
	}
	map = machine__find_map(p->machine, p->pid, PERF_RECORD_MISC_USER, addr);
	if (!map || !map->dso)
		return false;
	rec = proc__mod(u->cache, p, map);
	if (!rec) {
		u->err = -ENOMEM;
		return false;
	}
	off = addr - map->start + map->pgoff;
	if (!rec->image || off < map->pgoff || off > rec->image_size || rec->image_size - off < 8)
		return false;
	memcpy(val, rec->image + off, 8);
	return true;
}

/* Is @ip a signal trampoline, as libunwind tells one: by its code? */
static bool ctx__is_trampoline(struct unwind_ctx *u, uint64_t ip)
{
	uint64_t w0, w1;

	if (ip > UINT64_MAX - 16 || !ctx__read(u, ip, &w0) || w0 != SIGRETURN_W0)
		return false;
	return ctx__read(u, ip + 8, &w1) && (w1 & 0xff) == SIGRETURN_W1;
}

/*
 * Before libdw unwinds from a frame whose unwind table is looked up at
 * @addr: does perf go on from there, and does the Dwfl have the module
 * that the maps have there now?
 */
static enum check ctx__check(struct unwind_ctx *u, uint64_t addr)
{
	struct unwind_proc *p = u->proc;
	struct unwind_mod *got, *rec;
	struct map *map;

	map = machine__find_map(p->machine, p->pid, PERF_RECORD_MISC_USER, addr);
	if (!map || !map->dso)
		return CHECK_LAST;
	got = mod__rec(dwfl_addrmodule(p->dwfl, addr));
	if (got && (got->dso != map->dso || got->base != map->start - map->pgoff))
		return u->trust ? CHECK_LAST : CHECK_STALE;
	rec = got ? got : proc__mod(u->cache, p, map);
	if (!rec) {
		u->err = -ENOMEM;
		return CHECK_LAST;
	}
	if (!rec->mod || !rec->has_table)
		return CHECK_LAST;
	/* A file whose program headers do not place @addr where the map does. */
	if (!got && mod__rec(dwfl_addrmodule(p->dwfl, addr)) != rec)
		return CHECK_LAST;
	return CHECK_OK;
}

static void ctx__push(struct unwind_ctx *u, uint64_t ip)
{
	if (ip)
		u->cache->ips[u->nr_ips++] = ip;
	u->nr++;
}

/* libunwind's end: a frame that has its caller's address and stack pointer. */
static bool ctx__same_frame(struct unwind_ctx *u, Dwfl_Frame *state, uint64_t pc)
{
	bool first = !u->nr, same;
	Dwarf_Word sp;
	bool known = !dwfl_frame_reg(state, 7, &sp);

	same = !first && known && u->prev_sp_known && pc == u->prev_pc && sp == u->prev_sp;
	u->prev_pc = pc;
	u->prev_sp = sp;
	u->prev_sp_known = known;
	return same;
}

static int frame_cb(Dwfl_Frame *state, void *arg)
{
	struct unwind_ctx *u = arg;
	bool first = !u->nr, trampoline;
	uint64_t lookup;
	enum check ck;
	Dwarf_Addr pc;

	if (!dwfl_frame_pc(state, &pc, NULL) || ctx__same_frame(u, state, pc))
		return DWARF_CB_ABORT;
	/* libunwind looks a frame up at its exact address only after a trampoline. */
	lookup = first || u->prev_trampoline ? pc : pc - 1;
	trampoline = ctx__is_trampoline(u, pc);
	u->prev_trampoline = trampoline;
	ck = ctx__check(u, lookup);
	if (ck == CHECK_STALE) {
		u->stale = true;
		return DWARF_CB_ABORT;
	}
	ctx__push(u, first || trampoline ? pc : pc - 1);
	if (ck != CHECK_OK || u->nr >= u->max || u->err)
		return DWARF_CB_ABORT;
	return DWARF_CB_OK;
}

static pid_t next_thread(Dwfl *dwfl, void *arg, void **thread_argp)
{
	(void)dwfl; (void)arg; (void)thread_argp;
	return 0;
}

/* Every thread asked for is the sample's: its registers are the sample's. */
static bool get_thread(Dwfl *dwfl, pid_t tid, void *arg, void **thread_argp)
{
	(void)dwfl; (void)tid;
	*thread_argp = arg;
	return true;
}

static bool memory_read(Dwfl *dwfl, Dwarf_Addr addr, Dwarf_Word *result, void *arg)
{
	struct unwind_proc *p = arg;
	uint64_t val;

	(void)dwfl;
	if (!ctx__read(p->ctx, addr, &val))
		return false;
	*result = val;
	return true;
}

static bool set_initial_registers(Dwfl_Thread *thread, void *arg)
{
	struct unwind_proc *p = arg;
	const struct perf_sample *s = p->ctx->s;
	Dwarf_Word w;
	uint64_t val;
	unsigned int i;

	for (i = 0; i < sizeof(dwarf_to_perf); i++) {
		if (!sample__reg(s, dwarf_to_perf[i], &val))
			continue;
		w = val;
		if (!dwfl_thread_state_registers(thread, i, 1, &w))
			return false;
	}
	return true;
}

static const Dwfl_Thread_Callbacks thread_callbacks = {
	.next_thread = next_thread,
	.get_thread = get_thread,
	.memory_read = memory_read,
	.set_initial_registers = set_initial_registers,
};

/* Drops @p's Dwfl and modules. */
static void proc__clear(struct unwind_cache *c, struct unwind_proc *p)
{
	struct unwind_mod *rec, *next;

	if (p->dwfl)
		dwfl_end(p->dwfl);
	p->dwfl = NULL;
	for (rec = p->mods; rec; rec = next) {
		next = rec->next;
		free(rec);
	}
	p->mods = NULL;
	c->nr_mods -= p->nr_mods;
	p->nr_mods = 0;
}

/* A new, empty Dwfl for @p. Returns 0 or -ENOMEM. */
static int proc__begin(struct unwind_cache *c, struct unwind_proc *p)
{
	p->dwfl = dwfl_begin(&dwfl_callbacks);
	if (!p->dwfl)
		return -ENOMEM;
	if (!dwfl_attach_state(p->dwfl, c->arch, p->pid, &thread_callbacks, p)) {
		dwfl_end(p->dwfl);
		p->dwfl = NULL;
		return -ENOMEM;
	}
	return 0;
}

static unsigned int pid__bucket(pid_t pid)
{
	return ((uint32_t)pid * 2654435761U) >> 25 & (UNWIND_HASH - 1);
}

/* Frees @p, which must be in the cache. */
static void cache__remove(struct unwind_cache *c, struct unwind_proc *p)
{
	struct unwind_proc **pp = &c->hash[pid__bucket(p->pid)];

	while (*pp != p)
		pp = &(*pp)->next;
	*pp = p->next;
	proc__clear(c, p);
	free(p);
	c->nr_procs--;
}

/* Frees the least recently used process but @keep. */
static void cache__evict(struct unwind_cache *c, const struct unwind_proc *keep)
{
	struct unwind_proc *p, *lru = NULL;
	unsigned int b;

	for (b = 0; b < UNWIND_HASH; b++)
		for (p = c->hash[b]; p; p = p->next)
			if (p != keep && (!lru || p->used < lru->used))
				lru = p;
	if (lru)
		cache__remove(c, lru);
}

/* Process @pid of @m, with a Dwfl; NULL on ENOMEM. */
static struct unwind_proc *cache__proc(struct unwind_cache *c, struct machine *m, pid_t pid)
{
	struct unwind_proc **head = &c->hash[pid__bucket(pid)], *p;

	for (p = *head; p; p = p->next)
		if (p->pid == pid && p->machine == m)
			break;
	if (!p) {
		if (c->nr_procs >= UNWIND_PROCS)
			cache__evict(c, NULL);
		p = calloc(1, sizeof(*p));
		if (!p)
			return NULL;
		p->machine = m;
		p->pid = pid;
		p->next = *head;
		*head = p;
		c->nr_procs++;
	}
	if (!p->dwfl && proc__begin(c, p))
		return NULL;
	p->used = ++c->clock;
	return p;
}

static struct unwind_cache *cache__get(struct machines *ms)
{
	struct unwind_cache *c = ms->unwind;
	Elf64_Ehdr *eh;

	if (c)
		return c;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->ms = ms;
	eh = &c->arch_ehdr;
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_ehsize = sizeof(*eh);
	elf_version(EV_CURRENT);
	c->arch = elf_memory((char *)eh, sizeof(*eh));
	if (!c->arch) {
		free(c);
		return NULL;
	}
	ms->unwind = c;
	return c;
}

/* Makes room for @n frames. Returns 0 or -ENOMEM. */
static int cache__reserve(struct unwind_cache *c, unsigned int n)
{
	uint64_t *ips;

	if (n <= c->ips_alloc)
		return 0;
	ips = realloc(c->ips, n * sizeof(*ips));
	if (!ips)
		return -ENOMEM;
	c->ips = ips;
	c->ips_alloc = n;
	return 0;
}

/* One pass of libdw over @u's sample; frames go to cache->ips. */
static void proc__unwind(struct unwind_proc *p, struct unwind_ctx *u, pid_t tid)
{
	u->nr = u->nr_ips = 0;
	u->prev_trampoline = u->stale = false;
	p->ctx = u;
	/* Its -1 is most often the end of the stack: the frames so far stand. */
	dwfl_getthread_frames(p->dwfl, tid > 0 ? tid : 1, frame_cb, u);
	p->ctx = NULL;
}

int unwind__get_entries(struct machines *ms, struct machine *machine, pid_t pid, pid_t tid,
			const struct perf_sample *s, unsigned int max_stack,
			unwind_entry_cb cb, void *arg)
{
	struct unwind_ctx u = { .s = s };
	struct unwind_cache *c;
	struct unwind_proc *p;
	unsigned int i;
	uint64_t ip;
	int ret;

	/* perf unwinds nothing without both; guests' files are not at hand. */
	if (s->user_regs.abi != PERF_SAMPLE_REGS_ABI_64 || !s->user_stack.dyn_size ||
	    !max_stack || machine != &ms->host)
		return 0;
	if (!sample__reg(s, X86_IP, &ip) || !sample__reg(s, X86_SP, &u.sp))
		return -EINVAL;
	c = cache__get(ms);
	u.max = max_stack < UNWIND_MAX_FRAMES ? max_stack : UNWIND_MAX_FRAMES;
	if (!c || cache__reserve(c, u.max))
		return -ENOMEM;
	p = cache__proc(c, machine, pid);
	if (!p)
		return -ENOMEM;
	u.cache = c;
	u.proc = p;
	proc__unwind(p, &u, tid);
	if (u.stale) {
		/* The maps changed under a module: unwind again with a new Dwfl. */
		proc__clear(c, p);
		if (proc__begin(c, p))
			return -ENOMEM;
		u.trust = true;
		proc__unwind(p, &u, tid);
	}
	if (u.err)
		return u.err;
	for (i = 0; i < u.nr_ips; i++) {
		ret = cb(c->ips[i], arg);
		if (ret)
			return ret;
	}
	return 0;
}

void unwind__exit(struct machines *ms)
{
	struct unwind_cache *c = ms->unwind;
	unsigned int b;

	if (!c)
		return;
	for (b = 0; b < UNWIND_HASH; b++)
		while (c->hash[b])
			cache__remove(c, c->hash[b]);
	elf_end(c->arch);
	free(c->ips);
	free(c);
	ms->unwind = NULL;
}
