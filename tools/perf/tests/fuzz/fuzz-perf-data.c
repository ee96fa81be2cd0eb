// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: one input is one perf.data, read the way perf report
 * and perf buildid-list read it, all in this process so that the
 * sanitizers and the coverage see every step:
 *
 *   perf_session__open()		the file or the pipe format, header records
 *   perf_session__process()		the reader thread: window, copies, zstd,
 *					AUXTRACE payloads, ordered events; machines
 *   machines__resolve()		maps, DSOs, symbols (kallsyms, ELF files)
 *   unwind__get_entries()		DWARF unwinding of user stacks (libdw)
 *   hists__add(), hists__sort()	one histogram per event
 *   hists__fprintf()			the stdio table, into /dev/null
 *   build_id_list__*()			both lists of perf buildid-list
 *   trace_data__check()		the tracepoint formats' section, walked
 *   trace_event__print(), kvm_stat__*()	perf script's payloads, perf kvm
 *					stat report's pairing, on tracepoint samples
 *
 * The input's formats are not handed to libtraceevent, whose parser
 * crashes on some hostile format text (as it does in Linux perf): the
 * samples' payloads are decoded by this machine's kvm formats instead,
 * parsed once at start, so that our bounds checks of the payloads, and
 * libtraceevent's printing from a sound format, see hostile payloads.
 *
 * An input in the file format is a regular file (a memfd opened by its
 * /proc path).  One in the pipe format ("PERFILE2", size 16) is read
 * either as a saved stream, from that file, or as a live one, from a
 * pipe: on standard input, as "perf report -i -" reads it, or by a path
 * that names it, as a FIFO is read.  Bits of a hash of the input pick
 * which, so that an input always takes the same path.  Other bits pick
 * the sort keys and the table's columns.
 *
 * Kernel symbols come from a small kallsyms file written once at start,
 * for the host and the default guest: /proc/kallsyms costs milliseconds.
 * A --guestmount tree holds the guests of synth-guest's files, one of
 * them with a kallsyms that leads out of the tree.  HOME points nowhere,
 * so that no build-id cache is read.
 *
 * Besides the sanitizers, a failure must keep the library's contract:
 * a malformed file (-EINVAL, -ENODATA) says where and what.
 */
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "ui/session-msg.h"
#include "ui/stdio.h"
#include "util/build-id-list.h"
#include "util/debug.h"
#include "util/hist.h"
#include "util/hist-group.h"
#include "util/kvm-stat.h"
#include "util/session.h"
#include "util/buf.h"
#include "util/trace-data.h"
#include "util/trace-event.h"
#include "util/unwind.h"
#include "util/util.h"

#define PIPE_HEADER_SIZE	16
#define KTEXT			0xffffffff80000000ULL
#define KSTEP			(16ULL << 20)
#define KSYMS			64
#define MOD_BASE		0xffffffffc0000000ULL
#define READER_STACK		(512U << 10)
#define GUEST_PID		3587	/* synth-guest's QEMU processes */
#define GUEST_ESCAPE_PID	3620

/* Bits of the input's hash, and what each picks. */
#define PICK_STREAM		(1U << 0)
#define PICK_SORT		(3U << 1)	/* one of four sort orders */
#define PICK_NR_SAMPLES		(1U << 3)
#define PICK_CPU_UTIL		(1U << 4)
#define PICK_GUEST_UTIL		(1U << 5)
#define PICK_PERCENT		(1U << 6)
#define PICK_STDIN		(1U << 7)	/* a stream as "-", else by its path */
#define PICK_GROUPS		(1U << 8)	/* the group view, --group forcing one */
/* Bits 9-10: the kvm stat event kind; bit 11: SVM's exit names, else VMX's. */

static const char *const sort_orders[] = {
	"comm,dso,sym", "comm,pid,dso,sym", "sym,dso", "dso,pid,comm",
};

static struct {
	int memfd;		/* the input as a regular file */
	char path[64];		/* its /proc/self/fd path */
	char kallsyms[64];	/* the same for the kallsyms */
	char guestmount[64];
	size_t pipe_cap;	/* the largest pipe buffer we may ask for */
	FILE *null;
	struct tep_handle *tep;		/* fuzz__host_formats(), or NULL */
} fz;

struct fuzz_tool {
	struct perf_tool tool;
	struct hists *hists;	/* one per event */
	int nr_hists;
	struct tep_handle *tep;	/* the file's tracepoint formats, if any */
	struct kvm_stat ks;
};

static __attribute__((noreturn, format(printf, 1, 2))) void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	abort();
}

/*
 * FNV-1a over 64-bit words: any change to the input may flip any bit.
 * Not traced for coverage (nor inlined into what is): it would be a
 * traced comparison per word.
 */
static __attribute__((noinline, no_sanitize("coverage"))) uint32_t input_hash(const uint8_t *data,
									      size_t size)
{
	uint64_t h = 14695981039346656037ULL, w;
	size_t i;

	for (i = 0; i + 8 <= size; i += 8) {
		memcpy(&w, data + i, 8);
		h = (h ^ w) * 1099511628211ULL;
	}
	for (; i < size; i++)
		h = (h ^ data[i]) * 1099511628211ULL;
	return h ^ h >> 32;
}

/* Kernel text every 16 MB of the kernel's range, and two modules above it. */
static void write_kallsyms(FILE *f)
{
	int i;

	if (!f)
		die("fuzz: cannot write a kallsyms: %s\n", strerror(errno));
	fprintf(f, "%016llx T _text\n", KTEXT);
	for (i = 0; i < KSYMS; i++)
		fprintf(f, "%016llx %c fuzz_kernel_%02d\n", KTEXT + i * KSTEP + 0x1000,
			"TtWD"[i % 4], i);
	fprintf(f, "%016llx T _ZN4fuzz6kernel4mainEv\n", KTEXT + KSYMS * KSTEP - 0x1000);
	for (i = 0; i < 8; i++)
		fprintf(f, "%016llx t fuzz_mod_fn%d\t[fuzz_mod]\n", MOD_BASE + i * 0x100000ULL, i);
	for (i = 0; i < 4; i++)
		fprintf(f, "%016llx t fuzz_other_fn%d\t[fuzz_other]\n",
			MOD_BASE + 0x1000000ULL + i * 0x1000ULL, i);
	if (fclose(f))
		die("fuzz: writing a kallsyms: %s\n", strerror(errno));
}

/* guestmount/<pid>/proc/<file>, in @buf. */
static const char *guest_path(char *buf, size_t size, pid_t pid, const char *file)
{
	snprintf(buf, size, "%s/%d%s%s", fz.guestmount, pid, file ? "/proc/" : "", file ? file : "");
	return buf;
}

static void remove_guestmount(void)
{
	static const pid_t pids[] = { GUEST_PID, GUEST_ESCAPE_PID };
	char p[PATH_MAX];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(pids); i++) {
		unlink(guest_path(p, sizeof(p), pids[i], "kallsyms"));
		unlink(guest_path(p, sizeof(p), pids[i], "modules"));
		rmdir(guest_path(p, sizeof(p), pids[i], ""));
		rmdir(guest_path(p, sizeof(p), pids[i], NULL));
	}
	rmdir(fz.guestmount);
}

/*
 * A --guestmount tree for the QEMU pids of synth-guest's files: one guest
 * with its own kallsyms, one whose kallsyms is a symlink out of the tree,
 * which must be refused.  Removed at exit (not after a crash: libFuzzer
 * leaves then without running atexit handlers).
 */
static void make_guestmount(void)
{
	char p[PATH_MAX];
	pid_t pid;

	snprintf(fz.guestmount, sizeof(fz.guestmount), "/tmp/perf-fuzz-guests.XXXXXX");
	if (!mkdtemp(fz.guestmount))
		die("fuzz: mkdtemp: %s\n", strerror(errno));
	atexit(remove_guestmount);
	for (pid = GUEST_PID; pid; pid = pid == GUEST_PID ? GUEST_ESCAPE_PID : 0)
		if (mkdir(guest_path(p, sizeof(p), pid, NULL), 0700) ||
		    mkdir(guest_path(p, sizeof(p), pid, ""), 0700))
			die("fuzz: mkdir %s: %s\n", p, strerror(errno));
	write_kallsyms(fopen(guest_path(p, sizeof(p), GUEST_PID, "kallsyms"), "w"));
	fclose(fopen(guest_path(p, sizeof(p), GUEST_PID, "modules"), "w"));
	if (symlink("/proc/version", guest_path(p, sizeof(p), GUEST_ESCAPE_PID, "kallsyms")))
		die("fuzz: symlink %s: %s\n", p, strerror(errno));
}

static int memfd_path(const char *name, char *path, size_t size)
{
	int fd = memfd_create(name, MFD_CLOEXEC);

	if (fd < 0)
		die("fuzz: memfd_create: %s\n", strerror(errno));
	snprintf(path, size, "/proc/self/fd/%d", fd);
	return fd;
}

static struct tep_handle *fuzz__host_formats(void);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc __maybe_unused, char ***argv __maybe_unused)
{
	pthread_attr_t attr;
	char buf[32];
	ssize_t n;

	quiet = true;
	/*
	 * The library maps its large arrays asking for huge pages; each input
	 * would then zero 2 MB pages it touches a few KB of.
	 */
	prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
	/*
	 * Each input starts a reader thread, for which ASan clears the shadow
	 * of the whole stack: 1 MB for the default 8 MB.  It needs far less.
	 */
	if (pthread_attr_init(&attr) || pthread_attr_setstacksize(&attr, READER_STACK) ||
	    pthread_setattr_default_np(&attr))
		die("fuzz: cannot set the threads' stack size\n");
	pthread_attr_destroy(&attr);
	/* No build-id cache: what a file names must not depend on this machine's ~/.debug. */
	setenv("HOME", "/nonexistent", 1);
	setenv("PERF_BUILDID_DIR", "/nonexistent/.debug", 1);
	fz.memfd = memfd_path("perf-fuzz-input", fz.path, sizeof(fz.path));
	/* The memfd stays open: its /proc path is the file. */
	write_kallsyms(fdopen(dup(memfd_path("perf-fuzz-kallsyms", fz.kallsyms,
					     sizeof(fz.kallsyms))), "w"));
	make_guestmount();
	fz.null = fopen("/dev/null", "w");
	if (!fz.null)
		die("fuzz: /dev/null: %s\n", strerror(errno));
	n = read_small_file("/proc/sys/fs/pipe-max-size", buf, sizeof(buf) - 1);
	fz.pipe_cap = n > 0 ? strtoul(buf, NULL, 10) : 65536;
	fz.tep = fuzz__host_formats();
	return 0;
}

static void feed_file(const uint8_t *data, size_t size)
{
	if (ftruncate(fz.memfd, 0) || (size && pwriten(fz.memfd, data, size, 0)))
		die("fuzz: writing the memfd: %s\n", strerror(errno));
}

/*
 * The whole input in a pipe's buffer, its writer closed: the reader then
 * reads a stream to its end without blocking.  Returns the read end, or
 * -1 if the pipe cannot be made large enough (a user's pipe quota).
 */
static int feed_pipe(const uint8_t *data, size_t size)
{
	int p[2];

	if (pipe2(p, O_CLOEXEC))
		die("fuzz: pipe: %s\n", strerror(errno));
	if (size > 65536 && fcntl(p[1], F_SETPIPE_SZ, (int)size) < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if ((size && writen(p[1], data, size)) || close(p[1]))
		die("fuzz: filling the pipe: %s\n", strerror(errno));
	return p[0];
}

/*
 * Where the session reads the input from: the memfd, or the pipe either
 * as standard input ("-", as perf report -i - reads it) or by a path
 * that names it, as a FIFO is named.  *@pipe_fd is left for the caller
 * to close.
 */
static const char *feed(const uint8_t *data, size_t size, uint32_t pick, int *pipe_fd)
{
	static char path[64];
	bool pipe_format = size >= PIPE_HEADER_SIZE && !memcmp(data, "PERFILE2", 8) &&
			   data[8] == PIPE_HEADER_SIZE && !memcmp(data + 9, "\0\0\0\0\0\0\0", 7);

	*pipe_fd = -1;
	if (pipe_format && (pick & PICK_STREAM) && size <= fz.pipe_cap)
		*pipe_fd = feed_pipe(data, size);
	if (*pipe_fd < 0) {
		feed_file(data, size);
		return fz.path;
	}
	if (pick & PICK_STDIN) {
		if (dup2(*pipe_fd, STDIN_FILENO) < 0)
			die("fuzz: dup2: %s\n", strerror(errno));
		return "-";
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", *pipe_fd);
	return path;
}

struct fuzz_frame {
	struct perf_session *s;
	const struct perf_sample *sample;
};

/* An unwound frame, resolved as a chain's frames are. */
static int fuzz__frame(uint64_t ip, void *arg)
{
	struct fuzz_frame *f = arg;
	struct perf_sample s = {
		.ip = ip, .pid = f->sample->pid, .tid = f->sample->tid,
		.cpumode = PERF_RECORD_MISC_USER,
	};
	struct addr_location al;

	return machines__resolve(&f->s->machines, &s, &al);
}

static int fuzz__sample(struct perf_tool *tool, struct perf_session *s,
			const struct perf_sample *sample, const struct perf_header_attr *attr)
{
	struct fuzz_tool *t = container_of(tool, struct fuzz_tool, tool);
	struct fuzz_frame f = { s, sample };
	struct addr_location al;
	int err;

	err = machines__resolve(&s->machines, sample, &al);
	if (err)
		return err;
	if (al.machine && sample->user_stack.dyn_size) {
		err = unwind__get_entries(&s->machines, al.machine, sample->pid, sample->tid,
					  sample, 127, fuzz__frame, &f);
		if (err == -ENOMEM)
			return err;
	}
	if (al.dso)
		al.dso->hit = true;	/* for the build-id list of hits */
	if (attr->attr.type == PERF_TYPE_TRACEPOINT && t->tep) {
		trace_event__print(t->tep, sample, fz.null);
		err = kvm_stat__sample(&t->ks, sample, sample->pid);
		if (err)
			return err;
	}
	return hists__add(&t->hists[attr - s->header.attrs], &al, sample, NULL);
}

static int fuzz__init_hists(struct fuzz_tool *t, int nr, const char *sort)
{
	int i, err;

	t->hists = calloc(nr, sizeof(*t->hists));
	if (!t->hists)
		return -ENOMEM;
	t->nr_hists = nr;
	for (i = 0; i < nr; i++) {
		err = hists__init(&t->hists[i], sort);
		if (err)
			die("fuzz: hists__init(%s): %d\n", sort, err);
	}
	return 0;
}

static void fuzz__exit_hists(struct fuzz_tool *t)
{
	int i;

	for (i = 0; i < t->nr_hists; i++)
		hists__exit(&t->hists[i]);
	free(t->hists);
}

/* The group view's tables, as report --group prints them. */
static int fuzz__print_groups(struct fuzz_tool *t, const struct perf_session *s,
			      const struct hists_fmt *fmt)
{
	struct hists *ptrs[t->nr_hists ? t->nr_hists : 1];
	struct event_groups g;
	struct hists_group hg;
	int i, err;

	for (i = 0; i < t->nr_hists; i++)
		ptrs[i] = &t->hists[i];
	err = event_groups__init(&g, &s->header, true);
	for (i = 0; !err && i < t->nr_hists; i++) {
		if (g.leader[i] != i)
			continue;
		err = hists_group__build(&hg, &ptrs[i], g.nr_members[i]);
		if (!err)
			hists_group__fprintf(&hg, fmt, fz.null);
		hists_group__exit(&hg);
	}
	event_groups__exit(&g);
	return err;
}

/* The table perf report prints, for every event. */
static int fuzz__print(struct fuzz_tool *t, const struct perf_session *s, uint32_t pick)
{
	struct hists_fmt fmt = {
		.show_nr_samples = pick & PICK_NR_SAMPLES,
		.show_cpu_util = pick & PICK_CPU_UTIL,
		.show_guest_util = pick & PICK_GUEST_UTIL,
		.percent_limit = pick & PICK_PERCENT ? 0.5 : 0,
	};
	int i, err;

	for (i = 0; i < t->nr_hists; i++) {
		err = hists__sort(&t->hists[i]);
		if (err)
			return err;
		hists__fprintf(&t->hists[i], &fmt, fz.null);
	}
	return pick & PICK_GROUPS ? fuzz__print_groups(t, s, &fmt) : 0;
}

/* Both lists perf buildid-list prints: the header's, and the DSOs hit. */
static int fuzz__build_ids(struct perf_session *s)
{
	struct build_id_list l = { 0 };
	int err = 0;

	if (perf_header__has_feat(&s->header, HEADER_BUILD_ID)) {
		err = build_id_list__from_header(&l, s);
		if (!err)
			build_id_list__fprintf(&l, fz.null);
		build_id_list__exit(&l);
	}
	if (!err) {
		err = build_id_list__from_hits(&l, &s->machines, build_id_list__recorded_here(s));
		if (!err)
			build_id_list__fprintf(&l, fz.null);
		build_id_list__exit(&l);
	}
	return err;
}

/* A malformed file is refused with a message that says where and what. */
/* The file's tracing data: a bad section is refused with where it is wrong. */
static void fuzz__check_tracing(const struct perf_session *s)
{
	const struct perf_file_section *sec = &s->header.feat[HEADER_TRACING_DATA];
	char err[256] = "";

	if (!perf_header__has_feat(&s->header, HEADER_TRACING_DATA) || !sec->size)
		return;
	if (trace_data__check(s->base + sec->offset, sec->size, err, sizeof(err)) &&
	    strncmp(err, "tracing data offset ", 20) && strncmp(err, "out of memory", 13))
		die("fuzz: tracing data refused without an offset: '%s'\n", err);
}

/* This machine's kvm tracepoint formats, to decode the inputs' payloads by. */
static struct tep_handle *fuzz__host_formats(void)
{
	static const char * const names[] = {
		"kvm:kvm_entry", "kvm:kvm_exit", "kvm:kvm_mmio", "kvm:kvm_pio", "kvm:kvm_msr",
		"sched:sched_switch",
	};
	struct buf b = BUF_INIT;
	struct tep_handle *tep = NULL;
	char err[256];

	if (!trace_data__encode(&b, names, ARRAY_SIZE(names)))
		tep = trace_data__parse(b.data, b.len, err, sizeof(err));
	buf__release(&b);
	return tep;
}

/* The sorted events of perf kvm stat report, and their names. */
static void fuzz__kvm_stat(struct fuzz_tool *t)
{
	char name[64];
	size_t i;

	kvm_stat__sort(&t->ks, KVM_SORT_NAME);
	for (i = 0; i < t->ks.nr_events; i++)
		fprintf(fz.null, "%s %f\n", kvm_stat__event_name(&t->ks, &t->ks.events[i], name,
								 sizeof(name)),
			kvm_stat_bucket__rel_stddev(&t->ks.events[i].total));
}

static void check_error(const struct perf_session *s, int err, const char *stage)
{
	char msg[512];

	if (!err || err == -ENOMEM)
		return;
	if ((err == -EINVAL || err == -ENODATA) && !s->err[0])
		die("fuzz: %s failed with %s and no message\n", stage, strerror(-err));
	perf_session__strerror(s, err, NULL, msg, sizeof(msg));
	if (!msg[0])
		die("fuzz: %s: no message for error %d\n", stage, err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct guest_config cfg = {
		.host_kallsyms = fz.kallsyms,
		.kallsyms = fz.kallsyms,
		.guestmount = fz.guestmount,
	};
	struct fuzz_tool t = { .tool = { .sample = fuzz__sample } };
	uint32_t pick = input_hash(data, size);
	struct perf_session s;
	int err, pipe_fd;

	err = perf_session__open(&s, feed(data, size, pick, &pipe_fd), &cfg);
	check_error(&s, err, "open");
	if (!err)
		fuzz__check_tracing(&s);
	t.tep = fz.tep;
	kvm_stat__init(&t.ks, (enum kvm_stat_kind)(pick >> 9 & 3), t.tep);
	t.ks.svm = pick >> 11 & 1;
	if (!err)
		err = fuzz__init_hists(&t, s.header.nr_attrs,
				       sort_orders[(pick & PICK_SORT) >> 1]);
	if (!err) {
		err = perf_session__process(&s, &t.tool);
		check_error(&s, err, "process");
		session_msg__stats(&s);
		if (!err)
			err = fuzz__print(&t, &s, pick);
		fuzz__build_ids(&s);
		fuzz__kvm_stat(&t);
	}
	fuzz__exit_hists(&t);
	kvm_stat__exit(&t.ks);
	unwind__exit(&s.machines);
	perf_session__close(&s);
	if (pipe_fd >= 0)
		close(pipe_fd);
	return 0;
}
