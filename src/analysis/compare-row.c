// SPDX-License-Identifier: GPL-2.0-only
/*
 * The rows of one point of a comparison: its stall row when a side
 * stalled, then a row per metric either side has (table order first),
 * each with its figures, its test and verdict, or the reason there is
 * none; and the engine's warnings of the point where a verdict matters.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare-int.h"

/*
 * A metric with no raw samples on a side (a histogram or a single
 * value): the figures, pooled over the runs where histograms allow,
 * and why no test was made.
 */
static int untested_row(const struct compare_scenario *s, const json_t *bm,
			const json_t *nm, const json_t *const *bpts,
			const json_t *const *npts, struct compare_row *r)
{
	int hb, hn;

	compare_side_from_summary(bm, &r->base);
	compare_side_from_summary(nm, &r->new_);
	hb = compare_side_from_hists(bpts, s->nbase_runs, r->metric, &r->base);
	hn = compare_side_from_hists(npts, s->nnew_runs, r->metric, &r->new_);
	if (hb < 0 || hn < 0)
		return -ENOMEM;
	r->ratio = twosample_ratio(r->new_.p50, r->base.p50);
	r->verdict = COMPARE_UNTESTED;
	if (hb > 1 || hn > 1)
		r->note = db_asprintf("histogram only (the runs "
				      "pooled: %d base, %d new): no raw "
				      "samples for a rank test or a "
				      "bootstrap",
				      hb, hn);
	else if (hb || hn)
		r->note = strdup("histogram only: no raw samples for "
				 "a rank test or a bootstrap");
	else
		r->note = strdup("one value per run: no spread to "
				 "test");
	return r->note ? 0 : -ENOMEM;
}

/*
 * A side without a single sample (@b or @n): not comparable, and when
 * that side's ops stalled, the note says so.
 */
static int no_samples_row(const struct compare_scenario *s,
			  const struct compare_side_vals *b,
			  const struct compare_side_vals *n,
			  const json_t *const *bpts, const json_t *const *npts,
			  struct compare_row *r)
{
	struct compare_stalls st;
	int rc;

	rc = !b->total ?
		     compare_count_stalls(bpts, s->base_runs, s->nbase_runs,
					  &st) :
		     compare_count_stalls(npts, s->new_runs, s->nnew_runs, &st);
	if (rc)
		return rc;
	r->verdict = COMPARE_NOT_COMPARABLE;
	/* every op stalled (or the point ended on one): say so */
	r->note = db_asprintf(
		"no samples on the %s side%s",
		!b->total ? (!n->total ? "base and new" : "base") : "new",
		st.stalls ? ": its ops stalled (see the stalls row)" : "");
	return r->note ? 0 : -ENOMEM;
}

/*
 * A side that ran several times but has this point's samples from one
 * run only, against several on the other side: the other runs stalled
 * or ended before the point, so the one left is what the stalls let
 * through (ext4's A/B of the 6.1 fix: one truncate that ran before the
 * stall, "regressed" by 1.55x against 30 ops of the fixed kernel). It
 * cannot stand for the runs that stalled: no verdict, and the note says
 * which side. NULL when both sides are whole enough to test.
 */
static const char *one_run_left(const struct compare_scenario *s,
				const struct compare_side_vals *b,
				const struct compare_side_vals *n)
{
	if (b->r == 1 && s->nbase_runs > 1 && n->r > 1)
		return "base";
	if (n->r == 1 && s->nnew_runs > 1 && b->r > 1)
		return "new";
	return NULL;
}

/*
 * The test and verdict of a metric with samples on both sides: over
 * runs when there are several, else over the samples of one run a side.
 */
static int tested_row(const struct compare_scenario *s,
		      const struct compare_side_vals *b,
		      const struct compare_side_vals *n, const json_t *bp,
		      const json_t *np, const struct compare_opts *o,
		      struct compare_row *r)
{
	const char *side;
	int rc;

	if (b->r + n->r >= 3)
		rc = compare_runs(b, n, r);
	else
		rc = compare_single(b, n, bp, compare_timeout_ns(s->base), np,
				    compare_timeout_ns(s->new_), o, r);
	if (rc)
		return rc;
	if (r->dir == COMPARE_DIR_UNKNOWN) {
		r->verdict = COMPARE_UNTESTED;
		r->note = strdup("no known direction for this metric "
				 "(see compare's metric table)");
		return r->note ? 0 : -ENOMEM;
	}
	r->verdict = compare_decide(r, o);
	side = one_run_left(s, b, n);
	if (side && r->verdict != COMPARE_UNCHANGED) {
		r->verdict = COMPARE_TOO_FEW_RUNS;
		r->note = db_asprintf(
			"the %s side has this point's samples from 1 of its "
			"%zu runs (the others stalled or ended before it): "
			"no verdict from what the stalls let through",
			side,
			!strcmp(side, "base") ? s->nbase_runs : s->nnew_runs);
		return r->note ? 0 : -ENOMEM;
	}
	if (b->censored || n->censored) {
		r->note = db_asprintf("samples of stalled ops (>= the timeout) "
				      "dropped: %zu base, %zu new",
				      b->censored, n->censored);
		return r->note ? 0 : -ENOMEM;
	}
	return 0;
}

/*
 * Fill @r for a metric present in the newest points @bp and @np; @bpts
 * and @npts hold the point in every run of each side of @s (NULL where
 * a run lacks it).
 */
static int compare_metric(const struct compare_scenario *s, const json_t *bm,
			  const json_t *nm, const json_t *bp, const json_t *np,
			  const json_t *const *bpts, const json_t *const *npts,
			  const struct compare_opts *o, struct compare_row *r)
{
	struct compare_side_vals b, n;
	int rc;

	rc = compare_side_vals_load(bpts, s->base_runs, s->nbase_runs,
				    r->metric, &b);
	if (!rc)
		rc = compare_side_vals_load(npts, s->new_runs, s->nnew_runs,
					    r->metric, &n);
	else
		memset(&n, 0, sizeof(n));
	if (rc)
		goto out;
	r->runs_base = b.r;
	r->runs_new = n.r;
	r->censored_base = b.censored;
	r->censored_new = n.censored;
	if (b.no_samples || n.no_samples) {
		rc = untested_row(s, bm, nm, bpts, npts, r);
		goto out;
	}
	compare_side_from_values(b.all, b.total, &r->base);
	compare_side_from_values(n.all, n.total, &r->new_);
	if (!b.total || !n.total)
		rc = no_samples_row(s, &b, &n, bpts, npts, r);
	else
		rc = tested_row(s, &b, &n, bp, np, o, r);
out:
	compare_side_vals_free(&b);
	compare_side_vals_free(&n);
	return rc;
}

static bool wanted(const struct compare_opts *o, const char *metric)
{
	size_t i;

	if (!o->metrics)
		return true;
	for (i = 0; i < o->nmetrics; i++)
		if (!strcmp(o->metrics[i], metric))
			return true;
	return false;
}

/* Metric names of both points, table order first, then by name. */
static int metric_names(const json_t *bp, const json_t *np, char ***names,
			size_t *n)
{
	static const char *const groups[] = { "metrics", "unmeasured" };
	const json_t *pts[] = { bp, np };
	size_t i, j, k, first;
	int rc = 0;

	*names = NULL;
	*n = 0;
	for (i = 0; !rc && i < compare_nmetrics; i++)
		for (j = 0; j < 4; j++)
			if (json_object_get(json_object_get(pts[j / 2],
							    groups[j % 2]),
					    compare_metric_table[i].name)) {
				rc = compare_strv_add(
					names, n,
					strdup(compare_metric_table[i].name));
				break;
			}
	first = *n;
	for (j = 0; !rc && j < 4; j++) {
		const char *key;
		json_t *v;

		json_object_foreach(json_object_get(pts[j / 2], groups[j % 2]),
				    key, v)
		{
			bool seen = false;

			for (k = 0; k < *n; k++)
				seen |= !strcmp((*names)[k], key);
			/* "faults" and the like are not metrics of a point */
			seen |= !json_object_get(json_object_get(bp, "metrics"),
						 key) &&
				!json_object_get(json_object_get(np, "metrics"),
						 key);
			if (!seen && !rc)
				rc = compare_strv_add(names, n, strdup(key));
		}
	}
	if (!rc && *n > first)
		qsort(*names + first, *n - first, sizeof(**names),
		      compare_name_cmp);
	return rc;
}

/* A row appended to @s with no figures yet; NULL when out of memory. */
static struct compare_row *new_row(struct compare_scenario *s, const json_t *bp,
				   const char *label, const char *metric,
				   const char *unit)
{
	struct compare_row *rows, *r;

	rows = realloc(s->rows, (s->nrows + 1) * sizeof(*rows));
	if (!rows)
		return NULL;
	s->rows = rows;
	r = &rows[s->nrows++];
	memset(r, 0, sizeof(*r));
	r->point = strdup(label);
	r->params = json_incref(json_object_get(bp, "params"));
	r->metric = strdup(metric);
	r->unit = strdup(unit ?: "");
	r->dir = compare_metric_dir(metric);
	r->ratio = r->ci_lo = r->ci_hi = r->p = r->p_floor = NAN;
	r->run_noise = NAN;
	r->base.p50 = r->base.p90 = r->base.p99 = NAN;
	r->new_.p50 = r->new_.p90 = r->new_.p99 = NAN;
	return r->point && r->metric && r->unit ? r : NULL;
}

/* The stall row of a point, first among its rows, when a side stalled. */
static int add_stall_row(struct compare_scenario *s, const json_t *bp,
			 const json_t *const *bpts, const json_t *const *npts,
			 const char *label)
{
	struct compare_stalls b, n;
	struct compare_row *r;
	int rc;

	rc = compare_count_stalls(bpts, s->base_runs, s->nbase_runs, &b);
	if (!rc)
		rc = compare_count_stalls(npts, s->new_runs, s->nnew_runs, &n);
	if (rc || (!b.stalls && !n.stalls))
		return rc;
	s->stall_points_base += b.stalls > 0;
	s->stall_points_new += n.stalls > 0;
	s->censored += b.censored + n.censored;
	r = new_row(s, bp, label, COMPARE_STALL_METRIC, "ops");
	if (!r)
		return -ENOMEM;
	r->stalls_base = b;
	r->stalls_new = n;
	return compare_stall_verdict(r);
}

static int add_row(struct compare_scenario *s, const json_t *bp,
		   const json_t *np, const json_t *const *bpts,
		   const json_t *const *npts, const char *label,
		   const char *metric, const struct compare_opts *o)
{
	const json_t *bm =
		json_object_get(json_object_get(bp, "metrics"), metric);
	const json_t *nm =
		json_object_get(json_object_get(np, "metrics"), metric);
	const char *bu = json_string_value(
		json_object_get(json_object_get(bp, "unmeasured"), metric));
	const char *nu = json_string_value(
		json_object_get(json_object_get(np, "unmeasured"), metric));
	struct compare_row *r = new_row(
		s, bp, label, metric,
		json_string_value(json_object_get(bm ? bm : nm, "unit")));

	if (!r)
		return -ENOMEM;
	if (bm && nm)
		return compare_metric(s, bm, nm, bp, np, bpts, npts, o, r);
	r->verdict = COMPARE_NOT_COMPARABLE;
	if (bu && nu)
		r->note = !strcmp(bu, nu) ?
				  db_asprintf("unmeasured on both sides: %s",
					      bu) :
				  db_asprintf("unmeasured: base: %s; new: %s",
					      bu, nu);
	else if (bu || nu)
		r->note = db_asprintf("unmeasured on the %s side: %s",
				      bu ? "base" : "new", bu ? bu : nu);
	else
		r->note = db_asprintf("absent from the %s side",
				      bm ? "new" : "base");
	return r->note ? 0 : -ENOMEM;
}

/*
 * The warnings[] the engine left on a point ("pins never met an op",
 * "pmd fell back"), of every run of both sides, where they matter: at
 * a point whose rows from @first on have a verdict a reader will act
 * on. Elsewhere they would bury the ones that do.
 */
static int add_point_warnings(struct compare_scenario *s, size_t first,
			      const char *label, const json_t *const *bpts,
			      const json_t *const *npts)
{
	const json_t *const *pts[] = { bpts, npts };
	const size_t nruns[] = { s->nbase_runs, s->nnew_runs };
	const json_t *w;
	size_t i, k, j;
	bool matters = false;
	int rc = 0;

	for (i = first; i < s->nrows; i++) {
		enum compare_verdict v = s->rows[i].verdict;

		matters |= v == COMPARE_REGRESSION ||
			   v == COMPARE_IMPROVEMENT || v == COMPARE_STALL ||
			   v == COMPARE_STALL_BOTH;
	}
	for (i = 0; matters && !rc && i < 2; i++)
		for (k = 0; !rc && k < nruns[i]; k++)
			json_array_foreach(
				json_object_get(pts[i][k], "warnings"), j, w)
			{
				char *t = db_asprintf(
					"%s, %s: %s", i ? "new" : "base", label,
					json_string_value(w) ?: "?");

				if (t &&
				    compare_strv_has(s->point_warnings,
						     s->npoint_warnings, t))
					free(t);
				else
					rc = compare_strv_add(
						&s->point_warnings,
						&s->npoint_warnings, t);
				if (rc)
					break;
			}
	return rc;
}

/*
 * The rows of the point @bp of the newest base run and its match @np:
 * the stall row, a row per wanted metric, and the warnings of its runs
 * where a verdict matters.
 */
int compare_point_rows(struct compare_scenario *s, const struct compare_opts *o,
		       const json_t *bp, const json_t *np, const char *label,
		       const json_t *const *bpts, const json_t *const *npts)
{
	size_t k, nnames = 0, first = s->nrows;
	char **names = NULL;
	int rc;

	/* a stall is an outcome: --metric does not hide it */
	rc = add_stall_row(s, bp, bpts, npts, label);
	if (!rc)
		rc = metric_names(bp, np, &names, &nnames);
	for (k = 0; !rc && k < nnames; k++)
		if (wanted(o, names[k]))
			rc = add_row(s, bp, np, bpts, npts, label, names[k], o);
	compare_strv_free(names, nnames);
	if (!rc)
		rc = add_point_warnings(s, first, label, bpts, npts);
	return rc;
}
