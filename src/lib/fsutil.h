/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Filesystem path helpers that more than one module needs and none owns:
 * mkdir -p (fsutil_mkdir_p()), whether two paths name one file
 * (fsutil_same_file()) and a file read whole (fsutil_read_all()). The name is the family's, not one helper's:
 * each is a few lines that ask the filesystem about a path, too small
 * for a file of its own, and the next helper of that kind belongs here
 * too. They return 0 or -errno and print nothing: the caller names the
 * path in its own message.
 */
#ifndef DAXBENCH_FSUTIL_H
#define DAXBENCH_FSUTIL_H

#include <stddef.h>
#include <sys/types.h>

/**
 * fsutil_mkdir_p() - mkdir -p: make @path and each missing parent, with
 * @mode (less the umask). A directory already there is fine; anything
 * else there is -EEXIST, as mkdir -p says "File exists". Returns 0,
 * -EEXIST, -ENOMEM or the -errno of the mkdir(2) or stat(2) that failed
 * (-ENOENT for "").
 */
int fsutil_mkdir_p(const char *path, mode_t mode);

/**
 * fsutil_same_file() - whether @a and @b name one file (or directory):
 * the same path, a link to it, or another name of its inode. Returns 1,
 * 0, or the -errno of the stat(2) that failed.
 */
int fsutil_same_file(const char *a, const char *b);

/**
 * fsutil_read_all() - the whole of @path, read to its end whatever its
 * size says (procfs, sysfs and tracefs files say 0), into a malloc'd
 * *@buf of *@len bytes and a '\0' after them. Returns 0 or -errno.
 */
int fsutil_read_all(const char *path, char **buf, size_t *len);

#endif
