/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sample sets and their summaries. Percentiles use linear interpolation
 * between order statistics (Hyndman-Fan type 7, the default of R and
 * numpy), so every figure can be re-derived from the stored samples.
 */
#ifndef DAXBENCH_STATS_H
#define DAXBENCH_STATS_H

#include <stddef.h>
#include <stdint.h>

struct samples {
	uint64_t *v;
	size_t n;
	size_t cap;
};

struct summary {
	size_t n;
	double min, p50, p90, p99, p999, max, mean, stddev;
};

/** samples_add() - append one value; 0 or -ENOMEM. */
int samples_add(struct samples *s, uint64_t v);
void samples_free(struct samples *s);

/**
 * stats_summary() - summarise @n values (not modified; a sorted copy is
 * made). n == 0 gives a summary with n = 0 and NaN elsewhere: an empty
 * metric is not a zero. stddev is the sample (n - 1) standard deviation,
 * 0 for n == 1. Returns 0 or -ENOMEM.
 */
int stats_summary(const uint64_t *v, size_t n, struct summary *out);

/**
 * stats_summary_sort() - stats_summary() of @n doubles in @x, which it
 * sorts instead of a copy (for a caller whose @x is a copy already).
 */
void stats_summary_sort(double *x, size_t n, struct summary *out);

/** stats_quantile_sorted() - type-7 quantile q in [0,1] of sorted @x. */
double stats_quantile_sorted(const double *x, size_t n, double q);

/**
 * stats_quantile_select() - the same quantile of unsorted @x, by
 * selection: @x is reordered (a scratch copy), the value is that of
 * stats_quantile_sorted() on it sorted, bit for bit.
 */
double stats_quantile_select(double *x, size_t n, double q);

#endif
