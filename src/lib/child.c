// SPDX-License-Identifier: GPL-2.0-only
/*
 * Running a program as our child and waiting for it (see child.h). The
 * name is what it runs, a child process, and its child_*() API; not
 * spawn.c, whose spawn.h would shadow libc's <spawn.h>. posix_spawnp()
 * does the fork and exec: it reports a program that cannot be run as
 * an errno (no exit code of 127 to guess from), and its file actions
 * set up the child's descriptors. The pipes are close-on-exec, so the
 * child keeps only the copies dup'd onto its stdout and stderr, and
 * every path out of here closes the ends this process holds.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"

/* The pipes of a run: [0] read here, [1] the child's; -1 when unused. */
struct pipes {
	int out[2], err[2];
};

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static void pipes_close(struct pipes *p)
{
	close_fd(&p->out[0]);
	close_fd(&p->out[1]);
	close_fd(&p->err[0]);
	close_fd(&p->err[1]);
}

/* A pipe for stdout unless it goes to a file, one for stderr unless too. */
static int pipes_open(const struct child_io *io, struct pipes *p)
{
	p->out[0] = p->out[1] = p->err[0] = p->err[1] = -1;
	if ((!io->out_path && pipe2(p->out, O_CLOEXEC)) ||
	    (!io->err_to_out && pipe2(p->err, O_CLOEXEC))) {
		int rc = -errno;

		pipes_close(p);
		return rc;
	}
	return 0;
}

/* The child's side: cwd, stdin from /dev/null, stdout and stderr. */
static int actions(posix_spawn_file_actions_t *fa, const struct child_io *io,
		   const struct pipes *p)
{
	int rc = posix_spawn_file_actions_init(fa);

	if (rc)
		return rc;
	if (io->cwd)
		rc = posix_spawn_file_actions_addchdir_np(fa, io->cwd);
	if (!rc)
		rc = posix_spawn_file_actions_addopen(fa, STDIN_FILENO,
						      "/dev/null", O_RDONLY, 0);
	if (!rc)
		rc = io->out_path ?
			     posix_spawn_file_actions_addopen(
				     fa, STDOUT_FILENO, io->out_path,
				     O_WRONLY | O_CREAT | O_TRUNC, 0644) :
			     posix_spawn_file_actions_adddup2(fa, p->out[1],
							      STDOUT_FILENO);
	if (!rc)
		rc = posix_spawn_file_actions_adddup2(
			fa, io->err_to_out ? STDOUT_FILENO : p->err[1],
			STDERR_FILENO);
	if (rc)
		posix_spawn_file_actions_destroy(fa);
	return rc;
}

static void trim(char *s)
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

/* Append @len bytes to the captured stdout; -ENOMEM when it cannot grow. */
static int keep_out(struct child_io *io, size_t *len, size_t *cap,
		    const char *buf, size_t n)
{
	if (*len + n + 1 > *cap) {
		char *p = realloc(io->out, *cap * 2 + n + 1);

		if (!p)
			return -ENOMEM;
		io->out = p;
		*cap = *cap * 2 + n + 1;
	}
	memcpy(io->out + *len, buf, n);
	*len += n;
	io->out[*len] = '\0';
	return 0;
}

/*
 * Read the child's stdout and stderr until both are closed, and close
 * them. A failure stops nothing early while there is still something to
 * read, as the child would block on a full pipe; the first is returned.
 */
static int drain(struct child_io *io, struct pipes *p)
{
	struct pollfd pf[2] = { { .fd = p->err[0], .events = POLLIN },
				{ .fd = p->out[0], .events = POLLIN } };
	size_t olen = 0, ocap = 0, elen = 0;
	int rc = 0, i;

	while (pf[0].fd >= 0 || pf[1].fd >= 0) {
		char buf[4096];
		ssize_t n;

		if (poll(pf, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			break; /* closing the pipes ends a writing child */
		}
		for (i = 0; i < 2; i++) {
			if (pf[i].fd < 0 || !pf[i].revents)
				continue;
			n = read(pf[i].fd, buf, sizeof(buf));
			if (n < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (n <= 0)
				close_fd(&pf[i].fd);
			else if (i == 0)
				keep_tail(io->errtxt, sizeof(io->errtxt), &elen,
					  buf, (size_t)n);
			else if (!rc)
				rc = keep_out(io, &olen, &ocap, buf, (size_t)n);
		}
	}
	close_fd(&pf[0].fd);
	close_fd(&pf[1].fd);
	p->err[0] = p->out[0] = -1;
	return rc;
}

int child_run(char *const argv[], struct child_io *io, int *status)
{
	posix_spawn_file_actions_t fa;
	struct pipes p;
	int rc, st;
	pid_t pid;

	io->out = NULL;
	io->errtxt[0] = '\0';
	if (io->err_to_out && !io->out_path)
		return -EINVAL;
	rc = pipes_open(io, &p);
	if (rc)
		return rc;
	rc = actions(&fa, io, &p);
	if (rc) {
		pipes_close(&p);
		return -rc;
	}
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	/* the child's ends: held by it now, or by nobody */
	close_fd(&p.out[1]);
	close_fd(&p.err[1]);
	if (rc) {
		pipes_close(&p);
		return -rc;
	}
	rc = drain(io, &p);
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR) {
			rc = rc ? rc : -errno;
			break;
		}
	}
	trim(io->errtxt);
	if (!rc && !io->out_path && !io->out) {
		io->out = strdup("");
		if (!io->out)
			rc = -ENOMEM; /* callers parse io->out on success */
	}
	if (rc) {
		free(io->out);
		io->out = NULL;
		return rc;
	}
	*status = st;
	return 0;
}

int child_start(char *const argv[], const char *out_path, pid_t *pid)
{
	struct child_io io = { .out_path = out_path, .err_to_out = true };
	struct pipes p = { { -1, -1 }, { -1, -1 } };
	posix_spawn_file_actions_t fa;
	int rc;

	rc = actions(&fa, &io, &p);
	if (rc)
		return -rc;
	rc = posix_spawnp(pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	return -rc;
}
