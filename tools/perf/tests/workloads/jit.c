// SPDX-License-Identifier: GPL-2.0
/*
 * A test workload that runs code from anonymous executable memory, as a
 * JIT does: jit_hot (3 units per round) and jit_cold (1 unit), copied
 * into one mmap()ed page.  With -m it first writes /tmp/perf-PID.map
 * naming them, as JITs do for perf.  Prints its pid.  Usage:
 *   jit [-m] [seconds]
 */
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>
#include "spin.h"

/* mov $N,%rcx; 1: dec %rcx; jnz 1b; ret */
static const unsigned char loop_code[] = {
	0x48, 0xc7, 0xc1, 0, 0, 0, 0, 0x48, 0xff, 0xc9, 0x75, 0xfb, 0xc3,
};

#define HOT_OFF		0
#define COLD_OFF	64

static void (*jit_hot)(void);
static void (*jit_cold)(void);

static void emit(unsigned char *page, size_t off, unsigned int count)
{
	memcpy(page + off, loop_code, sizeof(loop_code));
	memcpy(page + off + 3, &count, 4);
}

static int write_map(const unsigned char *page)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/perf-%d.map", getpid());
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "%lx %zx jit_hot\n", (unsigned long)(page + HOT_OFF), sizeof(loop_code));
	fprintf(f, "%lx %zx jit_cold\n", (unsigned long)(page + COLD_OFF), sizeof(loop_code));
	return fclose(f);
}

static void round_of_work(void)
{
	jit_hot();
	jit_cold();
}

int main(int argc, char **argv)
{
	unsigned char *page;
	int map = argc > 1 && !strcmp(argv[1], "-m");

	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED) {
		perror("jit: mmap");
		return 1;
	}
	emit(page, HOT_OFF, 3 * UNIT);
	emit(page, COLD_OFF, 1 * UNIT);
	jit_hot = (void (*)(void))(page + HOT_OFF);
	jit_cold = (void (*)(void))(page + COLD_OFF);
	if (map && write_map(page)) {
		perror("jit: /tmp/perf-PID.map");
		return 1;
	}
	printf("%d\n", getpid());
	fflush(stdout);
	return workload_main(argc - map, argv + map, round_of_work);
}
