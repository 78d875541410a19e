// SPDX-License-Identifier: GPL-2.0-only
/*
 * The two-sample statistics of medians (see twosample.h): Mann-Whitney U
 * with exact and normal p-values, and the seeded bootstrap of the ratio
 * of medians (one- and two-level), with the small helpers every
 * twosample file uses (sorting, the ratio as compare reads it). The
 * other statistics have files of their own: Student's t
 * (twosample-student.c), the permutation test (twosample-perm.c), least
 * squares and slopes (twosample-fit.c) and the PRNG (twosample-rng.c).
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "sort.h"
#include "twosample-rng.h"
#include "twosample.h"

/* --- helpers ------------------------------------------------------- */

void twosample_sort(double *v, size_t n)
{
	sort_double(v, n);
}

double twosample_ratio(double num, double den)
{
	if (den == 0)
		return num == 0 ? 1.0 : INFINITY;
	return num / den;
}

/* --- Mann-Whitney U ------------------------------------------------ */

/*
 * Rank sum of x and the tie term sum(t^3 - t) from one merge of the two
 * sorted samples: a run of equal values takes the mean of its ranks.
 */
static void rank_merge(const double *x, size_t nx, const double *y, size_t ny,
		       double *rank_sum_x, double *tie_term)
{
	size_t i = 0, j = 0, pos = 0; /* ranks pos+1 .. pos+t */

	*rank_sum_x = 0;
	*tie_term = 0;
	while (i < nx || j < ny) {
		double v = i < nx && (j >= ny || x[i] <= y[j]) ? x[i] : y[j];
		size_t tx = 0, ty = 0, t;
		double mean_rank;

		while (i < nx && x[i] == v) {
			i++;
			tx++;
		}
		while (j < ny && y[j] == v) {
			j++;
			ty++;
		}
		t = tx + ty;
		mean_rank = (double)pos + ((double)t + 1) / 2;
		*rank_sum_x += mean_rank * (double)tx;
		if (t > 1)
			*tie_term +=
				(double)t * (double)t * (double)t - (double)t;
		pos += t;
	}
}

/*
 * P(U >= u) for sample sizes m and n under H0 with no ties. The number
 * of arrangements with U = k follows f(i, j, k) = f(i-1, j, k-j) +
 * f(i, j-1, k): adding an x above j y's adds j to U. Only additions, so
 * the relative error stays at rounding level even where the counts
 * (up to C(100, 50)) no longer fit 53 bits.
 */
static int mwu_exact_sf(size_t m, size_t n, double u, double *p)
{
	size_t mn = m * n, len = mn + 1, i, j, k;
	double *prev, *cur, total = 0, tail = 0;

	prev = calloc((n + 1) * len, sizeof(*prev));
	cur = calloc((n + 1) * len, sizeof(*cur));
	if (!prev || !cur) {
		free(prev);
		free(cur);
		return -ENOMEM;
	}
	for (j = 0; j <= n; j++)
		prev[j * len] = 1; /* i = 0: U is 0 */
	for (i = 1; i <= m; i++) {
		memset(cur, 0, (n + 1) * len * sizeof(*cur));
		cur[0] = 1; /* j = 0: U is 0 */
		for (j = 1; j <= n; j++) {
			double *c = cur + j * len, *left = cur + (j - 1) * len;
			const double *up = prev + j * len;

			for (k = 0; k <= i * j; k++)
				c[k] = left[k] + (k >= j ? up[k - j] : 0);
		}
		memcpy(prev, cur, (n + 1) * len * sizeof(*cur));
	}
	for (k = 0; k <= mn; k++) {
		total += prev[n * len + k];
		if ((double)k >= u - 1e-9)
			tail += prev[n * len + k];
	}
	free(prev);
	free(cur);
	*p = tail / total;
	return 0;
}

int twosample_mwu(const double *x, size_t nx, const double *y, size_t ny,
		  struct twosample_mwu *out)
{
	double rsx, tie, n1 = (double)nx, n2 = (double)ny, n = n1 + n2;
	double u1, u2, umax, mu, var;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!nx || !ny)
		return -EINVAL;
	rank_merge(x, nx, y, ny, &rsx, &tie);
	u1 = rsx - n1 * (n1 + 1) / 2;
	u2 = n1 * n2 - u1;
	umax = u1 > u2 ? u1 : u2;
	out->u = u1;
	out->ties = tie > 0;
	out->z = NAN;
	if (!out->ties && nx <= TWOSAMPLE_MWU_EXACT_MAX &&
	    ny <= TWOSAMPLE_MWU_EXACT_MAX) {
		out->method = TWOSAMPLE_MWU_EXACT;
		rc = mwu_exact_sf(nx, ny, umax, &out->p);
		if (rc)
			return rc;
		out->p = fmin(1.0, 2 * out->p);
		return 0;
	}
	out->method = TWOSAMPLE_MWU_NORMAL;
	mu = n1 * n2 / 2;
	var = n1 * n2 / 12 * ((n + 1) - tie / (n * (n - 1)));
	if (var <= 0) {
		out->p = 1; /* every value equal: no evidence at all */
		out->z = 0;
		return 0;
	}
	out->z = (umax - mu - 0.5) / sqrt(var);
	out->p = fmin(1.0, erfc(out->z / M_SQRT2)); /* 2 * sf(z) */
	return 0;
}

/* --- bootstrap ----------------------------------------------------- */

/*
 * One bootstrap replicate of the median of sorted @v. Small samples are
 * resampled: @cnt counts how often each index was drawn, and the type-7
 * median is read off the cumulative counts. Large ones use the
 * asymptotic rank draw documented in twosample.h.
 */
static double boot_median(const double *v, size_t n, size_t *cnt,
			  struct twosample_rng *r)
{
	size_t i, seen = 0, lo_rank = (n - 1) / 2, hi_rank = n / 2;
	double lo = NAN, q;

	if (n > TWOSAMPLE_BOOT_RESAMPLE_MAX) {
		q = 0.5 + twosample_rng_normal(r) / (2 * sqrt((double)n));
		return stats_quantile_sorted(v, n, fmin(1, fmax(0, q)));
	}
	memset(cnt, 0, n * sizeof(*cnt));
	for (i = 0; i < n; i++)
		cnt[twosample_rng_below(r, n)]++;
	for (i = 0; i < n; i++) {
		seen += cnt[i];
		if (isnan(lo) && seen > lo_rank)
			lo = v[i];
		if (seen > hi_rank)
			return (lo + v[i]) / 2;
	}
	return v[n - 1]; /* not reached: counts sum to n */
}

/* The percentile interval at @level of the bootstrap replicates @rep. */
static void percentile_interval(double *rep, double level,
				struct twosample_ci *out)
{
	twosample_sort(rep, TWOSAMPLE_BOOT_REPS);
	out->lo = stats_quantile_sorted(rep, TWOSAMPLE_BOOT_REPS,
					(1 - level) / 2);
	out->hi = stats_quantile_sorted(rep, TWOSAMPLE_BOOT_REPS,
					1 - (1 - level) / 2);
}

int twosample_boot_median_ratio(const double *x, size_t nx, const double *y,
				size_t ny, double level, uint64_t seed,
				struct twosample_ci *out)
{
	size_t cap = nx > ny ? nx : ny, i;
	struct twosample_rng r;
	size_t *cnt;
	double *rep;

	if (!nx || !ny)
		return -EINVAL;
	out->est = twosample_ratio(stats_quantile_sorted(y, ny, 0.5),
				   stats_quantile_sorted(x, nx, 0.5));
	if (cap > TWOSAMPLE_BOOT_RESAMPLE_MAX)
		cap = TWOSAMPLE_BOOT_RESAMPLE_MAX;
	cnt = malloc(cap * sizeof(*cnt));
	rep = malloc(TWOSAMPLE_BOOT_REPS * sizeof(*rep));
	if (!cnt || !rep) {
		free(cnt);
		free(rep);
		return -ENOMEM;
	}
	twosample_rng_seed(&r, seed);
	for (i = 0; i < TWOSAMPLE_BOOT_REPS; i++) {
		double mx = boot_median(x, nx, cnt, &r);
		double my = boot_median(y, ny, cnt, &r);

		rep[i] = twosample_ratio(my, mx);
	}
	percentile_interval(rep, level, out);
	free(cnt);
	free(rep);
	return 0;
}

/* --- two-level bootstrap ------------------------------------------ */

/* The @k-th smallest of @a (reordered): Wirth's selection, O(n). */
static double select_kth(double *a, size_t n, size_t k)
{
	ptrdiff_t l = 0, m = (ptrdiff_t)n - 1, kk = (ptrdiff_t)k;

	while (l < m) {
		double x = a[kk], t;
		ptrdiff_t i = l, j = m;

		do {
			while (a[i] < x)
				i++;
			while (x < a[j])
				j--;
			if (i <= j) {
				t = a[i];
				a[i++] = a[j];
				a[j--] = t;
			}
		} while (i <= j);
		if (j < kk)
			l = i;
		if (kk < i)
			m = j;
	}
	return a[kk];
}

/* The type-7 median of @a (reordered); n > 0. */
static double pool_median(double *a, size_t n)
{
	size_t k = (n - 1) / 2, i;
	double lo = select_kth(a, n, k), hi;

	if (n % 2)
		return lo;
	hi = a[k + 1];
	for (i = k + 2; i < n; i++) /* everything right of k is >= lo */
		if (a[i] < hi)
			hi = a[i];
	return (lo + hi) / 2;
}

struct runs {
	double **v; /* thinned copies, sorted */
	size_t *n, r, total, max;
};

static void runs_free(struct runs *s)
{
	size_t i;

	for (i = 0; s->v && i < s->r; i++)
		free(s->v[i]);
	free(s->v);
	free(s->n);
}

static int runs_init(struct runs *s, const double *const *v, const size_t *n,
		     size_t r)
{
	size_t i, j;

	memset(s, 0, sizeof(*s));
	s->v = calloc(r ? r : 1, sizeof(*s->v));
	s->n = calloc(r ? r : 1, sizeof(*s->n));
	if (!s->v || !s->n) {
		runs_free(s);
		return -ENOMEM;
	}
	s->r = r;
	for (i = 0; i < r; i++) {
		size_t m = n[i] > TWOSAMPLE_BOOT_RESAMPLE_MAX ?
				   TWOSAMPLE_BOOT_RESAMPLE_MAX :
				   n[i];

		s->v[i] = malloc((m ? m : 1) * sizeof(**s->v));
		if (!s->v[i]) {
			runs_free(s);
			return -ENOMEM;
		}
		for (j = 0; j < m; j++)
			s->v[i][j] =
				m == n[i] ?
					v[i][j] :
					stats_quantile_sorted(
						v[i], n[i],
						((double)j + 0.5) / (double)m);
		s->n[i] = m;
		s->total += n[i];
		if (m > s->max)
			s->max = m;
	}
	if (!s->total) {
		runs_free(s); /* callers free only what succeeded */
		return -EINVAL;
	}
	return 0;
}

/* One replicate: r runs drawn, each resampled, the pooled median. */
static double runs_replicate(const struct runs *s, double *pool,
			     struct twosample_rng *r)
{
	size_t i, j, k = 0;

	for (i = 0; i < s->r; i++) {
		size_t run = twosample_rng_below(r, s->r), m = s->n[run];

		for (j = 0; j < m; j++)
			pool[k++] = s->v[run][twosample_rng_below(r, m)];
	}
	if (!k) /* only empty runs drawn: fall back on one sample */
		for (i = 0; !k && i < s->r; i++)
			if (s->n[i])
				pool[k++] =
					s->v[i][twosample_rng_below(r, s->n[i])];
	return pool_median(pool, k);
}

/* The median of every value of every run, pooled (not thinned). */
static int pooled_median(const double *const *v, const size_t *n, size_t r,
			 size_t total, double *med)
{
	double *all = malloc(total * sizeof(*all));
	size_t i, k = 0;

	if (!all)
		return -ENOMEM;
	for (i = 0; i < r; i++) {
		memcpy(all + k, v[i], n[i] * sizeof(*all));
		k += n[i];
	}
	*med = pool_median(all, k);
	free(all);
	return 0;
}

int twosample_boot_median_ratio_runs(const double *const *x, const size_t *nx,
				     size_t rx, const double *const *y,
				     const size_t *ny, size_t ry, double level,
				     uint64_t seed, struct twosample_ci *out)
{
	struct runs sx, sy;
	double *pool = NULL, *rep = NULL, mx, my;
	struct twosample_rng r;
	size_t i;
	int rc;

	if (!rx || !ry)
		return -EINVAL;
	rc = runs_init(&sx, x, nx, rx);
	if (rc)
		return rc;
	rc = runs_init(&sy, y, ny, ry);
	if (rc) {
		runs_free(&sx);
		return rc;
	}
	rc = pooled_median(x, nx, rx, sx.total, &mx);
	if (!rc)
		rc = pooled_median(y, ny, ry, sy.total, &my);
	if (rc)
		goto out;
	out->est = twosample_ratio(my, mx);
	i = rx * sx.max > ry * sy.max ? rx * sx.max : ry * sy.max;
	pool = malloc(i * sizeof(*pool));
	rep = malloc(TWOSAMPLE_BOOT_REPS * sizeof(*rep));
	if (!pool || !rep) {
		rc = -ENOMEM;
		goto out;
	}
	twosample_rng_seed(&r, seed);
	for (i = 0; i < TWOSAMPLE_BOOT_REPS; i++) {
		double bx = runs_replicate(&sx, pool, &r);
		double by = runs_replicate(&sy, pool, &r);

		rep[i] = twosample_ratio(by, bx);
	}
	percentile_interval(rep, level, out);
out:
	free(pool);
	free(rep);
	runs_free(&sx);
	runs_free(&sy);
	return rc;
}
