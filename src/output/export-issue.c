// SPDX-License-Identifier: GPL-2.0-only
/*
 * A comparison's findings as KCIDB issues and incidents: each point
 * where the new kernel stalls (where the base did not, or as the base
 * did), each metric compare calls a regression and each scan-cost slope
 * that regressed is an issue; each test of the new side that shows it
 * is an incident of that issue. Which points are findings is compare's
 * verdict alone (compare_run()), never decided again here.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export-int.h"
#include "units.h"

/* Every issue is written whole each time: its first version is all. */
#define EXPORT_ISSUE_VERSION 1

static const char *row_kind(const struct compare_row *r)
{
	switch (r->verdict) {
	case COMPARE_STALL:
		return "stall";
	case COMPARE_STALL_BOTH:
		return "stall_both";
	case COMPARE_REGRESSION:
		return "regression";
	default:
		return NULL;
	}
}

/* One finding: a row or a curve of a scenario. */
struct finding {
	const struct compare_report *rep;
	const struct compare_scenario *s;
	const char *kind; /* "stall", "stall_both", "regression", "slope" */
	const char *point; /* the row's point, or the curve's group */
	const struct compare_row *row; /* one of these two */
	const struct compare_curve *curve;
	const char *metric;
	/* the ratio of the medians, or of the slopes: CI and p */
	double ratio, ci_lo, ci_hi, p;
};

static void finding_row(struct finding *f, const struct compare_row *r)
{
	f->kind = row_kind(r);
	f->point = r->point;
	f->row = r;
	f->metric = r->metric;
	f->ratio = r->ratio;
	f->ci_lo = r->ci_lo;
	f->ci_hi = r->ci_hi;
	f->p = r->p;
}

static void finding_curve(struct finding *f, const struct compare_curve *c)
{
	f->kind = "slope";
	f->point = c->group;
	f->curve = c;
	f->metric = c->metric;
	f->ratio = c->slope_ratio;
	f->ci_lo = c->ci_lo;
	f->ci_hi = c->ci_hi;
	f->p = c->p;
}

/* "%.4g" of @v, or "?" for NaN, in @buf. */
static const char *g4(double v, char *buf, size_t len)
{
	if (isfinite(v))
		snprintf(buf, len, "%.4g", v);
	else
		snprintf(buf, len, "?");
	return buf;
}

/* @v in @unit as people read it: "1.23ms" for ns, "2.5 calls" else. */
static const char *figure(double v, const char *unit, char *buf, size_t len)
{
	if (!strcmp(unit, "ns") && isfinite(v) && v >= 0)
		return units_fmt_duration((uint64_t)llround(v), buf, len);
	if (isfinite(v))
		snprintf(buf, len, "%.4g %s", v, unit);
	else
		snprintf(buf, len, "?");
	return buf;
}

static char *curve_comment(const struct finding *f)
{
	const struct compare_curve *c = f->curve;
	char x[6][32];

	return db_asprintf("%s, %s: %s per xarray entry regressed on %s "
			   "against %s: slope %s -> %s ns per entry (ratio "
			   "%s, 95%% CI [%s, %s], p %s)",
			   f->s->name, f->point, c->metric, f->rep->new_label,
			   f->rep->base_label, g4(c->base.b, x[0], 32),
			   g4(c->new_.b, x[1], 32),
			   g4(c->slope_ratio, x[2], 32), g4(c->ci_lo, x[3], 32),
			   g4(c->ci_hi, x[4], 32), g4(c->p, x[5], 32));
}

static char *finding_comment(const struct finding *f)
{
	const char *b = f->rep->base_label, *n = f->rep->new_label;
	const struct compare_row *r = f->row;
	char x[6][32];

	if (f->curve)
		return curve_comment(f);
	if (r->verdict != COMPARE_REGRESSION)
		return db_asprintf("%s, %s: ops stall on %s%s%s; %s",
				   f->s->name, f->point, n,
				   r->verdict == COMPARE_STALL ?
					   " where not on " :
					   " as on ",
				   b, r->note ? r->note : "");
	return db_asprintf("%s, %s: %s regressed on %s against %s: p50 %s -> "
			   "%s (ratio %s, 95%% CI [%s, %s], p %s)",
			   f->s->name, f->point, r->metric, n, b,
			   figure(r->base.p50, r->unit, x[0], 32),
			   figure(r->new_.p50, r->unit, x[1], 32),
			   g4(r->ratio, x[2], 32), g4(r->ci_lo, x[3], 32),
			   g4(r->ci_hi, x[4], 32), g4(r->p, x[5], 32));
}

/* A side's figures: its kernel, and n, p50, p99 (or the fitted slope). */
static void put_side(json_t *m, const struct finding *f, bool base, int *rc)
{
	const struct compare_row *r = f->row;
	json_t *o = json_object();

	if (!o)
		*rc = *rc ?: -ENOMEM;
	export_put_str(o, "kernel",
		       base ? f->rep->base_label : f->rep->new_label, rc);
	if (f->curve) {
		const struct twosample_fit *fit = base ? &f->curve->base :
							 &f->curve->new_;

		export_put_num(o, "slope_ns_per_entry", fit->b, rc);
		export_put_num(o, "points", (double)fit->n, rc);
	} else if (r->verdict != COMPARE_REGRESSION) {
		const struct compare_stalls *st = base ? &r->stalls_base :
							 &r->stalls_new;

		export_put_num(o, "stalls", (double)st->stalls, rc);
		export_put_num(o, "ops", (double)st->ops, rc);
		export_put_num(o, "runs", (double)st->runs, rc);
	} else {
		const struct compare_side *sd = base ? &r->base : &r->new_;

		export_put_num(o, "n", (double)sd->n, rc);
		export_put_num(o, "p50", sd->p50, rc);
		export_put_num(o, "p99", sd->p99, rc);
	}
	export_put_new(m, base ? "base" : "new", o, rc);
}

/* The finding in figures: both sides, the ratio, its CI and p. */
static void put_misc(json_t *issue, const struct finding *f, int *rc)
{
	json_t *m = json_object();

	if (!m)
		*rc = *rc ?: -ENOMEM;
	export_put_str(m, "kind", f->kind, rc);
	export_put_str(m, "scenario", f->s->name, rc);
	export_put_str(m, f->curve ? "group" : "point", f->point, rc);
	export_put_str(m, "metric", f->metric, rc);
	if (f->row)
		export_put_new(m, "params", json_deep_copy(f->row->params), rc);
	put_side(m, f, true, rc);
	put_side(m, f, false, rc);
	export_put_num(m, "ratio", f->ratio, rc);
	if (isfinite(f->ci_lo) && isfinite(f->ci_hi))
		export_put_new(m, "ci95",
			       json_pack("[f,f]", f->ci_lo, f->ci_hi), rc);
	export_put_num(m, "p", f->p, rc);
	export_put_new(issue, "misc", m, rc);
}

static json_t *issue_json(const struct finding *f, const char *id,
			  const char *origin)
{
	char *comment = finding_comment(f);
	json_t *i = json_pack("{s:s,s:i,s:s,s:{s:b}}", "id", id, "version",
			      EXPORT_ISSUE_VERSION, "origin", origin, "culprit",
			      "code", 1);
	int rc = i && comment ? 0 : -ENOMEM;

	export_put_str(i, "comment", comment, &rc);
	put_misc(i, f, &rc);
	free(comment);
	if (rc) {
		json_decref(i);
		return NULL;
	}
	return i;
}

/* Point @pt of a new run shows finding @f. */
static bool shows(const struct finding *f, const json_t *run, const json_t *pt)
{
	const json_t *params = json_object_get(pt, "params");
	char *g;
	bool yes;

	if (f->row) {
		if (!json_equal(params, f->row->params))
			return false;
		/* a stall is where an op stalled, not every run of the point */
		return f->row->verdict == COMPARE_REGRESSION ||
		       export_point_stalls(run, pt);
	}
	g = compare_point_label(params, "file.size");
	yes = g && !strcmp(g, f->point);
	free(g);
	return yes;
}

static int incident_add(json_t *incidents, const char *origin,
			const char *issue_id, const json_t *run, size_t i)
{
	char *tid = export_test_id(origin, run, i);
	char *bid = export_build_id(run, origin);
	char *id =
		tid ? export_id(origin, "incident", "%s\n%s", issue_id, tid) :
		      NULL;
	json_t *o = id && bid ? json_pack("{s:s,s:s,s:s,s:i,s:s,s:s,s:b}", "id",
					  id, "origin", origin, "issue_id",
					  issue_id, "issue_version",
					  EXPORT_ISSUE_VERSION, "build_id", bid,
					  "test_id", tid, "present", 1) :
				NULL;
	int rc = o && !json_array_append_new(incidents, o) ? 0 : -ENOMEM;

	free(tid);
	free(bid);
	free(id);
	return rc;
}

static int strp_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The builds of @n runs, sorted, one a line: which kernels a side is,
 * whatever the order its results were given in. malloc'd or NULL.
 */
static char *kernels_key(json_t *const *runs, size_t n, const char *origin)
{
	char **ids = calloc(n + 1, sizeof(*ids)), *key = strdup("");
	size_t i;

	for (i = 0; ids && i < n; i++)
		if (!(ids[i] = export_build_id(runs[i], origin)))
			break;
	if (ids && i == n)
		qsort(ids, n, sizeof(*ids), strp_cmp);
	for (i = 0; ids && key && i < n && ids[i]; i++) {
		char *k = key;

		/* a kernel's runs are one build: said once */
		if (i && !strcmp(ids[i], ids[i - 1]))
			continue;
		key = db_asprintf("%s%s\n", k, ids[i]);
		free(k);
	}
	if (!ids || i < n) {
		free(key);
		key = NULL;
	}
	for (i = 0; ids && i < n; i++)
		free(ids[i]);
	free(ids);
	return key;
}

static int finding_add(const struct finding *f, const char *origin,
		       json_t *issues, json_t *incidents)
{
	const char *metric = f->metric;
	char *bk = kernels_key(f->s->base_runs, f->s->nbase_runs, origin);
	char *nk = kernels_key(f->s->new_runs, f->s->nnew_runs, origin);
	char *id = bk && nk ? export_id(origin, "issue",
					"%s\n%s\n%s\n%s\n%s\n%s", f->kind,
					f->s->name, f->point, metric, bk, nk) :
			      NULL;
	json_t *issue = id ? issue_json(f, id, origin) : NULL;
	int rc = issue && !json_array_append_new(issues, issue) ? 0 : -ENOMEM;
	const json_t *pt;
	size_t k, i;

	for (k = 0; !rc && k < f->s->nnew_runs; k++) {
		const json_t *run = f->s->new_runs[k];

		json_array_foreach(json_object_get(run, "points"), i, pt)
		{
			if (!rc && shows(f, run, pt))
				rc = incident_add(incidents, origin, id, run,
						  i);
		}
	}
	free(bk);
	free(nk);
	free(id);
	return rc;
}

int export_issues(const struct compare_report *rep, const char *origin,
		  json_t *issues, json_t *incidents)
{
	size_t i, k;
	int rc = 0;

	for (i = 0; !rc && i < rep->nscn; i++) {
		const struct compare_scenario *s = &rep->scn[i];

		for (k = 0; !rc && k < s->nrows; k++) {
			struct finding f = { .rep = rep, .s = s };

			finding_row(&f, &s->rows[k]);
			if (f.kind)
				rc = finding_add(&f, origin, issues, incidents);
		}
		for (k = 0; !rc && k < s->ncurves; k++) {
			struct finding f = { .rep = rep, .s = s };

			finding_curve(&f, &s->curves[k]);
			if (s->curves[k].verdict == COMPARE_REGRESSION)
				rc = finding_add(&f, origin, issues, incidents);
		}
	}
	return rc;
}
