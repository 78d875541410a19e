// SPDX-License-Identifier: GPL-2.0-only
/*
 * A newc cpio writer, for the initramfs and for the transfer disk's input
 * archive. Written here rather than with cpio(1) so that the archive can
 * hold a /dev/console node (the kernel opens it before /init runs)
 * without root, and so that it is byte-for-byte reproducible (mtime 0,
 * own inodes).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vm-int.h"

bool cpio_has(const struct cpio *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (!strcmp(c->names[i], name))
			return true;
	return false;
}

/* True when @name is in already; else remember it and return false. */
static bool cpio_seen(struct cpio *c, const char *name)
{
	char **p;

	if (cpio_has(c, name))
		return true;
	if (c->n == c->cap) {
		/* cap grows only with the array, else the next call overruns */
		size_t cap = c->cap * 2 + 64;

		p = realloc(c->names, cap * sizeof(*p));
		if (!p) {
			c->err = -ENOMEM;
			return true;
		}
		c->names = p;
		c->cap = cap;
	}
	c->names[c->n] = strdup(name);
	if (!c->names[c->n]) {
		c->err = -ENOMEM;
		return true;
	}
	c->n++;
	return false;
}

static void cpio_pad(struct cpio *c, uint64_t n)
{
	static const char zero[4];

	if (n & 3)
		fwrite(zero, 1, 4 - (n & 3), c->f);
}

static void cpio_hdr(struct cpio *c, const char *name, unsigned int mode,
		     uint64_t size, unsigned int rmaj, unsigned int rmin)
{
	size_t nl = strlen(name) + 1;

	fprintf(c->f,
		"070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		++c->ino, mode, 0, 0, 1, 0, (unsigned int)size, 0, 0, rmaj,
		rmin, (unsigned int)nl, 0);
	fwrite(name, 1, nl, c->f);
	cpio_pad(c, 110 + nl);
}

/* Emit the parent directories of @name that are not in yet. */
static void cpio_parents(struct cpio *c, const char *name)
{
	char buf[PATH_MAX];
	char *p;

	snprintf(buf, sizeof(buf), "%s", name);
	for (p = strchr(buf, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (!cpio_seen(c, buf))
			cpio_hdr(c, buf, S_IFDIR | 0755, 0, 0, 0);
		*p = '/';
	}
}

void cpio_dir(struct cpio *c, const char *name)
{
	cpio_parents(c, name);
	if (!cpio_seen(c, name))
		cpio_hdr(c, name, S_IFDIR | 0755, 0, 0, 0);
}

void cpio_buf(struct cpio *c, const char *name, unsigned int mode,
	      const void *data, size_t len)
{
	cpio_parents(c, name);
	if (cpio_seen(c, name))
		return;
	cpio_hdr(c, name, S_IFREG | mode, len, 0, 0);
	fwrite(data, 1, len, c->f);
	cpio_pad(c, len);
}

void cpio_link(struct cpio *c, const char *name, const char *target)
{
	size_t len = strlen(target);

	cpio_parents(c, name);
	if (cpio_seen(c, name))
		return;
	cpio_hdr(c, name, S_IFLNK | 0777, len, 0, 0);
	fwrite(target, 1, len, c->f);
	cpio_pad(c, len);
}

void cpio_node(struct cpio *c, const char *name, unsigned int mode,
	       unsigned int maj, unsigned int min)
{
	cpio_parents(c, name);
	if (!cpio_seen(c, name))
		cpio_hdr(c, name, mode, 0, maj, min);
}

/* A host file, followed through symlinks, keeping its exec bits. */
int cpio_file(struct cpio *c, const char *name, const char *src)
{
	struct stat st;
	char *buf;
	size_t len;
	int rc = stat(src, &st) ? -errno : vm_read_all(src, &buf, &len);

	if (rc)
		return rc;
	cpio_buf(c, name, (st.st_mode & 0111) ? 0755 : 0644, buf, len);
	free(buf);
	return 0;
}

int cpio_end(struct cpio *c)
{
	size_t i;

	cpio_hdr(c, "TRAILER!!!", 0, 0, 0, 0);
	for (i = 0; i < c->n; i++)
		free(c->names[i]);
	free(c->names);
	if (c->err)
		return c->err;
	return ferror(c->f) ? -EIO : 0;
}
