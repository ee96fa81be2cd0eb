// SPDX-License-Identifier: GPL-2.0
/*
 * Register/unregister raced against NMIs in flight.
 *
 * KVM's callbacks are taken away from perf; a stress thread then registers a
 * freshly allocated callbacks struct, unregisters it, poisons it and frees
 * it, over and over, while the simulated CPUs take NMIs.  The struct's
 * callbacks forward to KVM's, but first they stall, so that an NMI spends
 * a long time inside them.
 *
 * The struct of each cycle uses the functions of one of PG_SLOTS slots,
 * and a slot is marked dead as soon as unregister returns.  A slot
 * function that runs, or is still running, once its slot is dead is an NMI
 * that was not waited for: a violation.  Calling a poisoned struct is one
 * too, and with ASan, touching a freed one is a report.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../harness.h"

#define PG_SLOTS	8
#define PG_QUARANTINE	64
#define PG_STALL	300	/* pause loops spent inside each callback */

enum { PG_DEAD, PG_LIVE };

static struct perf_guest_info_callbacks pg_kvm_cbs;
static int pg_slot_state[PG_SLOTS];
static u64 pg_violations;
static const char *pg_violation_what;
static int pg_violation_slot;
static volatile bool pg_race_stop;
static u64 pg_race_cycles;
static int pg_race_error;

static void pg_violation(int slot, const char *what)
{
	if (__atomic_fetch_add(&pg_violations, 1, __ATOMIC_RELAXED) == 0) {
		pg_violation_what = what;
		pg_violation_slot = slot;
	}
}

static void pg_slot_check(int slot, const char *what)
{
	if (__atomic_load_n(&pg_slot_state[slot], __ATOMIC_ACQUIRE) != PG_LIVE)
		pg_violation(slot, what);
}

static int pg_slot_is_in_guest(int slot)
{
	int ret;

	pg_slot_check(slot, "is_in_guest() called after unregister returned");
	if (pg_cpu_self)
		pg_cpu_self->truth.cbs_seen = true;
	pg_spin(PG_STALL);
	ret = pg_kvm_cbs.is_in_guest();
	pg_slot_check(slot, "is_in_guest() still running after unregister returned");
	return ret;
}

static int pg_slot_is_user_mode(int slot)
{
	int ret;

	pg_slot_check(slot, "is_user_mode() called after unregister returned");
	ret = pg_kvm_cbs.is_user_mode();
	pg_spin(PG_STALL / 4);
	pg_slot_check(slot, "is_user_mode() still running after unregister returned");
	return ret;
}

static unsigned long pg_slot_get_guest_ip(int slot)
{
	unsigned long ret;

	pg_slot_check(slot, "get_guest_ip() called after unregister returned");
	ret = pg_kvm_cbs.get_guest_ip();
	pg_spin(PG_STALL / 4);
	pg_slot_check(slot, "get_guest_ip() still running after unregister returned");
	return ret;
}

#define PG_SLOT(n)							\
static int pg_s##n##_is_in_guest(void)					\
{									\
	return pg_slot_is_in_guest(n);					\
}									\
static int pg_s##n##_is_user_mode(void)					\
{									\
	return pg_slot_is_user_mode(n);					\
}									\
static unsigned long pg_s##n##_get_guest_ip(void)			\
{									\
	return pg_slot_get_guest_ip(n);					\
}

PG_SLOT(0) PG_SLOT(1) PG_SLOT(2) PG_SLOT(3)
PG_SLOT(4) PG_SLOT(5) PG_SLOT(6) PG_SLOT(7)

#define PG_SLOT_CBS(n) {						\
	.is_in_guest	= pg_s##n##_is_in_guest,			\
	.is_user_mode	= pg_s##n##_is_user_mode,			\
	.get_guest_ip	= pg_s##n##_get_guest_ip,			\
}

static const struct perf_guest_info_callbacks pg_slot_cbs[PG_SLOTS] = {
	PG_SLOT_CBS(0), PG_SLOT_CBS(1), PG_SLOT_CBS(2), PG_SLOT_CBS(3),
	PG_SLOT_CBS(4), PG_SLOT_CBS(5), PG_SLOT_CBS(6), PG_SLOT_CBS(7),
};

/* What an unregistered struct points to until it is freed. */
static int pg_poison_is_in_guest(void)
{
	pg_violation(-1, "poisoned is_in_guest() called");
	return 0;
}

static int pg_poison_is_user_mode(void)
{
	pg_violation(-1, "poisoned is_user_mode() called");
	return 0;
}

static unsigned long pg_poison_get_guest_ip(void)
{
	pg_violation(-1, "poisoned get_guest_ip() called");
	return 0;
}

static struct perf_guest_info_callbacks pg_stranger = PG_SLOT_CBS(0);

static void pg_poison(struct perf_guest_info_callbacks *cbs)
{
	memset(cbs, 0x6b, sizeof(*cbs));
	cbs->is_in_guest = pg_poison_is_in_guest;
	cbs->is_user_mode = pg_poison_is_user_mode;
	cbs->get_guest_ip = pg_poison_get_guest_ip;
}

static void *pg_race_thread(void *arg)
{
	struct perf_guest_info_callbacks *quarantine[PG_QUARANTINE] = { NULL };
	u64 rng = pg_opts.seed | 1;
	u64 cycle = 0;
	unsigned int i;

	while (!READ_ONCE(pg_race_stop)) {
		int slot = cycle % PG_SLOTS;
		struct perf_guest_info_callbacks *cbs = malloc(sizeof(*cbs));
		int r;

		if (!cbs) {
			pg_race_error = -ENOMEM;
			break;
		}
		*cbs = pg_slot_cbs[slot];
		__atomic_store_n(&pg_slot_state[slot], PG_LIVE, __ATOMIC_RELEASE);

		r = perf_register_guest_info_callbacks(cbs);
		if (!r && perf_register_guest_info_callbacks(&pg_stranger) != -EBUSY)
			r = -EIO;
		if (!r && perf_unregister_guest_info_callbacks(&pg_stranger) != -EINVAL)
			r = -EIO;
		if (r) {
			pg_race_error = r;
			free(cbs);
			break;
		}

		pg_spin(pg_rand(&rng) % 4096);

		r = perf_unregister_guest_info_callbacks(cbs);
		__atomic_store_n(&pg_slot_state[slot], PG_DEAD, __ATOMIC_RELEASE);
		if (r) {
			pg_race_error = r;
			break;
		}

		pg_poison(cbs);
#ifdef __SANITIZE_ADDRESS__
		/* ASan keeps freed memory poisoned in its own quarantine. */
		free(cbs);
#else
		free(quarantine[cycle % PG_QUARANTINE]);
		quarantine[cycle % PG_QUARANTINE] = cbs;
#endif
		cycle++;
		WRITE_ONCE(pg_race_cycles, cycle);
	}

	for (i = 0; i < PG_QUARANTINE; i++)
		free(quarantine[i]);
	return NULL;
}

static bool pg_race_stop_early(void)
{
	return READ_ONCE(pg_violations) || READ_ONCE(pg_race_error);
}

int pg_test_race(void)
{
	struct perf_guest_info_callbacks *kvm;
	struct pg_counters t;
	struct pg_failure f;
	pthread_t thread;
	int ret, err = 0;

	/* Borrow KVM's callbacks, and take them away from perf meanwhile. */
	kvm = rcu_access_pointer(perf_guest_cbs);
	if (!kvm || perf_unregister_guest_info_callbacks(kvm)) {
		fprintf(stderr, "race: KVM's callbacks are not registered\n");
		return -1;
	}
	pg_kvm_cbs = *kvm;

	pg_violations = 0;
	pg_race_cycles = 0;
	pg_race_error = 0;
	pg_race_stop = false;
	pg_race_mode = true;
	if (pthread_create(&thread, NULL, pg_race_thread, NULL)) {
		fprintf(stderr, "race: pthread_create failed\n");
		return -1;
	}

	ret = pg_cpus_run(&t, &f, pg_race_stop_early);

	WRITE_ONCE(pg_race_stop, true);
	pthread_join(thread, NULL);
	pg_race_mode = false;

	pg_summary("race", &t);
	printf("race: cycles=%llu violations=%llu\n",
	       (unsigned long long)pg_race_cycles,
	       (unsigned long long)pg_violations);

	if (pg_violations) {
		fprintf(stderr, "race: %s (slot %d)\n", pg_violation_what,
			pg_violation_slot);
		err = -1;
	}
	if (pg_race_error) {
		fprintf(stderr, "race: register/unregister failed: %d\n",
			pg_race_error);
		err = -1;
	}
	if (t.mistagged) {
		pg_print_failure(&f);
		err = -1;
	}
	if (pg_warnings) {
		pg_warnings_print();
		err = -1;
	}
	if (!err && (!pg_race_cycles || !(t.guest_user + t.guest_kernel))) {
		fprintf(stderr, "race: nothing raced\n");
		err = -1;
	}
	if (ret && !err) {
		fprintf(stderr, "race: timed out after %llu NMIs\n",
			(unsigned long long)t.nmis);
		err = -1;
	}

	if (perf_register_guest_info_callbacks(kvm)) {
		fprintf(stderr, "race: KVM's callbacks cannot be registered again\n");
		err = -1;
	}
	return err;
}
