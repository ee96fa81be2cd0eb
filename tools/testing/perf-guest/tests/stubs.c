// SPDX-License-Identifier: GPL-2.0
/*
 * Built without CONFIG_PERF_EVENTS: the registration calls must still
 * compile, as inline stubs, and succeed.
 */
#ifdef CONFIG_PERF_EVENTS
#error "tests/stubs.c must be built without CONFIG_PERF_EVENTS"
#endif

#include <linux/perf_event.h>

#include "../harness.h"
#include "common.h"

static int pg_stub_is_in_guest(void)
{
	return 1;
}

int pg_test_stubs(void)
{
	struct perf_guest_info_callbacks cbs = {
		.is_in_guest = pg_stub_is_in_guest,
	};

	PG_ASSERT_EQ(perf_register_guest_info_callbacks(&cbs), 0);
	PG_ASSERT_EQ(perf_register_guest_info_callbacks(&cbs), 0);
	PG_ASSERT_EQ(perf_unregister_guest_info_callbacks(&cbs), 0);
	PG_ASSERT_EQ(perf_unregister_guest_info_callbacks(NULL), 0);
	return 0;
}
