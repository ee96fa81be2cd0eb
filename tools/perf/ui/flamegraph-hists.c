// SPDX-License-Identifier: GPL-2.0
/*
 * A histogram's call chains as a flame graph: all samples at the root,
 * a tower per command, and under it each chain from its outermost
 * caller in; in perf kvm, a guest's frames stand in a tower of their own
 * ("guest PID") under the QEMU process that ran them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ui/flamegraph.h"
#include "ui/flamegraph-hists.h"
#include "util/hist.h"
#include "util/hist-chain.h"
#include "util/thread.h"

/* A child of @parent: a frame (@frame), a command (@name) or a guest (@pid). */
struct flame_key {
	uint32_t parent;
	uint32_t frame;		/* UINT32_MAX: not a frame */
	const char *name;
	pid_t pid;
};

struct flame_build {
	struct flame_frame *frames;
	struct flame_key *keys;
	char **names;		/* what the frames' names point at, freed with them */
	size_t nr, alloc;
	uint32_t *slots;	/* index + 1; 0 empty */
	size_t nr_slots;
	struct hist_chains *hc;
};

static uint64_t key_hash(const struct flame_key *k)
{
	uint64_t h = (k->parent * 0x9e3779b97f4a7c15ULL) ^ k->frame;

	h = (h * 0x9e3779b97f4a7c15ULL) ^ (uintptr_t)k->name;
	h = (h * 0x9e3779b97f4a7c15ULL) ^ (uint32_t)k->pid;
	return h ^ (h >> 29);
}

static int build__rehash(struct flame_build *b)
{
	size_t n = b->nr_slots ? b->nr_slots * 2 : 1024, i, j;
	uint32_t *slots = calloc(n, sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	for (i = 0; i < b->nr; i++) {
		for (j = key_hash(&b->keys[i]) & (n - 1); slots[j]; j = (j + 1) & (n - 1))
			;
		slots[j] = i + 1;
	}
	free(b->slots);
	b->slots = slots;
	b->nr_slots = n;
	return 0;
}

static int build__grow(struct flame_build *b)
{
	size_t alloc = b->alloc * 2 + 256;
	struct flame_frame *f = realloc(b->frames, alloc * sizeof(*f));
	struct flame_key *k;
	char **names;

	if (!f)
		return -ENOMEM;
	b->frames = f;
	k = realloc(b->keys, alloc * sizeof(*k));
	if (!k)
		return -ENOMEM;
	b->keys = k;
	names = realloc(b->names, alloc * sizeof(*names));
	if (!names)
		return -ENOMEM;
	b->names = names;
	b->alloc = alloc;
	return 0;
}

/* The frame of @k, added (named @name, of kind @kind) if new. Returns its index, or -ENOMEM. */
static long build__node(struct flame_build *b, const struct flame_key *k, const char *name,
			enum flame_kind kind)
{
	size_t j;

	if ((b->nr + 1) * 2 > b->nr_slots && build__rehash(b))
		return -ENOMEM;
	for (j = key_hash(k) & (b->nr_slots - 1); b->slots[j]; j = (j + 1) & (b->nr_slots - 1)) {
		const struct flame_key *o = &b->keys[b->slots[j] - 1];

		if (o->parent == k->parent && o->frame == k->frame && o->name == k->name &&
		    o->pid == k->pid)
			return b->slots[j] - 1;
	}
	if (b->nr == b->alloc && build__grow(b))
		return -ENOMEM;
	b->names[b->nr] = strdup(name);
	if (!b->names[b->nr])
		return -ENOMEM;
	b->keys[b->nr] = *k;
	b->frames[b->nr] = (struct flame_frame){ b->names[b->nr], 0, 0, k->parent, kind };
	b->slots[j] = b->nr + 1;
	return b->nr++;
}

static enum flame_kind level__kind(char level)
{
	switch (level) {
	case 'k':	return FLAME_HOST_KERNEL;
	case '.':	return FLAME_HOST_USER;
	case 'g':	return FLAME_GUEST_KERNEL;
	case 'u':	return FLAME_GUEST_USER;
	default:	return FLAME_UNKNOWN;
	}
}

static void build__add(struct flame_build *b, uint32_t n, uint64_t period, uint64_t count)
{
	for (;;) {
		b->frames[n].value += period;
		b->frames[n].samples += count;
		if (!n)
			break;
		n = b->frames[n].parent;
	}
}

/* The tower of row @e's command, and within it, for guest frames, the guest's. */
static long build__comm(struct flame_build *b, const struct hist_entry *e)
{
	const struct comm *c = e->key.comm ? e->key.comm : e->thread->comm;
	struct flame_key k = { 0, UINT32_MAX, c->str, 0 };

	return build__node(b, &k, c->str, FLAME_COMM);
}

static long build__guest(struct flame_build *b, long comm, const struct hist_entry *e)
{
	struct flame_key k = { comm, UINT32_MAX, NULL, e->thread->pid };
	char name[32];

	snprintf(name, sizeof(name), "guest %d", (int)e->thread->pid);
	return build__node(b, &k, name, FLAME_COMM);
}

static int build__chain(struct hists *h, struct hist_entry *e, const uint32_t *ids, uint32_t n,
			uint64_t period, uint64_t count, void *arg)
{
	struct flame_build *b = arg;
	long node = build__comm(b, e);
	char buf[64];
	uint32_t i;

	(void)h;
	/* Outermost caller first: the chain's frames are innermost first. */
	for (i = n; node >= 0 && i-- > 0;) {
		struct chain_frame *f = &b->hc->frames[ids[i]];
		struct flame_key k = { node, ids[i], NULL, 0 };
		enum flame_kind kind = level__kind(f->level);

		if ((kind == FLAME_GUEST_KERNEL || kind == FLAME_GUEST_USER) &&
		    b->frames[node].kind == FLAME_COMM && b->keys[node].name) {
			node = build__guest(b, node, e);
			if (node < 0)
				break;
			k.parent = node;
		}
		node = build__node(b, &k, chain_frame__name(f, buf, sizeof(buf)), kind);
	}
	if (node < 0)
		return -ENOMEM;
	build__add(b, node, period, count);
	return 0;
}

static void build__exit(struct flame_build *b)
{
	size_t i;

	for (i = 0; i < b->nr; i++)
		free(b->names[i]);
	free(b->names);
	free(b->frames);
	free(b->keys);
	free(b->slots);
}

int hists__write_flamegraph(struct hists *h, FILE *fp, const char *title)
{
	struct flame_build b = { .hc = h->chains };
	struct flame_key root = { 0, UINT32_MAX, NULL, -1 };
	int err;

	if (!h->chains)
		return -EINVAL;
	err = build__node(&b, &root, "all", FLAME_ROOT) < 0 ? -ENOMEM : 0;
	if (!err)
		err = hist_chains__for_each_chain(h, build__chain, &b);
	if (!err) {
		/* Samples without chains, and those no row shows, widen the root alone. */
		b.frames[0].value = h->total_period;
		b.frames[0].samples = h->nr_samples;
		err = flamegraph__write(fp, b.frames, b.nr, title);
	}
	build__exit(&b);
	return err;
}
