// SPDX-License-Identifier: GPL-2.0
/*
 * perf buildid-list: the build-ids of the binaries a perf.data file
 * used, as recorded in its header or, with -H, of those samples hit.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "builtin.h"
#include "ui/session-msg.h"
#include "util/build-id.h"
#include "util/build-id-list.h"
#include "util/debug.h"
#include "util/guest-options.h"
#include "util/parse-options.h"
#include "util/session.h"
#include "util/util.h"

#define KERNEL_NOTES	"/sys/kernel/notes"

struct buildid_list {
	struct perf_tool tool;
	const char *input;
	struct guest_config guest;
	bool with_hits;
	bool kernel;		/* -k: the running kernel's build-id */
	bool kvm;		/* perf kvm: guest samples count */
	bool host;		/* count host samples */
};

/*
 * Marks the DSO a sample landed in.  As in Linux perf, host samples
 * count unless perf kvm shows guests only, and guest samples count under
 * perf kvm, whatever --host says; outside it they have no machine.
 */
static int buildid_list__sample(struct perf_tool *tool, struct perf_session *s,
				const struct perf_sample *sample,
				const struct perf_header_attr *attr __maybe_unused)
{
	struct buildid_list *bl = container_of(tool, struct buildid_list, tool);
	bool guest = cpumode__is_guest(sample->cpumode);
	struct machine *m;
	struct map *map;

	if (guest ? !bl->kvm : !bl->host)
		return 0;
	m = machines__findnew(&s->machines, sample->cpumode, sample->pid);
	if (!m)
		return -ENOMEM;
	map = machine__find_map(m, sample->pid, sample->cpumode, sample->ip);
	if (map)
		map->dso->hit = true;
	return 0;
}

static bool file__is_elf(const char *path)
{
	char magic[4];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool elf;

	if (fd < 0)
		return false;
	elf = read(fd, magic, sizeof(magic)) == sizeof(magic) && !memcmp(magic, "\177ELF", 4);
	close(fd);
	return elf;
}

/* An ELF file (or the kernel's notes) instead of a perf.data: its own build-id. */
static int print_file_build_id(const char *path, bool notes)
{
	uint8_t bid[BUILD_ID_SIZE];
	char hex[SBUILD_ID_SIZE];
	int n = notes ? sysfs__read_build_id(path, bid, sizeof(bid)) :
			filename__read_build_id(path, bid, sizeof(bid));

	if (n < 0) {
		pr_err("%s: no build-id: %s\n", path, strerror(-n));
		return n;
	}
	build_id__sprintf(bid, n, hex);
	printf("%s\n", hex);
	return 0;
}

/*
 * Without a build-id section the file names no DSO: list those that
 * samples hit, as Linux perf does, with the build-ids its MMAP2 records
 * carry.  Linux perf prints the others blank; for a file recorded on
 * this very machine, we read them from the binaries here.
 */
static int buildid_list__run(struct buildid_list *bl)
{
	struct build_id_list l = { 0 };
	struct perf_session session;
	bool hits;
	int err;

	err = session_msg__open(&session, bl->input, &bl->guest);
	if (err)
		goto out;
	hits = bl->with_hits || !perf_header__has_feat(&session.header, HEADER_BUILD_ID);
	if (hits) {
		err = session_msg__process(&session, &bl->tool);
		if (err)
			goto out;
		err = build_id_list__from_hits(&l, &session.machines,
					       build_id_list__recorded_here(&session));
	} else {
		err = build_id_list__from_header(&l, &session);
	}
	if (err) {
		pr_err("%s: %s\n", bl->input, strerror(-err));
		goto out;
	}
	build_id_list__fprintf(&l, stdout);
out:
	build_id_list__exit(&l);
	perf_session__close(&session);
	return err;
}

static const char * const buildid_list_usage[] = {
	"perf buildid-list [<options>]",
	NULL
};

int cmd_buildid_list(int argc, const char **argv)
{
	struct buildid_list bl = {
		.tool = { .sample = buildid_list__sample },
		.input = "perf.data",
	};
	bool only_host = false, only_guest = false;
	const struct option options[] = {
		OPT_STRING('i', "input", &bl.input, "file", "input file name"),
		OPT_BOOLEAN('H', "with-hits", &bl.with_hits, "show only DSOs with hits"),
		OPT_BOOLEAN('k', "kernel", &bl.kernel, "show the running kernel's build-id"),
		OPT_INCR('v', "verbose", &verbose, "be more verbose"),
		OPT_BOOLEAN('q', "quiet", &quiet, "do not print warnings"),
		/* Set by perf kvm, which documents them. */
		OPT_KVM_GUEST_CONFIG(bl.guest),
		OPT_KVM_MODE(bl.kvm, only_host, only_guest),
		OPT_END()
	};
	int err;

	argc = parse_options(argc, argv, options, buildid_list_usage, 0);
	if (argc < 0)
		return parse_options_exit(argc);
	if (argc) {
		pr_err("unexpected argument '%s'\n", argv[0]);
		usage_with_options(buildid_list_usage, options, true);
		return 129;
	}
	bl.host = !only_guest;
	if (bl.kernel)
		err = print_file_build_id(KERNEL_NOTES, true);
	else if (file__is_elf(bl.input))
		err = print_file_build_id(bl.input, false);
	else
		err = buildid_list__run(&bl);
	return err ? 1 : 0;
}
