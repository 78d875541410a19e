/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the files of plot (plot.h) share: the state of one plot_results()
 * call, and the figure being written. plot-fig.c writes a figure's files
 * (NAME.dat, NAME.gp) and runs gnuplot on them; plot-draw.c decides
 * which figures a scenario gets and puts their numbers in; plot.c is the
 * API: it groups the results by scenario and reports.
 */
#ifndef DAXBENCH_PLOT_INT_H
#define DAXBENCH_PLOT_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "plot.h"

struct ctx {
	const struct plot_opts *o;
	struct plot_report *rep;
	struct db_err *err;
	json_t *const *res;
	char **labels;
	size_t n;
};

struct fig {
	struct ctx *c;
	char *name, *title;
	const char *scn; /* the scenario drawn */
	long point; /* the point drawn (index in the first result), or -1 */
	double ymin, ymax; /* of the values drawn, for the y scale */
	bool auto_logy; /* log y when they span more than two decades */
	FILE *dat;
	char *clauses; /* the plot command's clauses */
	size_t clauses_len;
	FILE *cl;
	int blocks;
	char setup[1024]; /* axes, labels, scales */
};

/* ---- plot.c ---------------------------------------------------------- */

/* List a figure not drawn, and why, in the report. */
int plot_skip(struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- plot-fig.c: one figure's files ---------------------------------- */

/* A figure titled "SCENARIO: WHAT - KERNELS" (kernels: second line). */
int fig_begin(struct ctx *c, struct fig *f, const char *kind, const char *scn,
	      const char *suffix, const size_t *idx, size_t n,
	      const char *what);
/* Start a block of NAME.dat; @style follows "using ..." in the clause. */
void fig_block(struct fig *f, const char *label, const char *using,
	       const char *style);
/* A clause that is not data (a fitted line, y = x). */
void fig_func(struct fig *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Note a value drawn on the y axis. */
void fig_y(struct fig *f, double y);
/* Write NAME.gp, add the figure to the report and run gnuplot on it. */
int fig_end(struct fig *f);

/* ---- plot-draw.c: the figures ---------------------------------------- */

/* Every figure of scenario @scn (results @idx); *@drawn: kinds drawn. */
int plot_scenario(struct ctx *c, const char *scn, const size_t *idx, size_t n,
		  unsigned int *drawn);
/* List each kind of figure that no scenario had the data for. */
int plot_undrawn(struct ctx *c, unsigned int drawn);

#endif
