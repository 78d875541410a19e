/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the files of compare (src/compare*.c; compare.c says which holds
 * what) share and nobody else needs: the metric table, the samples of a
 * point read in op order, the statistics of one metric, the stall
 * verdict and the curves. The API is compare.h.
 */
#ifndef DAXBENCH_COMPARE_INT_H
#define DAXBENCH_COMPARE_INT_H

#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>

#include "compare.h"

/* ---- compare-label.c: names, labels, string lists -------------------- */

struct compare_metric_entry {
	const char *name;
	enum compare_dir dir;
};

/* Which way each metric regresses: the one table (compare-label.c). */
extern const struct compare_metric_entry compare_metric_table[];
extern const size_t compare_nmetrics;

/* qsort(3) comparison of two char * by strcmp(). */
int compare_name_cmp(const void *a, const void *b);

/* A JSON number's value, NaN for anything else. */
static inline double compare_num_or_nan(const json_t *j)
{
	return json_is_number(j) ? json_number_value(j) : NAN;
}

/* ---- compare-load.c: the samples of a point -------------------------- */

/*
 * The samples of @metric in @point in op order: a view of a lean table,
 * or a copy out of the tree in *@owned (free it). -ENOENT: no samples.
 */
int compare_values_view(const json_t *point, const char *metric,
			const double **v, size_t *n, double **owned);

/*
 * The samples of @metric in op order without the stalled ops (op_latency
 * >= @timeout, NaN: none); *@v a copy to free, *@dropped those left out.
 */
int compare_values_op_order(const json_t *point, const char *metric,
			    double timeout, double **v, size_t *n,
			    size_t *dropped);

/* ---- compare-stats.c: one metric of one point ------------------------ */

/* The samples of one metric of one point, run by run, on one side. */
struct compare_side_vals {
	double **v; /* sorted samples of each run that has some */
	size_t *n, r, total;
	double *all; /* every sample, sorted: v[0] itself when r == 1 */
	bool no_samples; /* a run has the metric but no "samples" */
	size_t censored; /* samples of stalled ops left out */
};

/* A side's figures from a metric's summary (or single value). */
void compare_side_from_summary(const json_t *m, struct compare_side *s);
/* From the histograms of every run, pooled; the runs pooled or -ENOMEM. */
int compare_side_from_hists(const json_t *const *pts, size_t npts,
			    const char *metric, struct compare_side *s);
/* From @n sorted samples. */
void compare_side_from_values(const double *v, size_t n,
			      struct compare_side *s);

/* The verdict of a row with ratio, CI and p: the one place it is made. */
enum compare_verdict compare_decide(const struct compare_row *r,
				    const struct compare_opts *o);

/* @metric's samples at the point @pts[k] of each run @runs[k]. */
int compare_side_vals_load(const json_t *const *pts, json_t *const *runs,
			   size_t npts, const char *metric,
			   struct compare_side_vals *sv);
void compare_side_vals_free(struct compare_side_vals *sv);

/* The drift within one run as an sd of log(median); 0 when unseen. */
int compare_run_drift(const json_t *point, const char *metric, double timeout,
		      double *sd);
/* Widen @r's CI on the log scale by 1.96 sqrt(2) @sd, in quadrature. */
void compare_widen_ci(struct compare_row *r, double sd);

/* Several runs: ratio, CI, p, df and run_noise of @r ("t-runs" etc.). */
int compare_runs(const struct compare_side_vals *b,
		 const struct compare_side_vals *n, struct compare_row *r);
/* One run a side: MWU and a bootstrap CI widened by the run noise. */
int compare_single(const struct compare_side_vals *b,
		   const struct compare_side_vals *n, const json_t *bp,
		   double tb, const json_t *np, double tn,
		   const struct compare_opts *o, struct compare_row *r);

/* ---- compare-stalls.c ------------------------------------------------- */

/* The verdict and note of a stall row from its stalls_base/_new. */
int compare_stall_verdict(struct compare_row *r);

/* ---- compare-curve.c -------------------------------------------------- */

/* The scan-cost curves of @s when both sides sweep file.size. */
int compare_add_curves(struct compare_scenario *s,
		       const struct compare_opts *o);

#endif
