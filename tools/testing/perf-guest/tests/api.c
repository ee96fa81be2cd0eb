// SPDX-License-Identifier: GPL-2.0
/*
 * Deterministic tests of the interfaces: registration rules, KVM's
 * registration at load and unload, the NMI window, and a table of
 * attribution cases for perf_prepare_sample().
 */
#include <errno.h>

#include <asm/hardirq.h>
#include <asm/perf_event.h>

#include "../harness.h"
#include "../../../../arch/x86/kvm/x86.h"
#include "common.h"

static struct {
	int		in_guest;
	int		user;
	unsigned long	ip;
} pg_fake;

static int pg_fake_is_in_guest(void)
{
	return pg_fake.in_guest;
}

static int pg_fake_is_user_mode(void)
{
	return pg_fake.user;
}

static unsigned long pg_fake_get_guest_ip(void)
{
	return pg_fake.ip;
}

static struct perf_guest_info_callbacks pg_fake_cbs = {
	.is_in_guest	= pg_fake_is_in_guest,
	.is_user_mode	= pg_fake_is_user_mode,
	.get_guest_ip	= pg_fake_get_guest_ip,
};

static int pg_test_registration(void)
{
	struct perf_guest_info_callbacks incomplete = {
		.is_in_guest = pg_fake_is_in_guest,
	};
	struct perf_guest_info_callbacks *kvm_cbs;

	/* main() loaded "KVM", which registered its callbacks. */
	kvm_cbs = rcu_access_pointer(perf_guest_cbs);
	PG_ASSERT(kvm_cbs != NULL);

	PG_ASSERT_EQ(perf_register_guest_info_callbacks(&pg_fake_cbs), -EBUSY);
	PG_ASSERT_EQ(perf_register_guest_info_callbacks(kvm_cbs), -EBUSY);
	PG_ASSERT_EQ(perf_unregister_guest_info_callbacks(&pg_fake_cbs), -EINVAL);
	PG_ASSERT_EQ(perf_unregister_guest_info_callbacks(NULL), -EINVAL);
	PG_ASSERT(rcu_access_pointer(perf_guest_cbs) == kvm_cbs);

	/* A second vendor module is refused. */
	PG_ASSERT_EQ(kvm_x86_vendor_init(&pg_kvm_ops), -EEXIST);

	/* Unload: the callbacks are gone, and cannot be unregistered twice. */
	kvm_x86_vendor_exit();
	PG_ASSERT(rcu_access_pointer(perf_guest_cbs) == NULL);
	PG_ASSERT_EQ(perf_unregister_guest_info_callbacks(kvm_cbs), -EINVAL);

	PG_ASSERT_EQ(perf_register_guest_info_callbacks(NULL), -EINVAL);
	PG_ASSERT_EQ(perf_register_guest_info_callbacks(&incomplete), -EINVAL);
	PG_ASSERT(rcu_access_pointer(perf_guest_cbs) == NULL);

	/* Someone else holds them: KVM loads without, and leaves them be. */
	PG_ASSERT_EQ(perf_register_guest_info_callbacks(&pg_fake_cbs), 0);
	PG_ASSERT_EQ(kvm_x86_vendor_init(&pg_kvm_ops), 0);
	PG_ASSERT(rcu_access_pointer(perf_guest_cbs) == &pg_fake_cbs);
	kvm_x86_vendor_exit();
	PG_ASSERT(rcu_access_pointer(perf_guest_cbs) == &pg_fake_cbs);
	PG_ASSERT_EQ(perf_unregister_guest_info_callbacks(&pg_fake_cbs), 0);
	PG_ASSERT_EQ(perf_unregister_guest_info_callbacks(&pg_fake_cbs), -EINVAL);

	/* Load again. */
	PG_ASSERT_EQ(kvm_x86_vendor_init(&pg_kvm_ops), 0);
	PG_ASSERT(rcu_access_pointer(perf_guest_cbs) == kvm_cbs);
	return 0;
}

/* Enter and leave NMI context the way the harness's NMI entry does. */
static void pg_fake_nmi_enter(void)
{
	pg_nmi_nesting++;
	this_cpu_inc(irq_stat.__nmi_count);
}

static void pg_fake_nmi_exit(void)
{
	pg_nmi_nesting--;
}

static int pg_test_window(void)
{
	struct perf_guest_info_callbacks *kvm = rcu_access_pointer(perf_guest_cbs);
	struct pg_cpu hw = { .exit_cpl = 3, .prev_exit_cpl = 0 };
	struct kvm_vcpu *vcpu = pg_vmx_vcpu_create(0);

	PG_ASSERT(vcpu != NULL);
	PG_ASSERT(kvm != NULL);
	vcpu->pg_hw = &hw;
	vcpu->arch.regs[VCPU_REGS_RIP] = 0x401234;

	/* An NMI outside the window is the host's. */
	pg_fake_nmi_enter();
	PG_ASSERT_EQ(kvm->is_in_guest(), 0);
	PG_ASSERT_EQ(kvm->get_guest_ip(), 0);
	pg_fake_nmi_exit();

	kvm_before_handle_nmi(vcpu);

	/* Not in NMI context: not a sample of the exit's NMI. */
	PG_ASSERT_EQ(kvm->is_in_guest(), 0);

	/* The first NMI in the window is the one that caused the exit. */
	pg_fake_nmi_enter();
	PG_ASSERT_EQ(kvm->is_in_guest(), 1);
	PG_ASSERT_EQ(kvm->is_user_mode(), 1);
	PG_ASSERT_EQ(kvm->get_guest_ip(), 0x401234);
	pg_fake_nmi_exit();

	/* A host NMI latched meanwhile, taken after its IRET: host. */
	pg_fake_nmi_enter();
	PG_ASSERT_EQ(kvm->is_in_guest(), 0);
	PG_ASSERT_EQ(kvm->is_user_mode(), 0);
	pg_fake_nmi_exit();

	kvm_after_handle_nmi(vcpu);

	/* Guest kernel, next exit. */
	hw.exit_cpl = 0;
	vcpu->arch.regs[VCPU_REGS_RIP] = 0xffffffff81001234UL;
	kvm_before_handle_nmi(vcpu);
	pg_fake_nmi_enter();
	PG_ASSERT_EQ(kvm->is_in_guest(), 1);
	PG_ASSERT_EQ(kvm->is_user_mode(), 0);
	PG_ASSERT_EQ(kvm->get_guest_ip(), 0xffffffff81001234UL);
	pg_fake_nmi_exit();
	kvm_after_handle_nmi(vcpu);

	pg_fake_nmi_enter();
	PG_ASSERT_EQ(kvm->is_in_guest(), 0);
	pg_fake_nmi_exit();

	pg_vmx_vcpu_free(vcpu);
	return 0;
}

#define HOST_IP		0xffffffffa0001000UL
#define GUEST_IP	0x0000000000401000UL
#define K		PERF_RECORD_MISC_KERNEL
#define U		PERF_RECORD_MISC_USER
#define GK		PERF_RECORD_MISC_GUEST_KERNEL
#define GU		PERF_RECORD_MISC_GUEST_USER
#define X		PERF_RECORD_MISC_EXACT_IP

static const struct pg_attr_case {
	const char	*name;
	int		in_guest;
	int		user;
	bool		exact;
	bool		host_user;
	bool		exclude_guest;
	unsigned int	misc;
	unsigned long	ip;
} pg_attr_cases[] = {
	{ "host kernel",		0, 0, 0, 0, 0, K,	HOST_IP },
	{ "host user",			0, 0, 0, 1, 0, U,	HOST_IP },
	{ "host kernel, exact",		0, 0, 1, 0, 0, K | X,	HOST_IP },
	{ "user answer ignored",	0, 1, 0, 0, 0, K,	HOST_IP },
	{ "guest kernel",		1, 0, 0, 0, 0, GK,	GUEST_IP },
	{ "guest user",			1, 1, 0, 0, 0, GU,	GUEST_IP },
	{ "guest user, exact",		1, 1, 1, 0, 0, GU | X,	GUEST_IP },
	{ "guest kernel, host user regs", 1, 0, 0, 1, 0, GK,	GUEST_IP },
	{ "exclude_guest, guest kernel", 1, 0, 0, 0, 1, K,	HOST_IP },
	{ "exclude_guest, guest user",	1, 1, 0, 0, 1, K,	HOST_IP },
	{ "exclude_guest, exact",	1, 1, 1, 0, 1, K | X,	HOST_IP },
	{ "exclude_guest, host user",	0, 0, 0, 1, 1, U,	HOST_IP },
	{ NULL }
};

static int pg_test_attribution(void)
{
	const struct pg_attr_case *tc;
	unsigned int ran = 0;

	PG_ASSERT_EQ(perf_register_guest_info_callbacks(&pg_fake_cbs), -EBUSY);
	kvm_x86_vendor_exit();
	PG_ASSERT_EQ(perf_register_guest_info_callbacks(&pg_fake_cbs), 0);

	for (tc = pg_attr_cases; tc->name; tc++) {
		struct perf_event event = {
			.attr.exclude_guest = tc->exclude_guest,
		};
		struct pt_regs regs = {
			.ip	= HOST_IP,
			.cs	= tc->host_user ? __USER_CS : __KERNEL_CS,
			.flags	= tc->exact ? PERF_EFLAGS_EXACT : 0,
		};
		struct perf_event_header header;
		struct perf_sample_data data = { 0 };

		pg_fake.in_guest = tc->in_guest;
		pg_fake.user = tc->user;
		pg_fake.ip = GUEST_IP;

		perf_prepare_sample(&header, &data, &event, &regs);
		if (header.misc != tc->misc || data.ip != tc->ip) {
			fprintf(stderr, "%s: case '%s': misc %#x ip %#llx, expected misc %#x ip %#lx\n",
				__func__, tc->name, header.misc,
				(unsigned long long)data.ip, tc->misc, tc->ip);
			return -1;
		}
		PG_ASSERT_EQ(header.type, PERF_RECORD_SAMPLE);
		if (!tc->exclude_guest) {
			PG_ASSERT_EQ(perf_misc_flags(&regs), tc->misc);
			PG_ASSERT_EQ(perf_instruction_pointer(&regs), tc->ip);
		}
		ran++;
	}
	PG_ASSERT_EQ(ran, ARRAY_SIZE(pg_attr_cases) - 1);

	PG_ASSERT_EQ(perf_unregister_guest_info_callbacks(&pg_fake_cbs), 0);
	PG_ASSERT_EQ(kvm_x86_vendor_init(&pg_kvm_ops), 0);
	return 0;
}

int pg_test_api(void)
{
	if (pg_test_registration() || pg_test_window() ||
	    pg_test_attribution() || pg_test_stubs())
		return -1;
	if (pg_warnings) {
		pg_warnings_print();
		return -1;
	}
	return 0;
}
