// SPDX-License-Identifier: GPL-2.0-only
/*
 * The summary of one comparison that fits a reply on a mailing list
 * (compare --summary, report's summary.txt): 72 columns of plain text,
 * the kernels, the counts, and every finding of compare_findings() with
 * its number and CI, ratios to 3 digits. The stalls at the points of one
 * scenario that agree in verdict are one line; a slope carries the
 * busy-scan changes at single sizes that it explains.
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

/* "87.4 [16.6, 298]": a ratio and its CI to 3 digits, or "-". */
static char *ratio_ci(double r, double lo, double hi, char *buf, size_t len)
{
	if (isnan(r))
		snprintf(buf, len, "-");
	else if (isnan(lo) || isnan(hi))
		snprintf(buf, len, "%.3g", r);
	else
		snprintf(buf, len, "%.3g [%.3g, %.3g]", r, lo, hi);
	return buf;
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

/* "8/20 wake missing", "8/20 (6 wake missing, 2 unknown)", "0/24" */
static char *stalls_brief(const struct compare_stalls *st, char *buf,
			  size_t len)
{
	char d[160];
	size_t i, kinds = 0, last = 0;

	for (i = 0; i < DIAGNOSE_NVERDICTS; i++)
		if (st->diag[i]) {
			kinds++;
			last = i;
		}
	if (kinds == 1 && st->diag[last] == st->stalls) {
		snprintf(buf, len, "%zu/%zu %s", st->stalls, st->ops,
			 diagnose_verdicts[last]);
		return buf;
	}
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
	line(f, "    ", "      ", "%s (%zu): %s -> %s%s", v[i].s->name, k - i,
	     stalls_brief(&b, bs, sizeof(bs)),
	     stalls_brief(&nw, ns, sizeof(ns)),
	     v[i].r[0]->verdict == COMPARE_STALL ? " STALL" : "");
	return k;
}

static const char *verdict_of(const struct compare_curve *c)
{
	return c->undefined ? "undefined" : compare_verdict_name(c->verdict);
}

/* "pte" for "file.mapping=pte": the mode alone, as a run's table says */
static const char *group_brief(const char *group)
{
	return strncmp(group, "file.mapping=", 13) ? group : group + 13;
}

static void slope_line(FILE *f, const struct compare_finding *it)
{
	const struct compare_curve *c = it->c[0];
	const char *m = c->metric;
	bool scan = !strcmp(m, "busy_scan_time_per_call");
	char r[96], head[200], more[200] = "", part[2][32];
	size_t k;
	int o = 0;

	for (k = 1; k < it->nc; k++)
		o += snprintf(more + o, sizeof(more) - (size_t)o, "%s%s %s",
			      k > 1 ? ", " : "",
			      strcmp(it->c[k]->metric, "busy_scan_unmap_time") ?
				      "walk" :
				      "unmap",
			      ratio_ci(it->c[k]->slope_ratio, NAN, NAN,
				       part[k - 1], sizeof(part[k - 1])));
	if (it->nfold)
		snprintf(more + o, sizeof(more) - (size_t)o,
			 "%s%zu size%s too, up to %.3g", o ? "; " : "",
			 it->nfold, it->nfold == 1 ? "" : "s",
			 it->largest->ratio);
	snprintf(head, sizeof(head), "%s%s%s: %s %s", group_brief(c->group),
		 scan ? "" : ", ", scan ? "" : m,
		 ratio_ci(c->slope_ratio, c->ci_lo, c->ci_hi, r, sizeof(r)),
		 verdict_of(c));
	/* one line where both fit, else the parts and sizes under it */
	if (*more && 6 + strlen(head) + 2 + strlen(more) <= COLS) {
		line(f, "      ", "        ", "%s; %s", head, more);
		return;
	}
	line(f, "      ", "        ", "%s", head);
	if (*more)
		line(f, "        ", "          ", "%s", more);
}

/* "4.79 [4.48, 5.19] pte size=16MiB, op_latency" into @buf */
static char *change_text(const struct compare_finding *it, char *buf,
			 size_t len)
{
	const struct compare_row *r = it->r[0];
	char *pt = label_point(r->params, NULL, true);
	char rc[96];

	snprintf(buf, len, "%s %s, %s%s",
		 ratio_ci(r->ratio, r->ci_lo, r->ci_hi, rc, sizeof(rc)),
		 pt && *pt ? pt : "(single point)", r->metric,
		 it->nr > 1 ? " (= per call)" : "");
	free(pt);
	return buf;
}

static void change_line(FILE *f, const struct compare_finding *it)
{
	char t[300];

	line(f, "      ", "        ", "%s", change_text(it, t, sizeof(t)));
}

/* Finding @it is of @rank, and a change of verdict @want (0: any). */
static bool of(const struct compare_finding *it, int rank,
	       enum compare_verdict want)
{
	return it->rank == rank &&
	       (!want || compare_finding_verdict(it) == want);
}

/*
 * A change that is its scenario's only one in the section, on one line
 * with the scenario's name where that fits; false when it was not.
 */
static bool alone(const struct compare_finding *v, size_t n, size_t i, int rank,
		  enum compare_verdict want, FILE *f)
{
	char t[300];
	size_t k;

	if (rank != 2)
		return false;
	for (k = i + 1; k < n; k++)
		if (of(&v[k], rank, want) && v[k].s == v[i].s)
			return false;
	change_text(&v[i], t, sizeof(t));
	if (4 + strlen(v[i].s->name) + 2 + strlen(t) > COLS)
		return false;
	fprintf(f, "    %s: %s\n", v[i].s->name, t);
	return true;
}

/*
 * The findings of @rank (and verdict @want) under @head, a scenario's
 * together under its name, in the order of the first of each.
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
		if (alone(v, n, i, rank, want, f))
			continue;
		fprintf(f, "    %s:\n", v[i].s->name);
		for (k = i; k < n; k++)
			if (of(&v[k], rank, want) && v[k].s == v[i].s)
				show(f, &v[k]);
	}
}

/*
 * The scenarios whose sides differ in how they were measured (a NOTE in
 * the full output): a finding of theirs may be the tool's, not the
 * kernel's, and a reply that quotes it should know.
 */
static void notes_line(FILE *f, const struct compare_report *rep)
{
	char *names = NULL, *t;
	size_t i;

	for (i = 0; i < rep->nscn; i++) {
		if (!compare_prov_has_notes(&rep->scn[i]))
			continue;
		t = db_asprintf("%s%s%s", names ? names : "", names ? ", " : "",
				rep->scn[i].name);
		free(names);
		names = t;
		if (!names)
			break;
	}
	if (names)
		line(f, "  ", "    ", "caveats (NOTE in the full report): %s",
		     names);
	free(names);
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
	     "stalled points %zu -> %zu",
	     name, rep->regressions, rep->regressions == 1 ? "" : "s",
	     rep->stall_regressions, rep->improvements,
	     rep->improvements == 1 ? "" : "s", rep->stall_points_base,
	     rep->stall_points_new);
	for (i = 0; i < n && v[i].rank == 0;) {
		if (!i)
			fputs("  stalls (points): stalled/run ops base -> new, why\n",
			      f);
		i = stall_line(f, v, n, i);
	}
	section(f, v, n, 1, 0,
		"busy-scan slopes per entry, new/base [95% CI]:", slope_line);
	section(f, v, n, 2, COMPARE_REGRESSION,
		"regressions, new/base of the median [95% CI]:", change_line);
	section(f, v, n, 2, COMPARE_IMPROVEMENT,
		"improvements, new/base of the median [95% CI]:", change_line);
	notes_line(f, rep);
	free(v);
	return ferror(f) ? -EIO : 0;
}

void compare_summary_rule(const struct compare_opts *o, FILE *f)
{
	line(f, "", "  ",
	     "rule: a change: 95%% CI past %g%% and p < %g; a stall: past "
	     "the timeout",
	     o->threshold * 100, o->alpha);
}

/* A side's kernel: its package and version where a VM ran one. */
static const char *kernel_of(const json_t *result, const char *label)
{
	const char *k = json_string_value(json_object_get(
		json_object_get(json_object_get(result, "host"), "vm"),
		"kernel"));

	return k ? k : label;
}

void compare_summary_head(const struct compare_report *rep, FILE *f)
{
	const json_t *b = rep->nscn ? rep->scn[0].base : NULL;
	const json_t *n = rep->nscn ? rep->scn[0].new_ : NULL;

	line(f, "base: ", "      ", "%s", kernel_of(b, rep->base_label));
	line(f, "new:  ", "      ", "%s", kernel_of(n, rep->new_label));
	compare_summary_rule(&rep->opts, f);
	fputc('\n', f);
}

int compare_multi_summary(const struct compare_multi *m, FILE *f)
{
	const struct compare_report *r0 = &m->side[0].rep;
	size_t k, n = m->nsides;
	char name[32];
	int rc = 0;

	fputs("daxbench report: the findings (all: report.md, .html, .txt)\n",
	      f);
	line(f, "base:  ", "       ", "%s",
	     kernel_of(r0->nscn ? r0->scn[0].base : NULL, r0->base_label));
	for (k = 0; k < n; k++) {
		const struct compare_report *r = &m->side[k].rep;

		snprintf(name, sizeof(name),
			 n > 1 ? "new %zu: " : "new:   ", k + 1);
		line(f, name, "       ", "%s",
		     kernel_of(r->nscn ? r->scn[0].new_ : NULL, r->new_label));
	}
	compare_summary_rule(&r0->opts, f);
	for (k = 0; !rc && k < n; k++) {
		snprintf(name, sizeof(name), n > 1 ? "new %zu" : "new", k + 1);
		fputc('\n', f);
		rc = compare_print_summary(&m->side[k].rep, name, f);
	}
	return rc;
}
