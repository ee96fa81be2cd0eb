// SPDX-License-Identifier: GPL-2.0
/*
 * The tagging stress test: KVM's own callbacks registered, simulated CPUs
 * on VMX and SVM, random host NMIs; every sample checked.
 */
#include "../harness.h"

int pg_test_tag(void)
{
	struct pg_counters t;
	struct pg_failure f;
	int ret, err = 0;

	pg_race_mode = false;
	ret = pg_cpus_run(&t, &f, NULL);
	pg_summary("tag", &t);

	if (t.mistagged) {
		pg_print_failure(&f);
		err = -1;
	}
	if (pg_warnings) {
		pg_warnings_print();
		err = -1;
	}
	if (t.nmi_exits != t.exit_nmis) {
		fprintf(stderr, "tag: %llu NMI exits but %llu exit NMIs handled\n",
			(unsigned long long)t.nmi_exits,
			(unsigned long long)t.exit_nmis);
		err = -1;
	}
	if (!t.guest_user || !t.guest_kernel || !t.excluded) {
		fprintf(stderr, "tag: a case was never exercised\n");
		err = -1;
	}
	if (ret && !err) {
		fprintf(stderr, "tag: timed out after %llu NMIs\n",
			(unsigned long long)t.nmis);
		err = -1;
	}
	return err;
}
