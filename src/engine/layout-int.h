/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The files the layout module made and may remove, shared by layout.c
 * (the test file and the pinners' scratch file) and layout-own.c (making
 * them, and removing them only while they are still the files we made).
 */
#ifndef DAXBENCH_LAYOUT_INT_H
#define DAXBENCH_LAYOUT_INT_H

#include "err.h"

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

#endif
