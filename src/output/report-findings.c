// SPDX-License-Identifier: GPL-2.0-only
/*
 * report.md's Findings: every verdict the headline counts, each in one
 * bullet linked to its table and figures. Stalls come first, then slope
 * changes (with the scan's two parts folded into their slope), then the
 * latency changes, largest first. Rows that say one thing twice (the
 * same point, verdict and ratio: busy_scan_time and its per-call value
 * at one scan per op) are one bullet that says how many verdicts it
 * carries, so that the bullets add up to the headline.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#define MAX_FOLD 4

struct item {
	int rank; /* 0 stalls, 1 slopes, 2 changes */
	double size; /* |log new/base|, to order the changes */
	size_t seq; /* the order compare found it in, for ties */
	const struct compare_scenario *s;
	const struct compare_row *r[MAX_FOLD]; /* r[0] shown, or none */
	size_t nr;
	const struct compare_curve *c[3]; /* the slope, then its parts */
	size_t nc;
	unsigned int regr, impr;
};

struct items {
	struct item *v;
	size_t n, cap;
};

static bool is_stall(const struct compare_row *r)
{
	return r->verdict == COMPARE_STALL ||
	       r->verdict == COMPARE_STALL_BOTH ||
	       !strcmp(r->metric, COMPARE_STALL_METRIC);
}

static bool is_change(enum compare_verdict v)
{
	return v == COMPARE_REGRESSION || v == COMPARE_IMPROVEMENT;
}

static bool is_part(const char *metric)
{
	return !strcmp(metric, "busy_scan_unmap_time") ||
	       !strcmp(metric, "busy_scan_walk_time");
}

static void count(struct item *it, enum compare_verdict v)
{
	it->regr += v == COMPARE_REGRESSION || v == COMPARE_STALL;
	it->impr += v == COMPARE_IMPROVEMENT;
}

static struct item *add(struct items *l, int rank,
			const struct compare_scenario *s)
{
	struct item *it;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 32;
		struct item *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return NULL;
		l->v = v;
		l->cap = cap;
	}
	it = &l->v[l->n];
	memset(it, 0, sizeof(*it));
	it->rank = rank;
	it->seq = l->n++;
	it->s = s;
	return it;
}

/* The change at @r's point that says what @r says: same verdict, ratio. */
static struct item *same_as(struct items *l, const struct compare_scenario *s,
			    const struct compare_row *r)
{
	char a[32], b[32];
	size_t i;

	snprintf(a, sizeof(a), "%.3f", r->ratio);
	for (i = 0; i < l->n; i++) {
		struct item *it = &l->v[i];

		if (it->rank != 2 || it->s != s || it->nr == MAX_FOLD ||
		    strcmp(it->r[0]->point, r->point) ||
		    it->r[0]->verdict != r->verdict)
			continue;
		snprintf(b, sizeof(b), "%.3f", it->r[0]->ratio);
		if (!strcmp(a, b))
			return it;
	}
	return NULL;
}

static int add_row(struct items *l, const struct compare_scenario *s,
		   const struct compare_row *r)
{
	struct item *it;

	if (!is_stall(r) && !is_change(r->verdict))
		return 0;
	it = is_stall(r) ? NULL : same_as(l, s, r);
	if (!it) {
		it = add(l, is_stall(r) ? 0 : 2, s);
		if (!it)
			return -1;
		it->size = fabs(log(r->ratio));
	}
	it->r[it->nr++] = r;
	count(it, r->verdict);
	return 0;
}

/* A changed slope, its changed parts with it; a part alone if need be. */
static int add_curves(struct items *l, const struct compare_scenario *s)
{
	size_t i, k;

	for (i = 0; i < s->ncurves; i++) {
		const struct compare_curve *c = &s->curves[i];
		const struct compare_curve *top = NULL;
		struct item *it;

		if (!is_change(c->verdict))
			continue;
		for (k = 0; is_part(c->metric) && k < s->ncurves; k++)
			if (!is_part(s->curves[k].metric) &&
			    !strcmp(s->curves[k].group, c->group) &&
			    is_change(s->curves[k].verdict))
				top = &s->curves[k];
		if (top)
			continue; /* told with its slope */
		it = add(l, 1, s);
		if (!it)
			return -1;
		it->c[it->nc++] = c;
		count(it, c->verdict);
		for (k = 0; !is_part(c->metric) && k < s->ncurves; k++)
			if (is_part(s->curves[k].metric) &&
			    !strcmp(s->curves[k].group, c->group)) {
				it->c[it->nc++] = &s->curves[k];
				count(it, s->curves[k].verdict);
			}
	}
	return 0;
}

static int by_rank(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank - y->rank;
	if (x->rank == 2 && x->size != y->size)
		return x->size < y->size ? 1 : -1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void print_slope(FILE *f, const struct item *it)
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
}

static void print_row(FILE *f, const struct item *it)
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

static void print_item(FILE *f, const struct item *it,
		       const struct report_pair *p)
{
	const struct compare_report *rep = p->rep;
	char *a = compare_scenario_anchor(rep, it->s->name);
	enum compare_verdict v = it->nr ? it->r[0]->verdict : it->c[0]->verdict;

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
	const struct compare_report *rep = p->rep;
	struct items l = { 0 };
	unsigned int regr = 0, impr = 0;
	size_t i, k;
	int rc = 0;

	for (i = 0; !rc && i < rep->nscn; i++) {
		const struct compare_scenario *s = &rep->scn[i];

		for (k = 0; !rc && k < s->nrows; k++)
			rc = add_row(&l, s, &s->rows[k]);
		if (!rc)
			rc = add_curves(&l, s);
	}
	if (rc) {
		fprintf(f, "%s Findings\n\n(out of memory listing them)\n\n",
			h);
		free(l.v);
		return;
	}
	if (!l.n) {
		free(l.v);
		return;
	}
	qsort(l.v, l.n, sizeof(*l.v), by_rank);
	for (i = 0; i < l.n; i++) {
		regr += l.v[i].regr;
		impr += l.v[i].impr;
	}
	fprintf(f,
		"%s Findings\n\n%u regression%s and %u improvement%s in %zu "
		"finding%s: stalls first, then slopes, then the largest "
		"changes.\n\n",
		h, regr, regr == 1 ? "" : "s", impr, impr == 1 ? "" : "s", l.n,
		l.n == 1 ? "" : "s");
	for (i = 0; i < l.n; i++)
		print_item(f, &l.v[i], p);
	fputc('\n', f);
	free(l.v);
}
