/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Figures from result files, drawn by gnuplot run as an external program.
 * Every figure is three files side by side: NAME.dat (the numbers),
 * NAME.gp (a script that reads NAME.dat relative to its own directory)
 * and the images, so that a reviewer can restyle a figure by editing the
 * script and rerunning 'gnuplot NAME.gp'. The .dat and .gp files are
 * written even when gnuplot is missing.
 */
#ifndef DAXBENCH_PLOT_H
#define DAXBENCH_PLOT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "err.h"

struct plot_opts {
	const char *dir; /* created if missing */
	bool png, svg;
	/*
	 * A line's name per result; NULL: its kernel. Results of the same
	 * name are one line, one colour: the runs of a kernel pooled.
	 */
	const char *const *labels;
};

struct plot_fig {
	char *name; /* file stem: NAME.gp, NAME.dat, NAME.png */
	char *title; /* its lines joined by " " */
	const char *kind; /* "scan-cost", "threads", "hold", "cdf", ... */
	bool rendered; /* gnuplot ran and exited 0 */
	char *scenario; /* the scenario it draws */
	/*
	 * The params every point it draws shares ({"pinners.hold": 1e8}
	 * for the scan calls at one hold, a whole point's for its CDF);
	 * NULL for a sweep figure, which draws every point.
	 */
	json_t *params;
};

struct plot_report {
	struct plot_fig *figs;
	size_t nfigs;
	char **skipped; /* "<figure kind>: <why not drawn>" */
	size_t nskipped;
	char **failed; /* "<name>: gnuplot exited 1, see NAME.log" */
	size_t nfailed;
	bool gnuplot_missing;
	const char *gnuplot; /* the program that was (to be) run */
};

/**
 * plot_gnuplot_path() - $GNUPLOT when set and not empty, else the
 * gnuplot found by configure (GNUPLOT_PATH).
 */
const char *plot_gnuplot_path(void);

/**
 * plot_results() - draw every figure whose data exist in @results, one
 * colour per kernel (per label), its runs pooled: scan cost vs mapping
 * size (log-log, PMD and PTE lines with their fitted lines), op latency
 * vs pinner threads and vs vmsplice hold (log y, median, p10-p90 bars,
 * y = x on the hold figure), an op latency CDF per point and busy-scan
 * calls histograms (one per hold). Figures without data are listed in
 * @rep->skipped with the reason. A missing gnuplot is not an error
 * (@rep->gnuplot_missing); a gnuplot that fails is listed in
 * @rep->failed.
 * Return: 0, or -errno when a file cannot be written (@err says which).
 */
int plot_results(json_t *const *results, size_t n, const struct plot_opts *opts,
		 struct plot_report *rep, struct db_err *err);

/**
 * plot_print() - what was written to @out ("DIR/NAME.gp .dat .png"),
 * what was skipped and why, and warnings (gnuplot missing: which
 * package to install) to @err, unless @quiet; the figures gnuplot
 * failed on to @err always. Lines to @err are prefixed "daxbench @cmd: ".
 */
void plot_print(const struct plot_report *rep, const struct plot_opts *o,
		const char *cmd, FILE *out, FILE *err, bool quiet);

/**
 * plot_parse_format() - "png", "svg" or "both" into @o.
 * Return: 0 or -EINVAL.
 */
int plot_parse_format(const char *s, struct plot_opts *o);

void plot_free(struct plot_report *rep);

/**
 * plot_fig_shows() - figure @g draws the point @params: a sweep figure
 * of its scenario, or one whose params are a subset of @params.
 */
bool plot_fig_shows(const struct plot_fig *g, const char *scenario,
		    const json_t *params);

/**
 * plot_kernel_label() - a figure line's name for @result: the kernel
 * release and, in a guest, the accelerator; malloc'd, NULL on ENOMEM.
 */
char *plot_kernel_label(const json_t *result);

#endif
