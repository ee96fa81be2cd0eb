/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_GUEST_OPTIONS_H
#define __PERF_GUEST_OPTIONS_H

#include "parse-options.h"

/*
 * The guest options perf kvm hands to every command it runs, filling
 * the struct guest_config @cfg.  Hidden: perf kvm documents them.
 */
#define OPT_KVM_GUEST_CONFIG(cfg)						\
	{ .type = OPTION_STRING, .long_name = "guestkallsyms", .value = &(cfg).kallsyms, \
	  .argh = "file", .help = "guest kallsyms", .flags = PARSE_OPT_HIDDEN },	\
	{ .type = OPTION_STRING, .long_name = "guestmodules", .value = &(cfg).modules,	\
	  .argh = "file", .help = "guest modules", .flags = PARSE_OPT_HIDDEN },	\
	{ .type = OPTION_STRING, .long_name = "guestvmlinux", .value = &(cfg).vmlinux,	\
	  .argh = "file", .help = "guest vmlinux", .flags = PARSE_OPT_HIDDEN },	\
	{ .type = OPTION_STRING, .long_name = "guestmount", .value = &(cfg).guestmount, \
	  .argh = "dir", .help = "guest root dirs", .flags = PARSE_OPT_HIDDEN }

/*
 * What perf kvm tells the command it runs: that it runs under perf kvm
 * (@kvm), and --host or --guest alone (@host_only, @guest_only).  Hidden.
 */
#define OPT_KVM_MODE(kvm, host_only, guest_only)				\
	{ .type = OPTION_BOOLEAN, .long_name = "kvm", .value = &(kvm),		\
	  .help = "perf kvm mode", .flags = PARSE_OPT_HIDDEN },			\
	{ .type = OPTION_BOOLEAN, .long_name = "host-only", .value = &(host_only), \
	  .help = "host samples only", .flags = PARSE_OPT_HIDDEN },		\
	{ .type = OPTION_BOOLEAN, .long_name = "guest-only", .value = &(guest_only), \
	  .help = "guest samples only", .flags = PARSE_OPT_HIDDEN }

#endif /* __PERF_GUEST_OPTIONS_H */
