// SPDX-License-Identifier: GPL-2.0
/*
 * Draws folded stacks as our flame graph, so that tests can give the
 * writer a tree with known shares; it is also a folded-stacks converter.
 *
 *   flame-write [-s] [-t TITLE] [OUT.svg] < FOLDED
 *
 * Each line of FOLDED is one stack, root-most frame first, then its count:
 *
 *   comm;frame;frame... VALUE          (-s: VALUE SAMPLES)
 *
 * VALUE is the period; without -s it is the samples too.  A frame's kind
 * is its suffix, which is then dropped: _[k] host kernel (as FlameGraph's
 * stackcollapse-perf.pl --kernel writes it), _[u] host user, _[gk] guest
 * kernel, _[gu] guest user, _[c] a comm, _[?] unknown.  Unmarked frames
 * are comms at the first level and host user above it.  Blank lines and
 * lines starting with '#' are skipped.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ui/flamegraph.h"

struct tree {
	struct flame_frame *frames;
	size_t nr, alloc;
	uint32_t *slots;	/* open addressing: frame index + 1, 0 is empty */
	size_t nr_slots;
};

static int lineno;

static void die(const char *what)
{
	if (lineno)
		fprintf(stderr, "flame-write: line %d: %s\n", lineno, what);
	else
		fprintf(stderr, "flame-write: %s\n", what);
	exit(2);
}

static uint32_t frame_hash(uint32_t parent, enum flame_kind kind, const char *name, size_t len)
{
	uint32_t h = 2166136261u ^ (parent * 31 + kind);
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)name[i]) * 16777619u;
	return h;
}

static void tree__grow_slots(struct tree *t)
{
	size_t n = t->nr_slots ? t->nr_slots * 2 : 1024, i;
	uint32_t *slots = calloc(n, sizeof(*slots));

	if (!slots)
		die("out of memory");
	for (i = 1; i < t->nr; i++) {
		const struct flame_frame *f = &t->frames[i];
		uint32_t h = frame_hash(f->parent, f->kind, f->name, strlen(f->name));

		while (slots[h & (n - 1)])
			h++;
		slots[h & (n - 1)] = i + 1;
	}
	free(t->slots);
	t->slots = slots;
	t->nr_slots = n;
}

static uint32_t tree__add(struct tree *t, const char *name, size_t len, uint32_t parent,
			  enum flame_kind kind)
{
	struct flame_frame *f;
	char *copy;

	if (t->nr == t->alloc) {
		t->alloc = t->alloc ? t->alloc * 2 : 256;
		t->frames = realloc(t->frames, t->alloc * sizeof(*t->frames));
		if (!t->frames)
			die("out of memory");
	}
	copy = strndup(name, len);
	if (!copy)
		die("out of memory");
	f = &t->frames[t->nr];
	memset(f, 0, sizeof(*f));
	f->name = copy;
	f->parent = parent;
	f->kind = kind;
	return t->nr++;
}

/* The child of @parent named @name of @kind, added if new. */
static uint32_t tree__child(struct tree *t, uint32_t parent, const char *name, size_t len,
			    enum flame_kind kind)
{
	uint32_t h, i;

	if (2 * t->nr >= t->nr_slots)
		tree__grow_slots(t);
	for (h = frame_hash(parent, kind, name, len);; h++) {
		uint32_t *slot = &t->slots[h & (t->nr_slots - 1)];
		const struct flame_frame *f;

		if (!*slot) {
			i = tree__add(t, name, len, parent, kind);
			*slot = i + 1;
			return i;
		}
		f = &t->frames[*slot - 1];
		if (f->parent == parent && f->kind == kind && !strncmp(f->name, name, len) &&
		    !f->name[len])
			return *slot - 1;
	}
}

/* The kind a frame's suffix names (the suffix taken off @len), or @dflt. */
static enum flame_kind frame_kind(const char *name, size_t *len, enum flame_kind dflt)
{
	static const struct { const char *suffix; enum flame_kind kind; } marks[] = {
		{ "_[k]", FLAME_HOST_KERNEL }, { "_[u]", FLAME_HOST_USER },
		{ "_[gk]", FLAME_GUEST_KERNEL }, { "_[gu]", FLAME_GUEST_USER },
		{ "_[c]", FLAME_COMM }, { "_[?]", FLAME_UNKNOWN },
	};
	size_t i;

	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		size_t n = strlen(marks[i].suffix);

		if (*len >= n && !memcmp(name + *len - n, marks[i].suffix, n)) {
			*len -= n;
			return marks[i].kind;
		}
	}
	return dflt;
}

static uint64_t parse_count(const char *s)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || *s == '-')
		die("a count is not a number");
	return v;
}

/* Splits "STACK COUNT" at its last space: *count points at COUNT. */
static void split_count(char *line, char **count)
{
	char *sp = strrchr(line, ' ');

	if (!sp || sp == line)
		die("a line is not 'stack count'");
	*sp = '\0';
	*count = sp + 1;
}

static void add_counts(struct flame_frame *f, uint64_t value, uint64_t samples)
{
	if (f->value + value < f->value || f->samples + samples < f->samples)
		die("counts overflow");
	f->value += value;
	f->samples += samples;
}

static void add_line(struct tree *t, char *line, int with_samples)
{
	char *count, *samples_s = NULL, *p = line;
	uint64_t value, samples;
	uint32_t node = 0;

	split_count(line, &count);
	if (with_samples) {
		samples_s = count;
		split_count(line, &count);
	}
	value = parse_count(count);
	samples = samples_s ? parse_count(samples_s) : value;
	add_counts(&t->frames[0], value, samples);
	for (;;) {
		size_t end = strcspn(p, ";"), len = end;
		enum flame_kind kind = frame_kind(p, &len, node ? FLAME_HOST_USER : FLAME_COMM);

		if (!len)
			die("an empty frame name");
		node = tree__child(t, node, p, len, kind);
		add_counts(&t->frames[node], value, samples);
		if (!p[end])
			break;
		p += end + 1;
	}
}

int main(int argc, char **argv)
{
	const char *title = "Flame Graph";
	struct tree t = { 0 };
	int with_samples = 0, opt, ret;
	char *line = NULL;
	size_t cap = 0, i;
	ssize_t n;
	FILE *out = stdout;

	while ((opt = getopt(argc, argv, "st:")) != -1) {
		if (opt == 's')
			with_samples = 1;
		else if (opt == 't')
			title = optarg;
		else
			die("usage: flame-write [-s] [-t TITLE] [OUT.svg] < FOLDED");
	}
	if (optind < argc - 1)
		die("usage: flame-write [-s] [-t TITLE] [OUT.svg] < FOLDED");
	tree__add(&t, "all", 3, 0, FLAME_ROOT);
	while ((n = getline(&line, &cap, stdin)) != -1) {
		lineno++;
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (!n || line[0] == '#')
			continue;
		add_line(&t, line, with_samples);
	}
	lineno = 0;
	if (optind < argc && !(out = fopen(argv[optind], "w")))
		die(strerror(errno));
	ret = flamegraph__write(out, t.frames, t.nr, title);
	if (out != stdout && fclose(out) && !ret)
		ret = -errno;
	if (ret)
		die(strerror(-ret));
	for (i = 0; i < t.nr; i++)
		free((char *)t.frames[i].name);
	free(t.frames);
	free(t.slots);
	free(line);
	return 0;
}
