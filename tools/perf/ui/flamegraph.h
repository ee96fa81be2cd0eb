/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_UI_FLAMEGRAPH_H
#define __PERF_UI_FLAMEGRAPH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* What a frame is; each kind but the root and comms has its own colour family. */
enum flame_kind {
	FLAME_ROOT,
	FLAME_COMM,		/* a process, or a guest's tower under its QEMU process */
	FLAME_HOST_KERNEL,
	FLAME_HOST_USER,
	FLAME_GUEST_KERNEL,
	FLAME_GUEST_USER,
	FLAME_UNKNOWN,
};

/*
 * One node of the tree.  frames[0] is the root; every other frame's
 * parent comes before it in the array, and a frame's value is at least
 * the sum of its children's values (the rest is its self time).
 */
struct flame_frame {
	const char *name;	/* any bytes: escaped for XML, bad UTF-8 replaced */
	uint64_t value;		/* period in this frame and all under it */
	uint64_t samples;	/* samples in this frame and under it */
	uint32_t parent;	/* index of the parent; ignored for frames[0] */
	enum flame_kind kind;
};

/* The picture's geometry, in SVG units. */
#define FLAME_WIDTH		1200
#define FLAME_PAD		10	/* left and right of the frames */
#define FLAME_FRAME_HEIGHT	16
/* Frames (and all under them) narrower than this are left out. */
#define FLAME_MIN_WIDTH		0.1

/*
 * Writes the tree frames[0..nr) as a self-contained interactive SVG
 * titled @title (click to zoom, search, tooltips; no external resources).
 * Siblings are ordered by name (bytewise), then kind, as flamegraph.pl
 * orders them, so the same profile always gives the same picture.
 * Frames narrower than FLAME_MIN_WIDTH are left out; their period stays
 * in their parent's width.  Each frame is a <g class="frame"> whose
 * data-name, data-kind, data-value, data-samples, data-start (the period
 * left of it), data-depth and data-parent (the position of the parent's
 * <g> among the frames) describe it; its <rect>'s width is its share of
 * the root's FLAME_WIDTH - 2 * FLAME_PAD.
 * Returns 0, -EINVAL for a malformed tree, -ENOMEM, or -EIO if writing
 * to @fp failed.
 */
int flamegraph__write(FILE *fp, const struct flame_frame *frames, size_t nr, const char *title);

/* The data-kind attribute value of @kind ("host-kernel", ...). */
const char *flame_kind__name(enum flame_kind kind);

#endif /* __PERF_UI_FLAMEGRAPH_H */
