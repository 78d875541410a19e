// SPDX-License-Identifier: GPL-2.0-only
/*
 * The summary of one comparison that fits a reply on a mailing list
 * (compare --summary, report's summary.txt): 72 columns of plain text,
 * the kernels, the counts, and every finding of compare_findings() with
 * its number and CI; stalls at the points of one scenario, alike in
 * verdict, on one line.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare-int.h"
#include "label.h"

#define COLS 72

static void line(FILE *f, const char *first, const char *rest, const char *fmt,
		 ...) __attribute__((format(printf, 4, 5)));

static void line(FILE *f, const char *first, const char *rest, const char *fmt,
		 ...)
{
	va_list ap;
	char *t;

	va_start(ap, fmt);
	if (vasprintf(&t, fmt, ap) < 0)
		t = NULL;
	va_end(ap);
	if (t)
		compare_wrap(f, COLS, first, rest, t);
	free(t);
}

static void add_stalls(struct compare_stalls *sum,
		       const struct compare_stalls *st)
{
	size_t i;

	sum->stalls += st->stalls;
	sum->ops += st->ops;
	sum->hung += st->hung;
	for (i = 0; i < DIAGNOSE_NVERDICTS; i++)
		sum->diag[i] += st->diag[i];
}

static const char *stall_word(enum compare_verdict v)
{
	return v == COMPARE_STALL	? "STALL, new only" :
	       v == COMPARE_IMPROVEMENT ? "gone on new" :
					  "on both";
}

/* "8/20 (8 wake missing)": stalled ops of those run, and why. */
static char *stalls_brief(const struct compare_stalls *st, char *buf,
			  size_t len)
{
	char d[160];

	compare_diag_str(st, " (", d, sizeof(d));
	snprintf(buf, len, "%zu/%zu%s%s", st->stalls, st->ops, d,
		 *d ? ")" : "");
	return buf;
}

/* The stall findings from @i on of one scenario and verdict: one line. */
static size_t stall_line(FILE *f, const struct compare_finding *v, size_t n,
			 size_t i)
{
	struct compare_stalls b = { 0 }, nw = { 0 };
	char bs[200], ns[200];
	size_t k;

	for (k = i; k < n && v[k].rank == 0 && v[k].s == v[i].s &&
		    v[k].r[0]->verdict == v[i].r[0]->verdict;
	     k++) {
		add_stalls(&b, &v[k].r[0]->stalls_base);
		add_stalls(&nw, &v[k].r[0]->stalls_new);
	}
	line(f, "    ", "      ", "%s, %zu point%s, %s: base %s, new %s",
	     v[i].s->name, k - i, k - i == 1 ? "" : "s",
	     stall_word(v[i].r[0]->verdict), stalls_brief(&b, bs, sizeof(bs)),
	     stalls_brief(&nw, ns, sizeof(ns)));
	return k;
}

/* "6.23 [5.39, 7.27] regression", or "undefined (...)" */
static char *slope_brief(const struct compare_curve *c, char *buf, size_t len)
{
	char r[32], ci[64];

	if (c->undefined || isnan(c->slope_ratio))
		return compare_curve_ratio(c, "", buf, len);
	snprintf(buf, len, "%s %s %s",
		 compare_fmt_ratio(c->slope_ratio, r, sizeof(r)),
		 compare_fmt_ci(c->ci_lo, c->ci_hi, ci, sizeof(ci)),
		 compare_verdict_name(c->verdict));
	return buf;
}

static void slope_line(FILE *f, const struct compare_finding *it)
{
	const char *m = it->c[0]->metric;
	char r[3][160];
	size_t k;

	for (k = 0; k < it->nc; k++)
		slope_brief(it->c[k], r[k], sizeof(r[k]));
	line(f, "      ", "        ", "%s%s%s: %s", it->c[0]->group,
	     strcmp(m, "busy_scan_time_per_call") ? ", " : "",
	     strcmp(m, "busy_scan_time_per_call") ? m : "", r[0]);
	if (it->nc == 3)
		line(f, "        ", "          ", "the unmap %s, the walk %s",
		     r[1], r[2]);
}

static void change_line(FILE *f, const struct compare_finding *it)
{
	const struct compare_row *r = it->r[0];
	char *pt = label_point(r->params, NULL, true);
	char ratio[32], ci[64];

	line(f, "      ", "        ", "%s %s %s, %s%s",
	     compare_fmt_ratio(r->ratio, ratio, sizeof(ratio)),
	     compare_fmt_ci(r->ci_lo, r->ci_hi, ci, sizeof(ci)),
	     pt ? pt : r->point, r->metric, it->nr > 1 ? " (= per call)" : "");
	free(pt);
}

/* Finding @it is of @rank, and a change of verdict @want (0: any). */
static bool of(const struct compare_finding *it, int rank,
	       enum compare_verdict want)
{
	enum compare_verdict v = it->nr ? it->r[0]->verdict : it->c[0]->verdict;

	return it->rank == rank && (!want || v == want);
}

/*
 * The findings of @rank (and verdict @want) under @head, a scenario's
 * together, in the order of the first of each; none, no head.
 */
static void section(FILE *f, const struct compare_finding *v, size_t n,
		    int rank, enum compare_verdict want, const char *head,
		    void (*show)(FILE *, const struct compare_finding *))
{
	size_t i, k, shown = 0;

	for (i = 0; i < n; i++) {
		if (!of(&v[i], rank, want))
			continue;
		for (k = 0; k < i; k++)
			if (of(&v[k], rank, want) && v[k].s == v[i].s)
				break;
		if (k < i)
			continue; /* its scenario was told */
		if (!shown++)
			fprintf(f, "  %s\n", head);
		fprintf(f, "    %s:\n", v[i].s->name);
		for (k = i; k < n; k++)
			if (of(&v[k], rank, want) && v[k].s == v[i].s)
				show(f, &v[k]);
	}
}

int compare_print_summary(const struct compare_report *rep, const char *name,
			  FILE *f)
{
	struct compare_finding *v;
	size_t i, n;

	if (compare_findings(rep, &v, &n))
		return -ENOMEM;
	line(f, "", "  ",
	     "%s: %zu regression%s (%zu STALL), %zu improvement%s; "
	     "%zu point%s stall on base, %zu on new",
	     name, rep->regressions, rep->regressions == 1 ? "" : "s",
	     rep->stall_regressions, rep->improvements,
	     rep->improvements == 1 ? "" : "s", rep->stall_points_base,
	     rep->stall_points_base == 1 ? "" : "s", rep->stall_points_new);
	for (i = 0; i < n && v[i].rank == 0;) {
		if (!i)
			fputs("  stalls, stalled ops of those run:\n", f);
		i = stall_line(f, v, n, i);
	}
	section(f, v, n, 1, 0,
		"slopes of the busy scan per xarray entry, new/base [95% CI]:",
		slope_line);
	section(f, v, n, 2, COMPARE_REGRESSION,
		"regressions, new/base of the median [95% CI]:", change_line);
	section(f, v, n, 2, COMPARE_IMPROVEMENT,
		"improvements, new/base of the median [95% CI]:", change_line);
	free(v);
	return ferror(f) ? -EIO : 0;
}

void compare_summary_rule(const struct compare_opts *o, FILE *f)
{
	line(f, "", "  ",
	     "rule: a change needs the whole 95%% CI of new/base beyond "
	     "%g%% and p < %g; a stall is an op that outlived the "
	     "scenario's timeout",
	     o->threshold * 100, o->alpha);
}

void compare_summary_head(const struct compare_report *rep, FILE *f)
{
	line(f, "base: ", "      ", "%s", rep->base_label);
	line(f, "new:  ", "      ", "%s", rep->new_label);
	compare_summary_rule(&rep->opts, f);
	fputc('\n', f);
}

int compare_multi_summary(const struct compare_multi *m, FILE *f)
{
	size_t k, n = m->nsides;
	char *name;
	int rc = 0;

	fputs("daxbench report: the findings; the full report is report.md\n"
	      "(report.html, report.txt) in this directory.\n",
	      f);
	compare_wrap(f, COLS, "base:  ", "       ", m->side[0].rep.base_label);
	for (k = 0; k < n; k++) {
		name = n > 1 ? db_asprintf("new %zu: ", k + 1) :
			       strdup("new:   ");
		if (!name)
			return -ENOMEM;
		compare_wrap(f, COLS, name, "       ",
			     m->side[k].rep.new_label);
		free(name);
	}
	compare_summary_rule(&m->side[0].rep.opts, f);
	for (k = 0; !rc && k < n; k++) {
		name = n > 1 ? db_asprintf("new %zu against base", k + 1) :
			       strdup("new against base");
		if (!name)
			return -ENOMEM;
		fputc('\n', f);
		rc = compare_print_summary(&m->side[k].rep, name, f);
		free(name);
	}
	return rc;
}
