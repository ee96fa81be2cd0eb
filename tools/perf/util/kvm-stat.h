/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_KVM_STAT_H
#define __PERF_KVM_STAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct perf_sample;
struct tep_handle;
struct tep_format_field;

/* What perf kvm stat measures: what made the vCPU leave the guest, and for how long. */
enum kvm_stat_kind {
	KVM_STAT_VMEXIT,	/* every exit, by reason; kvm_exit to the next kvm_entry */
	KVM_STAT_MMIO,		/* MMIO accesses, by guest physical address and direction */
	KVM_STAT_IOPORT,	/* port I/O, by port and direction */
	KVM_STAT_MSR,		/* MSR accesses, by MSR and direction */
};

/* Latency buckets: [0, 1) us, then [2^(i-1), 2^i) us; the last takes the rest. */
#define KVM_STAT_HIST	24

/* Counts and times (ns) of one event key, overall or on one vCPU. */
struct kvm_stat_bucket {
	uint64_t count;
	uint64_t time;
	uint64_t min, max;
	double mean, m2;		/* running mean and sum of squares (Welford) */
	uint64_t hist[KVM_STAT_HIST];
};

/* One vCPU: a VM's (its process id) vCPU number, from kvm_entry's vcpu_id. */
struct kvm_stat_vcpu {
	uint32_t pid;
	uint32_t vcpu;
	struct kvm_stat_bucket b;
};

/* One event key: an exit reason, a port, an MSR or an address, with a direction. */
struct kvm_stat_event {
	uint64_t key;
	uint32_t info;			/* isa, rw, write or the MMIO type */
	uint32_t seen;			/* order of first appearance */
	struct kvm_stat_bucket total;
	struct kvm_stat_vcpu *vcpus;
	size_t nr_vcpus;
};

struct kvm_stat_thread;
struct kvm_stat_tp;

/*
 * The analysis: samples in, events out.  Filters (@vcpu, @pids) apply
 * before counting, as in perf, so totals are the filtered ones.
 */
struct kvm_stat {
	enum kvm_stat_kind kind;
	struct tep_handle *tep;		/* the file's formats; not owned */
	int vcpu;			/* only this vCPU number, or -1 */
	const uint32_t *pids;		/* only these VMs, if @nr_pids */
	size_t nr_pids;
	uint64_t duration;		/* log exits that took longer (ns); 0: none */
	void (*slow)(void *arg, uint32_t pid, uint32_t vcpu, const char *name, uint64_t ns);
	void *slow_arg;
	bool svm;			/* exit names: SVM's, else VMX's */
	struct kvm_stat_event *events;
	size_t nr_events, alloc_events;
	struct kvm_stat_thread *threads;
	size_t nr_threads, alloc_threads;
	struct kvm_stat_tp *tps;	/* the tracepoints seen, their fields looked up once */
	size_t nr_tps;
	struct tep_format_field *type_field;	/* common_type, once looked up */
	uint64_t total_count, total_time;
	uint64_t nr_unknown;		/* tracepoint samples without a format */
};

/* Prepares @ks for @kind; @tep is the file's formats. */
void kvm_stat__init(struct kvm_stat *ks, enum kvm_stat_kind kind, struct tep_handle *tep);

/* Frees what @ks holds. */
void kvm_stat__exit(struct kvm_stat *ks);

/*
 * Chooses the exit names from the recording CPU's HEADER_CPUID string:
 * SVM for AMD and Hygon, VMX for Intel.  Returns 0, or -ENOTSUP for a
 * CPU of neither kind (or no cpuid).
 */
int kvm_stat__set_cpu(struct kvm_stat *ks, const char *cpuid);

/* Zeroes every count and time (live: a new interval), keeping where each vCPU is. */
void kvm_stat__reset(struct kvm_stat *ks);

/* Takes one sample of any tracepoint; only the kvm ones count. Returns 0 or -ENOMEM. */
int kvm_stat__sample(struct kvm_stat *ks, const struct perf_sample *sample, uint32_t pid);

/* Sort orders of the report, as perf kvm stat report -k names them. */
enum kvm_stat_sort {
	KVM_SORT_SAMPLE, KVM_SORT_TIME, KVM_SORT_MAX, KVM_SORT_MIN, KVM_SORT_MEAN, KVM_SORT_NAME,
};

/* Parses a -k name (sample, time, max_t, min_t, mean_t, ev_name). Returns 0 or -EINVAL. */
int kvm_stat__parse_sort(const char *name, enum kvm_stat_sort *sort);

/* Sorts the events for the report: by @sort, largest first (names A to Z), ties as perf has them. */
void kvm_stat__sort(struct kvm_stat *ks, enum kvm_stat_sort sort);

/* The name of @ev's key as perf prints it ("hlt", "0x80:POUT", "0xfee000b0:W"), into @buf. */
const char *kvm_stat__event_name(const struct kvm_stat *ks, const struct kvm_stat_event *ev,
				 char *buf, size_t size);

/* The column title of @kind's names: "VM-EXIT", "MMIO Access", ... */
const char *kvm_stat__kind_title(enum kvm_stat_kind kind);

/* Parses an --event name (vmexit, mmio, ioport, msr). Returns 0 or -EINVAL. */
int kvm_stat__parse_kind(const char *name, enum kvm_stat_kind *kind);

/* The relative standard deviation of the mean of @b, in percent, as perf prints it. */
double kvm_stat_bucket__rel_stddev(const struct kvm_stat_bucket *b);

/* The name of exit reason @code, or NULL when the table has none. */
const char *kvm_exit_reason__name(bool svm, uint64_t code);

#endif /* __PERF_KVM_STAT_H */
