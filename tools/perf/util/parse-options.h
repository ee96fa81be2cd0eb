/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __PERF_PARSE_OPTIONS_H
#define __PERF_PARSE_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

/*
 * One option table type for every command.  A table is an array of
 * struct option ended by OPT_END(); values are written through the
 * pointers in the table, so commands bind options into their own state
 * struct rather than into globals.
 */
enum parse_opt_type {
	OPTION_END,
	OPTION_BOOLEAN,		/* bool; --no-<name> clears it */
	OPTION_INCR,		/* int; each use adds one (-v -v) */
	OPTION_STRING,		/* const char *, pointing into argv */
	OPTION_INTEGER,		/* int, decimal or 0x hex */
	OPTION_U64,		/* uint64_t */
	OPTION_CALLBACK,	/* callback(opt, arg, unset) */
};

enum parse_opt_flags {
	PARSE_OPT_STOP_AT_NON_OPTION	= 1 << 0,
};

#define PARSE_OPT_HIDDEN	(1 << 0)	/* an option flag: not listed by -h */
#define PARSE_OPT_NOARG		(1 << 1)	/* an option flag: callback takes no argument */
#define PARSE_OPT_OPTARG	(1 << 2)	/* its argument may be left out (NULL): only
						   --name=value or -xvalue give one */
#define PARSE_OPT_OPTARG_NEXT	(1 << 3)	/* with OPTARG: the next word is the argument
						   too, unless it starts with '-' (perf's -g) */

/* parse_options() results below zero */
#define PARSE_OPT_HELP		-1	/* -h was given: usage printed to stdout */
#define PARSE_OPT_ERR		-2	/* bad usage: message and usage printed to stderr */

struct option;
typedef int parse_opt_cb(const struct option *opt, const char *arg, int unset);

struct option {
	enum parse_opt_type type;
	int short_name;
	const char *long_name;
	void *value;
	const char *argh;
	const char *help;
	parse_opt_cb *callback;
	int flags;
};

#define OPT_END()	{ .type = OPTION_END }
#define OPT_BOOLEAN(s, l, v, h) \
	{ .type = OPTION_BOOLEAN, .short_name = (s), .long_name = (l), .value = (v), .help = (h) }
#define OPT_INCR(s, l, v, h) \
	{ .type = OPTION_INCR, .short_name = (s), .long_name = (l), .value = (v), .help = (h) }
#define OPT_STRING(s, l, v, a, h) \
	{ .type = OPTION_STRING, .short_name = (s), .long_name = (l), .value = (v), .argh = (a), .help = (h) }
#define OPT_INTEGER(s, l, v, h) \
	{ .type = OPTION_INTEGER, .short_name = (s), .long_name = (l), .value = (v), .argh = "n", .help = (h) }
#define OPT_U64(s, l, v, h) \
	{ .type = OPTION_U64, .short_name = (s), .long_name = (l), .value = (v), .argh = "n", .help = (h) }
#define OPT_CALLBACK(s, l, v, a, h, cb) \
	{ .type = OPTION_CALLBACK, .short_name = (s), .long_name = (l), .value = (v), .argh = (a), \
	  .help = (h), .callback = (cb) }
#define OPT_CALLBACK_OPTARG(s, l, v, a, h, cb) \
	{ .type = OPTION_CALLBACK, .short_name = (s), .long_name = (l), .value = (v), .argh = (a), \
	  .help = (h), .callback = (cb), .flags = PARSE_OPT_OPTARG }
#define OPT_CALLBACK_OPTNEXT(s, l, v, a, h, cb) \
	{ .type = OPTION_CALLBACK, .short_name = (s), .long_name = (l), .value = (v), .argh = (a), \
	  .help = (h), .callback = (cb), .flags = PARSE_OPT_OPTARG | PARSE_OPT_OPTARG_NEXT }
#define OPT_CALLBACK_NOARG(s, l, v, h, cb) \
	{ .type = OPTION_CALLBACK, .short_name = (s), .long_name = (l), .value = (v), \
	  .help = (h), .callback = (cb), .flags = PARSE_OPT_NOARG }

/*
 * Parses options from argv[1..argc-1] and moves the arguments that are
 * not options to the front of argv.  Returns how many are left, or
 * PARSE_OPT_HELP / PARSE_OPT_ERR (after printing).  -h and --help are
 * always understood.  Stops at "--", and with PARSE_OPT_STOP_AT_NON_OPTION
 * at the first non-option.
 */
int parse_options(int argc, const char **argv, const struct option *opts,
		  const char * const usage[], int flags);

/* Prints the usage lines and the option table (to stderr when @err). */
void usage_with_options(const char * const usage[], const struct option *opts, bool err);

/* Maps a parse_options() failure to the command's exit status. */
static inline int parse_options_exit(int ret)
{
	return ret == PARSE_OPT_HELP ? 0 : 129;
}

#endif /* __PERF_PARSE_OPTIONS_H */
