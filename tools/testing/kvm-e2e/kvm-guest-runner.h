/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What kvm-guest-runner.c (runs the guest) and guest-truth.c (tells what
 * the guest is: its symbols and the files describing them) share.
 */
#ifndef KVM_GUEST_RUNNER_H
#define KVM_GUEST_RUNNER_H

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * Helpers return -errno and leave in fail_what what failed; main() prints
 * it once.  fail() takes errno for the error.
 */
extern char fail_what[];
int fail(const char *what);

/* The address of a symbol of guest.S; 0, with fail_what set, if none. */
unsigned long guest_sym_addr(const char *name);

int write_kallsyms(const char *path);
int write_modules(const char *path);
int write_weights(const char *path, const unsigned int *weights);
int write_guestmount(const char *dir);

#endif /* KVM_GUEST_RUNNER_H */
