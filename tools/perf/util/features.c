// SPDX-License-Identifier: GPL-2.0
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "features.h"
#include "util.h"

/* The value of the first "@key : value" line of /proc/cpuinfo, or "". */
static void cpuinfo_value(const char *key, char *out, size_t size)
{
	FILE *f = fopen("/proc/cpuinfo", "re");
	char line[1024];
	size_t n = strlen(key);

	*out = '\0';
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (!colon || strncmp(line, key, n) || (line[n] != ' ' && line[n] != '\t'))
			continue;
		colon++;
		colon += strspn(colon, " \t");
		colon[strcspn(colon, "\n")] = '\0';
		snprintf(out, size, "%s", colon);
		break;
	}
	fclose(f);
}

static uint64_t total_mem_kb(void)
{
	char buf[256];
	uint64_t kb = 0;

	if (read_small_file("/proc/meminfo", buf, sizeof(buf)) > 0)
		sscanf(buf, "MemTotal: %" SCNu64, &kb);
	return kb;
}

/*
 * HEADER_CPUID as perf writes it on x86, "VENDOR,FAMILY,MODEL,STEPPING"
 * with the extended family and model folded in: perf kvm stat picks the
 * VMX or SVM exit names from the vendor.
 */
void features__cpuid(char *out, size_t size)
{
	*out = '\0';
#if defined(__x86_64__) || defined(__i386__)
	unsigned int a, b, c, d, family, model;
	char vendor[13];

	if (!__get_cpuid(0, &a, &b, &c, &d))
		return;
	memcpy(vendor, &b, 4);
	memcpy(vendor + 4, &d, 4);
	memcpy(vendor + 8, &c, 4);
	vendor[12] = '\0';
	if (!__get_cpuid(1, &a, &b, &c, &d))
		return;
	family = (a >> 8) & 0xf;
	model = (a >> 4) & 0xf;
	if (family == 0xf)
		family += (a >> 20) & 0xff;
	if (family >= 0x6)
		model += ((a >> 16) & 0xf) << 4;
	snprintf(out, size, "%s,%u,%u,%u", vendor, family, model, a & 0xf);
#else
	(void)size;
#endif
}

void features__encode_env(struct buf *feats, int argc, const char **argv)
{
	char cpudesc[256];
	struct utsname u;
	int i;

	if (uname(&u))
		memset(&u, 0, sizeof(u));
	perf_header__add_string(&feats[HEADER_HOSTNAME], u.nodename);
	perf_header__add_string(&feats[HEADER_OSRELEASE], u.release);
	perf_header__add_string(&feats[HEADER_VERSION], PERF_VERSION);
	perf_header__add_string(&feats[HEADER_ARCH], u.machine);
	buf__add_u32(&feats[HEADER_NRCPUS], sysconf(_SC_NPROCESSORS_CONF));
	buf__add_u32(&feats[HEADER_NRCPUS], sysconf(_SC_NPROCESSORS_ONLN));
	cpuinfo_value("model name", cpudesc, sizeof(cpudesc));
	if (*cpudesc)
		perf_header__add_string(&feats[HEADER_CPUDESC], cpudesc);
	features__cpuid(cpudesc, sizeof(cpudesc));
	if (*cpudesc)
		perf_header__add_string(&feats[HEADER_CPUID], cpudesc);
	buf__add_u64(&feats[HEADER_TOTAL_MEM], total_mem_kb());
	buf__add_u32(&feats[HEADER_CMDLINE], argc);
	for (i = 0; i < argc; i++)
		perf_header__add_string(&feats[HEADER_CMDLINE], argv[i]);
}

void features__release(struct buf *feats)
{
	int i;

	for (i = 0; i < HEADER_FEAT_BITS; i++)
		buf__release(&feats[i]);
}
