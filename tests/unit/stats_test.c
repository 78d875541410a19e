// SPDX-License-Identifier: GPL-2.0-only
/*
 * stats_summary() against figures computed independently. The expected
 * numbers below came from Python 3's statistics module, whose
 * quantiles(method="inclusive") is Hyndman-Fan type 7:
 *   p50  = quantiles(d, n=2,    method="inclusive")[0]
 *   p90  = quantiles(d, n=10,   method="inclusive")[8]
 *   p99  = quantiles(d, n=100,  method="inclusive")[98]
 *   p999 = quantiles(d, n=1000, method="inclusive")[998]
 *   mean = fmean(d), stddev = stdev(d)   (sample, n - 1)
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "stats.h"
#include "t.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* relative 1e-9, or within @abs_tol when that is given */
static int near(double got, double want, double abs_tol)
{
	if (abs_tol > 0)
		return fabs(got - want) <= abs_tol;
	return fabs(got - want) <= 1e-9 * fmax(1.0, fabs(want));
}

static int close_to(double got, double want)
{
	return near(got, want, 0);
}

struct expect {
	double min, p50, p90, p99, p999, max, mean, stddev;
};

static void check(const char *name, const uint64_t *v, size_t n,
		  const struct expect *e, double abs_tol)
{
	struct summary s;

	T_CHECK(stats_summary(v, n, &s) == 0, "%s: summary failed", name);
	T_CHECK(s.n == n, "%s: n %zu", name, s.n);
#define F(f)                                                              \
	T_CHECK(near(s.f, e->f, abs_tol), "%s: " #f " %.17g, want %.17g", \
		name, s.f, e->f)
	F(min);
	F(p50);
	F(p90);
	F(p99);
	F(p999);
	F(max);
	F(mean);
	F(stddev);
#undef F
}

int main(void)
{
	/* repeated values in the middle and at the low end */
	static const uint64_t ties[] = { 5, 1, 3, 3, 3, 9, 7, 3, 1, 10 };
	static const struct expect ties_e = {
		1, 3.0, 9.1, 9.91, 9.991, 10, 4.5, 3.1710495984067415
	};
	/* 37 values of an LCG (x = x * 1103515245 + 12345 mod 2^31) % 10^6 */
	static const uint64_t spread[] = {
		932606, 583775, 466924, 283573, 335178, 550459, 799192, 471793,
		188310, 550167, 930244, 913197, 546082, 971571, 770928, 308585,
		212846, 984527, 490780, 235941, 853562, 588075, 207304, 497953,
		568710, 612807, 280756, 911645, 38354,	727075, 572000, 489753,
		976734, 630783, 991756, 424789, 518314,
	};
	static const struct expect spread_e = {
		38354,	    550459.0, 948192.0,		 989153.56,
		991495.756, 991756,   578839.1351351351, 264827.291826533,
	};
	static const uint64_t two[] = { 20, 10 };
	static const struct expect two_e = {
		10, 15.0, 19.0, 19.9, 19.99, 20, 15.0, 7.0710678118654755
	};
	static const uint64_t same[] = { 7, 7, 7, 7, 7 };
	static const struct expect same_e = { 7, 7, 7, 7, 7, 7, 7, 0 };
	static const uint64_t one[] = { 42 };
	static const struct expect one_e = { 42, 42, 42, 42, 42, 42, 42, 0 };
	/*
	 * Large values a little apart: a naive sum of squares (3e24) has no
	 * bits left for a variance of 4; stdev() of these is exactly 2.
	 * Type 7 gives 1e12 + (n - 1) q * 2 = 1e12 + 4q for each q.
	 */
	static const uint64_t big[] = { 1000000000000ULL, 1000000000002ULL,
					1000000000004ULL };
	static const struct expect big_e = { 1e12,	   1e12 + 2,
					     1e12 + 3.6,   1e12 + 3.96,
					     1e12 + 3.996, 1e12 + 4,
					     1e12 + 2,	   2 };
	uint64_t copy[N(ties)];
	struct samples sm = { 0 };
	struct summary s;
	double sorted[] = { 1, 2, 4, 8 };
	size_t i;
	int rc = 0;

	check("ties", ties, N(ties), &ties_e, 0);
	check("spread", spread, N(spread), &spread_e, 0);
	check("two", two, N(two), &two_e, 0);
	check("identical", same, N(same), &same_e, 0);
	check("one", one, N(one), &one_e, 0);
	/* 1e12 is exact in a double; 0.001 ns is far below any ulp issue */
	check("big", big, N(big), &big_e, 0.001);

	/* the input is not sorted in place */
	memcpy(copy, ties, sizeof(copy));
	stats_summary(copy, N(copy), &s);
	T_CHECK(!memcmp(copy, ties, sizeof(copy)), "input was modified");

	/* n = 0 is "no value", never 0 */
	T_CHECK(stats_summary(NULL, 0, &s) == 0, "empty summary failed");
	T_CHECK(s.n == 0, "empty n %zu", s.n);
	T_CHECK(isnan(s.min) && isnan(s.p50) && isnan(s.p90) && isnan(s.p99) &&
			isnan(s.p999) && isnan(s.max) && isnan(s.mean) &&
			isnan(s.stddev),
		"empty summary has a number: min %g mean %g", s.min, s.mean);

	/* the quantile edges and one interpolation: (4-1)*0.5 = 1.5 */
	T_CHECK(stats_quantile_sorted(sorted, 4, 0) == 1, "q0");
	T_CHECK(stats_quantile_sorted(sorted, 4, 1) == 8, "q1");
	T_CHECK(stats_quantile_sorted(sorted, 4, 0.5) == 3, "q.5 %g",
		stats_quantile_sorted(sorted, 4, 0.5));
	T_CHECK(close_to(stats_quantile_sorted(sorted, 4, 0.9), 6.8), "q.9 %g",
		stats_quantile_sorted(sorted, 4, 0.9));
	T_CHECK(isnan(stats_quantile_sorted(sorted, 0, 0.5)), "q of nothing");

	/* samples grow past their first allocation and keep their order */
	for (i = 0; i < 1000 && !rc; i++)
		rc = samples_add(&sm, i * 3);
	T_CHECK(rc == 0, "samples_add: %d", rc);
	T_CHECK(sm.n == 1000 && sm.cap >= 1000, "n %zu cap %zu", sm.n, sm.cap);
	T_CHECK(sm.v[0] == 0 && sm.v[999] == 2997, "order lost: %llu",
		(unsigned long long)sm.v[999]);
	samples_free(&sm);
	T_CHECK(!sm.v && !sm.n && !sm.cap, "samples_free left state");
	return t_done();
}
