// SPDX-License-Identifier: GPL-2.0-only
/*
 * FIEMAP on the test file (see layout.h): the head of a new pmd file
 * collapsed onto a 2 MiB aligned device block (layout_align_head(), for
 * layout-testfile.c), and the check that every extent is one a PMD fault
 * can map (layout_fiemap()), a FIEMAP batch at a time.
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

#include "layout-int.h"
#include "layout.h"

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
int layout_align_head(struct dax_file *f)
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
