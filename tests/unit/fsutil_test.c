// SPDX-License-Identifier: GPL-2.0-only
/*
 * fsutil_mkdir_p(): a new tree, one already there, a trailing slash, a
 * file in the way (at the path itself and as a parent), and "";
 * fsutil_same_file(): one file by several names, and two files.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "t.h"

static int is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

int main(void)
{
	char tmpl[] = "/tmp/fsutil_test.XXXXXX", p[256], f[128];
	char *top = mkdtemp(tmpl);
	FILE *fp;
	int rc;

	if (!top) {
		perror("mkdtemp");
		return T_EXIT_FAIL;
	}
	snprintf(p, sizeof(p), "%s/a/b/c", top);
	rc = fsutil_mkdir_p(p, 0755);
	T_CHECK(!rc && is_dir(p), "new tree: %d", rc);
	rc = fsutil_mkdir_p(p, 0755);
	T_CHECK(!rc, "already there: %d", rc);
	snprintf(p, sizeof(p), "%s/a/d/", top);
	rc = fsutil_mkdir_p(p, 0755);
	T_CHECK(!rc && is_dir(p), "trailing slash: %d", rc);

	snprintf(f, sizeof(f), "%s/file", top);
	fp = fopen(f, "w");
	T_CHECK(fp != NULL, "fopen %s", f);
	if (fp)
		fclose(fp);
	rc = fsutil_mkdir_p(f, 0755);
	T_CHECK(rc == -EEXIST, "a file at the path: %d, want -EEXIST", rc);
	snprintf(p, sizeof(p), "%s/x/y", f);
	rc = fsutil_mkdir_p(p, 0755);
	T_CHECK(rc == -ENOTDIR, "a file as a parent: %d, want -ENOTDIR", rc);
	rc = fsutil_mkdir_p("", 0755);
	T_CHECK(rc == -ENOENT, "\"\": %d, want -ENOENT", rc);

	/* one file by its path, a hard link and a symlink; another file */
	snprintf(p, sizeof(p), "%s/link", top);
	T_CHECK(!link(f, p), "link %s", p);
	T_CHECK(fsutil_same_file(f, f) == 1, "same path");
	T_CHECK(fsutil_same_file(f, p) == 1, "hard link");
	unlink(p);
	T_CHECK(!symlink(f, p), "symlink %s", p);
	T_CHECK(fsutil_same_file(p, f) == 1, "symlink");
	unlink(p);
	snprintf(p, sizeof(p), "%s/a", top);
	T_CHECK(fsutil_same_file(f, p) == 0, "another file");
	snprintf(p, sizeof(p), "%s/none", top);
	rc = fsutil_same_file(f, p);
	T_CHECK(rc == -ENOENT, "missing: %d, want -ENOENT", rc);

	unlink(f);
	snprintf(p, sizeof(p), "%s/a/b/c", top);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/a/b", top);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/a/d", top);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/a", top);
	rmdir(p);
	rmdir(top);
	return t_done();
}
