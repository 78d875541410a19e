// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for child_run(): the exit status comes back through its
 * out-parameter and never as the return value, a program that cannot be
 * run is a -errno, output goes where it is asked to, and no descriptor
 * is left open here or handed to the child, on any path.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "t.h"

/* This process's open descriptors, as "0 1 2 ..." (ls /proc/self/fd). */
static void fds_of_self(char *buf, size_t len)
{
	char path[64];
	size_t n = 0;
	int fd;

	buf[0] = '\0';
	for (fd = 0; fd < 1024 && n < len; fd++) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		if (!access(path, F_OK))
			n += (size_t)snprintf(buf + n, len - n, "%s%d",
					      n ? " " : "", fd);
	}
}

static int run(const char *sh, struct child_io *io, int *status)
{
	char *argv[] = { "sh", "-c", (char *)sh, NULL };

	return child_run(argv, io, status);
}

static void test_status(void)
{
	struct child_io io = { 0 };
	int st = -1, rc;

	rc = run("exit 3", &io, &st);
	T_CHECK(rc == 0 && WIFEXITED(st) && WEXITSTATUS(st) == 3,
		"exit 3: rc %d, status %#x", rc, st);
	T_CHECK(io.out && !strcmp(io.out, ""), "nothing captured is \"\"");
	free(io.out);
	rc = run("printf hello; echo oops >&2; exit 0", &io, &st);
	T_CHECK(rc == 0 && st == 0, "exit 0: rc %d, status %d", rc, st);
	T_CHECK(io.out && !strcmp(io.out, "hello"), "stdout '%s'",
		io.out ? io.out : "(null)");
	T_CHECK(!strcmp(io.errtxt, "oops"), "stderr '%s'", io.errtxt);
	free(io.out);
	rc = run("kill -TERM $$", &io, &st);
	T_CHECK(rc == 0 && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
		"killed: rc %d, status %#x", rc, st);
	free(io.out);
	/* more than the tail holds: the last bytes are kept */
	rc = run("i=0; while [ $i -lt 200 ]; do echo line $i >&2; "
		 "i=$((i + 1)); done",
		 &io, &st);
	T_CHECK(rc == 0 && strlen(io.errtxt) < sizeof(io.errtxt) &&
			strstr(io.errtxt, "line 199") &&
			!strstr(io.errtxt, "line 1\n"),
		"stderr tail '%.40s...'", io.errtxt);
	free(io.out);
}

static void test_cannot_run(const char *dir)
{
	char *missing[] = { "daxbench-no-such-program", NULL };
	char *noexec[] = { NULL, NULL };
	struct child_io io = { 0 };
	int st = -1, rc, fd;

	io.out = (char *)"stale";
	rc = child_run(missing, &io, &st);
	T_CHECK(rc == -ENOENT, "missing program: %d", rc);
	T_CHECK(st == -1, "no status when it did not run");
	T_CHECK(!io.out, "no output when it did not run");
	noexec[0] = malloc(strlen(dir) + 16);
	sprintf(noexec[0], "%s/noexec", dir);
	fd = open(noexec[0], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	close(fd);
	rc = child_run(noexec, &io, &st);
	T_CHECK(rc == -EACCES, "not executable: %d", rc);
	io.cwd = "/daxbench-no-such-dir";
	rc = run("exit 0", &io, &st);
	T_CHECK(rc == -ENOENT, "missing cwd: %d", rc);
	io.cwd = NULL;
	io.err_to_out = true;
	rc = run("exit 0", &io, &st);
	T_CHECK(rc == -EINVAL, "stderr to a file without one: %d", rc);
	unlink(noexec[0]);
	free(noexec[0]);
}

static void test_out_path(const char *dir)
{
	struct child_io io = { .cwd = dir, .out_path = "log" };
	char path[4200], buf[64] = "";
	int st = -1, rc;
	FILE *f;

	rc = run("echo out; echo err >&2", &io, &st);
	T_CHECK(rc == 0 && st == 0, "to a file: rc %d, status %d", rc, st);
	T_CHECK(!io.out, "nothing captured");
	T_CHECK(!strcmp(io.errtxt, "err"), "stderr '%s'", io.errtxt);
	snprintf(path, sizeof(path), "%s/log", dir);
	io.err_to_out = true;
	rc = run("echo out; echo err >&2", &io, &st);
	T_CHECK(rc == 0 && st == 0 && !io.errtxt[0], "both to the file");
	f = fopen(path, "r");
	if (f) {
		size_t n = fread(buf, 1, sizeof(buf) - 1, f);

		buf[n] = '\0';
		fclose(f);
	}
	T_CHECK(!strcmp(buf, "out\nerr\n"), "the file, relative to cwd: '%s'",
		buf);
	io.out_path = "no-such-dir/log";
	rc = run("exit 0", &io, &st);
	T_CHECK(rc == -ENOENT, "out_path in a missing dir: %d", rc);
	unlink(path);
}

/* The child gets 0, 1 and 2 and what this process had before, no pipe. */
static void test_child_fds(void)
{
	struct child_io io = { 0 };
	char before[2048], mine[2052], *tok, *save = NULL;
	int st = -1, rc;

	fds_of_self(before, sizeof(before));
	/* ls runs as a child of sh, whose fds it lists */
	rc = run("ls /proc/$$/fd; :", &io, &st);
	T_CHECK(rc == 0 && st == 0 && io.out, "listing the child's fds");
	snprintf(mine, sizeof(mine), " %s ", before);
	for (tok = io.out ? strtok_r(io.out, " \n", &save) : NULL; tok;
	     tok = strtok_r(NULL, " \n", &save)) {
		char key[32];

		snprintf(key, sizeof(key), " %s ", tok);
		T_CHECK(atoi(tok) <= 2 || strstr(mine, key),
			"fd %s of the child is not one this process had", tok);
	}
	free(io.out);
}

/* child_start(): no wait, both streams to the file, -ENOENT at once */
static void test_start(const char *dir)
{
	char path[4200], buf[64] = "";
	char *argv[] = { "sh", "-c", "echo out; echo err >&2; exit 3", NULL };
	char *none[] = { "daxbench-no-such-program", NULL };
	pid_t pid = -1;
	int st = -1, rc;
	FILE *f;

	snprintf(path, sizeof(path), "%s/start.log", dir);
	rc = child_start(argv, path, &pid);
	T_CHECK(rc == 0 && pid > 0, "started: rc %d, pid %d", rc, (int)pid);
	if (!rc)
		waitpid(pid, &st, 0);
	T_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3, "its status: %d", st);
	f = fopen(path, "r");
	if (f) {
		size_t n = fread(buf, 1, sizeof(buf) - 1, f);

		buf[n] = '\0';
		fclose(f);
	}
	T_CHECK(!strcmp(buf, "out\nerr\n"), "the file: '%s'", buf);
	rc = child_start(none, path, &pid);
	T_CHECK(rc == -ENOENT, "a missing program: %d", rc);
	unlink(path);
}

int main(void)
{
	char dir[] = "/tmp/daxbench-child-test.XXXXXX";
	char before[4096], after[4096];
	int i;

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return T_EXIT_FAIL;
	}
	fds_of_self(before, sizeof(before));
	/* a leak of one descriptor per call would show after a few */
	for (i = 0; i < 3; i++) {
		test_status();
		test_cannot_run(dir);
		test_out_path(dir);
		test_child_fds();
		test_start(dir);
	}
	fds_of_self(after, sizeof(after));
	T_CHECK(!strcmp(before, after), "descriptors before '%s', after '%s'",
		before, after);
	rmdir(dir);
	return t_done();
}
