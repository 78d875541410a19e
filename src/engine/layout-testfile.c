// SPDX-License-Identifier: GPL-2.0-only
/*
 * The test file and its mapping (see layout.h): made with O_EXCL,
 * allocated, aligned on a pmd file (layout-fiemap.c), mapped, prefaulted
 * and destroyed; and the pinners' scratch file, made and removed the
 * same way. PMD versus PTE is decided here: a DAX PMD fault needs a
 * 2 MiB aligned virtual address over a 2 MiB aligned file offset (and
 * aligned extents), so a 2 MiB aligned mapping allows PMDs and one
 * shifted by 4 KiB makes them impossible whatever the filesystem did.
 * The ops timed on the file are layout-op.c's, the registry of the
 * files we made layout-own.c's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "inject.h"
#include "layout-int.h"
#include "layout.h"

#define PAGE_4K 4096ULL

static unsigned int file_seq;

static int map_file(struct dax_file *f, struct db_err *err)
{
	/* reserve room to place the mapping where we want it */
	size_t len = f->size + 2 * LAYOUT_PMD_SIZE;
	uintptr_t base, at;
	void *p;

	p = mmap(NULL, len, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return db_err_set(err, -errno, "mmap reserve %zu bytes: %s",
				  len, strerror(errno));
	base = (uintptr_t)p;
	at = (base + LAYOUT_PMD_SIZE - 1) & ~(uintptr_t)(LAYOUT_PMD_SIZE - 1);
	if (f->mode == MAP_PTE)
		at += PAGE_4K;
	p = mmap((void *)at, f->size, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED, f->fd, 0);
	if (p == MAP_FAILED) {
		int e = errno;

		munmap((void *)base, len);
		return db_err_set(err, -e, "%s: mmap: %s", f->path,
				  strerror(e));
	}
	if (f->mode == MAP_PTE && madvise(p, f->size, MADV_NOHUGEPAGE) &&
	    errno != EINVAL) {
		/* EINVAL: kernel without THP; the offset alone still holds */
		int e = errno;

		munmap((void *)base, len);
		return db_err_set(err, -e, "%s: madvise(NOHUGEPAGE): %s",
				  f->path, strerror(e));
	}
	f->reserve = (void *)base;
	f->reserve_len = len;
	f->map = p;
	return 0;
}

int layout_create(const char *dir, uint64_t size, enum map_mode mode,
		  struct dax_file *f, struct db_err *err)
{
	char name[64];
	int rc;

	memset(f, 0, sizeof(*f));
	f->fd = -1;
	snprintf(name, sizeof(name), "daxbench-%d-%u.dat", (int)getpid(),
		 __atomic_fetch_add(&file_seq, 1, __ATOMIC_RELAXED));
	if (inject_hit(INJECT_CREATE, &rc))
		return db_err_set(err, -rc, "%s/%s: create: %s (injected)", dir,
				  name, strerror(rc));
	rc = layout_own_create(dir, name, O_RDWR, &f->path, err);
	if (rc < 0)
		return rc;
	f->fd = rc;
	f->size = size;
	f->mode = mode;
	if (fallocate(f->fd, 0, 0, (off_t)size)) {
		rc = -errno;
		db_err_set(err, rc, "%s: fallocate %llu bytes: %s", f->path,
			   (unsigned long long)size, strerror(errno));
		goto fail;
	}
	rc = mode == MAP_PMD ? layout_align_head(f) : 0;
	if (rc) {
		db_err_set(err, rc,
			   "%s: fallocate %llu bytes after aligning: %s",
			   f->path, (unsigned long long)size, strerror(-rc));
		goto fail;
	}
	rc = map_file(f, err);
	if (rc)
		goto fail;
	return 0;
fail:
	layout_destroy(f);
	return rc;
}

/*
 * The pinners' I/O writes into these same pages (that is the point: it
 * stands in for DMA), so the stores here race with it by design; the
 * bytes are never read. Keep ThreadSanitizer from reporting that.
 */
__attribute__((no_sanitize_thread)) void
layout_prefault(struct dax_file *f, uint64_t off, uint64_t len)
{
	volatile unsigned char *p = f->map;
	uint64_t o;

	if (off >= f->size)
		return;
	if (len > f->size - off)
		len = f->size - off;
	for (o = off & ~(PAGE_4K - 1); o < off + len; o += PAGE_4K)
		p[o] = (unsigned char)o;
}

/*
 * Zap, not munmap: the range stays mapped for the pinners and the next
 * prefault, and only the page table entries (and on kernels that count
 * them, the mapping's references to the DAX pages) go.
 */
int layout_drop_mapping(struct dax_file *f)
{
	return madvise(f->map, f->size, MADV_DONTNEED) ? -errno : 0;
}

/* Entries of /proc/self/pagemap read at once: 32 KiB, 16 MiB of file. */
#define PAGEMAP_BATCH 4096
#define PAGEMAP_PRESENT (1ULL << 63)

int layout_mapped_pages(const struct dax_file *f, uint64_t *n)
{
	uint64_t ent[PAGEMAP_BATCH], first = (uintptr_t)f->map / PAGE_4K;
	uint64_t pages = f->size / PAGE_4K, done = 0, i;
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC), rc = 0;

	*n = 0;
	if (fd < 0)
		return -errno;
	while (done < pages) {
		uint64_t k = pages - done < PAGEMAP_BATCH ? pages - done :
							    PAGEMAP_BATCH;
		ssize_t r = pread(fd, ent, k * sizeof(ent[0]),
				  (off_t)((first + done) * sizeof(ent[0])));

		if (r != (ssize_t)(k * sizeof(ent[0]))) {
			rc = r < 0 ? -errno : -EIO;
			break;
		}
		for (i = 0; i < k; i++)
			*n += !!(ent[i] & PAGEMAP_PRESENT);
		done += k;
	}
	close(fd);
	return rc;
}

int layout_scratch_create(const char *dir, uint64_t size, char **path,
			  struct db_err *err)
{
	char name[64], *buf;
	uint64_t done;
	int fd, rc;

	snprintf(name, sizeof(name), "daxbench-%d-pin.dat", (int)getpid());
	fd = layout_own_create(dir, name, O_WRONLY, path, err);
	if (fd < 0)
		return fd;
	buf = malloc(1 << 20);
	if (!buf) {
		rc = db_err_set(err, -ENOMEM, "out of memory");
		goto fail;
	}
	memset(buf, 0xa5, 1 << 20);
	for (done = 0; done < size; done += 1 << 20) {
		if (write(fd, buf, 1 << 20) != 1 << 20) {
			rc = db_err_set(err, errno ? -errno : -EIO,
					"%s: write: %s", *path,
					strerror(errno ? errno : EIO));
			goto fail;
		}
	}
	if (fsync(fd)) {
		rc = db_err_set(err, -errno, "%s: fsync: %s", *path,
				strerror(errno));
		goto fail;
	}
	free(buf);
	close(fd);
	return 0;
fail:
	free(buf);
	close(fd);
	layout_scratch_remove(*path);
	*path = NULL;
	return rc;
}

void layout_scratch_remove(char *path)
{
	if (!path)
		return;
	layout_own_remove(path);
	free(path);
}

void layout_destroy(struct dax_file *f)
{
	if (f->reserve) {
		/* the file mapping sits inside the reservation */
		munmap(f->reserve, f->reserve_len);
		f->reserve = NULL;
		f->map = NULL;
	}
	if (f->fd >= 0) {
		close(f->fd);
		f->fd = -1;
	}
	if (f->path) {
		layout_own_remove(f->path);
		free(f->path);
		f->path = NULL;
	}
}
