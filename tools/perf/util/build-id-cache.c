// SPDX-License-Identifier: GPL-2.0
/*
 * The build-id cache (layout in build-id-cache.h).  Every directory
 * below the root is opened with O_NOFOLLOW, one component at a time,
 * from the root's descriptor: a name or a link read from a perf.data
 * file or from the cache itself can only lead to places inside it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "build-id.h"
#include "build-id-cache.h"
#include "dso.h"
#include "machine.h"
#include "util.h"

#define LINK_DIR		".build-id"
#define LINK_PREFIX		"../../"
#define HOST_KALLSYMS		"/proc/kallsyms"
#define KERNEL_NAME		"[kernel.kallsyms]"
#define GUEST_KERNEL_NAME	"[guest.kernel.kallsyms]"
#define KALLSYMS_PROBE		65536	/* bytes of kallsyms looked at for a real address */

int build_id_cache__root(char *buf, size_t size)
{
	const char *dir = getenv("PERF_BUILDID_DIR"), *home = getenv("HOME");
	int n;

	if (dir && *dir)
		n = snprintf(buf, size, "%s", dir);
	else if (home && *home)
		n = snprintf(buf, size, "%s/.debug", home);
	else
		return -ENOENT;
	return (size_t)n < size ? 0 : -ENAMETOOLONG;
}

static int bid__hex(const uint8_t *bid, size_t size, char *hex)
{
	if (!size || size > BUILD_ID_SIZE)
		return -EINVAL;
	build_id__sprintf(bid, size, hex);
	return 0;
}

static bool is_hex(const char *s, size_t min_len, size_t max_len)
{
	size_t n = strspn(s, "0123456789abcdef");

	return !s[n] && n >= min_len && n <= max_len;
}

/* Creates @path and its parents (the root comes from the environment: it is trusted). */
static int mkdir_p(const char *path)
{
	char tmp[PATH_MAX];
	char *p;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s", path) >= sizeof(tmp))
		return -ENAMETOOLONG;
	for (p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return mkdir(tmp, 0755) && errno != EEXIST ? -errno : 0;
}

/* The root as a directory descriptor, created first if @create. Returns the fd or -errno. */
static int root__open(bool create, char *root, size_t size)
{
	int err = build_id_cache__root(root, size), fd;

	if (!err && create)
		err = mkdir_p(root);
	if (err)
		return err;
	fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* Is [c, c + len) a name that stays in its directory? */
static bool component__ok(const char *c, size_t len)
{
	if (!len || len > NAME_MAX || memchr(c, '\0', len))
		return false;
	return !(len == 1 && c[0] == '.') && !(len == 2 && c[0] == '.' && c[1] == '.');
}

/*
 * Joins the components of @path (separated by runs of '/') with single
 * slashes into @out.  Returns how many, or -EINVAL for "." or "..".
 */
static int path__normalize(const char *path, char *out, size_t size)
{
	size_t len = 0;
	int nr = 0;

	while (*path) {
		size_t n;

		path += strspn(path, "/");
		n = strcspn(path, "/");
		if (!n)
			break;
		if (!component__ok(path, n))
			return -EINVAL;
		if (len + !!len + n >= size)
			return -ENAMETOOLONG;
		if (len)
			out[len++] = '/';
		memcpy(out + len, path, n);
		len += n;
		path += n;
		nr++;
	}
	out[len] = '\0';
	return nr;
}

/* The directory of DSO @name relative to the root, into @rel. Returns 0 or -EINVAL. */
static int name__rel(const char *name, char *rel, size_t size)
{
	size_t n = strlen(name);
	int nr;

	if (name[0] == '[') {
		if (n < 3 || name[n - 1] != ']' || strchr(name, '/') || !component__ok(name, n))
			return -EINVAL;
		if (n >= size)
			return -ENAMETOOLONG;
		memcpy(rel, name, n + 1);
		return 0;
	}
	if (name[0] != '/')
		return -EINVAL;
	nr = path__normalize(name, rel, size);
	if (nr < 0)
		return nr;
	return nr ? 0 : -EINVAL;
}

/*
 * Opens directory @rel below @dirfd, one component at a time and without
 * following symlinks, creating missing ones if @create.  Returns the fd
 * or -errno: -ELOOP for a symlink, -ENOTDIR for a file in the way.
 */
static int dir__walk(int dirfd, const char *rel, bool create)
{
	int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	while (*rel) {
		char comp[NAME_MAX + 1];
		size_t n;
		int next;

		rel += strspn(rel, "/");
		n = strcspn(rel, "/");
		if (!n)
			break;
		if (!component__ok(rel, n)) {
			close(fd);
			return -EINVAL;
		}
		memcpy(comp, rel, n);
		comp[n] = '\0';
		rel += n;
		next = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0 && errno == ENOENT && create) {
			if (mkdirat(fd, comp, 0755) && errno != EEXIST) {
				next = -errno;
				close(fd);
				return next;
			}
			next = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		}
		if (next < 0) {
			next = -errno;
			close(fd);
			return next;
		}
		close(fd);
		fd = next;
	}
	return fd;
}

/* The directory holding the link of @hex: .build-id/<2 hex>. */
static int link_dir__open(int rootfd, const char *hex, bool create)
{
	char rel[sizeof(LINK_DIR) + 4];

	snprintf(rel, sizeof(rel), "%s/%.2s", LINK_DIR, hex);
	return dir__walk(rootfd, rel, create);
}

/*
 * Checks a link's target, which must be "../../<name>/<@hex>" with clean
 * components, and puts "<name>/<hex>" (relative to the root) into @rel.
 * Returns 0 or -EXDEV.
 */
static int link__parse(const char *target, const char *hex, char *rel, size_t size)
{
	const char *last;
	int nr;

	if (strncmp(target, LINK_PREFIX, strlen(LINK_PREFIX)))
		return -EXDEV;
	nr = path__normalize(target + strlen(LINK_PREFIX), rel, size);
	if (nr < 2)
		return -EXDEV;
	last = strrchr(rel, '/') + 1;
	return strcmp(last, hex) ? -EXDEV : 0;
}

/*
 * Reads the link of @hex into @rel ("<name>/<hex>", relative to the
 * root).  Returns 0, -ENOENT, -EXDEV (it leads elsewhere) or -errno.
 */
static int link__read(int rootfd, const char *hex, char *rel, size_t size)
{
	char target[PATH_MAX];
	int fd = link_dir__open(rootfd, hex, false);
	ssize_t n;

	if (fd < 0)
		return fd == -ELOOP || fd == -ENOTDIR ? -EXDEV : fd;
	n = readlinkat(fd, hex + 2, target, sizeof(target) - 1);
	if (n < 0)
		n = errno == EINVAL ? -EXDEV : -errno;	/* EINVAL: not a symlink */
	close(fd);
	if (n < 0)
		return n;
	target[n] = '\0';
	return link__parse(target, hex, rel, size);
}

/* Opens the entry directory "<name>/<hex>" that @hex's link names. Returns the fd or -errno. */
static int entry__open(int rootfd, const char *hex, char *rel, size_t size)
{
	int err = link__read(rootfd, hex, rel, size), fd;

	if (err)
		return err;
	fd = dir__walk(rootfd, rel, false);
	return fd == -ELOOP || fd == -ENOTDIR ? -EXDEV : fd;
}

int build_id_cache__find(const uint8_t *bid, size_t size, const char *file, char *path,
			 size_t len)
{
	char hex[SBUILD_ID_SIZE], root[PATH_MAX], rel[PATH_MAX];
	int rootfd, fd, err;
	struct stat st;

	err = bid__hex(bid, size, hex);
	if (err)
		return err;
	rootfd = root__open(false, root, sizeof(root));
	if (rootfd < 0)
		return rootfd;
	fd = entry__open(rootfd, hex, rel, sizeof(rel));
	close(rootfd);
	if (fd < 0)
		return fd;
	if (fstatat(fd, file, &st, AT_SYMLINK_NOFOLLOW))
		err = -errno;
	else if (S_ISLNK(st.st_mode))
		err = -EXDEV;
	else if (!S_ISREG(st.st_mode))
		err = -ENOENT;
	close(fd);
	if (!err && (size_t)snprintf(path, len, "%s/%s/%s", root, rel, file) >= len)
		err = -ENAMETOOLONG;
	return err;
}

/* Copies file @in to @out: a reflink where the file system can, else bytes. */
static int copy_fd(int in, int out)
{
	char buf[65536];
	ssize_t n;
	int err;

	if (!ioctl(out, FICLONE, in))
		return 0;
	for (;;) {
		n = read(in, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (!n)
			return 0;
		err = writen(out, buf, n);
		if (err)
			return err;
	}
}

static int src__write(const struct build_id_cache_src *src, int fd)
{
	int in, err;

	if (!src->path)
		return writen(fd, src->data, src->len);
	in = open(src->path, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -errno;
	err = copy_fd(in, fd);
	close(in);
	return err;
}

/* Writes @src as @file in directory @dirfd: to a temporary name, renamed into place. */
static int file__store(int dirfd, const char *file, const struct build_id_cache_src *src)
{
	char tmp[64];
	int fd, err, tries;

	snprintf(tmp, sizeof(tmp), ".%s.%d.tmp", file, (int)getpid());
	for (tries = 0; tries < 2; tries++) {
		fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0 || errno != EEXIST)
			break;
		/* Left by a run of ours that died, with the same pid. */
		unlinkat(dirfd, tmp, 0);
	}
	if (fd < 0)
		return -errno;
	err = src__write(src, fd);
	if (!err && fchmod(fd, src->mode))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	if (!err && renameat(dirfd, tmp, dirfd, file))
		err = -errno;
	if (err)
		unlinkat(dirfd, tmp, 0);
	return err;
}

/*
 * Points the link of @hex at "<rel>/<hex>".  An existing link is kept if
 * its entry is there (perf keeps the first path a build-id was seen
 * at), else replaced.
 */
static int link__make(int rootfd, const char *hex, const char *rel)
{
	char target[PATH_MAX], old[PATH_MAX], tmp[64];
	int fd, err = 0, efd;

	if ((size_t)snprintf(target, sizeof(target), LINK_PREFIX "%s/%s", rel, hex) >=
	    sizeof(target))
		return -ENAMETOOLONG;
	fd = link_dir__open(rootfd, hex, true);
	if (fd < 0)
		return fd;
	if (!symlinkat(target, fd, hex + 2))
		goto out;
	if (errno != EEXIST) {
		err = -errno;
		goto out;
	}
	efd = entry__open(rootfd, hex, old, sizeof(old));
	if (efd >= 0) {
		close(efd);
		goto out;
	}
	snprintf(tmp, sizeof(tmp), ".%s.%d.tmp", hex + 2, (int)getpid());
	unlinkat(fd, tmp, 0);
	if (symlinkat(target, fd, tmp) || renameat(fd, tmp, fd, hex + 2))
		err = -errno;
	if (err)
		unlinkat(fd, tmp, 0);
out:
	close(fd);
	return err;
}

int build_id_cache__add(const char *name, const uint8_t *bid, size_t size, const char *file,
			const struct build_id_cache_src *src)
{
	char hex[SBUILD_ID_SIZE], root[PATH_MAX], rel[PATH_MAX], entry[PATH_MAX + SBUILD_ID_SIZE];
	int rootfd, fd, err;
	struct stat st;

	err = bid__hex(bid, size, hex);
	if (!err)
		err = name__rel(name, rel, sizeof(rel));
	if (err)
		return err;
	rootfd = root__open(true, root, sizeof(root));
	if (rootfd < 0)
		return rootfd;
	snprintf(entry, sizeof(entry), "%s/%s", rel, hex);
	fd = dir__walk(rootfd, entry, true);
	if (fd < 0) {
		err = fd;
		goto out;
	}
	if (fstatat(fd, file, &st, AT_SYMLINK_NOFOLLOW))
		err = file__store(fd, file, src);
	else if (!S_ISREG(st.st_mode))
		err = -EEXIST;
	close(fd);
	if (!err)
		err = link__make(rootfd, hex, rel);
out:
	close(rootfd);
	return err;
}

/* A DIR over a duplicate of @fd, which stays the caller's; NULL with errno set. */
static DIR *dir__reopen(int fd)
{
	int dfd = dup(fd), saved;
	DIR *dir;

	if (dfd < 0)
		return NULL;
	dir = fdopendir(dfd);
	if (!dir) {
		saved = errno;
		close(dfd);
		errno = saved;
	}
	return dir;
}

/* Unlinks what directory @fd holds (files only: entries have no subdirectories). */
static int dir__empty(int fd)
{
	DIR *dir = dir__reopen(fd);
	struct dirent *de;
	int err = 0;

	if (!dir)
		return -errno;
	while ((de = readdir(dir))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (unlinkat(fd, de->d_name, 0) && !err)
			err = -errno;
	}
	closedir(dir);
	return err;
}

/* Removes the entry directory "<name>/<hex>" at @rel; -EXDEV if a symlink leads there. */
static int entry__remove(int rootfd, char *rel)
{
	char *slash = strrchr(rel, '/');
	int pfd, fd, err;

	*slash = '\0';
	pfd = dir__walk(rootfd, rel, false);
	*slash = '/';
	if (pfd < 0)
		return pfd == -ENOENT ? 0 : pfd == -ELOOP || pfd == -ENOTDIR ? -EXDEV : pfd;
	fd = openat(pfd, slash + 1, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		err = errno == ENOENT ? 0 : errno == ELOOP || errno == ENOTDIR ? -EXDEV : -errno;
		close(pfd);
		return err;
	}
	err = dir__empty(fd);
	close(fd);
	if (!err && unlinkat(pfd, slash + 1, AT_REMOVEDIR))
		err = -errno;
	close(pfd);
	return err;
}

int build_id_cache__remove(const uint8_t *bid, size_t size)
{
	char hex[SBUILD_ID_SIZE], root[PATH_MAX], rel[PATH_MAX];
	int rootfd, fd, err;

	err = bid__hex(bid, size, hex);
	if (err)
		return err;
	rootfd = root__open(false, root, sizeof(root));
	if (rootfd < 0)
		return rootfd;
	err = link__read(rootfd, hex, rel, sizeof(rel));
	if (err == -ENOENT || (err && err != -EXDEV))
		goto out;
	/* A link that leads out of the root goes, but nothing it points to. */
	if (!err)
		err = entry__remove(rootfd, rel);
	if (err && err != -EXDEV)
		goto out;
	fd = link_dir__open(rootfd, hex, false);
	if (fd >= 0) {
		if (unlinkat(fd, hex + 2, 0) && !err)
			err = -errno;
		close(fd);
	}
out:
	close(rootfd);
	return err;
}

struct cache_entry {
	char hex[SBUILD_ID_SIZE];
	char *name;
};

struct cache_list {
	struct cache_entry *e;
	size_t nr, alloc;
};

static int cache_list__add(struct cache_list *l, const char *hex, const char *rel)
{
	size_t n = strrchr(rel, '/') - rel;
	struct cache_entry *e;

	if (l->nr == l->alloc) {
		size_t alloc = l->alloc ? 2 * l->alloc : 64;

		e = realloc(l->e, alloc * sizeof(*e));
		if (!e)
			return -ENOMEM;
		l->e = e;
		l->alloc = alloc;
	}
	e = &l->e[l->nr];
	/* "<name>/<hex>": a path loses its leading slash there, a "[name]" has none. */
	e->name = malloc(n + 2);
	if (!e->name)
		return -ENOMEM;
	snprintf(e->name, n + 2, "%s%.*s", rel[0] == '[' ? "" : "/", (int)n, rel);
	memcpy(e->hex, hex, strlen(hex) + 1);	/* the caller checked its length */
	l->nr++;
	return 0;
}

/* Adds the valid links of directory .build-id/@head (open as @fd) to @l. */
static int cache_list__scan(struct cache_list *l, int fd, const char *head)
{
	DIR *dir = dir__reopen(fd);
	struct dirent *de;
	int err = 0;

	if (!dir)
		return -errno;
	while (!err && (de = readdir(dir))) {
		char hex[SBUILD_ID_SIZE], target[PATH_MAX], rel[PATH_MAX];
		ssize_t n;

		if (!is_hex(de->d_name, 1, 2 * BUILD_ID_SIZE - 2))
			continue;
		n = readlinkat(fd, de->d_name, target, sizeof(target) - 1);
		if (n < 0)
			continue;
		target[n] = '\0';
		memcpy(hex, head, 2);
		memcpy(hex + 2, de->d_name, strlen(de->d_name) + 1);
		if (!link__parse(target, hex, rel, sizeof(rel)))
			err = cache_list__add(l, hex, rel);
	}
	closedir(dir);
	return err;
}

static int cache_entry__cmp(const void *a, const void *b)
{
	return strcmp(((const struct cache_entry *)a)->hex, ((const struct cache_entry *)b)->hex);
}

static int cache_list__read(struct cache_list *l)
{
	char root[PATH_MAX];
	int rootfd = root__open(false, root, sizeof(root)), lfd, fd, err = 0;
	struct dirent *de;
	DIR *dir;

	if (rootfd < 0)
		return rootfd;
	lfd = dir__walk(rootfd, LINK_DIR, false);
	close(rootfd);
	if (lfd < 0)
		return lfd;
	dir = fdopendir(lfd);
	if (!dir) {
		close(lfd);
		return -errno;
	}
	while (!err && (de = readdir(dir))) {
		if (strlen(de->d_name) != 2 || !is_hex(de->d_name, 2, 2))
			continue;
		fd = openat(lfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			continue;
		err = cache_list__scan(l, fd, de->d_name);
		close(fd);
	}
	closedir(dir);
	qsort(l->e, l->nr, sizeof(*l->e), cache_entry__cmp);
	return err;
}

int build_id_cache__for_each(int (*fn)(const char *hex, const char *name, void *arg), void *arg)
{
	struct cache_list l = { 0 };
	int err = cache_list__read(&l);
	size_t i;

	for (i = 0; !err && i < l.nr; i++)
		err = fn(l.e[i].hex, l.e[i].name, arg);
	for (i = 0; i < l.nr; i++)
		free(l.e[i].name);
	free(l.e);
	return err;
}

/* Does kallsyms file @path give a real address (not only kptr_restrict's zeros) early on? */
static bool kallsyms__has_addresses(const char *path)
{
	char *buf = malloc(KALLSYMS_PROBE), *p;
	bool ok = false;

	if (!buf)
		return false;
	p = read_small_file(path, buf, KALLSYMS_PROBE) > 0 ? buf : NULL;
	while (p && *p && !ok) {
		size_t digits = strspn(p, "0123456789abcdefABCDEF");

		ok = digits && strspn(p, "0") < digits;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	free(buf);
	return ok;
}

/* Is @file of @d's build-id cached already? Spares reading what would be stored. */
static bool dso__cached(const struct dso *d, const char *file)
{
	char path[PATH_MAX];

	return !build_id_cache__find(d->build_id, d->build_id_size, file, path, sizeof(path));
}

static int cache__kallsyms(const struct dso *d)
{
	struct build_id_cache_src src = { .path = HOST_KALLSYMS, .mode = 0644 };

	if (dso__cached(d, BUILD_ID_CACHE_KALLSYMS))
		return 0;
	if (!kallsyms__has_addresses(HOST_KALLSYMS))
		return -EACCES;
	return build_id_cache__add(d->name, d->build_id, d->build_id_size,
				   BUILD_ID_CACHE_KALLSYMS, &src);
}

static int cache__vdso(const struct dso *d)
{
	struct build_id_cache_src src = { .mode = 0644 };
	const char *image;
	int err = vdso__image(&image, &src.len);

	if (err)
		return err;
	src.data = image;
	return build_id_cache__add(d->name, d->build_id, d->build_id_size, BUILD_ID_CACHE_VDSO,
				   &src);
}

static int cache__elf(const struct dso *d)
{
	struct build_id_cache_src src = { .path = d->name };
	uint8_t bid[BUILD_ID_SIZE];
	struct stat st;
	int n;

	if (dso__cached(d, BUILD_ID_CACHE_ELF))
		return 0;
	/* Gone since (a "(deleted)" map, say): there is nothing to save. */
	n = filename__read_build_id(d->name, bid, sizeof(bid));
	if (n == -ENOENT)
		return 0;
	if (n < 0)
		return n;
	/* Rebuilt since it was mapped: the file on disk is not this DSO. */
	if ((size_t)n != d->build_id_size || memcmp(bid, d->build_id, n))
		return -ESTALE;
	if (stat(d->name, &st))
		return -errno;
	src.mode = st.st_mode & 0777;
	return build_id_cache__add(d->name, d->build_id, d->build_id_size, BUILD_ID_CACHE_ELF,
				   &src);
}

int build_id_cache__add_hits(struct machine *m, const char **first_name, int *first_err)
{
	int nr_failed = 0, err;
	struct dso *d;

	*first_err = 0;
	*first_name = NULL;
	dsos__for_each(&m->dsos, d) {
		if (!d->hit || !d->build_id_size)
			continue;
		if (!strcmp(d->name, KERNEL_NAME))
			err = cache__kallsyms(d);
		else if (!strcmp(d->name, "[vdso]"))
			err = cache__vdso(d);
		else if (d->name[0] == '/' && !d->jit)
			err = cache__elf(d);
		else
			err = 0;	/* modules: their symbols are in the kernel's kallsyms */
		if (!err)
			continue;
		if (!nr_failed++) {
			*first_err = err;
			*first_name = d->name;
		}
	}
	return nr_failed;
}

int build_id_cache__add_guest(const uint8_t *bid, size_t size, const char *kallsyms,
			      const char *modules)
{
	struct build_id_cache_src src = { .path = kallsyms, .mode = 0644 };
	int err;

	if (!kallsyms__has_addresses(kallsyms))
		return -EACCES;
	err = build_id_cache__add(GUEST_KERNEL_NAME, bid, size, BUILD_ID_CACHE_KALLSYMS, &src);
	if (err || !modules)
		return err;
	src.path = modules;
	return build_id_cache__add(GUEST_KERNEL_NAME, bid, size, BUILD_ID_CACHE_MODULES, &src);
}

const char *build_id_cache__strerror(int err)
{
	switch (err) {
	case -ESTALE:
		return "rebuilt since it was mapped";
	case -EACCES:
		return "its addresses are hidden (kptr_restrict)";
	case -ELOOP:
	case -ENOTDIR:
	case -EXDEV:
		return "a symlink or a file in the cache is in the way";
	default:
		return strerror(-err);
	}
}
