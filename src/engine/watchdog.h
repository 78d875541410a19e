/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The op watchdog: a thread that watches each layout op and turns one
 * that outlives the scenario's timeout into a stall, in steps:
 *   1. fire (at timeout): read the op thread's kernel stack, release the
 *      pinners, and let the owner save a checkpoint at once, so the stall
 *      is on disk even if the machine wedges next;
 *   2. unmap (a quarter second, or the timeout if shorter, after the
 *      pins are gone): the op still waits. Before any signal, the owner's
 *      unmap callback drops the mappings of the file (a mapping's
 *      reference keeps a DAX page busy on kernels that count one), so
 *      that an op this ends is told apart from one that only a signal
 *      ends;
 *   3. kick (as long again): the op still
 *      waits (a missed wakeup looks like that): SIGUSR1 ends an interruptible
 *      layout wait (EINTR, or 0 when the wait's condition holds by
 *      then), and is repeated every second;
 *   4. hung (a bounded grace later, or a few seconds after SIGINT and
 *      friends while an op is in flight): the op will not come back. The
 *      owner's hung callback writes what there is and ends the process;
 *      the op thread, if it ever returns, blocks in watchdog_disarm().
 * Each callback runs in the watchdog thread with the watchdog's lock held
 * while the op thread is inside the op, so the op's state can be read.
 */
#ifndef DAXBENCH_WATCHDOG_H
#define DAXBENCH_WATCHDOG_H

#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "pin.h"

/* how long an op may ignore Ctrl-C (and the like) before it counts as hung */
#define WATCHDOG_INTR_GRACE_NS (3000000000ULL)

struct watchdog {
	pthread_t th;
	pthread_t op_thread;
	pid_t op_tid;
	pthread_mutex_t lock;
	pthread_cond_t cv;
	bool quit, active, idle;
	bool fired, unmapped, kicked, hung;
	bool pins_late; /* pins still in flight when their wait ran out */
	uint64_t timeout, grace;
	uint64_t deadline, op_start;
	uint64_t fired_after; /* ns from op start to the stall verdict */
	uint64_t fired_at, unmapped_at, kicked_at, intr_seen; /* nstime_now() */
	int unmap_rc; /* what on_unmap returned */
	bool pins_released; /* observed when the op was kicked */
	struct pin_set *ps;
	char *stack; /* of the stalled op at fire, when readable */
	volatile sig_atomic_t *interrupted;
	/* first, before the pins go: what must see the release starts */
	void (*on_stall)(void *arg);
	void (*on_fire)(void *arg);
	int (*on_unmap)(void *arg); /* 0 or -errno; NULL: no such stage */
	void (*on_hung)(void *arg, const char *why); /* does not return */
	void *arg;
};

/**
 * watchdog_start() - start the thread for ops of the calling thread.
 * @interrupted: the run's signal flag (may be NULL). The callbacks and
 * @arg are set by the caller in @w after this returns 0, before the first
 * watchdog_arm(). Returns 0 or -errno.
 */
int watchdog_start(struct watchdog *w, uint64_t timeout, struct pin_set *ps,
		   volatile sig_atomic_t *interrupted);

/**
 * watchdog_grace() - how long after the kick (step 2) an op of @timeout
 * has to end before it counts as hung: @timeout, within 1s..10s.
 */
uint64_t watchdog_grace(uint64_t timeout);

/** watchdog_arm() - an op starts at @start (nstime_now() time). */
void watchdog_arm(struct watchdog *w, uint64_t start);

/**
 * watchdog_disarm() - the op ended. Returns whether it was a stall (it
 * fired); w->unmapped, w->kicked, w->pins_released and w->stack then
 * describe it.
 * Never returns once the op was declared hung.
 */
bool watchdog_disarm(struct watchdog *w);

/** watchdog_stop() - end and join the thread. */
void watchdog_stop(struct watchdog *w);

/**
 * watchdog_stacks() - the kernel stack of every thread of this process,
 * as [{"tid", "comm", "stack"}]; NULL when /proc/self/task is unreadable.
 */
json_t *watchdog_stacks(void);

/** watchdog_read_stack() - /proc/self/task/@tid/stack, or NULL (needs root). */
char *watchdog_read_stack(pid_t tid);

#endif
