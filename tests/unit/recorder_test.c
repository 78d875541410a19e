// SPDX-License-Identifier: GPL-2.0-only
/*
 * Histograms and the bounded recorder: every value lands in the bucket
 * whose range holds it, and percentiles read from a histogram stay within
 * 1% of the exact type-7 percentiles of the same values.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hist.h"
#include "recorder.h"
#include "stats.h"
#include "t.h"

static uint64_t rng = 88172645463325252ULL;

static uint64_t xorshift(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* why v does not belong in its bucket, or NULL */
static const char *bucket_wrong(uint64_t v)
{
	unsigned int b = hist_bucket(v);
	uint64_t lo, next;

	if (b >= HIST_BUCKETS)
		return "no such bucket";
	lo = hist_bucket_low(b);
	if (lo > v)
		return "the bucket starts above it";
	if (b + 1 < HIST_BUCKETS) {
		next = hist_bucket_low(b + 1);
		if (v >= next)
			return "not below the next bucket";
		/* a bucket is at most 1/128 of its values wide */
		if (lo >= HIST_SUB && (next - lo) * HIST_SUB > lo)
			return "the bucket is too wide";
	}
	return NULL;
}

/*
 * A bucket is at most 1/128 of its values wide and a percentile is read
 * as its midpoint: within 1/256 of the exact value (0.4%, bench/README's).
 */
static void rel_close(const char *what, double got, double want)
{
	T_CHECK(fabs(got - want) <= want / 256.0, "%s: %.1f vs exact %.1f",
		what, got, want);
}

int main(void)
{
	static const uint64_t edges[] = {
		0,	   1,	127,  128,   129,   255,
		256,	   257, 1000, 65535, 65536, (1ULL << 40) + 12345,
		UINT64_MAX
	};
	enum { N = 200000 };
	struct summary exact, approx;
	struct record r;
	uint64_t *v, x, first = 0;
	const char *why, *w;
	json_t *m;
	size_t i, bad;

	for (i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
		why = bucket_wrong(edges[i]);
		T_CHECK(!why, "%llu: %s", (unsigned long long)edges[i], why);
	}
	/* one check for them all, naming the first value that fails */
	why = NULL;
	for (i = 0, bad = 0; i < 100000; i++) {
		x = xorshift() >> (xorshift() % 64);
		if ((w = bucket_wrong(x)) && !bad++) {
			first = x;
			why = w;
		}
	}
	T_CHECK(!bad, "%zu random values misplaced, the first %llu: %s", bad,
		(unsigned long long)first, why);

	/* latency-like values: a wide, skewed spread from 1us to ~1s */
	v = malloc(N * sizeof(*v));
	record_init(&r, 1000);
	for (i = 0, bad = 0; i < N; i++) {
		v[i] = 1000 + (xorshift() % 1000) * (1ULL << (xorshift() % 20));
		bad += record_add(&r, v[i]) != 0;
	}
	T_CHECK(!bad, "record_add failed %zu times", bad);
	T_CHECK(record_n(&r) == N, "n %zu", record_n(&r));
	T_CHECK(r.h && !r.s.v, "past the cap it holds a histogram");
	stats_summary(v, N, &exact);
	hist_summary(r.h, &approx);
	T_CHECK(approx.n == N, "n");
	T_CHECK(approx.min == exact.min && approx.max == exact.max,
		"min/max exact");
	rel_close("mean", approx.mean, exact.mean);
	rel_close("p50", approx.p50, exact.p50);
	rel_close("p90", approx.p90, exact.p90);
	rel_close("p99", approx.p99, exact.p99);
	rel_close("p999", approx.p999, exact.p999);
	rel_close("stddev", approx.stddev, exact.stddev);

	m = record_metric(&r, "ns");
	T_CHECK(m && json_object_get(m, "histogram") &&
			!json_object_get(m, "samples"),
		"histogram metric");
	T_CHECK(!strcmp(json_string_value(json_object_get(m, "recorded_as")),
			"histogram"),
		"recorded_as");
	T_CHECK(json_integer_value(json_object_get(
			json_object_get(m, "summary"), "n")) == N,
		"summary n");
	json_decref(m);
	record_free(&r);

	/* under the cap: raw samples, exact summary */
	record_init(&r, 1000);
	for (i = 0; i < 10; i++)
		record_add(&r, v[i]);
	m = record_metric(&r, "ns");
	T_CHECK(json_array_size(json_object_get(m, "samples")) == 10,
		"samples kept");
	T_CHECK(!strcmp(json_string_value(json_object_get(m, "recorded_as")),
			"samples"),
		"recorded_as samples");
	json_decref(m);
	record_free(&r);
	free(v);
	return t_done();
}
