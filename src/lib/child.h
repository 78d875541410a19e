/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Running an external program as a child and waiting for it (gnuplot,
 * and the tools of the VM runner: dpkg-deb, apt-get, depmod, cp, ...):
 * never through a shell, stdin from /dev/null, stdout captured or sent
 * to a file, the tail of stderr kept for the error message. Whether the
 * program could be run (0 / -errno) and how it ended (its exit status)
 * come back apart. (Not spawn.h: that is libc's posix_spawn header.)
 */
#ifndef DAXBENCH_CHILD_H
#define DAXBENCH_CHILD_H

#include <stdbool.h>
#include <sys/types.h>

/* How child_run() runs a program, and what it kept of its output. */
struct child_io {
	const char *cwd; /* the child's working directory; NULL: ours */
	/* stdout to this file (relative to @cwd), created or truncated;
	 * NULL: stdout is captured in @out */
	const char *out_path;
	bool err_to_out; /* stderr to @out_path too (needs it) */
	char *out; /* captured stdout, malloc'd, NUL-ended: the caller frees */
	char errtxt[512]; /* the last bytes of stderr, trailing space cut */
};

/**
 * child_run() - run @argv[0] (looked up in PATH unless it holds a '/')
 * with the arguments @argv and wait for it to end.
 * @argv: NULL-ended
 * @io: where its output goes (in) and what was kept of it (out)
 * @status: set when 0 is returned: how it ended, as waitpid(2) says it
 * (0: it exited 0; WIFEXITED() and WEXITSTATUS() or WTERMSIG() for more)
 *
 * @io->out is set (possibly to "") when stdout is captured and 0 is
 * returned, NULL otherwise. No descriptor of this process is left open
 * or leaks into the child, whatever the outcome.
 *
 * Return: 0 when the program ran, whatever its exit status; -errno when
 * it did not: from the exec (-ENOENT: not found, -EACCES: not
 * executable), the chdir to @io->cwd or the opening of @io->out_path in
 * the child (as posix_spawn(3) reports them), a pipe or the wait, or
 * -ENOMEM when its output could not be kept, or -EINVAL for
 * @io->err_to_out without @io->out_path.
 */
int child_run(char *const argv[], struct child_io *io, int *status);

/**
 * child_start() - start @argv as child_run() would, stdout and stderr to
 * the file @out_path (created or truncated), and return without waiting:
 * the caller watches *@pid and reaps it. 0, or -errno when it could not
 * be started (-ENOENT: not found).
 */
int child_start(char *const argv[], const char *out_path, pid_t *pid);

#endif
