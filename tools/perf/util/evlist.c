// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "evlist.h"
#include "tracefs.h"
#include "util.h"

struct event_name {
	const char *name;
	const char *alias;
	uint32_t type;
	uint64_t config;
};

static const struct event_name event_names[] = {
	{ "cycles", "cpu-cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES },
	{ "instructions", NULL, PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS },
	{ "cache-references", NULL, PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_REFERENCES },
	{ "cache-misses", NULL, PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES },
	{ "branches", "branch-instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_INSTRUCTIONS },
	{ "branch-misses", NULL, PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_MISSES },
	{ "cpu-clock", NULL, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK },
	{ "task-clock", NULL, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK },
	{ "page-faults", "faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS },
	{ "context-switches", "cs", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES },
	{ "cpu-migrations", "migrations", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS },
	{ "minor-faults", NULL, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MIN },
	{ "major-faults", NULL, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MAJ },
};

/*
 * Linux perf's modifier rule: the first of u, k and h excludes every
 * mode, then each lets its own back in.  With @add (a group's modifiers
 * on a member), a member that already excludes some mode starts from
 * what it has, so '{a:k}:u' counts both.
 */
static int apply_modifiers(struct perf_event_attr *attr, const char *mod, bool add)
{
	bool eu = add && attr->exclude_user, ek = add && attr->exclude_kernel;
	bool eh = add && attr->exclude_hv, excl = eu || ek || eh;

	for (; *mod; mod++) {
		switch (*mod) {
		case 'u':
		case 'k':
		case 'h':
			if (!excl)
				excl = eu = ek = eh = true;
			if (*mod == 'u')
				eu = false;
			else if (*mod == 'k')
				ek = false;
			else
				eh = false;
			break;
		case 'G': attr->exclude_host = 1; attr->exclude_guest = 0; break;
		case 'H': attr->exclude_guest = 1; attr->exclude_host = 0; break;
		case 'S': attr->sample_type |= PERF_SAMPLE_READ; break;
		default: return -ENOENT;
		}
	}
	if (excl) {
		attr->exclude_user = eu;
		attr->exclude_kernel = ek;
		attr->exclude_hv = eh;
	}
	return 0;
}

/*
 * SYSTEM:EVENT[:MODIFIERS]: a tracepoint, sampled at every hit with its
 * raw payload, as perf samples tracepoints.
 */
static int parse_tracepoint(const char *spec, struct perf_event_attr *attr, char *name,
			    size_t size)
{
	const char *colon = strchr(spec, ':');
	const char *mods = colon ? strchr(colon + 1, ':') : NULL;
	size_t len = mods ? (size_t)(mods - spec) : strlen(spec);
	char sys[256], ev[256];
	int id;

	if (!colon || !tracepoint__valid_name(spec, len) || (size_t)(colon - spec) >= sizeof(sys) ||
	    len - (colon - spec) > sizeof(ev))
		return -ENOENT;
	snprintf(sys, sizeof(sys), "%.*s", (int)(colon - spec), spec);
	snprintf(ev, sizeof(ev), "%.*s", (int)(len - (colon - spec) - 1), colon + 1);
	id = tracepoint__id(sys, ev);
	if (id < 0)
		return -ENOENT;
	attr->type = PERF_TYPE_TRACEPOINT;
	attr->config = id;
	attr->sample_type |= PERF_SAMPLE_RAW;
	if (attr->freq) {
		attr->freq = 0;
		attr->sample_period = 1;
	}
	if (mods && apply_modifiers(attr, mods + 1, false))
		return -ENOENT;
	snprintf(name, size, "%s", spec);
	return 0;
}

int parse_event(const char *spec, struct perf_event_attr *attr, char *name, size_t size)
{
	const char *colon = strchr(spec, ':');
	size_t len = colon ? (size_t)(colon - spec) : strlen(spec);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(event_names); i++) {
		const struct event_name *e = &event_names[i];

		if ((strlen(e->name) != len || strncmp(e->name, spec, len)) &&
		    (!e->alias || strlen(e->alias) != len || strncmp(e->alias, spec, len)))
			continue;
		attr->type = e->type;
		attr->config = e->config;
		if (colon && apply_modifiers(attr, colon + 1, false))
			return -ENOENT;
		snprintf(name, size, "%s%s", e->name, colon ? colon : "");
		return 0;
	}
	return parse_tracepoint(spec, attr, name, size);
}

const char *attr__event_name(const struct perf_event_attr *attr)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(event_names); i++)
		if (event_names[i].type == attr->type && event_names[i].config == attr->config)
			return event_names[i].name;
	return "unknown";
}

size_t event_spec__len(const char *s)
{
	size_t i;
	int depth = 0;

	for (i = 0; s[i]; i++) {
		if (s[i] == '{')
			depth++;
		else if (s[i] == '}' && depth)
			depth--;
		else if (s[i] == ',' && !depth)
			break;
	}
	return i;
}

/* Adds one event; on failure @el is as it was. */
static int evlist__add_one(struct evlist *el, const char *spec, size_t len,
			   const struct perf_event_attr *tmpl)
{
	struct evsel *e, *entries;
	char *one;
	int err;

	one = strndup(spec, len);
	entries = realloc(el->entries, (el->nr + 1) * sizeof(*entries));
	if (entries)
		el->entries = entries;
	if (!one || !entries) {
		free(one);
		return -ENOMEM;
	}
	e = &entries[el->nr];
	memset(e, 0, sizeof(*e));
	e->desc.attr = *tmpl;
	e->leader = el->nr;
	e->nr_members = 1;
	err = evsel__set_event(e, one);
	free(one);
	if (err)
		return err;
	el->nr++;
	return 0;
}

/* Drops the events from @from on, which were never opened. */
static void evlist__truncate(struct evlist *el, int from)
{
	while (el->nr > from) {
		struct evsel *e = &el->entries[--el->nr];

		free(e->desc.name);
		free(e->group_name);
	}
}

/* The members follow their leader: the kernel enables and disables them with it. */
static void evlist__make_group(struct evlist *el, int leader, int nr)
{
	int i;

	el->entries[leader].nr_members = nr;
	for (i = leader + 1; i < leader + nr; i++) {
		struct evsel *e = &el->entries[i];

		e->leader = leader;
		e->nr_members = 1;
		e->desc.attr.disabled = 0;
		e->desc.attr.enable_on_exec = 0;
	}
}

/*
 * A counter that samples its value (PERF_SAMPLE_READ).  A group's leader
 * reads every member, and the members only count; as in Linux perf 6.1
 * they are not inherited then (kernels before 6.12 refuse to).
 */
static void evlist__config_read(struct evlist *el, int leader)
{
	int i, nr = el->entries[leader].nr_members;

	for (i = leader; i < leader + nr; i++) {
		struct perf_event_attr *a = &el->entries[i].desc.attr;

		a->sample_type |= PERF_SAMPLE_READ;
		a->read_format |= PERF_FORMAT_ID | PERF_FORMAT_LOST;
		if (nr == 1)
			continue;
		a->read_format |= PERF_FORMAT_GROUP;
		a->inherit = 0;
		if (i > leader) {
			a->sample_period = 0;
			a->freq = 0;
		}
	}
}

static bool group_name_ok(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("_.-", s[i]))
			return false;
	return true;
}

/* Applies the group modifiers @mod, but S (leader sampling), to every member. */
static int evlist__group_modifiers(struct evlist *el, int leader, const char *mod, bool *sample)
{
	char rest[16];
	size_t n = 0;
	int i, err;

	*sample = false;
	for (; *mod; mod++) {
		if (*mod == 'S')
			*sample = true;
		else if (n + 1 < sizeof(rest))
			rest[n++] = *mod;
		else
			return -ENOENT;
	}
	rest[n] = '\0';
	for (i = leader; i < el->nr; i++) {
		err = apply_modifiers(&el->entries[i].desc.attr, rest, true);
		if (err)
			return err;
	}
	return 0;
}

/* [NAME]{EVENT,...}[:MODIFIERS], @open at the brace. */
static int evlist__add_group(struct evlist *el, const char *spec, const char *open,
			     const struct perf_event_attr *tmpl)
{
	const char *close = strchr(open, '}'), *p;
	int leader = el->nr, err;
	bool sample;
	size_t len;

	if (!close || memchr(open + 1, '{', close - open - 1) || close == open + 1 ||
	    (close[1] && close[1] != ':') || !group_name_ok(spec, open - spec))
		return -EINVAL;
	for (p = open + 1;; p += len + 1) {
		len = strcspn(p, ",}");
		err = len ? evlist__add_one(el, p, len, tmpl) : -EINVAL;
		if (err)
			goto fail;
		if (p[len] == '}')
			break;
	}
	err = evlist__group_modifiers(el, leader, close[1] ? close + 2 : "", &sample);
	if (err)
		goto fail;
	if (open > spec) {
		el->entries[leader].group_name = strndup(spec, open - spec);
		err = -ENOMEM;
		if (!el->entries[leader].group_name)
			goto fail;
	}
	evlist__make_group(el, leader, el->nr - leader);
	if (sample)
		el->entries[leader].desc.attr.sample_type |= PERF_SAMPLE_READ;
	if (el->entries[leader].desc.attr.sample_type & PERF_SAMPLE_READ)
		evlist__config_read(el, leader);
	return 0;
fail:
	evlist__truncate(el, leader);
	return err;
}

int evlist__add(struct evlist *el, const char *spec, const struct perf_event_attr *tmpl)
{
	const char *open = strchr(spec, '{');
	int err;

	if (open)
		return evlist__add_group(el, spec, open, tmpl);
	err = evlist__add_one(el, spec, strlen(spec), tmpl);
	if (!err && (el->entries[el->nr - 1].desc.attr.sample_type & PERF_SAMPLE_READ))
		evlist__config_read(el, el->nr - 1);
	return err;
}

void evlist__set_read_times(struct evlist *el)
{
	int i;

	for (i = 0; i < el->nr; i++)
		if (el->entries[i].desc.attr.sample_type & PERF_SAMPLE_READ)
			el->entries[i].desc.attr.read_format |= PERF_FORMAT_TOTAL_TIME_ENABLED |
								PERF_FORMAT_TOTAL_TIME_RUNNING;
}

void evlist__set_leader(struct evlist *el)
{
	int i;

	for (i = 0; i < el->nr; i++) {
		free(el->entries[i].group_name);
		el->entries[i].group_name = NULL;
		el->entries[i].leader = 0;
	}
	if (el->nr)
		evlist__make_group(el, 0, el->nr);
}

void evlist__encode_group_desc(const struct evlist *el, struct buf *b)
{
	struct perf_header_group *groups;
	int i, nr = 0;

	groups = calloc(el->nr ? el->nr : 1, sizeof(*groups));
	if (!groups) {
		b->err = -ENOMEM;
		return;
	}
	for (i = 0; i < el->nr; i++) {
		const struct evsel *e = &el->entries[i];

		if (e->leader != i || e->nr_members < 2)
			continue;
		groups[nr].name = e->group_name;
		groups[nr].leader = i;
		groups[nr++].nr_members = e->nr_members;
	}
	perf_header__encode_group_desc(b, groups, nr);
	free(groups);
}

static int sys_perf_event_open(struct perf_event_attr *attr, pid_t pid, int cpu, int group_fd)
{
	return syscall(SYS_perf_event_open, attr, pid, cpu, group_fd, PERF_FLAG_FD_CLOEXEC);
}

static int evsel__open(struct evsel *e, struct evlist *el)
{
	int nr = evlist__nr_slots(el), c, t, s = 0;

	e->fds = malloc(nr * sizeof(int));
	e->desc.ids = calloc(nr, sizeof(uint64_t));
	if (!e->fds || !e->desc.ids)
		return -ENOMEM;
	for (c = 0; c < el->cpus.nr; c++) {
		for (t = 0; t < el->threads.nr; t++, s++) {
			int group_fd = e->leader != e - el->entries ?
				       el->entries[e->leader].fds[s] : -1;
			int fd = sys_perf_event_open(&e->desc.attr, el->threads.tids[t],
						     el->cpus.cpus[c], group_fd);

			/* PERF_FORMAT_LOST is new in 6.0: do without it on older kernels. */
			if (fd < 0 && errno == EINVAL && (e->desc.attr.read_format & PERF_FORMAT_LOST)) {
				e->desc.attr.read_format &= ~(uint64_t)PERF_FORMAT_LOST;
				fd = sys_perf_event_open(&e->desc.attr, el->threads.tids[t],
							 el->cpus.cpus[c], group_fd);
			}
			if (fd < 0)
				return -errno;
			e->fds[s] = fd;
			e->desc.nr_ids = s + 1;
			if (ioctl(fd, PERF_EVENT_IOC_ID, &e->desc.ids[s]) < 0)
				return -errno;
		}
	}
	return 0;
}

int evlist__open(struct evlist *el, struct evsel **failed)
{
	int i, err;

	for (i = 0; i < el->nr; i++) {
		err = evsel__open(&el->entries[i], el);
		if (err) {
			*failed = &el->entries[i];
			return err;
		}
	}
	return 0;
}

int evlist__mmap(struct evlist *el, size_t pages)
{
	int nr = evlist__nr_slots(el), s, i, err;

	el->mmaps = calloc(nr, sizeof(*el->mmaps));
	el->pollfd = calloc(nr, sizeof(*el->pollfd));
	if (!el->mmaps || !el->pollfd)
		return -ENOMEM;
	for (s = 0; s < nr; s++) {
		struct perf_mmap *m = calloc(1, sizeof(*m));

		if (!m)
			return -ENOMEM;
		el->mmaps[s] = m;
		el->nr_mmaps = s + 1;
		err = perf_mmap__map(m, el->entries[0].fds[s],
				     el->cpus.cpus[s / el->threads.nr], pages);
		if (err)
			return err;
		el->pollfd[s].fd = el->entries[0].fds[s];
		el->pollfd[s].events = POLLIN;
		/*
		 * Only the first event of a slot owns a ring; the others write
		 * there.  The kernel wants the ring mapped before it can be shared.
		 */
		for (i = 1; i < el->nr; i++)
			if (ioctl(el->entries[i].fds[s], PERF_EVENT_IOC_SET_OUTPUT,
				  el->entries[0].fds[s]) < 0)
				return -errno;
	}
	return 0;
}

void evlist__enable(struct evlist *el, bool on)
{
	int i, s;

	for (i = 0; i < el->nr; i++) {
		for (s = 0; s < (int)el->entries[i].desc.nr_ids; s++)
			ioctl(el->entries[i].fds[s],
			      on ? PERF_EVENT_IOC_ENABLE : PERF_EVENT_IOC_DISABLE, 0);
	}
}

void evsel__close(struct evsel *e)
{
	uint32_t s;

	for (s = 0; s < e->desc.nr_ids; s++)
		close(e->fds[s]);
	free(e->fds);
	free(e->desc.ids);
	e->fds = NULL;
	e->desc.ids = NULL;
	e->desc.nr_ids = 0;
}

int evsel__set_event(struct evsel *e, const char *spec)
{
	char name[256], *dup;

	if (parse_event(spec, &e->desc.attr, name, sizeof(name)))
		return -ENOENT;
	dup = strdup(name);
	if (!dup)
		return -ENOMEM;
	free(e->desc.name);
	e->desc.name = dup;
	return 0;
}

bool evsel__fallback(struct evsel *e, int err)
{
	const char *mod;
	char spec[64];

	if (e->desc.attr.type != PERF_TYPE_HARDWARE ||
	    e->desc.attr.config != PERF_COUNT_HW_CPU_CYCLES ||
	    (err != -ENOENT && err != -ENODEV && err != -EOPNOTSUPP && err != -ENXIO))
		return false;
	mod = strchr(e->desc.name, ':');
	snprintf(spec, sizeof(spec), "cpu-clock%s", mod ? mod : "");
	evsel__close(e);
	return !evsel__set_event(e, spec);
}

int evlist__open_fallback(struct evlist *el, struct evsel **failed, struct evsel **fell_back)
{
	int i, err;

	*fell_back = NULL;
	for (;;) {
		err = evlist__open(el, failed);
		if (!err || !evsel__fallback(*failed, err))
			return err;
		*fell_back = *failed;
		/* Start over: a fallen-back event must be reopened on every slot. */
		for (i = 0; i < el->nr; i++)
			evsel__close(&el->entries[i]);
	}
}

void evsel__open_strerror(const struct evsel *e, int err, const char *target, char *buf,
			  size_t size)
{
	const char *name = e->desc.name, *why = strerror(-err);

	switch (-err) {
	case EACCES:
	case EPERM:
		snprintf(buf, size, "no permission to open event '%s' (%s).\n"
			 "  /proc/sys/kernel/perf_event_paranoid limits unprivileged users:\n"
			 "  -1 allows everything, 0 allows CPU-wide (-a) events, 1 allows kernel\n"
			 "  profiling of own processes, 2 (the default) user space only.\n"
			 "  Run as root or lower it, e.g. 'sysctl kernel.perf_event_paranoid=-1'.",
			 name, why);
		break;
	case ESRCH:
		snprintf(buf, size, "no such process: %s", target ? target : "?");
		break;
	case ENOENT:
	case ENODEV:
	case EOPNOTSUPP:
		snprintf(buf, size, "event '%s' is not supported on this machine (%s)", name, why);
		break;
	case EINVAL:
		snprintf(buf, size, "the kernel rejected event '%s' (%s): check -F against "
			 "/proc/sys/kernel/perf_event_max_sample_rate", name, why);
		break;
	default:
		snprintf(buf, size, "cannot open event '%s': %s", name, why);
	}
}

void evlist__exit(struct evlist *el)
{
	int i, s;

	for (s = 0; s < el->nr_mmaps; s++) {
		perf_mmap__unmap(el->mmaps[s]);
		free(el->mmaps[s]);
	}
	for (i = 0; i < el->nr; i++) {
		evsel__close(&el->entries[i]);
		free(el->entries[i].desc.name);
		free(el->entries[i].group_name);
	}
	free(el->entries);
	free(el->mmaps);
	free(el->pollfd);
	cpu_map__exit(&el->cpus);
	thread_map__exit(&el->threads);
	memset(el, 0, sizeof(*el));
}
