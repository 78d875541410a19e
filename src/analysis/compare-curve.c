// SPDX-License-Identifier: GPL-2.0-only
/*
 * Scan-cost curves: a scenario that sweeps file.size is also compared
 * as lines, cost = a + b * xarray entries, fitted per group of the
 * other params to each run's per-point medians; the ratio of the slopes
 * gets a bootstrap CI and a verdict like any metric.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare-int.h"
#include "stats.h"

static bool sweeps_size(const json_t *result)
{
	return json_object_get(
		       json_object_get(json_object_get(result, "scenario"),
				       "sweep"),
		       "file.size") != NULL;
}

/* The points of one side's curve: x, the median y and its noise. */
struct curve_pts {
	double *x, *y, *se;
	size_t n;
};

static void curve_pts_free(struct curve_pts *cp)
{
	free(cp->x);
	free(cp->y);
	free(cp->se);
	memset(cp, 0, sizeof(*cp));
}

/*
 * The median of @metric in every point of @group, in every run of one
 * side: each run's medians are points of the fit, so that the slope's CI
 * carries the spread between runs too. The sampling noise of each
 * median (half the spread of the ranks 1/2 +/- 1/(2 sqrt n)) goes with
 * it into the bootstrap of the slope ratio.
 */
static int curve_side(json_t *const *runs, size_t nruns, const char *group,
		      const char *metric, struct twosample_fit *fit, bool *have,
		      struct curve_pts *cp)
{
	size_t i, k, cap = 0;
	const json_t *p;

	*have = false;
	memset(cp, 0, sizeof(*cp));
	for (k = 0; k < nruns; k++)
		cap += json_array_size(json_object_get(runs[k], "points"));
	cp->x = calloc(cap + 1, sizeof(*cp->x));
	cp->y = calloc(cap + 1, sizeof(*cp->y));
	cp->se = calloc(cap + 1, sizeof(*cp->se));
	if (!cp->x || !cp->y || !cp->se)
		return -ENOMEM;
	for (k = 0; k < nruns; k++) {
		json_array_foreach(json_object_get(runs[k], "points"), i, p)
		{
			char *g = compare_point_label(
				json_object_get(p, "params"), "file.size");
			const json_t *xe =
				json_object_get(json_object_get(p, "mapping"),
						"xarray_entries");
			size_t nv, dropped;
			double *v, d;

			if (!g)
				return -ENOMEM;
			if (strcmp(g, group) || !json_is_integer(xe)) {
				free(g);
				continue;
			}
			free(g);
			/* a point without the metric is no point of the fit */
			if (compare_values_op_order(
				    p, metric, compare_timeout_ns(runs[k]), &v,
				    &nv, &dropped) == -ENOMEM)
				return -ENOMEM;
			/* three order statistics: selection, not a sort */
			if (nv) {
				d = 1 / (2 * sqrt((double)nv));
				cp->x[cp->n] = (double)json_integer_value(xe);
				cp->y[cp->n] =
					stats_quantile_select(v, nv, 0.5);
				cp->se[cp->n++] =
					(stats_quantile_select(v, nv, 0.5 + d) -
					 stats_quantile_select(v, nv,
							       0.5 - d)) /
					2;
			}
			free(v);
		}
	}
	*have = twosample_linfit(cp->x, cp->y, cp->n, fit) == 0;
	return 0;
}

int compare_curve_slope(json_t *const *runs, size_t nruns, const char *group,
			const char *metric, struct twosample_fit *fit,
			char *buf, size_t len)
{
	struct curve_pts cp;
	bool have;
	int rc = curve_side(runs, nruns, group, metric, fit, &have, &cp);

	curve_pts_free(&cp);
	if (rc)
		return rc;
	compare_print_fit(fit, have,
			  strcmp(metric, "busy_scan_calls") ? "ns" : "", buf,
			  len);
	return have ? 0 : -ENODATA;
}

/*
 * The slope ratio's bootstrap CI and p, and the verdict compare_decide() gives
 * any metric: a scan that costs 20% more per entry is a regression
 * like a 20% slower op.
 */
static int curve_verdict(struct compare_curve *c, const struct curve_pts *b,
			 const struct curve_pts *n, bool single_run,
			 const struct compare_opts *o)
{
	struct compare_row r = { .dir = compare_metric_dir(c->metric),
				 .p_floor = NAN };
	struct twosample_ci ci;
	int rc;

	c->ci_lo = c->ci_hi = c->p = NAN;
	c->verdict = COMPARE_UNTESTED;
	if (!c->have_base || !c->have_new)
		return 0;
	/* a base slope that may be 0 or below divides nothing */
	if (!(c->base.b_lo > 0) && !isnan(c->base.b_lo)) {
		c->undefined = true;
		c->slope_ratio = NAN;
		return 0;
	}
	rc = twosample_boot_slope_ratio(b->x, b->y, b->se, b->n, n->x, n->y,
					n->se, n->n, 0.95, TWOSAMPLE_BOOT_SEED,
					&ci, &c->p);
	if (rc)
		return rc == -ENOMEM ? rc : 0;
	r.ratio = c->slope_ratio;
	r.ci_lo = ci.lo;
	r.ci_hi = ci.hi;
	r.p = c->p;
	/*
	 * One run a side: the bootstrap saw only the noise within the run.
	 * A whole run that is a few percent slower scales every median,
	 * and so the slope, by as much: the same widening as a point row.
	 */
	if (single_run)
		compare_widen_ci(&r, o->run_noise);
	c->ci_lo = r.ci_lo;
	c->ci_hi = r.ci_hi;
	c->verdict = isnan(ci.lo) ? COMPARE_UNTESTED : compare_decide(&r, o);
	return 0;
}

/* Whether every point of both sides measured @metric. */
static bool both_measured(const json_t *b, const json_t *n, const char *metric)
{
	const json_t *res[] = { b, n };
	const json_t *p;
	size_t i, k;

	for (k = 0; k < 2; k++) {
		json_array_foreach(json_object_get(res[k], "points"), i, p)
		{
			if (!json_object_get(json_object_get(p, "metrics"),
					     metric))
				return false;
		}
	}
	return true;
}

/* A curve per file.size group of @metric: a fit on each side, a verdict. */
static int add_metric_curves(struct compare_scenario *s,
			     const struct compare_opts *o, const char *metric)
{
	struct curve_pts bp = { 0 }, np = { 0 };
	const json_t *p;
	size_t i, k;
	int rc = 0;

	json_array_foreach(json_object_get(s->base, "points"), i, p)
	{
		struct compare_curve *c, *nc;
		char *g = compare_point_label(json_object_get(p, "params"),
					      "file.size");

		if (!g)
			return -ENOMEM;
		for (k = 0; k < s->ncurves; k++)
			if (!strcmp(s->curves[k].group, g) &&
			    !strcmp(s->curves[k].metric, metric))
				break;
		if (k < s->ncurves) {
			free(g);
			continue;
		}
		nc = realloc(s->curves, (s->ncurves + 1) * sizeof(*nc));
		if (!nc) {
			free(g);
			return -ENOMEM;
		}
		s->curves = nc;
		c = &nc[s->ncurves++];
		memset(c, 0, sizeof(*c));
		c->group = g;
		c->metric = strdup(metric);
		if (!c->metric)
			return -ENOMEM;
		rc = curve_side(s->base_runs, s->nbase_runs, g, metric,
				&c->base, &c->have_base, &bp);
		if (!rc)
			rc = curve_side(s->new_runs, s->nnew_runs, g, metric,
					&c->new_, &c->have_new, &np);
		c->slope_ratio = c->have_base && c->have_new ?
					 twosample_ratio(c->new_.b, c->base.b) :
					 NAN;
		c->disjoint = c->have_base && c->have_new &&
			      (c->new_.b_lo > c->base.b_hi ||
			       c->new_.b_hi < c->base.b_lo);
		if (!rc)
			rc = curve_verdict(
				c, &bp, &np,
				s->nbase_runs < 2 || s->nnew_runs < 2, o);
		curve_pts_free(&bp);
		curve_pts_free(&np);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * busy_scan_time_per_call where both sides measured it, else op_latency;
 * then the scan's two parts, the unmap inside it and the walk, where
 * both sides timed them apart: which of the two a slope change is in.
 */
int compare_add_curves(struct compare_scenario *s, const struct compare_opts *o)
{
	static const char *const parts[] = { "busy_scan_unmap_time",
					     "busy_scan_walk_time" };
	bool scan = both_measured(s->base, s->new_, "busy_scan_time_per_call");
	size_t i;
	int rc;

	if (!sweeps_size(s->base) || !sweeps_size(s->new_))
		return 0;
	rc = add_metric_curves(s, o,
			       scan ? "busy_scan_time_per_call" : "op_latency");
	for (i = 0; !rc && scan && i < 2; i++)
		if (both_measured(s->base, s->new_, parts[i]))
			rc = add_metric_curves(s, o, parts[i]);
	return rc;
}
