// SPDX-License-Identifier: GPL-2.0
/*
 * perf record: sample a command, some threads or the whole machine into
 * a PERFILE2 perf.data file.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "builtin.h"
#include "util/build-id.h"
#include "util/build-id-cache.h"
#include "util/callgraph-opts.h"
#include "util/data.h"
#include "util/debug.h"
#include "util/evlist.h"
#include "util/features.h"
#include "util/trace-data.h"
#include "util/tracefs.h"
#include "util/machine.h"
#include "util/machines.h"
#include "util/guest-options.h"
#include "util/live.h"
#include "util/parse-options.h"
#include "util/synthetic.h"
#include "util/target.h"
#include "util/zstd.h"
#include "util/util.h"
#include "util/workload.h"

#define DEFAULT_EVENT	"cycles"
#define DEFAULT_FREQ	4000
#define DEFAULT_PAGES	128
#define MAX_EVENTS	16
/* A COMPRESSED record's size is a u16, like every record's. */
#define COMPRESSED_MAX	(UINT16_MAX & ~7U)

struct record_opts {
	struct target target;
	const char *events[MAX_EVENTS];
	int nr_events;
	int freq;
	uint64_t period;
	const char *output;
	bool force;
	bool group;		/* --group: all events in one group */
	bool running_time;	/* --running-time */
	int mmap_pages;
	int comp_level;		/* -z: zstd level, 0 for no compression */
	struct callgraph_opts callgraph;	/* -g, --call-graph, --max-stack */
	bool no_buildid;	/* -B: no build-id table, no cache */
	bool no_buildid_cache;	/* -N */
	bool buildid_mmap;	/* the maps carry the build-ids instead */
	/* Set by perf kvm record. */
	bool kvm_guest;
	bool kvm_host;
	struct guest_config guest;
};

struct record {
	struct record_opts opts;
	struct evlist evlist;
	struct perf_data_out data;
	struct machine host;
	struct synth synth;
	struct workload workload;
	struct ring_reader reader;
	struct live_poll poll;
	uint64_t sample_type;
	uint64_t samples;
	uint64_t lost;
	uint64_t lost_chunks;
	uint64_t broken_rings;
	uint64_t wakeups;
	/* -z: one ring's records at a time are compressed into COMPRESSED records. */
	struct zstd_data zstd;
	char *zin;
	size_t zin_len;
	size_t zin_cap;
	uint32_t zin_samples;
	uint64_t bytes_in;
	uint64_t bytes_out;
	/* Where the last rounds ended, to make room for the header on a full disk. */
	struct round_end {
		uint64_t offset;
		uint64_t samples;
	} rounds[64];
	unsigned int nr_rounds;
	int argc;		/* the command to run, if any */
	const char **argv;
	int cmdline_argc;	/* how we were invoked, for the header */
	const char **cmdline_argv;
};

static int parse_event_opt(const struct option *opt, const char *arg, int unset __maybe_unused)
{
	struct record_opts *o = opt->value;
	size_t len;

	/* Split at the commas between events, not those inside a {group}. */
	for (; *arg; arg += len + !!arg[len]) {
		len = event_spec__len(arg);
		if (!len)
			continue;
		if (o->nr_events == MAX_EVENTS) {
			pr_err("at most %d events\n", MAX_EVENTS);
			return -1;
		}
		o->events[o->nr_events] = strndup(arg, len);
		if (!o->events[o->nr_events++])
			return -1;
	}
	return 0;
}

static int parse_comp_level(const struct option *opt, const char *arg, int unset)
{
	int *level = opt->value;
	char *end;
	long v;

	if (unset) {
		*level = 0;
		return 0;
	}
	if (!arg) {
		*level = 1;
		return 0;
	}
	v = strtol(arg, &end, 10);
	if (end == arg || *end || v < 1 || v > 22) {
		pr_err("--compression-level takes a level from 1 to 22, not '%s'\n", arg);
		return -1;
	}
	*level = v;
	return 0;
}

static bool record__is_guest(const union perf_event *ev)
{
	return cpumode__is_guest(ev->header.misc & PERF_RECORD_MISC_CPUMODE_MASK);
}

static int record__pack(struct record *rec, const void *rec_bytes, size_t size, bool sample);

/*
 * The pipe format has no build-id table to fill in at the end: a DSO's
 * build-id goes into the stream just before the first sample that hits
 * it, as perf inject -b puts it, so that a report of the stream checks
 * the binaries (and finds them in the build-id cache) as it would a file's.
 */
static void record__inline_build_id(struct record *rec, struct dso *dso)
{
	struct buf b = BUF_INIT;

	if (!rec->data.pipe || rec->opts.no_buildid || rec->opts.buildid_mmap)
		return;
	if (!dso->build_id_size && dso__read_build_id(dso))
		return;
	dso__encode_build_id(&b, dso, HOST_KERNEL_ID, false);
	if (!b.err) {
		if (rec->opts.comp_level)
			record__pack(rec, b.data, b.len, false);
		else
			perf_data__write(&rec->data, b.data, b.len);
	}
	buf__release(&b);
}

/*
 * Bookkeeping for one record on its way to the file: counts, and the
 * host's maps and DSO hits (for the build-id table; guests' binaries are
 * not on this machine).
 */
static void record__account(struct record *rec, const union perf_event *ev)
{
	struct perf_sample s;
	struct map *map;

	if (record__is_guest(ev) && ev->header.type != PERF_RECORD_SAMPLE)
		return;
	switch (ev->header.type) {
	case PERF_RECORD_SAMPLE:
		rec->samples++;
		if (record__is_guest(ev) || perf_sample__parse(&s, ev, rec->sample_type))
			break;
		map = machine__find_map(&rec->host, s.pid, s.cpumode, s.ip);
		if (map && !map->dso->hit) {
			map->dso->hit = true;
			record__inline_build_id(rec, map->dso);
		}
		break;
	case PERF_RECORD_MMAP:
	case PERF_RECORD_MMAP2:
		machine__process_mmap(&rec->host, ev);
		break;
	case PERF_RECORD_FORK:
		machine__process_fork(&rec->host, ev);
		break;
	case PERF_RECORD_COMM:
		machine__process_comm(&rec->host, ev);
		break;
	case PERF_RECORD_LOST:
		if (ev->header.size >= sizeof(ev->lost)) {
			rec->lost += ev->lost.lost;
			rec->lost_chunks++;
		}
		break;
	default:
		break;
	}
}

static int record__write_event(struct record *rec, const union perf_event *ev)
{
	record__account(rec, ev);
	return perf_data__write(&rec->data, ev, ev->header.size);
}

/* -z: a ring's record joins the batch to compress. */
static int record__pack_event(struct record *rec, const union perf_event *ev)
{
	record__account(rec, ev);
	return record__pack(rec, ev, ev->header.size, ev->header.type == PERF_RECORD_SAMPLE);
}

static int record__pack(struct record *rec, const void *rec_bytes, size_t size, bool sample)
{
	if (rec->zin_cap - rec->zin_len < size) {
		size_t cap = max(rec->zin_cap * 2, rec->zin_len + size);
		char *p = realloc(rec->zin, cap);

		if (!p)
			return rec->data.err = -ENOMEM;
		rec->zin = p;
		rec->zin_cap = cap;
	}
	memcpy(rec->zin + rec->zin_len, rec_bytes, size);
	rec->zin_len += size;
	rec->zin_samples += sample;
	return 0;
}

/*
 * Compresses the batch into COMPRESSED records, flushed whole, so that
 * the round's end that follows has every record of the round before it.
 */
static int record__pack_flush(struct record *rec)
{
	static char out[COMPRESSED_MAX] __attribute__((aligned(8)));
	struct perf_event_header *h = (struct perf_event_header *)out;
	size_t packed = 0, used;
	int pending, err = 0;
	ssize_t n;

	if (!rec->zin_len)
		return 0;
	do {
		n = zstd__compress(&rec->zstd, rec->zin + packed, rec->zin_len - packed, &used,
				   out + sizeof(*h), sizeof(out) - sizeof(*h), &pending);
		if (n < 0)
			return rec->data.err = n;
		packed += used;
		if (!n)
			continue;
		/* perf 6.1 reads COMPRESSED (not COMPRESSED2): its size is exact, unpadded. */
		*h = (struct perf_event_header){ .type = PERF_RECORD_COMPRESSED,
						 .size = sizeof(*h) + n };
		err = perf_data__write_packed(&rec->data, out, h->size,
					      packed == rec->zin_len && !pending ? rec->zin_samples : 0);
		rec->bytes_out += h->size;
	} while (!err && (packed < rec->zin_len || pending));
	rec->bytes_in += rec->zin_len;
	rec->zin_len = 0;
	rec->zin_samples = 0;
	return err;
}

static int record__synth_process(struct synth *s, const union perf_event *ev)
{
	struct record *rec = container_of(s, struct record, synth);

	return record__write_event(rec, ev);
}

static int record__ring_event(struct ring_reader *r, const union perf_event *ev)
{
	struct record *rec = container_of(r, struct record, reader);

	/* A write error stays in rec->data.err: the rings are still drained. */
	if (rec->opts.comp_level)
		record__pack_event(rec, ev);
	else
		record__write_event(rec, ev);
	return 0;
}

static void record__ring_done(struct ring_reader *r, const struct perf_mmap *m)
{
	struct record *rec = container_of(r, struct record, reader);

	if (rec->opts.comp_level)
		record__pack_flush(rec);
	rec->broken_rings += m->broken;
}

/* Drains every ring once; a FINISHED_ROUND marks that all before it may be sorted. */
static int record__read_rings(struct record *rec)
{
	struct perf_event_header round = {
		.type = PERF_RECORD_FINISHED_ROUND,
		.size = sizeof(round),
	};
	bool wrote;

	live__read_rings(&rec->evlist, &rec->reader, &wrote);
	if (wrote && !perf_data__write(&rec->data, &round, sizeof(round))) {
		struct round_end *r = &rec->rounds[rec->nr_rounds++ % ARRAY_SIZE(rec->rounds)];

		r->offset = rec->data.flushed + rec->data.len;
		r->samples = rec->samples;
	}
	return rec->data.err;
}

static void record__init_attr(struct record *rec, struct perf_event_attr *attr, bool per_thread,
			      bool workload)
{
	const struct record_opts *o = &rec->opts;

	memset(attr, 0, sizeof(*attr));
	attr->size = sizeof(*attr);
	attr->sample_type = PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_IP | PERF_SAMPLE_TID |
			    PERF_SAMPLE_TIME | PERF_SAMPLE_CPU | PERF_SAMPLE_PERIOD;
	callgraph_opts__config(&o->callgraph, attr);
	attr->read_format = PERF_FORMAT_ID;
	if (o->period) {
		attr->sample_period = o->period;
	} else {
		attr->freq = 1;
		attr->sample_freq = o->freq;
	}
	attr->disabled = 1;
	attr->enable_on_exec = workload;
	/* The kernel refuses to mmap an inherited per-thread event. */
	attr->inherit = !per_thread;
	attr->sample_id_all = 1;
	/* perf kvm record: guest samples wanted; host ones only if asked for too. */
	attr->exclude_guest = !o->kvm_guest;
	attr->exclude_host = o->kvm_guest && !o->kvm_host;
	rec->sample_type = attr->sample_type;
}

/* The first event also carries the side-band records that tell who runs what. */
static void record__set_tracking(const struct record *rec, struct evsel *e)
{
	callgraph_opts__config_tracking(&rec->opts.callgraph, &e->desc.attr);
	e->desc.attr.mmap = 1;
	e->desc.attr.mmap2 = 1;
	e->desc.attr.comm = 1;
	e->desc.attr.comm_exec = 1;
	e->desc.attr.task = 1;
}

static int record__open(struct record *rec)
{
	char notice[160], msg[512];
	int err;

	err = target__open(&rec->opts.target, &rec->evlist, notice, sizeof(notice), msg,
			   sizeof(msg));
	if (notice[0])
		pr_warning("%s\n", notice);
	if (err)
		pr_err("%s\n", msg);
	return err;
}

/* The kernel and module maps of one guest, named as its machine's kernel DSO. */
static int record__synthesize_guest(struct record *rec, pid_t pid, const char *kallsyms,
				    const char *modules)
{
	char name[64];
	int err;

	machine__kernel_name(pid, name, sizeof(name));
	err = synthesize_kernel_mmap(&rec->synth, kallsyms, name, pid,
				     PERF_RECORD_MISC_GUEST_KERNEL);
	if (err) {
		pr_warning("guest %d: no kernel text in %s (%s): its kernel samples will stay "
			   "unresolved unless report is given the symbols\n", pid, kallsyms,
			   strerror(-err));
		return 0;
	}
	if (modules)
		synthesize_modules(&rec->synth, modules, pid, PERF_RECORD_MISC_GUEST_KERNEL);
	return 0;
}

/* Every guest we know of: the default one, and each DIR/<pid> of --guestmount. */
static int record__synthesize_guests(struct record *rec)
{
	const struct guest_config *g = &rec->opts.guest;
	struct dirent *de;
	char *root;
	DIR *dir;
	int err = 0;

	if (g->kallsyms)
		err = record__synthesize_guest(rec, 0, g->kallsyms, g->modules);
	if (err || !g->guestmount)
		return err;
	root = realpath(g->guestmount, NULL);
	dir = root ? opendir(root) : NULL;
	if (!dir) {
		free(root);
		return -errno;
	}
	while (!err && (de = readdir(dir))) {
		char *end, *kallsyms, *modules;
		long pid = strtol(de->d_name, &end, 10);

		if (*end || pid <= 0)
			continue;
		kallsyms = guestmount__path(root, pid, "kallsyms");
		modules = guestmount__path(root, pid, "modules");
		if (kallsyms)
			err = record__synthesize_guest(rec, pid, kallsyms, modules);
		free(kallsyms);
		free(modules);
	}
	closedir(dir);
	free(root);
	return err;
}

static int record__synthesize(struct record *rec)
{
	struct synth *s = &rec->synth;
	bool no_text;
	int err;

	s->process = record__synth_process;
	s->id_hdr_size = perf_sample_id_size(rec->sample_type);
	s->build_ids = rec->opts.buildid_mmap;
	err = target__synthesize_kernel(s, &no_text);
	if (err)
		return err;
	if (no_text)
		pr_warning("no _text in /proc/kallsyms: kernel samples will stay unresolved\n");
	if (rec->opts.kvm_guest) {
		err = record__synthesize_guests(rec);
		if (err)
			return err;
	}
	return target__synthesize(&rec->opts.target, s);
}

static void record__loop(struct record *rec)
{
	struct evlist *el = &rec->evlist;

	while (!live__done() && !rec->data.err) {
		if (rec->argc && live__child_exited()) {
			/* Reap it here so that a stopped-then-continued child is not mistaken. */
			if (waitpid(rec->workload.pid, NULL, WNOHANG) == rec->workload.pid) {
				rec->workload.pid = -1;
				break;
			}
			live__clear_child();
		}
		/* Flushed each pass: a record killed with SIGKILL keeps all but the last pass. */
		if (record__read_rings(rec) || perf_data__flush(&rec->data))
			break;
		if (live_poll__wait(&rec->poll, -1, 100) < 0)
			break;
		rec->wakeups++;
	}
	evlist__enable(el, false);
	record__read_rings(rec);
	perf_data__flush(&rec->data);
}

/*
 * On a full disk the features may not fit after the data: give back
 * whole rounds from the end, newest first, until they do.
 */
static int record__write_features(struct record *rec, struct buf *feats, uint64_t *feat_bits)
{
	struct perf_data_out *d = &rec->data;
	unsigned int i = rec->nr_rounds, n = ARRAY_SIZE(rec->rounds);
	int err;

	for (;;) {
		err = perf_data__truncate(d);
		if (!err)
			err = perf_header__write_features(d->fd, d->data_offset + d->flushed,
							  feats, feat_bits);
		if (err != -ENOSPC)
			return err;
		memset(feat_bits, 0, HEADER_FEAT_BITS / 8);
		/* The newest remembered round that ends before what we have now. */
		while (i && rec->nr_rounds - i < n &&
		       rec->rounds[(i - 1) % n].offset >= d->flushed)
			i--;
		if (!i || rec->nr_rounds - i >= n)
			return err;
		i--;
		d->flushed = rec->rounds[i % n].offset;
		d->samples = rec->rounds[i % n].samples;
	}
}

/* HEADER_COMPRESSED: method, level, ratio, and what one COMPRESSED record may expand to. */
static void record__encode_compressed(struct record *rec, struct buf *b)
{
	uint32_t ratio = rec->bytes_out ? (uint32_t)((double)rec->bytes_in / rec->bytes_out + 0.5) : 0;

	if (!rec->opts.comp_level)
		return;
	buf__add_u32(b, 0);		/* version */
	buf__add_u32(b, PERF_COMP_ZSTD);
	buf__add_u32(b, rec->opts.comp_level);
	buf__add_u32(b, ratio);
	/* A batch is one ring's worth, at most. */
	buf__add_u32(b, rec->opts.mmap_pages * sysconf(_SC_PAGESIZE));
}

/* HEADER_TRACING_DATA: the formats of the tracepoints recorded, for a report to decode them. */
static void record__encode_tracing(struct record *rec, struct buf *b)
{
	const char *names[MAX_EVENTS];
	int i, nr = 0, err;

	for (i = 0; i < rec->evlist.nr; i++)
		if (rec->evlist.entries[i].desc.attr.type == PERF_TYPE_TRACEPOINT)
			names[nr++] = rec->evlist.entries[i].desc.name;
	if (!nr)
		return;
	err = trace_data__encode(b, names, nr);
	if (err) {
		pr_warning("could not save the tracepoint formats (%s): %s\n",
			   tracefs__path() ? tracefs__path() : "no tracefs", strerror(-err));
		buf__release(b);
	}
}

/* The features both formats carry: the machine, the run, the groups and the compression. */
static void record__encode_features(struct record *rec, struct buf *feats)
{
	features__encode_env(feats, rec->cmdline_argc, rec->cmdline_argv);
	record__encode_tracing(rec, &feats[HEADER_TRACING_DATA]);
	evlist__encode_group_desc(&rec->evlist, &feats[HEADER_GROUP_DESC]);
	record__encode_compressed(rec, &feats[HEADER_COMPRESSED]);
}

/*
 * The build-id table and the build-id cache, as perf 6.1 keeps them: both
 * for the DSOs that samples hit, neither with --buildid-mmap (the maps
 * carry the build-ids).  Beyond perf: the kernels of --guestmount guests,
 * whose kallsyms and modules the cache keeps for a report without the mount.
 */
static void record__build_ids(struct record *rec, struct buf *b)
{
	const struct record_opts *o = &rec->opts;
	bool cache = !o->no_buildid_cache;
	const char *name;
	char root[PATH_MAX];
	int nr, err;

	if (o->no_buildid || o->buildid_mmap)
		return;
	machine__encode_build_ids(&rec->host, b);
	if (build_id_cache__root(root, sizeof(root)))
		cache = false;
	if (o->kvm_guest && o->guest.guestmount) {
		nr = guestmount__encode_build_ids(o->guest.guestmount, b, cache, &err);
		if (nr > 0 && err)
			pr_warning("could not save the guests' kallsyms in the build-id cache %s: %s\n",
				   root, build_id_cache__strerror(err));
	}
	if (!cache)
		return;
	nr = build_id_cache__add_hits(&rec->host, &name, &err);
	if (nr)
		pr_warning("could not save %d of the binaries that samples hit in the build-id "
			   "cache %s (%s: %s)\n", nr, root, name, build_id_cache__strerror(err));
}

static void record__finalize_header(struct record *rec, struct buf *feats, uint64_t *feat_bits)
{
	struct perf_header_attr attrs[MAX_EVENTS];
	uint64_t kept = rec->data.samples;
	int i, err;

	if (rec->data.pipe) {
		/* The stream carried the build-ids; the cache still gets the binaries. */
		record__build_ids(rec, &feats[HEADER_BUILD_ID]);
		return;
	}
	for (i = 0; i < rec->evlist.nr; i++)
		attrs[i] = rec->evlist.entries[i].desc;
	record__encode_features(rec, feats);
	perf_header__encode_event_desc(&feats[HEADER_EVENT_DESC], attrs, rec->evlist.nr);
	record__build_ids(rec, &feats[HEADER_BUILD_ID]);
	err = record__write_features(rec, feats, feat_bits);
	if (err) {
		/* Keep the header consistent without features rather than lose the data. */
		pr_warning("could not write the header features of %s: %s\n", rec->data.path,
			   strerror(-err));
		memset(feat_bits, 0, HEADER_FEAT_BITS / 8);
		perf_data__truncate(&rec->data);
	} else if (kept != rec->data.samples) {
		pr_warning("dropped the last %" PRIu64 " samples to make room for the header\n",
			   kept - rec->data.samples);
	}
	err = perf_header__write(rec->data.fd, attrs, rec->evlist.nr, rec->data.flushed,
				 feat_bits);
	if (err)
		pr_err("could not finalize the header of %s: %s\n", rec->data.path, strerror(-err));
}

/* Writes the record assembled in @b whole: the writer flushes only at record boundaries. */
static int record__write_buf(struct record *rec, struct buf *b)
{
	int err = b->err ? b->err : perf_data__write(&rec->data, b->data, b->len);

	buf__release(b);
	return err;
}

/* Pipe format: an event's attr and ids as a HEADER_ATTR record. */
static int record__write_attr(struct record *rec, const struct perf_header_attr *a)
{
	struct perf_record_header_attr r = { .attr = a->attr };
	size_t ids = a->nr_ids * sizeof(uint64_t);
	struct buf b = BUF_INIT;

	if (sizeof(r) + ids > UINT16_MAX)
		return -E2BIG;
	r.header.type = PERF_RECORD_HEADER_ATTR;
	r.header.size = sizeof(r) + ids;
	r.attr.size = sizeof(r.attr);
	buf__add(&b, &r, sizeof(r));
	buf__add(&b, a->ids, ids);
	return record__write_buf(rec, &b);
}

/* Pipe format: a feature section as a HEADER_FEATURE record, padded to 8 bytes. */
static int record__write_feature(struct record *rec, int feat, const struct buf *sec)
{
	struct perf_record_header_feature f = { .feat_id = feat };
	size_t pad = PERF_ALIGN(sec->len, 8) - sec->len;
	struct buf b = BUF_INIT;

	/* A section too large for one record is left out. */
	if (sizeof(f) + sec->len + pad > UINT16_MAX)
		return 0;
	f.header.type = PERF_RECORD_HEADER_FEATURE;
	f.header.size = sizeof(f) + sec->len + pad;
	buf__add(&b, &f, sizeof(f));
	buf__add(&b, sec->data, sec->len);
	buf__add_zero(&b, pad);
	return record__write_buf(rec, &b);
}

/* Pipe format: the tracing data as perf streams them, a TRACING_DATA record and the data padded to 8 bytes. */
static int record__write_tracing(struct record *rec, const struct buf *sec)
{
	struct perf_record_header_tracing_data t = { .size = PERF_ALIGN(sec->len, 8) };
	struct buf b = BUF_INIT;

	t.header.type = PERF_RECORD_HEADER_TRACING_DATA;
	t.header.size = sizeof(t);
	buf__add(&b, &t, sizeof(t));
	buf__add(&b, sec->data, sec->len);
	buf__add_zero(&b, t.size - sec->len);
	return record__write_buf(rec, &b);
}

/* Pipe format: the event's name, which the file format keeps in HEADER_EVENT_DESC. */
static int record__write_name(struct record *rec, const struct perf_header_attr *a)
{
	struct perf_record_event_update u = { .type = PERF_EVENT_UPDATE__NAME };
	size_t len = strlen(a->name) + 1, padded = PERF_ALIGN(len, 8);
	struct buf b = BUF_INIT;

	if (!a->nr_ids || sizeof(u) + padded > UINT16_MAX)
		return 0;
	u.header.type = PERF_RECORD_EVENT_UPDATE;
	u.header.size = sizeof(u) + padded;
	u.id = a->ids[0];
	buf__add(&b, &u, sizeof(u));
	buf__add(&b, a->name, len);
	buf__add_zero(&b, padded - len);
	return record__write_buf(rec, &b);
}

/*
 * The pipe format's header is just magic and size; the attrs and the
 * features follow as records, since nothing can be filled in later.
 */
static int record__write_pipe_header(struct record *rec)
{
	struct buf feats[HEADER_FEAT_BITS] = { BUF_INIT };
	uint64_t head[2] = { PERF_MAGIC, 16 };
	int i, err;

	err = writen(rec->data.fd, head, sizeof(head));
	for (i = 0; !err && i < rec->evlist.nr; i++)
		err = record__write_attr(rec, &rec->evlist.entries[i].desc);
	if (!err) {
		record__encode_features(rec, feats);
	}
	for (i = 0; !err && i < HEADER_FEAT_BITS; i++) {
		err = feats[i].err;
		if (!err && feats[i].len)
			err = i == HEADER_TRACING_DATA ? record__write_tracing(rec, &feats[i]) :
			      record__write_feature(rec, i, &feats[i]);
	}
	for (i = 0; !err && i < rec->evlist.nr; i++)
		if (rec->evlist.entries[i].desc.name)
			err = record__write_name(rec, &rec->evlist.entries[i].desc);
	features__release(feats);
	return err;
}

static int record__write_header(struct record *rec)
{
	struct perf_header_attr attrs[MAX_EVENTS];
	uint64_t nr_ids = 0;
	int i;

	if (rec->data.pipe)
		return record__write_pipe_header(rec);
	for (i = 0; i < rec->evlist.nr; i++) {
		attrs[i] = rec->evlist.entries[i].desc;
		nr_ids += attrs[i].nr_ids;
	}
	perf_data__set_data_offset(&rec->data, perf_header__data_offset(rec->evlist.nr, nr_ids));
	return perf_header__write(rec->data.fd, attrs, rec->evlist.nr, 0, NULL);
}

static void record__report(struct record *rec)
{
	struct stat st;
	double mb = 0;

	if (rec->data.pipe)
		mb = rec->data.flushed / 1024.0 / 1024.0;
	else if (!fstat(rec->data.fd, &st))
		mb = st.st_size / 1024.0 / 1024.0;
	if (rec->lost)
		pr_warning("lost %" PRIu64 " samples in %" PRIu64 " chunks: the rings overflowed; "
			   "try a larger -m or a lower -F\n", rec->lost, rec->lost_chunks);
	if (rec->broken_rings)
		pr_warning("%" PRIu64 " ring reads met a corrupt record and skipped ahead\n",
			   rec->broken_rings);
	if (quiet)
		return;
	fprintf(stderr, "[ perf record: Woken up %" PRIu64 " times to write data ]\n",
		rec->wakeups);
	if (rec->bytes_out)
		fprintf(stderr, "[ perf record: Captured and wrote %.3f MB %s (%" PRIu64 " samples), "
			"compressed (original %.3f MB, ratio is %.3f) ]\n", mb, rec->data.path,
			rec->data.samples, rec->bytes_in / 1024.0 / 1024.0,
			(double)rec->bytes_in / rec->bytes_out);
	else
		fprintf(stderr, "[ perf record: Captured and wrote %.3f MB %s (%" PRIu64
			" samples) ]\n", mb, rec->data.path, rec->data.samples);
}

static const char * const record_usage[] = {
	"perf record [<options>] [<command>]",
	"perf record [<options>] -- <command> [<options>]",
	NULL
};

static int record__check_opts(struct record *rec)
{
	struct record_opts *o = &rec->opts;
	const struct target *t = &o->target;
	int targets = !!rec->argc + !!t->pid + !!t->tid + target__has_cpus(t);
	char msg[256];

	if (targets == 0) {
		pr_err("nothing to record: give a command, -a, -C, -p or -t\n");
		return -EINVAL;
	}
	if (targets > 1 && !(rec->argc && target__has_cpus(t))) {
		pr_err("-p, -t, -a/-C and a command exclude each other\n");
		return -EINVAL;
	}
	if (o->freq <= 0 && !o->period) {
		pr_err("-F needs a positive frequency\n");
		return -EINVAL;
	}
	if (o->mmap_pages <= 0 || (o->mmap_pages & (o->mmap_pages - 1))) {
		pr_err("-m needs a power of two number of pages, not %d\n", o->mmap_pages);
		return -EINVAL;
	}
	if (callgraph_opts__check(&o->callgraph, msg, sizeof(msg))) {
		pr_err("%s\n", msg);
		return -EINVAL;
	}
	return 0;
}

static int record__setup(struct record *rec)
{
	struct target *t = &rec->opts.target;
	struct perf_event_attr tmpl;
	char msg[512];
	int i, err;

	if (rec->argc) {
		/* With the data on standard output, the command's output must not mix in. */
		rec->workload.quiet_stdout = !strcmp(rec->opts.output, "-");
		err = workload__prepare(&rec->workload, rec->argv);
		if (err) {
			pr_err("cannot start '%s': %s\n", rec->argv[0], strerror(-err));
			return err;
		}
	}
	t->workload = rec->argc ? rec->workload.pid : 0;
	err = target__setup_maps(t, &rec->evlist);
	if (err) {
		target__strerror(t, err, msg, sizeof(msg));
		pr_err("%s\n", msg);
		return err;
	}
	record__init_attr(rec, &tmpl, target__per_thread(t), target__is_workload(t));
	if (!rec->opts.nr_events)
		rec->opts.events[rec->opts.nr_events++] = strdup(DEFAULT_EVENT);
	for (i = 0; i < rec->opts.nr_events; i++) {
		err = evlist__add(&rec->evlist, rec->opts.events[i], &tmpl);
		if (err == -ENOENT)
			pr_err("unknown event '%s' (try cpu-clock, task-clock, cycles, instructions, "
			       "or a tracepoint SYSTEM:EVENT from %s/events)\n",
			       rec->opts.events[i], tracefs__path() ? tracefs__path() : "tracefs");
		else if (err == -EINVAL)
			pr_err("bad event group '%s' (the syntax is [name]{event,...}[:modifiers])\n",
			       rec->opts.events[i]);
		if (err)
			return err;
	}
	if (rec->evlist.nr > MAX_EVENTS) {
		pr_err("at most %d events\n", MAX_EVENTS);
		return -EINVAL;
	}
	if (rec->opts.group)
		evlist__set_leader(&rec->evlist);
	if (rec->opts.running_time)
		evlist__set_read_times(&rec->evlist);
	record__set_tracking(rec, &rec->evlist.entries[0]);
	rec->evlist.entries[0].desc.attr.build_id = rec->opts.buildid_mmap;
	err = record__open(rec);
	if (err)
		return err;
	err = evlist__mmap(&rec->evlist, rec->opts.mmap_pages);
	if (err) {
		pr_err("cannot mmap the event rings: %s (try a smaller -m)\n", strerror(-err));
		return err;
	}
	return live_poll__init(&rec->poll, &rec->evlist);
}

/* The synthesized state is complete; what follows comes from the rings. */
static int record__finish_init(struct record *rec)
{
	struct perf_event_header h = {
		.type = PERF_RECORD_FINISHED_INIT,
		.size = sizeof(h),
	};

	return perf_data__write(&rec->data, &h, sizeof(h));
}

static int record__start(struct record *rec)
{
	int err;

	err = perf_data__create(&rec->data, rec->opts.output, rec->opts.force);
	if (err) {
		pr_err("cannot create %s: %s\n", rec->opts.output, strerror(-err));
		return err;
	}
	if (rec->opts.comp_level) {
		err = zstd__init_compress(&rec->zstd, rec->opts.comp_level);
		if (err) {
			pr_err("cannot start zstd compression: %s\n", strerror(-err));
			return err;
		}
	}
	err = record__write_header(rec);
	if (err) {
		pr_err("writing %s: %s\n", rec->opts.output, strerror(-err));
		return err;
	}
	err = record__synthesize(rec);
	if (!err)
		err = record__finish_init(rec);
	if (err) {
		pr_err("describing the running processes and kernel in %s: %s\n",
		       rec->opts.output, strerror(-err));
		return err;
	}
	live__install_signals(false, true);
	/* A target workload's events switch on by themselves at its exec(). */
	if (!target__is_workload(&rec->opts.target))
		evlist__enable(&rec->evlist, true);
	if (rec->workload.pid > 0) {
		err = workload__start(&rec->workload);
		if (err)
			pr_err("cannot run '%s': %s\n", rec->argv[0], strerror(-err));
	}
	return err;
}

static int record__run(struct record *rec)
{
	struct buf feats[HEADER_FEAT_BITS] = { BUF_INIT };
	uint64_t feat_bits[HEADER_FEAT_BITS / 64] = { 0 };
	int err;

	err = record__setup(rec);
	if (!err)
		err = record__start(rec);
	if (err)
		goto out;
	record__loop(rec);
	err = rec->data.err;
	if (err)
		pr_err("writing %s: %s; sampling stopped, keeping the %.3f MB (%" PRIu64
		       " of %" PRIu64 " samples) written so far\n", rec->data.path, strerror(-err),
		       rec->data.flushed / 1024.0 / 1024.0, rec->data.samples, rec->samples);
	record__finalize_header(rec, feats, feat_bits);
	record__report(rec);
out:
	features__release(feats);
	if (rec->workload.pid > 0 && err)
		workload__cancel(&rec->workload);
	else if (rec->workload.pid > 0)
		waitpid(rec->workload.pid, NULL, 0);
	perf_data__close(&rec->data);
	zstd__exit(&rec->zstd);
	free(rec->zin);
	live_poll__exit(&rec->poll);
	evlist__exit(&rec->evlist);
	machine__exit(&rec->host);
	synth__exit(&rec->synth);
	return err;
}

int cmd_record(int argc, const char **argv)
{
	struct record rec = {
		.opts = {
			.freq = DEFAULT_FREQ,
			.output = "perf.data",
			.mmap_pages = DEFAULT_PAGES,
			.callgraph = { .record = true },
		},
		.workload = { .pid = -1, .go_fd = -1, .err_fd = -1 },
		.reader = { .event = record__ring_event, .ring_done = record__ring_done },
	};
	const struct option options[] = {
		OPT_BOOLEAN('a', "all-cpus", &rec.opts.target.system_wide,
			    "system-wide collection from all CPUs"),
		OPT_STRING('C', "cpu", &rec.opts.target.cpu_list, "cpu",
			   "list of CPUs to sample (e.g. 0-3,6)"),
		OPT_STRING('p', "pid", &rec.opts.target.pid, "pid", "record the threads of this process"),
		OPT_STRING('t', "tid", &rec.opts.target.tid, "tid", "record this thread only"),
		OPT_CALLBACK('e', "event", &rec.opts, "event",
			     "event or {group} to sample: cpu-clock, task-clock, cycles, ...",
			     parse_event_opt),
		OPT_BOOLEAN(0, "group", &rec.opts.group, "put all the events into one group"),
		OPT_BOOLEAN(0, "running-time", &rec.opts.running_time,
			    "record the enabled and running times of :S events' reads"),
		OPT_INTEGER('F', "freq", &rec.opts.freq, "sample at this frequency (Hz)"),
		OPT_U64('c', "count", &rec.opts.period, "sample every n events (ns for cpu-clock)"),
		OPT_STRING('o', "output", &rec.opts.output, "file", "output file name"),
		OPT_BOOLEAN('f', "force", &rec.opts.force, "overwrite the output, keeping no FILE.old"),
		OPT_INTEGER('m', "mmap-pages", &rec.opts.mmap_pages, "data pages per ring (power of 2)"),
		OPT_CALLBACK_OPTARG('z', "compression-level", &rec.opts.comp_level, "n",
				    "compress the data with zstd at level n (default 1, fastest; "
				    "up to 22)", parse_comp_level),
		OPT_CALLGRAPH(rec.opts.callgraph),
		OPT_CALLGRAPH_MAX_STACK(rec.opts.callgraph,
					"record at most n frames of each call chain"),
		OPT_INCR('v', "verbose", &verbose, "be more verbose"),
		OPT_BOOLEAN('q', "quiet", &quiet, "only print errors"),
		OPT_BOOLEAN('N', "no-buildid-cache", &rec.opts.no_buildid_cache,
			    "do not update the buildid cache"),
		OPT_BOOLEAN('B', "no-buildid", &rec.opts.no_buildid,
			    "do not collect buildids in perf.data"),
		OPT_BOOLEAN(0, "buildid-mmap", &rec.opts.buildid_mmap,
			    "record build-ids in the mmap events"),
		/* Set by perf kvm record, which documents them. */
		{ .type = OPTION_BOOLEAN, .long_name = "kvm-guest", .value = &rec.opts.kvm_guest,
		  .help = "sample guests", .flags = PARSE_OPT_HIDDEN },
		{ .type = OPTION_BOOLEAN, .long_name = "kvm-host", .value = &rec.opts.kvm_host,
		  .help = "sample the host", .flags = PARSE_OPT_HIDDEN },
		OPT_KVM_GUEST_CONFIG(rec.opts.guest),
		OPT_END()
	};
	const char **cmdline;
	int i, err;

	cmdline = calloc(argc + 2, sizeof(*cmdline));
	if (!cmdline)
		return 1;
	cmdline[0] = "perf";
	for (i = 0; i < argc; i++)
		cmdline[i + 1] = argv[i];
	rec.cmdline_argc = argc + 1;
	rec.cmdline_argv = cmdline;

	argc = parse_options(argc, argv, options, record_usage, PARSE_OPT_STOP_AT_NON_OPTION);
	if (argc < 0) {
		for (i = 0; i < rec.opts.nr_events; i++)
			free((char *)rec.opts.events[i]);
		free(cmdline);
		return parse_options_exit(argc);
	}
	rec.argc = argc;
	rec.argv = argv;
	err = record__check_opts(&rec);
	if (!err)
		err = machine__init(&rec.host, HOST_KERNEL_ID);
	if (!err)
		err = record__run(&rec);
	for (i = 0; i < rec.opts.nr_events; i++)
		free((char *)rec.opts.events[i]);
	free(cmdline);
	return err ? 1 : 0;
}
