// SPDX-License-Identifier: GPL-2.0
/*
 * perf kvm stat: why guests leave to the host, and what it costs them.
 * record samples the kvm tracepoints; report pairs each exit with the
 * entry that ends it, per vCPU, and prints perf's table, and beyond it a
 * latency histogram, a per-VM and per-vCPU breakdown, JSON and CSV.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "builtin.h"
#include "ui/session-msg.h"
#include "util/buf.h"
#include "util/debug.h"
#include "util/evlist.h"
#include "util/event.h"
#include "util/features.h"
#include "util/kvm-stat.h"
#include "util/live.h"
#include "util/parse-options.h"
#include "util/session.h"
#include "util/target.h"
#include "util/thread.h"
#include "util/trace-data.h"
#include "util/trace-event.h"
#include "util/tracefs.h"
#include "util/util.h"

#define NAME_WIDTH	20	/* perf's event column */
#define MAX_PIDS	64

/* What perf kvm stat record samples on x86. */
static const char * const kvm_tracepoints[] = {
	"kvm:kvm_entry", "kvm:kvm_exit", "kvm:kvm_mmio", "kvm:kvm_pio", "kvm:kvm_msr",
};

struct kvm_stat_opts {
	const char *input;
	const char *event;
	const char *key;
	const char *pid_arg;
	int vcpu;
	bool histogram;
	bool per_vcpu;
	bool json;
	bool csv;
	bool stdio;
	uint32_t pids[MAX_PIDS];
	size_t nr_pids;
};

struct kvm_stat_report {
	struct perf_tool tool;
	struct kvm_stat ks;
	struct perf_session *session;
	int err;
};

/* Whether @arg is option @opt, alone or with its value attached ("-p42", "--pid=42"). */
static bool is_opt(const char *arg, const char *opt)
{
	size_t len = strlen(opt);

	if (strncmp(arg, opt, len))
		return false;
	return !arg[len] || (opt[1] == '-' ? arg[len] == '=' : len == 2);
}

/* Whether record's arguments name what to record: -a, -C, -p, -t, or a command after "--". */
static bool kvm_stat__has_target(int argc, const char **argv)
{
	static const char * const opts[] = { "-a", "--all-cpus", "-C", "--cpu", "-p", "--pid",
					     "-t", "--tid" };
	size_t k;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return true;
		for (k = 0; k < ARRAY_SIZE(opts); k++)
			if (is_opt(argv[i], opts[k]))
				return true;
	}
	return false;
}

static int kvm_stat__record(const char *output, int argc, const char **argv)
{
	const char **a = calloc(argc + 2 * ARRAY_SIZE(kvm_tracepoints) + 8, sizeof(*a));
	int n = 0, i, ret;

	if (!a)
		return 1;
	a[n++] = "record";
	for (i = 0; i < (int)ARRAY_SIZE(kvm_tracepoints); i++) {
		a[n++] = "-e";
		a[n++] = kvm_tracepoints[i];
	}
	/* One sample per hit, and rings that a busy host's exits do not overrun. */
	a[n++] = "-c";
	a[n++] = "1";
	a[n++] = "-m";
	a[n++] = "1024";
	a[n++] = "-o";
	a[n++] = output ? output : "perf.data.kvm";
	/* No target and no command is the whole machine. */
	if (!kvm_stat__has_target(argc, argv))
		a[n++] = "-a";
	for (i = 1; i < argc; i++)
		a[n++] = argv[i];
	ret = cmd_record(n, a);
	free(a);
	return ret;
}

static int kvm_stat__sample_cb(struct perf_tool *tool, struct perf_session *s,
			       const struct perf_sample *sample, const struct perf_header_attr *attr)
{
	struct kvm_stat_report *r = container_of(tool, struct kvm_stat_report, tool);

	(void)s;
	if (attr->attr.type != PERF_TYPE_TRACEPOINT)
		return 0;
	return kvm_stat__sample(&r->ks, sample, sample->pid);
}

static void print_vcpu_info(const struct kvm_stat_opts *o)
{
	printf("Analyze events for ");
	if (o->nr_pids)
		printf("pid(s) %s, ", o->pid_arg);
	else
		printf("all VMs, ");
	if (o->vcpu < 0)
		printf("all VCPUs:\n\n");
	else
		printf("VCPU %d:\n\n", o->vcpu);
}

static void print_row(const char *name, const struct kvm_stat_bucket *b, uint64_t count,
		      uint64_t time)
{
	printf("%*s ", NAME_WIDTH, name);
	printf("%10" PRIu64 " ", b->count);
	printf("%8.2f%% ", count ? (double)b->count / count * 100 : 0);
	printf("%8.2f%% ", time ? (double)b->time / time * 100 : 0);
	printf("%9.2fus ", (double)b->min / 1000);
	printf("%9.2fus ", (double)b->max / 1000);
	printf("%9.2fus ( +-%7.2f%% )\n", (double)b->time / b->count / 1000,
	       kvm_stat_bucket__rel_stddev(b));
}

static void print_titles(const struct kvm_stat *ks)
{
	printf("%*s ", NAME_WIDTH, kvm_stat__kind_title(ks->kind));
	printf("%10s %9s %9s %11s %11s %16s \n\n", "Samples", "Samples%", "Time%", "Min Time",
	       "Max Time", "Avg time");
}

/* perf's table, on standard output (perf 6.1 prints it on standard error). */
static void print_table(const struct kvm_stat *ks, const struct kvm_stat_opts *o)
{
	char name[64];
	size_t i;

	printf("\n\n");
	print_vcpu_info(o);
	print_titles(ks);
	for (i = 0; i < ks->nr_events; i++)
		print_row(kvm_stat__event_name(ks, &ks->events[i], name, sizeof(name)),
			  &ks->events[i].total, ks->total_count, ks->total_time);
	printf("\nTotal Samples:%" PRIu64 ", Total events handled time:%.2fus.\n\n",
	       ks->total_count, ks->total_time / 1000.0);
}

/* A log2 histogram of one event's latencies, from its first to its last used bucket. */
static void print_histogram_of(const char *name, const struct kvm_stat_bucket *b)
{
	uint64_t peak = 0;
	int first = -1, last = 0, i, bar;

	for (i = 0; i < KVM_STAT_HIST; i++) {
		if (!b->hist[i])
			continue;
		if (first < 0)
			first = i;
		last = i;
		peak = max(peak, b->hist[i]);
	}
	printf("%s: %" PRIu64 " event%s\n", name, b->count, b->count == 1 ? "" : "s");
	printf("%22s : %-10s %s\n", "usecs", "count", "distribution");
	for (i = first; i >= 0 && i <= last; i++) {
		uint64_t lo = i ? 1ULL << (i - 1) : 0, hi = 1ULL << i;

		bar = peak ? (int)((b->hist[i] * 40 + peak - 1) / peak) : 0;
		if (i == KVM_STAT_HIST - 1)
			printf("%10" PRIu64 " -> %-8s : %-10" PRIu64 " |%-40.*s|\n", lo, "...",
			       b->hist[i], bar, "****************************************");
		else
			printf("%10" PRIu64 " -> %-8" PRIu64 " : %-10" PRIu64 " |%-40.*s|\n", lo,
			       hi, b->hist[i], bar, "****************************************");
	}
	printf("\n");
}

static void print_histograms(const struct kvm_stat *ks)
{
	char name[64];
	size_t i;

	printf("Latency histograms (host time from the event to the next entry):\n\n");
	for (i = 0; i < ks->nr_events; i++)
		print_histogram_of(kvm_stat__event_name(ks, &ks->events[i], name, sizeof(name)),
				   &ks->events[i].total);
}

/* The (VM, vCPU) pairs of every event, in order: VMs by pid, vCPUs by number. */
struct vcpu_id {
	uint32_t pid, vcpu;
};

static int vcpu_id_cmp(const void *pa, const void *pb)
{
	const struct vcpu_id *a = pa, *b = pb;

	if (a->pid != b->pid)
		return a->pid < b->pid ? -1 : 1;
	return a->vcpu < b->vcpu ? -1 : a->vcpu > b->vcpu;
}

static struct vcpu_id *collect_vcpus(const struct kvm_stat *ks, size_t *nr)
{
	struct vcpu_id *ids = NULL, *n;
	size_t i, j, k, cnt = 0;

	for (i = 0; i < ks->nr_events; i++) {
		for (j = 0; j < ks->events[i].nr_vcpus; j++) {
			struct vcpu_id id = { ks->events[i].vcpus[j].pid, ks->events[i].vcpus[j].vcpu };

			for (k = 0; k < cnt; k++)
				if (!vcpu_id_cmp(&ids[k], &id))
					break;
			if (k < cnt)
				continue;
			n = realloc(ids, (cnt + 1) * sizeof(*ids));
			if (!n) {
				free(ids);
				return NULL;
			}
			ids = n;
			ids[cnt++] = id;
		}
	}
	if (cnt)
		qsort(ids, cnt, sizeof(*ids), vcpu_id_cmp);
	*nr = cnt;
	return ids;
}

static const struct kvm_stat_bucket *vcpu_bucket(const struct kvm_stat_event *e,
						  const struct vcpu_id *id)
{
	size_t j;

	for (j = 0; j < e->nr_vcpus; j++)
		if (e->vcpus[j].pid == id->pid && e->vcpus[j].vcpu == id->vcpu)
			return &e->vcpus[j].b;
	return NULL;
}

static const char *vm_comm(struct perf_session *s, uint32_t pid)
{
	struct thread *th = threads__find(&s->machines.host.threads, pid);

	return th && th->comm ? th->comm->str : "?";
}

static void print_per_vcpu(const struct kvm_stat *ks, struct perf_session *s)
{
	const struct kvm_stat_bucket *b;
	struct vcpu_id *ids;
	uint64_t count, time;
	char name[64];
	size_t nr = 0, i, j;

	ids = collect_vcpus(ks, &nr);
	for (i = 0; i < nr; i++) {
		count = time = 0;
		for (j = 0; j < ks->nr_events; j++) {
			b = vcpu_bucket(&ks->events[j], &ids[i]);
			count += b ? b->count : 0;
			time += b ? b->time : 0;
		}
		printf("VM %u (%s), vCPU %u: %" PRIu64 " events, %.2fus\n\n", ids[i].pid,
		       vm_comm(s, ids[i].pid), ids[i].vcpu, count, time / 1000.0);
		print_titles(ks);
		for (j = 0; j < ks->nr_events; j++) {
			b = vcpu_bucket(&ks->events[j], &ids[i]);
			if (b)
				print_row(kvm_stat__event_name(ks, &ks->events[j], name, sizeof(name)),
					  b, count, time);
		}
		printf("\n");
	}
	free(ids);
}

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void json_bucket(const struct kvm_stat_bucket *b, uint64_t count, uint64_t time)
{
	int i;

	printf("\"samples\": %" PRIu64 ", \"samples_pct\": %.2f, \"time_pct\": %.2f, "
	       "\"time_us\": %.2f, \"min_us\": %.2f, \"max_us\": %.2f, \"avg_us\": %.2f, "
	       "\"stddev_pct\": %.2f, \"histogram_us\": [", b->count,
	       count ? (double)b->count / count * 100 : 0, time ? (double)b->time / time * 100 : 0,
	       b->time / 1000.0, b->min / 1000.0, b->max / 1000.0,
	       (double)b->time / b->count / 1000, kvm_stat_bucket__rel_stddev(b));
	for (i = 0; i < KVM_STAT_HIST; i++)
		printf("%s%" PRIu64, i ? ", " : "", b->hist[i]);
	printf("]");
}

static void print_json(const struct kvm_stat *ks, struct perf_session *s)
{
	const struct kvm_stat_bucket *b;
	struct vcpu_id *ids;
	char name[64];
	size_t nr = 0, i, j, n;

	printf("{\"event\": \"%s\", \"total_samples\": %" PRIu64 ", \"total_time_us\": %.2f, "
	       "\"events\": [", kvm_stat__kind_title(ks->kind), ks->total_count,
	       ks->total_time / 1000.0);
	for (i = 0; i < ks->nr_events; i++) {
		printf("%s\n  {\"name\": ", i ? "," : "");
		json_string(kvm_stat__event_name(ks, &ks->events[i], name, sizeof(name)));
		printf(", ");
		json_bucket(&ks->events[i].total, ks->total_count, ks->total_time);
		printf("}");
	}
	printf("],\n \"vcpus\": [");
	ids = collect_vcpus(ks, &nr);
	for (i = 0; i < nr; i++) {
		printf("%s\n  {\"pid\": %u, \"comm\": ", i ? "," : "", ids[i].pid);
		json_string(vm_comm(s, ids[i].pid));
		printf(", \"vcpu\": %u, \"events\": [", ids[i].vcpu);
		for (j = 0, n = 0; j < ks->nr_events; j++) {
			b = vcpu_bucket(&ks->events[j], &ids[i]);
			if (!b)
				continue;
			printf("%s{\"name\": ", n++ ? ", " : "");
			json_string(kvm_stat__event_name(ks, &ks->events[j], name, sizeof(name)));
			printf(", ");
			json_bucket(b, ks->total_count, ks->total_time);
			printf("}");
		}
		printf("]}");
	}
	printf("]}\n");
	free(ids);
}

static void csv_row(const char *scope, uint32_t pid, int vcpu, const char *name,
		    const struct kvm_stat_bucket *b, uint64_t count, uint64_t time)
{
	printf("%s,%u,%d,%s,%" PRIu64 ",%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f\n", scope, pid, vcpu,
	       name, b->count, count ? (double)b->count / count * 100 : 0,
	       time ? (double)b->time / time * 100 : 0, b->time / 1000.0, b->min / 1000.0,
	       b->max / 1000.0, (double)b->time / b->count / 1000, kvm_stat_bucket__rel_stddev(b));
}

static void print_csv(const struct kvm_stat *ks)
{
	char name[64];
	size_t i, j;

	printf("scope,pid,vcpu,event,samples,samples_pct,time_pct,time_us,min_us,max_us,avg_us,"
	       "stddev_pct\n");
	for (i = 0; i < ks->nr_events; i++) {
		const struct kvm_stat_event *e = &ks->events[i];

		kvm_stat__event_name(ks, e, name, sizeof(name));
		csv_row("all", 0, -1, name, &e->total, ks->total_count, ks->total_time);
		for (j = 0; j < e->nr_vcpus; j++)
			csv_row("vcpu", e->vcpus[j].pid, e->vcpus[j].vcpu, name, &e->vcpus[j].b,
				ks->total_count, ks->total_time);
	}
}

static int parse_pids(struct kvm_stat_opts *o)
{
	char *list, *tok, *save = NULL, *end;
	unsigned long v;

	if (!o->pid_arg)
		return 0;
	list = strdup(o->pid_arg);
	if (!list)
		return -ENOMEM;
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		v = strtoul(tok, &end, 10);
		if (*end || end == tok || o->nr_pids == MAX_PIDS) {
			free(list);
			return -EINVAL;
		}
		o->pids[o->nr_pids++] = v;
	}
	free(list);
	return o->nr_pids ? 0 : -EINVAL;
}

/* The recording CPU's cpuid, which says whose exit names the codes are. */
static char *session_cpuid(struct perf_session *s)
{
	uint64_t off = s->header.feat[HEADER_CPUID].offset;

	if (!perf_header__has_feat(&s->header, HEADER_CPUID))
		return NULL;
	return perf_header__read_string(s->base, &s->header.feat[HEADER_CPUID], &off);
}

static int kvm_stat__analyze(struct kvm_stat_report *r, const struct kvm_stat_opts *o,
			     enum kvm_stat_sort sort)
{
	struct perf_session *s = r->session;
	char *cpuid = session_cpuid(s);
	int err;

	if (kvm_stat__set_cpu(&r->ks, cpuid)) {
		pr_err("%s: the file names no Intel or AMD CPU (cpuid '%s'): whose exit reasons?\n",
		       s->path, cpuid ? cpuid : "none");
		free(cpuid);
		return -ENOTSUP;
	}
	free(cpuid);
	r->ks.vcpu = o->vcpu;
	r->ks.pids = o->pids;
	r->ks.nr_pids = o->nr_pids;
	r->tool.sample = kvm_stat__sample_cb;
	err = session_msg__process(s, &r->tool);
	if (err)
		return err;
	session_msg__stats(s);
	if (r->ks.nr_unknown)
		pr_warning("%s: %" PRIu64 " tracepoint samples name no format of the file's, or are "
			   "too short to name one: left out\n", s->path, r->ks.nr_unknown);
	kvm_stat__sort(&r->ks, sort);
	return 0;
}

static int kvm_stat__report(const struct kvm_stat_opts *o)
{
	struct kvm_stat_report r = { 0 };
	struct perf_session session;
	struct tep_handle *tep = NULL;
	enum kvm_stat_kind kind = KVM_STAT_VMEXIT;
	enum kvm_stat_sort sort = KVM_SORT_SAMPLE;
	int err;

	if (o->event && kvm_stat__parse_kind(o->event, &kind)) {
		pr_err("unknown --event '%s': vmexit, mmio, ioport or msr\n", o->event);
		return -EINVAL;
	}
	if (o->key && kvm_stat__parse_sort(o->key, &sort)) {
		pr_err("unknown -k '%s': sample, time, max_t, min_t, mean_t or ev_name\n", o->key);
		return -EINVAL;
	}
	err = session_msg__open(&session, o->input, NULL);
	if (!err)
		err = session_msg__trace_events(&session, &tep);
	if (!err && !tep) {
		pr_err("%s: no tracepoint formats in the file: record it with perf kvm stat "
		       "record\n", o->input);
		err = -EINVAL;
	}
	if (err)
		goto out;
	kvm_stat__init(&r.ks, kind, tep);
	r.session = &session;
	err = kvm_stat__analyze(&r, o, sort);
	if (!err && o->json)
		print_json(&r.ks, &session);
	else if (!err && o->csv)
		print_csv(&r.ks);
	else if (!err) {
		print_table(&r.ks, o);
		if (o->histogram)
			print_histograms(&r.ks);
		if (o->per_vcpu)
			print_per_vcpu(&r.ks, &session);
	}
	kvm_stat__exit(&r.ks);
out:
	trace_events__free(tep);
	perf_session__close(&session);
	return err;
}

/* perf kvm stat live: the same table every -d seconds, of what the interval saw. */
struct kvm_live {
	struct kvm_stat_opts *o;
	struct target target;
	struct evlist evlist;
	struct live_poll poll;
	struct ring_reader reader;
	struct kvm_stat ks;
	struct tep_handle *tep;
	struct buf recs;		/* one read's samples, copied out of the rings */
	uint64_t lost;			/* records the kernel dropped, this interval */
	uint64_t total_lost;
	struct termios saved_tty;
	bool tty;			/* stdin is a terminal, put in raw mode for 'q' */
	int err;
};

/* The local tracefs formats of the kvm tracepoints, as a file would carry them. */
static int kvm_live__formats(struct kvm_live *l)
{
	struct buf b = BUF_INIT;
	char err[256];
	int ret = trace_data__encode(&b, kvm_tracepoints, ARRAY_SIZE(kvm_tracepoints));

	if (!ret) {
		l->tep = trace_data__parse(b.data, b.len, err, sizeof(err));
		if (!l->tep) {
			pr_err("this kernel's kvm tracepoint formats: %s\n", err);
			ret = -EINVAL;
		}
	} else {
		pr_err("cannot read the kvm tracepoint formats from %s: %s (is kvm loaded?)\n",
		       tracefs__path() ? tracefs__path() : "tracefs", strerror(-ret));
	}
	buf__release(&b);
	return ret;
}

static int kvm_live__ring_event(struct ring_reader *r, const union perf_event *ev)
{
	struct kvm_live *l = container_of(r, struct kvm_live, reader);
	struct perf_event_header h;

	memcpy(&h, ev, sizeof(h));
	if (h.type == PERF_RECORD_LOST && h.size >= sizeof(struct perf_record_lost)) {
		struct perf_record_lost lost;

		memcpy(&lost, ev, sizeof(lost));
		l->lost += lost.lost;
	} else if (h.type == PERF_RECORD_SAMPLE) {
		buf__add(&l->recs, ev, h.size);
	}
	return l->recs.err;
}

struct live_rec {
	uint64_t time;
	size_t off;
};

static int live_rec_cmp(const void *pa, const void *pb)
{
	const struct live_rec *a = pa, *b = pb;

	return a->time < b->time ? -1 : a->time > b->time;
}

/* The rings' samples in time order: a vCPU may exit on one CPU and enter on another. */
static int kvm_live__process(struct kvm_live *l)
{
	const struct perf_event_attr *attr = &l->evlist.entries[0].desc.attr;
	struct live_rec *recs = NULL;
	struct perf_sample s;
	struct perf_event_header h;
	size_t off, n = 0, i;
	int err = 0;

	for (off = 0; off + sizeof(h) <= l->recs.len; off += h.size) {
		memcpy(&h, l->recs.data + off, sizeof(h));
		if (!h.size)
			break;
		n++;
	}
	recs = calloc(n ? n : 1, sizeof(*recs));
	if (!recs)
		return -ENOMEM;
	for (off = 0, i = 0; i < n; off += h.size) {
		memcpy(&h, l->recs.data + off, sizeof(h));
		if (!perf_sample__parse(&s, (const void *)(l->recs.data + off), attr->sample_type))
			recs[i].time = s.time;
		recs[i++].off = off;
	}
	qsort(recs, n, sizeof(*recs), live_rec_cmp);
	for (i = 0; !err && i < n; i++) {
		if (perf_sample__parse_attr(&s, (const void *)(l->recs.data + recs[i].off), attr))
			continue;
		err = kvm_stat__sample(&l->ks, &s, s.pid);
	}
	free(recs);
	l->recs.len = 0;
	return err;
}

static void kvm_live__show(struct kvm_live *l)
{
	char when[64];
	time_t t = time(NULL);

	kvm_stat__sort(&l->ks, KVM_SORT_SAMPLE);
	if (isatty(STDOUT_FILENO))
		printf("\033[H\033[2J");
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", localtime(&t));
	printf("%s\n", when);
	print_table(&l->ks, l->o);
	if (l->o->histogram)
		print_histograms(&l->ks);
	if (l->lost)
		printf("\nLost events: %" PRIu64 "\n\n", l->lost);
	fflush(stdout);
	l->total_lost += l->lost;
	l->lost = 0;
	kvm_stat__reset(&l->ks);
}

static void kvm_live__slow(void *arg, uint32_t pid, uint32_t vcpu, const char *name, uint64_t ns)
{
	(void)arg;
	printf("VM %u, vcpu %u: %s event took %" PRIu64 "usec\n", pid, vcpu, name, ns / 1000);
}

static void kvm_live__tty(struct kvm_live *l, bool raw)
{
	struct termios t;

	if (raw) {
		l->tty = isatty(STDIN_FILENO) && !tcgetattr(STDIN_FILENO, &l->saved_tty);
		if (!l->tty)
			return;
		t = l->saved_tty;
		t.c_lflag &= ~(ICANON | ECHO);
		t.c_cc[VMIN] = 0;
		t.c_cc[VTIME] = 0;
		tcsetattr(STDIN_FILENO, TCSANOW, &t);
	} else if (l->tty) {
		tcsetattr(STDIN_FILENO, TCSANOW, &l->saved_tty);
	}
}

/* Whether the user pressed q. */
static bool kvm_live__quit_key(struct kvm_live *l)
{
	char c;

	while (l->tty && read(STDIN_FILENO, &c, 1) == 1)
		if (c == 'q' || c == 'Q')
			return true;
	return false;
}

static int kvm_live__open(struct kvm_live *l)
{
	struct perf_event_attr tmpl = {
		.size = sizeof(tmpl), .sample_period = 1, .disabled = 1, .sample_id_all = 1,
		.sample_type = PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_TID | PERF_SAMPLE_TIME |
			       PERF_SAMPLE_CPU | PERF_SAMPLE_RAW,
		.read_format = PERF_FORMAT_ID,
	};
	char notice[160] = "", msg[512];
	size_t i;
	int err;

	err = target__setup_maps(&l->target, &l->evlist);
	if (err) {
		target__strerror(&l->target, err, msg, sizeof(msg));
		pr_err("%s\n", msg);
		return err;
	}
	tmpl.inherit = !target__per_thread(&l->target);
	for (i = 0; i < ARRAY_SIZE(kvm_tracepoints); i++) {
		err = evlist__add(&l->evlist, kvm_tracepoints[i], &tmpl);
		if (err) {
			pr_err("no tracepoint %s in %s: is the kvm module loaded?\n",
			       kvm_tracepoints[i], tracefs__path() ? tracefs__path() : "tracefs");
			return err;
		}
	}
	err = target__open(&l->target, &l->evlist, notice, sizeof(notice), msg, sizeof(msg));
	if (notice[0])
		pr_warning("%s\n", notice);
	if (err) {
		pr_err("%s\n", msg);
		return err;
	}
	err = evlist__mmap(&l->evlist, 256);
	if (err) {
		pr_err("cannot mmap the event rings: %s\n", strerror(-err));
		return err;
	}
	return live_poll__init(&l->poll, &l->evlist);
}

static int kvm_live__loop(struct kvm_live *l, uint64_t delay_ns)
{
	uint64_t next = now_ns() + delay_ns, now;
	bool read;
	int err = 0;

	while (!err && !live__done()) {
		err = live__read_rings(&l->evlist, &l->reader, &read);
		if (!err)
			err = kvm_live__process(l);
		now = now_ns();
		if (!err && now >= next) {
			kvm_live__show(l);
			next = now + delay_ns;
		}
		if (err || kvm_live__quit_key(l) ||
		    live_poll__wait(&l->poll, l->tty ? STDIN_FILENO : -1,
				    (int)min((next - now) / 1000000 + 1, 1000)) < 0)
			break;
	}
	return err;
}

static int kvm_stat__live(struct kvm_stat_opts *o, const char *pid, int delay, uint64_t duration_us)
{
	struct kvm_live l = { .o = o, .reader.event = kvm_live__ring_event };
	enum kvm_stat_kind kind = KVM_STAT_VMEXIT;
	char cpuid[128];
	int err;

	if (o->event && kvm_stat__parse_kind(o->event, &kind)) {
		pr_err("unknown --event '%s': vmexit, mmio, ioport or msr\n", o->event);
		return -EINVAL;
	}
	if (delay <= 0) {
		pr_err("-d needs a positive number of seconds\n");
		return -EINVAL;
	}
	l.target.pid = pid;
	l.target.system_wide = !pid;
	err = kvm_live__formats(&l);
	if (err)
		goto out;
	kvm_stat__init(&l.ks, kind, l.tep);
	features__cpuid(cpuid, sizeof(cpuid));
	if (kvm_stat__set_cpu(&l.ks, cpuid)) {
		pr_err("this CPU (cpuid '%s') is neither Intel's nor AMD's: whose exit reasons?\n",
		       cpuid);
		err = -ENOTSUP;
		goto out;
	}
	l.ks.vcpu = o->vcpu;
	l.ks.duration = duration_us * 1000;
	l.ks.slow = kvm_live__slow;
	err = kvm_live__open(&l);
	if (err)
		goto out;
	live__install_signals(true, false);
	kvm_live__tty(&l, true);
	evlist__enable(&l.evlist, true);
	err = kvm_live__loop(&l, delay * 1000000000ULL);
	evlist__enable(&l.evlist, false);
	kvm_live__tty(&l, false);
	if (!err)
		kvm_live__show(&l);
	if (l.total_lost)
		pr_warning("the kernel lost %" PRIu64 " events: the rings overflowed\n",
			   l.total_lost);
	if (err)
		pr_err("perf kvm stat live: %s\n", strerror(-err));
out:
	kvm_stat__exit(&l.ks);
	buf__release(&l.recs);
	live_poll__exit(&l.poll);
	evlist__exit(&l.evlist);
	trace_events__free(l.tep);
	return err;
}

static const char * const kvm_stat_usage[] = {
	"perf kvm stat record [<record options>] [-- <command>]",
	"perf kvm [-i FILE] stat report [<options>]",
	"perf kvm stat live [-d SECS] [-p PID] [<options>]",
	NULL
};

int cmd_kvm_stat(int argc, const char **argv, const char *input, const char *output)
{
	struct kvm_stat_opts o = { .input = input ? input : "perf.data.kvm", .vcpu = -1 };
	const char *live_pid = NULL;
	int delay = 1;
	uint64_t duration = 0;
	bool live;
	const struct option options[] = {
		OPT_STRING('i', "input", &o.input, "file", "input file name (perf.data.kvm)"),
		OPT_STRING(0, "event", &o.event, "report event",
			   "event for reporting: vmexit, mmio, ioport, msr"),
		OPT_INTEGER(0, "vcpu", &o.vcpu, "vcpu id to report"),
		OPT_STRING('k', "key", &o.key, "sort-key",
			   "key for sorting: sample, time, max_t, min_t, mean_t, ev_name"),
		OPT_STRING('p', "pid", &o.pid_arg, "pid", "analyze events only for given process id(s)"),
		OPT_BOOLEAN(0, "stdio", &o.stdio, "use the stdio interface (the only one)"),
		OPT_BOOLEAN(0, "histogram", &o.histogram, "a log2 latency histogram per event"),
		OPT_BOOLEAN(0, "per-vcpu", &o.per_vcpu, "the table for each VM and vCPU too"),
		OPT_BOOLEAN(0, "json", &o.json, "print JSON: every event, overall and per vCPU"),
		OPT_BOOLEAN(0, "csv", &o.csv, "print CSV: every event, overall and per vCPU"),
		OPT_INTEGER('d', "display", &delay, "live: the table every this many seconds (1)"),
		OPT_U64(0, "duration", &duration, "live: show each event that took longer (usec)"),
		OPT_INCR('v', "verbose", &verbose, "be more verbose"),
		OPT_END()
	};
	int err;

	if (argc < 2) {
		usage_with_options(kvm_stat_usage, options, true);
		return 129;
	}
	/* -h and --help, before a subcommand: the options' usage. */
	if (argv[1][0] == '-') {
		argc = parse_options(argc, argv, options, kvm_stat_usage, 0);
		if (argc < 0)
			return parse_options_exit(argc);
		usage_with_options(kvm_stat_usage, options, true);
		return 129;
	}
	if (!strcmp(argv[1], "record"))
		return kvm_stat__record(output, argc - 1, argv + 1);
	live = !strcmp(argv[1], "live");
	if (strcmp(argv[1], "report") && !live) {
		pr_err("unknown perf kvm stat command '%s'\n", argv[1]);
		usage_with_options(kvm_stat_usage, options, true);
		return 129;
	}
	argc = parse_options(argc - 1, argv + 1, options, kvm_stat_usage, 0);
	if (argc < 0)
		return parse_options_exit(argc);
	if (argc) {
		usage_with_options(kvm_stat_usage, options, true);
		return 129;
	}
	if (live) {
		/* live follows the threads of -p's process: the kernel does the filtering. */
		live_pid = o.pid_arg;
		o.pid_arg = NULL;
		if (o.json || o.csv || o.per_vcpu) {
			pr_err("live prints the table (and --histogram); --json, --csv and "
			       "--per-vcpu are report's\n");
			return 1;
		}
		return kvm_stat__live(&o, live_pid, delay, duration) ? 1 : 0;
	}
	if (parse_pids(&o)) {
		pr_err("bad -p '%s': a comma-separated list of process ids\n", o.pid_arg);
		return 1;
	}
	err = kvm_stat__report(&o);
	return err ? 1 : 0;
}
