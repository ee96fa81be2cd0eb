// SPDX-License-Identifier: GPL-2.0
/*
 * The lines of perf buildid-list: from a file's build-id section, or
 * from the DSOs that samples hit, in the order Linux perf prints them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include "build-id.h"
#include "build-id-list.h"
#include "dso.h"
#include "machines.h"
#include "session.h"

static struct build_id_line *build_id_list__add(struct build_id_list *l, pid_t machine,
						const char *name)
{
	struct build_id_line *line;

	if (l->nr == l->alloc) {
		size_t n = l->alloc * 2 + 16;

		line = realloc(l->lines, n * sizeof(*line));
		if (!line)
			return NULL;
		l->lines = line;
		l->alloc = n;
	}
	line = &l->lines[l->nr++];
	memset(line, 0, sizeof(*line));
	line->machine = machine;
	line->name = name;
	return line;
}

/* perf keeps one DSO per name and machine: a repeated entry updates its build-id. */
static struct build_id_line *build_id_list__findnew(struct build_id_list *l, pid_t machine,
						    const char *name)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		if (l->lines[i].machine == machine && !strcmp(l->lines[i].name, name))
			return &l->lines[i];
	return build_id_list__add(l, machine, name);
}

static void line__set(struct build_id_line *line, const uint8_t *bid, size_t size)
{
	line->size = size < BUILD_ID_SIZE ? size : BUILD_ID_SIZE;
	memcpy(line->build_id, bid, line->size);
}

static bool cpumode__has_dsos(uint16_t cpumode)
{
	return cpumode == PERF_RECORD_MISC_KERNEL || cpumode == PERF_RECORD_MISC_USER ||
	       cpumode == PERF_RECORD_MISC_GUEST_KERNEL || cpumode == PERF_RECORD_MISC_GUEST_USER;
}

/*
 * The host (pid -1) first, then the guests by pid.  Each machine's lines
 * are moved over in their order, machine by machine: qsort() is not stable.
 */
static int build_id_list__order(struct build_id_list *l)
{
	struct build_id_line *sorted = calloc(l->nr + 1, sizeof(*sorted));
	size_t i, out = 0;

	if (!sorted)
		return -ENOMEM;
	while (out < l->nr) {
		pid_t next = 0;
		bool found = false;

		for (i = 0; i < l->nr; i++) {
			pid_t m = l->lines[i].machine;

			if ((out && m <= sorted[out - 1].machine) || (found && m >= next))
				continue;
			next = m;
			found = true;
		}
		for (i = 0; i < l->nr; i++)
			if (l->lines[i].machine == next)
				sorted[out++] = l->lines[i];
	}
	free(l->lines);
	l->lines = sorted;
	l->alloc = l->nr + 1;
	return 0;
}

int build_id_list__from_header(struct build_id_list *l, const struct perf_session *s)
{
	const struct perf_file_section *sec = &s->header.feat[HEADER_BUILD_ID];
	uint64_t off = sec->offset, end = sec->offset + sec->size;

	if (!perf_header__has_feat(&s->header, HEADER_BUILD_ID))
		return build_id_list__order(l);
	/* perf_session__open() checked every entry's size and name. */
	while (off + sizeof(struct perf_record_build_id) <= end) {
		struct perf_record_build_id b;
		struct build_id_line *line;
		const char *name;

		memcpy(&b, s->base + off, sizeof(b));
		if (b.header.size < sizeof(b) || b.header.size > end - off)
			return -EINVAL;
		name = s->base + off + sizeof(b);
		off += b.header.size;
		if (!cpumode__has_dsos(b.header.misc & PERF_RECORD_MISC_CPUMODE_MASK))
			continue;
		line = build_id_list__findnew(l, b.pid, name);
		if (!line)
			return -ENOMEM;
		line__set(line, b.build_id,
			  b.header.misc & PERF_RECORD_MISC_BUILD_ID_SIZE ? b.size : BUILD_ID_SIZE);
	}
	return build_id_list__order(l);
}

/* Does header string feature @feat of @s say @want? */
static bool feature__is(const struct perf_session *s, int feat, const char *want)
{
	uint64_t off = s->header.feat[feat].offset;
	char *have;
	bool same;

	if (!perf_header__has_feat(&s->header, feat))
		return false;
	have = perf_header__read_string(s->base, &s->header.feat[feat], &off);
	same = have && !strcmp(have, want);
	free(have);
	return same;
}

bool build_id_list__recorded_here(const struct perf_session *s)
{
	struct utsname u;

	if (uname(&u))
		return false;
	return feature__is(s, HEADER_HOSTNAME, u.nodename) &&
	       feature__is(s, HEADER_OSRELEASE, u.release);
}

static int machine__add_hits(struct build_id_list *l, struct machine *m, bool read_here)
{
	struct build_id_line *line;
	struct dso *dso;

	dsos__for_each(&m->dsos, dso) {
		if (!dso->hit)
			continue;
		/* Another machine's binaries (a guest's too) are not the ones here. */
		if (read_here && !dso->build_id_size)
			dso__read_build_id(dso);
		line = build_id_list__add(l, m->pid, dso->name);
		if (!line)
			return -ENOMEM;
		line__set(line, dso->build_id, dso->build_id_size);
	}
	return 0;
}

int build_id_list__from_hits(struct build_id_list *l, struct machines *ms, bool here)
{
	size_t i;
	int err = machine__add_hits(l, &ms->host, here);

	for (i = 0; !err && i < ms->nr_guests; i++)
		err = machine__add_hits(l, ms->guests[i], false);
	return err ? err : build_id_list__order(l);
}

void build_id_list__fprintf(const struct build_id_list *l, FILE *fp)
{
	char hex[SBUILD_ID_SIZE];
	size_t i;

	for (i = 0; i < l->nr; i++) {
		build_id__sprintf(l->lines[i].build_id, l->lines[i].size, hex);
		fprintf(fp, "%-40s %s\n", hex, l->lines[i].name);
	}
}

void build_id_list__exit(struct build_id_list *l)
{
	free(l->lines);
	memset(l, 0, sizeof(*l));
}
