// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <elfutils/libdwelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>
#include "build-id.h"
#include "build-id-cache.h"
#include "dso.h"
#include "event.h"
#include "header.h"
#include "machine.h"
#include "machines.h"
#include "util.h"

#define KERNEL_NOTES	"/sys/kernel/notes"

static int elf__read_build_id(Elf *elf, uint8_t *bid, size_t size)
{
	const void *p;
	ssize_t n = dwelf_elf_gnu_build_id(elf, &p);

	if (n <= 0)
		return -ENOENT;
	if ((size_t)n > size)
		return -EINVAL;
	memcpy(bid, p, n);
	return n;
}

int filename__read_build_id(const char *path, uint8_t *bid, size_t size)
{
	Elf *elf;
	int fd, ret;

	elf_version(EV_CURRENT);
	fd = open_regular(path);
	if (fd < 0)
		return fd;
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf) {
		close(fd);
		return -EINVAL;
	}
	ret = elf__read_build_id(elf, bid, size);
	elf_end(elf);
	close(fd);
	return ret;
}

/* The vDSO is an ELF image already mapped into this very process. */
int vdso__image(const char **image, size_t *len)
{
	unsigned long base = getauxval(AT_SYSINFO_EHDR);
	const Elf64_Ehdr *eh = (const void *)base;

	if (!base)
		return -ENOENT;
	/* Its size: the end of the section header table, the last thing in it. */
	*image = (const char *)base;
	*len = eh->e_shoff + (size_t)eh->e_shnum * eh->e_shentsize;
	return 0;
}

static int vdso__read_build_id(uint8_t *bid, size_t size)
{
	const char *image;
	size_t len;
	Elf *elf;
	int ret;

	ret = vdso__image(&image, &len);
	if (ret)
		return ret;
	elf_version(EV_CURRENT);
	/* elf_memory() takes a char *, but only reads the image. */
	elf = elf_memory((char *)image, len);
	if (!elf)
		return -EINVAL;
	ret = elf__read_build_id(elf, bid, size);
	elf_end(elf);
	return ret;
}

int vdso__save(char *path, size_t size)
{
	size_t len, off = 0;
	const char *image;
	ssize_t n;
	int fd, err;

	err = vdso__image(&image, &len);
	if (err)
		return err;
	if ((size_t)snprintf(path, size, "/tmp/perf-vdso.so-XXXXXX") >= size)
		return -ENAMETOOLONG;
	fd = mkstemp(path);
	if (fd < 0)
		return -errno;
	while (off < len) {
		n = write(fd, image + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n < 0 ? -errno : -EIO;
			close(fd);
			unlink(path);
			return err;
		}
		off += n;
	}
	close(fd);
	return 0;
}

int sysfs__read_build_id(const char *path, uint8_t *bid, size_t size)
{
	char notes[4096];
	ssize_t len = read_small_file(path, notes, sizeof(notes));
	size_t off = 0;

	if (len < 0)
		return len;
	while (off + sizeof(Elf64_Nhdr) <= (size_t)len) {
		Elf64_Nhdr nh;
		size_t name_off, desc_off, next;

		memcpy(&nh, notes + off, sizeof(nh));
		name_off = off + sizeof(nh);
		desc_off = name_off + PERF_ALIGN((size_t)nh.n_namesz, 4);
		next = desc_off + PERF_ALIGN((size_t)nh.n_descsz, 4);
		if (next > (size_t)len || next <= off)
			break;
		if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
		    !memcmp(notes + name_off, "GNU", 4)) {
			if (nh.n_descsz > size)
				return -EINVAL;
			memcpy(bid, notes + desc_off, nh.n_descsz);
			return nh.n_descsz;
		}
		off = next;
	}
	return -ENOENT;
}

int kmodule__read_build_id(const char *dso_name, uint8_t *bid, size_t size)
{
	const char *base = strrchr(dso_name, '/');
	char name[256], path[512];
	size_t n, i;

	base = base ? base + 1 : dso_name + (dso_name[0] == '[');
	n = strcspn(base, ".]");
	if (n >= sizeof(name))
		return -ENAMETOOLONG;
	for (i = 0; i < n; i++)
		name[i] = base[i] == '-' ? '_' : base[i];
	name[n] = '\0';
	snprintf(path, sizeof(path), "/sys/module/%s/notes/.note.gnu.build-id", name);
	return sysfs__read_build_id(path, bid, size);
}

int dso__read_build_id(struct dso *dso)
{
	int ret;

	if (!strcmp(dso->name, "[kernel.kallsyms]"))
		ret = sysfs__read_build_id(KERNEL_NOTES, dso->build_id, sizeof(dso->build_id));
	else if (dso->kernel)
		ret = kmodule__read_build_id(dso->name, dso->build_id, sizeof(dso->build_id));
	else if (!strcmp(dso->name, "[vdso]"))
		ret = vdso__read_build_id(dso->build_id, sizeof(dso->build_id));
	else if (dso->name[0] == '/')
		ret = filename__read_build_id(dso->name, dso->build_id, sizeof(dso->build_id));
	else
		ret = -ENOENT;
	if (ret < 0)
		return ret;
	dso->build_id_size = ret;
	return 0;
}

void build_id__sprintf(const uint8_t *bid, size_t size, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < size; i++) {
		*out++ = hex[bid[i] >> 4];
		*out++ = hex[bid[i] & 15];
	}
	*out = '\0';
}

void dso__encode_build_id(struct buf *b, const struct dso *dso, pid_t pid, bool guest)
{
	size_t name_len = PERF_ALIGN(strlen(dso->name) + 1, NAME_ALIGN);
	struct perf_record_build_id ev = {
		.pid = pid,
		.size = dso->build_id_size,
	};
	uint16_t misc;

	if (dso->kernel)
		misc = guest ? PERF_RECORD_MISC_GUEST_KERNEL : PERF_RECORD_MISC_KERNEL;
	else
		misc = guest ? PERF_RECORD_MISC_GUEST_USER : PERF_RECORD_MISC_USER;
	ev.header.type = PERF_RECORD_HEADER_BUILD_ID;
	ev.header.misc = misc | PERF_RECORD_MISC_BUILD_ID_SIZE;
	ev.header.size = sizeof(ev) + name_len;
	memcpy(ev.build_id, dso->build_id, dso->build_id_size);
	buf__add(b, &ev, sizeof(ev));
	buf__add(b, dso->name, strlen(dso->name));
	buf__add_zero(b, name_len - strlen(dso->name));
}

int machine__encode_build_ids(struct machine *m, struct buf *b)
{
	struct dso *dso;
	int nr = 0;

	dsos__for_each(&m->dsos, dso) {
		if (!dso->hit)
			continue;
		if (!dso->build_id_size && dso__read_build_id(dso))
			continue;
		dso__encode_build_id(b, dso, m->pid, m->pid != HOST_KERNEL_ID);
		nr++;
	}
	return nr;
}

/*
 * Guest @pid of @root: its kernel's table entry, if its notes give the
 * build-id, and then its kallsyms in the cache if @cache.  Returns
 * whether there is an entry; *@cache_err gets the caching error.
 */
static bool guest__build_id(const char *root, pid_t pid, struct buf *b, bool cache,
			    int *cache_err)
{
	char *notes = guestmount__file(root, pid, "sys/kernel/notes"), *kallsyms, *modules;
	struct dso d = { .kernel = true };
	char name[64];
	int n;

	*cache_err = 0;
	n = notes ? sysfs__read_build_id(notes, d.build_id, sizeof(d.build_id)) : -ENOENT;
	free(notes);
	if (n <= 0)
		return false;
	d.build_id_size = n;
	machine__kernel_name(pid, name, sizeof(name));
	d.name = name;
	dso__encode_build_id(b, &d, pid, true);
	if (!cache)
		return true;
	kallsyms = guestmount__path(root, pid, "kallsyms");
	modules = guestmount__path(root, pid, "modules");
	*cache_err = kallsyms ? build_id_cache__add_guest(d.build_id, n, kallsyms, modules) :
				-ENOENT;
	free(kallsyms);
	free(modules);
	return true;
}

int guestmount__encode_build_ids(const char *guestmount, struct buf *b, bool cache,
				 int *cache_err)
{
	char *root = realpath(guestmount, NULL);
	struct dirent *de;
	int nr = 0, err;
	DIR *dir;

	*cache_err = 0;
	dir = root ? opendir(root) : NULL;
	if (!dir) {
		err = -errno;
		free(root);
		return err;
	}
	while ((de = readdir(dir))) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);

		if (*end || pid <= 0 || pid > INT32_MAX)
			continue;
		if (!guest__build_id(root, pid, b, cache, &err))
			continue;
		nr++;
		if (err && !*cache_err)
			*cache_err = err;
	}
	closedir(dir);
	free(root);
	return nr;
}
