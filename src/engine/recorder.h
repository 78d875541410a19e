/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The recorder of a metric (struct record): raw samples up to a cap,
 * then a log-linear histogram (hist.h), so that memory and result size
 * stay bounded however many operations a run does. The metric says
 * which it holds. (The JSON a point writes into the result is
 * engine-json.c's.)
 */
#ifndef DAXBENCH_RECORDER_H
#define DAXBENCH_RECORDER_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "hist.h"
#include "stats.h"

#define RECORD_DEFAULT_CAP 100000

struct record {
	struct samples s;
	struct hist *h; /* once past the cap; then s is freed */
	size_t cap;
};

/** record_init() - @cap raw samples at most (0: RECORD_DEFAULT_CAP). */
void record_init(struct record *r, size_t cap);

/** record_add() - 0 or -ENOMEM. */
int record_add(struct record *r, uint64_t v);

size_t record_n(const struct record *r);

/**
 * record_metric() - the daxbench-result(5) metric: {"unit", "samples" or
 * "histogram", "summary", "recorded_as": "samples"|"histogram"}.
 */
json_t *record_metric(const struct record *r, const char *unit);

void record_free(struct record *r);

#endif
