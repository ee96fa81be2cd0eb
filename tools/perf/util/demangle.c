// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "demangle.h"

/* The C++ runtime's demangler (libstdc++): the Itanium ABI is too large to redo. */
char *__cxa_demangle(const char *mangled, char *out, size_t *len, int *status);

/*
 * Where the parameter list of the demangled function @s starts: the '('
 * matching its last ')', or NULL for a name without one (a variable).
 * Qualifiers and clone suffixes after it go with it.
 */
static const char *params_start(const char *s)
{
	const char *p = strrchr(s, ')');
	int depth = 0;

	if (!p)
		return NULL;
	for (; p >= s; p--) {
		if (*p == ')')
			depth++;
		else if (*p == '(' && !--depth)
			return p;
	}
	return NULL;
}

/*
 * Where the name in [@s, @end) starts: a template function's name ends
 * in '>' and comes after its return type ("int work::scale<int>"); the
 * return type ends at the last space outside brackets.
 */
static const char *name_start(const char *s, const char *end)
{
	const char *p;
	int depth = 0;

	if (end == s || end[-1] != '>')
		return s;
	for (p = end - 1; p >= s; p--) {
		if (*p == '>' || *p == ')')
			depth++;
		else if (*p == '<' || *p == '(')
			depth--;
		else if (*p == ' ' && !depth)
			return p + 1;
	}
	return s;
}

static bool is_thunk(const char *d)
{
	return !strncmp(d, "virtual thunk to ", 17) || !strncmp(d, "non-virtual thunk to ", 21) ||
	       !strncmp(d, "covariant return thunk to ", 26);
}

/* A PLT stub's name is its target's with "@plt": perf demangles the target's part. */
static int demangle_plt(const char *name, size_t len, char *buf, size_t size)
{
	char *target = strndup(name, len - 4);
	int n;

	if (!target)
		return -1;
	n = demangle(target, buf, size);
	free(target);
	if (n < 0)
		return -1;
	if ((size_t)n < size)
		snprintf(buf + n, size - n, "@plt");
	return n + 4;
}

int demangle(const char *name, char *buf, size_t size)
{
	const char *start, *end;
	size_t len;
	char *d;
	int status, n;

	if (strncmp(name, "_Z", 2))
		return -1;
	len = strlen(name);
	if (len > 6 && !strcmp(name + len - 4, "@plt"))
		return demangle_plt(name, len, buf, size);
	d = __cxa_demangle(name, NULL, NULL, &status);
	if (!d || status)
		return -1;
	/*
	 * perf drops the parameters of a function, but a thunk is named
	 * after the function it jumps to, parameters and all.
	 */
	end = is_thunk(d) ? NULL : params_start(d);
	if (!end)
		end = d + strlen(d);
	start = name_start(d, end);
	n = snprintf(buf, size, "%.*s", (int)(end - start), start);
	free(d);
	return n;
}
