/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Two-sample statistics for 'daxbench compare': the Mann-Whitney U test,
 * a bootstrap confidence interval of the ratio of two medians (of one
 * sample per side, or of several runs per side with a two-level
 * bootstrap), Student's t test and a permutation test of the means (of
 * per-run medians). The least-squares line and the ratio of two slopes
 * are twosample-fit.h's. Every random draw comes from the small seeded
 * PRNG of twosample-rng.h, so that the same input always prints the
 * same output, on every machine and libc.
 */
#ifndef DAXBENCH_TWOSAMPLE_H
#define DAXBENCH_TWOSAMPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- twosample.c: Mann-Whitney U, the bootstrap of medians ---------- */

/* Both sides at most this large and no ties: the exact U distribution. */
#define TWOSAMPLE_MWU_EXACT_MAX 50
/* Larger samples: median replicates from the asymptotic rank draw. */
#define TWOSAMPLE_BOOT_RESAMPLE_MAX 5000
#define TWOSAMPLE_BOOT_REPS 2000
#define TWOSAMPLE_BOOT_SEED 0xdaba5eedc0ffeeULL

enum twosample_mwu_method {
	TWOSAMPLE_MWU_EXACT, /* exact null distribution, no ties */
	TWOSAMPLE_MWU_NORMAL, /* normal, tie and continuity corrected */
};

struct twosample_mwu {
	double u; /* U of the first sample (scipy's U1) */
	double z; /* NaN for the exact method */
	double p; /* two-sided */
	bool ties;
	enum twosample_mwu_method method;
};

/**
 * twosample_mwu() - two-sided Mann-Whitney U test of sorted @x against
 * sorted @y (ascending; NaN not allowed).
 *
 * Without ties and with both samples at most TWOSAMPLE_MWU_EXACT_MAX long,
 * p is exact: 2 * P(U >= max(U1, U2)) under H0, capped at 1 (scipy's
 * method="exact"). Otherwise the normal approximation with the tie
 * correction of the variance and a continuity correction of 0.5 (scipy's
 * method="asymptotic", use_continuity=True). All values equal: p = 1.
 * Both samples sorted lets the ranks come from one merge, O(nx + ny),
 * which keeps 10^6 samples a side cheap.
 *
 * Return: 0, or -EINVAL when either sample is empty, -ENOMEM.
 */
int twosample_mwu(const double *x, size_t nx, const double *y, size_t ny,
		  struct twosample_mwu *out);

struct twosample_ci {
	double est; /* the ratio of the sample medians */
	double lo, hi; /* percentile interval */
};

/**
 * twosample_ratio() - @num / @den as compare reads it: 1 when both are 0
 * (nothing changed), +inf when only @den is 0.
 */
double twosample_ratio(double num, double den);

/** twosample_sort() - sort @n doubles ascending, in place. */
void twosample_sort(double *v, size_t n);

/**
 * twosample_boot_median_ratio() - bootstrap percentile CI of
 * median(@y) / median(@x), both sorted ascending.
 * @level: the coverage, 0.95 for a 95% interval.
 * @seed: PRNG seed; TWOSAMPLE_BOOT_SEED in compare, so reruns agree.
 *
 * TWOSAMPLE_BOOT_REPS replicates. A side of at most TWOSAMPLE_BOOT_RESAMPLE_MAX
 * values is resampled with replacement (the median of each resample is
 * found by counting, O(n), no sort). A larger side draws the replicate
 * median directly as the type-7 quantile at 0.5 + Z / (2 sqrt(n)), Z
 * standard normal: the bootstrap distribution of a median from n
 * values is asymptotically that rank, so 10^6 samples cost O(1) per
 * replicate instead of O(n).
 *
 * Return: 0, -EINVAL (an empty side), -ENOMEM.
 */
int twosample_boot_median_ratio(const double *x, size_t nx, const double *y,
				size_t ny, double level, uint64_t seed,
				struct twosample_ci *out);

/**
 * twosample_boot_median_ratio_runs() - two-level bootstrap percentile CI of
 * median(pooled y) / median(pooled x), where each side is @rx (@ry) runs
 * of samples, run i holding @nx[i] sorted values. A replicate draws rx
 * runs with replacement, then resamples each drawn run's samples with
 * replacement, and takes the median of the pooled draw: the spread
 * between runs, not only within them, widens the interval.
 * A run longer than TWOSAMPLE_BOOT_RESAMPLE_MAX stands in as that many
 * evenly spaced order statistics, which overstates its own sampling
 * noise a little (the safe side) and keeps a replicate O(runs * 5000).
 * @out->est is the ratio of the medians of all samples pooled.
 *
 * Return: 0, -EINVAL (a side with no runs or no samples), -ENOMEM.
 */
int twosample_boot_median_ratio_runs(const double *const *x, const size_t *nx,
				     size_t rx, const double *const *y,
				     const size_t *ny, size_t ry, double level,
				     uint64_t seed, struct twosample_ci *out);

/* ---- twosample-student.c: Student's t ------------------------------- */

struct twosample_t {
	double diff; /* mean(y) - mean(x) */
	double sd; /* pooled standard deviation */
	double se; /* of diff */
	double t;
	size_t df; /* nx + ny - 2 */
	double p; /* two-sided */
};

/**
 * twosample_ttest() - Student's two-sample t test with pooled variance
 * (R: t.test(y, x, var.equal = TRUE)). Pooling lets a side of one value
 * take part when the other has several. No spread at all: p = 1 when
 * the means are equal, 0 otherwise.
 * Return: 0, -EINVAL when nx + ny < 3 or a side is empty.
 */
int twosample_ttest(const double *x, size_t nx, const double *y, size_t ny,
		    struct twosample_t *out);

/** twosample_t_p2() - two-sided p of Student's t at @t with @df degrees. */
double twosample_t_p2(double t, double df);

/** twosample_t975() - the 0.975 quantile of Student's t with @df (>= 1). */
double twosample_t975(size_t df);

/* ---- twosample-perm.c: the permutation test -------------------------- */

/* Splits enumerated exactly up to this many; beyond, seeded draws. */
#define TWOSAMPLE_PERM_EXACT_MAX 200000

struct twosample_perm {
	double diff; /* mean(y) - mean(x) */
	double p; /* two-sided; never 0 */
	/*
	 * The smallest p any values could give with these sizes: 1 / splits
	 * (2 / splits when nx == ny, where swapping the groups ties). At or
	 * above alpha, no data could show a change: too few runs.
	 */
	double p_floor;
	bool exact; /* every split counted, not a seeded sample of them */
};

/**
 * twosample_perm_test() - two-sided permutation test of the difference of
 * the means of @x and @y, for a handful of values a side (per-run
 * medians), where Student's t has too few degrees of freedom or no
 * spread to work with. Every split of the nx + ny values into groups of
 * nx and ny is counted when there are at most TWOSAMPLE_PERM_EXACT_MAX of
 * them; otherwise TWOSAMPLE_BOOT_REPS splits drawn with @seed, p = (k + 1)
 * / (draws + 1). p is the share of splits whose |difference| reaches
 * the observed one, so it is never 0.
 * Return: 0, -EINVAL when a side is empty.
 */
int twosample_perm_test(const double *x, size_t nx, const double *y, size_t ny,
			uint64_t seed, struct twosample_perm *out);

#endif
