// SPDX-License-Identifier: GPL-2.0
/*
 * The perf top pipeline (util/top.c) fed records built here: host and
 * guest samples from two QEMU processes, one with its own guestmount
 * directory and one that falls back to the default guest.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tests.h"
#include "util/dso.h"
#include "util/hist-chain.h"
#include "util/symbol.h"
#include "util/top.h"
#include "util/util.h"

#define SAMPLE_TYPE	(PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_IP | PERF_SAMPLE_TID | \
			 PERF_SAMPLE_PERIOD)
#define KTEXT		0xffffffff81000000ULL
#define QEMU_OWN	1001	/* has DIR/1001 under --guestmount */
#define QEMU_DEFAULT	1002	/* has none: the default guest */
#define HOST_PID	500
#define USER_IP		0x400123ULL

struct fixture {
	char dir[64];
	struct guest_config cfg;
	char host_kallsyms[128];
	char guest_kallsyms[128];
	char guestmount[128];
	struct top top;
};

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

/* A kallsyms with _text, three 4 KiB functions called PREFIX_fn0..2, and _etext. */
static int write_kallsyms(const char *path, const char *prefix)
{
	char text[512];

	snprintf(text, sizeof(text),
		 "%llx T _text\n%llx T %s_fn0\n%llx T %s_fn1\n%llx T %s_fn2\n%llx T _etext\n",
		 KTEXT, KTEXT + 0x1000, prefix, KTEXT + 0x2000, prefix, KTEXT + 0x3000, prefix,
		 KTEXT + 0x4000);
	return write_file(path, text);
}

static int fixture__init(struct fixture *f)
{
	char path[256];

	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/perf-top-test.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->host_kallsyms, sizeof(f->host_kallsyms), "%s/host-kallsyms", f->dir);
	snprintf(f->guest_kallsyms, sizeof(f->guest_kallsyms), "%s/guest-kallsyms", f->dir);
	snprintf(f->guestmount, sizeof(f->guestmount), "%s/guestmount", f->dir);
	if (mkdir(f->guestmount, 0755))
		return -1;
	snprintf(path, sizeof(path), "%s/%d", f->guestmount, QEMU_OWN);
	if (mkdir(path, 0755) && errno != EEXIST)
		return -1;
	snprintf(path, sizeof(path), "%s/%d/proc", f->guestmount, QEMU_OWN);
	if (mkdir(path, 0755) && errno != EEXIST)
		return -1;
	snprintf(path, sizeof(path), "%s/%d/proc/kallsyms", f->guestmount, QEMU_OWN);
	if (write_kallsyms(f->host_kallsyms, "host") || write_kallsyms(f->guest_kallsyms, "dflt") ||
	    write_kallsyms(path, "own"))
		return -1;
	f->cfg.host_kallsyms = f->host_kallsyms;
	f->cfg.kallsyms = f->guest_kallsyms;
	f->cfg.guestmount = f->guestmount;
	return top__init(&f->top, &f->cfg, SAMPLE_TYPE);
}

static void fixture__exit(struct fixture *f)
{
	char cmd[128];

	top__exit(&f->top);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd))
		fprintf(stderr, "    could not remove %s\n", f->dir);
}

/* A sample record as the kernel writes it for SAMPLE_TYPE. */
static int put_sample(struct top *t, uint16_t misc, uint32_t pid, uint64_t ip, uint64_t period)
{
	struct {
		struct perf_event_header h;
		uint64_t id, ip;
		uint32_t pid, tid;
		uint64_t period;
	} rec = { { PERF_RECORD_SAMPLE, misc, sizeof(rec) }, 7, ip, pid, pid, period };

	return top__process_event(t, (const union perf_event *)&rec);
}

static int put_samples(struct top *t, int n, uint16_t misc, uint32_t pid, uint64_t ip)
{
	int i, err = 0;

	for (i = 0; i < n && !err; i++)
		err = put_sample(t, misc, pid, ip, 1000);
	return err;
}

/* The host kernel's text map, as perf top synthesizes it from /proc/kallsyms. */
static int put_host_kernel_mmap(struct top *t)
{
	union {
		struct perf_record_mmap m;
		char buf[sizeof(struct perf_record_mmap) + 32];
	} rec;

	memset(&rec, 0, sizeof(rec));
	rec.m.header.type = PERF_RECORD_MMAP;
	rec.m.header.misc = PERF_RECORD_MISC_KERNEL;
	rec.m.header.size = sizeof(rec);
	rec.m.pid = HOST_KERNEL_ID;
	rec.m.start = KTEXT;
	rec.m.len = 0x4000;
	rec.m.pgoff = KTEXT;
	strcpy(rec.m.filename, "[kernel.kallsyms]_text");
	return top__process_event(t, (const union perf_event *)&rec);
}

/*
 * 100 samples: host kernel 10, host user 20, guest kernel 30 (own
 * guest) + 15 (default guest), guest user 25; 40 of them exact.
 */
static int feed_mixed(struct top *t)
{
	uint16_t exact = PERF_RECORD_MISC_EXACT_IP;

	if (put_host_kernel_mmap(t) ||
	    put_samples(t, 10, PERF_RECORD_MISC_KERNEL | exact, HOST_PID, KTEXT + 0x1010) ||
	    put_samples(t, 20, PERF_RECORD_MISC_USER, HOST_PID, USER_IP) ||
	    put_samples(t, 30, PERF_RECORD_MISC_GUEST_KERNEL | exact, QEMU_OWN, KTEXT + 0x1100) ||
	    put_samples(t, 15, PERF_RECORD_MISC_GUEST_KERNEL, QEMU_DEFAULT, KTEXT + 0x2200) ||
	    put_samples(t, 25, PERF_RECORD_MISC_GUEST_USER, QEMU_OWN, USER_IP))
		return -1;
	return 0;
}

static const struct top_target kvm_target = {
	.event = "cpu-clock", .freq = 4000, .nr_cpus = 2, .kvm = true,
};

static int test_top_guest_headline(void)
{
	const char *want = "   PerfTop:      25 irqs/sec  kernel:10.0% us:20.0% guest kernel:45.0%"
			   " guest us:25.0% exact: 40.0% [4000Hz cpu-clock],  (all, 2 CPUs)";
	struct fixture f;
	char buf[512];

	TEST_ASSERT_VAL("fixture", !fixture__init(&f));
	TEST_ASSERT_VAL("feed", !feed_mixed(&f.top));
	top__headline(&f.top, &kvm_target, 4.0, buf, sizeof(buf));
	if (strcmp(buf, want))
		fprintf(stderr, "    got  '%s'\n    want '%s'\n", buf, want);
	TEST_ASSERT_VAL("guest headline", !strcmp(buf, want));
	TEST_ASSERT_VAL("interval samples", f.top.interval.samples == 100);
	/* A new interval starts from nothing; the totals remain. */
	top__end_interval(&f.top);
	top__headline(&f.top, &kvm_target, 2.0, buf, sizeof(buf));
	TEST_ASSERT_VAL("empty interval",
			!strncmp(buf, "   PerfTop:       0 irqs/sec  kernel: 0.0% us: 0.0%", 51));
	TEST_ASSERT_VAL("totals kept", f.top.total.samples == 100 && f.top.total.exact == 40);
	fixture__exit(&f);
	return TEST_OK;
}

static int test_top_host_headline(void)
{
	const char *want = "   PerfTop:      15 irqs/sec  kernel:20.0%  exact:  0.0% lost: 3/3"
			   " drop: 0/0 [100000 cpu-clock],  (all, CPUs: 0-1)";
	const struct top_target tgt = {
		.event = "cpu-clock", .period = 100000, .cpu_list = "0-1", .nr_cpus = 2,
	};
	struct perf_record_lost lost = {
		{ PERF_RECORD_LOST, 0, sizeof(lost) }, 7, 3,
	};
	struct fixture f;
	char buf[512];

	TEST_ASSERT_VAL("fixture", !fixture__init(&f));
	TEST_ASSERT_VAL("kernel", !put_samples(&f.top, 6, PERF_RECORD_MISC_KERNEL, HOST_PID, 1));
	TEST_ASSERT_VAL("user", !put_samples(&f.top, 24, PERF_RECORD_MISC_USER, HOST_PID, 1));
	TEST_ASSERT_VAL("lost", !top__process_event(&f.top, (const union perf_event *)&lost));
	top__headline(&f.top, &tgt, 2.0, buf, sizeof(buf));
	if (strcmp(buf, want))
		fprintf(stderr, "    got  '%s'\n    want '%s'\n", buf, want);
	TEST_ASSERT_VAL("host headline", !strcmp(buf, want));
	fixture__exit(&f);
	return TEST_OK;
}

/* The row of @snap whose function column contains @sym, or NULL. */
static const char *find_row(const struct top_snapshot *snap, const char *sym, char *buf,
			    size_t size)
{
	int w = top_snapshot__sym_width(snap, 0);
	size_t i;

	for (i = 0; i < snap->nr; i++) {
		top_snapshot__format_row(snap, i, w, buf, size);
		if (strstr(buf, sym))
			return buf;
	}
	return NULL;
}

static int test_top_guest_rows(void)
{
	struct top_snapshot snap;
	struct fixture f;
	char buf[512];
	const char *row;

	TEST_ASSERT_VAL("fixture", !fixture__init(&f));
	TEST_ASSERT_VAL("feed", !feed_mixed(&f.top));
	TEST_ASSERT_VAL("snapshot", !top__snapshot(&f.top, &snap));
	TEST_ASSERT_VAL("five rows", snap.nr == 5);
	TEST_ASSERT_VAL("by period", snap.entries[0].nr_samples == 30 &&
				     snap.entries[4].nr_samples == 10);
	row = find_row(&snap, "[g] own_fn0", buf, sizeof(buf));
	TEST_ASSERT_VAL("own guest kernel", row && strstr(row, "[guest.kernel.kallsyms.1001]"));
	TEST_ASSERT_VAL("own guest share", strstr(row, "    30   30.00%  "));
	row = find_row(&snap, "[g] dflt_fn1", buf, sizeof(buf));
	TEST_ASSERT_VAL("default guest kernel", row && strstr(row, "[guest.kernel.kallsyms]") &&
						!strstr(row, "kallsyms."));
	row = find_row(&snap, "[u] 0x", buf, sizeof(buf));
	TEST_ASSERT_VAL("guest user", row && strstr(row, "    25   25.00%  "));
	row = find_row(&snap, "[k] host_fn0", buf, sizeof(buf));
	TEST_ASSERT_VAL("host kernel", row && strstr(row, "[kernel.kallsyms]"));
	row = find_row(&snap, "[.] 0x", buf, sizeof(buf));
	TEST_ASSERT_VAL("host user", row && strstr(row, "    20   20.00%  "));
	top_snapshot__exit(&snap);

	/* --guest-only (perf kvm top): host samples are counted but not listed. */
	fixture__exit(&f);
	TEST_ASSERT_VAL("fixture", !fixture__init(&f));
	f.top.host = false;
	TEST_ASSERT_VAL("feed", !feed_mixed(&f.top));
	TEST_ASSERT_VAL("snapshot", !top__snapshot(&f.top, &snap));
	TEST_ASSERT_VAL("guest rows only", snap.nr == 3 && !find_row(&snap, "[k]", buf, sizeof(buf)));
	TEST_ASSERT_VAL("host still counted", f.top.interval.kernel == 10);
	top_snapshot__exit(&snap);
	fixture__exit(&f);
	return TEST_OK;
}

/* The entry of unresolved host address @ip in the live table, or NULL. */
static const struct hist_entry *find_entry(const struct hists *h, uint64_t ip)
{
	size_t i;

	for (i = 0; i < h->nr; i++)
		if (!h->entries[i].key.sym && h->entries[i].key.addr == ip)
			return &h->entries[i];
	return NULL;
}

static int test_top_decay(void)
{
	struct hists *h;
	struct fixture f;
	const struct hist_entry *e;
	int i;

	TEST_ASSERT_VAL("fixture", !fixture__init(&f));
	h = &f.top.hists;
	TEST_ASSERT_VAL("a", !put_sample(&f.top, PERF_RECORD_MISC_USER, HOST_PID, 0x100, 800));
	for (i = 0; i < 15; i++)
		TEST_ASSERT_VAL("a", !put_sample(&f.top, PERF_RECORD_MISC_USER, HOST_PID, 0x100, 0));
	TEST_ASSERT_VAL("b", !put_sample(&f.top, PERF_RECORD_MISC_USER, HOST_PID, 0x200, 1));
	TEST_ASSERT_VAL("c", !put_sample(&f.top, PERF_RECORD_MISC_USER, HOST_PID, 0x300, 9));
	TEST_ASSERT_VAL("decay", !top__decay(&f.top));
	/* 7/8, rounded down: 800 -> 700 with 16 -> 14 samples, 9 -> 7, and 1 -> 0 is gone. */
	e = find_entry(h, 0x100);
	TEST_ASSERT_VAL("a decayed", e && e->period == 700 && e->nr_samples == 14);
	TEST_ASSERT_VAL("a user share decayed", e->period_us == 700);
	TEST_ASSERT_VAL("b dropped", !find_entry(h, 0x200) && h->nr == 2);
	e = find_entry(h, 0x300);
	TEST_ASSERT_VAL("c decayed", e && e->period == 7 && e->nr_samples == 0);
	TEST_ASSERT_VAL("totals", h->total_period == 707 && h->nr_samples == 14);
	/* After the compaction new samples still find their entries. */
	TEST_ASSERT_VAL("a again", !put_sample(&f.top, PERF_RECORD_MISC_USER, HOST_PID, 0x100, 100));
	TEST_ASSERT_VAL("b again", !put_sample(&f.top, PERF_RECORD_MISC_USER, HOST_PID, 0x200, 5));
	TEST_ASSERT_VAL("no duplicate", h->nr == 3 && find_entry(h, 0x100)->period == 800);
	TEST_ASSERT_VAL("b back", find_entry(h, 0x200)->period == 5);
	/* 5 -> 4 -> 3 -> 2 -> 1 -> 0: gone at the fifth refresh. */
	for (i = 0; i < 4; i++)
		TEST_ASSERT_VAL("decay", !top__decay(&f.top));
	TEST_ASSERT_VAL("b at 1", find_entry(h, 0x200) && find_entry(h, 0x200)->period == 1);
	TEST_ASSERT_VAL("decay", !top__decay(&f.top));
	TEST_ASSERT_VAL("b gone", !find_entry(h, 0x200) && find_entry(h, 0x100));
	for (i = 0; i < 100 && h->nr; i++)
		TEST_ASSERT_VAL("decay", !top__decay(&f.top));
	TEST_ASSERT_VAL("all gone", !h->nr && !h->total_period && !h->nr_samples);
	TEST_ASSERT_VAL("usable when empty",
			!put_sample(&f.top, PERF_RECORD_MISC_USER, HOST_PID, 0x100, 1) && h->nr == 1);
	fixture__exit(&f);
	return TEST_OK;
}

/* Many entries: the slots rebuilt after a decay must hold them all, once each. */
static int test_top_decay_many(void)
{
	const int n = 3000;
	struct top_snapshot snap;
	struct fixture f;
	int i, round;

	TEST_ASSERT_VAL("fixture", !fixture__init(&f));
	for (round = 0; round < 3; round++) {
		for (i = 0; i < n; i++)
			TEST_ASSERT_VAL("add", !put_sample(&f.top, PERF_RECORD_MISC_USER, HOST_PID,
							   0x10000 + 16 * i, 8 + i % 2));
		TEST_ASSERT_VAL("one entry each", f.top.hists.nr == (size_t)n);
		/* A snapshot must leave the live table usable. */
		TEST_ASSERT_VAL("snapshot", !top__snapshot(&f.top, &snap));
		TEST_ASSERT_VAL("snapshot size", snap.nr == (size_t)n &&
						 snap.entries[0].period >= snap.entries[n - 1].period);
		top_snapshot__exit(&snap);
		TEST_ASSERT_VAL("decay", !top__decay(&f.top));
	}
	fixture__exit(&f);
	return TEST_OK;
}

/* A host kernel sample at @ips[0] called from @ips[1]..., as the kernel writes its chain. */
static int put_chain_sample(struct top *t, const uint64_t *ips, int n)
{
	uint64_t chain[8];
	struct perf_sample s = {
		.ip = ips[0], .pid = HOST_PID, .tid = HOST_PID, .period = 1000,
		.cpumode = PERF_RECORD_MISC_KERNEL,
	};
	int i;

	chain[0] = PERF_CONTEXT_KERNEL;
	for (i = 0; i < n; i++)
		chain[i + 1] = ips[i];
	s.callchain.nr = n + 1;
	s.callchain.ips = (const unsigned char *)chain;
	return top__add_sample(t, &s, false);
}

/* The row of @snap named @sym ("host_fn0"), or NULL. */
static const struct hist_entry *snap_row(const struct top_snapshot *snap, const char *sym)
{
	size_t i;

	for (i = 0; i < snap->nr; i++)
		if (snap->entries[i].key.sym && !strcmp(snap->entries[i].key.sym->name, sym))
			return &snap->entries[i];
	return NULL;
}

/* Row @sym's Children, Self and tree period in a new snapshot of @t, as "acc self tree". */
static int chain_row(struct top *t, const char *sym, uint64_t *v)
{
	struct top_snapshot snap;
	const struct hist_entry *e;

	if (top__snapshot(t, &snap))
		return -1;
	e = snap_row(&snap, sym);
	if (e) {
		v[0] = e->period_acc;
		v[1] = e->period;
		v[2] = e->chain_root ? t->hists.chains->nodes[e->chain_root].cumul : 0;
	}
	top_snapshot__exit(&snap);
	return e ? 0 : -1;
}

/*
 * With chains, each refresh sorts the live table (a view: the entries
 * keep taking samples) and builds the trees; decay ages the chains with
 * their rows and lets them follow the rows as the table is compacted.
 */
static int test_top_chains(void)
{
	const uint64_t deep[] = { KTEXT + 0x1010, KTEXT + 0x2010, KTEXT + 0x3010 };
	struct callchain_param cc;
	struct fixture f;
	uint64_t v[3];
	int i;

	TEST_ASSERT_VAL("fixture", !fixture__init(&f));
	callchain_param__init(&cc);
	cc.order = ORDER_CALLER;
	TEST_ASSERT_VAL("chains", !top__enable_chains(&f.top, &cc, true));
	TEST_ASSERT_VAL("mmap", !put_host_kernel_mmap(&f.top));
	/* 16 in fn0 <- fn1 <- fn2, 8 in fn1 <- fn2. */
	for (i = 0; i < 16; i++)
		TEST_ASSERT_VAL("deep", !put_chain_sample(&f.top, deep, 3));
	for (i = 0; i < 8; i++)
		TEST_ASSERT_VAL("short", !put_chain_sample(&f.top, deep + 1, 2));
	TEST_ASSERT_VAL("fn2", !chain_row(&f.top, "host_fn2", v) && v[0] == 24000 && v[1] == 0);
	TEST_ASSERT_VAL("fn1", !chain_row(&f.top, "host_fn1", v) && v[0] == 24000 &&
			       v[1] == 8000 && v[2] == 24000);
	/* A second sort of the same samples counts nothing twice. */
	TEST_ASSERT_VAL("fn0", !chain_row(&f.top, "host_fn0", v) && v[0] == 16000 &&
			       v[1] == 16000 && v[2] == 16000);
	TEST_ASSERT_VAL("decay", !top__decay(&f.top));
	/* 7/8: 16000 -> 14000 and 8000 -> 7000, the trees' counts too. */
	TEST_ASSERT_VAL("fn0 decayed", !chain_row(&f.top, "host_fn0", v) && v[0] == 14000 &&
				       v[2] == 14000);
	TEST_ASSERT_VAL("fn2 decayed", !chain_row(&f.top, "host_fn2", v) && v[0] == 21000);
	/* Samples after a sort go to the entries, and the next sort takes them in. */
	for (i = 0; i < 8; i++)
		TEST_ASSERT_VAL("more", !put_chain_sample(&f.top, deep, 3));
	TEST_ASSERT_VAL("fn0 again", !chain_row(&f.top, "host_fn0", v) && v[0] == 22000 &&
				     v[1] == 22000 && v[2] == 22000);
	TEST_ASSERT_VAL("fn1 again", !chain_row(&f.top, "host_fn1", v) && v[0] == 29000 &&
				     v[2] == 29000);
	for (i = 0; i < 100 && f.top.hists.nr; i++)
		TEST_ASSERT_VAL("decay", !top__decay(&f.top));
	TEST_ASSERT_VAL("all gone, chains too", !f.top.hists.nr && !f.top.hists.chains->nr_uses);
	fixture__exit(&f);
	return TEST_OK;
}

static int test_top_header_and_rows(void)
{
	char title[256], rule[256];

	top__format_header(12, title, rule, sizeof(title));
	TEST_ASSERT_VAL("title", !strcmp(title, "     samples     pcnt  function      DSO"));
	TEST_ASSERT_VAL("rule", !strcmp(rule, "     _______  _______  ____________  ___"));
	return TEST_OK;
}

/* A COMM record naming thread @tid of @pid. */
static int put_comm(struct top *t, uint32_t pid, uint32_t tid, const char *name)
{
	union {
		struct perf_record_comm c;
		char buf[sizeof(struct perf_record_comm) + 32];
	} rec;

	memset(&rec, 0, sizeof(rec));
	rec.c.header.type = PERF_RECORD_COMM;
	rec.c.header.size = sizeof(rec);
	rec.c.pid = pid;
	rec.c.tid = tid;
	snprintf(rec.c.comm, 32, "%s", name);
	return top__process_event(t, (const union perf_event *)&rec);
}

/* --sort vcpu,dso: a column per key; QEMU's vCPU thread by its vCPU. */
static int test_top_sort_columns(void)
{
	char title[256], rule[256], row[256];
	struct top_snapshot snap;
	struct fixture f;
	size_t i;
	bool vcpu1 = false;

	TEST_ASSERT_VAL("fixture", !fixture__init(&f));
	TEST_ASSERT_VAL("unknown key", top__set_sort(&f.top, "vcpu,nosuch") == -EINVAL);
	TEST_ASSERT_VAL("sort", !top__set_sort(&f.top, "vcpu,dso"));
	TEST_ASSERT_VAL("comm", !put_comm(&f.top, QEMU_OWN, QEMU_OWN, "CPU 1/KVM"));
	TEST_ASSERT_VAL("feed", !feed_mixed(&f.top));
	TEST_ASSERT_VAL("snapshot", !top__snapshot(&f.top, &snap));
	TEST_ASSERT_VAL("columns", snap.columns);
	top_snapshot__format_header(&snap, 8, title, rule, sizeof(title));
	TEST_ASSERT_VAL("titles", !strcmp(title, "     samples     pcnt  vCPU  Shared Object"));
	TEST_ASSERT_VAL("rule", !strncmp(rule, "     _______  _______  ____  ____", 33));
	for (i = 0; i < snap.nr; i++) {
		top_snapshot__format_row(&snap, i, 8, row, sizeof(row));
		if (strstr(row, "     1  [guest.kernel.kallsyms.1001]") && strstr(row, "    30   30.00%"))
			vcpu1 = true;
	}
	TEST_ASSERT_VAL("vCPU 1's guest kernel row", vcpu1);
	top_snapshot__exit(&snap);
	fixture__exit(&f);
	return TEST_OK;
}

const struct test_case top_tests[] = {
	{ "top: guest and host shares in the perf kvm top headline", test_top_guest_headline },
	{ "top: perf top headline with -c, -C and lost samples", test_top_host_headline },
	{ "top: guest rows labelled by machine, [g]/[u] levels", test_top_guest_rows },
	{ "top: entries decay by 7/8 and drop at zero", test_top_decay },
	{ "top: the table stays consistent across decays", test_top_decay_many },
	{ "top: call chains sorted live, decayed with their rows", test_top_chains },
	{ "top: column titles", test_top_header_and_rows },
	{ "top: --sort, a column per key (vcpu, dso)", test_top_sort_columns },
	{ NULL, NULL }
};
