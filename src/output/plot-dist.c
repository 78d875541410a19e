// SPDX-License-Identifier: GPL-2.0-only
/*
 * The distribution figures (see plot.h): the op latency CDF of a point
 * and the histogram of busy-scan calls per op, a line or a set of bars
 * per kernel with its runs pooled. A CDF counts the stalled ops in its
 * denominator and marks them at the timeout; the histogram of a hold
 * sweep is drawn per hold, since a pin held longer retries more.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "label.h"
#include "plot-int.h"
#include "stats.h"

#define CDF_POINTS 1000 /* a CDF line needs no more to look smooth */
#define CALLS_BINS 65 /* 0..63 calls, and 64 for ">= 64" */

/*
 * The stalled ops of one line of a CDF: a marker at the timeout, where
 * they were censored, spanning the share of ops they are.
 */
static void cdf_stalls(struct fig *f, const struct series *se,
		       const struct compare_stalls *st, size_t nv)
{
	double all = (double)(nv + st->stalls);
	char label[512], style[128], t[32];

	plot_fmt_timeout(st->timeout_ns, t, sizeof(t));
	snprintf(label, sizeof(label), "%s: %zu stalled (censored at %s)",
		 se->label, st->stalls, t);
	snprintf(style, sizeof(style),
		 "with linespoints pt 8 ps 2.5 lw 2 dt 2 lc rgb '%s'",
		 plot_colour(se));
	fig_block(f, label, "1:2", style);
	fprintf(f->dat, "%.9g %.9g\n%.9g 1\n", st->timeout_ns * 1e-6,
		(double)nv / all, st->timeout_ns * 1e-6);
	fig_xy(f, st->timeout_ns * 1e-6, NAN);
}

/* The line of series @se at the point @params, its runs pooled. */
static int cdf_line(struct fig *f, const struct series *se,
		    const json_t *params)
{
	struct compare_stalls st;
	size_t k, m, nv;
	char style[96];
	double *v, all;
	int rc;

	rc = series_values(f->c, se, params, "op_latency", &v, &nv);
	if (!rc)
		rc = series_stalls(f->c, se, params, &st);
	if (rc || (!nv && !st.stalls)) {
		free(v);
		return rc; /* no run of this kernel has the point */
	}
	/* of all ops: a point with stalls never reaches 1 */
	all = (double)(nv + st.stalls);
	snprintf(style, sizeof(style), "with steps lc rgb '%s' lw 2",
		 plot_colour(se));
	fig_block(f, se->label, "1:2", style);
	m = nv < CDF_POINTS ? nv : CDF_POINTS;
	if (!m) /* every op stalled: keep gnuplot's index in step */
		fputs("NaN NaN\n", f->dat);
	for (k = 0; k < m; k++) {
		/* every sample, or CDF_POINTS evenly spaced ranks */
		double q = m == nv ? (double)(k + 1) / (double)nv :
				     (double)(k + 1) / (double)m;
		double x = m == nv ? v[k] : stats_quantile_sorted(v, nv, q);

		fprintf(f->dat, "%.9g %.9g\n", x * 1e-6, q * (double)nv / all);
		fig_xy(f, x * 1e-6, NAN);
	}
	free(v);
	if (st.stalls && !isnan(st.timeout_ns))
		cdf_stalls(f, se, &st, nv);
	return 0;
}

int fig_cdf(struct ctx *c, const struct pscn *s, size_t pi)
{
	const json_t *params = s->params[pi];
	char *full = compare_point_label(params, NULL);
	char *brief = pscn_point_name(s, pi), *what;
	struct fig f;
	size_t i;
	int rc;

	what = full ? db_asprintf("op latency CDF at %s", full) : NULL;
	rc = what && brief ? fig_begin(c, &f, "cdf", s, brief, what) : -ENOMEM;
	free(what);
	free(full);
	free(brief);
	if (rc)
		return rc;
	f.params = json_deep_copy(params);
	f.logx = true;
	snprintf(f.setup, sizeof(f.setup),
		 "set xlabel 'op latency (ms)'\n"
		 "set ylabel 'fraction of ops <= x'\nset yrange [0:1.02]\n");
	for (i = 0; !rc && i < s->nser; i++)
		rc = cdf_line(&f, &s->ser[i], params);
	if (!rc && !f.params)
		rc = -ENOMEM;
	if (rc) {
		fig_abort(&f);
		return rc;
	}
	return fig_end(&f);
}

/* The params of @p shares with @sub (every key of @sub equal). */
static bool has_params(const json_t *p, const json_t *sub)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)sub, key, v)
	{
		if (!json_equal(v, json_object_get(p, key)))
			return false;
	}
	return true;
}

/* busy_scan_calls of @se at the points matching @sub, binned. */
static int calls_counts(const struct ctx *c, const struct pscn *s,
			const struct series *se, const json_t *sub,
			uint64_t counts[CALLS_BINS], uint64_t *total)
{
	size_t i, j, nv;
	double *v;

	for (i = 0; i < s->npts; i++) {
		if (!has_params(s->params[i], sub))
			continue;
		if (series_values(c, se, s->params[i], "busy_scan_calls", &v,
				  &nv))
			return -ENOMEM;
		for (j = 0; j < nv; j++)
			counts[v[j] < CALLS_BINS - 1 ? (size_t)v[j] :
						       CALLS_BINS - 1]++;
		*total += nv;
		free(v);
	}
	return 0;
}

/* The bars of every series; 0 with *@all the ops counted, or -errno. */
static int calls_bars(struct fig *f, const struct pscn *s, const json_t *sub,
		      uint64_t *all)
{
	double w = 0.8 / (double)s->nser;
	uint64_t counts[CALLS_BINS], total;
	size_t i, j, lo = CALLS_BINS, hi = 0;
	char style[160];
	int rc = 0;

	for (i = 0; !rc && i < s->nser; i++) {
		memset(counts, 0, sizeof(counts));
		total = 0;
		rc = calls_counts(f->c, s, &s->ser[i], sub, counts, &total);
		snprintf(style, sizeof(style), "with boxes lc rgb '%s'",
			 plot_colour(&s->ser[i]));
		fig_block(f, s->ser[i].label, "($1 + $3):2", style);
		if (!total) /* every op stalled: keep the index in step */
			fputs("NaN NaN NaN\n", f->dat);
		for (j = 0; j < CALLS_BINS; j++)
			if (counts[j]) {
				fprintf(f->dat, "%zu %.9g %.3f\n", j,
					(double)counts[j] / (double)total,
					((double)i -
					 (double)(s->nser - 1) / 2) *
						w);
				lo = j < lo ? j : lo;
				hi = j > hi ? j : hi;
			}
		*all += total;
	}
	if (!rc)
		snprintf(f->setup, sizeof(f->setup),
			 "set xlabel 'busy-scan calls per op'\nset ylabel "
			 "'fraction of ops'\nset style fill solid 0.6 border "
			 "-1\nset boxwidth %.3f\nset xtics 1\n"
			 "set xrange [%g:%g]\nset yrange [0:*]\n",
			 w, lo <= hi ? (double)lo - 0.7 : 0.0,
			 lo <= hi ? (double)hi + 0.7 : 1.0);
	return rc;
}

/* The histogram of the points that match @sub ({}: every point). */
static int calls_fig(struct ctx *c, const struct pscn *s, json_t *sub)
{
	char *l = json_object_size(sub) ? label_point(sub, NULL, true) :
					  strdup("");
	char *what = l ? db_asprintf("busy-scan calls per op (1 + retries), "
				     "%s%s",
				     *l ? "at " : "all points", l) :
			 NULL;
	uint64_t all = 0;
	struct fig f;
	int rc;

	rc = what ? fig_begin(c, &f, "scan-calls", s, l, what) : -ENOMEM;
	free(what);
	free(l);
	if (rc)
		return rc;
	f.params = json_object_size(sub) ? json_incref(sub) : NULL;
	rc = calls_bars(&f, s, sub, &all);
	if (!rc && all)
		return fig_end(&f);
	fig_abort(&f);
	/* every op of every side stalled: gnuplot has nothing to draw */
	return rc ? rc :
		    plot_skip(c,
			      "busy-scan calls histogram for %s: no samples "
			      "(every op stalled)",
			      s->name);
}

int fig_calls(struct ctx *c, const struct pscn *s)
{
	json_t *sub, **holds = NULL;
	size_t i, k, n = 0;
	int rc = 0;

	if (!pscn_sweeps(c, s, "pinners.hold")) {
		sub = json_object();
		rc = sub ? calls_fig(c, s, sub) : -ENOMEM;
		json_decref(sub);
		return rc;
	}
	holds = calloc(s->npts, sizeof(*holds));
	for (i = 0; holds && !rc && i < s->npts; i++) {
		json_t *h = json_object_get(s->params[i], "pinners.hold");

		for (k = 0;
		     k < n &&
		     !json_equal(json_object_get(holds[k], "pinners.hold"), h);
		     k++)
			;
		if (k < n || !h)
			continue;
		holds[n] = json_pack("{s:O}", "pinners.hold", h);
		rc = holds[n] ? calls_fig(c, s, holds[n]) : -ENOMEM;
		n++;
	}
	if (!holds)
		return -ENOMEM;
	for (k = 0; k < n; k++)
		json_decref(holds[k]);
	free(holds);
	return rc;
}
