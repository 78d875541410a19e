/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Least squares for 'daxbench compare' and plot (twosample-fit.c): a
 * line fitted to a sweep with the confidence interval of its slope, and
 * a bootstrap interval of the ratio of two such slopes (a base and a new
 * sweep), drawn with the seeded PRNG of twosample-rng.h.
 */
#ifndef DAXBENCH_TWOSAMPLE_FIT_H
#define DAXBENCH_TWOSAMPLE_FIT_H

#include <stddef.h>
#include <stdint.h>

struct twosample_ci; /* twosample.h */

struct twosample_fit {
	size_t n;
	double a, b; /* y = a + b x */
	double se_b; /* standard error of b; NaN for n < 3 */
	double b_lo, b_hi; /* 95% CI of b (Student t, n - 2 df) */
	double r2;
};

/**
 * twosample_linfit() - ordinary least squares of @y on @x.
 * Return: 0; -EINVAL for n < 2; -EDOM when all x are equal.
 */
int twosample_linfit(const double *x, const double *y, size_t n,
		     struct twosample_fit *out);

/**
 * twosample_boot_slope_ratio() - bootstrap percentile CI of the ratio of
 * two fitted slopes, b(@yn on @xn) / b(@yb on @xb), as compare reads a
 * scan-cost sweep. Each replicate refits both lines to y*_i = fit_i +
 * e_i v_i + @se_i Z_i: the residual e_i with a random sign v_i (wild
 * bootstrap: the scatter about the line, between runs too) and the
 * sampling noise @se_i of the point's median (Z standard normal). The
 * residual already holds some of that noise, so the interval errs
 * wide, which is the side compare wants to err on. @se may be NULL.
 * @out->est is the ratio of the two fits; @p (may be NULL) is the
 * two-sided bootstrap p of "ratio = 1": twice the smaller share of
 * replicates on either side of 1, at least 2 / (TWOSAMPLE_BOOT_REPS + 1).
 * Replicates where a fit fails are left out.
 * Return: 0; -EINVAL (a side with fewer than 2 points or all x equal),
 * -ENOMEM.
 */
int twosample_boot_slope_ratio(const double *xb, const double *yb,
			       const double *seb, size_t nb, const double *xn,
			       const double *yn, const double *sen, size_t nn,
			       double level, uint64_t seed,
			       struct twosample_ci *out, double *p);

#endif
