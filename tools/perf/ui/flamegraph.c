// SPDX-License-Identifier: GPL-2.0
/*
 * The flame graph: a tree of frames drawn as one SVG that carries its own
 * style and script, so that it opens anywhere without a network.  The root
 * is the bottom row, each depth one row above its parent; a frame's width
 * is its share of the root's period.  The script (flame_js below) zooms on
 * a click, searches with a regular expression and shows a tooltip; it
 * reads every frame from the DOM, so the DOM is the one description of the
 * picture, which the browser tests read too.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "ui/flamegraph.h"

#define FRAMES_WIDTH	(FLAME_WIDTH - 2 * FLAME_PAD)
#define TOP		62	/* the title, buttons and legend */
#define BOTTOM		30	/* the details line */
#define FONT_SIZE	12
/* Monospace advance at FONT_SIZE, a little over DejaVu Sans Mono's 7.22. */
#define CHAR_WIDTH	7.3
#define NOT_DRAWN	UINT32_MAX
/* Search matches: a saturated magenta, apart from the pastel guest user family. */
#define HILITE		"#e600e6"

struct flame_layout {
	const struct flame_frame *frames;
	size_t nr;
	uint32_t *first;	/* frame i's children: child[first[i] .. first[i + 1]) */
	uint32_t *child;
	uint64_t *start;	/* period left of the frame, from the root's left edge */
	uint32_t *depth;
	uint32_t *pos;		/* position among the drawn frames, or NOT_DRAWN */
	uint32_t *order;	/* the drawn frames, in preorder */
	uint32_t nr_drawn;
	uint32_t max_depth;
	double scale;		/* SVG units per unit of period */
};

/* A colour family: hue range in degrees, saturation and lightness range in percent. */
struct flame_family {
	const char *kind;	/* the data-kind attribute */
	const char *label;	/* in the legend; NULL: not in it */
	int hue, hue_span, sat, light, light_span;
};

static const struct flame_family families[] = {
	[FLAME_ROOT]	     = { "root",	 NULL,		 0,   0,  0, 70,  0 },
	[FLAME_COMM]	     = { "comm",	 "process",	 0,   0,  0, 66, 14 },
	[FLAME_HOST_KERNEL]  = { "host-kernel",	 "host kernel",	 0,  26, 80, 55, 10 },
	[FLAME_HOST_USER]    = { "host-user",	 "host user",	 52, 56, 70, 48, 12 },
	[FLAME_GUEST_KERNEL] = { "guest-kernel", "guest kernel", 200, 30, 72, 62, 12 },
	[FLAME_GUEST_USER]   = { "guest-user",	 "guest user",	 262, 30, 55, 64, 10 },
	[FLAME_UNKNOWN]	     = { "unknown",	 "unknown",	 30,  12, 25, 62, 10 },
};

const char *flame_kind__name(enum flame_kind kind)
{
	if ((unsigned int)kind >= sizeof(families) / sizeof(families[0]))
		return "unknown";
	return families[kind].kind;
}

/*
 * The code point at @s and its length in *len; -1 (length 1) for a byte
 * that starts no character XML 1.0 allows: control characters, bad or
 * overlong UTF-8, surrogates, U+FFFE and U+FFFF.
 */
static int32_t utf8_next(const unsigned char *s, int *len)
{
	static const int32_t min_cp[] = { 0, 0, 0x80, 0x800, 0x10000 };
	int32_t cp;
	int n, i;

	*len = 1;
	if (s[0] < 0x80)
		return s[0] < 0x20 ? -1 : s[0];
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return -1;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)	/* also stops at the NUL */
			return -1;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min_cp[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
	    cp == 0xfffe || cp == 0xffff)
		return -1;
	*len = n;
	return cp;
}

/* Characters in @s, as put_name() counts them. */
static size_t name_chars(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;
	int len;

	for (; *p; p += len, n++)
		utf8_next(p, &len);
	return n;
}

/* Writes up to @max characters of @s, escaped for XML text and attributes. */
static void put_name(FILE *fp, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	int len;

	for (; *p && max; p += len, max--) {
		int32_t cp = utf8_next(p, &len);

		switch (cp) {
		case -1:  fputs("\xef\xbf\xbd", fp); break;	/* U+FFFD */
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		default:  fwrite(p, 1, len, fp); break;
		}
	}
}

/* The label of a frame @width wide: all of @s, or its start and "..", or nothing. */
static void put_label(FILE *fp, const char *s, double width)
{
	double room = (width - 6) / CHAR_WIDTH;
	size_t fit = room > 0 ? (size_t)room : 0, n = name_chars(s);

	if (n <= fit) {
		put_name(fp, s, n);
	} else if (fit >= 3) {
		put_name(fp, s, fit - 2);
		fputs("..", fp);
	}
}

static double hsl_channel(double p, double q, double t)
{
	if (t < 0)
		t += 1;
	if (t > 1)
		t -= 1;
	if (t < 1.0 / 6)
		return p + (q - p) * 6 * t;
	if (t < 0.5)
		return q;
	if (t < 2.0 / 3)
		return p + (q - p) * (2.0 / 3 - t) * 6;
	return p;
}

/* #rrggbb of hue @h (0..1), saturation @s and lightness @l (0..1). */
static void put_hsl(FILE *fp, double h, double s, double l)
{
	double q = l < 0.5 ? l * (1 + s) : l + s - l * s, p = 2 * l - q;

	fprintf(fp, "#%02x%02x%02x", (int)(hsl_channel(p, q, h + 1.0 / 3) * 255 + 0.5),
		(int)(hsl_channel(p, q, h) * 255 + 0.5),
		(int)(hsl_channel(p, q, h - 1.0 / 3) * 255 + 0.5));
}

/*
 * A frame's fill: its family's hue and lightness, varied by a hash of the
 * name, so that a function has the same colour wherever it appears.
 */
static void put_fill(FILE *fp, enum flame_kind kind, const char *name)
{
	const struct flame_family *f = &families[kind];
	uint32_t h = 2166136261u;	/* FNV-1a */
	double v1, v2;

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	v1 = (h & 0xffff) / 65535.0;
	v2 = (h >> 16) / 65535.0;
	put_hsl(fp, (f->hue + f->hue_span * v1) / 360, f->sat / 100.0,
		(f->light + f->light_span * v2) / 100);
}

static int sibling_cmp(const void *a, const void *b, void *arg)
{
	const struct flame_frame *frames = arg;
	uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
	int ret = strcmp(frames[i].name, frames[j].name);

	if (ret)
		return ret;
	if (frames[i].kind != frames[j].kind)
		return frames[i].kind < frames[j].kind ? -1 : 1;
	return i < j ? -1 : i > j;
}

/* A tree is well formed when parents come first and children fit in their parent. */
static int layout__check(const struct flame_frame *frames, size_t nr, uint64_t *sum)
{
	size_t i;

	if (!nr || nr >= NOT_DRAWN)
		return -EINVAL;
	for (i = 0; i < nr; i++) {
		const struct flame_frame *f = &frames[i];

		if (!f->name || (unsigned int)f->kind > FLAME_UNKNOWN)
			return -EINVAL;
		if (!i)
			continue;
		if (f->parent >= i || f->value > frames[f->parent].value - sum[f->parent])
			return -EINVAL;
		sum[f->parent] += f->value;
	}
	return 0;
}

static void layout__delete(struct flame_layout *l)
{
	free(l->first);
	free(l->child);
	free(l->start);
	free(l->depth);
	free(l->pos);
	free(l->order);
}

/* Children lists, sorted; then each frame's start and depth. */
static void layout__place(struct flame_layout *l)
{
	const struct flame_frame *frames = l->frames;
	size_t i, nr = l->nr;

	for (i = 1; i < nr; i++)
		l->first[frames[i].parent + 1]++;
	for (i = 0; i < nr; i++)
		l->first[i + 1] += l->first[i];
	/* order[] is free until the preorder: the next slot of each list */
	memcpy(l->order, l->first, nr * sizeof(*l->order));
	for (i = 1; i < nr; i++)
		l->child[l->order[frames[i].parent]++] = i;
	for (i = 0; i < nr; i++) {
		uint32_t c, n = l->first[i + 1] - l->first[i];
		uint64_t s = l->start[i];

		qsort_r(l->child + l->first[i], n, sizeof(*l->child), sibling_cmp, (void *)frames);
		for (c = l->first[i]; c < l->first[i + 1]; c++) {
			uint32_t k = l->child[c];

			l->start[k] = s;
			l->depth[k] = l->depth[i] + 1;
			s += frames[k].value;
		}
	}
}

/* The drawn frames in preorder: those at least FLAME_MIN_WIDTH wide under drawn parents. */
static void layout__order(struct flame_layout *l, uint32_t *stack)
{
	uint32_t sp = 0, i;

	for (i = 0; i < l->nr; i++)
		l->pos[i] = NOT_DRAWN;
	stack[sp++] = 0;
	while (sp) {
		uint32_t f = stack[--sp], c;

		l->pos[f] = l->nr_drawn;
		l->order[l->nr_drawn++] = f;
		if (l->depth[f] > l->max_depth)
			l->max_depth = l->depth[f];
		for (c = l->first[f + 1]; c-- > l->first[f];) {
			uint32_t k = l->child[c];

			if (l->frames[k].value * l->scale >= FLAME_MIN_WIDTH)
				stack[sp++] = k;
		}
	}
}

static int layout__new(struct flame_layout *l, const struct flame_frame *frames, size_t nr)
{
	uint32_t *stack = NULL;
	int ret;

	memset(l, 0, sizeof(*l));
	l->frames = frames;
	l->nr = nr;
	if (!nr || nr >= NOT_DRAWN)
		return -EINVAL;
	l->first = calloc(nr + 1, sizeof(*l->first));
	l->child = calloc(nr, sizeof(*l->child));
	l->start = calloc(nr, sizeof(*l->start));
	l->depth = calloc(nr, sizeof(*l->depth));
	l->pos = calloc(nr, sizeof(*l->pos));
	l->order = calloc(nr, sizeof(*l->order));
	stack = calloc(nr, sizeof(*stack));
	ret = -ENOMEM;
	if (!l->first || !l->child || !l->start || !l->depth || !l->pos || !l->order || !stack)
		goto out_err;
	/* start[] is zeroed: the children's period sums while checking */
	ret = layout__check(frames, nr, l->start);
	if (ret)
		goto out_err;
	memset(l->start, 0, nr * sizeof(*l->start));
	l->scale = frames[0].value ? (double)FRAMES_WIDTH / frames[0].value : 0;
	layout__place(l);
	layout__order(l, stack);
	free(stack);
	return 0;
out_err:
	free(stack);
	layout__delete(l);
	return ret;
}

/* Swatches and names of the colour families present. */
static void put_legend(FILE *fp, const struct flame_layout *l)
{
	bool present[FLAME_UNKNOWN + 1] = { false };
	int k, n = 0, x;
	uint32_t i;

	for (i = 0; i < l->nr_drawn; i++)
		present[l->frames[l->order[i]].kind] = true;
	for (k = 0; k <= FLAME_UNKNOWN; k++)
		n += present[k] && families[k].label;
	x = FLAME_WIDTH / 2 - n * 120 / 2;
	fputs("<g id=\"legend\">\n", fp);
	for (k = 0; k <= FLAME_UNKNOWN; k++) {
		const struct flame_family *f = &families[k];

		if (!present[k] || !f->label)
			continue;
		fprintf(fp, "<g data-kind=\"%s\"><rect x=\"%d\" y=\"36\" width=\"14\" height=\"12\" "
			"rx=\"2\" fill=\"", f->kind, x);
		put_hsl(fp, (f->hue + f->hue_span / 2.0) / 360, f->sat / 100.0,
			(f->light + f->light_span / 2.0) / 100);
		fprintf(fp, "\"/><text x=\"%d\" y=\"46\">%s</text></g>\n", x + 18, f->label);
		x += 120;
	}
	fputs("</g>\n", fp);
}

static void put_frame(FILE *fp, const struct flame_layout *l, uint32_t i)
{
	const struct flame_frame *f = &l->frames[i];
	double x = FLAME_PAD + l->start[i] * l->scale;
	double w = i ? f->value * l->scale : FRAMES_WIDTH;
	int y = TOP + (l->max_depth - l->depth[i]) * FLAME_FRAME_HEIGHT;

	fprintf(fp, "<g class=\"frame\" data-kind=\"%s\" data-name=\"", families[f->kind].kind);
	put_name(fp, f->name, SIZE_MAX);
	fprintf(fp, "\" data-value=\"%" PRIu64 "\" data-samples=\"%" PRIu64 "\" data-start=\"%"
		PRIu64 "\" data-depth=\"%" PRIu32 "\"", f->value, f->samples, l->start[i],
		l->depth[i]);
	if (i)
		fprintf(fp, " data-parent=\"%" PRIu32 "\"", l->pos[f->parent]);
	fprintf(fp, "><rect x=\"%.3f\" y=\"%d\" width=\"%.3f\" height=\"%d\" rx=\"2\" fill=\"",
		x, y, w, FLAME_FRAME_HEIGHT - 1);
	put_fill(fp, f->kind, f->name);
	fprintf(fp, "\"/><text x=\"%.3f\" y=\"%d\">", x + 3, y + 11);
	put_label(fp, f->name, w);
	fputs("</text></g>\n", fp);
}

/*
 * The script: zoom on a click, search, tooltip.  It keeps to double-quote-free,
 * backslash-free JavaScript, so that each line is a plain C string here.
 */
static const char flame_js[] =
	"var frames = [], total = 0, zoomed = 0, matchRe = null, svg, tip;\n"
	"\n"
	"function el(id) { return document.getElementById(id); }\n"
	"\n"
	"function num(n) {\n"
	"\tvar s = String(n), r = '';\n"
	"\n"
	"\tfor (; s.length > 3; s = s.slice(0, -3))\n"
	"\t\tr = ',' + s.slice(-3) + r;\n"
	"\treturn s + r;\n"
	"}\n"
	"\n"
	"function pct(v) { return (total ? 100 * v / total : 0).toFixed(2); }\n"
	"\n"
	"/* The frame an event hit, or -1. */\n"
	"function target(e) {\n"
	"\tvar g = e.target.closest ? e.target.closest('g.frame') : null;\n"
	"\n"
	"\treturn g ? g.flameIndex : -1;\n"
	"}\n"
	"\n"
	"/* All of s if it fits in w, else its start and '..', or nothing: as the writer does. */\n"
	"function label(s, w) {\n"
	"\tvar fit = Math.floor((w - 6) / CHARW), c = Array.from(s);\n"
	"\n"
	"\tif (c.length <= fit)\n"
	"\t\treturn s;\n"
	"\treturn fit >= 3 ? c.slice(0, fit - 2).join('') + '..' : '';\n"
	"}\n"
	"\n"
	"function describe(i) {\n"
	"\tvar f = frames[i];\n"
	"\n"
	"\treturn [f.name, num(f.samples) + ' samples, period ' + num(f.value) + ', ' +\n"
	"\t\tpct(f.value) + '% (' + f.kind.replace('-', ' ') + ')'];\n"
	"}\n"
	"\n"
	"function move(e) {\n"
	"\tvar x = e.clientX, y = e.clientY, m = svg.getScreenCTM(), w, h = 38;\n"
	"\n"
	"\tif (m) {\n"
	"\t\tvar p = svg.createSVGPoint();\n"
	"\n"
	"\t\tp.x = x;\n"
	"\t\tp.y = y;\n"
	"\t\tp = p.matrixTransform(m.inverse());\n"
	"\t\tx = p.x;\n"
	"\t\ty = p.y;\n"
	"\t}\n"
	"\tw = +tip.firstChild.getAttribute('width');\n"
	"\tx = x + 12 + w > svg.viewBox.baseVal.width ? Math.max(0, x - 12 - w) : x + 12;\n"
	"\ty = y - h - 10 < 0 ? y + 20 : y - h - 10;\n"
	"\ttip.setAttribute('transform', 'translate(' + x.toFixed(1) + ',' + y.toFixed(1) + ')');\n"
	"}\n"
	"\n"
	"function show(i, e) {\n"
	"\tvar d = describe(i), t1 = el('tip1'), t2 = el('tip2'), w;\n"
	"\n"
	"\tel('details').textContent = d[0] + ': ' + d[1];\n"
	"\tt1.textContent = label(d[0], 1000);\n"
	"\tt2.textContent = d[1];\n"
	"\tt1.setAttribute('x', 6);\n"
	"\tt1.setAttribute('y', 15);\n"
	"\tt2.setAttribute('x', 6);\n"
	"\tt2.setAttribute('y', 31);\n"
	"\tw = Math.max(t1.getComputedTextLength(), t2.getComputedTextLength()) + 12;\n"
	"\ttip.firstChild.setAttribute('width', w.toFixed(1));\n"
	"\ttip.firstChild.setAttribute('height', 38);\n"
	"\ttip.setAttribute('visibility', 'visible');\n"
	"\tmove(e);\n"
	"}\n"
	"\n"
	"function hide() {\n"
	"\ttip.setAttribute('visibility', 'hidden');\n"
	"\tel('details').textContent = ' ';\n"
	"}\n"
	"\n"
	"function place(f, x, w) {\n"
	"\tf.g.style.display = '';\n"
	"\tf.rect.setAttribute('x', x.toFixed(3));\n"
	"\tf.rect.setAttribute('width', w.toFixed(3));\n"
	"\tf.text.setAttribute('x', (x + 3).toFixed(3));\n"
	"\tf.text.textContent = label(f.name, w);\n"
	"}\n"
	"\n"
	"/*\n"
	" * Frame i spans the width, what is under it scales with it, the frames it\n"
	" * is on stay full width but faded, and the rest hide; zoom(0) resets.\n"
	" */\n"
	"function zoom(i) {\n"
	"\tvar z = frames[i], n = frames.length, under = new Uint8Array(n);\n"
	"\tvar above = new Uint8Array(n), scale, j;\n"
	"\n"
	"\tif (!z || (i && !z.value))\n"
	"\t\treturn;\n"
	"\tscale = z.value ? INNER / z.value : 0;\n"
	"\tfor (j = z.parent; j >= 0; j = frames[j].parent)\n"
	"\t\tabove[j] = 1;\n"
	"\tunder[i] = 1;\n"
	"\tfor (j = i + 1; j < n; j++)\n"
	"\t\tunder[j] = under[frames[j].parent];\n"
	"\tfor (j = 0; j < n; j++) {\n"
	"\t\tvar f = frames[j];\n"
	"\n"
	"\t\tf.g.classList.toggle('above', above[j] === 1);\n"
	"\t\tif (j === i || above[j])\n"
	"\t\t\tplace(f, PAD, INNER);\n"
	"\t\telse if (under[j])\n"
	"\t\t\tplace(f, PAD + (f.start - z.start) * scale, f.value * scale);\n"
	"\t\telse\n"
	"\t\t\tf.g.style.display = 'none';\n"
	"\t}\n"
	"\tzoomed = i;\n"
	"\tel('unzoom').setAttribute('visibility', i ? 'visible' : 'hidden');\n"
	"}\n"
	"\n"
	"/*\n"
	" * Highlights the frames whose names match re (a RegExp or its source;\n"
	" * null clears) and shows their share, each matched period counted once.\n"
	" */\n"
	"function search(re) {\n"
	"\tvar n = frames.length, hit = new Uint8Array(n), cover = new Uint8Array(n);\n"
	"\tvar sum = 0, j;\n"
	"\n"
	"\tif (typeof re === 'string')\n"
	"\t\tre = new RegExp(re);\n"
	"\tmatchRe = re;\n"
	"\tfor (j = 0; j < n; j++) {\n"
	"\t\tvar f = frames[j], p = f.parent;\n"
	"\n"
	"\t\thit[j] = re && re.test(f.name) ? 1 : 0;\n"
	"\t\tcover[j] = p >= 0 && (hit[p] || cover[p]) ? 1 : 0;\n"
	"\t\tif (hit[j] && !cover[j])\n"
	"\t\t\tsum += f.value;\n"
	"\t\tf.rect.setAttribute('fill', hit[j] ? HILITE : f.fill);\n"
	"\t}\n"
	"\tel('matched').textContent = re ? 'Matched: ' + pct(sum) + '%' : ' ';\n"
	"\tel('search').textContent = re ? 'Reset Search' : 'Search';\n"
	"\treturn total ? 100 * sum / total : 0;\n"
	"}\n"
	"\n"
	"function ask() {\n"
	"\tvar s = window.prompt('Search for (a regular expression):', '');\n"
	"\n"
	"\tif (!s)\n"
	"\t\treturn;\n"
	"\ttry {\n"
	"\t\tsearch(s);\n"
	"\t} catch (err) {\n"
	"\t\tel('matched').textContent = 'Bad expression: ' + err.message;\n"
	"\t}\n"
	"}\n"
	"\n"
	"function flame_init() {\n"
	"\tvar box = el('frames'), gs = box.getElementsByTagName('g'), q, i;\n"
	"\n"
	"\tsvg = document.documentElement;\n"
	"\ttip = el('tip');\n"
	"\tfor (i = 0; i < gs.length; i++) {\n"
	"\t\tvar g = gs[i], r = g.getElementsByTagName('rect')[0];\n"
	"\n"
	"\t\tframes.push({ g: g, rect: r, text: g.getElementsByTagName('text')[0],\n"
	"\t\t\tname: g.getAttribute('data-name'), kind: g.getAttribute('data-kind'),\n"
	"\t\t\tvalue: +g.getAttribute('data-value'),\n"
	"\t\t\tsamples: +g.getAttribute('data-samples'),\n"
	"\t\t\tstart: +g.getAttribute('data-start'),\n"
	"\t\t\tparent: i ? +g.getAttribute('data-parent') : -1,\n"
	"\t\t\tfill: r.getAttribute('fill') });\n"
	"\t\tg.flameIndex = i;\n"
	"\t}\n"
	"\ttotal = frames.length ? frames[0].value : 0;\n"
	"\tbox.addEventListener('click', function (e) {\n"
	"\t\tvar j = target(e);\n"
	"\n"
	"\t\tif (j >= 0)\n"
	"\t\t\tzoom(j);\n"
	"\t});\n"
	"\tbox.addEventListener('mouseover', function (e) {\n"
	"\t\tvar j = target(e);\n"
	"\n"
	"\t\tif (j >= 0)\n"
	"\t\t\tshow(j, e);\n"
	"\t});\n"
	"\tbox.addEventListener('mousemove', move);\n"
	"\tbox.addEventListener('mouseout', hide);\n"
	"\tel('unzoom').addEventListener('click', function () { zoom(0); });\n"
	"\tel('search').addEventListener('click', function () {\n"
	"\t\tif (matchRe)\n"
	"\t\t\tsearch(null);\n"
	"\t\telse\n"
	"\t\t\task();\n"
	"\t});\n"
	"\twindow.addEventListener('keydown', function (e) {\n"
	"\t\tif (e.key === 'F3' || ((e.ctrlKey || e.metaKey) && e.key === 'f')) {\n"
	"\t\t\te.preventDefault();\n"
	"\t\t\task();\n"
	"\t\t} else if (e.key === 'Escape') {\n"
	"\t\t\tzoom(0);\n"
	"\t\t\tsearch(null);\n"
	"\t\t}\n"
	"\t});\n"
	"\t/* flame.svg?s=RE opens with RE searched */\n"
	"\tq = new URLSearchParams(window.location.search).get('s');\n"
	"\tif (q) {\n"
	"\t\ttry {\n"
	"\t\t\tsearch(q);\n"
	"\t\t} catch (err) {\n"
	"\t\t\tel('matched').textContent = 'Bad expression: ' + err.message;\n"
	"\t\t}\n"
	"\t}\n"
	"}\n";

static void put_svg(FILE *fp, const struct flame_layout *l, const char *title)
{
	int height = TOP + (l->max_depth + 1) * FLAME_FRAME_HEIGHT + BOTTOM;
	uint32_t i;

	if (!title)
		title = "Flame Graph";
	fprintf(fp, "<?xml version=\"1.0\" standalone=\"no\"?>\n"
		"<svg version=\"1.1\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		"height=\"%d\" viewBox=\"0 0 %d %d\" onload=\"flame_init(evt)\">\n",
		FLAME_WIDTH, height, FLAME_WIDTH, height);
	fprintf(fp, "<style type=\"text/css\"><![CDATA[\n"
		"text { font-family: monospace; font-size: %dpx; fill: #000; }\n"
		"#title { font-size: 17px; }\n"
		".button { cursor: pointer; fill: #246; }\n"
		".button:hover { text-decoration: underline; }\n"
		"g.frame { cursor: pointer; }\n"
		"g.frame text { pointer-events: none; }\n"
		"g.frame:hover rect { stroke: #000; stroke-width: 0.5; }\n"
		"g.frame.above rect { opacity: 0.5; }\n"
		"#tip text { font-size: 12px; }\n"
		"]]></style>\n<script type=\"text/ecmascript\"><![CDATA[\n"
		"'use strict';\nvar PAD = %d, INNER = %d, CHARW = %g, HILITE = '%s';\n%s"
		"]]></script>\n", FONT_SIZE, FLAME_PAD, FRAMES_WIDTH, CHAR_WIDTH, HILITE,
		flame_js);
	fprintf(fp, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#f8f8f4\"/>\n",
		FLAME_WIDTH, height);
	fprintf(fp, "<text id=\"title\" x=\"%d\" y=\"24\" text-anchor=\"middle\">",
		FLAME_WIDTH / 2);
	put_name(fp, title, SIZE_MAX);
	fprintf(fp, "</text>\n<text id=\"unzoom\" class=\"button\" x=\"%d\" y=\"24\" "
		"visibility=\"hidden\">Reset Zoom</text>\n"
		"<text id=\"search\" class=\"button\" x=\"%d\" y=\"24\" text-anchor=\"end\">"
		"Search</text>\n", FLAME_PAD, FLAME_WIDTH - FLAME_PAD);
	put_legend(fp, l);
	fputs("<g id=\"frames\">\n", fp);
	for (i = 0; i < l->nr_drawn; i++)
		put_frame(fp, l, l->order[i]);
	fprintf(fp, "</g>\n<text id=\"details\" x=\"%d\" y=\"%d\"> </text>\n"
		"<text id=\"matched\" x=\"%d\" y=\"%d\" text-anchor=\"end\"> </text>\n"
		"<g id=\"tip\" visibility=\"hidden\" pointer-events=\"none\">"
		"<rect rx=\"3\" fill=\"#ffffe8\" stroke=\"#666\" stroke-width=\"0.5\"/>"
		"<text id=\"tip1\"> </text><text id=\"tip2\"> </text></g>\n</svg>\n",
		FLAME_PAD, height - 10, FLAME_WIDTH - FLAME_PAD, height - 10);
}

int flamegraph__write(FILE *fp, const struct flame_frame *frames, size_t nr, const char *title)
{
	struct flame_layout l;
	int ret = layout__new(&l, frames, nr);

	if (ret)
		return ret;
	put_svg(fp, &l, title);
	layout__delete(&l);
	return fflush(fp) || ferror(fp) ? -EIO : 0;
}
