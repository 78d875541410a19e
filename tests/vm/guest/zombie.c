// SPDX-License-Identifier: GPL-2.0-only
/*
 * Shipped into a test guest as what 'daxbench run' leaves when its
 * watchdog exits while a thread is stuck in the kernel: a process that
 * can never be reaped. A thread writes to FILE on a filesystem the test
 * froze (fsfreeze), which sleeps uninterruptibly in sb_start_write(), and
 * the main thread exits the whole group: the leader turns zombie, the
 * writer stays in D with SIGKILL pending. guest-init must act at once,
 * not at its deadline.
 */
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

static void *writer(void *arg)
{
	int fd = open(arg, O_WRONLY | O_CREAT, 0644);

	if (fd >= 0)
		(void)!write(fd, "x", 1);
	for (;;)
		pause();
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t th;

	if (argc != 2 || pthread_create(&th, NULL, writer, argv[1]))
		return 2;
	sleep(1); /* let the writer reach the frozen filesystem */
	/*
	 * _exit, as daxbench's hung path: exit() would run LeakSanitizer
	 * in an ASan build, whose ptrace stop of every thread never
	 * returns for the one in D, and the leader would stay in 't'.
	 */
	_exit(3);
}
