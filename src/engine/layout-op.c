// SPDX-License-Identifier: GPL-2.0-only
/*
 * The layout operations (see layout.h): the change an op times
 * (truncate, punch a hole, collapse, insert or zero a range) and the
 * restore after it, so that every sample starts from the same layout.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inject.h"
#include "layout.h"

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
