// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sample sets and their summaries (see stats.h). Percentiles are
 * Hyndman-Fan type 7 so that anyone can re-derive every stored figure
 * from the stored samples with R's quantile() or numpy's percentile().
 * The mean and variance use Welford's update, because nanosecond samples
 * near 2^63 would lose all precision in a naive sum of squares.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sort.h"
#include "stats.h"

int samples_add(struct samples *s, uint64_t v)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		uint64_t *nv;

		if (cap < s->cap || cap > SIZE_MAX / sizeof(*nv))
			return -ENOMEM;
		nv = realloc(s->v, cap * sizeof(*nv));
		if (!nv)
			return -ENOMEM;
		s->v = nv;
		s->cap = cap;
	}
	s->v[s->n++] = v;
	return 0;
}

void samples_free(struct samples *s)
{
	free(s->v);
	s->v = NULL;
	s->n = 0;
	s->cap = 0;
}

double stats_quantile_sorted(const double *x, size_t n, double q)
{
	double h, lo;
	size_t i;

	if (!n || isnan(q))
		return NAN;
	if (q <= 0)
		return x[0];
	if (q >= 1)
		return x[n - 1];
	/* type 7: h = (n - 1) q, interpolate between x[floor h] and next */
	h = (double)(n - 1) * q;
	lo = floor(h);
	i = (size_t)lo;
	if (i + 1 >= n)
		return x[n - 1];
	return x[i] + (h - lo) * (x[i + 1] - x[i]);
}

double stats_quantile_select(double *x, size_t n, double q)
{
	double h, lo, a, b;
	size_t i, k;

	if (!n || isnan(q))
		return NAN;
	h = (double)(n - 1) * fmin(fmax(q, 0), 1);
	lo = floor(h);
	i = (size_t)lo;
	a = sort_nth(x, n, i);
	if (q <= 0 || q >= 1 || i + 1 >= n)
		return a;
	/* the next order statistic: the least of what selection put after */
	for (b = x[i + 1], k = i + 2; k < n; k++)
		b = fmin(b, x[k]);
	return a + (h - lo) * (b - a);
}

void stats_summary_sort(double *x, size_t n, struct summary *out)
{
	double mean = 0, m2 = 0;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->n = n;
	if (!n) {
		/* an empty metric has no value at all, not a zero */
		out->min = out->p50 = out->p90 = out->p99 = out->p999 = NAN;
		out->max = out->mean = out->stddev = NAN;
		return;
	}
	for (i = 0; i < n; i++) {
		double d = x[i] - mean;

		mean += d / (double)(i + 1);
		m2 += d * (x[i] - mean);
	}
	sort_double(x, n);
	out->min = x[0];
	out->max = x[n - 1];
	out->p50 = stats_quantile_sorted(x, n, 0.50);
	out->p90 = stats_quantile_sorted(x, n, 0.90);
	out->p99 = stats_quantile_sorted(x, n, 0.99);
	out->p999 = stats_quantile_sorted(x, n, 0.999);
	out->mean = mean;
	out->stddev = n > 1 ? sqrt(m2 / (double)(n - 1)) : 0;
}

int stats_summary(const uint64_t *v, size_t n, struct summary *out)
{
	double *x;
	size_t i;

	if (n > SIZE_MAX / sizeof(*x))
		return -ENOMEM;
	x = malloc((n ? n : 1) * sizeof(*x));
	if (!x)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		x[i] = (double)v[i];
	stats_summary_sort(x, n, out);
	free(x);
	return 0;
}
