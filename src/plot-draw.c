// SPDX-License-Identifier: GPL-2.0-only
/*
 * The figures (see plot.h): which ones a scenario's results call for,
 * and the numbers each draws, read from the results: medians with their
 * p10-p90, CDFs, histograms, fitted lines, and the ops that stalled as
 * markers of their own (never as latencies).
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "plot-int.h"
#include "stats.h"
#include "twosample.h"

#define CDF_POINTS 1000 /* a CDF line needs no more to look smooth */

static const char *const colours[] = {
	"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e",
	"#9467bd", "#8c564b", "#e377c2", "#17becf",
};
#define NCOLOURS (sizeof(colours) / sizeof(colours[0]))

/* --- data helpers -------------------------------------------------- */

static const json_t *points(const json_t *r)
{
	return json_object_get(r, "points");
}

static bool sweeps(const json_t *r, const char *key)
{
	return json_object_get(json_object_get(json_object_get(r, "scenario"),
					       "sweep"),
			       key) != NULL;
}

/*
 * The samples of @metric at point @p of result @r without the ops that
 * stalled (a stall is drawn as one, never as a latency).
 */
static int values(const json_t *r, const json_t *p, const char *metric,
		  double **v, size_t *n)
{
	return compare_metric_values_censored(p, metric, compare_timeout_ns(r),
					      v, n, NULL);
}

/* median, p10, p90 of a metric's samples; false when there are none */
static bool med_p10_p90(const json_t *r, const json_t *p, const char *metric,
			double q[3])
{
	double *v;
	size_t n;

	if (values(r, p, metric, &v, &n) || !n) {
		free(v);
		return false;
	}
	q[0] = stats_quantile_sorted(v, n, 0.5);
	q[1] = stats_quantile_sorted(v, n, 0.1);
	q[2] = stats_quantile_sorted(v, n, 0.9);
	free(v);
	return true;
}

static double param_num(const json_t *p, const char *key)
{
	return json_number_value(
		json_object_get(json_object_get(p, "params"), key));
}

/* Distinct group labels (params but @key) of result @r, in order. */
static int groups_of(const json_t *r, const char *key, char ***g, size_t *n)
{
	const json_t *p;
	size_t i, k;
	int rc = 0;

	json_array_foreach(points(r), i, p)
	{
		char *l =
			compare_point_label(json_object_get(p, "params"), key);

		if (!l)
			return -ENOMEM;
		for (k = 0; k < *n; k++)
			if (!strcmp((*g)[k], l))
				break;
		if (k < *n)
			free(l);
		else if ((rc = compare_strv_add(g, n, l)))
			return rc;
	}
	return 0;
}

/*
 * What an x-y figure draws: x from the param @xkey, y the median of
 * @metric with its p10-p90, each scaled to the unit of its axis.
 */
struct xy {
	const char *xkey;
	double xscale;
	const char *metric;
	double yscale;
	bool fit_entries; /* and a line fitted over the xarray entries */
};

/* A group's medians over its xarray entries, for the fitted line. */
struct xy_fit {
	double xs[64], ys[64], per_entry;
	size_t n;
};

/* "5 s" for a timeout of 5e9 ns: a legend reads better without ".00" */
static void fmt_timeout(double ns, char *buf, size_t len)
{
	if (ns >= 1e9)
		snprintf(buf, len, "%g s", ns / 1e9);
	else
		snprintf(buf, len, "%g ms", ns / 1e6);
}

/*
 * The points of result @ri where ops stalled, as a block of their own:
 * a distinct marker at the timeout (where the op was censored, not a
 * latency it had) and how many stalled. Returns 1 when it drew one.
 */
static int stall_marks(struct fig *f, size_t ri, const struct xy *a)
{
	const json_t *r = f->c->res[ri], *p;
	double tmo = compare_timeout_ns(r), xs[64];
	char label[512], style[160], t[32];
	size_t k, j, nx = 0, counts[64];
	struct compare_stalls st;
	int rc;

	if (isnan(tmo))
		return 0;
	/* one marker per x: the groups' markers would hide each other */
	json_array_foreach(points(r), k, p)
	{
		double x = param_num(p, a->xkey) * a->xscale;

		rc = compare_count_stalls(&p, (json_t *const *)&r, 1, &st);
		if (rc)
			return rc;
		for (j = 0; st.stalls && j < nx && xs[j] != x; j++)
			;
		if (!st.stalls || (j == nx && nx == 64))
			continue;
		if (j == nx) {
			xs[nx] = x;
			counts[nx++] = 0;
		}
		counts[j] += st.stalls;
	}
	if (nx) /* room for the labels of markers at the edges */
		strncat(f->setup, "set offsets graph 0.08, graph 0.08, 0, 0\n",
			sizeof(f->setup) - strlen(f->setup) - 1);
	for (j = 0; j < nx; j++) {
		if (!j) {
			fmt_timeout(tmo, t, sizeof(t));
			snprintf(label, sizeof(label),
				 "%s: stalled (censored at %s)",
				 f->c->labels[ri], t);
			snprintf(style, sizeof(style),
				 "with points pt 8 ps 2.5 lw 2 lc rgb '%s'",
				 colours[ri % NCOLOURS]);
			fig_block(f, label, "1:2", style);
			fig_func(f,
				 "'%s.dat' index %d using 1:2:(sprintf('%%d "
				 "stalled', $3)) with labels offset 0,-1.5 "
				 "tc rgb '%s' notitle",
				 f->name, f->blocks - 1,
				 colours[ri % NCOLOURS]);
		}
		fprintf(f->dat, "%.9g %.9g %zu\n", xs[j], tmo * a->yscale,
			counts[j]);
		fig_y(f, tmo * a->yscale);
	}
	return nx > 0;
}

/* One group's rows, a point each; the medians over xarray entries kept. */
static size_t xy_rows(struct fig *f, const json_t *r, const char *group,
		      const struct xy *a, struct xy_fit *fit)
{
	const json_t *p;
	size_t k, rows = 0;

	json_array_foreach(points(r), k, p)
	{
		char *l = compare_point_label(json_object_get(p, "params"),
					      a->xkey);
		json_int_t e = json_integer_value(json_object_get(
			json_object_get(p, "mapping"), "xarray_entries"));
		double q[3], x;

		if (!l || strcmp(l, group) ||
		    !med_p10_p90(r, p, a->metric, q)) {
			free(l);
			continue;
		}
		free(l);
		x = param_num(p, a->xkey) * a->xscale;
		fprintf(f->dat, "%.9g %.9g %.9g %.9g\n", x, q[0] * a->yscale,
			q[1] * a->yscale, q[2] * a->yscale);
		fig_y(f, q[1] * a->yscale);
		fig_y(f, q[2] * a->yscale);
		rows++;
		if (a->fit_entries && fit->n < 64 && e > 0) {
			fit->xs[fit->n] = (double)e;
			fit->ys[fit->n++] = q[0] * a->yscale;
			fit->per_entry = x / (double)e;
		}
	}
	return rows;
}

/* The line of group @g of result @ri, the @i-th result of the figure. */
static void xy_group(struct fig *f, size_t i, size_t ri, size_t g,
		     const char *group, const struct xy *a)
{
	struct xy_fit fit = { .n = 0 };
	char label[512], style[128];
	struct twosample_fit lf;

	snprintf(label, sizeof(label), "%s, %s", f->c->labels[ri], group);
	snprintf(style, sizeof(style),
		 "with yerrorlines lc rgb '%s' dt %zu pt %zu",
		 colours[i % NCOLOURS], g % 5 + 1, g + 4);
	fig_block(f, label, "1:2:3:4", style);
	/*
	 * every op of the group stalled: an empty block would merge with
	 * the next one and shift gnuplot's index
	 */
	if (!xy_rows(f, f->c->res[ri], group, a, &fit))
		fputs("NaN NaN NaN NaN\n", f->dat);
	if (!a->fit_entries || fit.n < 2 ||
	    twosample_linfit(fit.xs, fit.ys, fit.n, &lf))
		return;
	fig_func(f,
		 "%.9g + %.9g * x / %.9g lc rgb '%s' dt %zu lw 1 title "
		 "\"fit: %.3g + %.3g per entry, R2 %.3f\"",
		 lf.a, lf.b, fit.per_entry, colours[i % NCOLOURS], g % 5 + 1,
		 lf.a, lf.b, lf.r2);
}

/*
 * One line per result and group (the params but @a->xkey), and the
 * stalls of each result. Returns the number of blocks written.
 */
static int xy_lines(struct fig *f, const size_t *idx, size_t nidx,
		    const struct xy *a)
{
	struct ctx *c = f->c;
	int blocks = 0, rc = 0;
	size_t i, g;

	for (i = 0; !rc && i < nidx; i++) {
		char **groups = NULL;
		size_t ng = 0;

		rc = groups_of(c->res[idx[i]], a->xkey, &groups, &ng);
		for (g = 0; !rc && g < ng; g++, blocks++)
			xy_group(f, i, idx[i], g, groups[g], a);
		compare_strv_free(groups, ng);
		if (!rc && !strcmp(a->metric, "op_latency"))
			rc = stall_marks(f, idx[i], a);
		blocks += rc > 0;
		rc = rc > 0 ? 0 : rc;
	}
	return rc ? rc : blocks;
}

/* --- the figures --------------------------------------------------- */

static bool all_points_have(const struct ctx *c, const size_t *idx, size_t n,
			    const char *metric)
{
	const json_t *p;
	size_t i, k;

	for (i = 0; i < n; i++) {
		json_array_foreach(points(c->res[idx[i]]), k, p)
		{
			if (!json_object_get(json_object_get(p, "metrics"),
					     metric))
				return false;
		}
	}
	return true;
}

static int fig_scan_cost(struct ctx *c, const char *scn, const size_t *idx,
			 size_t n)
{
	const char *metric =
		all_points_have(c, idx, n, "busy_scan_time_per_call") ?
			"busy_scan_time_per_call" :
			"op_latency";
	char what[128];
	struct fig f;
	int rc;

	snprintf(what, sizeof(what), "%s vs mapping size (median, p10-p90)",
		 metric);
	rc = fig_begin(c, &f, "scan-cost", scn, NULL, idx, n, what);
	if (rc)
		return rc;
	snprintf(f.setup, sizeof(f.setup),
		 "set logscale xy\nset xlabel 'mapping size (MiB)'\n"
		 "set ylabel '%s (us), median' noenhanced\n",
		 metric);
	rc = xy_lines(&f, idx, n,
		      &(const struct xy){ .xkey = "file.size",
					  .xscale = 1.0 / (1 << 20),
					  .metric = metric,
					  .yscale = 1e-3,
					  .fit_entries = true });
	return rc < 0 ? rc : fig_end(&f);
}

static int fig_threads(struct ctx *c, const char *scn, const size_t *idx,
		       size_t n)
{
	const char *method = json_string_value(json_object_get(
		json_object_get(json_object_get(c->res[idx[0]], "scenario"),
				"pinners"),
		"method"));
	char what[160];
	struct fig f;
	int rc;

	snprintf(what, sizeof(what),
		 "op latency vs pinner threads (%s pinners; median, p10-p90)",
		 sweeps(c->res[idx[0]], "pinners.method") ? "per method" :
		 method					  ? method :
							    "?");
	rc = fig_begin(c, &f, "threads", scn, NULL, idx, n, what);
	if (rc)
		return rc;
	f.auto_logy = true;
	snprintf(f.setup, sizeof(f.setup),
		 "set logscale x 2\nset xlabel 'pinner threads'\n"
		 "set ylabel 'op latency (ms)'\n");
	rc = xy_lines(&f, idx, n,
		      &(const struct xy){ .xkey = "pinners.threads",
					  .xscale = 1,
					  .metric = "op_latency",
					  .yscale = 1e-6 });
	return rc < 0 ? rc : fig_end(&f);
}

static int fig_hold(struct ctx *c, const char *scn, const size_t *idx, size_t n)
{
	struct fig f;
	int rc;

	rc = fig_begin(c, &f, "hold", scn, NULL, idx, n,
		       "vmsplice hold vs op latency (median, p10-p90)");
	if (rc)
		return rc;
	f.auto_logy = true;
	snprintf(f.setup, sizeof(f.setup),
		 "set xlabel 'pinners.hold (ms)'\nset ylabel 'op latency "
		 "(ms)'\n");
	rc = xy_lines(&f, idx, n,
		      &(const struct xy){ .xkey = "pinners.hold",
					  .xscale = 1e-6,
					  .metric = "op_latency",
					  .yscale = 1e-6 });
	if (rc < 0)
		return rc;
	fig_func(&f, "x lc rgb 'gray' dt 3 title \"y = x (the op waits out "
		     "the pin)\"");
	return fig_end(&f);
}

/*
 * The stalled ops of one line of a CDF: a marker at the timeout, where
 * they were censored, spanning the share of ops they are.
 */
static void cdf_stalls(struct fig *f, const char *kernel, size_t i,
		       const struct compare_stalls *st, size_t nv)
{
	double all = (double)(nv + st->stalls);
	char label[512], style[128], t[32];

	fmt_timeout(st->timeout_ns, t, sizeof(t));
	snprintf(label, sizeof(label), "%s: %zu stalled (censored at %s)",
		 kernel, st->stalls, t);
	snprintf(style, sizeof(style),
		 "with linespoints pt 8 ps 2.5 lw 2 dt 2 lc rgb '%s'",
		 colours[i % NCOLOURS]);
	fig_block(f, label, "1:2", style);
	fprintf(f->dat, "%.9g %.9g\n%.9g 1\n", st->timeout_ns * 1e-6,
		(double)nv / all, st->timeout_ns * 1e-6);
}

/* The line of result @ri (the @i-th of the figure) at the point @params. */
static int cdf_line(struct fig *f, size_t i, size_t ri, const json_t *params)
{
	const json_t *r = f->c->res[ri], *p, *hit = NULL;
	struct compare_stalls st;
	size_t k, m, nv;
	char style[96];
	double *v, all;
	int rc;

	json_array_foreach(points(r), k, p)
	{
		if (json_equal(json_object_get(p, "params"), params))
			hit = p;
	}
	if (!hit || values(r, hit, "op_latency", &v, &nv))
		return 0;
	rc = compare_count_stalls(&hit, (json_t *const *)&r, 1, &st);
	if (rc) {
		free(v);
		return rc;
	}
	/* of all ops: a point with stalls never reaches 1 */
	all = (double)(nv + st.stalls);
	snprintf(style, sizeof(style), "with steps lc rgb '%s' lw 2",
		 colours[i % NCOLOURS]);
	fig_block(f, f->c->labels[ri], "1:2", style);
	m = nv < CDF_POINTS ? nv : CDF_POINTS;
	if (!m) /* every op stalled: keep gnuplot's index in step */
		fputs("NaN NaN\n", f->dat);
	for (k = 0; k < m; k++) {
		/* every sample, or CDF_POINTS evenly spaced ranks */
		double q = m == nv ? (double)(k + 1) / (double)nv :
				     (double)(k + 1) / (double)m;
		double x = m == nv ? v[k] : stats_quantile_sorted(v, nv, q);

		fprintf(f->dat, "%.9g %.9g\n", x * 1e-6, q * (double)nv / all);
	}
	free(v);
	if (st.stalls && !isnan(st.timeout_ns))
		cdf_stalls(f, f->c->labels[ri], i, &st, nv);
	return 0;
}

static int fig_cdf(struct ctx *c, const char *scn, const size_t *idx, size_t n,
		   size_t pi)
{
	const json_t *p0 = json_array_get(points(c->res[idx[0]]), pi);
	const json_t *params = json_object_get(p0, "params");
	char *label = compare_point_label(params, NULL), *what, suffix[32];
	struct fig f;
	size_t i;
	int rc;

	what = db_asprintf("op latency CDF at [%s]", label ? label : "?");
	free(label);
	snprintf(suffix, sizeof(suffix), "-p%zu", pi + 1);
	rc = what ? fig_begin(c, &f, "cdf", scn, suffix, idx, n, what) :
		    -ENOMEM;
	free(what);
	if (rc)
		return rc;
	f.point = (long)pi;
	snprintf(f.setup, sizeof(f.setup),
		 "set logscale x\nset xlabel 'op latency (ms)'\n"
		 "set ylabel 'fraction of ops <= x'\nset yrange [0:1]\n"
		 "set key bottom right inside\n");
	for (i = 0; i < n; i++) {
		rc = cdf_line(&f, i, idx[i], params);
		if (rc)
			return rc;
	}
	return fig_end(&f);
}

/* busy_scan_calls of one result, binned: @counts[64] is ">= 64". */
static uint64_t calls_counts(const json_t *res, uint64_t counts[65])
{
	uint64_t total = 0;
	const json_t *p;
	size_t k, j;

	json_array_foreach(points(res), k, p)
	{
		double *v;
		size_t nv;

		if (values(res, p, "busy_scan_calls", &v, &nv))
			continue;
		for (j = 0; j < nv; j++)
			counts[v[j] < 64 ? (size_t)v[j] : 64]++;
		total += nv;
		free(v);
	}
	return total;
}

static int fig_calls(struct ctx *c, const char *scn, const size_t *idx,
		     size_t n)
{
	double w = 0.8 / (double)n;
	uint64_t(*counts)[65], *total, all = 0;
	size_t i, j;
	char style[160];
	struct fig f;
	int rc;

	counts = calloc(n, sizeof(*counts));
	total = calloc(n, sizeof(*total));
	if (!counts || !total) {
		free(counts);
		free(total);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		all += total[i] = calls_counts(c->res[idx[i]], counts[i]);
	/* every op of every side stalled: gnuplot has nothing to draw */
	rc = all ? fig_begin(c, &f, "scan-calls", scn, NULL, idx, n,
			     "busy-scan calls per op (1 + retries), all "
			     "points") :
		   plot_skip(c,
			     "busy-scan calls histogram for %s: no samples "
			     "(every op stalled)",
			     scn);
	if (rc || !all)
		goto out;
	snprintf(f.setup, sizeof(f.setup),
		 "set xlabel 'busy-scan calls per op'\nset ylabel 'fraction "
		 "of ops'\nset style fill solid 0.6 border -1\n"
		 "set boxwidth %.3f\nset xtics 1\nset yrange [0:*]\n",
		 w);
	for (i = 0; i < n; i++) {
		snprintf(style, sizeof(style), "with boxes lc rgb '%s'",
			 colours[i % NCOLOURS]);
		fig_block(&f, c->labels[idx[i]], "($1 + $3):2", style);
		if (!total[i]) /* every op stalled: keep the index in step */
			fputs("NaN NaN NaN\n", f.dat);
		for (j = 0; j < 65; j++)
			if (counts[i][j])
				fprintf(f.dat, "%zu %.9g %.3f\n", j,
					(double)counts[i][j] / (double)total[i],
					((double)i - (double)(n - 1) / 2) * w);
	}
	rc = fig_end(&f);
out:
	free(counts);
	free(total);
	return rc;
}

/* --- which figures ------------------------------------------------- */

static bool any_metric(const struct ctx *c, const size_t *idx, size_t n,
		       const char *metric, const char **why)
{
	const json_t *p;
	size_t i, k;

	for (i = 0; i < n; i++)
		json_array_foreach(points(c->res[idx[i]]), k, p)
		{
			const char *u = json_string_value(json_object_get(
				json_object_get(p, "unmeasured"), metric));

			if (json_object_get(json_object_get(p, "metrics"),
					    metric))
				return true;
			if (u)
				*why = u;
		}
	return false;
}

int plot_scenario(struct ctx *c, const char *scn, const size_t *idx, size_t n,
		  unsigned int *drawn)
{
	const json_t *r0 = c->res[idx[0]];
	const char *why = "not in the results";
	size_t pi;
	int rc = 0;

	if (sweeps(r0, "file.size")) {
		rc = fig_scan_cost(c, scn, idx, n);
		*drawn |= 1;
	}
	if (!rc && sweeps(r0, "pinners.threads")) {
		rc = fig_threads(c, scn, idx, n);
		*drawn |= 2;
	}
	if (!rc && sweeps(r0, "pinners.hold")) {
		rc = fig_hold(c, scn, idx, n);
		*drawn |= 4;
	}
	if (!rc && any_metric(c, idx, n, "op_latency", &why)) {
		for (pi = 0; !rc && pi < json_array_size(points(r0)); pi++)
			rc = fig_cdf(c, scn, idx, n, pi);
		*drawn |= 8;
	}
	why = "not in the results";
	if (!rc && any_metric(c, idx, n, "busy_scan_calls", &why)) {
		rc = fig_calls(c, scn, idx, n);
		*drawn |= 16;
	} else if (!rc) {
		rc = plot_skip(c,
			       "busy-scan calls histogram for %s: "
			       "busy_scan_calls unmeasured (%s)",
			       scn, why);
	}
	return rc;
}

int plot_undrawn(struct ctx *c, unsigned int drawn)
{
	int rc = 0;

	if (!(drawn & 1))
		rc = plot_skip(c, "scan cost vs mapping size: no result sweeps "
				  "file.size");
	if (!rc && !(drawn & 2))
		rc = plot_skip(c, "op latency vs pinner threads: no result "
				  "sweeps pinners.threads");
	if (!rc && !(drawn & 4))
		rc = plot_skip(c, "vmsplice hold vs op latency: no result "
				  "sweeps pinners.hold");
	if (!rc && !(drawn & 8))
		rc = plot_skip(c, "op latency CDF: no op_latency samples");
	return rc;
}
