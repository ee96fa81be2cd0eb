// SPDX-License-Identifier: GPL-2.0
/* The flame graph writer: well-formed, escaped SVG whose widths are the shares. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests.h"
#include "ui/flamegraph.h"

#define ROOT_VALUE	100000

/*
 * alpha and tiny (0.1%) are comms, so is zeta; speck is narrower than
 * FLAME_MIN_WIDTH, and its child goes with it.
 */
static const struct flame_frame tree[] = {
	{ "all",		     ROOT_VALUE, 1000, 0, FLAME_ROOT },
	{ "zeta",		     60000,	 600, 0, FLAME_COMM },
	{ "alpha",		     39800,	 398, 0, FLAME_COMM },
	{ "tiny",		     100,	 1,   0, FLAME_COMM },
	{ "a<b>&\"c\"",		     30000,	 300, 2, FLAME_HOST_KERNEL },
	{ "bad\xff utf8\x01 \xc0\xaf", 9000,	 90,  2, FLAME_HOST_USER },
	{ "std::map<int, std::vector<long> >::operator[](int const&) with a long tail, long enough to be cut",
				     50000,	 500, 1, FLAME_GUEST_KERNEL },
	{ "speck",		     5,		 1,   6, FLAME_GUEST_USER },
	{ "under speck",	     5,		 1,   7, FLAME_GUEST_USER },
	{ "?",			     1000,	 10,  1, FLAME_UNKNOWN },
	{ "\xe2\x82\xac euro",	     1000,	 10,  9, FLAME_GUEST_USER },
};
#define NR_TREE		(sizeof(tree) / sizeof(tree[0]))
#define NR_DRAWN	(NR_TREE - 2)

static char *write_svg(const struct flame_frame *frames, size_t nr, int *ret)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (!fp) {
		*ret = -ENOMEM;
		return NULL;
	}
	*ret = flamegraph__write(fp, frames, nr, "a <title> & more");
	fclose(fp);
	return buf;
}

static bool entity_ok(const char *s)
{
	static const char *const names[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&apos;" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strncmp(s, names[i], strlen(names[i])))
			return true;
	return false;
}

/* Skips the markup that holds no elements: declarations, comments, CDATA. */
static const char *skip_special(const char *p)
{
	static const char *const open[] = { "<?", "<!--", "<![CDATA[" };
	static const char *const close[] = { "?>", "-->", "]]>" };
	size_t i;

	for (i = 0; i < 3; i++) {
		if (!strncmp(p, open[i], strlen(open[i]))) {
			const char *end = strstr(p, close[i]);

			return end ? end + strlen(close[i]) : NULL;
		}
	}
	return p;
}

/*
 * A small XML well-formedness check: one root element, tags nested and
 * closed, attributes quoted, no raw '<' in values, only known entities.
 */
static bool xml_well_formed(const char *p)
{
	const char *stack[64];
	size_t len[64];
	int sp = 0, roots = 0;

	while (*p) {
		const char *q = skip_special(p);

		if (!q)
			return false;
		if (q != p) {
			p = q;
			continue;
		}
		if (*p == '&' && !entity_ok(p))
			return false;
		if (*p != '<') {
			p++;
			continue;
		}
		if (p[1] == '/') {
			p += 2;
			if (!sp || strncmp(p, stack[sp - 1], len[sp - 1]) || p[len[sp - 1]] != '>')
				return false;
			p += len[--sp] + 1;
			continue;
		}
		if (!sp && roots++)
			return false;
		if (sp == 64)
			return false;
		stack[sp] = ++p;
		len[sp] = strcspn(p, " />");
		if (!len[sp])
			return false;
		p += len[sp];
		for (;;) {
			p += strspn(p, " \n");
			if (*p == '>' || (p[0] == '/' && p[1] == '>'))
				break;
			p += strcspn(p, "=\"<> ");
			if (p[0] != '=' || p[1] != '"')
				return false;
			for (p += 2; *p != '"'; p++)
				if (!*p || *p == '<' || (*p == '&' && !entity_ok(p)))
					return false;
			p++;
		}
		if (*p == '>')
			sp++;
		p += *p == '>' ? 1 : 2;
	}
	return !sp && roots == 1;
}

/* No byte that cannot be in UTF-8, no control characters but newline and tab. */
static bool clean_bytes(const char *s)
{
	for (; *s; s++) {
		unsigned char c = *s;

		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0xc0 || c == 0xc1 || c >= 0xf5)
			return false;
	}
	return true;
}

/* The value of attribute @name in the element at @line, or NULL. */
static const char *attr(const char *line, const char *name, char *buf, size_t size)
{
	const char *end = strchr(line, '\n');
	size_t n = strlen(name);
	const char *p;

	for (p = line; (p = strstr(p, name)) && (!end || p < end); p += n) {
		if (p[-1] == ' ' && p[n] == '=' && p[n + 1] == '"') {
			size_t len = strcspn(p + n + 2, "\"");

			if (len >= size)
				return NULL;
			memcpy(buf, p + n + 2, len);
			buf[len] = '\0';
			return buf;
		}
	}
	return NULL;
}

/* The frame lines, in order; each starts with <g class="frame". */
static size_t frame_lines(const char *svg, const char **lines, size_t max)
{
	size_t n = 0;
	const char *p;

	for (p = svg; (p = strstr(p, "<g class=\"frame\"")); p++)
		if (n < max)
			lines[n++] = p;
		else
			return max + 1;
	return n;
}

/* The characters of the label, entities and multibyte sequences counted as one. */
static size_t label_chars(const char *line)
{
	const char *p = strstr(line, "<text"), *end;
	size_t n = 0;

	if (!p || !(p = strchr(p, '>')) || !(end = strstr(p, "</text>")))
		return SIZE_MAX;
	for (p++; p < end; p++) {
		if (*p == '&')
			p = strchr(p, ';');
		if ((*p & 0xc0) != 0x80)
			n++;
	}
	return n;
}

static int test_well_formed(void)
{
	int ret;
	char *svg = write_svg(tree, NR_TREE, &ret);

	TEST_ASSERT_VAL("the checker checks", xml_well_formed("<a x=\"1\"><b/>&amp;</a>") &&
			!xml_well_formed("<a><b></a></b>") && !xml_well_formed("<a x=\"<\"/>") &&
			!xml_well_formed("<a>&</a>") && !xml_well_formed("<a/><b/>"));
	TEST_ASSERT_VAL("written", svg && !ret);
	TEST_ASSERT_VAL("well-formed XML", xml_well_formed(svg));
	TEST_ASSERT_VAL("valid bytes", clean_bytes(svg));
	TEST_ASSERT_VAL("names escaped",
			strstr(svg, "data-name=\"a&lt;b&gt;&amp;&quot;c&quot;\""));
	TEST_ASSERT_VAL("title escaped", strstr(svg, ">a &lt;title&gt; &amp; more</text>"));
	TEST_ASSERT_VAL("bad bytes replaced", strstr(svg, "data-name=\"bad\xef\xbf\xbd utf8"
						       "\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd\""));
	TEST_ASSERT_VAL("UTF-8 kept", strstr(svg, "data-name=\"\xe2\x82\xac euro\""));
	TEST_ASSERT_VAL("no external resources", !strstr(svg, "href") && !strstr(svg, "http:/"
		"/www.w3.org/1999/xlink") && !strstr(svg, "src="));
	TEST_ASSERT_VAL("a script", strstr(svg, "function zoom(") && strstr(svg, "function search("));
	free(svg);
	return TEST_OK;
}

static int test_widths(void)
{
	const char *lines[NR_TREE + 1];
	double alpha_x = -1, tiny_x = -1, zeta_x = -1;
	char buf[256];
	size_t i, n;
	int ret;
	char *svg = write_svg(tree, NR_TREE, &ret);

	TEST_ASSERT_VAL("written", svg && !ret);
	n = frame_lines(svg, lines, NR_TREE);
	TEST_ASSERT_VAL("the narrow frames left out", n == NR_DRAWN && !strstr(svg, "speck"));
	for (i = 0; i < n; i++) {
		const char *rect = strstr(lines[i], "<rect");
		double value, width, x;

		TEST_ASSERT_VAL("value", attr(lines[i], "data-value", buf, sizeof(buf)));
		value = strtod(buf, NULL);
		TEST_ASSERT_VAL("width", rect && attr(rect, "width", buf, sizeof(buf)));
		width = strtod(buf, NULL);
		TEST_ASSERT_VAL("x", attr(rect, "x", buf, sizeof(buf)));
		x = strtod(buf, NULL);
		if (width - value * (FLAME_WIDTH - 2 * FLAME_PAD) / ROOT_VALUE > 0.0005 ||
		    value * (FLAME_WIDTH - 2 * FLAME_PAD) / ROOT_VALUE - width > 0.0005) {
			fprintf(stderr, "    frame %zu: width %f for value %f\n", i, width, value);
			return TEST_FAIL;
		}
		TEST_ASSERT_VAL("labels fit", label_chars(lines[i]) == 0 ||
				label_chars(lines[i]) * 7.3 + 6 <= width);
		attr(lines[i], "data-name", buf, sizeof(buf));
		if (!strcmp(buf, "alpha"))
			alpha_x = x;
		else if (!strcmp(buf, "tiny"))
			tiny_x = x;
		else if (!strcmp(buf, "zeta"))
			zeta_x = x;
	}
	TEST_ASSERT_VAL("0.1% kept", tiny_x > 0);
	TEST_ASSERT_VAL("siblings by name", alpha_x == FLAME_PAD && alpha_x < tiny_x &&
			tiny_x < zeta_x);
	TEST_ASSERT_VAL("long names truncated", strstr(svg, "..</text>"));
	free(svg);
	return TEST_OK;
}

/* data-parent is the parent's position among the frames written, in preorder. */
static int test_parents(void)
{
	const char *lines[NR_TREE + 1];
	char buf[256], name[256];
	size_t i, n;
	int ret;
	char *svg = write_svg(tree, NR_TREE, &ret);

	TEST_ASSERT_VAL("written", svg && !ret);
	n = frame_lines(svg, lines, NR_TREE);
	TEST_ASSERT_VAL("frames", n == NR_DRAWN);
	TEST_ASSERT_VAL("the root first", attr(lines[0], "data-kind", buf, sizeof(buf)) &&
			!strcmp(buf, "root") && !attr(lines[0], "data-parent", buf, sizeof(buf)));
	for (i = 1; i < n; i++) {
		size_t p;

		TEST_ASSERT_VAL("parent", attr(lines[i], "data-parent", buf, sizeof(buf)));
		p = strtoul(buf, NULL, 10);
		TEST_ASSERT_VAL("parents first", p < i);
		attr(lines[p], "data-name", name, sizeof(name));
		attr(lines[i], "data-name", buf, sizeof(buf));
		if (!strcmp(buf, "alpha") || !strcmp(buf, "zeta") || !strcmp(buf, "tiny"))
			TEST_ASSERT_VAL("comms on the root", !strcmp(name, "all"));
		if (!strcmp(buf, "?"))
			TEST_ASSERT_VAL("? on zeta", !strcmp(name, "zeta"));
	}
	free(svg);
	return TEST_OK;
}

static int test_colour_families(void)
{
	static const char *const kinds[] = {
		"root", "comm", "host-kernel", "host-user", "guest-kernel", "guest-user",
		"unknown",
	};
	int ret;
	char *svg = write_svg(tree, NR_TREE, &ret);
	size_t i;

	TEST_ASSERT_VAL("written", svg && !ret);
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		char want[64];

		TEST_ASSERT_VAL("kind names", !strcmp(flame_kind__name(i), kinds[i]));
		snprintf(want, sizeof(want), "data-kind=\"%s\"", kinds[i]);
		TEST_ASSERT_VAL("each kind drawn", strstr(svg, want));
	}
	TEST_ASSERT_VAL("a legend", strstr(svg, ">guest kernel</text>") &&
			strstr(svg, ">host user</text>"));
	free(svg);
	return TEST_OK;
}

static int test_malformed(void)
{
	struct flame_frame bad[3] = {
		{ "all", 10, 1, 0, FLAME_ROOT },
		{ "a", 6, 1, 0, FLAME_COMM },
		{ "b", 5, 1, 0, FLAME_COMM },
	};
	int ret;
	char *svg;

	svg = write_svg(bad, 0, &ret);
	free(svg);
	TEST_ASSERT_VAL("no root", ret == -EINVAL);
	svg = write_svg(bad, 3, &ret);
	free(svg);
	TEST_ASSERT_VAL("children wider than the parent", ret == -EINVAL);
	bad[2].value = 4;
	bad[2].parent = 2;
	svg = write_svg(bad, 3, &ret);
	free(svg);
	TEST_ASSERT_VAL("a parent after its child", ret == -EINVAL);
	bad[2].parent = 1;
	bad[2].kind = FLAME_UNKNOWN + 1;
	svg = write_svg(bad, 3, &ret);
	free(svg);
	TEST_ASSERT_VAL("no such kind", ret == -EINVAL);
	bad[2].kind = FLAME_HOST_USER;
	bad[2].name = NULL;
	svg = write_svg(bad, 3, &ret);
	free(svg);
	TEST_ASSERT_VAL("no name", ret == -EINVAL);
	bad[2].name = "b";
	svg = write_svg(bad, 3, &ret);
	TEST_ASSERT_VAL("then good", !ret && xml_well_formed(svg));
	free(svg);
	return TEST_OK;
}

/* A profile without samples is a root alone, not a division by zero. */
static int test_empty(void)
{
	const struct flame_frame empty[] = {
		{ "all", 0, 0, 0, FLAME_ROOT },
		{ "idle", 0, 0, 0, FLAME_COMM },
	};
	const char *lines[3];
	char buf[64];
	int ret;
	char *svg = write_svg(empty, 2, &ret);

	TEST_ASSERT_VAL("written", svg && !ret && xml_well_formed(svg));
	TEST_ASSERT_VAL("the root alone", frame_lines(svg, lines, 2) == 1);
	TEST_ASSERT_VAL("full width", attr(strstr(lines[0], "<rect"), "width", buf, sizeof(buf)) &&
			!strcmp(buf, "1180.000"));
	free(svg);
	return TEST_OK;
}

static int test_write_error(void)
{
	FILE *fp = fopen("/dev/full", "w");
	int ret;

	if (!fp)
		return TEST_SKIP;
	ret = flamegraph__write(fp, tree, NR_TREE, "full");
	fclose(fp);
	TEST_ASSERT_VAL("-EIO", ret == -EIO);
	return TEST_OK;
}

const struct test_case flamegraph_tests[] = {
	{ "flamegraph: well-formed, escaped, self-contained SVG", test_well_formed },
	{ "flamegraph: widths are shares; narrow frames left out; siblings by name", test_widths },
	{ "flamegraph: data-parent links frames in preorder", test_parents },
	{ "flamegraph: one colour family per kind, and a legend", test_colour_families },
	{ "flamegraph: malformed trees are -EINVAL", test_malformed },
	{ "flamegraph: a tree without samples", test_empty },
	{ "flamegraph: a failed write is -EIO", test_write_error },
	{ NULL, NULL },
};
