// SPDX-License-Identifier: GPL-2.0-only
/*
 * The op watchdog (see watchdog.h). It sleeps to the op's deadline, but
 * never longer than a second while an op runs, so that an op that
 * ignores Ctrl-C is noticed; between ops it sleeps untimed, and arming
 * does not wake it (a thread switch next to every measured op would show
 * in the op's latency under TCG).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "nstime.h"
#include "watchdog.h"

#define SEC 1000000000ULL

static char *read_text(const char *path, size_t cap)
{
	char *buf;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	buf = calloc(1, cap);
	if (buf) {
		n = read(fd, buf, cap - 1);
		if (n <= 0) {
			free(buf);
			buf = NULL;
		}
	}
	close(fd);
	return buf;
}

char *watchdog_read_stack(pid_t tid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/task/%d/stack", (int)tid);
	return read_text(path, 8192);
}

json_t *watchdog_stacks(void)
{
	json_t *a = json_array();
	struct dirent *de;
	DIR *d = opendir("/proc/self/task");

	if (!d || !a) {
		if (d)
			closedir(d);
		json_decref(a);
		return NULL;
	}
	while ((de = readdir(d))) {
		char path[300], *comm, *stack;
		int tid = atoi(de->d_name);

		if (tid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%d/comm", tid);
		comm = read_text(path, 64);
		if (comm)
			comm[strcspn(comm, "\n")] = '\0';
		stack = watchdog_read_stack(tid);
		json_array_append_new(a,
				      json_pack("{s:i,s:s?,s:s?}", "tid", tid,
						"comm", comm, "stack", stack));
		free(comm);
		free(stack);
	}
	closedir(d);
	return a;
}

static bool interrupted(const struct watchdog *w)
{
	return w->interrupted &&
	       __atomic_load_n(w->interrupted, __ATOMIC_RELAXED);
}

/*
 * The stalled task's stack. One caught on a CPU shows none (the kernel
 * unwinds only a task that is off it): a task that waits is soon off it
 * again, so look a few times, a millisecond apart.
 */
static char *stall_stack(pid_t tid)
{
	struct timespec ms = { 0, 1000000 };
	char *s;
	int i;

	for (i = 0; !(s = watchdog_read_stack(tid)) && i < 10; i++)
		nanosleep(&ms, NULL);
	return s;
}

/*
 * How long the op gets to end by itself once its pins are gone, and
 * again once its mapping is: a kernel that sends the wake does so from
 * the release itself, and the waiter runs within a tick or so even in a
 * TCG guest. A quarter of a second (the timeout, if shorter) tells a
 * missed wake as well as a whole timeout did, at a fraction of every
 * stall's cost.
 */
#define WAKE_NS (SEC / 4)

static uint64_t wake_wait(const struct watchdog *w)
{
	return w->timeout < WAKE_NS ? w->timeout : WAKE_NS;
}

/* Step 1: a stall. Look at it first, then let the pins go. */
static void fire(struct watchdog *w, uint64_t now)
{
	w->fired = true;
	w->fired_after = now - w->op_start;
	free(w->stack);
	w->stack = stall_stack(w->op_tid);
	if (w->on_stall)
		w->on_stall(w->arg);
	pin_release(w->ps);
	if (w->on_fire)
		w->on_fire(w->arg);
	w->fired_at = nstime_now();
	w->deadline = w->fired_at + wake_wait(w);
}

/*
 * Still waiting for the pins to go: a pin in flight (an O_DIRECT I/O to
 * a slow device) ends when its I/O does. The op gets its wake_wait()
 * from when they are seen gone, up to a timeout from the release in all.
 */
static bool pins_pending(struct watchdog *w, uint64_t now)
{
	if (now - w->fired_at >= w->timeout)
		return false;
	if (!pin_released(w->ps)) {
		w->deadline = now + SEC / 20;
		w->pins_late = true;
		return true;
	}
	if (w->pins_late) {
		/* gone only now: the window starts here */
		w->pins_late = false;
		w->deadline = now + wake_wait(w);
		return true;
	}
	return false;
}

/*
 * Step 2: the pins have been gone for wake_wait() and the op still
 * waits: drop the mappings first, and give the wake as long again.
 */
static void unmap(struct watchdog *w, uint64_t now)
{
	w->unmapped = true;
	w->unmapped_at = now;
	w->unmap_rc = w->on_unmap(w->arg);
	w->deadline = nstime_now() + wake_wait(w);
}

/*
 * Step 3: the pins and the mappings are gone and the op still waits.
 * The layout waits are interruptible: a signal ends them rather than
 * letting daxbench hang, with EINTR, or with 0 when the wait's condition
 * holds as it wakes (a page idle that nobody woke the waiter for).
 */
static void kick(struct watchdog *w, uint64_t now)
{
	w->kicked = true;
	w->kicked_at = now;
	w->pins_released = pin_released(w->ps);
	pthread_kill(w->op_thread, SIGUSR1);
	w->deadline = now + SEC;
}

/*
 * Step 4: it will not come back. on_hung() ends the process; without
 * one the watchdog just goes on signalling, once a second.
 */
static void hang(struct watchdog *w, const char *why)
{
	if (!w->on_hung) {
		pthread_kill(w->op_thread, SIGUSR1);
		w->deadline = nstime_now() + SEC;
		return;
	}
	w->hung = true;
	if (!w->kicked)
		w->pins_released = pin_released(w->ps);
	w->on_hung(w->arg, why);
}

/* One wakeup of an armed watchdog, with the lock held. */
static void check(struct watchdog *w)
{
	uint64_t now = nstime_now();

	if (interrupted(w)) {
		if (!w->intr_seen) {
			w->intr_seen = now;
			/* the op thread took the signal; make sure */
			pthread_kill(w->op_thread, SIGUSR1);
		} else if (now - w->intr_seen >= WATCHDOG_INTR_GRACE_NS) {
			hang(w, "the op did not end after the run was "
				"interrupted");
			return;
		}
	}
	if (now < w->deadline)
		return;
	if (!w->fired) {
		fire(w, now);
	} else if (!w->unmapped && !w->kicked && pins_pending(w, now)) {
		/* pins still in flight: no stage before they are gone */
	} else if (!w->unmapped && w->on_unmap) {
		unmap(w, now);
	} else if (!w->kicked) {
		kick(w, now);
	} else if (now - w->kicked_at >= w->grace) {
		hang(w, "the op did not end on SIGUSR1 after its pins were "
			"released");
	} else {
		pthread_kill(w->op_thread, SIGUSR1);
		w->deadline = now + SEC;
	}
}

static void *watchdog_main(void *arg)
{
	struct watchdog *w = arg;

	pthread_mutex_lock(&w->lock);
	while (!w->quit) {
		struct timespec until;
		uint64_t wake;

		if (!w->active || w->hung) {
			w->idle = true;
			pthread_cond_wait(&w->cv, &w->lock);
			w->idle = false;
			continue;
		}
		wake = nstime_now() + SEC;
		if (w->deadline < wake)
			wake = w->deadline;
		until = nstime_ts(wake);
		pthread_cond_timedwait(&w->cv, &w->lock, &until);
		if (w->active && !w->quit && !w->hung)
			check(w);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

uint64_t watchdog_grace(uint64_t timeout)
{
	/* bounded: a hung op must not keep the run for another timeout */
	return timeout < SEC ? SEC : timeout > 10 * SEC ? 10 * SEC : timeout;
}

int watchdog_start(struct watchdog *w, uint64_t timeout, struct pin_set *ps,
		   volatile sig_atomic_t *intr)
{
	pthread_condattr_t ca;
	sigset_t all, old;
	int rc;

	memset(w, 0, sizeof(*w));
	w->timeout = timeout;
	w->grace = watchdog_grace(timeout);
	w->ps = ps;
	w->interrupted = intr;
	w->op_thread = pthread_self();
	w->op_tid = (pid_t)syscall(SYS_gettid);
	pthread_mutex_init(&w->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w->cv, &ca);
	pthread_condattr_destroy(&ca);
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = -pthread_create(&w->th, NULL, watchdog_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc) {
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->lock);
	}
	return rc;
}

void watchdog_arm(struct watchdog *w, uint64_t start)
{
	pthread_mutex_lock(&w->lock);
	w->active = true;
	w->fired = w->unmapped = w->kicked = w->pins_released = false;
	w->unmapped_at = w->kicked_at = 0;
	w->unmap_rc = 0;
	w->intr_seen = 0;
	w->op_start = start;
	w->deadline = start + w->timeout;
	/*
	 * A watchdog in its timed wait wakes within a second and then
	 * waits for this op: only an idle one needs the signal.
	 */
	if (w->idle)
		pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->lock);
}

bool watchdog_disarm(struct watchdog *w)
{
	bool fired;

	pthread_mutex_lock(&w->lock);
	/* declared hung: the process is being ended, stay out of its way */
	while (w->hung)
		pthread_cond_wait(&w->cv, &w->lock);
	w->active = false;
	fired = w->fired;
	if (fired && !w->kicked)
		w->pins_released = pin_released(w->ps);
	pthread_mutex_unlock(&w->lock);
	return fired;
}

void watchdog_stop(struct watchdog *w)
{
	pthread_mutex_lock(&w->lock);
	w->quit = true;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->th, NULL);
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->lock);
	free(w->stack);
	w->stack = NULL;
}
