// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench compare, the analysis (see compare.h). Several results of one
 * scenario on a side are repeated runs and the run is the unit of
 * replication: the CI comes from a two-level bootstrap (runs, then
 * samples in each run) and the test from the per-run medians, so the
 * drift between consecutive runs (machine load, caches, emulators),
 * which the samples of one run cannot show, counts as noise. With one
 * run per side that drift is not measured; it is assumed (--run-noise)
 * or taken from the drift seen within the runs, whichever is larger, and
 * widens the CI. compare_decide() is the one place a verdict is made.
 * Where a test is impossible (a histogram without raw samples, a single
 * rate value) the figures are shown and the verdict says why none was
 * given; a metric measured on one side only is "not comparable", never
 * a silent zero.
 *
 * This file pairs: results by scenario name into runs of each side, and
 * points by their params. The rooms it calls on (private header
 * compare-int.h): compare-row.c (the rows of a point, a row per metric),
 * compare-load.c (reading the sides and their samples), compare-stats.c
 * (the figures and test of one metric, and the verdict),
 * compare-stalls.c, compare-curve.c (scan-cost lines), compare-label.c
 * (names, labels, string lists), compare-opts.c; the output formats are
 * compare-fmt.c and its layouts, with compare-prov.c (where each side
 * came from).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "compare-int.h"
#include "scenario.h"

/* --- matching ------------------------------------------------------ */

/* Why @b and @n must not be compared silently; "" when they may. */
static void incompatible(const json_t *b, const json_t *n, char *why,
			 size_t len)
{
	const json_t *bv = json_object_get(json_object_get(b, "host"), "vm");
	const json_t *nv = json_object_get(json_object_get(n, "host"), "vm");
	const json_t *bd = json_object_get(json_object_get(b, "target"), "dax");
	const json_t *nd = json_object_get(json_object_get(n, "target"), "dax");
	size_t used;

	why[0] = '\0';
#define WHY(...)                                                          \
	do {                                                              \
		used = strlen(why);                                       \
		snprintf(why + used, len - used, "%s", used ? "; " : ""); \
		used = strlen(why);                                       \
		snprintf(why + used, len - used, __VA_ARGS__);            \
	} while (0)
	if (strcmp(compare_scenario_name(b), compare_scenario_name(n)))
		WHY("different scenarios ('%s' vs '%s')",
		    compare_scenario_name(b), compare_scenario_name(n));
	if (!json_equal(json_object_get(b, "schema"),
			json_object_get(n, "schema")))
		WHY("different result schemas (%" JSON_INTEGER_FORMAT
		    " vs %" JSON_INTEGER_FORMAT ")",
		    json_integer_value(json_object_get(b, "schema")),
		    json_integer_value(json_object_get(n, "schema")));
	if (!(json_equal(bd, nd) || (!bd && !nd)))
		WHY("different target kinds (DAX %s vs %s)",
		    json_is_true(bd) ? "yes" : "no",
		    json_is_true(nd) ? "yes" : "no");
	if (json_is_object(bv) != json_is_object(nv))
		WHY("daxbench vm guest vs host (base %s, new %s)",
		    json_is_object(bv) ? "a guest" : "the host",
		    json_is_object(nv) ? "a guest" : "the host");
	else if (json_is_object(bv) &&
		 !json_equal(json_object_get(bv, "accel"),
			     json_object_get(nv, "accel")))
		WHY("different VM accelerators (%s vs %s)",
		    json_string_value(json_object_get(bv, "accel")) ?: "?",
		    json_string_value(json_object_get(nv, "accel")) ?: "?");
#undef WHY
}

/*
 * A result's stored scenario with the defaults of this version filled
 * in, so that a field added since (operation.interval) is not taken for
 * a change; the stored one as it is if it no longer loads.
 */
static json_t *stored_scenario(const json_t *result)
{
	json_t *s = json_object_get(result, "scenario"), *r = NULL;
	char *text = json_dumps(s, JSON_COMPACT);
	struct db_err err;

	if (!text || scenario_load_string(text, "stored scenario", &r, &err))
		r = json_incref(s);
	free(text);
	return r;
}

/* Scenario fields that differ, other than where it ran and its prose. */
static char *scenario_diff(const json_t *b, const json_t *n)
{
	json_t *bs = stored_scenario(b), *ns = stored_scenario(n), *v;
	const char *key;
	char *out = NULL;

	json_object_foreach(bs, key, v)
	{
		char *o;

		if (!strcmp(key, "target") || !strcmp(key, "description") ||
		    !strcmp(key, "name") ||
		    json_equal(v, json_object_get(ns, key)))
			continue;
		o = db_asprintf("%s%s%s", out ? out : "", out ? ", " : "", key);
		free(out);
		out = o;
		if (!o)
			break;
	}
	json_decref(bs);
	json_decref(ns);
	return out;
}

static const json_t *find_point(const json_t *result, const json_t *params)
{
	const json_t *p;
	size_t i;

	json_array_foreach(json_object_get(result, "points"), i, p)
	{
		if (json_equal(json_object_get(p, "params"), params))
			return p;
	}
	return NULL;
}

/* --- one scenario -------------------------------------------------- */

/* Keep the runs of a side: references to the results, copies of paths. */
static int keep_runs(json_t *const *res, char *const *paths, size_t n,
		     json_t ***runs, char ***rpaths, size_t *nruns)
{
	size_t i;

	*runs = calloc(n, sizeof(**runs));
	*rpaths = calloc(n, sizeof(**rpaths));
	if (!*runs || !*rpaths)
		return -ENOMEM; /* compare_free() frees either */
	*nruns = n;
	for (i = 0; i < n; i++) {
		(*runs)[i] = json_incref(res[i]);
		(*rpaths)[i] = strdup(paths[i]);
		if (!(*rpaths)[i])
			return -ENOMEM;
	}
	return 0;
}

/*
 * Why the runs of one side must not be pooled silently: a run of
 * another kind than the newest is refused (or warned about with
 * --force), a different scenario definition is warned about.
 */
static int check_runs(struct compare_scenario *s, json_t *const *res,
		      char *const *paths, size_t n, const char *side,
		      bool force, struct db_err *err)
{
	char why[1024], *diff;
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i + 1 < n; i++) {
		incompatible(res[i], res[n - 1], why, sizeof(why));
		if (*why && !force)
			return db_err_set(err, -EINVAL,
					  "%s vs %s: refused as runs of the "
					  "same %s side: %s (--force pools "
					  "them anyway)",
					  paths[i], paths[n - 1], side, why);
		if (*why)
			rc = compare_strv_add(
				&s->warnings, &s->nwarnings,
				db_asprintf("FORCED pooling of %s runs "
					    "that differ: %s: %s",
					    side, paths[i], why));
		diff = rc ? NULL : scenario_diff(res[i], res[n - 1]);
		if (diff)
			rc = compare_strv_add(
				&s->warnings, &s->nwarnings,
				db_asprintf("%s run %s has another "
					    "scenario definition, in: %s",
					    side, paths[i], diff));
		free(diff);
	}
	return rc;
}

/*
 * The point a run was interrupted in (its interrupted_by): its figures
 * hold only the ops it finished, which a comparison must not take for
 * the whole point.
 */
static int warn_cut_short(struct compare_scenario *s, const json_t *res,
			  const char *path, const char *side)
{
	const json_t *p;
	size_t i;
	int rc = 0;

	json_array_foreach(json_object_get(res, "points"), i, p)
	{
		const char *by =
			json_string_value(json_object_get(p, "interrupted_by"));
		char *label;

		if (!by)
			continue;
		label = compare_point_label(json_object_get(p, "params"), NULL);
		rc = compare_strv_add(
			&s->warnings, &s->nwarnings,
			label ? db_asprintf("%s run %s: point %s was cut "
					    "short by %s: its figures hold "
					    "only the ops it finished",
					    side, path, label, by) :
				NULL);
		free(label);
		if (rc)
			break;
	}
	return rc;
}

/*
 * A run that did not finish (complete: false) holds fewer points and
 * fewer ops than asked; its side is compared on what it has, and says
 * so, rather than leaving the points it never reached to look like
 * points of one side only.
 */
static int warn_incomplete(struct compare_scenario *s, json_t *const *res,
			   char *const *paths, size_t n, const char *side)
{
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < n; i++) {
		const char *by = json_string_value(
			json_object_get(res[i], "interrupted_by"));

		if (!json_is_false(json_object_get(res[i], "complete")))
			continue;
		rc = compare_strv_add(
			&s->warnings, &s->nwarnings,
			db_asprintf("%s run %s is incomplete%s%s%s: only its "
				    "finished points are compared",
				    side, paths[i],
				    by ? " (interrupted by " : "", by ? by : "",
				    by ? ")" : ""));
		if (!rc)
			rc = warn_cut_short(s, res[i], paths[i], side);
	}
	return rc;
}

void compare_scenario_tally(const struct compare_scenario *s,
			    struct compare_tally *t)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < s->ncurves; i++) {
		t->regressions += s->curves[i].verdict == COMPARE_REGRESSION;
		t->improvements += s->curves[i].verdict == COMPARE_IMPROVEMENT;
	}
	for (i = 0; i < s->nrows; i++) {
		enum compare_verdict v = s->rows[i].verdict;

		t->regressions += v == COMPARE_REGRESSION || v == COMPARE_STALL;
		t->stall_regressions += v == COMPARE_STALL;
		t->improvements += v == COMPARE_IMPROVEMENT;
	}
}

/*
 * A scenario appended to @rep for the runs @bruns (@nb of them, oldest
 * first) and @nruns, with the warnings about how its runs were pooled
 * and paired; @why says how the newest of each side differ ("" when
 * they do not), which --force let through. *@out: the scenario.
 */
static int add_scenario(struct compare_report *rep, json_t *const *bruns,
			char *const *bpaths, size_t nb, json_t *const *nruns,
			char *const *npaths, size_t nn, const char *why,
			struct compare_scenario **out, struct db_err *err)
{
	const json_t *b = bruns[nb - 1], *n = nruns[nn - 1];
	struct compare_scenario *s, *ns;
	char *diff;
	int rc;

	ns = realloc(rep->scn, (rep->nscn + 1) * sizeof(*ns));
	if (!ns)
		return -ENOMEM;
	rep->scn = ns;
	s = &ns[rep->nscn++];
	memset(s, 0, sizeof(*s));
	*out = s;
	s->name = strdup(compare_scenario_name(b));
	s->base_path = strdup(bpaths[nb - 1]);
	s->new_path = strdup(npaths[nn - 1]);
	s->base = json_incref((json_t *)b);
	s->new_ = json_incref((json_t *)n);
	if (!s->name || !s->base_path || !s->new_path)
		return -ENOMEM;
	rc = keep_runs(bruns, bpaths, nb, &s->base_runs, &s->base_paths,
		       &s->nbase_runs);
	if (!rc)
		rc = keep_runs(nruns, npaths, nn, &s->new_runs, &s->new_paths,
			       &s->nnew_runs);
	if (!rc)
		rc = check_runs(s, bruns, bpaths, nb, "base", rep->opts.force,
				err);
	if (!rc)
		rc = check_runs(s, nruns, npaths, nn, "new", rep->opts.force,
				err);
	if (!rc)
		rc = warn_incomplete(s, bruns, bpaths, nb, "base");
	if (!rc)
		rc = warn_incomplete(s, nruns, npaths, nn, "new");
	if (!rc && *why)
		rc = compare_strv_add(
			&s->warnings, &s->nwarnings,
			db_asprintf("FORCED comparison of results that "
				    "differ: %s",
				    why));
	diff = rc ? NULL : scenario_diff(b, n);
	if (diff)
		rc = compare_strv_add(
			&s->warnings, &s->nwarnings,
			db_asprintf("the scenario definitions differ "
				    "in: %s",
				    diff));
	free(diff);
	return rc;
}

/* The points of the newest new run that the newest base run lacks. */
static int list_only_new(struct compare_scenario *s)
{
	const json_t *np;
	size_t i;
	int rc = 0;

	json_array_foreach(json_object_get(s->new_, "points"), i, np)
	{
		if (rc)
			break;
		if (!find_point(s->base, json_object_get(np, "params")))
			rc = compare_strv_add(
				&s->only_new, &s->nonly_new,
				compare_point_label(
					json_object_get(np, "params"), NULL));
	}
	return rc;
}

/* Every point of the newest base run, matched in the newest new run. */
static int compare_points(struct compare_scenario *s,
			  const struct compare_opts *o)
{
	const json_t **bpts, **npts, *bp, *np;
	size_t i, k;
	int rc = 0;

	bpts = calloc(s->nbase_runs, sizeof(*bpts));
	npts = calloc(s->nnew_runs, sizeof(*npts));
	if (!bpts || !npts)
		rc = -ENOMEM;
	json_array_foreach(json_object_get(s->base, "points"), i, bp)
	{
		const json_t *params = json_object_get(bp, "params");
		char *label;

		if (rc)
			break;
		label = compare_point_label(params, NULL);
		if (!label) {
			rc = -ENOMEM;
			break;
		}
		np = find_point(s->new_, params);
		if (!np) {
			rc = compare_strv_add(&s->only_base, &s->nonly_base,
					      label);
			continue;
		}
		for (k = 0; k < s->nbase_runs; k++)
			bpts[k] = find_point(s->base_runs[k], params);
		for (k = 0; k < s->nnew_runs; k++)
			npts[k] = find_point(s->new_runs[k], params);
		rc = compare_point_rows(s, o, bp, np, label, bpts, npts);
		free(label);
	}
	free(bpts);
	free(npts);
	return rc;
}

/* Add the verdicts and stalls of @s to @rep's totals. */
static void add_totals(struct compare_report *rep,
		       const struct compare_scenario *s)
{
	struct compare_tally t;
	size_t i;

	compare_scenario_tally(s, &t);
	rep->regressions += t.regressions;
	rep->stall_regressions += t.stall_regressions;
	rep->improvements += t.improvements;
	for (i = 0; i < s->nrows; i++) {
		rep->stall_ops_base += s->rows[i].stalls_base.stalls;
		rep->stall_ops_new += s->rows[i].stalls_new.stalls;
	}
	rep->stall_points_base += s->stall_points_base;
	rep->stall_points_new += s->stall_points_new;
	rep->censored += s->censored;
}

/*
 * Compare the runs @b (@nb of them, oldest first) with the runs @n of
 * the same scenario; the newest run of each side gives the points and
 * the metrics, and every run that has a point contributes to it.
 */
static int compare_pair(struct compare_report *rep, json_t *const *bruns,
			char *const *bpaths, size_t nb, json_t *const *nruns,
			char *const *npaths, size_t nn, struct db_err *err)
{
	struct compare_scenario *s = NULL;
	char why[1024];
	int rc;

	incompatible(bruns[nb - 1], nruns[nn - 1], why, sizeof(why));
	if (*why && !rep->opts.force)
		return db_err_set(err, -EINVAL,
				  "%s vs %s: refused: %s (--force compares "
				  "them anyway)",
				  bpaths[nb - 1], npaths[nn - 1], why);
	rc = add_scenario(rep, bruns, bpaths, nb, nruns, npaths, nn, why, &s,
			  err);
	if (!rc)
		rc = list_only_new(s);
	if (!rc)
		rc = compare_points(s, &rep->opts);
	if (!rc)
		rc = compare_add_curves(s, &rep->opts);
	if (!rc)
		add_totals(rep, s);
	return rc;
}

static const char *started(const json_t *res)
{
	return json_string_value(json_object_get(res, "started")) ?: "";
}

/*
 * The results of scenario @name on a side, oldest first ("started" is
 * ISO 8601; equal times keep the sorted path order), into @res/@paths.
 * Return: how many.
 */
static size_t runs_of(json_t *const *all, char *const *all_paths, size_t n,
		      const char *name, json_t **res, char **paths)
{
	size_t i, k = 0, j;

	for (i = 0; i < n; i++) {
		if (strcmp(compare_scenario_name(all[i]), name))
			continue;
		for (j = k;
		     j > 0 && strcmp(started(res[j - 1]), started(all[i])) > 0;
		     j--) {
			res[j] = res[j - 1];
			paths[j] = paths[j - 1];
		}
		res[j] = all[i];
		paths[j] = all_paths[i];
		k++;
	}
	return k;
}

/* @i is the first result of its scenario name in @res. */
static bool first_of_name(json_t *const *res, size_t i)
{
	size_t k;

	for (k = 0; k < i; k++)
		if (!strcmp(compare_scenario_name(res[k]),
			    compare_scenario_name(res[i])))
			return false;
	return true;
}

int compare_run(json_t *const *base, char *const *base_paths, size_t nbase,
		json_t *const *new_, char *const *new_paths, size_t nnew,
		const struct compare_opts *opts, struct compare_report *rep,
		struct db_err *err)
{
	json_t **br = NULL, **nr = NULL;
	char **bp = NULL, **np = NULL;
	size_t i, cb, cn;
	int rc = 0;

	memset(rep, 0, sizeof(*rep));
	rep->opts = *opts;
	if (!nbase || !nnew)
		return db_err_set(err, -EINVAL, "nothing to compare");
	rep->base_label = compare_kernel_label(base[nbase - 1]);
	rep->new_label = compare_kernel_label(new_[nnew - 1]);
	if (!rep->base_label || !rep->new_label)
		return db_err_set(err, -ENOMEM, "out of memory");
	if (nbase == 1 && nnew == 1) {
		rc = compare_pair(rep, base, base_paths, 1, new_, new_paths, 1,
				  err);
		goto out;
	}
	br = calloc(nbase, sizeof(*br));
	bp = calloc(nbase, sizeof(*bp));
	nr = calloc(nnew, sizeof(*nr));
	np = calloc(nnew, sizeof(*np));
	if (!br || !bp || !nr || !np) {
		rc = -ENOMEM;
		goto out;
	}
	for (i = 0; !rc && i < nbase; i++) {
		const char *name = compare_scenario_name(base[i]);

		if (!first_of_name(base, i))
			continue;
		cb = runs_of(base, base_paths, nbase, name, br, bp);
		cn = runs_of(new_, new_paths, nnew, name, nr, np);
		if (!cn)
			rc = compare_strv_add(&rep->only_base, &rep->nonly_base,
					      db_asprintf("%s (%s)", name,
							  bp[cb - 1]));
		else
			rc = compare_pair(rep, br, bp, cb, nr, np, cn, err);
	}
	for (i = 0; !rc && i < nnew; i++) {
		const char *name = compare_scenario_name(new_[i]);

		if (!first_of_name(new_, i) ||
		    runs_of(base, base_paths, nbase, name, br, bp))
			continue;
		cn = runs_of(new_, new_paths, nnew, name, nr, np);
		rc = compare_strv_add(&rep->only_new, &rep->nonly_new,
				      db_asprintf("%s (%s)", name, np[cn - 1]));
	}
	if (!rc && !rep->nscn)
		rc = db_err_set(err, -EINVAL,
				"no scenario in common between the two sides");
out:
	free(br);
	free(bp);
	free(nr);
	free(np);
	if (rc == -ENOMEM)
		db_err_set(err, rc, "out of memory");
	return rc;
}

void compare_free(struct compare_report *rep)
{
	size_t i, k;

	for (i = 0; i < rep->nscn; i++) {
		struct compare_scenario *s = &rep->scn[i];

		for (k = 0; k < s->nrows; k++) {
			free(s->rows[k].point);
			free(s->rows[k].metric);
			free(s->rows[k].unit);
			free(s->rows[k].note);
			json_decref(s->rows[k].params);
		}
		for (k = 0; k < s->ncurves; k++) {
			free(s->curves[k].group);
			free(s->curves[k].metric);
		}
		free(s->rows);
		free(s->curves);
		free(s->name);
		free(s->base_path);
		free(s->new_path);
		json_decref(s->base);
		json_decref(s->new_);
		for (k = 0; k < s->nbase_runs; k++)
			json_decref(s->base_runs[k]);
		for (k = 0; k < s->nnew_runs; k++)
			json_decref(s->new_runs[k]);
		free(s->base_runs);
		free(s->new_runs);
		compare_strv_free(s->base_paths, s->nbase_runs);
		compare_strv_free(s->new_paths, s->nnew_runs);
		compare_strv_free(s->warnings, s->nwarnings);
		compare_strv_free(s->point_warnings, s->npoint_warnings);
		compare_strv_free(s->only_base, s->nonly_base);
		compare_strv_free(s->only_new, s->nonly_new);
	}
	free(rep->scn);
	compare_strv_free(rep->only_base, rep->nonly_base);
	compare_strv_free(rep->only_new, rep->nonly_new);
	free(rep->base_label);
	free(rep->new_label);
	memset(rep, 0, sizeof(*rep));
}

int compare_paths(const char *base, const char *new_,
		  const struct compare_opts *opts, struct compare_input *in,
		  struct compare_report *rep, struct db_err *err)
{
	int rc;

	memset(in, 0, sizeof(*in));
	memset(rep, 0, sizeof(*rep));
	rc = compare_load_side(base, &in->base, &in->base_paths, &in->nbase,
			       err);
	if (!rc)
		rc = compare_load_side(new_, &in->new_, &in->new_paths,
				       &in->nnew, err);
	if (!rc)
		rc = compare_run(in->base, in->base_paths, in->nbase, in->new_,
				 in->new_paths, in->nnew, opts, rep, err);
	if (rc) {
		compare_free(rep);
		compare_input_free(in);
	}
	return rc;
}
