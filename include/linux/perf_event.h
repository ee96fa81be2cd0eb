/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Performance events: the parts used to attribute samples to KVM guests.
 *
 * This tree carries only the declarations that the guest-sampling patch set
 * adds or touches; the rest of the perf_event interface is unchanged.
 */
#ifndef _LINUX_PERF_EVENT_H
#define _LINUX_PERF_EVENT_H

#include <linux/types.h>

/*
 * User-visible ABI.  These values are part of perf.data and of the mmap ring
 * buffer and must never change.
 */
#define PERF_RECORD_MISC_CPUMODE_MASK		(7 << 0)
#define PERF_RECORD_MISC_CPUMODE_UNKNOWN	(0 << 0)
#define PERF_RECORD_MISC_KERNEL			(1 << 0)
#define PERF_RECORD_MISC_USER			(2 << 0)
#define PERF_RECORD_MISC_HYPERVISOR		(3 << 0)
#define PERF_RECORD_MISC_GUEST_KERNEL		(4 << 0)
#define PERF_RECORD_MISC_GUEST_USER		(5 << 0)

/* The sample IP is the precise IP of the instruction that overflowed. */
#define PERF_RECORD_MISC_EXACT_IP		(1 << 14)

#define PERF_RECORD_SAMPLE			9

struct perf_event_header {
	__u32	type;
	__u16	misc;
	__u16	size;
};

/* The subset of struct perf_event_attr that sample attribution looks at. */
struct perf_event_attr {
	__u32	type;
	__u32	size;
	__u64	config;
	__u64	sample_period;
	__u64	sample_type;

	__u64	disabled       :  1,
		exclude_user   :  1,
		exclude_kernel :  1,
		exclude_hv     :  1,
		exclude_host   :  1,	/* don't count in host */
		exclude_guest  :  1,	/* don't count in guest */
		__reserved_1   : 58;
};

#ifdef __KERNEL__

#include <linux/compiler.h>
#include <asm/perf_event.h>

struct pt_regs;

/**
 * struct perf_guest_info_callbacks - guest state of the current CPU
 * @is_in_guest: non-zero if the interrupt being handled on this CPU
 *	interrupted a guest, i.e. if samples taken now belong to the guest.
 * @is_user_mode: non-zero if that guest was running at user privilege
 *	(CPL 3 on x86).  Only meaningful while @is_in_guest is non-zero.
 * @get_guest_ip: the guest instruction pointer at the interruption.  Only
 *	meaningful while @is_in_guest is non-zero.
 *
 * A hypervisor registers one instance of this structure so that perf can
 * tag samples taken while a guest was running with
 * %PERF_RECORD_MISC_GUEST_KERNEL or %PERF_RECORD_MISC_GUEST_USER and
 * report the guest IP instead of the host one.
 *
 * All three callbacks are called from NMI context, on the CPU that the
 * question is about, and must neither sleep nor take locks.
 */
struct perf_guest_info_callbacks {
	int		(*is_in_guest)(void);
	int		(*is_user_mode)(void);
	unsigned long	(*get_guest_ip)(void);
};

/* The subset of struct perf_sample_data that sample attribution fills in. */
struct perf_sample_data {
	u64	addr;
	u64	period;
	u64	ip;
};

/* The subset of struct perf_event that sample attribution looks at. */
struct perf_event {
	struct perf_event_attr	attr;
	int			cpu;
};

#ifdef CONFIG_PERF_EVENTS

/*
 * The registered callbacks, or NULL.  Published with rcu_assign_pointer();
 * readers must be in an RCU read-side critical section, which every NMI
 * handler is.  Only architecture sampling code should look at this.
 */
extern struct perf_guest_info_callbacks __rcu *perf_guest_cbs;

int perf_register_guest_info_callbacks(struct perf_guest_info_callbacks *cbs);
int perf_unregister_guest_info_callbacks(struct perf_guest_info_callbacks *cbs);

void perf_prepare_sample(struct perf_event_header *header,
			 struct perf_sample_data *data,
			 struct perf_event *event,
			 struct pt_regs *regs);

/*
 * Architectures that know how to attribute a sample to a guest define
 * perf_misc_flags() and perf_instruction_pointer() in <asm/perf_event.h>.
 */
#ifndef perf_misc_flags
# define perf_misc_flags(regs) \
	(user_mode(regs) ? PERF_RECORD_MISC_USER : PERF_RECORD_MISC_KERNEL)
# define perf_instruction_pointer(regs)	instruction_pointer(regs)
#endif

#else /* !CONFIG_PERF_EVENTS */

static inline int
perf_register_guest_info_callbacks(struct perf_guest_info_callbacks *cbs)
{
	return 0;
}

static inline int
perf_unregister_guest_info_callbacks(struct perf_guest_info_callbacks *cbs)
{
	return 0;
}

#endif /* CONFIG_PERF_EVENTS */

#endif /* __KERNEL__ */

#endif /* _LINUX_PERF_EVENT_H */
