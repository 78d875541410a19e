// SPDX-License-Identifier: GPL-2.0-only
/*
 * The files daxbench removes are only the ones it made: a test file and
 * a scratch file are removed at their end, but not a file someone moved
 * onto the same name, nor one at the same path after the directory was
 * renamed away (layout_destroy(), layout_cleanup_all(),
 * layout_scratch_remove()).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "layout.h"
#include "t.h"

static char top[] = "/tmp/layout_test.XXXXXX";

static int exists(const char *path)
{
	struct stat st;

	return !lstat(path, &st);
}

/* A file of the user's at @path, holding "theirs". */
static void plant(const char *path)
{
	FILE *fp = fopen(path, "w");

	T_CHECK(fp != NULL, "fopen %s: %s", path, strerror(errno));
	if (fp) {
		fputs("theirs\n", fp);
		fclose(fp);
	}
}

static int intact(const char *path)
{
	char buf[16] = "";
	FILE *fp = fopen(path, "r");

	if (!fp)
		return 0;
	if (!fgets(buf, sizeof(buf), fp))
		buf[0] = '\0';
	fclose(fp);
	return !strcmp(buf, "theirs\n");
}

static int make(const char *dir, struct dax_file *f)
{
	struct db_err err;
	int rc = layout_create(dir, 1 << 20, MAP_PTE, f, &err);

	T_CHECK(!rc, "layout_create in %s: %s", dir, rc ? err.msg : "");
	return rc;
}

/* The file's own end: made, then removed. */
static void removed_at_end(void)
{
	struct dax_file f;
	char *path;

	if (make(top, &f))
		return;
	path = strdup(f.path);
	T_CHECK(exists(path), "%s made", path);
	layout_destroy(&f);
	T_CHECK(!exists(path), "%s removed by layout_destroy", path);
	free(path);
}

/* Someone renamed a file of theirs onto the test file's name. */
static void name_taken_over(int at_exit)
{
	const char *by = at_exit ? "layout_cleanup_all" : "layout_destroy";
	struct dax_file f;
	char other[300], *path;

	if (make(top, &f))
		return;
	path = strdup(f.path);
	snprintf(other, sizeof(other), "%s/other", top);
	plant(other);
	T_CHECK(!rename(other, path), "rename onto %s: %s", path,
		strerror(errno));
	if (at_exit)
		layout_cleanup_all();
	layout_destroy(&f);
	T_CHECK(intact(path), "%s: theirs, removed by %s", path, by);
	unlink(path);
	free(path);
}

/* The directory was renamed away and another made at its path. */
static void dir_moved(void)
{
	char dir[64], moved[64], ours[128], theirs[128];
	struct dax_file f;
	const char *name;

	snprintf(dir, sizeof(dir), "%s/d", top);
	snprintf(moved, sizeof(moved), "%s/moved", top);
	if (mkdir(dir, 0700) || make(dir, &f))
		return;
	name = strrchr(f.path, '/') + 1;
	snprintf(ours, sizeof(ours), "%s/%s", moved, name);
	snprintf(theirs, sizeof(theirs), "%s", f.path);
	T_CHECK(!rename(dir, moved) && !mkdir(dir, 0700), "move %s: %s", dir,
		strerror(errno));
	plant(theirs);
	layout_destroy(&f);
	T_CHECK(intact(theirs), "%s: theirs, removed by layout_destroy",
		theirs);
	T_CHECK(!exists(ours), "%s: ours, left behind", ours);
	unlink(theirs);
	rmdir(dir);
	rmdir(moved);
}

/* The same for the pinners' scratch file, closed once written. */
static void scratch(void)
{
	struct db_err err;
	char *path = NULL, *copy, other[300];
	int rc = layout_scratch_create(top, 1 << 20, &path, &err);

	T_CHECK(!rc && path, "layout_scratch_create: %s", rc ? err.msg : "");
	if (rc)
		return;
	copy = strdup(path);
	snprintf(other, sizeof(other), "%s/other", top);
	plant(other);
	T_CHECK(!rename(other, path), "rename onto %s: %s", path,
		strerror(errno));
	layout_scratch_remove(path);
	T_CHECK(intact(copy), "%s: theirs, removed by layout_scratch_remove",
		copy);
	unlink(copy);
	free(copy);
}

int main(void)
{
	if (!mkdtemp(top)) {
		perror("mkdtemp");
		return T_EXIT_FAIL;
	}
	removed_at_end();
	name_taken_over(0);
	name_taken_over(1);
	dir_moved();
	scratch();
	T_CHECK(!rmdir(top), "%s: not empty at the end: %s", top,
		strerror(errno));
	return t_done();
}
