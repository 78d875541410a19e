// SPDX-License-Identifier: GPL-2.0-only
/*
 * The findings of one comparison (see compare_findings() in compare.h):
 * every verdict the headline counts, each in one finding. Stalls come
 * first, then slope changes (the scan's two parts folded into their
 * slope), then the other changes, largest first. Rows that say one thing
 * twice (the same point, verdict and ratio: busy_scan_time and its
 * per-call value at one scan per op) are one finding that says how many
 * verdicts it carries, so that the findings add up to the headline.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare-int.h"

struct items {
	struct compare_finding *v;
	size_t n, cap;
};

static bool is_stall(const struct compare_row *r)
{
	return r->verdict == COMPARE_STALL ||
	       r->verdict == COMPARE_STALL_BOTH ||
	       !strcmp(r->metric, COMPARE_STALL_METRIC);
}

static bool is_part(const char *metric)
{
	return !strcmp(metric, "busy_scan_unmap_time") ||
	       !strcmp(metric, "busy_scan_walk_time");
}

static void count(struct compare_finding *it, enum compare_verdict v)
{
	it->regr += v == COMPARE_REGRESSION || v == COMPARE_STALL;
	it->impr += v == COMPARE_IMPROVEMENT;
}

static struct compare_finding *add(struct items *l, int rank,
				   const struct compare_scenario *s)
{
	struct compare_finding *it;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 32;
		struct compare_finding *v = realloc(l->v, cap * sizeof(*v));

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
static struct compare_finding *same_as(struct items *l,
				       const struct compare_scenario *s,
				       const struct compare_row *r)
{
	char a[32], b[32];
	size_t i;

	snprintf(a, sizeof(a), "%.3f", r->ratio);
	for (i = 0; i < l->n; i++) {
		struct compare_finding *it = &l->v[i];

		if (it->rank != 2 || it->s != s || it->nr == COMPARE_MAX_FOLD ||
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
	struct compare_finding *it;

	if (!is_stall(r) && !compare_verdict_changed(r->verdict))
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
		struct compare_finding *it;

		if (!compare_verdict_changed(c->verdict))
			continue;
		for (k = 0; is_part(c->metric) && k < s->ncurves; k++)
			if (!is_part(s->curves[k].metric) &&
			    !strcmp(s->curves[k].group, c->group) &&
			    compare_verdict_changed(s->curves[k].verdict))
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

static bool is_scan_metric(const char *metric)
{
	return !strncmp(metric, "busy_scan_time", 14) || is_part(metric);
}

/* Slope finding @sl tells row finding @it: same group and direction. */
static bool slope_tells(const struct compare_finding *sl,
			const struct compare_finding *it, const char *group)
{
	size_t k;

	if (sl->rank != 1 || sl->s != it->s || strcmp(sl->c[0]->group, group))
		return false;
	for (k = 0; k < sl->nc; k++)
		if (sl->c[k]->verdict == it->r[0]->verdict)
			return true;
	return false;
}

/*
 * A busy-scan change at one size of a sweep whose slope changed the same
 * way is that slope seen at one point: the slope's finding carries it
 * (and its verdicts), with the largest of them named. Rank -1: folded.
 */
static int fold_into_slopes(struct items *l)
{
	size_t i, k;

	for (i = 0; i < l->n; i++) {
		struct compare_finding *it = &l->v[i];
		char *g;

		if (it->rank != 2 || !is_scan_metric(it->r[0]->metric))
			continue;
		g = compare_point_label(it->r[0]->params, "file.size");
		if (!g)
			return -1;
		for (k = 0; k < l->n && !slope_tells(&l->v[k], it, g); k++)
			;
		free(g);
		if (k == l->n)
			continue;
		l->v[k].nfold++;
		l->v[k].regr += it->regr;
		l->v[k].impr += it->impr;
		if (!l->v[k].largest || it->size > l->v[k].largest_size) {
			l->v[k].largest = it->r[0];
			l->v[k].largest_size = it->size;
		}
		it->rank = -1;
	}
	return 0;
}

static int by_rank(const void *a, const void *b)
{
	const struct compare_finding *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank - y->rank;
	if (x->rank == 2 && x->size != y->size)
		return x->size < y->size ? 1 : -1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

enum compare_verdict compare_finding_verdict(const struct compare_finding *it)
{
	return it->nr ? it->r[0]->verdict : it->c[0]->verdict;
}

int compare_findings(const struct compare_report *rep,
		     struct compare_finding **out, size_t *n)
{
	struct items l = { 0 };
	size_t i, k;
	int rc = 0;

	for (i = 0; !rc && i < rep->nscn; i++) {
		const struct compare_scenario *s = &rep->scn[i];

		for (k = 0; !rc && k < s->nrows; k++)
			rc = add_row(&l, s, &s->rows[k]);
		if (!rc)
			rc = add_curves(&l, s);
	}
	if (!rc)
		rc = fold_into_slopes(&l);
	if (rc) {
		free(l.v);
		return -ENOMEM;
	}
	if (l.n)
		qsort(l.v, l.n, sizeof(*l.v), by_rank);
	/* the folded sort first (rank -1): drop them */
	for (i = 0; i < l.n && l.v[i].rank < 0; i++)
		;
	if (i)
		memmove(l.v, l.v + i, (l.n - i) * sizeof(*l.v));
	*out = l.v;
	*n = l.n - i;
	return 0;
}
