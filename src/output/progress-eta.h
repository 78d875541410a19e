/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ETA of a run or a job of several guests (progress-eta.c): work
 * units per point, a ledger of the guests that finished, the estimate.
 * See progress.h for the whole picture.
 */
#ifndef DAXBENCH_PROGRESS_ETA_H
#define DAXBENCH_PROGRESS_ETA_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scenario.h"

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
 * kicked at most a timeout later (a quarter second once its pins are
 * gone, then as long again) and declared hung after the watchdog's grace
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
