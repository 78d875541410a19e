// SPDX-License-Identifier: GPL-2.0-only
/*
 * Filesystem path helpers shared by modules that have nothing else in
 * common (see fsutil.h, which says why they share one file): mkdir -p
 * for the result writer and the VM runner's cache, and the same-file
 * check of compare's two sides.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"

int fsutil_mkdir_p(const char *path, mode_t mode)
{
	struct stat st;
	char *s, *p;
	int rc = 0;

	if (!*path)
		return -ENOENT; /* what mkdir("") says */
	s = strdup(path);
	if (!s)
		return -ENOMEM;
	/* each parent in turn, then @path; one that exists already is fine */
	for (p = s + 1; !rc; p++) {
		char c = *p;

		if (c && c != '/')
			continue;
		*p = '\0';
		if (mkdir(s, mode) && errno != EEXIST)
			rc = -errno;
		*p = c;
		if (!c)
			break;
	}
	free(s);
	if (rc)
		return rc;
	/* EEXIST above may have been a file */
	if (stat(path, &st))
		return -errno;
	return S_ISDIR(st.st_mode) ? 0 : -EEXIST;
}

int fsutil_same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	if (stat(a, &sa) || stat(b, &sb))
		return -errno;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int fsutil_read_all(const char *path, char **buf, size_t *len)
{
	size_t n = 0, cap = 4096;
	char *b = malloc(cap), *m;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = 0;
	ssize_t r;

	if (fd < 0 || !b) {
		rc = fd < 0 ? -errno : -ENOMEM;
		goto out;
	}
	for (;;) {
		/* room for the '\0' too */
		if (n + 1 == cap) {
			m = realloc(b, cap * 2);
			if (!m) {
				rc = -ENOMEM;
				goto out;
			}
			b = m;
			cap *= 2;
		}
		r = read(fd, b + n, cap - 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			rc = -errno;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
out:
	if (fd >= 0)
		close(fd);
	if (rc) {
		free(b);
		return rc;
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}
