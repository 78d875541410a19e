// SPDX-License-Identifier: GPL-2.0-only
/*
 * Log-linear histogram (see hist.h). Values below HIST_SUB have a bucket
 * each; above, every power of two [2^e, 2^(e+1)) is cut into HIST_SUB equal
 * buckets, which bounds the relative error without knowing the range.
 */
#include <math.h>
#include <string.h>

#include "hist.h"

void hist_init(struct hist *h)
{
	memset(h, 0, sizeof(*h));
	h->min = UINT64_MAX;
}

unsigned int hist_bucket(uint64_t v)
{
	unsigned int e;

	if (v < HIST_SUB)
		return (unsigned int)v;
	e = 63 - (unsigned int)__builtin_clzll(v); /* e >= HIST_SUB_BITS */
	return (e - HIST_SUB_BITS + 1) * HIST_SUB +
	       (unsigned int)((v >> (e - HIST_SUB_BITS)) & (HIST_SUB - 1));
}

uint64_t hist_bucket_low(unsigned int b)
{
	unsigned int e;

	if (b < HIST_SUB)
		return b;
	e = b / HIST_SUB + HIST_SUB_BITS - 1;
	return (1ULL << e) + ((uint64_t)(b % HIST_SUB) << (e - HIST_SUB_BITS));
}

uint64_t hist_bucket_width(unsigned int b)
{
	if (b < HIST_SUB)
		return 1;
	return 1ULL << (b / HIST_SUB - 1);
}

void hist_add(struct hist *h, uint64_t v)
{
	h->count[hist_bucket(v)]++;
	h->n++;
	if (v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
	h->sum += v;
	h->sumsq += (long double)v * v;
}

void hist_merge(struct hist *dst, const struct hist *src)
{
	unsigned int i;

	if (!src->n)
		return;
	for (i = 0; i < HIST_BUCKETS; i++)
		dst->count[i] += src->count[i];
	dst->n += src->n;
	dst->sum += src->sum;
	dst->sumsq += src->sumsq;
	if (src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
}

/* The value at 0-based rank @r: the midpoint of its bucket, clamped. */
static double value_at_rank(const struct hist *h, uint64_t r)
{
	uint64_t seen = 0;
	unsigned int b;

	for (b = 0; b < HIST_BUCKETS; b++) {
		seen += h->count[b];
		if (seen > r) {
			double mid = (double)hist_bucket_low(b) +
				     (double)(hist_bucket_width(b) - 1) / 2;

			if (mid < (double)h->min)
				mid = (double)h->min;
			if (mid > (double)h->max)
				mid = (double)h->max;
			return mid;
		}
	}
	return (double)h->max;
}

/* Type-7 quantile on the bucketed values, as stats_quantile_sorted(). */
static double hist_quantile(const struct hist *h, double q)
{
	double pos = q * (double)(h->n - 1);
	uint64_t lo = (uint64_t)pos;
	double frac = pos - (double)lo, a = value_at_rank(h, lo);

	if (frac == 0 || lo + 1 >= h->n)
		return a;
	return a + frac * (value_at_rank(h, lo + 1) - a);
}

void hist_summary(const struct hist *h, struct summary *out)
{
	long double mean, var;

	memset(out, 0, sizeof(*out));
	out->n = h->n;
	if (!h->n) {
		out->min = out->p50 = out->p90 = out->p99 = out->p999 = NAN;
		out->max = out->mean = out->stddev = NAN;
		return;
	}
	out->min = (double)h->min;
	out->max = (double)h->max;
	out->p50 = hist_quantile(h, 0.50);
	out->p90 = hist_quantile(h, 0.90);
	out->p99 = hist_quantile(h, 0.99);
	out->p999 = hist_quantile(h, 0.999);
	mean = h->sum / h->n;
	out->mean = (double)mean;
	var = h->n > 1 ? (h->sumsq - h->n * mean * mean) / (h->n - 1) : 0;
	out->stddev = var > 0 ? sqrt((double)var) : 0;
}

json_t *hist_to_json(const struct hist *h)
{
	json_t *b = json_array();
	unsigned int i;

	if (!b)
		return NULL;
	for (i = 0; i < HIST_BUCKETS; i++) {
		if (!h->count[i])
			continue;
		if (json_array_append_new(
			    b,
			    json_pack("[I,I]", (json_int_t)hist_bucket_low(i),
				      (json_int_t)h->count[i]))) {
			json_decref(b);
			return NULL;
		}
	}
	/* "o" hands b over to the new object, also when packing fails */
	return json_pack("{s:s,s:i,s:o}", "scheme", "log-linear", "sub_buckets",
			 HIST_SUB, "buckets", b);
}
