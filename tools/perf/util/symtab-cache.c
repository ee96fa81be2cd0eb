// SPDX-License-Identifier: GPL-2.0
/*
 * The process-wide cache of what ELF files hold (see symtab-cache.h).
 * Build-ids are small: the latest few are remembered, whatever files
 * they came from (temporary copies of the vDSO among them).  Symbol
 * tables are large and kept for good, within a budget, so that whoever
 * borrowed one may hold on to it.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "build-id.h"
#include "dso.h"
#include "event.h"
#include "symtab-cache.h"

#define SYMTAB_BUDGET	(256ULL << 20)	/* bytes of symbol tables kept */
#define NR_BUILD_IDS	64		/* build-ids remembered, the latest */
#define SYMTAB_BUCKETS	256

/* Which file a path named when it was read: another file, or a change, is another identity. */
struct file_id {
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
};

struct bid_entry {
	char *path;			/* NULL: a free slot */
	struct file_id id;
	int n;				/* the build-id's size, or -errno */
	uint8_t bid[BUILD_ID_SIZE];
};

struct symtab_entry {
	char *path;
	struct file_id id;
	enum symtab_addr mode;
	int err;			/* what symtab__load_elf() returned */
	struct symtab st;
	struct symtab_entry *next;	/* hash chain */
};

static struct {
	pthread_mutex_t lock;
	struct bid_entry bids[NR_BUILD_IDS];
	unsigned int next_bid;		/* the slot that the next new build-id takes */
	struct symtab_entry *symtabs[SYMTAB_BUCKETS];
	size_t bytes;			/* held by the symbol tables */
} cache = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* Only regular files are kept: anything else may read differently next time. */
static int file_id__get(const char *path, struct file_id *id)
{
	struct stat st;

	if (stat(path, &st))
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -ENOSPC;
	memset(id, 0, sizeof(*id));
	id->dev = st.st_dev;
	id->ino = st.st_ino;
	id->size = st.st_size;
	id->mtime = st.st_mtim;
	return 0;
}

static bool file_id__eq(const struct file_id *a, const struct file_id *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec;
}

/* What a file holds is kept; a failure of the moment (no memory, no descriptor) is not. */
static bool result_kept(int err)
{
	return err >= 0 || err == -ENOENT || err == -ENODATA || err == -EINVAL;
}

static int bid_copy(const struct bid_entry *e, uint8_t *bid, size_t size)
{
	if (e->n < 0)
		return e->n;
	if ((size_t)e->n > size)
		return -EINVAL;
	memcpy(bid, e->bid, e->n);
	return e->n;
}

int symtab_cache__read_build_id(const char *path, uint8_t *bid, size_t size)
{
	uint8_t got[BUILD_ID_SIZE];
	struct bid_entry *e;
	struct file_id id;
	char *dup;
	int i, n = file_id__get(path, &id);

	if (n == -ENOSPC)
		return filename__read_build_id(path, bid, size);
	if (n)
		return n;
	pthread_mutex_lock(&cache.lock);
	for (i = 0; i < NR_BUILD_IDS; i++) {
		e = &cache.bids[i];
		if (e->path && file_id__eq(&e->id, &id) && !strcmp(e->path, path)) {
			n = bid_copy(e, bid, size);
			pthread_mutex_unlock(&cache.lock);
			return n;
		}
	}
	n = filename__read_build_id(path, got, sizeof(got));
	dup = result_kept(n) ? strdup(path) : NULL;
	if (dup) {
		e = &cache.bids[cache.next_bid];
		cache.next_bid = (cache.next_bid + 1) % NR_BUILD_IDS;
		free(e->path);
		e->path = dup;
		e->id = id;
		e->n = n;
		if (n > 0)
			memcpy(e->bid, got, n);
	}
	pthread_mutex_unlock(&cache.lock);
	if (n < 0)
		return n;
	if ((size_t)n > size)
		return -EINVAL;
	memcpy(bid, got, n);
	return n;
}

static size_t bucket_of(const char *path)
{
	size_t h = 5381;

	while (*path)
		h = h * 33 + (unsigned char)*path++;
	return h % SYMTAB_BUCKETS;
}

static size_t symtab_entry__bytes(const struct symtab_entry *e)
{
	return sizeof(*e) + strlen(e->path) + 1 + e->st.nr * sizeof(*e->st.syms) +
	       e->st.nr_index * sizeof(*e->st.index) + e->st.strpool_size;
}

/* Reads @path into a new entry, if the file stays the one that @id names meanwhile. */
static struct symtab_entry *symtab_entry__read(const char *path, const struct file_id *id,
					       enum symtab_addr mode)
{
	struct symtab_entry *e = calloc(1, sizeof(*e));
	struct file_id after;

	if (!e)
		return NULL;
	e->path = strdup(path);
	e->id = *id;
	e->mode = mode;
	if (e->path) {
		e->err = symtab__load_elf(&e->st, path, mode);
		if (result_kept(e->err) && !file_id__get(path, &after) && file_id__eq(id, &after))
			return e;
	}
	symtab__exit(&e->st);
	free(e->path);
	free(e);
	return NULL;
}

int symtab_cache__load_elf(const char *path, enum symtab_addr mode, const struct symtab **st)
{
	struct symtab_entry *e, **head;
	struct file_id id;
	int err = file_id__get(path, &id);

	*st = NULL;
	if (err)
		return err;
	head = &cache.symtabs[bucket_of(path)];
	pthread_mutex_lock(&cache.lock);
	for (e = *head; e; e = e->next)
		if (e->mode == mode && file_id__eq(&e->id, &id) && !strcmp(e->path, path))
			break;
	if (!e && cache.bytes < SYMTAB_BUDGET) {
		e = symtab_entry__read(path, &id, mode);
		if (e) {
			cache.bytes += symtab_entry__bytes(e);
			e->next = *head;
			*head = e;
		}
	}
	pthread_mutex_unlock(&cache.lock);
	if (!e)
		return -ENOSPC;
	if (!e->err)
		*st = &e->st;
	return e->err;
}

int symtab_cache__load_dso(struct dso *d, const char *path)
{
	const struct symtab *st;
	int err = symtab_cache__load_elf(path, SYMTAB_FILE_OFFSET, &st);

	if (st) {
		/* Shared: the DSO's owner must not free it. */
		d->symtab = (struct symtab *)st;
		d->symtab_borrowed = true;
	}
	return err;
}
