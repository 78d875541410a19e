// SPDX-License-Identifier: GPL-2.0-only
/*
 * The statistics of one metric of one point: each side's figures (from
 * samples, pooled histograms or summaries), the samples of every run of
 * a side, the test over runs or over the samples of one run a side,
 * the drift within a run and the widening it and --run-noise give the
 * CI, and compare_decide(), the one place a verdict is made.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compare-int.h"
#include "hist.h"
#include "stats.h"

void compare_side_from_summary(const json_t *m, struct compare_side *s)
{
	const json_t *sum = json_object_get(m, "summary");
	const json_t *val = json_object_get(m, "value");

	if (json_is_number(val) && !json_is_object(sum)) {
		s->n = 1;
		s->p50 = json_number_value(val);
		s->p90 = s->p99 = NAN;
		return;
	}
	s->n = (size_t)json_integer_value(json_object_get(sum, "n"));
	s->p50 = compare_num_or_nan(json_object_get(sum, "p50"));
	s->p90 = compare_num_or_nan(json_object_get(sum, "p90"));
	s->p99 = compare_num_or_nan(json_object_get(sum, "p99"));
}

/*
 * A histogram metric of every run of a side, pooled: the buckets add up
 * (they are the same log-linear buckets in every result), so that the
 * figures are those of all runs, not of the newest alone. Return: the
 * runs pooled (0: none has a histogram), or -ENOMEM.
 */
int compare_side_from_hists(const json_t *const *pts, size_t npts,
			    const char *metric, struct compare_side *s)
{
	struct summary sum;
	struct hist *h;
	const json_t *m, *b;
	size_t i, k;
	int runs = 0;

	h = malloc(sizeof(*h));
	if (!h)
		return -ENOMEM;
	hist_init(h);
	for (i = 0; i < npts; i++) {
		const json_t *ms;

		m = json_object_get(json_object_get(pts[i], "metrics"), metric);
		ms = json_object_get(m, "summary");
		b = json_object_get(json_object_get(m, "histogram"), "buckets");
		if (!json_is_array(b))
			continue;
		runs++;
		json_array_foreach(b, k, m)
		{
			json_int_t low =
				json_integer_value(json_array_get(m, 0));
			json_int_t c = json_integer_value(json_array_get(m, 1));

			if (low < 0 || c <= 0)
				continue;
			h->count[hist_bucket((uint64_t)low)] += (uint64_t)c;
			h->n += (uint64_t)c;
		}
		/* the buckets know no exact extremes; the summaries do */
		if (json_is_number(json_object_get(ms, "min")) &&
		    json_number_value(json_object_get(ms, "min")) <
			    (double)h->min)
			h->min = (uint64_t)json_number_value(
				json_object_get(ms, "min"));
		if (json_is_number(json_object_get(ms, "max")) &&
		    json_number_value(json_object_get(ms, "max")) >
			    (double)h->max)
			h->max = (uint64_t)json_number_value(
				json_object_get(ms, "max"));
	}
	if (!h->n)
		runs = 0;
	if (runs) {
		if (h->min > h->max) { /* no summary said: do not clamp */
			h->min = 0;
			h->max = UINT64_MAX;
		}
		hist_summary(h, &sum);
		s->n = sum.n;
		s->p50 = sum.p50;
		s->p90 = sum.p90;
		s->p99 = sum.p99;
	}
	free(h);
	return runs;
}

void compare_side_from_values(const double *v, size_t n, struct compare_side *s)
{
	s->n = n;
	s->p50 = stats_quantile_sorted(v, n, 0.5);
	s->p90 = stats_quantile_sorted(v, n, 0.9);
	s->p99 = stats_quantile_sorted(v, n, 0.99);
}

/*
 * The one place a verdict is made. A change needs both an effect beyond
 * the threshold (the whole 95% CI of new/base past 1 +/- threshold) and
 * evidence (p < alpha), because two runs of the same kernel must not be
 * reported as different: the false-positive rate matters more than the
 * sensitivity. Both must see the noise that separates two runs, not only
 * the noise within one, or drift between consecutive runs reads as a
 * change. So:
 *  - several runs on a side (compare_metric(), "t-runs"): the CI is a
 *    two-level bootstrap over runs and then samples, widened to hold
 *    Student's interval on log(per-run median) (widen_for_runs()), and
 *    p is that t test, df = runs - 2. Few runs give few degrees
 *    of freedom and so a large t quantile: the test charges for them
 *    where a bootstrap over 2 or 3 runs would not.
 *  - one run per side ("mwu-*"): the data hold no between-run noise.
 *    The sample bootstrap CI is widened on the log scale by 1.96 *
 *    sqrt(2) * sd, sd the larger of --run-noise and the drift between
 *    the halves of each run (compare_run_drift()), and p is the rank test of
 *    the samples. The output header says that this is an assumption.
 */
enum compare_verdict compare_decide(const struct compare_row *r,
				    const struct compare_opts *o)
{
	bool sig = r->p < o->alpha;
	bool up = r->ci_lo > 1 + o->threshold;
	bool down = r->ci_hi < 1 - o->threshold;

	if (sig && (up || down)) {
		if (r->dir == COMPARE_LOWER_BETTER)
			return up ? COMPARE_REGRESSION : COMPARE_IMPROVEMENT;
		return down ? COMPARE_REGRESSION : COMPARE_IMPROVEMENT;
	}
	/* "unchanged" is a claim too: only when the CI rules out a change */
	if (r->ci_lo >= 1 - o->threshold && r->ci_hi <= 1 + o->threshold)
		return COMPARE_UNCHANGED;
	if (r->p_floor >= o->alpha)
		return COMPARE_TOO_FEW_RUNS;
	return COMPARE_INCONCLUSIVE;
}

void compare_side_vals_free(struct compare_side_vals *sv)
{
	size_t i;

	for (i = 0; sv->own && i < sv->r; i++)
		free(sv->own[i]);
	free(sv->own);
	free(sv->v);
	free(sv->n);
	free(sv->all_own);
	memset(sv, 0, sizeof(*sv));
}

int compare_side_vals_load(const json_t *const *pts, json_t *const *runs,
			   size_t npts, const char *metric,
			   struct compare_side_vals *sv)
{
	size_t i, k = 0;
	int rc;

	memset(sv, 0, sizeof(*sv));
	sv->v = calloc(npts + 1, sizeof(*sv->v));
	sv->own = calloc(npts + 1, sizeof(*sv->own));
	sv->n = calloc(npts + 1, sizeof(*sv->n));
	if (!sv->v || !sv->own || !sv->n)
		return -ENOMEM;
	for (i = 0; i < npts; i++) {
		size_t n, d = 0;
		const double *v;
		double *own;

		if (!pts[i] ||
		    !json_object_get(json_object_get(pts[i], "metrics"),
				     metric))
			continue; /* this run lacks the point or metric */
		rc = compare_values_sorted(pts[i], metric,
					   compare_timeout_ns(runs[i]), &v, &n,
					   &own, &d);
		sv->censored += d;
		if (rc == -ENOENT) {
			sv->no_samples = true;
			continue;
		}
		if (rc) {
			free(own);
			return rc;
		}
		if (!n) {
			free(own); /* or NULL: an empty samples array */
			continue;
		}
		sv->v[sv->r] = v;
		sv->own[sv->r] = own;
		sv->n[sv->r++] = n;
		sv->total += n;
	}
	if (sv->r == 1) {
		/* one run: already sorted; a copy would double the memory */
		sv->all = sv->v[0];
		return 0;
	}
	sv->all_own = malloc((sv->total + 1) * sizeof(*sv->all_own));
	if (!sv->all_own)
		return -ENOMEM;
	for (i = 0; i < sv->r; i++) {
		memcpy(sv->all_own + k, sv->v[i], sv->n[i] * sizeof(double));
		k += sv->n[i];
	}
	twosample_sort(sv->all_own, sv->total);
	sv->all = sv->all_own;
	return 0;
}

/*
 * How far the level of one run wanders, as an sd of log(median): the
 * two halves of the run (in time order) are compared and what their
 * difference has beyond its own sampling noise is taken as drift,
 * var(drift) = (L^2 - se1^2 - se2^2) / 2 with L = log(m2 / m1). A single
 * run cannot show how far the next one will be off, but it is at least
 * this: a lower bound that --run-noise must not undercut. The sampling
 * se of a half's median comes from the rank spread of a median,
 * (q(1/2 + 1/(2 sqrt m)) - q(1/2 - 1/(2 sqrt m))) / 2.
 */
/* The median of @m values copied from @src into @buf, and its se. */
static void half_stats(const double *src, size_t m, double *buf, double *med,
		       double *se)
{
	double d = 1 / (2 * sqrt((double)m)), lo, hi;

	/* three order statistics: selection, not a sort */
	memcpy(buf, src, m * sizeof(*buf));
	*med = stats_quantile_select(buf, m, 0.5);
	lo = stats_quantile_select(buf, m, 0.5 - d);
	hi = stats_quantile_select(buf, m, 0.5 + d);
	*se = lo > 0 && hi > 0 ? (log(hi) - log(lo)) / 2 : 0;
}

int compare_drift_of(const double *v, size_t n, double *sd)
{
	double *buf, m1, m2, s1, s2, l, ex;
	size_t h = n / 2;

	*sd = 0;
	if (n < 10) /* halves of 5: nothing to say */
		return 0;
	/* one half at a time: half the memory of sorting a whole copy */
	buf = malloc((n - h) * sizeof(*buf));
	if (!buf)
		return -ENOMEM;
	half_stats(v, h, buf, &m1, &s1);
	half_stats(v + h, n - h, buf, &m2, &s2);
	free(buf);
	if (!(m1 > 0 && m2 > 0))
		return 0;
	l = log(m2 / m1);
	ex = l * l - s1 * s1 - s2 * s2;
	*sd = ex > 0 ? sqrt(ex / 2) : 0;
	return 0;
}

int compare_run_drift(const json_t *point, const char *metric, double timeout,
		      double *sd)
{
	const double *v;
	double *own;
	size_t n;
	int rc;

	*sd = 0;
	/* measured before compare sorted the samples in place, if it did */
	if (!compare_sorted_drift(point, metric, sd))
		return 0;
	/* a view where it can: the table's copy is the raw samples' size */
	rc = compare_values_op_view(point, metric, timeout, &v, &n, &own);
	if (!rc && v)
		rc = compare_drift_of(v, n, sd);
	free(own);
	return rc == -ENOMEM ? rc : 0;
}

/* Widen [lo, hi] on the log scale by 1.96 sqrt(2) @sd, in quadrature. */
void compare_widen_ci(struct compare_row *r, double sd)
{
	double w = 1.959964 * M_SQRT2 * sd, e, dl, dh;

	if (!(w > 0) || !(r->ratio > 0) || !(r->ci_lo > 0) ||
	    !isfinite(r->ratio) || !isfinite(r->ci_hi))
		return;
	e = log(r->ratio);
	dl = fmax(0, e - log(r->ci_lo));
	dh = fmax(0, log(r->ci_hi) - e);
	r->ci_lo = exp(e - hypot(dl, w));
	r->ci_hi = exp(e + hypot(dh, w));
}

/* The ratio of medians and its interval, into the row. */
static void row_ci(struct compare_row *r, const struct twosample_ci *ci)
{
	r->ratio = ci->est;
	r->ci_lo = ci->lo;
	r->ci_hi = ci->hi;
}

/*
 * The bootstrap over 2 or 3 runs a side sees too little of the spread
 * between runs (about (r-1)/r of it, on a few distinct resamples): 95%
 * CIs that held the true ratio 75-86% of the time with 2 runs a side.
 * The CI is widened to hold Student's interval on the log run medians
 * too, whose t quantile pays for the few runs.
 */
static void widen_for_runs(struct compare_row *r, const struct twosample_t *t,
			   bool logs)
{
	double half;

	if (!logs || !t->df || !(t->se > 0))
		return;
	half = twosample_t975(t->df) * t->se;
	r->ci_lo = fmin(r->ci_lo, exp(t->diff - half));
	r->ci_hi = fmax(r->ci_hi, exp(t->diff + half));
}

/* Several runs: two-level bootstrap CI, t test on log run medians. */
int compare_runs(const struct compare_side_vals *b,
		 const struct compare_side_vals *n, struct compare_row *r)
{
	double *mb = NULL, *mn = NULL;
	bool logs = true;
	struct twosample_ci ci;
	struct twosample_t t;
	size_t i;
	int rc;

	rc = twosample_boot_median_ratio_runs((const double *const *)b->v, b->n,
					      b->r, (const double *const *)n->v,
					      n->n, n->r, 0.95,
					      TWOSAMPLE_BOOT_SEED, &ci);
	if (rc)
		return rc;
	mb = malloc(b->r * sizeof(*mb));
	mn = malloc(n->r * sizeof(*mn));
	if (!mb || !mn) {
		rc = -ENOMEM;
		goto out;
	}
	for (i = 0; i < b->r; i++) {
		mb[i] = stats_quantile_sorted(b->v[i], b->n[i], 0.5);
		logs &= mb[i] > 0;
	}
	for (i = 0; i < n->r; i++) {
		mn[i] = stats_quantile_sorted(n->v[i], n->n[i], 0.5);
		logs &= mn[i] > 0;
	}
	/* latencies are spread multiplicatively: logs; a zero cannot be */
	for (i = 0; logs && i < b->r; i++)
		mb[i] = log(mb[i]);
	for (i = 0; logs && i < n->r; i++)
		mn[i] = log(mn[i]);
	rc = twosample_ttest(mb, b->r, mn, n->r, &t);
	if (rc)
		goto out;
	row_ci(r, &ci);
	widen_for_runs(r, &t, logs);
	r->p = t.p;
	r->df = t.df;
	r->test = "t-runs";
	r->run_noise = logs ? t.sd : NAN;
	r->run_noise_measured = true;
	/*
	 * One degree of freedom, or runs that agree exactly (counts of
	 * 1 and 2 calls): t has nothing to stand on and says p = 0 for
	 * any difference. Counting the splits of the runs says what so
	 * few runs can show, which may be nothing.
	 */
	if (t.df < 2 || !(t.sd > 0)) {
		struct twosample_perm pt;

		rc = twosample_perm_test(mb, b->r, mn, n->r,
					 TWOSAMPLE_BOOT_SEED, &pt);
		if (rc)
			goto out;
		r->p = pt.p;
		r->p_floor = pt.p_floor;
		r->df = 0;
		r->test = "perm-runs";
	}
out:
	free(mb);
	free(mn);
	return rc;
}

/* One run a side: sample bootstrap widened by assumed noise, MWU. */
int compare_single(const struct compare_side_vals *b,
		   const struct compare_side_vals *n, const json_t *bp,
		   double tb, const json_t *np, double tn,
		   const struct compare_opts *o, struct compare_row *r)
{
	double db, dn;
	struct twosample_mwu u;
	struct twosample_ci ci;
	int rc;

	rc = twosample_boot_median_ratio(b->all, b->total, n->all, n->total,
					 0.95, TWOSAMPLE_BOOT_SEED, &ci);
	if (!rc)
		rc = twosample_mwu(b->all, b->total, n->all, n->total, &u);
	if (!rc)
		rc = compare_run_drift(bp, r->metric, tb, &db);
	if (!rc)
		rc = compare_run_drift(np, r->metric, tn, &dn);
	if (rc)
		return rc;
	row_ci(r, &ci);
	r->p = u.p;
	r->test = u.method == TWOSAMPLE_MWU_EXACT ? "mwu-exact" : "mwu-normal";
	r->run_noise = fmax(o->run_noise, fmax(db, dn));
	compare_widen_ci(r, r->run_noise);
	return 0;
}
