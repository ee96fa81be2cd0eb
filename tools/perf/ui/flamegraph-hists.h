/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_UI_FLAMEGRAPH_HISTS_H
#define __PERF_UI_FLAMEGRAPH_HISTS_H

#include <stdio.h>

struct hists;

/*
 * Writes the call chains of the sorted @h as a flame graph SVG titled
 * @title: a tower per command, each chain from its outermost caller,
 * guest frames in a tower per guest.  Returns 0, -EINVAL (no chains),
 * -ENOMEM or -EIO.
 */
int hists__write_flamegraph(struct hists *h, FILE *fp, const char *title);

#endif /* __PERF_UI_FLAMEGRAPH_HISTS_H */
