// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "parse-options.h"

static bool opt_takes_arg(const struct option *o)
{
	switch (o->type) {
	case OPTION_STRING:
	case OPTION_INTEGER:
	case OPTION_U64:
		return true;
	case OPTION_CALLBACK:
		return !(o->flags & PARSE_OPT_NOARG);
	default:
		return false;
	}
}

static void opt_name(const struct option *o, bool is_long, char *buf, size_t sz)
{
	if (is_long)
		snprintf(buf, sz, "--%s", o->long_name);
	else
		snprintf(buf, sz, "-%c", o->short_name);
}

static int parse_number(const char *arg, uint64_t *val, bool is_signed)
{
	char *end;

	errno = 0;
	if (is_signed)
		*val = (uint64_t)strtoll(arg, &end, 0);
	else if (arg[0] == '-')
		return -EINVAL;
	else
		*val = strtoull(arg, &end, 0);
	if (errno || end == arg || *end)
		return -EINVAL;
	return 0;
}

static int set_value(const struct option *o, const char *arg, int unset, const char *name)
{
	uint64_t v;

	switch (o->type) {
	case OPTION_BOOLEAN:
		*(bool *)o->value = !unset;
		return 0;
	case OPTION_INCR:
		*(int *)o->value = unset ? 0 : *(int *)o->value + 1;
		return 0;
	case OPTION_STRING:
		*(const char **)o->value = unset ? NULL : arg;
		return 0;
	case OPTION_INTEGER:
		if (parse_number(arg, &v, true) || (int64_t)v != (int)(int64_t)v)
			goto bad_number;
		*(int *)o->value = (int)(int64_t)v;
		return 0;
	case OPTION_U64:
		if (parse_number(arg, &v, false))
			goto bad_number;
		*(uint64_t *)o->value = v;
		return 0;
	case OPTION_CALLBACK:
		return o->callback(o, arg, unset) ? -1 : 0;
	default:
		return -1;
	}
bad_number:
	fprintf(stderr, "  Error: %s expects a number, not '%s'\n", name, arg);
	return -1;
}

static const struct option *find_long(const struct option *opts, const char *name,
				      size_t len, bool *negated)
{
	const struct option *o;

	*negated = false;
	for (o = opts; o->type != OPTION_END; o++) {
		if (o->long_name && strlen(o->long_name) == len &&
		    !strncmp(o->long_name, name, len))
			return o;
	}
	if (len > 3 && !strncmp(name, "no-", 3)) {
		for (o = opts; o->type != OPTION_END; o++) {
			if (o->long_name && strlen(o->long_name) == len - 3 &&
			    !strncmp(o->long_name, name + 3, len - 3) &&
			    (o->type == OPTION_BOOLEAN || o->type == OPTION_CALLBACK)) {
				*negated = true;
				return o;
			}
		}
	}
	return NULL;
}

static const struct option *find_short(const struct option *opts, int c)
{
	const struct option *o;

	for (o = opts; o->type != OPTION_END; o++)
		if (o->short_name == c)
			return o;
	return NULL;
}

/* Returns how many argv entries were consumed beyond argv[*i], or -1. */
/* Whether option @o, argv[@i], goes without its optional argument. */
static bool optarg_left_out(const struct option *o, int argc, const char **argv, int i)
{
	if (!(o->flags & PARSE_OPT_OPTARG))
		return false;
	if (!(o->flags & PARSE_OPT_OPTARG_NEXT))
		return true;
	return i + 1 >= argc || argv[i + 1][0] == '-';
}

static int parse_long(const struct option *opts, int argc, const char **argv, int *i)
{
	const char *arg = argv[*i] + 2, *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
	const struct option *o;
	char name[128];
	bool negated;

	o = find_long(opts, arg, len, &negated);
	if (!o) {
		fprintf(stderr, "  Error: unknown option `%.*s'\n", (int)len, arg);
		return -1;
	}
	opt_name(o, true, name, sizeof(name));
	if (negated || !opt_takes_arg(o)) {
		if (eq) {
			fprintf(stderr, "  Error: option `%s' takes no value\n", o->long_name);
			return -1;
		}
		return set_value(o, NULL, negated, name);
	}
	if (eq)
		return set_value(o, eq + 1, 0, name);
	if (optarg_left_out(o, argc, argv, *i))
		return set_value(o, NULL, 0, name);
	if (*i + 1 >= argc) {
		fprintf(stderr, "  Error: option `%s' requires a value\n", o->long_name);
		return -1;
	}
	(*i)++;
	return set_value(o, argv[*i], 0, name);
}

static int parse_short(const struct option *opts, int argc, const char **argv, int *i)
{
	const char *p = argv[*i] + 1;
	char name[8];

	for (; *p; p++) {
		const struct option *o = find_short(opts, *p);

		if (!o) {
			fprintf(stderr, "  Error: unknown switch `%c'\n", *p);
			return -1;
		}
		opt_name(o, false, name, sizeof(name));
		if (!opt_takes_arg(o)) {
			if (set_value(o, NULL, 0, name))
				return -1;
			continue;
		}
		if (p[1])
			return set_value(o, p + 1, 0, name);
		if (optarg_left_out(o, argc, argv, *i))
			return set_value(o, NULL, 0, name);
		if (*i + 1 >= argc) {
			fprintf(stderr, "  Error: switch `%c' requires a value\n", *p);
			return -1;
		}
		(*i)++;
		return set_value(o, argv[*i], 0, name);
	}
	return 0;
}

int parse_options(int argc, const char **argv, const struct option *opts,
		  const char * const usage[], int flags)
{
	int i, out = 0;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		int err;

		if (a[0] != '-' || !a[1]) {
			if (flags & PARSE_OPT_STOP_AT_NON_OPTION)
				break;
			argv[out++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage_with_options(usage, opts, false);
			return PARSE_OPT_HELP;
		}
		err = a[1] == '-' ? parse_long(opts, argc, argv, &i) :
				    parse_short(opts, argc, argv, &i);
		if (err) {
			usage_with_options(usage, opts, true);
			return PARSE_OPT_ERR;
		}
	}
	while (i < argc)
		argv[out++] = argv[i++];
	argv[out] = NULL;
	return out;
}

void usage_with_options(const char * const usage[], const struct option *opts, bool err)
{
	FILE *f = err ? stderr : stdout;
	const struct option *o;

	fprintf(f, "\n Usage: %s\n", *usage++);
	while (*usage && **usage)
		fprintf(f, "    or: %s\n", *usage++);
	fputc('\n', f);
	for (o = opts; o->type != OPTION_END; o++) {
		char buf[80];
		int n = 0;

		if (o->flags & PARSE_OPT_HIDDEN)
			continue;
		n += snprintf(buf + n, sizeof(buf) - n, "    ");
		if (o->short_name)
			n += snprintf(buf + n, sizeof(buf) - n, "-%c%s", o->short_name,
				      o->long_name ? ", " : "");
		else
			n += snprintf(buf + n, sizeof(buf) - n, "    ");
		if (o->long_name)
			n += snprintf(buf + n, sizeof(buf) - n, "--%s", o->long_name);
		if ((o->flags & PARSE_OPT_OPTARG) && n < (int)sizeof(buf))
			n += snprintf(buf + n, sizeof(buf) - n, "[=<%s>]", o->argh ? o->argh : "arg");
		else if (opt_takes_arg(o) && n < (int)sizeof(buf))
			n += snprintf(buf + n, sizeof(buf) - n, " <%s>", o->argh ? o->argh : "arg");
		if (n >= 29)
			fprintf(f, "%s\n%29s %s\n", buf, "", o->help);
		else
			fprintf(f, "%-29s %s\n", buf, o->help);
	}
	fputc('\n', f);
}
