// SPDX-License-Identifier: GPL-2.0-only
/*
 * The files this process made (see layout-int.h). A file is removed by
 * its directory's fd and its name, and only while that name still leads
 * to the inode we created: a name someone renamed another file onto, or
 * a directory path that now leads elsewhere (renamed, or replaced by a
 * symlink), keeps whatever it holds. Between the check and the unlink
 * there is still a window; the kernel has no unlink by inode.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "layout-int.h"
#include "layout.h"

/* Files made and not yet removed: the only ones we may ever unlink. */
#define MAX_OWNED 16
static struct owned {
	char *path; /* NULL: a free slot */
	const char *name; /* inside path */
	int dirfd;
	/* held open, so that no other file gets the inode's number */
	int fd;
	dev_t dev;
	ino_t ino;
} owned[MAX_OWNED];
static pthread_mutex_t owned_lock = PTHREAD_MUTEX_INITIALIZER;

/* With owned_lock held (or @o in no slot). */
static void remove_owned(struct owned *o)
{
	struct stat st;

	if (!fstatat(o->dirfd, o->name, &st, AT_SYMLINK_NOFOLLOW) &&
	    st.st_dev == o->dev && st.st_ino == o->ino)
		unlinkat(o->dirfd, o->name, 0);
	if (o->fd >= 0)
		close(o->fd);
	close(o->dirfd);
	free(o->path);
	o->path = NULL;
}

/* Keep @o in a free slot: -ENOSPC when every one is taken. */
static int own(const struct owned *o)
{
	int i, rc = -ENOSPC;

	pthread_mutex_lock(&owned_lock);
	for (i = 0; i < MAX_OWNED; i++) {
		if (!owned[i].path) {
			owned[i] = *o;
			rc = 0;
			break;
		}
	}
	pthread_mutex_unlock(&owned_lock);
	return rc;
}

int layout_own_create(const char *dir, const char *name, int flags, char **path,
		      struct db_err *err)
{
	struct owned o;
	struct stat st;
	int fd, rc;

	*path = NULL;
	if (asprintf(&o.path, "%s/%s", dir, name) < 0)
		return db_err_set(err, -ENOMEM, "out of memory");
	o.name = o.path + strlen(dir) + 1;
	o.dirfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (o.dirfd < 0) {
		rc = db_err_set(err, -errno, "%s: open: %s", dir,
				strerror(errno));
		free(o.path);
		return rc;
	}
	/* O_EXCL|O_NOFOLLOW: never reuse, never follow, a file we did not make */
	fd = openat(o.dirfd, o.name,
		    O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | flags, 0600);
	if (fd < 0) {
		rc = db_err_set(err, -errno, "%s: create: %s", o.path,
				strerror(errno));
		goto out;
	}
	if (fstat(fd, &st)) {
		/* it could not be told apart later: left, not guessed at */
		rc = db_err_set(err, -errno, "%s: stat: %s", o.path,
				strerror(errno));
		close(fd);
		goto out;
	}
	o.dev = st.st_dev;
	o.ino = st.st_ino;
	o.fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	rc = o.fd < 0 ? -errno : 0;
	if (!rc) {
		*path = strdup(o.path);
		rc = *path ? own(&o) : -ENOMEM;
	}
	if (!rc)
		return fd;
	db_err_set(err, rc, "%s: %s", o.path,
		   rc == -ENOSPC ? "too many test files" : strerror(-rc));
	free(*path);
	*path = NULL;
	close(fd);
	remove_owned(&o);
	return rc;
out:
	close(o.dirfd);
	free(o.path);
	return rc;
}

void layout_own_remove(const char *path)
{
	int i;

	pthread_mutex_lock(&owned_lock);
	for (i = 0; i < MAX_OWNED; i++) {
		if (owned[i].path && !strcmp(owned[i].path, path)) {
			remove_owned(&owned[i]);
			break;
		}
	}
	pthread_mutex_unlock(&owned_lock);
}

void layout_cleanup_all(void)
{
	int i;

	pthread_mutex_lock(&owned_lock);
	for (i = 0; i < MAX_OWNED; i++)
		if (owned[i].path)
			remove_owned(&owned[i]);
	pthread_mutex_unlock(&owned_lock);
}
