/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The progress of a run, as the user sees it and as a machine reads it.
 *
 * - On a terminal 'daxbench run' updates one line after every op
 *   ("point 1/4, op 6/42, ETA 7s"), without one it prints a line per
 *   point (progress.c). Progress is output by nature: this module prints,
 *   to stderr only.
 * - With --progress-fd N, 'daxbench run' also writes machine-readable
 *   lines to fd N as things happen (progress-proto.c): the plan of the
 *   whole run, each scenario's start and end, each point and op, and each
 *   stall the moment the watchdog fires. Inside 'daxbench vm' that fd is
 *   the guest's second serial port, which the host reads while the guest
 *   runs (vm-live.c) and shows as "[6.12.117 2/3] NAME point 7/20, op
 *   31/50, ETA 4m10s" (progress.c again).
 * - The ETA of a job of several guests (progress-eta.c): work units per
 *   point, a ledger of the guests that finished, the estimate.
 */
#ifndef DAXBENCH_PROGRESS_H
#define DAXBENCH_PROGRESS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "progress-eta.h"
#include "progress-proto.h"
#include "scenario.h"

/* ---- progress.c: 'daxbench run' on the user's terminal --------------- */

/* One scenario's run: where it is, since when, and its work units. */
struct progress {
	bool tty, quiet;
	const char *scenario;
	size_t point, npoints;
	uint64_t start, last;
	uint64_t sent; /* the last op line on the channel */
	uint64_t op_work, point_work; /* of the point in flight */
};

/**
 * progress_start() - scenario @name (@resolved) begins: the clock of its
 * ETA starts, and the channel gets a "start" line.
 */
void progress_start(struct progress *p, const char *name,
		    const json_t *resolved);

/**
 * progress_point() - point @i (0-based, decoded in @sc, its sweep values
 * in @params) begins: a line "NAME: point i/n PARAMS" on stderr when it
 * is no terminal (so that logs show progress), a "point" line on the
 * channel.
 */
void progress_point(struct progress *p, size_t i, const struct scenario *sc,
		    const char *params);

/**
 * show_progress() - the engine's progress callback (engine_ctx.progress):
 * @done of @total ops of the current point. @arg is a struct progress.
 */
void show_progress(void *arg, unsigned int done, unsigned int total);

/**
 * progress_stall() - the watchdog just fired: @stall is the stall as the
 * result records it ("op", "during", "waited_ns", "stack"). Sent on the
 * channel at once; called from the watchdog thread.
 */
void progress_stall(const struct progress *p, const json_t *stall);

/**
 * progress_warn() - a warning of the point in flight, on the channel at
 * once, so that 'daxbench vm' says it as it happens, not after the
 * guest's table.
 */
void progress_warn(const struct progress *p, const char *text);

/**
 * progress_end() - the scenario ended with @done points of its
 * npoints, @complete or not: ends the terminal line, and the channel
 * gets an "end" line.
 */
void progress_end(struct progress *p, size_t done, bool complete);

/**
 * progress_plan() - the whole run, @n loaded scenarios: a "plan" line on
 * the channel, and the total the "work=" of later lines count towards.
 */
void progress_plan(json_t *const *loaded, size_t n);

/**
 * progress_plan_print() - 'run --plan': each scenario's points, ops and
 * work units, and their total, as a table on @f.
 */
void progress_plan_print(FILE *f, json_t *const *loaded, size_t n);

/* ---- progress.c: a guest's progress on the host's terminal ----------- */

struct progress_msg;

/* What 'daxbench vm' shows of the guest in flight. */
struct progress_view {
	bool tty, quiet;
	bool shown; /* an unfinished terminal line is on the screen */
	char label[64]; /* "6.12.117 2/3" */
	char scenario[128];
	unsigned int point, npoints, op, nops;
	double eta_s; /* < 0: none yet */
	bool rough;
};

/**
 * progress_view_msg() - show @m: on a terminal update the line (ops
 * at most 5 times a second), else a line per point; stalls and silence
 * at once, either way. Nothing with quiet but stalls and silence.
 */
void progress_view_msg(struct progress_view *v, const struct progress_msg *m);

/**
 * progress_view_clear() - take the unfinished line off the terminal,
 * before any other output; progress_view_msg() draws it again.
 */
void progress_view_clear(struct progress_view *v);

/**
 * progress_label() - the short name of kernel release @rel for the
 * terminal line: "6.12.117+deb13-cloud-amd64" -> "6.12.117",
 * "6.1.0-57-cloud-amd64" -> "6.1.0-57".
 */
void progress_label(const char *rel, char *buf, size_t len);

#endif
