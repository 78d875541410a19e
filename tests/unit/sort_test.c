// SPDX-License-Identifier: GPL-2.0-only
/*
 * sort_double() and sort_nth() against qsort() on the same values: many
 * ties (integer nanoseconds), negatives, signed zeros and infinities, and
 * sizes around the insertion cut-off; stats_quantile_select() must give
 * stats_quantile_sorted()'s value bit for bit, which compare's output
 * being byte-identical rests on.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sort.h"
#include "stats.h"
#include "t.h"

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	/* -0.0 before 0.0, as sort_double() orders them */
	if (x == y)
		return signbit(y) - signbit(x);
	return (x > y) - (x < y);
}

static uint64_t lcg(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 33;
}

/* @n values of kind @k: 0 lognormal-ish ns, 1 few distinct, 2 mixed sign */
static void fill(double *v, size_t n, int k, uint64_t seed)
{
	static const double odd[] = { -0.0,	 0.0,	 INFINITY,
				      -INFINITY, -1e300, 1e-300 };
	size_t i;

	for (i = 0; i < n; i++) {
		uint64_t r = lcg(&seed);

		if (k == 0)
			v[i] = floor(50000 * exp((double)(r % 1000) / 500 - 1));
		else if (k == 1)
			v[i] = (double)(r % 7);
		else
			v[i] = i % 17 ? ((double)(r % 20001) - 10000) / 3 :
					odd[r % 6];
	}
}

static int same_bits(const double *a, const double *b, size_t n)
{
	return !memcmp(a, b, n * sizeof(*a));
}

int main(void)
{
	static const size_t sizes[] = { 0, 1, 2, 47, 48, 49, 1000, 100000 };
	size_t s, k;

	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		for (k = 0; k < 3; k++) {
			size_t n = sizes[s];
			double *a = malloc((n + 1) * sizeof(*a));
			double *b = malloc((n + 1) * sizeof(*b));
			double *c = malloc((n + 1) * sizeof(*c));
			static const double qs[] = { 0,	     0.001, 0.25,  0.5,
						     0.5005, 0.9,   0.999, 1 };
			size_t q, bad = 0;

			fill(a, n, (int)k, 7 + n);
			memcpy(b, a, n * sizeof(*a));
			sort_double(a, n);
			qsort(b, n, sizeof(*b), cmp);
			T_CHECK(same_bits(a, b, n), "n %zu kind %zu: sorted", n,
				k);
			for (q = 0; n && q < sizeof(qs) / sizeof(qs[0]); q++) {
				double want =
					stats_quantile_sorted(b, n, qs[q]);
				double got;

				fill(c, n, (int)k, 7 + n);
				got = stats_quantile_select(c, n, qs[q]);
				if (memcmp(&got, &want, sizeof(got)) &&
				    !(isnan(got) && isnan(want)))
					bad++;
			}
			T_CHECK(!bad, "n %zu kind %zu: %zu quantiles differ", n,
				k, bad);
			if (n) {
				fill(c, n, (int)k, 7 + n);
				T_CHECK(sort_nth(c, n, n / 3) == b[n / 3],
					"n %zu kind %zu: nth", n, k);
			}
			free(a);
			free(b);
			free(c);
		}
	}
	return t_done();
}
