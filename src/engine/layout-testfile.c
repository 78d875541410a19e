// SPDX-License-Identifier: GPL-2.0-only
/*
 * The test file, its mapping, and the layout operations (see layout.h).
 * PMD versus PTE is decided here: a DAX PMD fault needs a 2 MiB aligned
 * virtual address over a 2 MiB aligned file offset (and aligned extents),
 * so a 2 MiB aligned mapping allows PMDs and one shifted by 4 KiB makes
 * them impossible whatever the filesystem did.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
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

/* The first @max extents of @f from @start on, or NULL with errno set. */
static struct fiemap *extents(const struct dax_file *f, uint64_t start,
			      unsigned int max)
{
	struct fiemap *fm;

	fm = calloc(1, sizeof(*fm) + max * sizeof(struct fiemap_extent));
	if (!fm)
		return NULL;
	fm->fm_start = start;
	fm->fm_length = f->size - start;
	fm->fm_flags = FIEMAP_FLAG_SYNC;
	fm->fm_extent_count = max;
	if (ioctl(f->fd, FS_IOC_FIEMAP, fm)) {
		int e = errno;

		free(fm);
		errno = e;
		return NULL;
	}
	return fm;
}

/* An extent a PMD fault cannot map: misaligned, or short but not last. */
static bool misaligned(const struct fiemap_extent *e, uint64_t size)
{
	return (e->fe_logical | e->fe_physical) % LAYOUT_PMD_SIZE ||
	       (e->fe_length < LAYOUT_PMD_SIZE &&
		e->fe_logical + e->fe_length < size);
}

/*
 * Allocators start a new file at a goal block that need not be 2 MiB
 * aligned (fresh ext4: block 8487 on 7.3, 33025 on 6.1, the first free
 * block after the metadata), then allocate on from there. Collapse the
 * head up to the next aligned device block and extend the file to its
 * size again: the tail is allocated right after the last block, so file
 * and device offsets stay congruent. A few rounds, for a head that comes
 * in several extents; what is left is flagged by the FIEMAP check.
 */
static int align_head(struct dax_file *f)
{
	struct fiemap *fm;
	uint64_t skip;
	int round;

	for (round = 0; round < 3; round++) {
		fm = extents(f, 0, 1);
		if (!fm)
			return 0;
		skip = 0;
		if (fm->fm_mapped_extents && !fm->fm_extents[0].fe_logical &&
		    misaligned(&fm->fm_extents[0], f->size))
			skip = (LAYOUT_PMD_SIZE -
				fm->fm_extents[0].fe_physical %
					LAYOUT_PMD_SIZE) %
			       LAYOUT_PMD_SIZE;
		free(fm);
		/* no collapse here (tmpfs, old kernels): FIEMAP flags it */
		if (!skip || skip >= f->size ||
		    fallocate(f->fd, FALLOC_FL_COLLAPSE_RANGE, 0, (off_t)skip))
			return 0;
		/* the file is short now: it must get its size back */
		if (fallocate(f->fd, 0, 0, (off_t)f->size))
			return -errno;
		f->realigned += skip;
	}
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
	rc = mode == MAP_PMD ? align_head(f) : 0;
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

int layout_op(struct dax_file *f, enum op_type op, uint64_t off, uint64_t len)
{
	int rc = 0;

	switch (op) {
	case OP_TRUNCATE:
		rc = ftruncate(f->fd, (off_t)off);
		break;
	case OP_PUNCH_HOLE:
		rc = fallocate(f->fd,
			       FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			       (off_t)off, (off_t)len);
		break;
	case OP_COLLAPSE_RANGE:
		rc = fallocate(f->fd, FALLOC_FL_COLLAPSE_RANGE, (off_t)off,
			       (off_t)len);
		break;
	case OP_INSERT_RANGE:
		rc = fallocate(f->fd, FALLOC_FL_INSERT_RANGE, (off_t)off,
			       (off_t)len);
		break;
	case OP_ZERO_RANGE:
		rc = fallocate(f->fd, FALLOC_FL_ZERO_RANGE, (off_t)off,
			       (off_t)len);
		break;
	}
	return rc ? -errno : 0;
}

int layout_restore(struct dax_file *f, enum op_type op, uint64_t off,
		   uint64_t len, struct db_err *err)
{
	struct stat st;
	int e;

	/*
	 * Whatever the op did, the same two steps give back a file of the
	 * original size with every block allocated: set the size, then
	 * allocate the whole range (a no-op where blocks already exist).
	 */
	if (fstat(f->fd, &st))
		return db_err_set(err, -errno, "%s: stat: %s", f->path,
				  strerror(errno));
	if ((uint64_t)st.st_size != f->size && ftruncate(f->fd, (off_t)f->size))
		return db_err_set(err, -errno, "%s: restore size: %s", f->path,
				  strerror(errno));
	/*
	 * ext4 keeps the blocks an op freed busy until its journal commits,
	 * and allocates elsewhere meanwhile: misaligned on 6.1. A commit
	 * first gives a pmd file its own blocks back.
	 */
	if (f->mode == MAP_PMD && fsync(f->fd))
		return db_err_set(err, -errno, "%s: fsync: %s", f->path,
				  strerror(errno));
	if (inject_hit(INJECT_RESTORE, &e))
		errno = e;
	else if (!fallocate(f->fd, 0, 0, (off_t)f->size))
		return 0;
	return db_err_set(err, -errno, "%s: re-allocate after %s: %s", f->path,
			  scenario_op_name(op), strerror(errno));
}

/* The FIEMAP check's tally: every extent, the first misaligned one. */
struct fiemap_tally {
	uint64_t extents, bad;
	char why[256];
};

/*
 * Tally the extents of one FIEMAP answer; the file offset after its last
 * extent, or 0 when it was the file's last (or none came).
 */
static uint64_t tally(const struct fiemap *fm, uint64_t size,
		      struct fiemap_tally *t)
{
	const struct fiemap_extent *e = NULL;
	unsigned int i;

	for (i = 0; i < fm->fm_mapped_extents; i++) {
		e = &fm->fm_extents[i];
		t->extents++;
		if (misaligned(e, size) && !t->bad++)
			snprintf(t->why, sizeof(t->why),
				 "extent at file offset %llu (physical %llu, "
				 "%llu bytes) is not 2MiB aligned",
				 (unsigned long long)e->fe_logical,
				 (unsigned long long)e->fe_physical,
				 (unsigned long long)e->fe_length);
	}
	if (!e || e->fe_flags & FIEMAP_EXTENT_LAST ||
	    fm->fm_mapped_extents < fm->fm_extent_count)
		return 0;
	return e->fe_logical + e->fe_length;
}

int layout_fiemap(struct dax_file *f, json_t **report)
{
	struct fiemap_tally t = { 0 };
	uint64_t start = 0, next;
	struct fiemap *fm;
	int rc = 0;

	*report = NULL;
	/* a batch at a time, to the last extent: one not seen may be bad */
	do {
		fm = extents(f, start, 512);
		if (!fm) {
			rc = -errno;
			break;
		}
		next = tally(fm, f->size, &t);
		free(fm);
		/* an answer that does not move on would never end */
		if (next && next <= start)
			rc = -EIO;
		start = next;
	} while (!rc && start && start < f->size);
	if (rc) {
		/* not every extent seen: no verdict on alignment */
		*report = json_pack("{s:b,s:s+}", "checked", 0, "why",
				    "FIEMAP: ", strerror(-rc));
		return rc;
	}
	*report = json_pack("{s:b,s:b,s:I,s:I,s:s,s:I}", "checked", 1,
			    "aligned", !t.bad, "extents", (json_int_t)t.extents,
			    "misaligned", (json_int_t)t.bad, "why", t.why,
			    "realigned_bytes", (json_int_t)f->realigned);
	return 0;
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
