/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The documents of daxbench report (cmd-report.c writes the bundle):
 * report.md, from the comparisons and the figures of each pair
 * (report-md.c, with each scenario's provenance from report-prov.c),
 * and report.html, report.md rendered with its figures embedded
 * (report-html.c).
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
	int level; /* of its sections' headings: 2, or 3 under "Pair N" */
};

struct report_bundle {
	const char *dir;
	const struct compare_multi *m;
	struct report_pair *pairs;
	const struct plot_opts *po;
	char *md; /* report.md's text, for report.html */
	size_t mdlen;
};

/**
 * report_write_md() - report.md: one pair's report, or the summary and
 * then every pair's.
 * Return: 0 or -EIO.
 */
int report_write_md(FILE *f, const struct report_bundle *b);

/*
 * report_findings() - the Findings section of pair @p under heading
 * marks @h (report-findings.c): every verdict the headline counts.
 */
void report_findings(FILE *f, const struct report_pair *p, const char *h);

/* report_figure_links() - "; figures: [..](#..), .." for row @r of @s. */
void report_figure_links(FILE *f, const struct compare_scenario *s,
			 const struct compare_row *r,
			 const struct report_pair *p);

/**
 * report_provenance() - a table of where each side's results of @s came
 * from: daxbench's version and git revision, the command line, the
 * scenario file's path and sha256 and its --set overrides, of every run.
 */
void report_provenance(FILE *f, const struct compare_scenario *s);

/**
 * report_html() - @md (report.md's text, in the Markdown that
 * report_write_md() writes) as one self-contained HTML page on @out:
 * every image it links is read from @dir and embedded as a data: URI,
 * nothing is fetched. Links to other files stay relative.
 * Return: 0, or -errno with @err saying which file could not be read.
 */
int report_html(const char *md, const char *dir, FILE *out, struct db_err *err);

#endif
