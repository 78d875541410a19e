// SPDX-License-Identifier: GPL-2.0-only
/*
 * The permutation test of the difference of two means (see
 * twosample_perm_test() in twosample.h), for a handful of per-run
 * medians a side: every split of the values counted when there are few
 * enough, else seeded draws of them (twosample-rng.c).
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "twosample-rng.h"
#include "twosample.h"

/* C(n, k) as a double: exact far beyond the splits counted exactly. */
static double binom(size_t n, size_t k)
{
	double c = 1;
	size_t i;

	if (k > n - k)
		k = n - k;
	for (i = 1; i <= k; i++)
		c = c * (double)(n - k + i) / (double)i;
	return c;
}

/* |mean of the @k values @all[idx] - mean of the others| */
static double split_diff(const double *all, size_t n, const size_t *idx,
			 size_t k, double total)
{
	double sx = 0;
	size_t i;

	for (i = 0; i < k; i++)
		sx += all[idx[i]];
	return fabs((total - sx) / (double)(n - k) - sx / (double)k);
}

/* The next k-subset of [0, n) in lexicographic order; false after last. */
static bool next_subset(size_t *idx, size_t k, size_t n)
{
	size_t i = k;

	while (i > 0 && idx[i - 1] == n - k + i - 1)
		i--;
	if (!i)
		return false;
	idx[i - 1]++;
	for (; i < k; i++)
		idx[i] = idx[i - 1] + 1;
	return true;
}

int twosample_perm_test(const double *x, size_t nx, const double *y, size_t ny,
			uint64_t seed, struct twosample_perm *out)
{
	size_t n = nx + ny, i, j, hits = 0, draws = 0, *idx;
	double *all, total = 0, sx = 0, obs, splits, tol;
	struct twosample_rng rng;

	memset(out, 0, sizeof(*out));
	if (!nx || !ny)
		return -EINVAL;
	all = malloc(n * sizeof(*all));
	idx = malloc(n * sizeof(*idx));
	if (!all || !idx) {
		free(all);
		free(idx);
		return -ENOMEM;
	}
	memcpy(all, x, nx * sizeof(*all));
	memcpy(all + nx, y, ny * sizeof(*all));
	for (i = 0; i < n; i++)
		total += all[i];
	for (i = 0; i < nx; i++)
		idx[i] = i;
	obs = split_diff(all, n, idx, nx, total);
	for (i = 0; i < nx; i++)
		sx += x[i];
	out->diff = (total - sx) / (double)ny - sx / (double)nx;
	/* equal splits summed in another order must still count as equal */
	tol = obs * (1 - 1e-9);
	splits = binom(n, nx);
	out->exact = splits <= TWOSAMPLE_PERM_EXACT_MAX;
	if (out->exact) {
		do {
			hits += split_diff(all, n, idx, nx, total) >= tol;
			draws++;
		} while (next_subset(idx, nx, n));
		out->p = (double)hits / (double)draws;
	} else {
		twosample_rng_seed(&rng, seed);
		for (draws = 0; draws < TWOSAMPLE_BOOT_REPS; draws++) {
			/* a partial Fisher-Yates shuffle picks nx of n */
			for (i = 0; i < n; i++)
				idx[i] = i;
			for (i = 0; i < nx; i++) {
				size_t t;

				j = i + twosample_rng_below(&rng, n - i);
				t = idx[i];
				idx[i] = idx[j];
				idx[j] = t;
			}
			hits += split_diff(all, n, idx, nx, total) >= tol;
		}
		out->p = (double)(hits + 1) / (double)(draws + 1);
	}
	out->p_floor = (nx == ny ? 2 : 1) / splits;
	if (!out->exact)
		out->p_floor =
			fmax(out->p_floor, 1.0 / (TWOSAMPLE_BOOT_REPS + 1));
	free(all);
	free(idx);
	return 0;
}
