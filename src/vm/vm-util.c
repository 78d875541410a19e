// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the files of the VM runner share (see vm-int.h): argv arrays built
 * string by string, external tools run from them (by child.h) with their
 * failure put into words for the error message, and the small file
 * helpers every step of a run needs, the cache directory among them.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fsutil.h"
#include "vm-int.h"

/* ---- pure helpers ---------------------------------------------------- */

void vm_argv_free(char **argv)
{
	char **a;

	if (!argv)
		return;
	for (a = argv; *a; a++)
		free(*a);
	free(argv);
}

void vm_argv_push(struct argv_b *b, char *s)
{
	if (!s || b->oom) {
		free(s);
		b->oom = true;
		return;
	}
	if (b->n + 2 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 32;
		char **v = realloc(b->v, cap * sizeof(*v));

		if (!v) {
			free(s);
			b->oom = true;
			return;
		}
		b->v = v;
		b->cap = cap;
	}
	b->v[b->n++] = s;
	b->v[b->n] = NULL;
}

void vm_argv_add(struct argv_b *b, const char *s)
{
	vm_argv_push(b, strdup(s));
}

char **vm_argv_done(struct argv_b *b)
{
	if (b->oom || !b->v) {
		vm_argv_free(b->v);
		return NULL;
	}
	return b->v;
}

/*
 * Append a copy of (@x, @y) to the parallel arrays @a and @b of @n: the
 * guest's (host, inside) file list and the initramfs's module list.
 */
int vm_pair_push(char ***a, char ***b, size_t *n, const char *x, const char *y)
{
	char **pa = realloc(*a, (*n + 1) * sizeof(*pa));
	char **pb;

	if (!pa)
		return -ENOMEM;
	*a = pa;
	pb = realloc(*b, (*n + 1) * sizeof(*pb));
	if (!pb)
		return -ENOMEM;
	*b = pb;
	pa[*n] = strdup(x);
	pb[*n] = strdup(y);
	if (!pa[*n] || !pb[*n]) {
		free(pa[*n]);
		free(pb[*n]);
		return -ENOMEM;
	}
	(*n)++;
	return 0;
}

/* ---- running tools --------------------------------------------------- */

void vm_trim(char *s)
{
	size_t n = strlen(s);

	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
}

/* Run and turn a failure into "TOOL: why" in @err. */
int vm_tool_run_ok(char *const argv[], struct child_io *io, struct db_err *err)
{
	int st, rc = child_run(argv, io, &st);

	if (rc == -ENOENT)
		return db_err_set(err, -ENOENT, "%s: not found", argv[0]);
	if (rc < 0)
		return db_err_set(err, rc, "%s: %s", argv[0], strerror(-rc));
	if (st)
		return db_err_set(err, -EIO, "%s: exited %d: %s", argv[0],
				  WIFEXITED(st) ? WEXITSTATUS(st) :
						  128 + WTERMSIG(st),
				  io->errtxt[0] ? io->errtxt : "no message");
	return 0;
}

/* ---- files ----------------------------------------------------------- */

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	return remove(path) ? -1 : 0;
}

void vm_rm_rf(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

bool vm_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* rename(), but failing with EEXIST where @dst exists */
static int move_noreplace(const char *src, const char *dst)
{
	if (!renameat2(AT_FDCWD, src, AT_FDCWD, dst, RENAME_NOREPLACE))
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -errno;
	/*
	 * A filesystem without RENAME_NOREPLACE: link() refuses an existing
	 * name too. Should the unlink fail, both names hold the one file.
	 */
	if (link(src, dst))
		return -errno;
	unlink(src);
	return 0;
}

int vm_place(const char *src, const char *dir, const char *name, char **placed)
{
	const char *dot = strrchr(name, '.');
	int stem = dot && dot != name ? (int)(dot - name) : (int)strlen(name);
	const char *ext = name + stem;
	unsigned int i;
	char *dst;
	int rc = -EEXIST;

	for (i = 0; i < VM_PLACE_TRIES && rc == -EEXIST; i++) {
		dst = i ? db_asprintf("%s/%.*s.%u%s", dir, stem, name, i, ext) :
			  db_asprintf("%s/%s", dir, name);
		rc = dst ? move_noreplace(src, dst) : -ENOMEM;
		if (!rc)
			*placed = dst;
		else
			free(dst);
	}
	return rc;
}

int vm_read_all(const char *path, char **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 0, n = 0, r;
	char *b = NULL;

	if (!f)
		return -errno;
	do {
		if (n + 65536 + 1 > cap) {
			char *p = realloc(b, cap = cap * 2 + 65536 + 1);

			if (!p) {
				free(b);
				fclose(f);
				return -ENOMEM;
			}
			b = p;
		}
		r = fread(b + n, 1, cap - n - 1, f);
		n += r;
	} while (r);
	fclose(f);
	b[n] = '\0';
	*buf = b;
	if (len)
		*len = n;
	return 0;
}

int vm_cache_dir(const char *opt, char **dir, struct db_err *err)
{
	const char *env = getenv("DAXBENCH_CACHE");
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	char *d;
	int rc;

	if (opt && *opt)
		d = strdup(opt);
	else if (env && *env)
		d = strdup(env);
	else if (xdg && *xdg)
		d = db_asprintf("%s/daxbench", xdg);
	else if (home && *home)
		d = db_asprintf("%s/.cache/daxbench", home);
	else
		return db_err_set(err, -EINVAL,
				  "cache: no --cache, DAXBENCH_CACHE or HOME");
	if (!d)
		return db_err_set(err, -ENOMEM, "cache: out of memory");
	rc = fsutil_mkdir_p(d, 0755);
	if (rc) {
		db_err_set(err, rc, "%s: cannot create: %s", d, strerror(-rc));
		free(d);
		return rc;
	}
	/*
	 * Absolute: the initramfs names modules by their place under the
	 * cache, and a relative --cache gave the guest truncated paths.
	 */
	*dir = realpath(d, NULL);
	rc = *dir ? 0 : -errno;
	if (rc)
		db_err_set(err, rc, "%s: %s", d, strerror(-rc));
	free(d);
	return rc;
}
