// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench compare, the analysis (see compare.h). A metric of a point
 * regresses only when the whole bootstrap 95% CI of the ratio NEW/BASE
 * of medians lies beyond the threshold in the bad direction AND the
 * Mann-Whitney U test gives p < alpha: two runs of the same kernel must
 * not be reported as different, so both an effect size and evidence are
 * needed. Where a test is impossible (a histogram without raw samples, a
 * single rate value) the figures are shown and the verdict says why none
 * was given; a metric measured on one side only is "not comparable",
 * never a silent zero.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compare.h"
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
	case COMPARE_NOT_COMPARABLE:
		break;
	}
	return "not comparable";
}

/* --- small helpers ------------------------------------------------- */

char *compare_printf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	return n < 0 ? NULL : s;
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
		n = out ? compare_printf("%s%s%s=%s", out, *out ? " " : "", key,
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
		return compare_printf("%s (bare metal)", rel);
	accel = json_string_value(json_object_get(vm, "accel"));
	img = json_string_value(json_object_get(vm, "kernel"));
	if (img)
		return compare_printf("%s (VM %s, kernel %s)", rel,
				      accel ? accel : "?", img);
	return compare_printf("%s (VM %s)", rel, accel ? accel : "?");
}

int compare_metric_values(const json_t *point, const char *metric, double **v,
			  size_t *n)
{
	const json_t *s = json_object_get(
		json_object_get(json_object_get(point, "metrics"), metric),
		"samples");
	const json_t *e;
	size_t i;

	*v = NULL;
	*n = 0;
	if (!json_is_array(s))
		return -ENOENT;
	if (!json_array_size(s))
		return 0;
	*v = malloc(json_array_size(s) * sizeof(**v));
	if (!*v)
		return -ENOMEM;
	json_array_foreach((json_t *)s, i, e)
	{
		if (!json_is_number(e))
			continue; /* result_load checked the arrays */
		(*v)[(*n)++] = json_number_value(e);
	}
	stats2_sort(*v, *n);
	return 0;
}

/* --- loading ------------------------------------------------------- */

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void compare_free_side(json_t **results, char **paths, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		json_decref(results[i]);
	free(results);
	compare_strv_free(paths, n);
}

int compare_load_side(const char *path, json_t ***results, char ***paths,
		      size_t *n, struct db_err *err)
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
					      compare_printf("%s/%s", path,
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
		rc = result_load(names[i], &(*results)[i], err);
		if (!rc)
			(*n)++;
	}
	if (rc) {
		if (rc == -ENOMEM)
			db_err_set(err, rc, "%s: out of memory", path);
		for (i = 0; i < *n; i++)
			json_decref((*results)[i]);
		free(*results);
		compare_strv_free(names, nnames);
		*results = NULL;
		*n = 0;
		return rc;
	}
	*paths = names;
	return 0;
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

/* Scenario fields that differ, other than where it ran and its prose. */
static char *scenario_diff(const json_t *b, const json_t *n)
{
	const json_t *bs = json_object_get(b, "scenario");
	const json_t *ns = json_object_get(n, "scenario");
	const char *key;
	json_t *v;
	char *out = NULL;

	json_object_foreach((json_t *)bs, key, v)
	{
		char *o;

		if (!strcmp(key, "target") || !strcmp(key, "description") ||
		    !strcmp(key, "name") ||
		    json_equal(v, json_object_get(ns, key)))
			continue;
		o = compare_printf("%s%s%s", out ? out : "", out ? ", " : "",
				   key);
		free(out);
		if (!o)
			return NULL;
		out = o;
	}
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

static void side_from_values(const double *v, size_t n, struct compare_side *s)
{
	s->n = n;
	s->p50 = stats_quantile_sorted(v, n, 0.5);
	s->p90 = stats_quantile_sorted(v, n, 0.9);
	s->p99 = stats_quantile_sorted(v, n, 0.99);
}

static enum compare_verdict decide(const struct compare_row *r,
				   const struct compare_opts *o)
{
	bool sig = r->p < o->alpha;
	bool up = r->ci_lo > 1 + o->threshold;
	bool down = r->ci_hi < 1 - o->threshold;

	if (!sig || (!up && !down))
		return COMPARE_UNCHANGED;
	if (r->dir == COMPARE_LOWER_BETTER)
		return up ? COMPARE_REGRESSION : COMPARE_IMPROVEMENT;
	return down ? COMPARE_REGRESSION : COMPARE_IMPROVEMENT;
}

/* Fill @r for a metric present in both points. */
static int compare_metric(const json_t *bm, const json_t *nm, const json_t *bp,
			  const json_t *np, const struct compare_opts *o,
			  struct compare_row *r)
{
	double *bv = NULL, *nv = NULL;
	size_t bn = 0, nn = 0;
	struct stats2_mwu u;
	struct stats2_ci ci;
	int brc, nrc, rc = 0;

	brc = compare_metric_values(bp, r->metric, &bv, &bn);
	nrc = compare_metric_values(np, r->metric, &nv, &nn);
	if (brc == -ENOMEM || nrc == -ENOMEM) {
		rc = -ENOMEM;
		goto out;
	}
	if (brc || nrc) {
		/* a histogram or a single value: figures, but no test */
		side_from_summary(bm, &r->base);
		side_from_summary(nm, &r->new_);
		r->ratio = stats2_ratio(r->new_.p50, r->base.p50);
		r->verdict = COMPARE_UNTESTED;
		if (json_object_get(bm, "histogram") ||
		    json_object_get(nm, "histogram"))
			r->note = strdup("histogram only: no raw samples for "
					 "a rank test or a bootstrap");
		else
			r->note = strdup("one value per run: no spread to "
					 "test");
		rc = r->note ? 0 : -ENOMEM;
		goto out;
	}
	side_from_values(bv, bn, &r->base);
	side_from_values(nv, nn, &r->new_);
	if (!bn || !nn) {
		r->verdict = COMPARE_NOT_COMPARABLE;
		r->note = compare_printf("no samples on the %s side",
					 !bn ? (!nn ? "base and new" : "base") :
					       "new");
		rc = r->note ? 0 : -ENOMEM;
		goto out;
	}
	rc = stats2_boot_median_ratio(bv, bn, nv, nn, 0.95, STATS2_BOOT_SEED,
				      &ci);
	if (!rc)
		rc = stats2_mwu(bv, bn, nv, nn, &u);
	if (rc)
		goto out;
	r->ratio = ci.est;
	r->ci_lo = ci.lo;
	r->ci_hi = ci.hi;
	r->p = u.p;
	r->test = u.method == STATS2_MWU_EXACT ? "mwu-exact" : "mwu-normal";
	if (r->dir == COMPARE_DIR_UNKNOWN) {
		r->verdict = COMPARE_UNTESTED;
		r->note = strdup("no known direction for this metric "
				 "(see compare's metric table)");
		rc = r->note ? 0 : -ENOMEM;
	} else {
		r->verdict = decide(r, o);
	}
out:
	free(bv);
	free(nv);
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

static int add_row(struct compare_scenario *s, const json_t *bp,
		   const json_t *np, const char *label, const char *metric,
		   const struct compare_opts *o)
{
	const json_t *bm =
		json_object_get(json_object_get(bp, "metrics"), metric);
	const json_t *nm =
		json_object_get(json_object_get(np, "metrics"), metric);
	const char *bu = json_string_value(
		json_object_get(json_object_get(bp, "unmeasured"), metric));
	const char *nu = json_string_value(
		json_object_get(json_object_get(np, "unmeasured"), metric));
	struct compare_row *rows, *r;

	rows = realloc(s->rows, (s->nrows + 1) * sizeof(*rows));
	if (!rows)
		return -ENOMEM;
	s->rows = rows;
	r = &rows[s->nrows++];
	memset(r, 0, sizeof(*r));
	r->point = strdup(label);
	r->params = json_incref(json_object_get(bp, "params"));
	r->metric = strdup(metric);
	r->unit = strdup(
		json_string_value(json_object_get(bm ? bm : nm, "unit")) ?: "");
	r->dir = compare_metric_dir(metric);
	r->ratio = r->ci_lo = r->ci_hi = r->p = NAN;
	r->base.p50 = r->base.p90 = r->base.p99 = NAN;
	r->new_.p50 = r->new_.p90 = r->new_.p99 = NAN;
	if (!r->point || !r->metric || !r->unit)
		return -ENOMEM;
	if (bm && nm)
		return compare_metric(bm, nm, bp, np, o, r);
	r->verdict = COMPARE_NOT_COMPARABLE;
	if (bu && nu)
		r->note =
			!strcmp(bu, nu) ?
				compare_printf("unmeasured on both sides: %s",
					       bu) :
				compare_printf("unmeasured: base: %s; new: %s",
					       bu, nu);
	else if (bu || nu)
		r->note = compare_printf("unmeasured on the %s side: %s",
					 bu ? "base" : "new", bu ? bu : nu);
	else
		r->note = compare_printf("absent from the %s side",
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

/* The median of @metric in every point of @group on one side. */
static int curve_side(const json_t *res, const char *group, const char *metric,
		      struct stats2_fit *fit, bool *have)
{
	size_t i, n = 0, cap = json_array_size(json_object_get(res, "points"));
	double *x, *y;
	const json_t *p;
	int rc = 0;

	*have = false;
	x = calloc(cap + 1, sizeof(*x));
	y = calloc(cap + 1, sizeof(*y));
	if (!x || !y) {
		rc = -ENOMEM;
		goto out;
	}
	json_array_foreach(json_object_get(res, "points"), i, p)
	{
		char *g = compare_point_label(json_object_get(p, "params"),
					      "file.size");
		const json_t *xe = json_object_get(
			json_object_get(p, "mapping"), "xarray_entries");
		double *v;
		size_t nv;

		if (!g) {
			rc = -ENOMEM;
			goto out;
		}
		if (strcmp(g, group) || !json_is_integer(xe)) {
			free(g);
			continue;
		}
		free(g);
		rc = compare_metric_values(p, metric, &v, &nv);
		if (rc == -ENOMEM)
			goto out;
		rc = 0;
		if (nv) {
			x[n] = (double)json_integer_value(xe);
			y[n++] = stats_quantile_sorted(v, nv, 0.5);
		}
		free(v);
	}
	*have = stats2_linfit(x, y, n, fit) == 0;
out:
	free(x);
	free(y);
	return rc;
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

static int add_curves(struct compare_scenario *s)
{
	const char *metric = curve_metric(s->base, s->new_);
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
		rc = curve_side(s->base, g, metric, &c->base, &c->have_base);
		if (!rc)
			rc = curve_side(s->new_, g, metric, &c->new_,
					&c->have_new);
		if (rc)
			return rc;
		c->slope_ratio = c->have_base && c->have_new ?
					 stats2_ratio(c->new_.b, c->base.b) :
					 NAN;
		c->disjoint = c->have_base && c->have_new &&
			      (c->new_.b_lo > c->base.b_hi ||
			       c->new_.b_hi < c->base.b_lo);
	}
	return 0;
}

/* --- one scenario -------------------------------------------------- */

static int compare_pair(struct compare_report *rep, const json_t *b,
			const char *bpath, const json_t *n, const char *npath,
			struct db_err *err)
{
	struct compare_scenario *s, *ns;
	const json_t *bp, *np;
	char why[1024], *diff;
	size_t i, k, nnames;
	char **names;
	int rc = 0;

	incompatible(b, n, why, sizeof(why));
	if (*why && !rep->opts.force)
		return db_err_set(err, -EINVAL,
				  "%s vs %s: refused: %s (--force compares "
				  "them anyway)",
				  bpath, npath, why);
	ns = realloc(rep->scn, (rep->nscn + 1) * sizeof(*ns));
	if (!ns)
		return -ENOMEM;
	rep->scn = ns;
	s = &ns[rep->nscn++];
	memset(s, 0, sizeof(*s));
	s->name = strdup(compare_scenario_name(b));
	s->base_path = strdup(bpath);
	s->new_path = strdup(npath);
	s->base = json_incref((json_t *)b);
	s->new_ = json_incref((json_t *)n);
	if (!s->name || !s->base_path || !s->new_path)
		return -ENOMEM;
	if (*why)
		rc = compare_strv_add(
			&s->warnings, &s->nwarnings,
			compare_printf("FORCED comparison of results that "
				       "differ: %s",
				       why));
	diff = rc ? NULL : scenario_diff(b, n);
	if (diff)
		rc = compare_strv_add(
			&s->warnings, &s->nwarnings,
			compare_printf("the scenario definitions differ "
				       "in: %s",
				       diff));
	free(diff);
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
		char *label;

		if (rc)
			break;
		label = compare_point_label(json_object_get(bp, "params"),
					    NULL);
		if (!label)
			return -ENOMEM;
		np = find_point(n, json_object_get(bp, "params"));
		if (!np) {
			rc = compare_strv_add(&s->only_base, &s->nonly_base,
					      label);
			continue;
		}
		rc = metric_names(bp, np, &names, &nnames);
		for (k = 0; !rc && k < nnames; k++)
			if (wanted(&rep->opts, names[k]))
				rc = add_row(s, bp, np, label, names[k],
					     &rep->opts);
		compare_strv_free(names, nnames);
		free(label);
	}
	if (!rc)
		rc = add_curves(s);
	for (i = 0; !rc && i < s->nrows; i++) {
		rep->regressions += s->rows[i].verdict == COMPARE_REGRESSION;
		rep->improvements += s->rows[i].verdict == COMPARE_IMPROVEMENT;
	}
	return rc;
}

/* The newest result of scenario @name on a side ("started" is ISO 8601). */
static ssize_t newest(json_t *const *res, size_t n, const char *name,
		      size_t *count)
{
	ssize_t best = -1;
	size_t i;

	*count = 0;
	for (i = 0; i < n; i++) {
		if (strcmp(compare_scenario_name(res[i]), name))
			continue;
		(*count)++;
		if (best < 0 ||
		    strcmp(json_string_value(json_object_get(res[i], "started")),
			   json_string_value(
				   json_object_get(res[best], "started"))) > 0)
			best = (ssize_t)i;
	}
	return best;
}

int compare_run(json_t *const *base, char *const *base_paths, size_t nbase,
		json_t *const *new_, char *const *new_paths, size_t nnew,
		const struct compare_opts *opts, struct compare_report *rep,
		struct db_err *err)
{
	size_t i, cb, cn;
	int rc = 0;

	memset(rep, 0, sizeof(*rep));
	rep->opts = *opts;
	if (!nbase || !nnew)
		return db_err_set(err, -EINVAL, "nothing to compare");
	rep->base_label = compare_kernel_label(base[0]);
	rep->new_label = compare_kernel_label(new_[0]);
	if (!rep->base_label || !rep->new_label)
		return db_err_set(err, -ENOMEM, "out of memory");
	if (nbase == 1 && nnew == 1) {
		rc = compare_pair(rep, base[0], base_paths[0], new_[0],
				  new_paths[0], err);
		goto out;
	}
	for (i = 0; !rc && i < nbase; i++) {
		const char *name = compare_scenario_name(base[i]);
		ssize_t bi = newest(base, nbase, name, &cb);
		ssize_t ni = newest(new_, nnew, name, &cn);

		if (bi != (ssize_t)i)
			continue; /* an older duplicate, or seen */
		if (ni < 0) {
			rc = compare_strv_add(&rep->only_base, &rep->nonly_base,
					      compare_printf("%s (%s)", name,
							     base_paths[i]));
			continue;
		}
		rc = compare_pair(rep, base[bi], base_paths[bi], new_[ni],
				  new_paths[ni], err);
		if (!rc && (cb > 1 || cn > 1))
			rc = compare_strv_add(
				&rep->scn[rep->nscn - 1].warnings,
				&rep->scn[rep->nscn - 1].nwarnings,
				compare_printf("%zu base and %zu new results "
					       "of this scenario: the newest "
					       "of each is compared",
					       cb, cn));
	}
	for (i = 0; !rc && i < nnew; i++) {
		const char *name = compare_scenario_name(new_[i]);

		if (newest(new_, nnew, name, &cn) == (ssize_t)i &&
		    newest(base, nbase, name, &cb) < 0)
			rc = compare_strv_add(&rep->only_new, &rep->nonly_new,
					      compare_printf("%s (%s)", name,
							     new_paths[i]));
	}
	if (!rc && !rep->nscn)
		rc = db_err_set(err, -EINVAL,
				"no scenario in common between the two sides");
out:
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
		compare_strv_free(s->warnings, s->nwarnings);
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
