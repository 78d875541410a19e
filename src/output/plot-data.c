// SPDX-License-Identifier: GPL-2.0-only
/*
 * The numbers a figure draws (see plot-int.h): a scenario's series, one
 * per line name with the runs of that name, and its points; a series'
 * samples at a point with its runs pooled, as compare pools them, and
 * without the ops that stalled (a stall is drawn as one, never as a
 * latency).
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "label.h"
#include "plot-int.h"
#include "sort.h"
#include "sha256.h"
#include "stats.h"

#define POINT_NAME_MAX 96 /* of a point in a file name */

static const json_t *points(const json_t *r)
{
	return json_object_get(r, "points");
}

/* Add result @ri to the series of its label, a new one if need be. */
static int add_run(struct ctx *c, struct pscn *s, size_t ri)
{
	struct series *se;
	size_t k, *runs;

	for (k = 0; k < s->nser && strcmp(s->ser[k].label, c->labels[ri]); k++)
		;
	if (k == s->nser) {
		se = realloc(s->ser, (s->nser + 1) * sizeof(*se));
		if (!se)
			return -ENOMEM;
		s->ser = se;
		memset(&se[k], 0, sizeof(*se));
		se[k].label = c->labels[ri];
		se[k].colour = c->colour[ri];
		s->nser++;
	}
	se = &s->ser[k];
	runs = realloc(se->runs, (se->nruns + 1) * sizeof(*runs));
	if (!runs)
		return -ENOMEM;
	se->runs = runs;
	se->runs[se->nruns++] = ri;
	return 0;
}

/* Add the points of result @r that are not in @s yet, in its order. */
static int add_points(struct pscn *s, const json_t *r)
{
	const json_t *p, **v;
	size_t i, k;

	json_array_foreach(points(r), i, p)
	{
		const json_t *params = json_object_get(p, "params");

		for (k = 0; k < s->npts && !json_equal(s->params[k], params);
		     k++)
			;
		if (k < s->npts || !params)
			continue;
		v = realloc(s->params, (s->npts + 1) * sizeof(*v));
		if (!v)
			return -ENOMEM;
		s->params = v;
		s->params[s->npts++] = params;
	}
	return 0;
}

int pscn_build(struct ctx *c, const char *name, const size_t *idx, size_t n,
	       struct pscn *s)
{
	size_t i;
	int rc = 0;

	memset(s, 0, sizeof(*s));
	s->name = name;
	for (i = 0; !rc && i < n; i++) {
		rc = add_run(c, s, idx[i]);
		if (!rc)
			rc = add_points(s, c->res[idx[i]]);
	}
	return rc;
}

void pscn_free(struct pscn *s)
{
	size_t k;

	for (k = 0; k < s->nser; k++)
		free(s->ser[k].runs);
	free(s->ser);
	free(s->params);
	memset(s, 0, sizeof(*s));
}

double param_num(const json_t *params, const char *key)
{
	const json_t *v = json_object_get(params, key);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

bool pscn_sweeps(const struct ctx *c, const struct pscn *s, const char *key)
{
	const json_t *r0 = c->res[s->ser[0].runs[0]];

	return json_object_get(json_object_get(json_object_get(r0, "scenario"),
					       "sweep"),
			       key) != NULL;
}

/* The point of result @r at @params, or NULL. */
static const json_t *point_at(const json_t *r, const json_t *params)
{
	const json_t *p;
	size_t i;

	json_array_foreach(points(r), i, p)
	{
		if (json_equal(json_object_get(p, "params"), params))
			return p;
	}
	return NULL;
}

int series_values(const struct ctx *c, const struct series *se,
		  const json_t *params, const char *metric, double **v,
		  size_t *n)
{
	double *all = NULL, *own, *grown;
	const double *one;
	size_t k, total = 0, m;

	*v = NULL;
	*n = 0;
	for (k = 0; k < se->nruns; k++) {
		const json_t *r = c->res[se->runs[k]];
		const json_t *p = point_at(r, params);

		/* a view where it can: the pooled copy is sorted anyway */
		if (!p ||
		    compare_values_op_view(p, metric, compare_timeout_ns(r),
					   &one, &m, &own))
			continue;
		grown = m ? realloc(all, (total + m) * sizeof(*all)) : all;
		if (m && !grown) {
			free(own);
			free(all);
			return -ENOMEM;
		}
		all = grown;
		if (m)
			memcpy(all + total, one, m * sizeof(*one));
		total += m;
		free(own);
	}
	if (total)
		sort_double(all, total);
	*v = all;
	*n = total;
	return 0;
}

/* Why point @p of result @r measured nothing it was meant to, or NULL. */
static const char *point_flag(const json_t *r, const json_t *p)
{
	const json_t *w;
	size_t i;

	if (json_is_false(json_object_get(json_object_get(r, "target"), "dax")))
		return "no DAX";
	if (json_is_false(json_object_get(p, "mapping_verified")))
		return "not mapped as asked";
	if (json_object_get(json_object_get(p, "pinners"), "refused"))
		return "pins refused";
	json_array_foreach(json_object_get(p, "warnings"), i, w)
	{
		const char *t = json_string_value(w);

		if (t && (strstr(t, "pins never met") ||
			  strstr(t, "no op started with a pin in flight")))
			return "pins never met the ops";
	}
	return NULL;
}

const char *series_flag(const struct ctx *c, const struct series *se,
			const json_t *params)
{
	const char *why;
	size_t k;

	for (k = 0; k < se->nruns; k++) {
		const json_t *r = c->res[se->runs[k]];
		const json_t *p = point_at(r, params);

		why = p ? point_flag(r, p) : NULL;
		if (why)
			return why;
	}
	return NULL;
}

bool series_quantiles(const struct ctx *c, const struct series *se,
		      const json_t *params, const char *metric, double q[3])
{
	double *v;
	size_t n;

	if (series_values(c, se, params, metric, &v, &n) || !n) {
		free(v);
		return false;
	}
	q[0] = stats_quantile_sorted(v, n, 0.5);
	q[1] = stats_quantile_sorted(v, n, 0.1);
	q[2] = stats_quantile_sorted(v, n, 0.9);
	free(v);
	return true;
}

int series_stalls(const struct ctx *c, const struct series *se,
		  const json_t *params, struct compare_stalls *st)
{
	const json_t **pts = calloc(se->nruns, sizeof(*pts));
	json_t **runs = calloc(se->nruns, sizeof(*runs));
	size_t k;
	int rc = -ENOMEM;

	if (pts && runs) {
		for (k = 0; k < se->nruns; k++) {
			runs[k] = c->res[se->runs[k]];
			pts[k] = point_at(runs[k], params);
		}
		rc = compare_count_stalls(pts, runs, se->nruns, st);
	}
	free(pts);
	free(runs);
	return rc;
}

long long series_entries(const struct ctx *c, const struct series *se,
			 const json_t *params)
{
	size_t k;

	for (k = 0; k < se->nruns; k++) {
		const json_t *p = point_at(c->res[se->runs[k]], params);
		json_int_t e = json_integer_value(json_object_get(
			json_object_get(p, "mapping"), "xarray_entries"));

		if (e > 0)
			return e;
	}
	return 0;
}

bool pscn_has_metric(const struct ctx *c, const struct pscn *s,
		     const char *metric, const char **why)
{
	const json_t *p;
	size_t i, k, j;

	for (i = 0; i < s->nser; i++)
		for (k = 0; k < s->ser[i].nruns; k++)
			json_array_foreach(points(c->res[s->ser[i].runs[k]]), j,
					   p)
			{
				const char *u =
					json_string_value(json_object_get(
						json_object_get(p,
								"unmeasured"),
						metric));

				if (json_object_get(json_object_get(p,
								    "metrics"),
						    metric))
					return true;
				if (u)
					*why = u;
			}
	return false;
}

/* Every leaf of @v under @path into @out: {"pinners.numa.membind": 0}. */
static int flatten(json_t *out, const char *path, const json_t *v)
{
	const char *key;
	json_t *sub;
	int rc = 0;

	if (!json_is_object(v))
		return json_object_set(out, path, (json_t *)v) ? -ENOMEM : 0;
	json_object_foreach((json_t *)v, key, sub)
	{
		char *p = db_asprintf("%s.%s", path, key);

		rc = p ? flatten(out, p, sub) : -ENOMEM;
		free(p);
		if (rc)
			break;
	}
	return rc;
}

static json_t *leaves(const json_t *params)
{
	json_t *out = json_object();
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)params, key, v)
	{
		if (!out || flatten(out, key, v)) {
			json_decref(out);
			return NULL;
		}
	}
	return out;
}

/* Leaf @key of some point of @s is not @v. */
static bool differs(const struct pscn *s, const char *key, const json_t *v)
{
	bool d = false;
	size_t k;

	for (k = 0; !d && k < s->npts; k++) {
		json_t *other = leaves(s->params[k]);

		d = !other || !json_equal(v, json_object_get(other, key));
		json_decref(other);
	}
	return d;
}

/*
 * The leaves of point @pi that differ from some other point's, in the
 * point's order: what a file name needs, where a sweep over a whole
 * object repeats the fields every point shares.
 */
static json_t *varying(const struct pscn *s, size_t pi)
{
	json_t *mine = leaves(s->params[pi]), *out = json_object();
	const char *key;
	json_t *v;

	if (!mine || !out)
		goto fail;
	json_object_foreach(mine, key, v)
	{
		if (differs(s, key, v) && json_object_set(out, key, v))
			goto fail;
	}
	json_decref(mine);
	return out;
fail:
	json_decref(mine);
	json_decref(out);
	return NULL;
}

char *pscn_point_name(const struct pscn *s, size_t pi)
{
	json_t *v = varying(s, pi);
	char *l = v ? label_point(v, NULL, true) : NULL, *n;
	char hex[SHA256_HEX_LEN];

	json_decref(v);
	if (!l || strlen(l) <= POINT_NAME_MAX)
		return l;
	/* a name stays short and still one point's alone */
	sha256_hex(l, strlen(l), hex);
	n = db_asprintf("%.*s-%.8s", POINT_NAME_MAX - 9, l, hex);
	free(l);
	return n;
}

void plot_fmt_timeout(double ns, char *buf, size_t len)
{
	if (ns >= 1e9)
		snprintf(buf, len, "%g s", ns / 1e9);
	else
		snprintf(buf, len, "%g ms", ns / 1e6);
}

static const char *const colours[] = {
	"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e",
	"#9467bd", "#8c564b", "#e377c2", "#17becf",
};

const char *plot_colour(const struct series *s)
{
	return colours[s->colour % (sizeof(colours) / sizeof(colours[0]))];
}
