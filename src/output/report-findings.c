// SPDX-License-Identifier: GPL-2.0-only
/*
 * report.md's Findings: compare_findings(), a bullet each, linked to its
 * table and figures, with the count of verdicts a folded one carries.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

static void print_slope(FILE *f, const struct compare_finding *it)
{
	char buf[160];
	size_t k;

	fprintf(f, "`%s`, slope of %s per xarray entry: new/base %s",
		it->c[0]->group, it->c[0]->metric,
		compare_curve_ratio(it->c[0], "", buf, sizeof(buf)));
	for (k = 1; k < it->nc; k++)
		fprintf(f, "; %s %s",
			strcmp(it->c[k]->metric, "busy_scan_unmap_time") ?
				"the walk" :
				"the unmap",
			compare_curve_ratio(it->c[k], "", buf, sizeof(buf)));
	if (it->nfold)
		fprintf(f,
			"; with it %zu busy-scan change%s at single sizes, the "
			"largest %s at `%s` (new/base %.3f %s)",
			it->nfold, it->nfold == 1 ? "" : "s",
			it->largest->metric, it->largest->point,
			it->largest->ratio,
			compare_fmt_ci(it->largest->ci_lo, it->largest->ci_hi,
				       buf, sizeof(buf)));
}

static void print_row(FILE *f, const struct compare_finding *it)
{
	const struct compare_row *r = it->r[0];
	char ci[64];
	size_t k;

	fprintf(f, "`%s`, %s", r->point, r->metric);
	for (k = 1; k < it->nr; k++)
		fprintf(f, " = %s", it->r[k]->metric);
	if (!strcmp(r->metric, COMPARE_STALL_METRIC) && r->note)
		fprintf(f, " (%s)", r->note);
	else if (!isnan(r->ratio))
		fprintf(f, " (new/base %.3f %s%s)", r->ratio,
			compare_fmt_ci(r->ci_lo, r->ci_hi, ci, sizeof(ci)),
			it->nr > 1 ? ", the same value: one scan per op" : "");
}

static void print_item(FILE *f, const struct compare_finding *it,
		       const struct report_pair *p)
{
	const struct compare_report *rep = p->rep;
	char *a = compare_scenario_anchor(rep, it->s->name);
	enum compare_verdict v = compare_finding_verdict(it);

	fprintf(f, "- **%s**: [%s](#%s), ", compare_verdict_name(v),
		it->s->name, a ? a : "");
	free(a);
	if (it->nc)
		print_slope(f, it);
	else
		print_row(f, it);
	if (it->regr + it->impr > 1)
		fprintf(f, " [%u verdicts]", it->regr + it->impr);
	if (it->nr)
		report_figure_links(f, it->s, it->r[0], p);
	fputc('\n', f);
}

void report_findings(FILE *f, const struct report_pair *p, const char *h)
{
	struct compare_finding *v;
	unsigned int regr = 0, impr = 0;
	size_t i, n;

	if (compare_findings(p->rep, &v, &n)) {
		fprintf(f, "%s Findings\n\n(out of memory listing them)\n\n",
			h);
		return;
	}
	for (i = 0; i < n; i++) {
		regr += v[i].regr;
		impr += v[i].impr;
	}
	if (n)
		fprintf(f,
			"%s Findings\n\n%u regression%s and %u improvement%s "
			"in %zu finding%s: stalls first, then slopes, then the "
			"largest changes.\n\n",
			h, regr, regr == 1 ? "" : "s", impr,
			impr == 1 ? "" : "s", n, n == 1 ? "" : "s");
	for (i = 0; i < n; i++)
		print_item(f, &v[i], p);
	if (n)
		fputc('\n', f);
	free(v);
}
