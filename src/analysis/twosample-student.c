// SPDX-License-Identifier: GPL-2.0-only
/*
 * Student's t (see twosample.h): its two-sided p through the regularized
 * incomplete beta function, the table of its 0.975 quantile (for the
 * slope's interval in twosample-fit.c), and the pooled two-sample t test
 * compare runs on per-run medians.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "twosample.h"

/*
 * The continued fraction of the regularized incomplete beta function
 * (modified Lentz, as in Numerical Recipes' betacf): converges fast for
 * x < (a + 1) / (a + b + 2), which the caller arranges.
 */
static double beta_cf(double a, double b, double x)
{
	const double tiny = 1e-300;
	double c = 1, d = 1 - (a + b) * x / (a + 1), h;
	int m;

	d = 1 / (fabs(d) < tiny ? tiny : d);
	h = d;
	for (m = 1; m <= 300; m++) {
		double m2 = 2.0 * m, aa, del;

		aa = m * (b - m) * x / ((a - 1 + m2) * (a + m2));
		d = 1 + aa * d;
		d = 1 / (fabs(d) < tiny ? tiny : d);
		c = 1 + aa / c;
		c = fabs(c) < tiny ? tiny : c;
		h *= d * c;
		aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1 + m2));
		d = 1 + aa * d;
		d = 1 / (fabs(d) < tiny ? tiny : d);
		c = 1 + aa / c;
		c = fabs(c) < tiny ? tiny : c;
		del = d * c;
		h *= del;
		if (fabs(del - 1) < 1e-15)
			break;
	}
	return h;
}

/* I_x(a, b), the regularized incomplete beta function. */
static double ibeta(double a, double b, double x)
{
	double front;

	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) +
		    b * log1p(-x));
	if (x < (a + 1) / (a + b + 2))
		return front * beta_cf(a, b, x) / a;
	return 1 - front * beta_cf(b, a, 1 - x) / b;
}

double twosample_t_p2(double t, double df)
{
	if (isnan(t) || df <= 0)
		return NAN;
	if (isinf(t))
		return 0;
	return ibeta(df / 2, 0.5, df / (df + t * t));
}

int twosample_ttest(const double *x, size_t nx, const double *y, size_t ny,
		    struct twosample_t *out)
{
	double mx = 0, my = 0, ss = 0;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (!nx || !ny || nx + ny < 3)
		return -EINVAL;
	for (i = 0; i < nx; i++)
		mx += x[i];
	for (i = 0; i < ny; i++)
		my += y[i];
	mx /= (double)nx;
	my /= (double)ny;
	for (i = 0; i < nx; i++)
		ss += (x[i] - mx) * (x[i] - mx);
	for (i = 0; i < ny; i++)
		ss += (y[i] - my) * (y[i] - my);
	out->df = nx + ny - 2;
	out->diff = my - mx;
	out->sd = sqrt(ss / (double)out->df);
	out->se = out->sd * sqrt(1.0 / (double)nx + 1.0 / (double)ny);
	if (out->se == 0) {
		out->t = out->diff == 0 ? 0 : copysign(INFINITY, out->diff);
		out->p = out->diff == 0 ? 1 : 0;
		return 0;
	}
	out->t = out->diff / out->se;
	out->p = fmin(1.0, twosample_t_p2(out->t, (double)out->df));
	return 0;
}

double twosample_t975(size_t df)
{
	/* R: qt(0.975, 1:30) */
	static const double t[] = {
		12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912,
		2.364624,  2.306004, 2.262157, 2.228139, 2.200985, 2.178813,
		2.160369,  2.144787, 2.131450, 2.119905, 2.109816, 2.100922,
		2.093024,  2.085963, 2.079614, 2.073873, 2.068658, 2.063899,
		2.059539,  2.055529, 2.051831, 2.048407, 2.045230, 2.042272,
	};
	double z = 1.959964, d;

	if (!df)
		return NAN;
	if (df <= sizeof(t) / sizeof(t[0]))
		return t[df - 1];
	/* Cornish-Fisher expansion, three terms: < 1e-5 off for df > 30 */
	d = (double)df;
	return z + (pow(z, 3) + z) / (4 * d) +
	       (5 * pow(z, 5) + 16 * pow(z, 3) + 3 * z) / (96 * d * d) +
	       (3 * pow(z, 7) + 19 * pow(z, 5) + 17 * pow(z, 3) - 15 * z) /
		       (384 * d * d * d);
}
