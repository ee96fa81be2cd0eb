/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_FEATURES_H
#define __PERF_FEATURES_H

#include "buf.h"
#include "header.h"

#define PERF_VERSION	"0.1.0-kvm"

/*
 * Encodes the facts about this machine and this run that a perf.data
 * header carries (hostname, osrelease, version, arch, nrcpus, cpudesc,
 * total_mem, cmdline) into @feats[HEADER_*].  Allocation failures are
 * left in the buffers' err fields.
 */
void features__encode_env(struct buf *feats, int argc, const char **argv);

/* This CPU's HEADER_CPUID string, "VENDOR,FAMILY,MODEL,STEPPING" (x86; "" elsewhere). */
void features__cpuid(char *out, size_t size);

/* Releases all HEADER_FEAT_BITS buffers. */
void features__release(struct buf *feats);

#endif /* __PERF_FEATURES_H */
