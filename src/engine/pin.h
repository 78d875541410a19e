/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Pinners: threads that keep pages of the DAX mapping pinned by doing real
 * I/O with buffers inside it (O_DIRECT, io_uring, vmsplice), the way DMA
 * pins them in production. They run for the whole op loop of a point.
 *
 * Each method is a struct pin_ops (pin-int.h) in a file of its own,
 * pin-<method>.c, like fio's engines: its per-thread setup, loop and
 * teardown, and whether it pins continuously or in step with the ops.
 * pin.c keeps what they share (threads, handshakes, reports). A new
 * method (FOLL_LONGTERM pins by another call, process_vm_readv) is one
 * new file and one row in pin.c's pin_table[], once the scenario format
 * knows its name (enum pin_method, scenario-schema.c).
 */
#ifndef DAXBENCH_PIN_H
#define DAXBENCH_PIN_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "hist.h"
#include "scenario.h"

struct pin_config {
	enum pin_method method;
	unsigned int threads;
	uint64_t io_size;
	unsigned int queue_depth;
	uint64_t hold_ns;
	unsigned char *region; /* inside the mapping */
	uint64_t region_len;
	const char *device; /* block device or file, opened O_DIRECT */
	int cpunodebind; /* -1: anywhere */
	int membind; /* -1: default policy */
	bool solo; /* start in the solo phase, until pin_mark() */
};

struct pin_report {
	struct hist lat; /* per I/O (or per pin, for vmsplice), ns */
	uint64_t ios;
	/* from start (or pin_mark()) to stop, less the time paused */
	uint64_t elapsed_ns;
	uint64_t paused_ns; /* the pauses (pin_pause() to pin_resume()) */
	uint64_t solo_ios; /* before pin_mark(): the solo phase */
	uint64_t startup_ios; /* started before every pinner was ready */
	uint64_t released_early; /* vmsplice holds cut short by stop */
	uint64_t errors;
	int first_errno;
	char first_error[160];
	/* threads that had not pinned (nor given up) 10 s after the start */
	unsigned int not_ready;
	bool refused; /* the kernel refused the pin method itself */
	int refused_errno;
};

struct pin_set;

/**
 * pin_start() - open the device and start @cfg->threads pinner threads.
 * Returns 0, or -errno with @err set when nothing could start. A method
 * the kernel refuses at setup (io_uring_fixed on fsdax) is not an error
 * here: the threads report it through pin_report.refused.
 */
int pin_start(const struct pin_config *cfg, struct pin_set **ps,
	      struct db_err *err);

/**
 * pin_arm() - before an op, make sure it will meet pins. Lock-step
 * methods (vmsplice): ask every thread for a fresh pin and wait until
 * each holds the whole io_size or could not pin (a thread still holding
 * its previous pin first lets it go after its hold). Continuous methods
 * (O_DIRECT, io_uring): wait until every running thread has an I/O in
 * flight. -ETIMEDOUT when that did not happen within @timeout_ns; the op
 * may still start, and pin_held() then says what it meets.
 */
int pin_arm(struct pin_set *ps, uint64_t timeout_ns);

/**
 * pin_held() - how many threads hold a pin now: an I/O in flight, or a
 * vmsplice pin in their pipe. 0 for a NULL set.
 */
unsigned int pin_held(const struct pin_set *ps);

/**
 * pin_released() - the set was told to stop (pin_release) and no thread
 * holds a pin any more: what a stalled op waits for. true for NULL.
 */
bool pin_released(const struct pin_set *ps);

/**
 * pin_go() - the op that pin_arm() prepared starts at @t0: lock-step pins
 * are held until @t0 + hold, so such an op cannot take less than hold.
 */
void pin_go(struct pin_set *ps, uint64_t t0);

/**
 * pin_release() - make every thread drop its pins now and pin no more
 * (drain the pipes, let in-flight I/O finish). Used when an op stalls.
 * Safe from any thread.
 */
void pin_release(struct pin_set *ps);

/**
 * pin_pause() - continuous pinners (O_DIRECT, io_uring) start no new I/O
 * and this waits until none is in flight, at most @timeout_ns
 * (-ETIMEDOUT); once it returned 0, none starts one before
 * pin_resume(). Between ops: restoring the file must not wait for pins
 * as the op does (xfs breaks layouts on every fallocate, allocation too).
 * Lock-step pinners (vmsplice) pin only when armed: nothing to do.
 */
int pin_pause(struct pin_set *ps, uint64_t timeout_ns);

/** pin_resume() - let paused pinners go on; pin_arm() waits for them. */
void pin_resume(struct pin_set *ps);

/**
 * pin_mark() - end the solo phase (pin_config.solo, pinners.solo), in
 * which the pinners ran with no op: its I/Os are in pin_report.solo_ios,
 * and ios, lat and elapsed_ns count from here. An I/O counts in the
 * phase it started in. Returns the ns since every pinner was running (pin_start()'s end).
 */
uint64_t pin_mark(struct pin_set *ps);

/** pin_stop() - stop, join and free the threads; fill @rep. */
void pin_stop(struct pin_set *ps, struct pin_report *rep);

#endif
