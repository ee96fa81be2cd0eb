// SPDX-License-Identifier: GPL-2.0
/*
 * Performance events core: guest info callbacks and sample attribution.
 *
 * A hypervisor tells perf, through struct perf_guest_info_callbacks,
 * whether the interrupt being handled on a CPU interrupted one of its
 * guests.  There is at most one such hypervisor at a time.
 *
 * This file carries only the parts of the core that the guest-sampling
 * patch set adds or changes.
 */

#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/perf_event.h>
#include <linux/rcupdate.h>

struct perf_guest_info_callbacks __rcu *perf_guest_cbs;

/* Serialises updates of perf_guest_cbs; readers use RCU only. */
static DEFINE_MUTEX(perf_guest_cbs_mutex);

/**
 * perf_register_guest_info_callbacks - register the guest info callbacks
 * @cbs: the callbacks; must stay valid until unregistered
 *
 * Makes @cbs the callbacks that sampling code asks whether the current
 * interrupt hit a guest.  Only one set can be registered at a time.
 *
 * Context: Process context.  Takes a mutex.
 * Return: 0 on success, -EINVAL if @cbs or one of its callbacks is NULL,
 * -EBUSY if another set of callbacks is already registered.
 */
int perf_register_guest_info_callbacks(struct perf_guest_info_callbacks *cbs)
{
	int ret = 0;

	might_sleep();

	if (!cbs || !cbs->is_in_guest || !cbs->is_user_mode ||
	    !cbs->get_guest_ip)
		return -EINVAL;

	mutex_lock(&perf_guest_cbs_mutex);
	if (rcu_access_pointer(perf_guest_cbs))
		ret = -EBUSY;
	else
		rcu_assign_pointer(perf_guest_cbs, cbs);
	mutex_unlock(&perf_guest_cbs_mutex);

	return ret;
}
EXPORT_SYMBOL_GPL(perf_register_guest_info_callbacks);

/**
 * perf_unregister_guest_info_callbacks - unregister the guest info callbacks
 * @cbs: the callbacks passed to perf_register_guest_info_callbacks()
 *
 * Stops sampling code from using @cbs and waits for an RCU grace period, so
 * that on return no CPU is still running, or can still start running, any
 * of the callbacks in @cbs.  The caller may then free @cbs and unload the
 * code it points to.
 *
 * Context: Process context.  Sleeps.
 * Return: 0 on success, -EINVAL if @cbs is not the registered set.
 */
int perf_unregister_guest_info_callbacks(struct perf_guest_info_callbacks *cbs)
{
	might_sleep();

	mutex_lock(&perf_guest_cbs_mutex);
	if (!cbs || rcu_access_pointer(perf_guest_cbs) != cbs) {
		mutex_unlock(&perf_guest_cbs_mutex);
		return -EINVAL;
	}
	RCU_INIT_POINTER(perf_guest_cbs, NULL);
	mutex_unlock(&perf_guest_cbs_mutex);

	/*
	 * An NMI that loaded the old pointer may still be calling through
	 * it.  NMI handlers are RCU readers, so one grace period is enough.
	 */
	synchronize_rcu();

	return 0;
}
EXPORT_SYMBOL_GPL(perf_unregister_guest_info_callbacks);

/*
 * An event that excludes the guest never describes guest code.  If the
 * architecture attributed the sample to a guest, describe instead the host
 * code that was interrupted: for the NMI that caused a VM exit that is the
 * hypervisor's exit path, in host kernel mode, at the host IP in @regs.
 * Bits outside the cpumode, such as PERF_RECORD_MISC_EXACT_IP, are kept.
 */
static void perf_sample_host_only(struct perf_event_header *header,
				  struct perf_sample_data *data,
				  struct pt_regs *regs)
{
	u16 cpumode = header->misc & PERF_RECORD_MISC_CPUMODE_MASK;

	if (cpumode != PERF_RECORD_MISC_GUEST_KERNEL &&
	    cpumode != PERF_RECORD_MISC_GUEST_USER)
		return;

	header->misc &= ~PERF_RECORD_MISC_CPUMODE_MASK;
	header->misc |= user_mode(regs) ? PERF_RECORD_MISC_USER :
					  PERF_RECORD_MISC_KERNEL;
	data->ip = instruction_pointer(regs);
}

/**
 * perf_prepare_sample - fill in the header and IP of a sample record
 * @header: the record header to fill in
 * @data: the sample data; @data->ip is set
 * @event: the event that overflowed
 * @regs: the registers at the interrupt
 *
 * The cpumode in @header->misc and the IP in @data come from
 * perf_misc_flags() and perf_instruction_pointer(), which on architectures
 * that support it attribute the sample to a guest when the registered
 * guest info callbacks say so.  An event with attr.exclude_guest set is
 * never attributed to a guest; see perf_sample_host_only().
 *
 * Context: Any context, including NMI.
 */
void perf_prepare_sample(struct perf_event_header *header,
			 struct perf_sample_data *data,
			 struct perf_event *event,
			 struct pt_regs *regs)
{
	header->type = PERF_RECORD_SAMPLE;
	header->size = sizeof(*header);
	header->misc = perf_misc_flags(regs);

	data->ip = perf_instruction_pointer(regs);
	header->size += sizeof(data->ip);

	if (event->attr.exclude_guest)
		perf_sample_host_only(header, data, regs);
}
