// SPDX-License-Identifier: GPL-2.0
/*
 * Prints the user frames that DWARF unwinding finds for each sample of a
 * perf.data, in the form of the user lines of
 * "perf script -F ip,sym,symoff,dso --no-inline": per sample an empty
 * line, one line per frame, an empty line.  An address that hits a map
 * is printed as an offset into its file, as perf script does.
 *
 *   unwind-dump [-q] [-m MAX_STACK] [-x MODE [-s SEED]] FILE
 *
 * -q prints nothing but the totals (for timing).  The totals (samples,
 * samples with frames, the most frames of one sample, frames) go to
 * standard error.
 *
 * -x unwinds each sample from a copy of its registers and stack, in
 * buffers of their exact size (so that a sanitizer sees any read past
 * them), damaged as MODE says:
 *   none      not at all
 *   garbage   the stack replaced by random bytes
 *   regs      every register random
 *   bits      about one bit in a hundred flipped, registers and stack
 *   loop      every stack word the sample's IP or an address inside the
 *             stack itself: frames that point at each other
 *   size      the stack cut to a random length, SP moved by 0 to 7 bytes
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util/debug.h"
#include "util/demangle.h"
#include "util/session.h"
#include "util/symbol.h"
#include "util/unwind.h"
#include "util/util.h"

enum damage { DAMAGE_OFF, DAMAGE_NONE, DAMAGE_GARBAGE, DAMAGE_REGS, DAMAGE_BITS, DAMAGE_LOOP,
	      DAMAGE_SIZE };

static const char *const damage_names[] = {
	[DAMAGE_NONE] = "none", [DAMAGE_GARBAGE] = "garbage", [DAMAGE_REGS] = "regs",
	[DAMAGE_BITS] = "bits", [DAMAGE_LOOP] = "loop", [DAMAGE_SIZE] = "size",
};

struct dump {
	struct perf_tool tool;
	struct perf_session *session;
	const struct perf_sample *sample;
	unsigned int max_stack;
	bool quiet;
	enum damage damage;
	uint64_t rng;
	unsigned long samples, unwound, frames, most;
	int err;
};

/* xorshift64: the same damage for the same seed. */
static uint64_t dump__random(struct dump *d)
{
	d->rng ^= d->rng << 13;
	d->rng ^= d->rng >> 7;
	d->rng ^= d->rng << 17;
	return d->rng;
}

/* Fills @buf (@len bytes) with words that each are @a or @b + 8 * something. */
static void fill_loop(struct dump *d, unsigned char *buf, size_t len, uint64_t a, uint64_t b)
{
	size_t i;
	uint64_t w;

	for (i = 0; i + 8 <= len; i += 8) {
		w = dump__random(d) & 1 ? a : b + 8 * (dump__random(d) % (len / 8 + 1));
		memcpy(buf + i, &w, 8);
	}
}

/*
 * Makes @c a copy of @s whose registers (@regs) and stack (@stack) are
 * damaged as d->damage says.  Returns 0 or -ENOMEM.
 */
static int dump__damage(struct dump *d, const struct perf_sample *s, struct perf_sample *c,
			unsigned char **regs, unsigned char **stack)
{
	size_t nregs = __builtin_popcountll(s->user_regs.mask) * 8, len = s->user_stack.size, i;
	uint64_t ip = 0, sp = 0;

	*c = *s;
	*regs = malloc(nregs ? nregs : 1);
	*stack = malloc(len ? len : 1);
	if (!*regs || !*stack)
		return -ENOMEM;
	if (s->user_regs.regs)
		memcpy(*regs, s->user_regs.regs, nregs);
	if (s->user_stack.data)
		memcpy(*stack, s->user_stack.data, len);
	c->user_regs.regs = s->user_regs.regs ? *regs : NULL;
	c->user_stack.data = s->user_stack.data ? *stack : NULL;
	/* perf's x86 IP and SP are registers 8 and 7: the 9th and 8th of a full mask. */
	if (nregs >= 9 * 8) {
		memcpy(&ip, *regs + 8 * 8, 8);
		memcpy(&sp, *regs + 7 * 8, 8);
	}
	switch (d->damage) {
	case DAMAGE_GARBAGE:
		for (i = 0; i < len; i++)
			(*stack)[i] = dump__random(d);
		break;
	case DAMAGE_REGS:
		for (i = 0; i < nregs; i++)
			(*regs)[i] = dump__random(d);
		break;
	case DAMAGE_BITS:
		for (i = 0; i < (nregs + len) * 8 / 100; i++) {
			uint64_t bit = dump__random(d) % ((nregs + len) * 8);
			unsigned char *p = bit < nregs * 8 ? *regs : *stack;

			if (bit >= nregs * 8)
				bit -= nregs * 8;
			p[bit / 8] ^= 1 << (bit % 8);
		}
		break;
	case DAMAGE_LOOP:
		fill_loop(d, *stack, len, ip, sp);
		break;
	case DAMAGE_SIZE:
		c->user_stack.dyn_size = len ? dump__random(d) % (len + 1) : 0;
		if (nregs >= 9 * 8) {
			sp += dump__random(d) % 8;
			memcpy(*regs + 7 * 8, &sp, 8);
		}
		break;
	default:
		break;
	}
	return 0;
}

/* One frame, as perf script prints a user frame. */
static int dump__frame(uint64_t ip, void *arg)
{
	struct dump *d = arg;
	struct perf_sample s = {
		.ip = ip, .pid = d->sample->pid, .tid = d->sample->tid,
		.cpumode = PERF_RECORD_MISC_USER,
	};
	struct addr_location al;
	char name[1024];
	const char *sym;

	d->frames++;
	if (d->quiet)
		return 0;
	if (machines__resolve(&d->session->machines, &s, &al))
		return -ENOMEM;
	if (!al.map) {
		printf("\t%16" PRIx64 " [unknown] ([unknown])\n", ip);
		return 0;
	}
	if (!al.sym) {
		printf("\t%16" PRIx64 " [unknown] (%s)\n", al.addr, al.dso->name);
		return 0;
	}
	sym = al.sym->name;
	if (demangle(sym, name, sizeof(name)) >= 0)
		sym = name;
	printf("\t%16" PRIx64 " %s+0x%" PRIx64 " (%s)\n", al.addr, sym, al.addr - al.sym->start,
	       al.dso->name);
	return 0;
}

static int dump__sample(struct perf_tool *tool, struct perf_session *session,
			const struct perf_sample *sample, const struct perf_header_attr *attr)
{
	struct dump *d = container_of(tool, struct dump, tool);
	unsigned char *regs = NULL, *stack = NULL;
	unsigned long before = d->frames;
	struct perf_sample copy;
	struct machine *m;
	int err = 0;

	(void)attr;
	d->samples++;
	d->session = session;
	d->sample = sample;
	m = machines__findnew(&session->machines, sample->cpumode, sample->pid);
	if (!m)
		return -ENOMEM;
	if (d->damage) {
		err = dump__damage(d, sample, &copy, &regs, &stack);
		sample = &copy;
	}
	if (!d->quiet)
		putchar('\n');
	if (!err)
		err = unwind__get_entries(&session->machines, m, sample->pid, sample->tid, sample,
					  d->max_stack, dump__frame, d);
	free(regs);
	free(stack);
	if (err == -ENOMEM)
		return err;
	d->unwound += d->frames > before;
	if (d->frames - before > d->most)
		d->most = d->frames - before;
	if (!d->quiet)
		putchar('\n');
	return 0;
}

int main(int argc, char **argv)
{
	struct dump d = { .tool = { .sample = dump__sample }, .max_stack = 127, .rng = 1 };
	struct perf_session s;
	char msg[512];
	int opt, err;
	size_t i;

	while ((opt = getopt(argc, argv, "qm:x:s:")) != -1) {
		switch (opt) {
		case 'q':
			d.quiet = true;
			break;
		case 'm':
			d.max_stack = strtoul(optarg, NULL, 0);
			break;
		case 'x':
			for (i = 1; i < ARRAY_SIZE(damage_names); i++)
				if (!strcmp(optarg, damage_names[i]))
					d.damage = i;
			if (!d.damage)
				goto usage;
			break;
		case 's':
			d.rng = strtoull(optarg, NULL, 0) | 1;
			break;
		default:
			goto usage;
		}
	}
	if (optind + 1 != argc)
		goto usage;
	quiet = true;
	err = perf_session__open(&s, argv[optind], NULL);
	if (!err)
		err = perf_session__process(&s, &d.tool);
	if (err) {
		perf_session__strerror(&s, err, NULL, msg, sizeof(msg));
		fprintf(stderr, "unwind-dump: %s\n", msg);
	}
	unwind__exit(&s.machines);
	perf_session__close(&s);
	fflush(stdout);
	fprintf(stderr, "%lu samples, %lu with user frames, at most %lu in one, %lu frames\n",
		d.samples, d.unwound, d.most, d.frames);
	return err ? 1 : 0;
usage:
	fprintf(stderr, "usage: unwind-dump [-q] [-m MAX_STACK] [-x MODE [-s SEED]] FILE\n");
	return 2;
}
