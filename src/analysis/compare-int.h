/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the files of compare (src/compare*.c; compare.c says which holds
 * what) share and nobody else needs: the metric table, the samples of a
 * point read in op order, the statistics of one metric (here so that
 * tests/unit/compare_stats_test.c can check them on made-up sides), the
 * stall verdict, the curves and the pieces the output layouts share.
 * The API is compare.h.
 */
#ifndef DAXBENCH_COMPARE_INT_H
#define DAXBENCH_COMPARE_INT_H

#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>

#include "compare.h"
#include "twosample.h"

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

/* ---- compare-row.c: the rows of a point ------------------------------ */

/*
 * The rows of point @bp of @s's newest base run and its match @np, with
 * @bpts/@npts the point in every run of each side (NULL where a run
 * lacks it): a stall row, a row per metric @o wants, the warnings.
 */
int compare_point_rows(struct compare_scenario *s, const struct compare_opts *o,
		       const json_t *bp, const json_t *np, const char *label,
		       const json_t *const *bpts, const json_t *const *npts);

/* ---- compare-load.c: the samples of a point -------------------------- */

/*
 * The samples of @metric in @point in op order: a view of the fast
 * loader's table, or a copy out of the tree in *@owned (free it).
 * -ENOENT: no samples.
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

/*
 * The samples of @metric in @point, sorted, without the stalled ops: the
 * fast loader's array itself, sorted in place once its drift is taken
 * (*@owned NULL), where no op is censored; else a sorted copy in
 * *@owned (free it). *@dropped counts what was left out.
 */
int compare_values_sorted(const json_t *point, const char *metric,
			  double timeout, const double **v, size_t *n,
			  double **owned, size_t *dropped);

/*
 * compare_sorted_drift() - the drift compare_values_sorted() measured
 * before it sorted @metric's samples in place: 0, or -ENOENT when it did
 * not sort them (their op order stands).
 */
int compare_sorted_drift(const json_t *point, const char *metric, double *sd);

/* ---- compare-stats.c: one metric of one point ------------------------ */

/* The samples of one metric of one point, run by run, on one side. */
struct compare_side_vals {
	const double **v; /* sorted samples of each run that has some */
	double **own; /* those of v that are copies, to free (or NULL) */
	size_t *n, r, total;
	const double *all; /* every sample, sorted: v[0] itself when r == 1 */
	double *all_own; /* all when a copy (r > 1) */
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
/* The same of @n samples @v in op order: 0 or -ENOMEM. */
int compare_drift_of(const double *v, size_t n, double *sd);
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

/* ---- compare-fmt.c: the figures in words, shared by the layouts ------ */

/* A value in its unit ("1.2ms"), a ratio, a CI, a p; "-" or "n/a" if NaN. */
char *compare_fmt_val(double v, const char *unit, char *buf, size_t len);
char *compare_fmt_ratio(double v, char *buf, size_t len);
char *compare_fmt_p(double p, char *buf, size_t len);
/*
 * "assumes 2% run noise" for a tested row of one run a side, whose
 * verdict rests on the run noise assumed (--run-noise, or the drift
 * within a run if larger); "" for a row whose noise was measured.
 */
char *compare_fmt_noise(const struct compare_row *r, char *buf, size_t len);
/* A regression, an improvement or a STALL: a row to mark. */
bool compare_row_significant(const struct compare_row *r);
/* @r is a point's stall row. */
bool compare_is_stall_row(const struct compare_row *r);
/*
 * Row @i of @s is printed: always, or with @o->changes_only when it is a
 * change (regression, improvement, STALL) or a stall row (stalls on
 * both), or, at a point whose stall row is a STALL or an improvement, a
 * row the stall leaves inconclusive, too few runs or not comparable. A
 * curve: always, or when it is a regression or an improvement.
 */
bool compare_row_shown(const struct compare_opts *o,
		       const struct compare_scenario *s, size_t i);
bool compare_curve_shown(const struct compare_opts *o,
			 const struct compare_curve *c);
/* What --changes-only left out of @s, in words; NULL when nothing. */
char *compare_left_out_str(const struct compare_opts *o,
			   const struct compare_scenario *s);
/* How many rows of @s with verdict @v --changes-only left out. */
size_t compare_left_out(const struct compare_opts *o,
			const struct compare_scenario *s,
			enum compare_verdict v);
/*
 * With --changes-only, @s has nothing to print but its name: no row or
 * curve shown, no warning, note, point warning or one-sided point.
 */
bool compare_scenario_quiet(const struct compare_opts *o,
			    const struct compare_scenario *s);
/*
 * "Points only in base" (@base) or "... in new", and why when the other
 * side's newest run is incomplete: it stopped before them.
 */
const char *compare_only_heading(const struct compare_scenario *s, bool base);
/* "lower is better", ... */
const char *compare_dir_name(enum compare_dir d);
/* "Summary: 1 regression, ..." of a report; malloc'd. */
char *compare_summary_str(const struct compare_report *rep);
/* The stalls of one scenario in a sentence; NULL when none (malloc'd). */
char *compare_scenario_stalls_str(const struct compare_scenario *s);
/* How the scenario's verdicts treat between-run noise, in a sentence. */
void compare_runs_sentence(const struct compare_scenario *s,
			   const struct compare_opts *o, char *buf, size_t len);
/* A fitted slope with its CI and R2, into @buf. */
void compare_print_fit(const struct twosample_fit *fit, bool have,
		       const char *unit, char *buf, size_t len);
/* "path" or "3 runs: a.json, b.json, c.json"; malloc'd. */
char *compare_files_str(char *const *paths, size_t n, const char *one);
/* Word-wrap @text to @cols after @first, then @rest (see compare-fmt.c). */
void compare_wrap(FILE *f, size_t cols, const char *first, const char *rest,
		  const char *text);
/* Shell words to @cols, a continued line ending in " \" (compare-fmt.c). */
void compare_wrap_cmd(FILE *f, size_t cols, const char *first, const char *rest,
		      char *const *words, size_t n);

/* ---- compare-prov.c: where the sides came from ---------------------- */

/* " (git X, scenario sha256 Y)" of a result, or ""; malloc'd. */
char *compare_prov_str(const json_t *r);
/* A note when the two sides ran different scenario files, or NULL. */
char *compare_sha_note(const struct compare_scenario *s);
/*
 * Every note on where the sides came from (other scenario files, other
 * --set overrides, other daxbench builds) into a new list @v of @n.
 * Return: 0 or -ENOMEM.
 */
int compare_prov_notes(const struct compare_scenario *s, char ***v, size_t *n);
/* @s has such a note (or the notes could not be made). */
bool compare_prov_has_notes(const struct compare_scenario *s);
/* "daxbench 0.1.0": the tool that wrote @r; malloc'd. */
char *compare_tool_str(const json_t *r);

/* ---- the layouts: compare-text.c, compare-email.c, compare-json.c ---- */

void compare_print_tabular(const struct compare_report *rep, bool md, FILE *f);
void compare_print_email(const struct compare_report *rep, FILE *f);
int compare_print_json(const struct compare_report *rep, FILE *f);

#endif
