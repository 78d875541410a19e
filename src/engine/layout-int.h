/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the files of the layout module share and nobody else needs: the
 * files it made and may remove, shared by layout-testfile.c (the test
 * file and the pinners' scratch file) and layout-own.c (making them, and
 * removing them only while they are still the files we made); and the
 * aligning of a new file's head, which layout-testfile.c asks of
 * layout-fiemap.c.
 */
#ifndef DAXBENCH_LAYOUT_INT_H
#define DAXBENCH_LAYOUT_INT_H

#include "err.h"

struct dax_file;

/*
 * layout_own_create() - create DIR/NAME with O_CREAT|O_EXCL|O_NOFOLLOW
 * and @flags, mode 0600, and remember it as ours to remove: its
 * directory's fd, its name and its inode. *@path gets "DIR/NAME"
 * (malloc'd), the name callers give it by. Returns the open fd, or
 * -errno with @err set and *@path NULL.
 */
int layout_own_create(const char *dir, const char *name, int flags, char **path,
		      struct db_err *err);

/*
 * layout_own_remove() - unlink the file made as @path if its directory
 * entry is still the inode we made, and forget it either way.
 */
void layout_own_remove(const char *path);

/*
 * layout_align_head() - collapse the head of the newly allocated @f onto
 * a 2 MiB aligned device block, so that a pmd file's extents can be
 * aligned; what cannot be is left for layout_fiemap() to flag. Returns
 * 0, or -errno when the file could not get its size back after a
 * collapse.
 */
int layout_align_head(struct dax_file *f);

#endif
