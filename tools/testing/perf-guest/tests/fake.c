// SPDX-License-Identifier: GPL-2.0
/* The fake guest of fake.h. */
#include <stdlib.h>
#include <string.h>

#include "fake.h"

struct pg_fake pg_fake;

static unsigned int pg_fake_state(void)
{
	return pg_fake.state;
}

static unsigned long pg_fake_get_ip(void)
{
	pg_fake.ip_calls++;
	return pg_fake.ip;
}

static unsigned long pg_fake_get_frame_pointer(void)
{
	pg_fake.fp_calls++;
	return pg_fake.fp;
}

/* All @len bytes from one region, or nothing: read_virt's contract. */
static unsigned int pg_fake_read_virt(unsigned long addr, void *buf,
				      unsigned int len)
{
	unsigned int i;

	pg_fake.read_calls++;
	for (i = 0; i < PG_FAKE_REGIONS; i++) {
		u64 off = addr - pg_fake.region[i].gva;

		if (!pg_fake.region[i].mem || off >= pg_fake.region[i].size ||
		    len > pg_fake.region[i].size - off)
			continue;
		memcpy(buf, pg_fake.region[i].mem + off, len);
		return len;
	}
	memset(buf, 0xa5, len);
	return 0;
}

const struct pg_guest_cbs pg_fake_cbs = {
	.state			= pg_fake_state,
	.get_ip			= pg_fake_get_ip,
	.get_frame_pointer	= pg_fake_get_frame_pointer,
	.read_virt		= pg_fake_read_virt,
};

void pg_fake_reset(void)
{
	unsigned int i;

	for (i = 0; i < PG_FAKE_REGIONS; i++)
		free(pg_fake.region[i].mem);
	memset(&pg_fake, 0, sizeof(pg_fake));
	pg_set_guest_cbs(&pg_fake_cbs);
}

void pg_fake_region(unsigned int i, u64 gva, u64 size)
{
	free(pg_fake.region[i].mem);
	pg_fake.region[i].gva = gva;
	pg_fake.region[i].size = size;
	pg_fake.region[i].mem = calloc(1, size);
	if (!pg_fake.region[i].mem)
		abort();
}

void pg_fake_write(u64 gva, const void *src, size_t len)
{
	unsigned int i;

	for (i = 0; i < PG_FAKE_REGIONS; i++) {
		u64 off = gva - pg_fake.region[i].gva;

		if (pg_fake.region[i].mem && off < pg_fake.region[i].size &&
		    len <= pg_fake.region[i].size - off) {
			memcpy(pg_fake.region[i].mem + off, src, len);
			return;
		}
	}
	abort();	/* a test writing outside its regions */
}

void pg_fake_frame(u64 fp, u64 next, u64 ret)
{
	u64 frame[2] = { next, ret };

	pg_fake_write(fp, frame, sizeof(frame));
}

void pg_event_init(struct perf_event *event, unsigned int max_stack)
{
	memset(event, 0, sizeof(*event));
	event->attr.size = sizeof(event->attr);
	event->attr.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_CALLCHAIN;
	event->attr.sample_max_stack = max_stack;
}

const char *pg_chain_diff(char *why, size_t size, const u64 *got, u64 got_nr,
			  const u64 *want, u64 want_nr)
{
	char g[512], w[512];
	u64 i;

	for (i = 0; i < got_nr && i < want_nr; i++)
		if (got[i] != want[i])
			break;
	if (i == got_nr && got_nr == want_nr)
		return NULL;
	pg_format_chain(g, sizeof(g), got, got_nr);
	pg_format_chain(w, sizeof(w), want, want_nr);
	snprintf(why, size, "got %s, want %s (first difference at %llu)",
		 g, w, (unsigned long long)i);
	return why;
}
