/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The measurement of one point: make the file, verify the mapping, start
 * the pinners, time warmup + repeat layout operations (each under a
 * watchdog), restore the file between them, and describe it all as one
 * daxbench-result(5) "points" entry.
 */
#ifndef DAXBENCH_ENGINE_H
#define DAXBENCH_ENGINE_H

#include <jansson.h>
#include <signal.h>
#include <stdbool.h>
#include <time.h>

#include "err.h"
#include "scenario.h"
#include "trace.h"

/* how many bytes of the mapping are faulted with fs_dax events on */
#define ENGINE_VERIFY_BYTES (64ULL << 20)

struct engine_ctx {
	const char *dir; /* target directory */
	bool dax; /* the target is DAX */
	const char *device; /* O_DIRECT/io_uring pin device */
	struct trace *trace; /* may be NULL */
	/* raw samples kept per metric before a histogram (0: the default) */
	size_t max_samples;
	volatile sig_atomic_t *interrupted;
	/* progress: called after every op with done/total ops of the point */
	void (*progress)(void *arg, unsigned int done, unsigned int total);
	void *progress_arg;
	/*
	 * Saving what there is while an op is in flight, called from the
	 * watchdog thread while the op thread is inside the op (so the
	 * caller's result may be read and written). checkpoint: a stall was
	 * just detected, @point (borrowed) holds the finished ops and the
	 * stall. hung: the op will not come back; write @point (borrowed),
	 * name @left_behind (the test file that cannot be removed while the
	 * op holds it), and end the process: it must not return.
	 */
	void (*checkpoint)(void *arg, json_t *point);
	void (*hung)(void *arg, json_t *point, const char *why,
		     const char *left_behind);
	void *save_arg;
};

/**
 * engine_point() - measure one point. Returns 0 with @point set (a point
 * whose setup failed still comes back, with the failure in "errors"),
 * or -EINTR when interrupted: @point then holds the ops that finished.
 * @failed is set when the point produced no measurement at all.
 */
int engine_point(struct engine_ctx *ctx, const struct scenario *sc,
		 json_t *params, json_t **point, bool *failed,
		 struct db_err *err);

#endif
