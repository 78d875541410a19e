// SPDX-License-Identifier: GPL-2.0-only
/*
 * The sweep figures (see plot.h): a swept parameter on x and the median
 * of a metric with its p10-p90 on y, a line per kernel and group of the
 * other parameters, each kernel in one colour with its runs pooled. Scan
 * cost is drawn on log-log axes with the line fitted over the xarray
 * entries, in the units of its axis; op latency on a log y axis, where
 * the ops that stalled are markers of their own at the timeout (never
 * latencies) and the hold figure's y = x is a line to read against.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "label.h"
#include "plot-int.h"
#include "twosample-fit.h"

/*
 * What an x-y figure draws: x from the param @xkey, y the median of
 * @metric with its p10-p90, each scaled to the unit of its axis.
 */
struct xy {
	const char *xkey;
	double xscale;
	const char *metric;
	double yscale;
	bool logx; /* when every x is > 0 */
	bool fit_entries; /* and a line fitted over the xarray entries */
};

/* A group's points with xarray entries: what compare's line is drawn on. */
struct xy_fit {
	const json_t *params; /* one of them, for its group */
	double per_entry; /* x units per entry */
	size_t n;
	/* the points that measured nothing (series_flag()), drawn hollow */
	double hx[PLOT_MAX_X], hy[PLOT_MAX_X];
	size_t nh;
	const char *why;
};

/* The groups: the distinct brief labels of the params but @key. */
static int groups_of(const struct pscn *s, const char *key, char ***g,
		     size_t *n)
{
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < s->npts; i++) {
		char *l = label_point(s->params[i], key, true);

		if (l && compare_strv_has(*g, *n, l))
			free(l);
		else
			rc = compare_strv_add(g, n, l);
	}
	return rc;
}

/* The stalled ops of @se at each x, summed over the groups. */
static int stall_counts(const struct ctx *c, const struct pscn *s,
			const struct series *se, const struct xy *a,
			double xs[PLOT_MAX_X], size_t counts[PLOT_MAX_X],
			size_t *nx)
{
	struct compare_stalls st;
	size_t i, j;
	int rc;

	for (i = 0; i < s->npts; i++) {
		double x = param_num(s->params[i], a->xkey) * a->xscale;

		rc = series_stalls(c, se, s->params[i], &st);
		if (rc)
			return rc;
		for (j = 0; st.stalls && j < *nx && xs[j] != x; j++)
			;
		if (!st.stalls || (j == *nx && *nx == PLOT_MAX_X))
			continue;
		if (j == *nx) {
			xs[j] = x;
			counts[(*nx)++] = 0;
		}
		counts[j] += st.stalls;
	}
	return 0;
}

/*
 * Where the marker of the @i-th series goes at @x: beside the others',
 * which would hide it at the same x and timeout; a step of 6% on a log
 * axis, 1.2% of the x span on a linear one.
 */
static double beside(const struct pscn *s, size_t i, const struct xy *a,
		     double x)
{
	double lo = INFINITY, hi = -INFINITY, v, d;
	size_t k;

	for (k = 0; k < s->npts; k++) {
		v = param_num(s->params[k], a->xkey) * a->xscale;
		lo = v < lo ? v : lo;
		hi = v > hi ? v : hi;
	}
	d = (double)i - (double)(s->nser - 1) / 2;
	if (a->logx && lo > 0)
		return x * pow(1.06, d);
	return x + d * 0.012 * (hi > lo ? hi - lo : 1);
}

/*
 * The points of the @i-th series where ops stalled, as a block of
 * their own: a distinct marker at the timeout (where the op was
 * censored, not a latency it had) labelled with how many stalled.
 */
static int stall_marks(struct fig *f, const struct pscn *s, size_t i,
		       const struct xy *a)
{
	const struct series *se = &s->ser[i];
	const json_t *r = f->c->res[se->runs[0]];
	double tmo = compare_timeout_ns(r), xs[PLOT_MAX_X];
	char label[512], style[160], t[32];
	size_t j, nx = 0, counts[PLOT_MAX_X];
	int rc;

	if (isnan(tmo))
		return 0;
	rc = stall_counts(f->c, s, se, a, xs, counts, &nx);
	for (j = 0; !rc && j < nx; j++) {
		if (!j) {
			plot_fmt_timeout(tmo, t, sizeof(t));
			snprintf(label, sizeof(label),
				 "%s: stalled (censored at %s)", se->label, t);
			snprintf(style, sizeof(style),
				 "with points pt 8 ps 2.5 lw 2 lc rgb '%s'",
				 plot_colour(se));
			fig_block(f, label, "1:2", style);
			fig_func(f, NULL,
				 "'%s.dat' index %d using 1:2:(sprintf('%%d "
				 "stalled', $3)) with labels offset 0,-1.5 "
				 "tc rgb '%s'",
				 f->name, f->blocks - 1, plot_colour(se));
		}
		fprintf(f->dat, "%.9g %.9g %zu\n", beside(s, i, a, xs[j]),
			tmo * a->yscale, counts[j]);
		fig_xy(f, xs[j], tmo * a->yscale);
	}
	return rc;
}

/* One group's rows, a point each; the medians over xarray entries kept. */
static size_t xy_rows(struct fig *f, const struct pscn *s,
		      const struct series *se, const char *group,
		      const struct xy *a, struct xy_fit *fit)
{
	size_t i, rows = 0;

	for (i = 0; i < s->npts; i++) {
		char *l = label_point(s->params[i], a->xkey, true);
		long long e = series_entries(f->c, se, s->params[i]);
		const char *why;
		double q[3], x;

		if (!l || strcmp(l, group) ||
		    !series_quantiles(f->c, se, s->params[i], a->metric, q)) {
			free(l);
			continue;
		}
		free(l);
		x = param_num(s->params[i], a->xkey) * a->xscale;
		why = series_flag(f->c, se, s->params[i]);
		if (why && fit->nh < PLOT_MAX_X) {
			fit->why = fit->why ? fit->why : why;
			fit->hx[fit->nh] = x;
			fit->hy[fit->nh++] = q[0] * a->yscale;
			fig_xy(f, x, q[0] * a->yscale);
			continue;
		}
		fprintf(f->dat, "%.9g %.9g %.9g %.9g\n", x, q[0] * a->yscale,
			q[1] * a->yscale, q[2] * a->yscale);
		fig_xy(f, x, q[1] * a->yscale);
		fig_xy(f, x, q[2] * a->yscale);
		rows++;
		if (a->fit_entries && e > 0) {
			fit->params = s->params[i];
			fit->per_entry = x / (double)e;
			fit->n++;
		}
	}
	return rows;
}

/*
 * compare's fit of the group of point @params in series @se (its runs as
 * replicates, as compare reads them), into @buf as compare prints it.
 */
static int series_fit(const struct ctx *c, const struct series *se,
		      const json_t *params, const char *metric,
		      struct twosample_fit *lf, char *buf, size_t len)
{
	json_t **runs = calloc(se->nruns, sizeof(*runs));
	char *group = compare_point_label(params, "file.size");
	size_t k;
	int rc = -ENOMEM;

	if (runs && group) {
		for (k = 0; k < se->nruns; k++)
			runs[k] = c->res[se->runs[k]];
		rc = compare_curve_slope(runs, se->nruns, group, metric, lf,
					 buf, len);
	}
	free(group);
	free(runs);
	return rc;
}

/*
 * The points of a line that measured nothing they were meant to: hollow
 * circles at their median, apart from the line, the reason in the key.
 */
static void hollow(struct fig *f, const struct series *se, const char *label,
		   const struct xy_fit *fit)
{
	char title[320], style[96];
	size_t i;

	if (!fit->nh)
		return;
	snprintf(title, sizeof(title), "%s: measured nothing (%s)", label,
		 fit->why);
	snprintf(style, sizeof(style), "with points lc rgb '%s' pt 6 ps 1.5",
		 plot_colour(se));
	fig_block(f, title, "1:2", style);
	for (i = 0; i < fit->nh; i++)
		fprintf(f->dat, "%.9g %.9g\n", fit->hx[i], fit->hy[i]);
}

/* The line of group @g (@ng of them) of series @se, and its fit. */
static void xy_group(struct fig *f, const struct pscn *s,
		     const struct series *se, size_t g, size_t ng,
		     const char *group, const struct xy *a)
{
	struct xy_fit fit = { .n = 0 };
	char label[256], style[128], title[512], slope[128];
	struct twosample_fit lf;

	snprintf(label, sizeof(label), "%s%s%s", se->label, ng > 1 ? ", " : "",
		 ng > 1 ? group : "");
	snprintf(style, sizeof(style),
		 "with yerrorlines lc rgb '%s' dt %zu pt %zu lw 1.5",
		 plot_colour(se), g % 5 + 1, g % 10 + 4);
	fig_block(f, label, "1:2:3:4", style);
	/*
	 * every op of the group stalled: an empty block would merge with
	 * the next one and shift gnuplot's index
	 */
	if (!xy_rows(f, s, se, group, a, &fit))
		fputs("NaN NaN NaN NaN\n", f->dat);
	hollow(f, se, label, &fit);
	if (!a->fit_entries || !fit.n ||
	    series_fit(f->c, se, fit.params, a->metric, &lf, slope,
		       sizeof(slope)))
		return;
	snprintf(title, sizeof(title), "%s, per entry: b = %s", label, slope);
	/* the fit is in the metric's ns over entries; the axes are not */
	fig_func(f, title,
		 "(%.9g + %.9g * x / %.9g) * %.9g lc rgb '%s' dt %zu lw 1",
		 lf.a, lf.b, fit.per_entry, a->yscale, plot_colour(se),
		 g % 5 + 1);
}

/*
 * A line per series and group (the params but @a->xkey), and where ops
 * stalled, the markers of each series.
 */
static int xy_lines(struct fig *f, const struct pscn *s, const struct xy *a)
{
	char **groups = NULL;
	size_t i, g, ng = 0;
	int rc;

	rc = groups_of(s, a->xkey, &groups, &ng);
	for (i = 0; !rc && i < s->nser; i++) {
		for (g = 0; g < ng; g++)
			xy_group(f, s, &s->ser[i], g, ng, groups[g], a);
		if (!strcmp(a->metric, "op_latency"))
			rc = stall_marks(f, s, i, a);
	}
	compare_strv_free(groups, ng);
	return rc;
}

static bool all_points_have(const struct ctx *c, const struct pscn *s,
			    const char *metric)
{
	const json_t *p;
	size_t i, k, j;

	for (i = 0; i < s->nser; i++)
		for (k = 0; k < s->ser[i].nruns; k++)
			json_array_foreach(
				json_object_get(c->res[s->ser[i].runs[k]],
						"points"),
				j, p)
			{
				if (!json_object_get(json_object_get(p,
								     "metrics"),
						     metric))
					return false;
			}
	return true;
}

/* Draw @a's figure of @s: its files, the lines, the report's entry. */
static int xy_fig(struct ctx *c, const struct pscn *s, const char *kind,
		  const char *what, const char *setup, const struct xy *a,
		  struct fig *f)
{
	int rc = fig_begin(c, f, kind, s, NULL, what);

	if (rc)
		return rc;
	f->logy = true; /* latencies and scan times span decades */
	f->xtics_data = true;
	snprintf(f->setup, sizeof(f->setup), "%s", setup);
	rc = xy_lines(f, s, a);
	f->logx = a->logx && f->xmin > 0;
	if (rc)
		fig_abort(f);
	return rc;
}

int fig_scan_cost(struct ctx *c, const struct pscn *s)
{
	const char *metric = all_points_have(c, s, "busy_scan_time_per_call") ?
				     "busy_scan_time_per_call" :
				     "op_latency";
	char what[128], setup[256];
	struct fig f;
	int rc;

	snprintf(what, sizeof(what), "%s vs mapping size (median, p10-p90)",
		 metric);
	snprintf(setup, sizeof(setup),
		 "set xlabel 'mapping size (MiB)'\n"
		 "set ylabel '%s (µs), median' noenhanced\n",
		 metric);
	rc = xy_fig(c, s, "scan-cost", what, setup,
		    &(const struct xy){ .xkey = "file.size",
					.xscale = 1.0 / (1 << 20),
					.metric = metric,
					.yscale = 1e-3,
					.logx = true,
					.fit_entries = true },
		    &f);
	return rc ? rc : fig_end(&f);
}

int fig_threads(struct ctx *c, const struct pscn *s)
{
	const char *method = json_string_value(json_object_get(
		json_object_get(json_object_get(c->res[s->ser[0].runs[0]],
						"scenario"),
				"pinners"),
		"method"));
	char what[160];
	struct fig f;
	int rc;

	snprintf(what, sizeof(what),
		 "op latency vs pinner threads (%s pinners; median, p10-p90)",
		 pscn_sweeps(c, s, "pinners.method") ? "per method" :
		 method				     ? method :
						       "?");
	rc = xy_fig(
		c, s, "threads", what,
		"set xlabel 'pinner threads'\n"
		"set ylabel 'op latency (ms)'\n",
		&(const struct xy){ .xkey = "pinners.threads",
				    .xscale = 1,
				    .metric = "op_latency",
				    .yscale = 1e-6,
				    /* 1, 2, 4 threads; with 0 (none) linear */
				    .logx = true },
		&f);
	return rc ? rc : fig_end(&f);
}

int fig_hold(struct ctx *c, const struct pscn *s)
{
	struct fig f;
	int rc;

	/* linear x: a hold of 0 is where the sweep starts */
	rc = xy_fig(c, s, "hold",
		    "vmsplice hold vs op latency (median, "
		    "p10-p90)",
		    "set xlabel 'pinners.hold (ms)'\n"
		    "set ylabel 'op latency (ms)'\n",
		    &(const struct xy){ .xkey = "pinners.hold",
					.xscale = 1e-6,
					.metric = "op_latency",
					.yscale = 1e-6 },
		    &f);
	if (rc)
		return rc;
	/* the line to read the medians against: above it, the pin waited */
	fig_func(&f, "y = x: the op waits out the whole hold",
		 "x lc rgb 'black' dt 2 lw 2.5");
	return fig_end(&f);
}
