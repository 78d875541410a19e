/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The progress of a run, as the user sees it and as a machine reads it.
 *
 * - On a terminal 'daxbench run' updates one line after every op
 *   ("point 1/4, op 6/42, ETA 7s"), without one it prints a line per
 *   point (progress.c). Progress is output by nature: this module prints,
 *   to stderr only.
 * - With --progress-fd N, 'daxbench run' also writes machine-readable
 *   lines to fd N as things happen (progress-line.c): the plan of the
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

/* ---- progress-line.c: the channel ------------------------------------ */

#define PROGRESS_MARK "daxbench-progress: "

/**
 * progress_channel_open() - send lines to the fd @arg names (as
 * --progress-fd gives it); 0, -EINVAL for no number, -EBADF for an fd
 * that is not open.
 */
int progress_channel_open(const char *arg);

/**
 * progress_emit() - one channel line, PROGRESS_MARK + the text + "\n",
 * in one write() (so that the op thread and the watchdog thread never
 * interleave); nothing when no channel is open.
 */
void progress_emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** progress_channel_on() - whether a channel is open. */
bool progress_channel_on(void);

enum progress_kind {
	PROGRESS_PLAN, /* the whole run: scenarios, points, ops, work */
	PROGRESS_START, /* a scenario: points, ops, timeout */
	PROGRESS_POINT, /* a point begins */
	PROGRESS_OP, /* ops of a point done */
	PROGRESS_STALL, /* the watchdog fired */
	PROGRESS_END, /* a scenario ended */
	PROGRESS_IDLE, /* host only: the channel is silent for too long */
};

/* One channel line, read back; fields a line has not are 0. */
struct progress_msg {
	enum progress_kind kind;
	char scenario[128];
	unsigned int scenarios, point, npoints, op, nops;
	uint64_t work, work_total; /* the whole run's: done / planned */
	uint64_t timeout_ns, waited_ns;
	char during[16]; /* a stall: "op" or "restore" */
	char stack[256]; /* a stall: "fn,fn,..." innermost first */
	char fn[64]; /* a stall: what it waits in (the reader fills it) */
	bool complete; /* end */
	double t; /* host: seconds since QEMU started, when it came */
	double idle_s; /* idle: how long the channel has been silent */
};

/**
 * progress_parse() - one channel line into @m. -EINVAL for a line that
 * is none (noise on the port) or has no event daxbench knows; unknown
 * keys are ignored, so that older hosts read newer guests.
 */
int progress_parse(const char *line, struct progress_msg *m);

/**
 * progress_field() - the value of " KEY=VALUE" in @line (up to the next
 * blank), into @val; -ENOENT when there is none.
 */
int progress_field(const char *line, const char *key, char *val, size_t len);

/* ---- progress-eta.c: work units and the ETA -------------------------- */

/* A unit is about 5ms of a small op under TCG: the prior rate. */
#define PROGRESS_UNIT_S 0.005

/* What a scenario will take, counted. */
struct progress_size {
	size_t points;
	uint64_t ops, work;
	uint64_t timeout_ns; /* the longest of its points */
};

/**
 * progress_point_work() - the work units of one point and of each of
 * its ops (*@op_work): an op costs 1, one more per 512 xarray entries of
 * the file (the scan and the unmap), and its vmsplice hold (up to the
 * timeout, where the watchdog ends it) and op interval in units; a point
 * 10 more for its setup.
 */
uint64_t progress_point_work(const struct scenario *sc, uint64_t *op_work);

/** progress_size() - @resolved's points, ops and work, summed. */
void progress_size(const json_t *resolved, struct progress_size *s);

/**
 * progress_idle_ns() - how long a guest running points with @timeout_ns
 * may stay silent: an op that outlives the timeout is a stall (a line),
 * kicked a timeout later and declared hung after the watchdog's grace
 * (the timeout, within 1s..10s); 30s more for a point's setup.
 */
uint64_t progress_idle_ns(uint64_t timeout_ns);

/* One guest's run, as the job ledger keeps it. */
struct progress_guest {
	uint64_t planned; /* its run's work units (the plan line), 0: none */
	uint64_t work; /* of which done */
	unsigned int points; /* points finished */
	double total_s; /* QEMU's start to its end */
	double run_s; /* first point to last line, stalls excepted */
	double stall_s; /* in stalls: the op's start to the next line */
};

/* A job of several guests: what was planned, what finished. */
struct progress_job {
	unsigned int guests; /* planned in all, 0: unknown */
	uint64_t work; /* planned in all, 0: unknown */
	unsigned int done; /* guests finished */
	struct progress_guest sum; /* of the finished guests */
};

/**
 * progress_eta() - seconds until the job ends, with the guest @cur in
 * flight and @left guests after it: the rate of work units and the time
 * a guest spends outside its run (boot, mkfs, results) measured so far,
 * else a prior (and *@rough). Time in stalls counts in neither: a stall
 * is the exception the run is looking for, not a rate to expect. -1 when nothing is known yet (the first
 * guest still boots). *@rough also before any point finished, and while
 * more guests are to come and none finished.
 */
double progress_eta(const struct progress_job *j,
		    const struct progress_guest *cur, unsigned int left,
		    bool *rough);

/** progress_job_add() - @g finished: count it in @j. */
void progress_job_add(struct progress_job *j, const struct progress_guest *g);

/**
 * progress_job_load() - the ledger at @path ("plan guests=N work=W" from
 * the script that runs the job, one "guest ..." line per finished guest)
 * into @j. A missing file is an empty job. 0 or -errno.
 */
int progress_job_load(const char *path, struct progress_job *j);

/** progress_job_append() - add @g, whose kernel is @label, to @path. */
int progress_job_append(const char *path, const struct progress_guest *g,
			const char *label);

/**
 * progress_fmt_eta() - "37s", "4m10s", "5m", "1h05m"; rough: "~40s", "~12m",
 * "~1h05m" followed by " (rough)".
 */
char *progress_fmt_eta(double s, bool rough, char *buf, size_t len);

#endif
