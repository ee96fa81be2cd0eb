// SPDX-License-Identifier: GPL-2.0
/*
 * kvm-guest-runner - run a tiny 64-bit KVM guest whose symbols and time
 * shares are known, so that an end-to-end test can check what a host-side
 * "perf record -a" makes of guest samples.
 *
 * The guest (guest.S) starts directly in long mode, no firmware: the runner
 * writes its GDT, TSS and page tables (layout.h), then the guest loops over
 * passes of three "kernel" functions, one "module" function and one CPL3
 * "user" loop.  Each spins the same loop its weight times a unit, so time
 * shares follow the weights.  After each pass the guest writes to an I/O
 * port; there the runner counts passes, rescales the unit so that a pass
 * takes about PASS_SECS, and past the deadline tells the guest to halt.
 * Short passes skew the shares: under TCG the exit that ends a pass costs
 * about a millisecond, and some of its samples land on the guest.  One
 * guest per process: run several for several guests.
 *
 * The files it writes are the truth a test compares perf's output with:
 *
 *   -k FILE  guest /proc/kallsyms: "%016lx T NAME" for the kernel text
 *            symbols, _stext and _text to _etext, in address order, then
 *            "%016lx t NAME\t[e2e_mod]" for the module's.
 *   -m FILE  guest /proc/modules: "e2e_mod SIZE 0 - Live 0x%lx".
 *   -w FILE  one line per spinning function, "NAME SHARE START END MODE":
 *            SHARE the expected fraction of the guest's samples (%.4f),
 *            [START, END) its addresses (%016lx), MODE "guest-kernel" or
 *            "guest-user".  The glue between functions is not listed: it
 *            takes well under 1% of the samples.
 *   -d DIR   DIR/PID/proc/kallsyms and DIR/PID/proc/modules, the layout of
 *            perf's --guestmount, PID being the runner's own: samples go to
 *            the task that issues KVM_RUN.
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <linux/kvm.h>

#include "layout.h"
#include "kvm-guest-runner.h"
#include "guest-image.h"

#define PROG		"kvm-guest-runner"
#define WATCHDOG_SECS	30
#define PASS_SECS	0.1
#define UNIT_FIRST	50000UL
#define UNIT_MAX	(1UL << 32)

#define X86_CR0_PE	0x1UL
#define X86_CR0_ET	0x10UL
#define X86_CR0_NE	0x20UL
#define X86_CR0_WP	0x10000UL
#define X86_CR0_PG	0x80000000UL
#define X86_CR4_PAE	0x20UL
#define EFER_SCE	0x1UL
#define EFER_LME	0x100UL
#define EFER_LMA	0x400UL
#define MSR_STAR	0xc0000081
#define MSR_LSTAR	0xc0000082

#define PTE_P		0x1UL
#define PTE_W		0x2UL
#define PTE_U		0x4UL
#define PTE_PS		0x80UL
#define PT_INDEX(va, shift)	(((va) >> (shift)) & 511)

_Static_assert(sizeof(e2e_img_kernel) <= E2E_PAGE_2M, "kernel too big");
_Static_assert(sizeof(e2e_img_user) <= E2E_PAGE_2M - 4096, "user too big");
_Static_assert(sizeof(e2e_img_module) <= E2E_MOD_SIZE, "module too big");

/* Two mirror-image mixes, so that two guests in one recording differ. */
static const unsigned int variant_weights[][E2E_NR_FN] = {
	{ 4, 2, 1, 1, 2 },
	{ 1, 2, 4, 2, 1 },
};

struct options {
	unsigned long secs, variant, unit;
	unsigned long stat_outs, stat_hlts;	/* -x OUTS,HLTS */
	bool stat;
	const char *kallsyms, *modules, *weights, *dir;
	bool files_only;
};

struct vm {
	int kvm, vm, vcpu;
	unsigned char *mem;
	struct kvm_run *run;
	size_t run_size;
};

struct run {
	const unsigned int *weights;
	unsigned long unit;
	int fixed_unit;
	double start, deadline, pass_start;
	unsigned long passes, io, hlt, intr;
	bool stat;			/* -x: count exits, end on E2E_PORT_DONE */
};

char fail_what[PATH_MAX + 64];
static volatile sig_atomic_t watchdog_fired;

int fail(const char *what)
{
	int err = errno ? errno : EIO;

	snprintf(fail_what, sizeof(fail_what), "%s", what);
	return -err;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int write_truth(const struct options *o, const unsigned int *weights)
{
	int err = 0;

	if (o->kallsyms)
		err = write_kallsyms(o->kallsyms);
	if (!err && o->modules)
		err = write_modules(o->modules);
	if (!err && o->weights)
		err = write_weights(o->weights, weights);
	if (!err && o->dir)
		err = write_guestmount(o->dir);
	return err;
}

static void vm_destroy(struct vm *vm)
{
	if (vm->run)
		munmap(vm->run, vm->run_size);
	if (vm->vcpu >= 0)
		close(vm->vcpu);
	if (vm->vm >= 0)
		close(vm->vm);
	if (vm->mem)
		munmap(vm->mem, E2E_MEM_SIZE);
	if (vm->kvm >= 0)
		close(vm->kvm);
}

/* On error, what was made is left in @vm for vm_destroy(). */
static int vm_create(struct vm *vm)
{
	struct kvm_userspace_memory_region region = {
		.memory_size = E2E_MEM_SIZE,
	};
	void *p;
	int ret;

	*vm = (struct vm){ .kvm = -1, .vm = -1, .vcpu = -1 };
	vm->kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vm->kvm < 0)
		return fail("/dev/kvm");
	ret = ioctl(vm->kvm, KVM_GET_API_VERSION, 0);
	if (ret != KVM_API_VERSION) {
		errno = ret < 0 ? errno : EPROTO;
		return fail("KVM_GET_API_VERSION");
	}
	vm->vm = ioctl(vm->kvm, KVM_CREATE_VM, 0);
	if (vm->vm < 0)
		return fail("KVM_CREATE_VM");
	/* Needed on Intel only; a no-op on AMD. */
	if (ioctl(vm->vm, KVM_SET_TSS_ADDR, 0xfffbd000UL) < 0)
		return fail("KVM_SET_TSS_ADDR");
	p = mmap(NULL, E2E_MEM_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return fail("mmap guest memory");
	vm->mem = p;
	region.userspace_addr = (unsigned long)p;
	if (ioctl(vm->vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		return fail("KVM_SET_USER_MEMORY_REGION");
	vm->vcpu = ioctl(vm->vm, KVM_CREATE_VCPU, 0);
	if (vm->vcpu < 0)
		return fail("KVM_CREATE_VCPU");
	ret = ioctl(vm->kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (ret < 0)
		return fail("KVM_GET_VCPU_MMAP_SIZE");
	vm->run_size = ret;
	p = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		 vm->vcpu, 0);
	if (p == MAP_FAILED)
		return fail("mmap kvm_run");
	vm->run = p;
	return 0;
}

static void put_u64(unsigned char *mem, unsigned long pa, uint64_t val)
{
	memcpy(mem + pa, &val, sizeof(val));
}

/* Every page identity mapped, kernel and module also up high; 2 MiB each. */
static void setup_page_tables(unsigned char *mem)
{
	const uint64_t table = PTE_P | PTE_W, leaf = PTE_P | PTE_W | PTE_PS;
	unsigned long pa;

	/* U/S must be set at every level above the one user page. */
	put_u64(mem, E2E_PML4_PA, E2E_PDPT_LO_PA | table | PTE_U);
	put_u64(mem, E2E_PDPT_LO_PA, E2E_PD_LO_PA | table | PTE_U);
	for (pa = 0; pa < E2E_MEM_SIZE; pa += E2E_PAGE_2M)
		put_u64(mem, E2E_PD_LO_PA + pa / E2E_PAGE_2M * 8,
			pa | leaf | (pa == E2E_USER_PA ? PTE_U : 0));

	put_u64(mem, E2E_PML4_PA + PT_INDEX(E2E_KERN_VA, 39) * 8,
		E2E_PDPT_HI_PA | table);
	put_u64(mem, E2E_PDPT_HI_PA + PT_INDEX(E2E_KERN_VA, 30) * 8,
		E2E_PD_KERN_PA | table);
	put_u64(mem, E2E_PDPT_HI_PA + PT_INDEX(E2E_MOD_VA, 30) * 8,
		E2E_PD_MOD_PA | table);
	put_u64(mem, E2E_PD_KERN_PA + PT_INDEX(E2E_KERN_VA, 21) * 8,
		E2E_KERN_PA | leaf);
	put_u64(mem, E2E_PD_KERN_PA + PT_INDEX(E2E_KSTACK_VA, 21) * 8, 0 | leaf);
	put_u64(mem, E2E_PD_MOD_PA + PT_INDEX(E2E_MOD_VA, 21) * 8,
		E2E_MOD_PA | leaf);
}

/*
 * SYSCALL and SYSRET never read the GDT, but the CPU state we load must
 * match what it says, and VMX wants a TR pointing at a busy 64-bit TSS.
 */
static void setup_gdt_tss(unsigned char *mem)
{
	const uint64_t tss = E2E_TSS_PA, tss_limit = 0x67;

	put_u64(mem, E2E_GDT_PA + E2E_SEL_KCODE, 0x00af9b000000ffffULL);
	put_u64(mem, E2E_GDT_PA + E2E_SEL_KDATA, 0x00cf93000000ffffULL);
	put_u64(mem, E2E_GDT_PA + E2E_SEL_UCODE32, 0x00cffb000000ffffULL);
	put_u64(mem, E2E_GDT_PA + E2E_SEL_UDATA, 0x00cff3000000ffffULL);
	put_u64(mem, E2E_GDT_PA + E2E_SEL_UCODE, 0x00affb000000ffffULL);
	put_u64(mem, E2E_GDT_PA + E2E_SEL_TSS, tss_limit |
		(tss & 0xffffff) << 16 | 0x8bULL << 40 | (tss >> 24 & 0xff) << 56);
	put_u64(mem, E2E_GDT_PA + E2E_SEL_TSS + 8, tss >> 32);

	/* RSP0, should an exception ever come from CPL3; no I/O bitmap. */
	put_u64(mem, E2E_TSS_PA + 4, E2E_KSTACK_VA_TOP);
	mem[E2E_TSS_PA + 102] = tss_limit + 1;
}

static void set_loop_counts(struct vm *vm, const struct run *r)
{
	unsigned int i;

	for (i = 0; i < E2E_NR_FN; i++)
		put_u64(vm->mem, E2E_PARAMS_PA + i * 8, r->weights[i] * r->unit);
}

static void load_guest(struct vm *vm, const struct run *r)
{
	memcpy(vm->mem + E2E_KERN_PA, e2e_img_kernel, sizeof(e2e_img_kernel));
	memcpy(vm->mem + E2E_USER_PA, e2e_img_user, sizeof(e2e_img_user));
	memcpy(vm->mem + E2E_MOD_PA, e2e_img_module, sizeof(e2e_img_module));
	setup_page_tables(vm->mem);
	setup_gdt_tss(vm->mem);
	set_loop_counts(vm, r);
}

static int set_cpuid(struct vm *vm)
{
	struct kvm_cpuid2 *cpuid = NULL;
	unsigned int nent;
	int err = -E2BIG;

	/* Long mode is refused unless the guest's CPUID says it has it. */
	for (nent = 64; nent <= 4096; nent *= 2) {
		free(cpuid);
		cpuid = calloc(1, sizeof(*cpuid) + nent * sizeof(cpuid->entries[0]));
		if (!cpuid)
			return -ENOMEM;
		cpuid->nent = nent;
		if (!ioctl(vm->kvm, KVM_GET_SUPPORTED_CPUID, cpuid))
			break;
		err = fail("KVM_GET_SUPPORTED_CPUID");
		if (err != -E2BIG)
			goto out;
	}
	if (nent > 4096)
		goto out;
	err = 0;
	if (ioctl(vm->vcpu, KVM_SET_CPUID2, cpuid) < 0)
		err = fail("KVM_SET_CPUID2");
out:
	free(cpuid);
	return err;
}

static int set_sregs(struct vm *vm)
{
	const struct kvm_segment code = {
		.limit = 0xffffffff, .selector = E2E_SEL_KCODE, .type = 11,
		.present = 1, .s = 1, .l = 1, .g = 1,
	};
	const struct kvm_segment data = {
		.limit = 0xffffffff, .selector = E2E_SEL_KDATA, .type = 3,
		.present = 1, .s = 1, .db = 1, .g = 1,
	};
	const struct kvm_segment tr = {
		.base = E2E_TSS_PA, .limit = 0x67, .selector = E2E_SEL_TSS,
		.type = 11, .present = 1,
	};
	struct kvm_sregs sregs;

	if (ioctl(vm->vcpu, KVM_GET_SREGS, &sregs) < 0)
		return fail("KVM_GET_SREGS");
	sregs.cs = code;
	sregs.ds = sregs.es = sregs.fs = sregs.gs = sregs.ss = data;
	sregs.tr = tr;
	sregs.ldt = (struct kvm_segment){ .type = 2, .unusable = 1 };
	sregs.gdt.base = E2E_GDT_PA;
	sregs.gdt.limit = E2E_SEL_TSS + 16 - 1;
	/* No IDT: an exception triple-faults, which guest_exit_error() tells. */
	sregs.idt.base = 0;
	sregs.idt.limit = 0;
	sregs.cr0 = X86_CR0_PE | X86_CR0_ET | X86_CR0_NE | X86_CR0_WP | X86_CR0_PG;
	sregs.cr3 = E2E_PML4_PA;
	sregs.cr4 = X86_CR4_PAE;
	sregs.efer = EFER_LME | EFER_LMA | EFER_SCE;
	if (ioctl(vm->vcpu, KVM_SET_SREGS, &sregs) < 0)
		return fail("KVM_SET_SREGS");
	return 0;
}

static int set_msrs_regs(struct vm *vm, bool stat)
{
	unsigned long entry = guest_sym_addr(stat ? "e2e_stat_entry" : "e2e_kernel_entry");
	unsigned long lstar = guest_sym_addr("e2e_syscall_entry");
	struct {
		struct kvm_msrs hdr;
		struct kvm_msr_entry entries[2];
	} msrs = {
		.hdr.nmsrs = 2,
		/* SYSRET: CS = STAR[63:48] + 16, SS = + 8; SYSCALL: [47:32]. */
		.entries[0].index = MSR_STAR,
		.entries[0].data = (uint64_t)(E2E_SEL_UCODE32 | 3) << 48 |
				   (uint64_t)E2E_SEL_KCODE << 32,
		.entries[1].index = MSR_LSTAR,
	};
	struct kvm_regs regs = { .rflags = 0x2 };
	int ret;

	if (!entry || !lstar)
		return -ENOENT;
	msrs.entries[1].data = lstar;
	ret = ioctl(vm->vcpu, KVM_SET_MSRS, &msrs);
	if (ret != 2) {
		errno = ret < 0 ? errno : EINVAL;
		return fail("KVM_SET_MSRS");
	}
	regs.rip = entry;
	if (ioctl(vm->vcpu, KVM_SET_REGS, &regs) < 0)
		return fail("KVM_SET_REGS");
	return 0;
}

/* Says where the guest was and why it left, which is what debugging needs. */
static int guest_exit_error(struct vm *vm)
{
	struct kvm_run *run = vm->run;
	struct kvm_sregs sregs;
	struct kvm_regs regs;
	char why[64];

	if (run->exit_reason == KVM_EXIT_IO)
		snprintf(why, sizeof(why), "I/O %s port %#x",
			 run->io.direction == KVM_EXIT_IO_OUT ? "out" : "in",
			 run->io.port);
	else if (run->exit_reason == KVM_EXIT_MMIO)
		snprintf(why, sizeof(why), "MMIO at %#llx", run->mmio.phys_addr);
	else if (run->exit_reason == KVM_EXIT_SHUTDOWN)
		snprintf(why, sizeof(why), "shutdown (triple fault)");
	else if (run->exit_reason == KVM_EXIT_INTERNAL_ERROR)
		snprintf(why, sizeof(why), "internal error %u",
			 run->internal.suberror);
	else
		snprintf(why, sizeof(why), "exit reason %u", run->exit_reason);
	/* After a shutdown KVM has reset the vCPU: its rip says nothing. */
	if (run->exit_reason == KVM_EXIT_SHUTDOWN) {
		snprintf(fail_what, sizeof(fail_what), "guest %s", why);
		return -EIO;
	}
	if (ioctl(vm->vcpu, KVM_GET_REGS, &regs) < 0)
		return fail("KVM_GET_REGS");
	if (ioctl(vm->vcpu, KVM_GET_SREGS, &sregs) < 0)
		return fail("KVM_GET_SREGS");
	snprintf(fail_what, sizeof(fail_what), "guest %s at rip %#llx, cpl %u",
		 why, regs.rip, sregs.cs.dpl);
	return -EIO;
}

/* Aims the next pass at PASS_SECS, by at most a factor of 2 at a time. */
static void rescale_unit(struct run *r, double pass_secs)
{
	double scale = pass_secs > 0 ? PASS_SECS / pass_secs : 2;

	scale = scale < 0.5 ? 0.5 : scale > 2 ? 2 : scale;
	r->unit *= scale;
	r->unit = r->unit < 1 ? 1 : r->unit > UNIT_MAX ? UNIT_MAX : r->unit;
}

static int handle_io(struct vm *vm, struct run *r)
{
	double t = now();

	r->io++;
	if (vm->run->io.direction != KVM_EXIT_IO_OUT ||
	    vm->run->io.port != E2E_PORT_PASS)
		return guest_exit_error(vm);
	r->passes++;
	if (!r->fixed_unit) {
		rescale_unit(r, t - r->pass_start);
		set_loop_counts(vm, r);
	}
	r->pass_start = t;
	/* The guest reads this right after the OUT, and then halts. */
	if (t >= r->deadline)
		put_u64(vm->mem, E2E_PARAMS_PA + E2E_PARAM_STOP, 1);
	return 0;
}

static void watchdog(int sig)
{
	(void)sig;
	watchdog_fired = 1;
}

/* KVM_RUN returns EINTR on the alarm only if the handler does not restart. */
static int arm_watchdog(unsigned long secs)
{
	struct sigaction sa = { .sa_handler = watchdog };

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGALRM, &sa, NULL))
		return fail("sigaction");
	alarm(secs + WATCHDOG_SECS);
	return 0;
}

/* -x: the counted exits go on; the one on E2E_PORT_DONE ends the run. */
static int handle_stat_exit(struct vm *vm, struct run *r, bool *done)
{
	if (vm->run->exit_reason == KVM_EXIT_HLT) {
		r->hlt++;
		return 0;
	}
	r->io++;
	if (vm->run->io.direction != KVM_EXIT_IO_OUT)
		return guest_exit_error(vm);
	if (vm->run->io.port == E2E_PORT_DONE)
		*done = true;
	else if (vm->run->io.port != E2E_PORT_STAT)
		return guest_exit_error(vm);
	return 0;
}

static int run_stat_guest(struct vm *vm, struct run *r, unsigned long secs)
{
	bool done = false;
	int err = arm_watchdog(secs);

	r->start = now();
	while (!err && !done && !watchdog_fired) {
		if (ioctl(vm->vcpu, KVM_RUN, 0) < 0) {
			if (errno != EINTR)
				return fail("KVM_RUN");
			r->intr++;
		} else if (vm->run->exit_reason == KVM_EXIT_IO ||
			   vm->run->exit_reason == KVM_EXIT_HLT) {
			err = handle_stat_exit(vm, r, &done);
		} else {
			return guest_exit_error(vm);
		}
	}
	alarm(0);
	if (!err && !done) {
		snprintf(fail_what, sizeof(fail_what), "guest still running after %lu s", secs);
		return -ETIMEDOUT;
	}
	return err;
}

static int run_guest(struct vm *vm, struct run *r, unsigned long secs)
{
	int err;

	err = arm_watchdog(secs);
	if (err)
		return err;
	r->start = r->pass_start = now();
	r->deadline = r->start + secs;
	while (!watchdog_fired) {
		if (ioctl(vm->vcpu, KVM_RUN, 0) < 0) {
			if (errno != EINTR)
				return fail("KVM_RUN");
			r->intr++;
		} else if (vm->run->exit_reason == KVM_EXIT_IO) {
			err = handle_io(vm, r);
			if (err)
				return err;
		} else if (vm->run->exit_reason == KVM_EXIT_HLT) {
			r->hlt++;
			alarm(0);
			return 0;
		} else {
			return guest_exit_error(vm);
		}
	}
	snprintf(fail_what, sizeof(fail_what),
		 "guest still running %d s past the deadline, after %lu passes",
		 WATCHDOG_SECS, r->passes);
	return -ETIMEDOUT;
}

static void usage(FILE *f)
{
	fprintf(f,
"usage: " PROG " [-n] [-s SECS] [-v VARIANT] [-i ITERS] [-k FILE] [-m FILE] [-x OUTS,HLTS]\n"
"                        [-w FILE] [-d DIR]\n"
"Runs one KVM guest that spins in known functions for SECS seconds.\n"
"  -n          write the files below and exit: no guest, no /dev/kvm needed\n"
"  -s SECS     run time (default 3)\n"
"  -v VARIANT  1: weights a:b:c:mod:user 4:2:1:1:2 (default)\n"
"              2: weights a:b:c:mod:user 1:2:4:2:1\n"
"  -i ITERS    loop iterations per unit of weight and pass (default: rescaled\n"
"              after each pass so that a pass takes about 0.1 s)\n"
"  -k FILE     write the guest's /proc/kallsyms: \"ADDR T NAME\" for kernel\n"
"              text, \"ADDR t NAME\\t[e2e_mod]\" for the module\n"
"  -m FILE     write the guest's /proc/modules:\n"
"              \"e2e_mod SIZE 0 - Live 0xADDR\"\n"
"  -w FILE     write \"NAME SHARE START END MODE\" per spinning function:\n"
"              the expected share of guest samples, its range [START, END)\n"
"              in hex, MODE guest-kernel or guest-user\n"
"  -d DIR      write DIR/PID/proc/kallsyms and DIR/PID/proc/modules, PID\n"
"              being this process (perf kvm --guestmount=DIR)\n"
"  -x OUTS,HLTS  no spinning: exactly OUTS port writes to 0xe3 and HLTS\n"
"              halts, then one write to 0xe4 that ends the run (within SECS)\n"
"Prints one summary line on stderr at the end; exits 0 on success.\n");
}

static int parse_ulong(const char *arg, unsigned long min, unsigned long max,
		       unsigned long *val)
{
	char *end;

	errno = 0;
	*val = strtoul(arg, &end, 0);
	if (errno || end == arg || *end || *val < min || *val > max)
		return -EINVAL;
	return 0;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	int c, err = 0;

	*o = (struct options){ .secs = 3, .variant = 1 };
	while (!err && (c = getopt(argc, argv, "ns:v:i:k:m:w:d:x:h")) != -1) {
		switch (c) {
		case 'x':
			o->stat = true;
			if (sscanf(optarg, "%lu,%lu", &o->stat_outs, &o->stat_hlts) != 2 ||
			    o->stat_outs > 1000000 || o->stat_hlts > 1000000)
				err = -EINVAL;
			break;
		case 'n':
			o->files_only = true;
			break;
		case 's':
			err = parse_ulong(optarg, 1, 86400, &o->secs);
			break;
		case 'v':
			err = parse_ulong(optarg, 1, ARRAY_SIZE(variant_weights),
					  &o->variant);
			break;
		case 'i':
			err = parse_ulong(optarg, 1, UNIT_MAX, &o->unit);
			break;
		case 'k':
			o->kallsyms = optarg;
			break;
		case 'm':
			o->modules = optarg;
			break;
		case 'w':
			o->weights = optarg;
			break;
		case 'd':
			o->dir = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			err = -EINVAL;
			break;
		}
	}
	return err || optind != argc ? -EINVAL : 0;
}

int main(int argc, char **argv)
{
	struct options o;
	struct run r;
	struct vm vm;
	int err;

	if (parse_options(argc, argv, &o)) {
		usage(stderr);
		return 2;
	}
	r = (struct run){
		.weights = variant_weights[o.variant - 1],
		.unit = o.unit ? o.unit : UNIT_FIRST,
		.fixed_unit = !!o.unit,
	};
	err = write_truth(&o, r.weights);
	if (err || o.files_only)
		goto out;
	err = vm_create(&vm);
	if (err)
		goto out_vm;
	load_guest(&vm, &r);
	put_u64(vm.mem, E2E_PARAMS_PA + E2E_PARAM_STAT_OUTS, o.stat_outs);
	put_u64(vm.mem, E2E_PARAMS_PA + E2E_PARAM_STAT_HLTS, o.stat_hlts);
	err = set_cpuid(&vm);
	if (!err)
		err = set_sregs(&vm);
	if (!err)
		err = set_msrs_regs(&vm, o.stat);
	if (!err)
		err = o.stat ? run_stat_guest(&vm, &r, o.secs) : run_guest(&vm, &r, o.secs);
	if (!err)
		fprintf(stderr, PROG ": pid %d variant %lu: %lu passes in %.2f s,"
			" unit %lu; exits: io %lu, hlt %lu, intr %lu\n",
			(int)getpid(), o.variant, r.passes, now() - r.start,
			r.unit, r.io, r.hlt, r.intr);
out_vm:
	vm_destroy(&vm);
out:
	if (err)
		fprintf(stderr, PROG ": %s: %s\n", fail_what, strerror(-err));
	return err ? 1 : 0;
}
