// SPDX-License-Identifier: GPL-2.0-only
/*
 * Least squares (see twosample-fit.h): the fitted line with the
 * confidence interval of its slope, and the wild bootstrap of the ratio
 * of two slopes that compare reads a scan-cost sweep with.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "twosample-fit.h"
#include "twosample-rng.h"
#include "twosample.h"

int twosample_linfit(const double *x, const double *y, size_t n,
		     struct twosample_fit *out)
{
	double mx = 0, my = 0, sxx = 0, sxy = 0, syy = 0, sse, t;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->n = n;
	if (n < 2)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		mx += x[i];
		my += y[i];
	}
	mx /= (double)n;
	my /= (double)n;
	for (i = 0; i < n; i++) {
		sxx += (x[i] - mx) * (x[i] - mx);
		sxy += (x[i] - mx) * (y[i] - my);
		syy += (y[i] - my) * (y[i] - my);
	}
	if (sxx == 0)
		return -EDOM;
	out->b = sxy / sxx;
	out->a = my - out->b * mx;
	sse = syy - out->b * sxy;
	if (sse < 0)
		sse = 0; /* rounding on a perfect fit */
	out->r2 = syy > 0 ? 1 - sse / syy : 1;
	if (n < 3) {
		out->se_b = out->b_lo = out->b_hi = NAN;
		return 0;
	}
	out->se_b = sqrt(sse / (double)(n - 2) / sxx);
	t = twosample_t975(n - 2);
	out->b_lo = out->b - t * out->se_b;
	out->b_hi = out->b + t * out->se_b;
	return 0;
}

/* One side of a slope replicate: fit, residuals, refit. */
struct slope_side {
	const double *x, *y, *se;
	size_t n;
	double *fit, *res, *ys;
	double b;
};

static int slope_side_init(struct slope_side *s, const double *x,
			   const double *y, const double *se, size_t n)
{
	struct twosample_fit f;
	size_t i;
	int rc;

	memset(s, 0, sizeof(*s));
	rc = twosample_linfit(x, y, n, &f);
	if (rc)
		return rc == -EDOM ? -EINVAL : rc;
	s->x = x;
	s->y = y;
	s->se = se;
	s->n = n;
	s->b = f.b;
	s->fit = malloc(3 * n * sizeof(*s->fit));
	if (!s->fit)
		return -ENOMEM;
	s->res = s->fit + n;
	s->ys = s->res + n;
	for (i = 0; i < n; i++) {
		s->fit[i] = f.a + f.b * x[i];
		s->res[i] = y[i] - s->fit[i];
	}
	return 0;
}

/* A replicate slope; false when the refit fails. */
static bool slope_side_draw(struct slope_side *s, struct twosample_rng *r,
			    double *b)
{
	struct twosample_fit f;
	size_t i;

	for (i = 0; i < s->n; i++) {
		double sign = twosample_rng_next(r) >> 63 ? 1 : -1;

		s->ys[i] = s->fit[i] + sign * s->res[i];
		if (s->se)
			s->ys[i] += s->se[i] * twosample_rng_normal(r);
	}
	if (twosample_linfit(s->x, s->ys, s->n, &f))
		return false;
	*b = f.b;
	return true;
}

int twosample_boot_slope_ratio(const double *xb, const double *yb,
			       const double *seb, size_t nb, const double *xn,
			       const double *yn, const double *sen, size_t nn,
			       double level, uint64_t seed,
			       struct twosample_ci *out, double *p)
{
	struct slope_side b, n;
	struct twosample_rng r;
	size_t i, k = 0, below = 0, above = 0;
	double *rep, bb, bn;
	int rc;

	memset(&n, 0, sizeof(n));
	rc = slope_side_init(&b, xb, yb, seb, nb);
	if (!rc)
		rc = slope_side_init(&n, xn, yn, sen, nn);
	rep = rc ? NULL : malloc(TWOSAMPLE_BOOT_REPS * sizeof(*rep));
	if (!rc && !rep)
		rc = -ENOMEM;
	if (rc)
		goto out;
	twosample_rng_seed(&r, seed);
	for (i = 0; i < TWOSAMPLE_BOOT_REPS; i++) {
		if (!slope_side_draw(&b, &r, &bb) ||
		    !slope_side_draw(&n, &r, &bn))
			continue;
		rep[k] = twosample_ratio(bn, bb);
		below += rep[k] <= 1;
		above += rep[k] >= 1;
		k++;
	}
	out->est = twosample_ratio(n.b, b.b);
	out->lo = out->hi = NAN;
	if (k) {
		twosample_sort(rep, k);
		out->lo = stats_quantile_sorted(rep, k, (1 - level) / 2);
		out->hi = stats_quantile_sorted(rep, k, (1 + level) / 2);
	}
	if (p)
		*p = k ? fmin(1, fmax(2.0 *
					      (double)(below < above ? below :
								       above) /
					      (double)k,
				      2.0 / (TWOSAMPLE_BOOT_REPS + 1))) :
			 NAN;
out:
	free(rep);
	free(b.fit);
	free(n.fit);
	return rc;
}
