// SPDX-License-Identifier: GPL-2.0
/*
 * perf kvm stat's analysis: each vCPU thread's kvm tracepoints paired
 * into events (an exit and the entry that closes it, a port access and
 * the next entry, ...), counted with their time per event key, overall
 * and per vCPU.  Pairing and filters follow perf kvm stat on x86, so the
 * tables agree with it: a thread counts from its first kvm_entry (which
 * names its vCPU), and an event that no later sample closes is not
 * counted.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <traceevent/event-parse.h>
#include "event.h"
#include "kvm-stat.h"
#include "trace-event.h"
#include "util.h"

/* The kvm_mmio "type" values (include/trace/events/kvm.h). */
#define KVM_TRACE_MMIO_READ	1
#define KVM_TRACE_MMIO_WRITE	2

/* perf keeps its events in a 4096-slot table by key: ties come out in that order. */
#define PERF_EVENT_SLOTS	4096

enum tp_role { TP_UNKNOWN, TP_OTHER, TP_ENTRY, TP_EXIT, TP_MMIO, TP_PIO, TP_MSR };

/* The fields the pairing reads, by name once per tracepoint. */
enum tp_field { F_EXIT_REASON, F_ISA, F_VCPU_ID, F_TYPE, F_GPA, F_PORT, F_RW, F_ECX, F_WRITE,
		NR_FIELDS };

static const char * const field_names[NR_FIELDS] = {
	"exit_reason", "isa", "vcpu_id", "type", "gpa", "port", "rw", "ecx", "write",
};

/* One tracepoint of the file: its role, and its fields (NULL where it has none). */
struct kvm_stat_tp {
	int id;
	enum tp_role role;
	struct tep_format_field *f[NR_FIELDS];
};

/* Files have a handful of tracepoints: a short list beats libtraceevent's lookups. */
#define MAX_TPS		64

struct tp_key {
	bool valid;
	uint64_t key;
	uint32_t info;
};

/* Where one vCPU thread is: what began and when. */
struct kvm_stat_thread {
	uint32_t tid;
	uint32_t vcpu;			/* from the kvm_entry that made the record */
	uint64_t start;			/* when the open event began; 0: none */
	struct tp_key open;		/* its key, if the beginning told it */
};

void kvm_stat__init(struct kvm_stat *ks, enum kvm_stat_kind kind, struct tep_handle *tep)
{
	memset(ks, 0, sizeof(*ks));
	ks->kind = kind;
	ks->tep = tep;
	ks->vcpu = -1;
}

void kvm_stat__exit(struct kvm_stat *ks)
{
	size_t i;

	for (i = 0; i < ks->nr_events; i++)
		free(ks->events[i].vcpus);
	free(ks->events);
	free(ks->threads);
	free(ks->tps);
	memset(ks, 0, sizeof(*ks));
}

void kvm_stat__reset(struct kvm_stat *ks)
{
	size_t i;

	/* The threads keep their open events: they count in the next interval. */
	for (i = 0; i < ks->nr_events; i++)
		free(ks->events[i].vcpus);
	ks->nr_events = 0;
	ks->total_count = ks->total_time = 0;
}

int kvm_stat__set_cpu(struct kvm_stat *ks, const char *cpuid)
{
	if (cpuid && strstr(cpuid, "Intel")) {
		ks->svm = false;
		return 0;
	}
	if (cpuid && (strstr(cpuid, "AMD") || strstr(cpuid, "Hygon"))) {
		ks->svm = true;
		return 0;
	}
	return -ENOTSUP;
}

static enum tp_role tp_role(struct tep_event *ev)
{
	static const struct { const char *name; enum tp_role role; } roles[] = {
		{ "kvm_entry", TP_ENTRY }, { "kvm_exit", TP_EXIT }, { "kvm_mmio", TP_MMIO },
		{ "kvm_pio", TP_PIO }, { "kvm_msr", TP_MSR },
	};
	size_t i;

	if (!ev || !ev->system || strcmp(ev->system, "kvm"))
		return TP_OTHER;
	for (i = 0; i < ARRAY_SIZE(roles); i++)
		if (!strcmp(ev->name, roles[i].name))
			return roles[i].role;
	return TP_OTHER;
}

static uint64_t field(const struct kvm_stat_tp *tp, const struct perf_sample *s, enum tp_field f)
{
	uint64_t v = 0;

	trace_field__read(tp->f[f], s, &v);
	return v;
}

/* The tracepoint @s is a sample of, looked up on its first sample; NULL without memory. */
static const struct kvm_stat_tp *tp_get(struct kvm_stat *ks, const struct perf_sample *s)
{
	static const struct kvm_stat_tp unknown = { .role = TP_UNKNOWN }, other = { .role = TP_OTHER };
	struct kvm_stat_tp *tp;
	struct tep_event *ev;
	uint64_t type;
	int id, i;

	if (!ks->type_field)
		ks->type_field = trace_events__type_field(ks->tep);
	if (trace_field__read(ks->type_field, s, &type) || type > INT32_MAX)
		return &unknown;
	id = type;
	for (i = 0; i < (int)ks->nr_tps; i++)
		if (ks->tps[i].id == id)
			return &ks->tps[i];
	if (!ks->tps) {
		ks->tps = calloc(MAX_TPS, sizeof(*ks->tps));
		if (!ks->tps)
			return NULL;
	}
	ev = tep_find_event(ks->tep, id);
	if (ks->nr_tps == MAX_TPS)
		return ev ? &other : &unknown;
	tp = &ks->tps[ks->nr_tps++];
	tp->id = id;
	tp->role = ev ? tp_role(ev) : TP_UNKNOWN;
	for (i = 0; ev && i < NR_FIELDS; i++)
		tp->f[i] = tep_find_field(ev, field_names[i]);
	return tp;
}

/* The thread's record, made on its first kvm_entry; NULL before it (or without memory). */
static struct kvm_stat_thread *thread_get(struct kvm_stat *ks, uint32_t tid, bool create)
{
	struct kvm_stat_thread *t;
	size_t lo = 0, hi = ks->nr_threads, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (ks->threads[mid].tid == tid)
			return &ks->threads[mid];
		if (ks->threads[mid].tid < tid)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!create)
		return NULL;
	if (ks->nr_threads == ks->alloc_threads) {
		size_t n = ks->alloc_threads * 2 + 16;

		t = realloc(ks->threads, n * sizeof(*t));
		if (!t)
			return NULL;
		ks->threads = t;
		ks->alloc_threads = n;
	}
	t = &ks->threads[lo];
	memmove(t + 1, t, (ks->nr_threads - lo) * sizeof(*t));
	ks->nr_threads++;
	memset(t, 0, sizeof(*t));
	t->tid = tid;
	return t;
}

static void bucket_init(struct kvm_stat_bucket *b)
{
	memset(b, 0, sizeof(*b));
	b->min = UINT64_MAX;
}

static long event_get(struct kvm_stat *ks, const struct tp_key *k)
{
	struct kvm_stat_event *e;
	size_t i;

	for (i = 0; i < ks->nr_events; i++)
		if (ks->events[i].key == k->key && ks->events[i].info == k->info)
			return i;
	if (ks->nr_events == ks->alloc_events) {
		size_t n = ks->alloc_events * 2 + 16;

		e = realloc(ks->events, n * sizeof(*e));
		if (!e)
			return -ENOMEM;
		ks->events = e;
		ks->alloc_events = n;
	}
	e = &ks->events[ks->nr_events];
	memset(e, 0, sizeof(*e));
	e->key = k->key;
	e->info = k->info;
	e->seen = ks->nr_events;
	bucket_init(&e->total);
	return ks->nr_events++;
}

static unsigned int hist_slot(uint64_t ns)
{
	uint64_t us = ns / 1000;
	unsigned int i = us ? 64 - __builtin_clzll(us) : 0;

	return i < KVM_STAT_HIST ? i : KVM_STAT_HIST - 1;
}

static void bucket_add(struct kvm_stat_bucket *b, uint64_t ns)
{
	double delta = (double)ns - b->mean;

	b->count++;
	b->time += ns;
	b->mean += delta / b->count;
	b->m2 += delta * ((double)ns - b->mean);
	b->min = min(b->min, ns);
	b->max = max(b->max, ns);
	b->hist[hist_slot(ns)]++;
}

static int event_add(struct kvm_stat *ks, long idx, uint32_t pid, uint32_t vcpu, uint64_t ns)
{
	struct kvm_stat_event *e = &ks->events[idx];
	struct kvm_stat_vcpu *v;
	size_t i;

	bucket_add(&e->total, ns);
	for (i = 0; i < e->nr_vcpus; i++)
		if (e->vcpus[i].pid == pid && e->vcpus[i].vcpu == vcpu)
			break;
	if (i == e->nr_vcpus) {
		v = realloc(e->vcpus, (i + 1) * sizeof(*v));
		if (!v)
			return -ENOMEM;
		e->vcpus = v;
		e->nr_vcpus++;
		v[i].pid = pid;
		v[i].vcpu = vcpu;
		bucket_init(&v[i].b);
	}
	bucket_add(&e->vcpus[i].b, ns);
	return 0;
}

/* Whether the sample begins an event of @ks's kind; *@k is its key, if it carries one. */
static bool is_begin(const struct kvm_stat *ks, const struct kvm_stat_tp *tp,
		     const struct perf_sample *s, struct tp_key *k)
{
	enum tp_role role = tp->role;

	switch (ks->kind) {
	case KVM_STAT_VMEXIT:
		if (role != TP_EXIT)
			return false;
		*k = (struct tp_key){ true, field(tp, s, F_EXIT_REASON), field(tp, s, F_ISA) };
		return true;
	case KVM_STAT_MMIO:
		/* A read begins at its exit; a write is known at its kvm_mmio. */
		if (role == TP_EXIT)
			return true;
		if (role != TP_MMIO || field(tp, s, F_TYPE) != KVM_TRACE_MMIO_WRITE)
			return false;
		*k = (struct tp_key){ true, field(tp, s, F_GPA), KVM_TRACE_MMIO_WRITE };
		return true;
	case KVM_STAT_IOPORT:
		if (role != TP_PIO)
			return false;
		*k = (struct tp_key){ true, field(tp, s, F_PORT), field(tp, s, F_RW) };
		return true;
	case KVM_STAT_MSR:
		if (role != TP_MSR)
			return false;
		*k = (struct tp_key){ true, field(tp, s, F_ECX), field(tp, s, F_WRITE) };
		return true;
	}
	return false;
}

/* Whether the sample ends the open event; an MMIO read learns its key here. */
static bool is_end(const struct kvm_stat *ks, const struct kvm_stat_tp *tp,
		   const struct perf_sample *s, struct tp_key *k)
{
	enum tp_role role = tp->role;

	if (role == TP_ENTRY)
		return true;
	if (ks->kind != KVM_STAT_MMIO || role != TP_MMIO ||
	    field(tp, s, F_TYPE) != KVM_TRACE_MMIO_READ)
		return false;
	*k = (struct tp_key){ true, field(tp, s, F_GPA), KVM_TRACE_MMIO_READ };
	return true;
}

static void slow_event(struct kvm_stat *ks, long idx, uint32_t pid, uint32_t vcpu, uint64_t ns)
{
	char name[64];

	if (ks->duration && ns > ks->duration && ks->slow)
		ks->slow(ks->slow_arg, pid, vcpu,
			 kvm_stat__event_name(ks, &ks->events[idx], name, sizeof(name)), ns);
}

static int end_event(struct kvm_stat *ks, struct kvm_stat_thread *t, const struct tp_key *k,
		     uint64_t time, uint32_t pid)
{
	uint64_t start = t->start;
	struct tp_key key = t->open.valid ? t->open : *k;
	long idx;

	if (!start)
		return 0;		/* nothing began */
	if (!key.valid)
		return 0;		/* neither end knows what it was */
	idx = event_get(ks, &key);
	if (idx < 0)
		return idx;
	t->open.valid = false;
	t->start = 0;
	if (time < start)
		return 0;		/* out of order: no time to count */
	slow_event(ks, idx, pid, t->vcpu, time - start);
	return event_add(ks, idx, pid, t->vcpu, time - start);
}

static bool pid_wanted(const struct kvm_stat *ks, uint32_t pid)
{
	size_t i;

	if (!ks->nr_pids)
		return true;
	for (i = 0; i < ks->nr_pids; i++)
		if (ks->pids[i] == pid)
			return true;
	return false;
}

int kvm_stat__sample(struct kvm_stat *ks, const struct perf_sample *s, uint32_t pid)
{
	const struct kvm_stat_tp *tp = tp_get(ks, s);
	struct kvm_stat_thread *t;
	struct tp_key k = { false, 0, 0 };
	enum tp_role role;
	long idx;

	if (!tp)
		return -ENOMEM;
	role = tp->role;
	if (role == TP_UNKNOWN) {
		ks->nr_unknown++;
		return 0;
	}
	if (role == TP_OTHER || !pid_wanted(ks, pid))
		return 0;
	t = thread_get(ks, s->tid, false);
	if (!t) {
		if (role != TP_ENTRY)
			return 0;
		t = thread_get(ks, s->tid, true);
		if (!t)
			return -ENOMEM;
		t->vcpu = field(tp, s, F_VCPU_ID);
	}
	if (ks->vcpu >= 0 && (uint32_t)ks->vcpu != t->vcpu)
		return 0;
	if (is_begin(ks, tp, s, &k)) {
		/* The event exists from its beginning on: ties come out in that order. */
		if (k.valid) {
			idx = event_get(ks, &k);
			if (idx < 0)
				return idx;
		}
		t->open = k;
		t->start = s->time;
		return 0;
	}
	if (is_end(ks, tp, s, &k))
		return end_event(ks, t, &k, s->time, pid);
	return 0;
}

int kvm_stat__parse_sort(const char *name, enum kvm_stat_sort *sort)
{
	static const char * const names[] = {
		[KVM_SORT_SAMPLE] = "sample", [KVM_SORT_TIME] = "time", [KVM_SORT_MAX] = "max_t",
		[KVM_SORT_MIN] = "min_t", [KVM_SORT_MEAN] = "mean_t", [KVM_SORT_NAME] = "ev_name",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i])) {
			*sort = i;
			return 0;
		}
	return -EINVAL;
}

/* qsort has no context argument. */
static const struct kvm_stat *sort_ks;
static enum kvm_stat_sort sort_by;

static int cmp_u64_desc(uint64_t a, uint64_t b)
{
	return a < b ? 1 : a > b ? -1 : 0;
}

static int event_cmp(const void *pa, const void *pb)
{
	const struct kvm_stat_event *a = pa, *b = pb;
	char na[64], nb[64];
	int c = 0;

	switch (sort_by) {
	case KVM_SORT_SAMPLE: c = cmp_u64_desc(a->total.count, b->total.count); break;
	case KVM_SORT_TIME: c = cmp_u64_desc(a->total.time, b->total.time); break;
	case KVM_SORT_MAX: c = cmp_u64_desc(a->total.max, b->total.max); break;
	case KVM_SORT_MIN: c = cmp_u64_desc(a->total.min, b->total.min); break;
	case KVM_SORT_MEAN:
		c = cmp_u64_desc(a->total.time / a->total.count, b->total.time / b->total.count);
		break;
	case KVM_SORT_NAME:
		c = strcmp(kvm_stat__event_name(sort_ks, a, na, sizeof(na)),
			   kvm_stat__event_name(sort_ks, b, nb, sizeof(nb)));
		break;
	}
	if (c)
		return c;
	if ((a->key % PERF_EVENT_SLOTS) != (b->key % PERF_EVENT_SLOTS))
		return (a->key % PERF_EVENT_SLOTS) < (b->key % PERF_EVENT_SLOTS) ? -1 : 1;
	return a->seen < b->seen ? -1 : a->seen > b->seen;
}

void kvm_stat__sort(struct kvm_stat *ks, enum kvm_stat_sort sort)
{
	size_t i, n = 0;

	ks->total_count = ks->total_time = 0;
	/* An event whose every occurrence was filtered out is no row. */
	for (i = 0; i < ks->nr_events; i++) {
		if (!ks->events[i].total.count) {
			free(ks->events[i].vcpus);
			continue;
		}
		ks->events[n++] = ks->events[i];
		ks->total_count += ks->events[i].total.count;
		ks->total_time += ks->events[i].total.time;
	}
	ks->nr_events = n;
	sort_ks = ks;
	sort_by = sort;
	if (n)
		qsort(ks->events, n, sizeof(*ks->events), event_cmp);
}

const char *kvm_stat__event_name(const struct kvm_stat *ks, const struct kvm_stat_event *ev,
				 char *buf, size_t size)
{
	const char *name;

	switch (ks->kind) {
	case KVM_STAT_VMEXIT:
		name = kvm_exit_reason__name(ks->svm, ev->key);
		snprintf(buf, size, "%s", name ? name : "UNKNOWN");
		break;
	case KVM_STAT_MMIO:
		snprintf(buf, size, "%#llx:%s", (unsigned long long)ev->key,
			 ev->info == KVM_TRACE_MMIO_WRITE ? "W" : "R");
		break;
	case KVM_STAT_IOPORT:
		snprintf(buf, size, "%#llx:%s", (unsigned long long)ev->key,
			 ev->info ? "POUT" : "PIN");
		break;
	case KVM_STAT_MSR:
		snprintf(buf, size, "%#llx:%s", (unsigned long long)ev->key, ev->info ? "W" : "R");
		break;
	}
	return buf;
}

static const char * const kind_names[] = {
	[KVM_STAT_VMEXIT] = "vmexit", [KVM_STAT_MMIO] = "mmio", [KVM_STAT_IOPORT] = "ioport",
	[KVM_STAT_MSR] = "msr",
};

const char *kvm_stat__kind_title(enum kvm_stat_kind kind)
{
	static const char * const titles[] = {
		[KVM_STAT_VMEXIT] = "VM-EXIT", [KVM_STAT_MMIO] = "MMIO Access",
		[KVM_STAT_IOPORT] = "IO Port Access", [KVM_STAT_MSR] = "MSR Access",
	};

	return titles[kind];
}

int kvm_stat__parse_kind(const char *name, enum kvm_stat_kind *kind)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kind_names); i++)
		if (!strcmp(name, kind_names[i])) {
			*kind = i;
			return 0;
		}
	return -EINVAL;
}

double kvm_stat_bucket__rel_stddev(const struct kvm_stat_bucket *b)
{
	double variance, sd;

	if (b->count < 2 || !b->mean)
		return 0;
	variance = b->m2 / (b->count - 1);
	sd = sqrt(variance / b->count);
	return 100.0 * sd / b->mean;
}
