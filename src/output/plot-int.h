/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the files of plot (plot.h) share: the state of one plot_results()
 * call, the series of a scenario (a kernel, its runs pooled) and the
 * figure being written. plot.c is the API: it names the lines, groups
 * the results by scenario and picks the figures; plot-data.c reads a
 * series' samples at a point, its runs pooled; plot-xy.c and
 * plot-dist.c draw the sweeps and the distributions; plot-fig.c writes
 * a figure's files (NAME.dat, NAME.gp), lays it out and runs gnuplot.
 */
#ifndef DAXBENCH_PLOT_INT_H
#define DAXBENCH_PLOT_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "compare.h"
#include "plot.h"

#define PLOT_MAX_X 64 /* distinct x values an x-y figure keeps */

struct ctx {
	const struct plot_opts *o;
	struct plot_report *rep;
	struct db_err *err;
	json_t *const *res;
	char **labels; /* each result's line name */
	size_t *colour; /* each result's colour: one per distinct label */
	size_t n;
};

/* One line colour: a kernel (a label), its runs pooled. */
struct series {
	const char *label;
	size_t colour;
	size_t *runs; /* indexes into ctx.res */
	size_t nruns;
};

/* The results of one scenario: its series and its points. */
struct pscn {
	const char *name;
	struct series *ser;
	size_t nser;
	const json_t **params; /* every distinct point, in sweep order */
	size_t npts;
};

struct fig {
	struct ctx *c;
	char *name, *title;
	const char *kind; /* "scan-cost", "threads", "hold", "cdf", ... */
	const char *scn; /* the scenario drawn */
	json_t *params; /* the point(s) drawn (a subset of params), or NULL */
	double xmin, xmax, ymin, ymax; /* of the values drawn (> 0 for y) */
	double xs[PLOT_MAX_X]; /* the distinct x values, for the tics */
	size_t nxs;
	bool logx, logy, xtics_data;
	int keys; /* legend entries */
	FILE *dat;
	char *clauses; /* the plot command's clauses */
	size_t clauses_len;
	FILE *cl;
	int blocks;
	char setup[1024]; /* labels and styles of its own */
};

/* ---- plot.c ---------------------------------------------------------- */

/* List a figure not drawn, and why, in the report. */
int plot_skip(struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A series' colour, as gnuplot's rgb string. */
const char *plot_colour(const struct series *s);

/* ---- plot-data.c: a series' samples, its runs pooled ----------------- */

/* The series (one per label, in order) and points of scenario @name. */
int pscn_build(struct ctx *c, const char *name, const size_t *idx, size_t n,
	       struct pscn *s);
void pscn_free(struct pscn *s);
/* @key of a point's params as a number (NaN when absent). */
double param_num(const json_t *params, const char *key);
/* The scenario sweeps @key (the first result of @s says). */
bool pscn_sweeps(const struct ctx *c, const struct pscn *s, const char *key);
/* Every run of @se at the point @params pooled: sorted, stalls left out. */
int series_values(const struct ctx *c, const struct series *se,
		  const json_t *params, const char *metric, double **v,
		  size_t *n);
/* median, p10, p90 of those; false when there are none. */
/*
 * series_flag() - why the point at @params measured nothing it was meant
 * to in some run of @se ("no DAX", "not mapped as asked", "pins
 * refused", "pins never met the ops"), or NULL: such a point is drawn hollow, never as data.
 */
const char *series_flag(const struct ctx *c, const struct series *se,
			const json_t *params);
bool series_quantiles(const struct ctx *c, const struct series *se,
		      const json_t *params, const char *metric, double q[3]);
/* The stalled ops of @se at @params over its runs. */
int series_stalls(const struct ctx *c, const struct series *se,
		  const json_t *params, struct compare_stalls *st);
/* mapping.xarray_entries at @params, the first run that has it; or 0. */
long long series_entries(const struct ctx *c, const struct series *se,
			 const json_t *params);
/* Some point of @s has samples of @metric; else *@why: why unmeasured. */
bool pscn_has_metric(const struct ctx *c, const struct pscn *s,
		     const char *metric, const char **why);
/*
 * Point @pi in a few words for a file name: the brief label of the
 * fields that differ between the points of @s ("pmd size=2MiB"),
 * capped in length. malloc'd; NULL when out of memory.
 */
char *pscn_point_name(const struct pscn *s, size_t pi);
/* "5 s" for a timeout of 5e9 ns. */
void plot_fmt_timeout(double ns, char *buf, size_t len);

/* ---- plot-fig.c: one figure's files ---------------------------------- */

/*
 * A figure named "KIND-SCENARIO[-POINT]" (@point: a point label, made
 * safe for a file name), titled "SCENARIO: WHAT", wrapped to fit.
 */
int fig_begin(struct ctx *c, struct fig *f, const char *kind,
	      const struct pscn *s, const char *point, const char *what);
/* Start a block of NAME.dat; @style follows "using ..." in the clause. */
void fig_block(struct fig *f, const char *label, const char *using,
	       const char *style);
/* A clause that is not data (a fitted line, y = x), titled or not. */
void fig_func(struct fig *f, const char *title, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Note a point drawn: its x (NaN: none) and y (only > 0 counts). */
void fig_xy(struct fig *f, double x, double y);
/* Write NAME.gp, add the figure to the report and run gnuplot on it. */
int fig_end(struct fig *f);
/* Close and free a figure not drawn (an error on the way). */
void fig_abort(struct fig *f);

/* ---- plot-xy.c: the sweeps ------------------------------------------- */

int fig_scan_cost(struct ctx *c, const struct pscn *s);
int fig_threads(struct ctx *c, const struct pscn *s);
int fig_hold(struct ctx *c, const struct pscn *s);

/* ---- plot-dist.c: the distributions ---------------------------------- */

/* The op latency CDF at point @pi of @s, a line per series. */
int fig_cdf(struct ctx *c, const struct pscn *s, size_t pi);
/* Busy-scan calls per op: one figure per hold when @s sweeps it. */
int fig_calls(struct ctx *c, const struct pscn *s);

#endif
