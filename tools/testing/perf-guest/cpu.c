// SPDX-License-Identifier: GPL-2.0
/*
 * Simulated CPUs.
 *
 * Each simulated CPU is a thread that alternates between "QEMU userspace"
 * and KVM_RUN; inside KVM_RUN it enters a guest on a model of VMX or SVM
 * hardware, lets the guest change CPL and RIP, and leaves it again.  A
 * per-thread POSIX timer sends it PG_NMI_SIG at random moments: that is a
 * host PMU NMI.  The signal handler plays the hardware:
 *
 *  - in guest mode, an NMI is not delivered; it causes a VM exit, which
 *    saves the guest CPL and RIP, and leaves NMIs blocked (VMX) or GIF
 *    clear (SVM).  VMX: the exit path re-raises it through
 *    vmx_do_nmi_irqoff(), which calls the NMI entry directly and then
 *    unblocks NMIs (the IRET).  SVM: the NMI stays pending (the signal is
 *    re-sent to the thread, still blocked) and is taken at STGI;
 *  - in host mode, the NMI is delivered: the NMI entry in shim/shim.c runs
 *    the registered NMI handlers, i.e. perf's, with pt_regs built from the
 *    interrupted context.
 *
 * The handler knows which NMI caused an exit, and with which CPL and RIP,
 * so every sample can be checked (check.c).
 *
 * Negative control (a): built with PG_NEG_EARLY_WINDOW, the run loop opens
 * KVM's NMI window at guest entry and closes it after the exit has been
 * handled, the placement that the NMI-only window replaced.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include <asm/perf_event.h>

#include "harness.h"
#include "../../../arch/x86/kvm/x86.h"

__thread struct pg_cpu *pg_cpu_self;
static struct pg_cpu pg_cpus[PG_MAX_CPUS];
static volatile bool pg_stop;
static sigset_t pg_nmi_set;

/*
 * Two sources of host NMIs.  The timer's land at arbitrary instructions,
 * but cost tens of microseconds each in a virtual machine; injected ones
 * are sent by the CPU to itself at random points of the model (one in
 * PG_INJECT of them) and are several times cheaper.
 */
#define PG_NMI_PERIOD_NS	200000
#define PG_INJECT		3

/* Guest address ranges: a user text segment and a kernel text segment. */
#define PG_GUEST_USER_IP	0x0000000000400000UL
#define PG_GUEST_KERNEL_IP	0xffffffff81000000UL

u64 pg_rand(u64 *state)
{
	u64 x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

void pg_spin(unsigned int loops)
{
	while (loops--)
		__asm__ __volatile__("pause" : : : "memory");
}

static void pg_block_nmi(void)
{
	pthread_sigmask(SIG_BLOCK, &pg_nmi_set, NULL);
}

static void pg_unblock_nmi(void)
{
	pthread_sigmask(SIG_UNBLOCK, &pg_nmi_set, NULL);
}

/* SVM: clearing and setting GIF holds and releases host NMIs. */
void pg_hw_clgi(void)
{
	pg_block_nmi();
}

void pg_hw_stgi(void)
{
	pg_unblock_nmi();
}

/*
 * A periodic timer: re-arming it from the handler would cost a syscall per
 * NMI.  Where the NMIs land is random all the same, because the work
 * between them is of random length.
 */
static void pg_maybe_inject_nmi(struct pg_cpu *c)
{
	if (pg_rand(&c->rng) % PG_INJECT == 0) {
		c->cnt.injected++;
		raise(PG_NMI_SIG);
	}
}

static void pg_timer_arm(struct pg_cpu *c)
{
	struct itimerspec its = {
		.it_value.tv_nsec = 1000 + pg_rand(&c->rng) % 8000,
		.it_interval.tv_nsec = PG_NMI_PERIOD_NS,
	};

	timer_settime(c->timer, 0, &its, NULL);
}

/* What a VM exit saves: the guest state at the moment of the exit. */
static void pg_hw_save_exit_state(struct pg_cpu *c)
{
	c->prev_exit_cpl = c->exit_cpl;
	c->exit_cpl = c->cpl;
	c->exit_rip = c->rip;
	c->vcpu->arch.regs[VCPU_REGS_RIP] = c->exit_rip;
}

/*
 * An NMI hit the guest: it causes a VM exit instead of being delivered,
 * and NMIs remain blocked (VMX) or GIF clear (SVM) in the host afterwards.
 */
static void pg_hw_nmi_exit(struct pg_cpu *c, ucontext_t *uc)
{
	pg_hw_save_exit_state(c);
	c->gstate = PG_EXIT_NMI;
	c->cnt.nmi_exits++;
	sigaddset(&uc->uc_sigmask, PG_NMI_SIG);

	if (c->vendor == PG_SVM) {
		/* The NMI stays pending until STGI. */
		c->exit_nmi_pending = true;
		raise(PG_NMI_SIG);
	} else if (pg_rand(&c->rng) % 4 == 0) {
		/*
		 * Another host NMI arrives while NMIs are blocked.  It is
		 * latched and taken when the re-raised NMI returns, inside
		 * KVM's window, and must be attributed to the host.
		 */
		c->cnt.latched++;
		raise(PG_NMI_SIG);
	}
}

static void pg_nmi_signal(int sig, siginfo_t *si, void *ucv)
{
	struct pg_cpu *c = pg_cpu_self;
	ucontext_t *uc = ucv;
	int saved_errno = errno;
	struct pt_regs regs;
	bool exit_nmi;

	if (!c)
		return;
	if (si->si_code == SI_TIMER)
		c->cnt.timer++;

	if (c->gstate == PG_GUEST) {
		pg_hw_nmi_exit(c, uc);
		errno = saved_errno;
		return;
	}

	regs.ip = uc->uc_mcontext.gregs[REG_RIP];
	regs.sp = uc->uc_mcontext.gregs[REG_RSP];
	regs.cs = c->host_user ? __USER_CS : __KERNEL_CS;
	regs.flags = (pg_rand(&c->rng) & 1) ? PERF_EFLAGS_EXACT : 0;

	exit_nmi = c->exit_nmi_pending;
	c->exit_nmi_pending = false;
	pg_nmi(c, &regs, exit_nmi);

	errno = saved_errno;
}

/*
 * vmenter.S's vmx_do_nmi_irqoff(): run the NMI entry for the NMI that
 * caused the exit, with NMIs still blocked, then IRET, which unblocks them.
 */
void vmx_do_nmi_irqoff(void)
{
	struct pg_cpu *c = pg_cpu_self;
	struct pt_regs regs = {
		.ip	= (unsigned long)__builtin_return_address(0),
		.cs	= __KERNEL_CS,
		.flags	= (pg_rand(&c->rng) & 1) ? PERF_EFLAGS_EXACT : 0,
	};

	pg_nmi(c, &regs, true);

	c->in_iret = true;
	pg_unblock_nmi();
	c->in_iret = false;
}

/* Run the guest until it exits; return PG_EXIT_NMI or PG_EXIT_OTHER. */
static int pg_guest_run(struct pg_cpu *c)
{
	unsigned int steps = 1 + pg_rand(&c->rng) % 48;
	int expected = PG_GUEST;
	int reason;

	WRITE_ONCE(c->gstate, PG_GUEST);
	if (c->vendor == PG_SVM)
		pg_unblock_nmi();	/* VMRUN: the guest runs with GIF set */

	while (READ_ONCE(c->gstate) == PG_GUEST) {
		u64 r = pg_rand(&c->rng);

		/* The guest runs; syscalls and IRETs change its CPL. */
		if (r & 1) {
			c->cpl = 3;
			c->rip = PG_GUEST_USER_IP + (r >> 44);
		} else {
			c->cpl = 0;
			c->rip = PG_GUEST_KERNEL_IP + (r >> 44);
		}
		pg_spin((r >> 8) % 16);
		pg_maybe_inject_nmi(c);

		if (--steps)
			continue;

		/* The guest does something that exits, e.g. HLT. */
		if (c->vendor == PG_SVM)
			pg_block_nmi();	/* #VMEXIT clears GIF */
		if (__atomic_compare_exchange_n(&c->gstate, &expected,
						PG_EXIT_OTHER, false,
						__ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST)) {
			pg_hw_save_exit_state(c);
			c->cnt.other_exits++;
		}
		break;
	}

	reason = READ_ONCE(c->gstate);
	WRITE_ONCE(c->gstate, PG_HOST);
	return reason;
}

/* One iteration of vcpu_enter_guest(). */
static void pg_vcpu_run_once(struct pg_cpu *c)
{
	u64 r = pg_rand(&c->rng);
	bool nmi;

#ifdef PG_NEG_EARLY_WINDOW
	kvm_before_handle_nmi(c->vcpu);
#endif
	pg_spin(r % 64);		/* host work before entry */
	pg_maybe_inject_nmi(c);

	if (c->vendor == PG_SVM)
		clgi();
	nmi = pg_guest_run(c) == PG_EXIT_NMI;

	if (c->vendor == PG_VMX)
		pg_vmx_exit(c->vcpu, nmi, r >> 16);
	else
		pg_svm_exit(c->vcpu, nmi, r >> 16);

	pg_spin((r >> 8) % 64);		/* host work after the exit */
	pg_maybe_inject_nmi(c);
#ifdef PG_NEG_EARLY_WINDOW
	kvm_after_handle_nmi(c->vcpu);
#endif
}

static void *pg_cpu_thread(void *arg)
{
	struct pg_cpu *c = arg;
	struct sigevent sev;

	pg_cpu_self = c;
	c->tid = gettid();
	rcu_register_thread();

	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = PG_NMI_SIG;
	sev._sigev_un._tid = c->tid;
	if (timer_create(CLOCK_MONOTONIC, &sev, &c->timer)) {
		perror("timer_create");
		abort();
	}
	pg_timer_arm(c);
	pg_unblock_nmi();

	while (!READ_ONCE(pg_stop)) {
		unsigned int runs = 1 + pg_rand(&c->rng) % 8;

		/* QEMU userspace */
		c->host_user = true;
		pg_spin(pg_rand(&c->rng) % 256);
		pg_maybe_inject_nmi(c);
		c->host_user = false;

		/* ioctl(KVM_RUN) */
		while (runs--)
			pg_vcpu_run_once(c);
	}

	pg_block_nmi();
	timer_delete(c->timer);
	rcu_unregister_thread();
	pg_cpu_self = NULL;
	return NULL;
}

void pg_nmi_signal_init(void)
{
	struct sigaction sa;

	sigemptyset(&pg_nmi_set);
	sigaddset(&pg_nmi_set, PG_NMI_SIG);

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = pg_nmi_signal;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, PG_NMI_SIG);	/* NMIs do not nest */
	sigaction(PG_NMI_SIG, &sa, NULL);

	/* Only simulated CPUs take NMIs. */
	pg_block_nmi();
}

static void pg_counters_add(struct pg_counters *t, const struct pg_counters *c)
{
	t->nmis += c->nmis;
	t->exit_nmis += c->exit_nmis;
	t->nmi_exits += c->nmi_exits;
	t->other_exits += c->other_exits;
	t->latched += c->latched;
	t->injected += c->injected;
	t->timer += c->timer;
	t->host_in_window += c->host_in_window;
	t->samples += c->samples;
	t->guest_user += c->guest_user;
	t->guest_kernel += c->guest_kernel;
	t->excluded += c->excluded;
	t->mistagged += c->mistagged;
}

static u64 pg_sum(size_t offset)
{
	u64 sum = 0;
	unsigned int i;

	for (i = 0; i < pg_opts.ncpus; i++)
		sum += READ_ONCE(*(u64 *)((char *)&pg_cpus[i].cnt + offset));
	return sum;
}

static double pg_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Run the simulated CPUs until they have taken pg_opts.nmis NMIs, a sample
 * is mistagged, a warning fired, @stop_early says so, or the timeout.
 * Return 0, or -ETIMEDOUT if the NMI target was not reached.
 */
int pg_cpus_run(struct pg_counters *total, struct pg_failure *fail,
		bool (*stop_early)(void))
{
	double start = pg_now();
	bool reached = false;
	unsigned int i;

	memset(total, 0, sizeof(*total));
	memset(fail, 0, sizeof(*fail));
	WRITE_ONCE(pg_stop, false);

	for (i = 0; i < pg_opts.ncpus; i++) {
		struct pg_cpu *c = &pg_cpus[i];

		memset(c, 0, sizeof(*c));
		c->id = i;
		c->vendor = (i & 1) ? PG_SVM : PG_VMX;
		c->rng = (pg_opts.seed ^ (0x9e3779b97f4a7c15ULL * (i + 1))) | 1;
		c->vcpu = c->vendor == PG_VMX ? pg_vmx_vcpu_create(i) :
						pg_svm_vcpu_create(i);
		if (!c->vcpu) {
			fprintf(stderr, "out of memory\n");
			exit(2);
		}
		c->vcpu->pg_hw = c;
		c->events[0].cpu = i;
		c->events[1].cpu = i;
		c->events[1].attr.exclude_guest = 1;
	}

	for (i = 0; i < pg_opts.ncpus; i++) {
		if (pthread_create(&pg_cpus[i].thread, NULL, pg_cpu_thread,
				   &pg_cpus[i])) {
			fprintf(stderr, "pthread_create failed\n");
			exit(2);
		}
	}

	for (;;) {
		struct timespec ts = { .tv_nsec = 10 * 1000 * 1000 };

		nanosleep(&ts, NULL);
		if (pg_sum(offsetof(struct pg_counters, nmis)) >= pg_opts.nmis) {
			reached = true;
			break;
		}
		if (pg_sum(offsetof(struct pg_counters, mistagged)) ||
		    READ_ONCE(pg_warnings) || (stop_early && stop_early()))
			break;
		if (pg_now() - start > pg_opts.timeout)
			break;
	}

	WRITE_ONCE(pg_stop, true);
	for (i = 0; i < pg_opts.ncpus; i++)
		pthread_join(pg_cpus[i].thread, NULL);

	for (i = 0; i < pg_opts.ncpus; i++) {
		struct pg_cpu *c = &pg_cpus[i];

		pg_counters_add(total, &c->cnt);
		if (c->fail.set && !fail->set)
			*fail = c->fail;
		if (c->vendor == PG_VMX)
			pg_vmx_vcpu_free(c->vcpu);
		else
			pg_svm_vcpu_free(c->vcpu);
		c->vcpu = NULL;
	}

	if (pg_opts.verbose)
		fprintf(stderr, "  %.2f s, %.0f NMIs/s\n", pg_now() - start,
			total->nmis / (pg_now() - start));

	return reached ? 0 : -ETIMEDOUT;
}
