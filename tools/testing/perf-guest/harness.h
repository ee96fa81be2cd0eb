/* SPDX-License-Identifier: GPL-2.0 */
/*
 * perf-guest harness: shared declarations.
 *
 * A simulated CPU is a thread.  It runs a vCPU on a model of VMX or SVM
 * hardware, takes NMIs as signals, and checks every sample the PMU model
 * produces against what the model knows to be true.  See README.
 */
#ifndef _PG_HARNESS_H
#define _PG_HARNESS_H

#include <linux/kvm_host.h>
#include <linux/perf_event.h>
#include <signal.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#define PG_NMI_SIG	SIGUSR1
#define PG_MAX_CPUS	8

enum pg_vendor {
	PG_VMX,
	PG_SVM,
};

/* Hardware state of a simulated CPU with respect to its vCPU. */
enum pg_gstate {
	PG_HOST,		/* running host code */
	PG_GUEST,		/* running the guest */
	PG_EXIT_NMI,		/* left the guest because an NMI hit it */
	PG_EXIT_OTHER,		/* left the guest for another reason */
};

/* What is true about the NMI being handled; the checker's reference. */
struct pg_truth {
	bool		exit_nmi;	/* the NMI that caused a VM exit */
	bool		host_user;	/* host was in QEMU userspace */
	bool		cbs_seen;	/* race test: heap callbacks consulted */
	unsigned int	cpl;		/* guest CPL as of that exit */
	unsigned long	rip;		/* guest RIP as of that exit */
};

struct pg_failure {
	bool		set;
	int		cpu;
	bool		exclude_guest;
	struct pg_truth	truth;
	unsigned long	regs_ip;
	unsigned int	misc;
	unsigned long	ip;
};

struct pg_counters {
	u64 nmis;		/* NMIs handled (host and exit) */
	u64 exit_nmis;		/* of which: the NMI that caused a VM exit */
	u64 nmi_exits;		/* VM exits caused by an NMI (hardware) */
	u64 other_exits;	/* VM exits for other reasons */
	u64 latched;		/* host NMIs latched while NMIs were blocked */
	u64 injected;		/* host NMIs sent at random points of the model */
	u64 timer;		/* host NMIs from the timer, at any instruction */
	u64 host_in_window;	/* host NMIs taken inside KVM's NMI window */
	u64 samples;		/* samples checked */
	u64 guest_user;		/* samples correctly tagged guest user */
	u64 guest_kernel;	/* samples correctly tagged guest kernel */
	u64 excluded;		/* exclude_guest samples of an exit NMI */
	u64 mistagged;		/* samples that disagree with the truth */
};

struct pg_cpu {
	int			id;
	enum pg_vendor		vendor;
	struct kvm_vcpu		*vcpu;
	pid_t			tid;
	pthread_t		thread;
	timer_t			timer;
	u64			rng;

	/* Hardware model, written by the CPU thread and its NMI handler. */
	volatile int		gstate;
	volatile bool		host_user;
	volatile unsigned int	cpl;		/* guest CPL now */
	volatile unsigned long	rip;		/* guest RIP now */
	unsigned int		exit_cpl;	/* saved by the last VM exit */
	unsigned int		prev_exit_cpl;	/* saved by the one before */
	unsigned long		exit_rip;
	volatile bool		exit_nmi_pending; /* SVM: held until STGI */
	volatile bool		in_iret;	/* VMX: NMI unblock after re-raise */

	struct pg_truth		truth;
	struct perf_event	events[2];	/* [1] has exclude_guest */
	struct pg_counters	cnt;
	struct pg_failure	fail;
};

struct pg_opts {
	u64		seed;
	u64		nmis;		/* per stress test */
	unsigned int	ncpus;
	unsigned int	timeout;	/* seconds per stress test */
	bool		verbose;
};

extern struct pg_opts pg_opts;
extern __thread struct pg_cpu *pg_cpu_self;
extern volatile bool pg_race_mode;
extern u64 pg_warnings;

/* main.c */
void pg_summary(const char *test, const struct pg_counters *c);

/* cpu.c */
u64 pg_rand(u64 *state);
void pg_spin(unsigned int loops);
void pg_nmi_signal_init(void);
int pg_cpus_run(struct pg_counters *total, struct pg_failure *fail,
		bool (*stop_early)(void));

/* check.c */
void pg_check_sample(struct pg_cpu *c, struct perf_event *event,
		     struct pt_regs *regs);
void pg_print_failure(const struct pg_failure *f);

/* pmu.c */
int pg_pmu_init(void);

/* cpu.c: vmenter.S's entry point, declared by arch/x86/kvm/vmx.c */
void vmx_do_nmi_irqoff(void);

/* kvm_vmx.c, kvm_svm.c */
struct kvm_vcpu *pg_vmx_vcpu_create(int id);
struct kvm_vcpu *pg_svm_vcpu_create(int id);
void pg_vmx_vcpu_free(struct kvm_vcpu *vcpu);
void pg_svm_vcpu_free(struct kvm_vcpu *vcpu);
void pg_vmx_exit(struct kvm_vcpu *vcpu, bool nmi, u64 rnd);
void pg_svm_exit(struct kvm_vcpu *vcpu, bool nmi, u64 rnd);

/* shim/shim.c */
void pg_nmi(struct pg_cpu *c, struct pt_regs *regs, bool exit_nmi);
int pg_kvm_get_cpl(struct kvm_vcpu *vcpu);
extern const struct kvm_x86_ops pg_kvm_ops;
void pg_warnings_print(void);

/* tests */
int pg_test_api(void);
int pg_test_stubs(void);
int pg_test_tag(void);
int pg_test_race(void);

#endif /* _PG_HARNESS_H */
