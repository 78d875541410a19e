// SPDX-License-Identifier: GPL-2.0-only
/*
 * The statistics of compare (src/analysis/compare-stats.c, through the private
 * compare-int.h) on made-up sides whose outcome is known: the verdict
 * rule compare_decide() at and around its edges, the test over runs
 * (a clear regression, a clear improvement, identical sides, runs too
 * few to decide), the test of one run a side and what the assumed
 * between-run noise does to it, the drift within a run, the widening of
 * a CI, loading a side with a stalled op censored, and the stall row's
 * verdict.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare-int.h"
#include "twosample-rng.h"
#include "t.h"

#define SAMPLES 20

static bool near(double a, double b, double tol)
{
	return fabs(a - b) <= tol * fmax(1, fabs(b));
}

static void row_init(struct compare_row *r, const char *metric,
		     enum compare_dir dir)
{
	memset(r, 0, sizeof(*r));
	r->metric = (char *)metric;
	r->dir = dir;
	r->ratio = r->ci_lo = r->ci_hi = r->p = r->p_floor = NAN;
	r->run_noise = NAN;
}

static void opts(struct compare_opts *o, double run_noise)
{
	compare_opts_init(o);
	o->run_noise = run_noise;
}

/* --- compare_decide() ------------------------------------------------ */

static enum compare_verdict decide(enum compare_dir dir, double lo, double hi,
				   double p, double p_floor)
{
	struct compare_opts o;
	struct compare_row r;

	opts(&o, COMPARE_RUN_NOISE); /* threshold 5%, alpha 0.01 */
	row_init(&r, "op_latency", dir);
	r.ratio = (lo + hi) / 2;
	r.ci_lo = lo;
	r.ci_hi = hi;
	r.p = p;
	r.p_floor = p_floor;
	return compare_decide(&r, &o);
}

static void test_decide(void)
{
	const enum compare_dir lo = COMPARE_LOWER_BETTER;
	const enum compare_dir hi = COMPARE_HIGHER_BETTER;

	/* a change needs both: the CI past 1 +/- 5% and p < 0.01 */
	T_CHECK(decide(lo, 1.2, 1.4, 0.001, NAN) == COMPARE_REGRESSION,
		"slower, significant");
	T_CHECK(decide(lo, 0.6, 0.8, 0.001, NAN) == COMPARE_IMPROVEMENT,
		"faster, significant");
	T_CHECK(decide(hi, 1.2, 1.4, 0.001, NAN) == COMPARE_IMPROVEMENT,
		"more iops, significant");
	T_CHECK(decide(hi, 0.6, 0.8, 0.001, NAN) == COMPARE_REGRESSION,
		"fewer iops, significant");
	/* an effect without evidence, evidence without an effect */
	T_CHECK(decide(lo, 1.2, 1.4, 0.02, NAN) == COMPARE_INCONCLUSIVE,
		"p above alpha");
	T_CHECK(decide(lo, 1.02, 1.3, 0.001, NAN) == COMPARE_INCONCLUSIVE,
		"CI reaches into the threshold");
	T_CHECK(decide(lo, 1.05, 1.3, 0, NAN) == COMPARE_INCONCLUSIVE,
		"CI ends exactly on the threshold: not beyond it");
	T_CHECK(decide(lo, 1.2, 1.4, NAN, NAN) == COMPARE_INCONCLUSIVE, "no p");
	/* "unchanged" is a claim: the whole CI within the threshold */
	T_CHECK(decide(lo, 0.97, 1.03, 0.5, NAN) == COMPARE_UNCHANGED,
		"CI within 5%%");
	T_CHECK(decide(lo, 0.95, 1.05, 0.5, NAN) == COMPARE_UNCHANGED,
		"CI exactly on both edges");
	T_CHECK(decide(lo, 1.01, 1.02, 1e-9, NAN) == COMPARE_UNCHANGED,
		"significant but smaller than the threshold");
	T_CHECK(decide(lo, 0.9, 1.03, 0.5, NAN) == COMPARE_INCONCLUSIVE,
		"CI wider than the threshold");
	/* no split of the runs could reach alpha */
	T_CHECK(decide(lo, 0.5, 2, 0.1, 0.1) == COMPARE_TOO_FEW_RUNS,
		"p floor 0.1");
	T_CHECK(decide(lo, 0.5, 2, 0.01, 0.01) == COMPARE_TOO_FEW_RUNS,
		"p floor exactly alpha: p < alpha is out of reach");
	T_CHECK(decide(lo, 0.5, 2, 0.05, 0.005) == COMPARE_INCONCLUSIVE,
		"p floor below alpha: the runs could have shown it");
	T_CHECK(decide(lo, 1.2, 1.4, 0.001, 0.1) == COMPARE_REGRESSION,
		"a floor does not hide a change that reached alpha");
}

/* --- sides made by hand ---------------------------------------------- */

/*
 * @r runs of SAMPLES values each, run k centred on @level[k] with a
 * spread of +/- @spread (a fraction), sorted; all pooled and sorted.
 */
static void side_make(struct compare_side_vals *sv, const double *level,
		      size_t r, double spread)
{
	size_t k, i, j = 0;

	memset(sv, 0, sizeof(*sv));
	sv->v = calloc(r, sizeof(*sv->v));
	sv->own = calloc(r, sizeof(*sv->own));
	sv->n = calloc(r, sizeof(*sv->n));
	sv->all_own = malloc(r * SAMPLES * sizeof(*sv->all_own));
	if (!sv->v || !sv->own || !sv->n || !sv->all_own)
		abort();
	sv->r = r;
	for (k = 0; k < r; k++) {
		sv->own[k] = malloc(SAMPLES * sizeof(**sv->own));
		if (!sv->own[k])
			abort();
		sv->v[k] = sv->own[k];
		sv->n[k] = SAMPLES;
		for (i = 0; i < SAMPLES; i++)
			sv->own[k][i] =
				level[k] *
				(1 + spread * (2.0 * i / (SAMPLES - 1) - 1));
		memcpy(sv->all_own + j, sv->v[k],
		       SAMPLES * sizeof(*sv->all_own));
		j += SAMPLES;
	}
	sv->total = j;
	twosample_sort(sv->all_own, sv->total);
	sv->all = sv->all_own;
}

static void side_drop(struct compare_side_vals *sv)
{
	size_t k;

	for (k = 0; k < sv->r; k++)
		free(sv->own[k]);
	free(sv->own);
	free(sv->v);
	free(sv->n);
	free(sv->all_own);
}

/* compare_runs() on runs at @bl and @nl, then the verdict. */
static enum compare_verdict runs_verdict(const double *bl, size_t rb,
					 const double *nl, size_t rn,
					 struct compare_row *r)
{
	struct compare_side_vals b, n;
	struct compare_opts o;
	int rc;

	opts(&o, COMPARE_RUN_NOISE);
	row_init(r, "op_latency", COMPARE_LOWER_BETTER);
	side_make(&b, bl, rb, 0.05);
	side_make(&n, nl, rn, 0.05);
	rc = compare_runs(&b, &n, r);
	side_drop(&b);
	side_drop(&n);
	T_CHECK(rc == 0, "compare_runs rc %d", rc);
	return compare_decide(r, &o);
}

/* The pooled sd of log(x) and log(y), 3 values each: t's sd. */
static double pooled_log_sd(const double *x, const double *y)
{
	double mx = 0, my = 0, ss = 0;
	size_t i;

	for (i = 0; i < 3; i++) {
		mx += log(x[i]) / 3;
		my += log(y[i]) / 3;
	}
	for (i = 0; i < 3; i++)
		ss += pow(log(x[i]) - mx, 2) + pow(log(y[i]) - my, 2);
	return sqrt(ss / 4);
}

static void test_runs(void)
{
	static const double base[] = { 100, 101, 99 };
	static const double slow[] = { 150, 152, 149 };
	static const double fast[] = { 50, 51, 49 };
	static const double flat[] = { 100, 100, 100 };
	static const double flat2[] = { 200, 200, 200 };
	struct compare_row r;
	enum compare_verdict v;

	v = runs_verdict(base, 3, slow, 3, &r);
	T_CHECK(v == COMPARE_REGRESSION, "1.5x slower, 3+3 runs: %s",
		compare_verdict_name(v));
	T_CHECK(!strcmp(r.test, "t-runs") && r.df == 4, "test %s df %zu",
		r.test, r.df);
	T_CHECK(near(r.ratio, 1.5, 0.02), "ratio %g", r.ratio);
	T_CHECK(r.ci_lo > 1.05 && r.ci_lo < r.ratio && r.ratio < r.ci_hi,
		"CI [%g, %g]", r.ci_lo, r.ci_hi);
	T_CHECK(r.p < 1e-4, "p %g", r.p);
	/* the noise that counts is the runs': the sd of log run medians */
	T_CHECK(r.run_noise_measured &&
			near(r.run_noise, pooled_log_sd(base, slow), 1e-9),
		"run noise %g, want %g", r.run_noise,
		pooled_log_sd(base, slow));

	v = runs_verdict(base, 3, fast, 3, &r);
	T_CHECK(v == COMPARE_IMPROVEMENT, "2x faster, 3+3 runs: %s",
		compare_verdict_name(v));
	T_CHECK(near(r.ratio, 0.5, 0.02) && r.ci_hi < 0.95, "ratio %g [%g, %g]",
		r.ratio, r.ci_lo, r.ci_hi);

	v = runs_verdict(base, 3, base, 3, &r);
	T_CHECK(v == COMPARE_UNCHANGED, "identical sides: %s",
		compare_verdict_name(v));
	T_CHECK(r.ratio == 1 && r.ci_lo >= 0.95 && r.ci_hi <= 1.05 &&
			near(r.p, 1, 1e-12),
		"identical: %g [%g, %g] p %g", r.ratio, r.ci_lo, r.ci_hi, r.p);

	/* 2 + 1 runs: one degree of freedom, counted splits instead of t */
	v = runs_verdict(base, 2, slow, 1, &r);
	T_CHECK(v == COMPARE_TOO_FEW_RUNS, "2+1 runs, 1.5x: %s",
		compare_verdict_name(v));
	T_CHECK(!strcmp(r.test, "perm-runs") && r.df == 0 &&
			near(r.p_floor, 1.0 / 3, 1e-12),
		"2+1: test %s p_floor %g", r.test, r.p_floor);
	/* runs that agree exactly: t has no spread, 20 splits of 3+3 */
	v = runs_verdict(flat, 3, flat2, 3, &r);
	T_CHECK(v == COMPARE_TOO_FEW_RUNS, "3+3 exact runs, 2x: %s",
		compare_verdict_name(v));
	T_CHECK(!strcmp(r.test, "perm-runs") && near(r.p_floor, 0.1, 1e-12) &&
			r.p >= r.p_floor,
		"exact runs: test %s p %g floor %g", r.test, r.p, r.p_floor);
}

/* --- coverage of the CI with few runs ----------------------------------- */

/*
 * A side of @r runs of 20 lognormal samples (sd 0.1 within a run), each
 * run's level drawn lognormal with sd @between: the same distribution on
 * both sides, so that new/base is truly 1.
 */
static void side_random(struct compare_side_vals *sv, size_t r, double between,
			struct twosample_rng *g)
{
	double level[4] = { 0 };
	size_t k, i, j = 0;

	for (k = 0; k < r; k++)
		level[k] = exp(between * twosample_rng_normal(g));
	side_make(sv, level, r, 0);
	for (k = 0; k < r; k++) {
		for (i = 0; i < SAMPLES; i++)
			sv->own[k][i] =
				level[k] * exp(0.1 * twosample_rng_normal(g));
		twosample_sort(sv->own[k], SAMPLES);
		memcpy(sv->all_own + j, sv->v[k],
		       SAMPLES * sizeof(*sv->all_own));
		j += SAMPLES;
	}
	twosample_sort(sv->all_own, sv->total);
}

/*
 * 1,000 pairs with 2 runs a side and no true change, run-to-run spread
 * 10-40% (250 pairs each): the 95% CI must hold 1 in 93% of them or more
 * (daxbench-compare(1) states the figure this prints).
 */
static void test_coverage(void)
{
	static const double between[] = { 0.1, 0.2, 0.3, 0.4 };
	struct twosample_rng g;
	size_t c, i, held[4] = { 0 }, all = 0;

	twosample_rng_seed(&g, 20261207);
	for (c = 0; c < 4; c++)
		for (i = 0; i < 250; i++) {
			struct compare_side_vals b, n;
			struct compare_row r;

			row_init(&r, "op_latency", COMPARE_LOWER_BETTER);
			side_random(&b, 2, between[c], &g);
			side_random(&n, 2, between[c], &g);
			if (compare_runs(&b, &n, &r))
				abort();
			held[c] += r.ci_lo <= 1 && 1 <= r.ci_hi;
			side_drop(&b);
			side_drop(&n);
		}
	for (c = 0; c < 4; c++)
		all += held[c];
	printf("# coverage of the 95%% CI, 2 runs a side, no change: "
	       "%.1f%% of 1000 pairs (run spread 10%%: %.1f%%, 20%%: %.1f%%, "
	       "30%%: %.1f%%, 40%%: %.1f%%)\n",
	       all / 10.0, held[0] / 2.5, held[1] / 2.5, held[2] / 2.5,
	       held[3] / 2.5);
	T_CHECK(all >= 930, "coverage %.1f%%, wanted 93%% or more", all / 10.0);
}

/* --- one run a side --------------------------------------------------- */

/* A point whose op_latency samples are @v (in op order). */
static json_t *point_of(const double *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_real(v[i]));
	return json_pack("{s:{s:{s:o}}}", "metrics", "op_latency", "samples",
			 a);
}

/*
 * A point of the @n sorted values @v taken in an order without drift:
 * the even ranks first, then the odd ones, so that both halves of the
 * run have the same level.
 */
static json_t *point_no_drift(const double *v, size_t n)
{
	double w[SAMPLES];
	size_t i, k = 0;

	for (i = 0; i < n; i += 2)
		w[k++] = v[i];
	for (i = 1; i < n; i += 2)
		w[k++] = v[i];
	return point_of(w, n);
}

/* compare_single() on one run a side, centred on @bl and @nl. */
static enum compare_verdict single_verdict(double bl, double nl,
					   double run_noise, double threshold,
					   struct compare_row *r)
{
	struct compare_side_vals b, n;
	struct compare_opts o;
	json_t *bp, *np;
	int rc;

	opts(&o, run_noise);
	o.threshold = threshold;
	row_init(r, "op_latency", COMPARE_LOWER_BETTER);
	side_make(&b, &bl, 1, 0.05);
	side_make(&n, &nl, 1, 0.05);
	bp = point_no_drift(b.all, b.total);
	np = point_no_drift(n.all, n.total);
	rc = compare_single(&b, &n, bp, NAN, np, NAN, &o, r);
	T_CHECK(rc == 0, "compare_single rc %d", rc);
	json_decref(bp);
	json_decref(np);
	side_drop(&b);
	side_drop(&n);
	return compare_decide(r, &o);
}

static double drift_of(const double *v, size_t n);

/*
 * A base run whose second half is 1.2x its first: the drift it shows
 * (about log(1.2) / sqrt(2) = 13%) is more than the assumed 2%, and it
 * is what the CI is widened by.
 */
static void test_single_drift(void)
{
	struct compare_side_vals b, n;
	double v[SAMPLES], level = 110;
	struct compare_opts o;
	struct compare_row r;
	json_t *bp, *np;
	size_t i;

	for (i = 0; i < SAMPLES; i++)
		v[i] = (i < SAMPLES / 2 ? 100 : 120) * (1 + 0.001 * (i % 5));
	side_make(&b, &level, 1, 0);
	memcpy(b.own[0], v, sizeof(v));
	twosample_sort(b.own[0], SAMPLES);
	memcpy(b.all_own, b.own[0], sizeof(v));
	side_make(&n, &level, 1, 0.05);
	bp = point_of(v, SAMPLES);
	np = point_no_drift(n.all, n.total);
	opts(&o, 0.02);
	row_init(&r, "op_latency", COMPARE_LOWER_BETTER);
	T_CHECK(compare_single(&b, &n, bp, NAN, np, NAN, &o, &r) == 0,
		"compare_single with drift");
	T_CHECK(r.run_noise > 0.1 && r.run_noise == drift_of(v, SAMPLES),
		"run noise %g, drift %g", r.run_noise, drift_of(v, SAMPLES));
	json_decref(bp);
	json_decref(np);
	side_drop(&b);
	side_drop(&n);
}

static void test_single(void)
{
	const double w2 = 1.959964 * M_SQRT2 * 0.02; /* 2% noise, widened */
	struct compare_row r;
	enum compare_verdict v;

	v = single_verdict(100, 130, 0.02, 0.05, &r);
	T_CHECK(v == COMPARE_REGRESSION, "1.3x, one run, 2%% noise: %s",
		compare_verdict_name(v));
	T_CHECK(!strncmp(r.test, "mwu-", 4) && r.df == 0 &&
			!r.run_noise_measured,
		"test %s", r.test);
	T_CHECK(near(r.ratio, 1.3, 1e-9) && r.run_noise == 0.02,
		"ratio %g noise %g", r.ratio, r.run_noise);
	/* the CI is at least the assumed noise wide, on either side */
	T_CHECK(log(r.ratio / r.ci_lo) >= w2 - 1e-12 &&
			log(r.ci_hi / r.ratio) >= w2 - 1e-12,
		"CI [%g, %g] narrower than the 2%% noise", r.ci_lo, r.ci_hi);
	/* the same data with a noisy host assumed: no longer a change */
	v = single_verdict(100, 130, 0.5, 0.05, &r);
	T_CHECK(v == COMPARE_INCONCLUSIVE, "1.3x, one run, 50%% noise: %s",
		compare_verdict_name(v));
	T_CHECK(r.p < 0.01 && r.ci_lo < 1 && r.run_noise == 0.5,
		"50%%: p %g CI [%g, %g]", r.p, r.ci_lo, r.ci_hi);
	v = single_verdict(100, 70, 0.02, 0.05, &r);
	T_CHECK(v == COMPARE_IMPROVEMENT, "0.7x, one run: %s",
		compare_verdict_name(v));
	/*
	 * Identical runs: the widening alone (2% noise: e^-0.055 = 0.946)
	 * reaches past a 5% threshold, so one run a side cannot show
	 * "unchanged" within 5%; within 10% it can.
	 */
	v = single_verdict(100, 100, 0.02, 0.05, &r);
	T_CHECK(v == COMPARE_INCONCLUSIVE, "identical, 5%%: %s",
		compare_verdict_name(v));
	T_CHECK(r.ratio == 1 && r.p == 1 && r.ci_lo <= exp(-w2) &&
			r.ci_hi >= exp(w2),
		"identical: %g [%g, %g] p %g", r.ratio, r.ci_lo, r.ci_hi, r.p);
	v = single_verdict(100, 100, 0.02, 0.10, &r);
	T_CHECK(v == COMPARE_UNCHANGED, "identical, 10%%: %s",
		compare_verdict_name(v));
	test_single_drift();
}

/* --- the drift within a run ------------------------------------------ */

static double drift_of(const double *v, size_t n)
{
	json_t *p = point_of(v, n);
	double sd = -1;
	int rc = compare_run_drift(p, "op_latency", NAN, &sd);

	T_CHECK(rc == 0, "drift rc %d", rc);
	json_decref(p);
	return sd;
}

static void test_drift(void)
{
	double v[40], sd, l = log(1.5);
	size_t i;
	json_t *p;

	/* the second half 1.5x the first: sd of log(median) ~ L / sqrt(2) */
	for (i = 0; i < 40; i++)
		v[i] = (i < 20 ? 100 : 150) * (1 + 0.001 * (double)(i % 5));
	sd = drift_of(v, 40);
	T_CHECK(sd > 0.9 * l / M_SQRT2 && sd <= l / M_SQRT2,
		"drift %g, want just under %g", sd, l / M_SQRT2);
	/* the same values in another order: no drift */
	for (i = 0; i < 40; i++)
		v[i] = (i % 2 ? 100 : 150) * (1 + 0.001 * (double)(i % 5));
	sd = drift_of(v, 40);
	T_CHECK(sd == 0, "alternating halves: drift %g", sd);
	/*
	 * Halves 2% apart whose values spread over 50..150: the difference
	 * is within the sampling noise of their medians, so no drift.
	 */
	for (i = 0; i < 40; i++)
		v[i] = (50 + 100 * (double)((i * 7) % 20) / 19) *
		       (i < 20 ? 1 : 1.02);
	sd = drift_of(v, 40);
	T_CHECK(sd == 0, "2%% within a 100%% spread: drift %g", sd);
	/* fewer than 10 samples: halves of 5 say nothing */
	for (i = 0; i < 9; i++)
		v[i] = i < 4 ? 100 : 1000;
	T_CHECK(drift_of(v, 9) == 0, "9 samples");
	/* a metric the point lacks: no drift, no error */
	p = point_of(v, 9);
	T_CHECK(compare_run_drift(p, "pinner_iops", NAN, &sd) == 0 && sd == 0,
		"absent metric: sd %g", sd);
	json_decref(p);
	/*
	 * Ops at the timeout are stalls, not a level: left out, the run has
	 * no drift; read as samples, they would lift the second half.
	 */
	for (i = 0; i < 20; i++)
		v[i] = i >= 10 && i % 2 ? 1e9 : 100 + (double)(i % 3);
	p = point_of(v, 20);
	T_CHECK(compare_run_drift(p, "op_latency", 1e9, &sd) == 0 && sd == 0,
		"censored stalls read as drift: %g", sd);
	T_CHECK(compare_run_drift(p, "op_latency", NAN, &sd) == 0 && sd > 1,
		"stalls kept as samples: drift %g", sd);
	json_decref(p);
}

/* --- widening a CI ----------------------------------------------------- */

static void test_widen(void)
{
	struct compare_row r;
	double w = 1.959964 * M_SQRT2 * 0.1;

	row_init(&r, "op_latency", COMPARE_LOWER_BETTER);
	r.ratio = 1.2;
	r.ci_lo = 1.1;
	r.ci_hi = 1.3;
	compare_widen_ci(&r, 0.1);
	T_CHECK(near(log(1.2 / r.ci_lo), hypot(log(1.2 / 1.1), w), 1e-12) &&
			near(log(r.ci_hi / 1.2), hypot(log(1.3 / 1.2), w),
			     1e-12),
		"widened [%g, %g]", r.ci_lo, r.ci_hi);
	r.ci_lo = 1.1;
	r.ci_hi = 1.3;
	compare_widen_ci(&r, 0);
	T_CHECK(r.ci_lo == 1.1 && r.ci_hi == 1.3, "no noise: [%g, %g]", r.ci_lo,
		r.ci_hi);
	r.ratio = INFINITY;
	compare_widen_ci(&r, 0.1);
	T_CHECK(r.ci_lo == 1.1 && r.ci_hi == 1.3, "infinite ratio: [%g, %g]",
		r.ci_lo, r.ci_hi);
}

/* --- a side loaded from points, a stalled op censored ------------------ */

static void test_side_load(void)
{
	static const double run1[] = { 30, 10, 20 };
	static const double run2[] = { 15, 1000, 25, 5 };
	json_t *runs[3], *pts[3];
	struct compare_side_vals sv;
	int rc;

	runs[0] = json_pack("{s:{s:i}}", "scenario", "timeout", 1000);
	runs[1] = json_incref(runs[0]);
	runs[2] = json_incref(runs[0]);
	pts[0] = point_of(run1, 3);
	pts[1] = NULL; /* a run without the point */
	pts[2] = point_of(run2, 4);
	rc = compare_side_vals_load((const json_t *const *)pts, runs, 3,
				    "op_latency", &sv);
	T_CHECK(rc == 0 && sv.r == 2 && sv.total == 6 && sv.censored == 1 &&
			!sv.no_samples,
		"rc %d runs %zu total %zu censored %zu", rc, sv.r, sv.total,
		sv.censored);
	T_CHECK(rc == 0 && sv.n[0] == 3 && sv.v[0][0] == 10 &&
			sv.v[0][2] == 30 && sv.n[1] == 3 && sv.v[1][2] == 25,
		"runs not sorted or the stall kept");
	T_CHECK(rc == 0 && sv.all[0] == 5 && sv.all[5] == 30,
		"pooled: %g .. %g", sv.all[0], sv.all[5]);
	compare_side_vals_free(&sv);
	json_decref(pts[0]);
	json_decref(pts[2]);
	json_decref(runs[0]);
	json_decref(runs[1]);
	json_decref(runs[2]);
}

/* --- the stall row ----------------------------------------------------- */

static enum compare_verdict stall_verdict(size_t base, size_t new_,
					  struct compare_row *r)
{
	int rc;

	row_init(r, COMPARE_STALL_METRIC, COMPARE_DIR_UNKNOWN);
	r->stalls_base = (struct compare_stalls){ .runs = 2,
						  .runs_stalled = base > 0,
						  .stalls = base,
						  .ops = 40,
						  .timeout_ns = 60e9 };
	r->stalls_new = r->stalls_base;
	r->stalls_new.stalls = new_;
	r->stalls_new.runs_stalled = new_ > 0;
	rc = compare_stall_verdict(r);
	T_CHECK(rc == 0 && r->note, "stall verdict rc %d", rc);
	return r->verdict;
}

static void test_stalls(void)
{
	struct compare_row r;

	T_CHECK(stall_verdict(0, 2, &r) == COMPARE_STALL, "new stalls");
	T_CHECK(r.note && strstr(r.note, "60.00s timeout") &&
			strstr(r.note, "base none of 40 ops (2 runs)") &&
			strstr(r.note, "new 2 of 40 ops (1 of 2 runs)"),
		"note: %s", r.note);
	free(r.note);
	T_CHECK(stall_verdict(3, 0, &r) == COMPARE_IMPROVEMENT,
		"only base stalls");
	free(r.note);
	T_CHECK(stall_verdict(1, 1, &r) == COMPARE_STALL_BOTH, "both stall");
	free(r.note);
}

int main(void)
{
	test_decide();
	test_runs();
	test_coverage();
	test_single();
	test_drift();
	test_widen();
	test_side_load();
	test_stalls();
	return t_done();
}
