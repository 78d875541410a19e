// SPDX-License-Identifier: GPL-2.0-only
/*
 * Shipped into a test guest as what 'daxbench run' leaves when a thread
 * stays in the kernel after the watchdog exits: a process whose main
 * thread is gone (its leader a zombie) while another thread lives on, so
 * that the process can never be reaped. guest-init must notice at once,
 * not at the deadline. The second thread sleeps rather than being stuck
 * in the kernel for real, which no unprivileged test can arrange.
 */
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

static void *linger(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

int main(void)
{
	pthread_t th;

	if (pthread_create(&th, NULL, linger, NULL))
		return 1;
	/* exit(2), not exit_group(2): only this thread ends (pthread_exit()
	 * would want libgcc_s, which the guest image lacks) */
	syscall(SYS_exit, 0);
	return 1;
}
