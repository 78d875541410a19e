// SPDX-License-Identifier: GPL-2.0-only
/*
 * compare's JSON for CI: every row, curve and warning with its figures,
 * NaN as null. Fields are added, never renamed.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "compare-int.h"

static json_t *jnum(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *side_json(const struct compare_side *s)
{
	return json_pack("{s:I,s:o,s:o,s:o}", "n", (json_int_t)s->n, "p50",
			 jnum(s->p50), "p90", jnum(s->p90), "p99",
			 jnum(s->p99));
}

static json_t *fit_json(const struct twosample_fit *fit, bool have)
{
	if (!have)
		return json_null();
	return json_pack("{s:I,s:o,s:o,s:[o,o],s:o}", "n", (json_int_t)fit->n,
			 "a", jnum(fit->a), "b", jnum(fit->b), "b_ci",
			 jnum(fit->b_lo), jnum(fit->b_hi), "r2", jnum(fit->r2));
}

/* {"wake missing": N, ...} over the stall records that have one */
static json_t *diag_json(const struct compare_stalls *st)
{
	json_t *o = json_object();
	size_t i;

	for (i = 0; o && i < DIAGNOSE_NVERDICTS; i++)
		json_object_set_new(o, diagnose_verdicts[i],
				    json_integer((json_int_t)st->diag[i]));
	return o;
}

static json_t *stalls_json(const struct compare_stalls *st)
{
	return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:o,s:o,s:I}", "stalls",
			 (json_int_t)st->stalls, "ops", (json_int_t)st->ops,
			 "runs", (json_int_t)st->runs, "runs_stalled",
			 (json_int_t)st->runs_stalled, "censored_samples",
			 (json_int_t)st->censored, "hung", (json_int_t)st->hung,
			 "timeout_ns", jnum(st->timeout_ns), "diagnoses",
			 diag_json(st), "undiagnosed",
			 (json_int_t)st->undiagnosed);
}

/*
 * Fields added since the first JSON schema of compare, set on @row:
 * added, never renamed, so that scripts written against it keep working.
 */
static void row_json_additions(json_t *row, const struct compare_row *r)
{
	json_object_set_new(row, "p_floor", jnum(r->p_floor));
	json_object_set_new(row, "censored_dropped",
			    json_pack("[I,I]", (json_int_t)r->censored_base,
				      (json_int_t)r->censored_new));
	if (compare_is_stall_row(r))
		json_object_set_new(row, "stalls",
				    json_pack("{s:o,s:o}", "base",
					      stalls_json(&r->stalls_base),
					      "new",
					      stalls_json(&r->stalls_new)));
}

static json_t *strv_json(char *const *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

/* @v (a JSON value of a result) as it is, or null when absent */
static json_t *copy_or_null(json_t *v)
{
	return v ? json_incref(v) : json_null();
}

/*
 * Where one run came from: its file, whether it finished, the tool
 * that wrote it, its command line, its scenario file and the kernel
 * build (--kernel-source), each as the result holds it, null where the
 * result predates the field or the kernel was not built so.
 */
static json_t *run_json(const json_t *r, const char *path)
{
	json_t *res = (json_t *)r;

	json_t *kb = json_object_get(
		json_object_get(json_object_get(res, "host"), "vm"),
		"kernel_build");

	return json_pack(
		"{s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "file", path,
		"kernel_build", copy_or_null(kb), "run_id",
		copy_or_null(json_object_get(res, "run_id")), "started",
		copy_or_null(json_object_get(res, "started")), "complete",
		copy_or_null(json_object_get(res, "complete")),
		"interrupted_by",
		copy_or_null(json_object_get(res, "interrupted_by")), "tool",
		copy_or_null(json_object_get(res, "tool")), "invocation",
		copy_or_null(json_object_get(res, "invocation")),
		"scenario_file",
		copy_or_null(json_object_get(res, "scenario_file")));
}

static json_t *runs_json(json_t *const *runs, char *const *paths, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < n; i++)
		json_array_append_new(a, run_json(runs[i], paths[i]));
	return a;
}

/* What --changes-only left out of @s: counts of rows by verdict. */
static json_t *left_out_json(const struct compare_scenario *s,
			     const struct compare_opts *o)
{
	json_t *by = json_object();
	size_t i, rows = 0, curves = 0, n;
	int v;

	/* COMPARE_TOO_FEW_RUNS is the last verdict (compare.h) */
	for (v = COMPARE_UNCHANGED; v <= COMPARE_TOO_FEW_RUNS; v++) {
		n = compare_left_out(o, s, (enum compare_verdict)v);
		rows += n;
		if (n)
			json_object_set_new(
				by,
				compare_verdict_name((enum compare_verdict)v),
				json_integer((json_int_t)n));
	}
	for (i = 0; i < s->ncurves; i++)
		curves += !compare_curve_shown(o, &s->curves[i]);
	return json_pack("{s:I,s:I,s:o}", "rows", (json_int_t)rows, "curves",
			 (json_int_t)curves, "verdicts", by);
}

/*
 * Fields added to a scenario since the first JSON schema of compare:
 * where each run of each side came from, the notes on how the sides
 * differ in that, and what --changes-only left out.
 */
static void scenario_json_additions(json_t *scn,
				    const struct compare_scenario *s,
				    const struct compare_opts *o)
{
	char **notes = NULL;
	size_t n = 0;

	json_object_set_new(
		scn, "provenance",
		json_pack("{s:o,s:o}", "base",
			  runs_json(s->base_runs, s->base_paths, s->nbase_runs),
			  "new",
			  runs_json(s->new_runs, s->new_paths, s->nnew_runs)));
	if (!compare_prov_notes(s, &notes, &n))
		json_object_set_new(scn, "notes", strv_json(notes, n));
	compare_strv_free(notes, n);
	if (o->changes_only)
		json_object_set_new(scn, "left_out", left_out_json(s, o));
}

static json_t *scenario_json(const struct compare_scenario *s,
			     const struct compare_opts *o)
{
	char runs[512];
	json_t *rows = json_array(), *curves = json_array(), *scn;
	size_t i;

	for (i = 0; i < s->nrows; i++) {
		const struct compare_row *r = &s->rows[i];
		json_t *row;

		if (!compare_row_shown(o, s, i))
			continue;
		row = json_pack("{s:s,s:O,s:s,s:s,s:s,s:o,s:o,s:o,s:[o,o],"
				"s:o,s:s?,s:s,s:s?,s:[I,I],s:I,s:o,s:b}",
				"point", r->point, "params", r->params,
				"metric", r->metric, "unit", r->unit,
				"direction", compare_dir_name(r->dir), "base",
				side_json(&r->base), "new", side_json(&r->new_),
				"ratio", jnum(r->ratio), "ci95", jnum(r->ci_lo),
				jnum(r->ci_hi), "p", jnum(r->p), "test",
				r->test, "verdict",
				compare_verdict_name(r->verdict), "note",
				r->note, "runs", (json_int_t)r->runs_base,
				(json_int_t)r->runs_new, "df",
				(json_int_t)r->df, "run_noise",
				jnum(r->run_noise), "run_noise_measured",
				r->run_noise_measured);
		if (row)
			row_json_additions(row, r);
		json_array_append_new(rows, row);
	}
	for (i = 0; i < s->ncurves; i++) {
		const struct compare_curve *c = &s->curves[i];

		if (!compare_curve_shown(o, c))
			continue;
		json_array_append_new(
			curves,
			json_pack("{s:s,s:s,s:s,s:o,s:o,s:o,s:b,s:[o,o],s:o,"
				  "s:s}",
				  "group", c->group, "metric", c->metric, "x",
				  "xarray_entries", "base",
				  fit_json(&c->base, c->have_base), "new",
				  fit_json(&c->new_, c->have_new),
				  "slope_ratio", jnum(c->slope_ratio),
				  "slope_cis_disjoint", c->disjoint,
				  "slope_ratio_ci95", jnum(c->ci_lo),
				  jnum(c->ci_hi), "slope_ratio_p", jnum(c->p),
				  "verdict", compare_verdict_name(c->verdict)));
		if (c->undefined)
			json_object_set_new(
				json_array_get(curves,
					       json_array_size(curves) - 1),
				"slope_ratio_undefined",
				json_string("the base slope's 95% CI reaches "
					    "0"));
	}
	compare_runs_sentence(s, o, runs, sizeof(runs));
	scn = json_pack("{s:s,s:s,s:s,s:o,s:o,s:s,s:o,s:o,s:o,s:o,s:o,s:{s:I,"
			"s:I,s:I},s:o}",
			"scenario", s->name, "base_file", s->base_path,
			"new_file", s->new_path, "base_files",
			strv_json(s->base_paths, s->nbase_runs), "new_files",
			strv_json(s->new_paths, s->nnew_runs), "runs", runs,
			"warnings", strv_json(s->warnings, s->nwarnings),
			"only_in_base", strv_json(s->only_base, s->nonly_base),
			"only_in_new", strv_json(s->only_new, s->nonly_new),
			"rows", rows, "curves", curves, "stalls", "points_base",
			(json_int_t)s->stall_points_base, "points_new",
			(json_int_t)s->stall_points_new, "censored_dropped",
			(json_int_t)s->censored, "point_warnings",
			strv_json(s->point_warnings, s->npoint_warnings));
	if (scn)
		scenario_json_additions(scn, s, o);
	return scn;
}

int compare_print_json(const struct compare_report *rep, FILE *f)
{
	json_t *scn = json_array(), *root;
	char *sum;
	size_t i;
	int rc;

	for (i = 0; i < rep->nscn; i++)
		json_array_append_new(scn,
				      scenario_json(&rep->scn[i], &rep->opts));
	root = json_pack("{s:i,s:{s:f,s:f,s:f,s:s,s:f},s:s,s:s,s:b,s:I,s:I,"
			 "s:o,s:o,s:o}",
			 "schema", 1, "rule", "threshold", rep->opts.threshold,
			 "alpha", rep->opts.alpha, "ci_level", 0.95, "test",
			 "t-runs: Student t on log per-run medians (several "
			 "runs a side); perm-runs: exact permutation test on "
			 "them (too few runs or no spread for t); mwu-*: "
			 "two-sided Mann-Whitney U (one run a side, CI widened "
			 "by run_noise)",
			 "run_noise_assumed", rep->opts.run_noise,
			 "base_kernel", rep->base_label, "new_kernel",
			 rep->new_label, "regression", rep->regressions > 0,
			 "regressions", (json_int_t)rep->regressions,
			 "improvements", (json_int_t)rep->improvements,
			 "scenarios", scn, "scenarios_only_in_base",
			 strv_json(rep->only_base, rep->nonly_base),
			 "scenarios_only_in_new",
			 strv_json(rep->only_new, rep->nonly_new));
	sum = compare_summary_str(rep);
	if (!root || !sum) {
		json_decref(root);
		free(sum);
		return -ENOMEM;
	}
	json_object_set_new(
		root, "stalls",
		json_pack("{s:I,s:I,s:I,s:I,s:I,s:I}", "regressions",
			  (json_int_t)rep->stall_regressions, "ops_base",
			  (json_int_t)rep->stall_ops_base, "ops_new",
			  (json_int_t)rep->stall_ops_new, "points_base",
			  (json_int_t)rep->stall_points_base, "points_new",
			  (json_int_t)rep->stall_points_new, "censored_dropped",
			  (json_int_t)rep->censored));
	json_object_set_new(root, "summary", json_string(sum));
	json_object_set_new(root, "changes_only",
			    json_boolean(rep->opts.changes_only));
	free(sum);
	rc = json_dumpf(root, f, JSON_INDENT(2));
	fputc('\n', f);
	json_decref(root);
	return rc ? -EIO : 0;
}
