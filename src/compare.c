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
 * widens the CI. decide() is the one place a verdict is made. Where a
 * test is impossible (a histogram without raw samples, a single rate
 * value) the figures are shown and the verdict says why none was given;
 * a metric measured on one side only is "not comparable", never a
 * silent zero.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compare.h"
#include "hist.h"
#include "scenario.h"
#include "result.h"
#include "stats.h"
#include "units.h"

/*
 * The one place that says which way each metric regresses. Latencies,
 * scan times and scan counts (1 + retries) are better low; the pinners'
 * I/O rate is better high.
 */
static const struct {
	const char *name;
	enum compare_dir dir;
} metric_table[] = {
	{ "op_latency", COMPARE_LOWER_BETTER },
	{ "busy_scan_calls", COMPARE_LOWER_BETTER },
	{ "busy_scan_time", COMPARE_LOWER_BETTER },
	{ "busy_scan_time_per_call", COMPARE_LOWER_BETTER },
	{ "pinner_io_latency", COMPARE_LOWER_BETTER },
	{ "pinner_iops", COMPARE_HIGHER_BETTER },
};
#define NMETRICS (sizeof(metric_table) / sizeof(metric_table[0]))

enum compare_dir compare_metric_dir(const char *metric)
{
	size_t i;

	for (i = 0; i < NMETRICS; i++)
		if (!strcmp(metric_table[i].name, metric))
			return metric_table[i].dir;
	return COMPARE_DIR_UNKNOWN;
}

bool compare_metric_known(const char *metric)
{
	return compare_metric_dir(metric) != COMPARE_DIR_UNKNOWN;
}

const char *compare_metric_names(void)
{
	return "op_latency, busy_scan_calls, busy_scan_time, "
	       "busy_scan_time_per_call, pinner_io_latency (lower is better); "
	       "pinner_iops (higher is better)";
}

const char *compare_verdict_name(enum compare_verdict v)
{
	switch (v) {
	case COMPARE_UNCHANGED:
		return "unchanged";
	case COMPARE_REGRESSION:
		return "regression";
	case COMPARE_IMPROVEMENT:
		return "improvement";
	case COMPARE_UNTESTED:
		return "n/a";
	case COMPARE_STALL:
		return "STALL";
	case COMPARE_STALL_BOTH:
		return "stalls on both";
	case COMPARE_INCONCLUSIVE:
		return "inconclusive";
	case COMPARE_TOO_FEW_RUNS:
		return "too few runs";
	case COMPARE_NOT_COMPARABLE:
		break;
	}
	return "not comparable";
}

/* --- small helpers ------------------------------------------------- */

char *compare_anchor(const char *prefix, const char *name)
{
	char *a = db_asprintf("%s-%s", prefix, name), *c;

	for (c = a ? a + strlen(prefix) + 1 : NULL; c && *c; c++) {
		*c = (char)tolower((unsigned char)*c);
		if (!(('a' <= *c && *c <= 'z') || ('0' <= *c && *c <= '9')))
			*c = '-';
	}
	return a;
}

char *compare_scenario_anchor(const struct compare_report *rep,
			      const char *name)
{
	return compare_anchor(rep->anchor ? rep->anchor : "scn", name);
}

int compare_strv_add(char ***v, size_t *n, char *s)
{
	char **nv;

	if (!s)
		return -ENOMEM;
	nv = realloc(*v, (*n + 1) * sizeof(*nv));
	if (!nv) {
		free(s);
		return -ENOMEM;
	}
	nv[(*n)++] = s;
	*v = nv;
	return 0;
}

bool compare_strv_has(char *const *v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

void compare_strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static double num_or_nan(const json_t *j)
{
	return json_is_number(j) ? json_number_value(j) : NAN;
}

const char *compare_scenario_name(const json_t *result)
{
	const char *s = json_string_value(
		json_object_get(json_object_get(result, "scenario"), "name"));

	return s ? s : "?";
}

/* A params value written the way the scenario author wrote it. */
static void param_str(const char *key, const json_t *v, char *buf, size_t len)
{
	const char *dot = strrchr(key, '.');
	const char *leaf = dot ? dot + 1 : key;
	char *s;

	if (json_is_string(v)) {
		snprintf(buf, len, "%s", json_string_value(v));
		return;
	}
	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		uint64_t u = (uint64_t)json_integer_value(v);

		if (!strcmp(leaf, "size") || !strcmp(leaf, "length") ||
		    !strcmp(leaf, "offset") || !strcmp(leaf, "io_size")) {
			units_fmt_size(u, buf, len);
			return;
		}
		if (!strcmp(leaf, "hold") || !strcmp(leaf, "timeout")) {
			units_fmt_duration(u, buf, len);
			return;
		}
	}
	s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
	snprintf(buf, len, "%s", s ? s : "?");
	free(s);
}

char *compare_point_label(const json_t *params, const char *skip_key)
{
	const char *key;
	json_t *v;
	char *out = strdup(""), val[128];

	json_object_foreach((json_t *)params, key, v)
	{
		char *n;

		if (skip_key && !strcmp(key, skip_key))
			continue;
		param_str(key, v, val, sizeof(val));
		n = out ? db_asprintf("%s%s%s=%s", out, *out ? " " : "", key,
				      val) :
			  NULL;
		free(out);
		out = n;
	}
	if (out && !*out) {
		free(out);
		out = strdup(skip_key ? "all points" : "(single point)");
	}
	return out;
}

char *compare_kernel_label(const json_t *result)
{
	const json_t *host = json_object_get(result, "host");
	const json_t *vm = json_object_get(host, "vm");
	const char *rel = json_string_value(
		json_object_get(json_object_get(host, "kernel"), "release"));
	const char *accel, *img;

	if (!rel)
		rel = "unknown kernel";
	if (!json_is_object(vm))
		return db_asprintf("%s (bare metal)", rel);
	accel = json_string_value(json_object_get(vm, "accel"));
	img = json_string_value(json_object_get(vm, "kernel"));
	if (img)
		return db_asprintf("%s (VM %s, kernel %s)", rel,
				   accel ? accel : "?", img);
	return db_asprintf("%s (VM %s)", rel, accel ? accel : "?");
}

/*
 * Sample tables of the results compare_paths() loaded leanly (see
 * result_load_lean()), each with the tree it belongs to. The API hands
 * out bare json_t trees, so the tables live here rather than in them;
 * compare_free_side() drops a tree's table before the tree, so that a
 * freed array's address is never looked up.
 */
static struct lean_reg {
	const json_t *result;
	struct result_samples *tab;
} * lean_reg;
static size_t nlean_reg;

static int lean_register(const json_t *result, struct result_samples *tab)
{
	struct lean_reg *r;

	if (!tab)
		return 0;
	r = realloc(lean_reg, (nlean_reg + 1) * sizeof(*r));
	if (!r) {
		result_samples_free(tab);
		return -ENOMEM;
	}
	lean_reg = r;
	lean_reg[nlean_reg].result = result;
	lean_reg[nlean_reg++].tab = tab;
	return 0;
}

static void lean_forget(const json_t *result)
{
	size_t i;

	for (i = 0; i < nlean_reg; i++) {
		if (lean_reg[i].result != result)
			continue;
		result_samples_free(lean_reg[i].tab);
		lean_reg[i] = lean_reg[--nlean_reg];
		break;
	}
	if (!nlean_reg) {
		free(lean_reg);
		lean_reg = NULL;
	}
}

/*
 * The samples of @metric in @point in the order they were taken: a view
 * of a lean table, or a copy out of the tree in *@owned (free it).
 */
static int metric_values_view(const json_t *point, const char *metric,
			      const double **v, size_t *n, double **owned)
{
	const json_t *s = json_object_get(
		json_object_get(json_object_get(point, "metrics"), metric),
		"samples");
	const json_t *e;
	double *w;
	size_t i;

	*v = NULL;
	*n = 0;
	*owned = NULL;
	if (!json_is_array(s))
		return -ENOENT;
	if (!json_array_size(s)) {
		for (i = 0; i < nlean_reg; i++)
			if (!result_samples_get(lean_reg[i].tab, s, v, n))
				return 0;
		return 0;
	}
	w = malloc(json_array_size(s) * sizeof(*w));
	if (!w)
		return -ENOMEM;
	json_array_foreach((json_t *)s, i, e)
	{
		if (!json_is_number(e))
			continue; /* result_load checked the arrays */
		w[(*n)++] = json_number_value(e);
	}
	*v = w;
	*owned = w;
	return 0;
}

double compare_timeout_ns(const json_t *result)
{
	const json_t *t =
		json_object_get(json_object_get(result, "scenario"), "timeout");

	return json_is_number(t) && json_number_value(t) > 0 ?
		       json_number_value(t) :
		       NAN;
}

/*
 * The samples of @metric in op order without the stalled ops: results
 * written before stalls left op_latency hold a stalled op as a sample
 * >= @timeout, and a per-op metric with as many samples as op_latency
 * has its value for that op at the same index (its scan was cut short
 * too). *@v is a copy (free it); *@dropped counts what was left out.
 */
static int values_censored(const json_t *point, const char *metric,
			   double timeout, double **v, size_t *n,
			   size_t *dropped)
{
	const double *view, *lat;
	double *owned, *lown = NULL, *w;
	size_t nv, nl, i;
	int rc;

	*v = NULL;
	*n = 0;
	*dropped = 0;
	rc = metric_values_view(point, metric, &view, &nv, &owned);
	if (rc || !nv || !view) {
		free(owned);
		return rc;
	}
	lat = isnan(timeout) ? NULL : view;
	if (lat && strcmp(metric, "op_latency")) {
		rc = metric_values_view(point, "op_latency", &lat, &nl, &lown);
		if (rc == -ENOMEM) {
			free(owned);
			return rc;
		}
		if (rc || nl != nv)
			lat = NULL; /* not one sample per op: nothing to align */
	}
	w = owned ? owned : malloc(nv * sizeof(*w));
	if (!w) {
		free(lown);
		return -ENOMEM;
	}
	for (i = 0; i < nv; i++) {
		if (lat && lat[i] >= timeout) {
			(*dropped)++;
			continue;
		}
		w[(*n)++] = view[i];
	}
	free(lown);
	*v = w;
	return 0;
}

int compare_metric_values_censored(const json_t *point, const char *metric,
				   double timeout_ns, double **v, size_t *n,
				   size_t *dropped)
{
	size_t d;
	int rc = values_censored(point, metric, timeout_ns, v, n, &d);

	if (dropped)
		*dropped = d;
	if (!rc && *n)
		stats2_sort(*v, *n);
	return rc;
}

int compare_metric_values(const json_t *point, const char *metric, double **v,
			  size_t *n)
{
	return compare_metric_values_censored(point, metric, NAN, v, n, NULL);
}

/* --- loading ------------------------------------------------------- */

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void compare_free_side(json_t **results, char **paths, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		lean_forget(results[i]);
		json_decref(results[i]);
	}
	free(results);
	compare_strv_free(paths, n);
}

/*
 * compare_load_side(), leanly when @lean: the samples then live in
 * lean_reg, not in the trees, until compare_free_side().
 */
static int load_side(const char *path, json_t ***results, char ***paths,
		     size_t *n, bool lean, struct db_err *err)
{
	char **names = NULL;
	size_t nnames = 0, i;
	struct dirent *de;
	struct stat st;
	DIR *d;
	int rc = 0;

	*results = NULL;
	*paths = NULL;
	*n = 0;
	if (stat(path, &st))
		return db_err_set(err, -errno, "%s: cannot read: %s", path,
				  strerror(errno));
	if (!S_ISDIR(st.st_mode)) {
		rc = compare_strv_add(&names, &nnames, strdup(path));
	} else {
		d = opendir(path);
		if (!d)
			return db_err_set(err, -errno, "%s: cannot read: %s",
					  path, strerror(errno));
		while (!rc && (de = readdir(d))) {
			size_t len = strlen(de->d_name);

			if (len < 6 || strcmp(de->d_name + len - 5, ".json"))
				continue;
			rc = compare_strv_add(&names, &nnames,
					      db_asprintf("%s/%s", path,
							  de->d_name));
		}
		closedir(d);
		/* readdir order is arbitrary; output must not be */
		if (nnames)
			qsort(names, nnames, sizeof(*names), name_cmp);
		if (!rc && !nnames)
			rc = db_err_set(err, -ENOENT,
					"%s: no result files (*.json) in it",
					path);
	}
	if (!rc) {
		*results = calloc(nnames, sizeof(**results));
		if (!*results)
			rc = -ENOMEM;
	}
	for (i = 0; !rc && i < nnames; i++) {
		struct result_samples *tab = NULL;

		if (lean)
			rc = result_load_lean(names[i], &(*results)[i], &tab,
					      err);
		else
			rc = result_load(names[i], &(*results)[i], err);
		if (!rc) {
			(*n)++;
			rc = lean_register((*results)[i], tab);
		}
	}
	if (rc) {
		if (rc == -ENOMEM)
			db_err_set(err, rc, "%s: out of memory", path);
		for (i = 0; i < *n; i++) {
			lean_forget((*results)[i]);
			json_decref((*results)[i]);
		}
		free(*results);
		compare_strv_free(names, nnames);
		*results = NULL;
		*n = 0;
		return rc;
	}
	*paths = names;
	return 0;
}

int compare_load_side(const char *path, json_t ***results, char ***paths,
		      size_t *n, struct db_err *err)
{
	return load_side(path, results, paths, n, true, err);
}

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
		WHY("VM vs bare metal (base %s, new %s)",
		    json_is_object(bv) ? "VM" : "bare metal",
		    json_is_object(nv) ? "VM" : "bare metal");
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

/* --- one metric of one point --------------------------------------- */

static void side_from_summary(const json_t *m, struct compare_side *s)
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
	s->p50 = num_or_nan(json_object_get(sum, "p50"));
	s->p90 = num_or_nan(json_object_get(sum, "p90"));
	s->p99 = num_or_nan(json_object_get(sum, "p99"));
}

/*
 * A histogram metric of every run of a side, pooled: the buckets add up
 * (they are the same log-linear buckets in every result), so that the
 * figures are those of all runs, not of the newest alone. Return: the
 * runs pooled (0: none has a histogram), or -ENOMEM.
 */
static int side_from_hists(const json_t *const *pts, size_t npts,
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

static void side_from_values(const double *v, size_t n, struct compare_side *s)
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
 *    two-level bootstrap over runs and then samples, and p is Student's
 *    t on log(per-run median), df = runs - 2. Few runs give few degrees
 *    of freedom and so a large t quantile: the test charges for them
 *    where a bootstrap over 2 or 3 runs would not.
 *  - one run per side ("mwu-*"): the data hold no between-run noise.
 *    The sample bootstrap CI is widened on the log scale by 1.96 *
 *    sqrt(2) * sd, sd the larger of --run-noise and the drift between
 *    the halves of each run (run_drift()), and p is the rank test of
 *    the samples. The output header says that this is an assumption.
 */
static enum compare_verdict decide(const struct compare_row *r,
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

/* The samples of one metric of one point, run by run, on one side. */
struct side_vals {
	double **v; /* sorted samples of each run that has some */
	size_t *n, r, total;
	double *all; /* every sample, sorted: v[0] itself when r == 1 */
	bool no_samples; /* a run has the metric but no "samples" */
	size_t censored; /* samples of stalled ops left out */
};

static void side_vals_free(struct side_vals *sv)
{
	size_t i;

	for (i = 0; i < sv->r; i++)
		free(sv->v[i]);
	free(sv->v);
	free(sv->n);
	if (sv->r != 1)
		free(sv->all);
	memset(sv, 0, sizeof(*sv));
}

static int side_vals_load(const json_t *const *pts, json_t *const *runs,
			  size_t npts, const char *metric, struct side_vals *sv)
{
	size_t i, k = 0;
	int rc;

	memset(sv, 0, sizeof(*sv));
	sv->v = calloc(npts + 1, sizeof(*sv->v));
	sv->n = calloc(npts + 1, sizeof(*sv->n));
	if (!sv->v || !sv->n)
		return -ENOMEM;
	for (i = 0; i < npts; i++) {
		size_t n, d = 0;
		double *v;

		if (!pts[i] ||
		    !json_object_get(json_object_get(pts[i], "metrics"),
				     metric))
			continue; /* this run lacks the point or metric */
		rc = compare_metric_values_censored(pts[i], metric,
						    compare_timeout_ns(runs[i]),
						    &v, &n, &d);
		sv->censored += d;
		if (rc == -ENOENT) {
			sv->no_samples = true;
			continue;
		}
		if (rc)
			return rc;
		if (!n) {
			free(v); /* owned, or NULL: an empty samples array */
			continue;
		}
		sv->v[sv->r] = v;
		sv->n[sv->r++] = n;
		sv->total += n;
	}
	if (sv->r == 1) {
		/* one run: already sorted; a copy would double the memory */
		sv->all = sv->v[0];
		return 0;
	}
	sv->all = malloc((sv->total + 1) * sizeof(*sv->all));
	if (!sv->all)
		return -ENOMEM;
	for (i = 0; i < sv->r; i++) {
		memcpy(sv->all + k, sv->v[i], sv->n[i] * sizeof(*sv->all));
		k += sv->n[i];
	}
	stats2_sort(sv->all, sv->total);
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
static double half_se(const double *v, size_t m)
{
	double d = 1 / (2 * sqrt((double)m));
	double lo = stats_quantile_sorted(v, m, 0.5 - d);
	double hi = stats_quantile_sorted(v, m, 0.5 + d);

	return lo > 0 && hi > 0 ? (log(hi) - log(lo)) / 2 : 0;
}

/* Sort a copy of @m values at @src into @buf; their median and half_se. */
static void half_stats(const double *src, size_t m, double *buf, double *med,
		       double *se)
{
	memcpy(buf, src, m * sizeof(*buf));
	stats2_sort(buf, m);
	*med = stats_quantile_sorted(buf, m, 0.5);
	*se = half_se(buf, m);
}

static int run_drift(const json_t *point, const char *metric, double timeout,
		     double *sd)
{
	double *v, *buf, m1, m2, s1, s2, l, ex;
	size_t n, h, d;
	int rc;

	*sd = 0;
	rc = values_censored(point, metric, timeout, &v, &n, &d);
	if (rc)
		return rc == -ENOMEM ? rc : 0;
	if (n < 10) { /* halves of 5: nothing to say */
		free(v);
		return 0;
	}
	h = n / 2;
	/* one half at a time: half the memory of sorting a whole copy */
	buf = malloc((n - h) * sizeof(*buf));
	if (!buf) {
		free(v);
		return -ENOMEM;
	}
	half_stats(v, h, buf, &m1, &s1);
	half_stats(v + h, n - h, buf, &m2, &s2);
	free(buf);
	free(v);
	if (!(m1 > 0 && m2 > 0))
		return 0;
	l = log(m2 / m1);
	ex = l * l - s1 * s1 - s2 * s2;
	*sd = ex > 0 ? sqrt(ex / 2) : 0;
	return 0;
}

/* Widen [lo, hi] on the log scale by 1.96 sqrt(2) @sd, in quadrature. */
static void widen_ci(struct compare_row *r, double sd)
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

/* Several runs: two-level bootstrap CI, t test on log run medians. */
static int compare_runs(const struct side_vals *b, const struct side_vals *n,
			struct compare_row *r)
{
	double *mb = NULL, *mn = NULL;
	bool logs = true;
	struct stats2_ci ci;
	struct stats2_t t;
	size_t i;
	int rc;

	rc = stats2_boot_median_ratio_runs((const double *const *)b->v, b->n,
					   b->r, (const double *const *)n->v,
					   n->n, n->r, 0.95, STATS2_BOOT_SEED,
					   &ci);
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
	rc = stats2_ttest(mb, b->r, mn, n->r, &t);
	if (rc)
		goto out;
	r->ratio = ci.est;
	r->ci_lo = ci.lo;
	r->ci_hi = ci.hi;
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
		struct stats2_perm pt;

		rc = stats2_perm_test(mb, b->r, mn, n->r, STATS2_BOOT_SEED,
				      &pt);
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
static int compare_single(const struct side_vals *b, const struct side_vals *n,
			  const json_t *bp, double tb, const json_t *np,
			  double tn, const struct compare_opts *o,
			  struct compare_row *r)
{
	double db, dn;
	struct stats2_mwu u;
	struct stats2_ci ci;
	int rc;

	rc = stats2_boot_median_ratio(b->all, b->total, n->all, n->total, 0.95,
				      STATS2_BOOT_SEED, &ci);
	if (!rc)
		rc = stats2_mwu(b->all, b->total, n->all, n->total, &u);
	if (!rc)
		rc = run_drift(bp, r->metric, tb, &db);
	if (!rc)
		rc = run_drift(np, r->metric, tn, &dn);
	if (rc)
		return rc;
	r->ratio = ci.est;
	r->ci_lo = ci.lo;
	r->ci_hi = ci.hi;
	r->p = u.p;
	r->test = u.method == STATS2_MWU_EXACT ? "mwu-exact" : "mwu-normal";
	r->run_noise = fmax(o->run_noise, fmax(db, dn));
	widen_ci(r, r->run_noise);
	return 0;
}

/*
 * The stalled ops of a point, over a side's runs (@pts[k] the point in
 * run @runs[k], NULL where that run lacks it). A stall record is
 * authoritative; an op_latency sample >= the timeout is the same op
 * when it equals a record's waited_ns (older results kept both), and a
 * stalled op of its own when no record matches it.
 */
int compare_count_stalls(const json_t *const *pts, json_t *const *runs,
			 size_t n, struct compare_stalls *st)
{
	const json_t *recs, *e, *att;
	const double *lat;
	double *owned, tmo;
	size_t i, k, j, nl, nrec, matched, cens;
	bool *used;
	int rc;

	memset(st, 0, sizeof(*st));
	st->timeout_ns = NAN;
	for (i = 0; i < n; i++) {
		if (!pts[i])
			continue;
		tmo = compare_timeout_ns(runs[i]);
		if (!isnan(tmo))
			st->timeout_ns = tmo; /* the newest run's */
		recs = json_object_get(pts[i], "stalls");
		nrec = json_array_size(recs);
		rc = metric_values_view(pts[i], "op_latency", &lat, &nl,
					&owned);
		if (rc == -ENOMEM)
			return rc;
		if (rc)
			nl = 0;
		used = calloc(nrec + 1, sizeof(*used));
		if (!used) {
			free(owned);
			return -ENOMEM;
		}
		matched = cens = 0;
		for (k = 0; !isnan(tmo) && k < nl; k++) {
			if (lat[k] < tmo)
				continue;
			cens++;
			json_array_foreach(recs, j, e)
			{
				if (used[j] ||
				    num_or_nan(json_object_get(
					    e, "waited_ns")) != lat[k])
					continue;
				used[j] = true;
				matched++;
				break;
			}
		}
		json_array_foreach(recs, j, e)
		{
			st->hung += !strcmp(
				json_string_value(json_object_get(e, "ended_by")) ?:
					"",
				"hung");
		}
		free(used);
		free(owned);
		att = json_object_get(pts[i], "ops_attempted");
		st->runs++;
		st->censored += cens;
		st->stalls += nrec + cens - matched;
		st->runs_stalled += nrec + cens - matched > 0;
		st->ops += json_is_integer(att) ?
				   (size_t)json_integer_value(att) :
				   nl + nrec - matched;
	}
	return 0;
}

/* "2 of 6 ops (2 of 2 runs)" or "none of 40 ops (2 runs)" */
static char *stalls_str(const struct compare_stalls *st)
{
	char hung[64] = "";

	if (st->hung)
		snprintf(hung, sizeof(hung), ", %zu never ended", st->hung);
	if (!st->stalls)
		return db_asprintf("none of %zu ops (%zu run%s)", st->ops,
				   st->runs, st->runs == 1 ? "" : "s");
	return db_asprintf("%zu of %zu ops (%zu of %zu run%s%s)", st->stalls,
			   st->ops, st->runs_stalled, st->runs,
			   st->runs == 1 ? "" : "s", hung);
}

/*
 * The stall row of a point, when either side stalled: new stalling
 * where base did not is a regression whatever the latencies of the
 * other ops say, and the reverse an improvement.
 */
static int stall_verdict(struct compare_row *r)
{
	const struct compare_stalls *b = &r->stalls_base, *n = &r->stalls_new;
	double tmo = !isnan(n->timeout_ns) ? n->timeout_ns : b->timeout_ns;
	char *bs = stalls_str(b), *ns = stalls_str(n), t[32] = "?";

	if (!isnan(tmo))
		units_fmt_duration((uint64_t)tmo, t, sizeof(t));
	if (n->stalls && !b->stalls)
		r->verdict = COMPARE_STALL;
	else if (b->stalls && !n->stalls)
		r->verdict = COMPARE_IMPROVEMENT;
	else
		r->verdict = COMPARE_STALL_BOTH;
	r->base.n = b->ops;
	r->new_.n = n->ops;
	r->runs_base = b->runs;
	r->runs_new = n->runs;
	r->censored_base = b->censored;
	r->censored_new = n->censored;
	r->note = bs && ns ? db_asprintf("stalled ops (outlived the %s "
					 "timeout; censored, not latencies): "
					 "base %s, new %s",
					 t, bs, ns) :
			     NULL;
	free(bs);
	free(ns);
	return r->note ? 0 : -ENOMEM;
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
	struct compare_stalls st;
	struct side_vals b, n;
	int rc, hb, hn;

	rc = side_vals_load(bpts, s->base_runs, s->nbase_runs, r->metric, &b);
	if (!rc)
		rc = side_vals_load(npts, s->new_runs, s->nnew_runs, r->metric,
				    &n);
	else
		memset(&n, 0, sizeof(n));
	if (rc)
		goto out;
	r->runs_base = b.r;
	r->runs_new = n.r;
	r->censored_base = b.censored;
	r->censored_new = n.censored;
	if (b.no_samples || n.no_samples) {
		/* a histogram or a single value: figures, but no test */
		side_from_summary(bm, &r->base);
		side_from_summary(nm, &r->new_);
		hb = side_from_hists(bpts, s->nbase_runs, r->metric, &r->base);
		hn = side_from_hists(npts, s->nnew_runs, r->metric, &r->new_);
		if (hb < 0 || hn < 0) {
			rc = -ENOMEM;
			goto out;
		}
		r->ratio = stats2_ratio(r->new_.p50, r->base.p50);
		r->verdict = COMPARE_UNTESTED;
		if (hb > 1 || hn > 1)
			r->note =
				db_asprintf("histogram only (the runs "
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
		rc = r->note ? 0 : -ENOMEM;
		goto out;
	}
	side_from_values(b.all, b.total, &r->base);
	side_from_values(n.all, n.total, &r->new_);
	if (!b.total || !n.total) {
		rc = !b.total ? compare_count_stalls(bpts, s->base_runs,
						     s->nbase_runs, &st) :
				compare_count_stalls(npts, s->new_runs,
						     s->nnew_runs, &st);
		if (rc)
			goto out;
		r->verdict = COMPARE_NOT_COMPARABLE;
		/* every op stalled (or the point ended on one): say so */
		r->note = db_asprintf(
			"no samples on the %s side%s",
			!b.total ? (!n.total ? "base and new" : "base") : "new",
			st.stalls ? ": its ops stalled (see the stalls row)" :
				    "");
		rc = r->note ? 0 : -ENOMEM;
		goto out;
	}
	if (b.r + n.r >= 3)
		rc = compare_runs(&b, &n, r);
	else
		rc = compare_single(&b, &n, bp, compare_timeout_ns(s->base), np,
				    compare_timeout_ns(s->new_), o, r);
	if (rc)
		goto out;
	if (r->dir == COMPARE_DIR_UNKNOWN) {
		r->verdict = COMPARE_UNTESTED;
		r->note = strdup("no known direction for this metric "
				 "(see compare's metric table)");
		rc = r->note ? 0 : -ENOMEM;
		goto out;
	}
	r->verdict = decide(r, o);
	if (b.censored || n.censored) {
		r->note = db_asprintf("samples of stalled ops (>= the timeout) "
				      "dropped: %zu base, %zu new",
				      b.censored, n.censored);
		rc = r->note ? 0 : -ENOMEM;
	}
out:
	side_vals_free(&b);
	side_vals_free(&n);
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
	for (i = 0; !rc && i < NMETRICS; i++)
		for (j = 0; j < 4; j++)
			if (json_object_get(json_object_get(pts[j / 2],
							    groups[j % 2]),
					    metric_table[i].name)) {
				rc = compare_strv_add(
					names, n, strdup(metric_table[i].name));
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
		qsort(*names + first, *n - first, sizeof(**names), name_cmp);
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
	return stall_verdict(r);
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

/* --- curves -------------------------------------------------------- */

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
		      const char *metric, struct stats2_fit *fit, bool *have,
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
			double *v, d;
			size_t nv;

			if (!g)
				return -ENOMEM;
			if (strcmp(g, group) || !json_is_integer(xe)) {
				free(g);
				continue;
			}
			free(g);
			/* a point without the metric is no point of the fit */
			if (compare_metric_values_censored(
				    p, metric, compare_timeout_ns(runs[k]), &v,
				    &nv, NULL) == -ENOMEM)
				return -ENOMEM;
			if (nv) {
				d = 1 / (2 * sqrt((double)nv));
				cp->x[cp->n] = (double)json_integer_value(xe);
				cp->y[cp->n] =
					stats_quantile_sorted(v, nv, 0.5);
				cp->se[cp->n++] =
					(stats_quantile_sorted(v, nv, 0.5 + d) -
					 stats_quantile_sorted(v, nv,
							       0.5 - d)) /
					2;
			}
			free(v);
		}
	}
	*have = stats2_linfit(cp->x, cp->y, cp->n, fit) == 0;
	return 0;
}

/*
 * The slope ratio's bootstrap CI and p, and the verdict decide() gives
 * any metric: a scan that costs 20% more per entry is a regression
 * like a 20% slower op.
 */
static int curve_verdict(struct compare_curve *c, const struct curve_pts *b,
			 const struct curve_pts *n, bool single_run,
			 const struct compare_opts *o)
{
	struct compare_row r = { .dir = compare_metric_dir(c->metric),
				 .p_floor = NAN };
	struct stats2_ci ci;
	int rc;

	c->ci_lo = c->ci_hi = c->p = NAN;
	c->verdict = COMPARE_UNTESTED;
	if (!c->have_base || !c->have_new)
		return 0;
	rc = stats2_boot_slope_ratio(b->x, b->y, b->se, b->n, n->x, n->y, n->se,
				     n->n, 0.95, STATS2_BOOT_SEED, &ci, &c->p);
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
		widen_ci(&r, o->run_noise);
	c->ci_lo = r.ci_lo;
	c->ci_hi = r.ci_hi;
	c->verdict = isnan(ci.lo) ? COMPARE_UNTESTED : decide(&r, o);
	return 0;
}

/* busy_scan_time_per_call where both sides measured it, else op_latency */
static const char *curve_metric(const json_t *b, const json_t *n)
{
	const json_t *res[] = { b, n };
	const json_t *p;
	size_t i, k;

	for (k = 0; k < 2; k++) {
		json_array_foreach(json_object_get(res[k], "points"), i, p)
		{
			if (!json_object_get(json_object_get(p, "metrics"),
					     "busy_scan_time_per_call"))
				return "op_latency";
		}
	}
	return "busy_scan_time_per_call";
}

static int add_curves(struct compare_scenario *s, const struct compare_opts *o)
{
	const char *metric = curve_metric(s->base, s->new_);
	struct curve_pts bp = { 0 }, np = { 0 };
	const json_t *p;
	size_t i, k;
	int rc = 0;

	if (!sweeps_size(s->base) || !sweeps_size(s->new_))
		return 0;
	json_array_foreach(json_object_get(s->base, "points"), i, p)
	{
		struct compare_curve *c, *nc;
		char *g = compare_point_label(json_object_get(p, "params"),
					      "file.size");

		if (!g)
			return -ENOMEM;
		for (k = 0; k < s->ncurves; k++)
			if (!strcmp(s->curves[k].group, g))
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
					 stats2_ratio(c->new_.b, c->base.b) :
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
 * A run that did not finish (complete: false) holds fewer points and
 * fewer ops than asked; its side is compared on what it has, and says so.
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
 * Compare the runs @b (@nb of them, oldest first) with the runs @n of
 * the same scenario; the newest run of each side gives the points and
 * the metrics, and every run that has a point contributes to it.
 */
static int compare_pair(struct compare_report *rep, json_t *const *bruns,
			char *const *bpaths, size_t nb, json_t *const *nruns,
			char *const *npaths, size_t nn, struct db_err *err)
{
	const json_t *b = bruns[nb - 1], *n = nruns[nn - 1];
	const json_t **bpts = NULL, **npts = NULL;
	struct compare_scenario *s, *ns;
	const json_t *bp, *np;
	struct compare_tally t;
	char why[1024], *diff;
	size_t i, k, nnames, first;
	char **names;
	int rc = 0;

	incompatible(b, n, why, sizeof(why));
	if (*why && !rep->opts.force)
		return db_err_set(err, -EINVAL,
				  "%s vs %s: refused: %s (--force compares "
				  "them anyway)",
				  bpaths[nb - 1], npaths[nn - 1], why);
	ns = realloc(rep->scn, (rep->nscn + 1) * sizeof(*ns));
	if (!ns)
		return -ENOMEM;
	rep->scn = ns;
	s = &ns[rep->nscn++];
	memset(s, 0, sizeof(*s));
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
	if (rc)
		return rc;
	if (*why)
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
	bpts = calloc(nb, sizeof(*bpts));
	npts = calloc(nn, sizeof(*npts));
	if (!bpts || !npts)
		rc = -ENOMEM;
	json_array_foreach(json_object_get(n, "points"), i, np)
	{
		if (rc)
			break;
		if (!find_point(b, json_object_get(np, "params")))
			rc = compare_strv_add(
				&s->only_new, &s->nonly_new,
				compare_point_label(
					json_object_get(np, "params"), NULL));
	}
	json_array_foreach(json_object_get(b, "points"), i, bp)
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
		np = find_point(n, params);
		if (!np) {
			rc = compare_strv_add(&s->only_base, &s->nonly_base,
					      label);
			continue;
		}
		for (k = 0; k < nb; k++)
			bpts[k] = find_point(bruns[k], params);
		for (k = 0; k < nn; k++)
			npts[k] = find_point(nruns[k], params);
		/* a stall is an outcome: --metric does not hide it */
		names = NULL;
		nnames = 0;
		first = s->nrows;
		rc = add_stall_row(s, bp, bpts, npts, label);
		if (!rc)
			rc = metric_names(bp, np, &names, &nnames);
		for (k = 0; !rc && k < nnames; k++)
			if (wanted(&rep->opts, names[k]))
				rc = add_row(s, bp, np, bpts, npts, label,
					     names[k], &rep->opts);
		compare_strv_free(names, nnames);
		if (!rc)
			rc = add_point_warnings(s, first, label, bpts, npts);
		free(label);
	}
	free(bpts);
	free(npts);
	if (!rc)
		rc = add_curves(s, &rep->opts);
	if (!rc) {
		compare_scenario_tally(s, &t);
		rep->regressions += t.regressions;
		rep->stall_regressions += t.stall_regressions;
		rep->improvements += t.improvements;
	}
	for (i = 0; !rc && i < s->nrows; i++) {
		rep->stall_ops_base += s->rows[i].stalls_base.stalls;
		rep->stall_ops_new += s->rows[i].stalls_new.stalls;
	}
	rep->stall_points_base += s->stall_points_base;
	rep->stall_points_new += s->stall_points_new;
	rep->censored += s->censored;
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

void compare_input_free(struct compare_input *in)
{
	compare_free_side(in->base, in->base_paths, in->nbase);
	compare_free_side(in->new_, in->new_paths, in->nnew);
	memset(in, 0, sizeof(*in));
}

int compare_paths(const char *base, const char *new_,
		  const struct compare_opts *opts, struct compare_input *in,
		  struct compare_report *rep, struct db_err *err)
{
	int rc;

	memset(in, 0, sizeof(*in));
	memset(rep, 0, sizeof(*rep));
	rc = load_side(base, &in->base, &in->base_paths, &in->nbase, true, err);
	if (!rc)
		rc = load_side(new_, &in->new_, &in->new_paths, &in->nnew, true,
			       err);
	if (!rc)
		rc = compare_run(in->base, in->base_paths, in->nbase, in->new_,
				 in->new_paths, in->nnew, opts, rep, err);
	if (rc) {
		compare_free(rep);
		compare_input_free(in);
	}
	return rc;
}

static int parse_double(const char *s, double *v, bool percent)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	if (percent && *end == '%')
		end++;
	if (errno || end == s || *end || !isfinite(*v))
		return -EINVAL;
	return 0;
}

int compare_parse_threshold(const char *s, double *frac)
{
	double v;

	if (parse_double(s, &v, true) || v < 0 || v >= 1000)
		return -EINVAL;
	*frac = v / 100;
	return 0;
}

int compare_parse_alpha(const char *s, double *alpha)
{
	double v;

	if (parse_double(s, &v, false) || v <= 0 || v >= 1)
		return -EINVAL;
	*alpha = v;
	return 0;
}

void compare_opts_init(struct compare_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->threshold = COMPARE_THRESHOLD;
	o->alpha = COMPARE_ALPHA;
	o->run_noise = COMPARE_RUN_NOISE;
}

int compare_parse_opt(int c, const char *arg, struct compare_opts *o, char *why,
		      size_t len)
{
	switch (c) {
	case 't':
		if (!compare_parse_threshold(arg, &o->threshold))
			return 1;
		snprintf(why, len,
			 "--threshold: '%s' is not a percentage in [0, 1000)",
			 arg);
		return -EINVAL;
	case 'a':
		if (!compare_parse_alpha(arg, &o->alpha))
			return 1;
		snprintf(why, len, "--alpha: '%s' is not a level in (0, 1)",
			 arg);
		return -EINVAL;
	case 'N':
		/* a percentage like --threshold: the sd of log(run median) */
		if (!compare_parse_threshold(arg, &o->run_noise))
			return 1;
		snprintf(why, len,
			 "--run-noise: '%s' is not a percentage in [0, 1000)",
			 arg);
		return -EINVAL;
	case 'F':
		o->force = true;
		return 1;
	}
	return 0;
}
