/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The documents of daxbench report (cmd-report.c writes the bundle):
 * report.md, from the comparisons and the figures of each pair.
 */
#ifndef DAXBENCH_REPORT_H
#define DAXBENCH_REPORT_H

#include <stdio.h>

#include "compare.h"
#include "plot.h"

/*
 * A pair's figures and where the bundle keeps them: in DIR itself for a
 * single pair, as always; in DIR/pair-N with several, since every pair
 * draws figures of the same names.
 */
struct report_pair {
	const struct compare_report *rep;
	struct plot_report pr;
	char dir[4096]; /* where plot writes them */
	char sub[48]; /* "" or "pair-N/": their links from report.md */
	char fig[48]; /* "fig" or "pair-N-fig": the prefix of their ids */
};

struct report_bundle {
	const char *dir;
	const struct compare_multi *m;
	struct report_pair *pairs;
	const struct plot_opts *po;
};

/**
 * report_write_md() - report.md: one pair's report, or the summary and
 * then every pair's.
 * Return: 0 or -EIO.
 */
int report_write_md(FILE *f, const struct report_bundle *b);

#endif
