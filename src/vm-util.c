// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the files of the VM runner share (see vm-int.h): argv arrays built
 * string by string, external tools run from them (never through a shell)
 * with the tail of their stderr kept for the error message, and the small
 * file helpers every step of a run needs, the cache directory among them.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
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

uint32_t vm_crc32(uint32_t crc, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	int k;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xEDB88320U & -(crc & 1));
	}
	return ~crc;
}

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

/* Keep the tail of a stream: the last lines say what went wrong. */
static void keep_tail(char *dst, size_t cap, size_t *n, const char *src,
		      size_t len)
{
	if (len >= cap - 1) {
		src += len - (cap - 1);
		len = cap - 1;
	}
	if (*n + len > cap - 1) {
		size_t drop = *n + len - (cap - 1);

		memmove(dst, dst + drop, *n - drop);
		*n -= drop;
	}
	memcpy(dst + *n, src, len);
	*n += len;
	dst[*n] = '\0';
}

/*
 * Run argv[0] (PATH search) and wait. Returns its exit status (0..255),
 * -ENOENT when it could not be executed, or another -errno.
 */
int vm_tool_run(char *const argv[], struct run_io *io)
{
	int po[2] = { -1, -1 }, pe[2], st, rc = 0;
	size_t olen = 0, ocap = 0, elen = 0;
	struct pollfd pf[2];
	pid_t pid;

	io->out = NULL;
	io->errtxt[0] = '\0';
	if (pipe2(pe, O_CLOEXEC) || (!io->out_path && pipe2(po, O_CLOEXEC)))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		int fd = io->out_path ?
				 open(io->out_path,
				      O_WRONLY | O_CREAT | O_TRUNC, 0644) :
				 po[1];

		if (fd < 0 || dup2(fd, 1) < 0 || dup2(pe[1], 2) < 0)
			_exit(126);
		fd = open("/dev/null", O_RDONLY);
		if (fd >= 0)
			dup2(fd, 0);
		if (io->cwd && chdir(io->cwd))
			_exit(126);
		execvp(argv[0], argv);
		_exit(errno == ENOENT ? 127 : 126);
	}
	close(pe[1]);
	if (po[1] >= 0)
		close(po[1]);
	pf[0].fd = pe[0];
	pf[1].fd = po[0];
	pf[0].events = pf[1].events = POLLIN;
	while (pf[0].fd >= 0 || pf[1].fd >= 0) {
		char buf[4096];
		ssize_t n;
		int i;

		if (poll(pf, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < 2; i++) {
			if (pf[i].fd < 0 || !pf[i].revents)
				continue;
			n = read(pf[i].fd, buf, sizeof(buf));
			if (n <= 0) {
				close(pf[i].fd);
				pf[i].fd = -1;
				continue;
			}
			if (i == 0) {
				keep_tail(io->errtxt, sizeof(io->errtxt), &elen,
					  buf, (size_t)n);
				continue;
			}
			if (olen + (size_t)n + 1 > ocap) {
				char *p = realloc(io->out, ocap * 2 + n + 1);

				if (!p) {
					rc = -ENOMEM;
					continue;
				}
				io->out = p;
				ocap = ocap * 2 + n + 1;
			}
			memcpy(io->out + olen, buf, (size_t)n);
			olen += (size_t)n;
			io->out[olen] = '\0';
		}
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	vm_trim(io->errtxt);
	if (rc)
		return rc;
	if (!io->out_path && !io->out) {
		io->out = strdup("");
		if (!io->out)
			return -ENOMEM; /* callers parse io->out on success */
	}
	if (WIFEXITED(st))
		return WEXITSTATUS(st) == 127 && !io->errtxt[0] ?
			       -ENOENT :
			       WEXITSTATUS(st);
	return 128 + WTERMSIG(st);
}

/* Run and turn a failure into "TOOL: why" in @err. */
int vm_tool_run_ok(char *const argv[], struct run_io *io, struct db_err *err)
{
	int rc = vm_tool_run(argv, io);

	if (rc == -ENOENT)
		return db_err_set(err, -ENOENT, "%s: not found", argv[0]);
	if (rc < 0)
		return db_err_set(err, rc, "%s: %s", argv[0], strerror(-rc));
	if (rc)
		return db_err_set(err, -EIO, "%s: exited %d: %s", argv[0], rc,
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
