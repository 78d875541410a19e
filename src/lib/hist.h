/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Log-linear histograms: 128 linear sub-buckets per power of two, so any
 * percentile read from one is within 1/256 (0.4%) of a value that was
 * recorded, whatever the range. Used where samples are too many to keep
 * (pinner I/O latencies, very long op loops) at a fixed 60 KiB each.
 */
#ifndef DAXBENCH_HIST_H
#define DAXBENCH_HIST_H

#include <jansson.h>
#include <stdint.h>

#include "stats.h"

#define HIST_SUB_BITS 7
#define HIST_SUB (1u << HIST_SUB_BITS)
#define HIST_BUCKETS ((64 - HIST_SUB_BITS + 1) * HIST_SUB)

struct hist {
	uint64_t n;
	uint64_t min, max;
	long double sum, sumsq;
	uint64_t count[HIST_BUCKETS];
};

void hist_init(struct hist *h);
void hist_add(struct hist *h, uint64_t v);
void hist_merge(struct hist *dst, const struct hist *src);

/**
 * hist_bucket() / hist_bucket_low() / hist_bucket_width() - index of @v;
 * lowest value of bucket @b, and how many values it holds.
 */
unsigned int hist_bucket(uint64_t v);
uint64_t hist_bucket_low(unsigned int b);
uint64_t hist_bucket_width(unsigned int b);

/**
 * hist_summary() - the same summary as stats_summary(), with percentiles
 * taken as the midpoint of the bucket holding that rank (exact below 128).
 */
void hist_summary(const struct hist *h, struct summary *out);

/**
 * hist_to_json() - {"scheme": "log-linear", "sub_buckets": 128,
 * "buckets": [[low, count], ...]} with only the non-empty buckets.
 */
json_t *hist_to_json(const struct hist *h);

#endif
