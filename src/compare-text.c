// SPDX-License-Identifier: GPL-2.0-only
/*
 * compare's text and Markdown layouts: a table per scenario, aligned
 * columns that mark significant changes *like this* (mmtests'
 * compare-kernels style) or a Markdown table with **bold** ones, then
 * the notes, warnings and scan-cost curves of the scenario.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare-int.h"

#define CELL 96
enum {
	C_POINT,
	C_METRIC,
	C_N,
	C_BP50,
	C_NP50,
	C_BP90,
	C_NP90,
	C_BP99,
	C_NP99,
	C_RATIO,
	C_CI,
	C_P,
	C_VERDICT,
	NCOLS
};

static const char *const col_head[NCOLS] = {
	"point",    "metric",  "n b/n",	   "base p50", "new p50",
	"base p90", "new p90", "base p99", "new p99",  "new/base",
	"95% CI",   "p",       "verdict",
};

/* "2 stalled" or "none": a stall row's cell in a latency column */
static char *fmt_stalls(const struct compare_stalls *st, char *buf, size_t len)
{
	if (st->stalls)
		snprintf(buf, len, "%zu stalled", st->stalls);
	else
		snprintf(buf, len, "none");
	return buf;
}

/* The cells of one row; @mark wraps a significant ratio ("*" or "**"). */
static void row_cells(const struct compare_row *r, const char *mark,
		      char cell[NCOLS][CELL])
{
	char ratio[32];

	snprintf(cell[C_POINT], CELL, "%s", r->point);
	snprintf(cell[C_METRIC], CELL, "%s", r->metric);
	if (r->verdict == COMPARE_NOT_COMPARABLE && !r->base.n && !r->new_.n)
		snprintf(cell[C_N], CELL, "-");
	else
		snprintf(cell[C_N], CELL, "%zu/%zu", r->base.n, r->new_.n);
	if (compare_is_stall_row(r)) {
		fmt_stalls(&r->stalls_base, cell[C_BP50], CELL);
		fmt_stalls(&r->stalls_new, cell[C_NP50], CELL);
	} else {
		compare_fmt_val(r->base.p50, r->unit, cell[C_BP50], CELL);
		compare_fmt_val(r->new_.p50, r->unit, cell[C_NP50], CELL);
	}
	compare_fmt_val(r->base.p90, r->unit, cell[C_BP90], CELL);
	compare_fmt_val(r->new_.p90, r->unit, cell[C_NP90], CELL);
	compare_fmt_val(r->base.p99, r->unit, cell[C_BP99], CELL);
	compare_fmt_val(r->new_.p99, r->unit, cell[C_NP99], CELL);
	compare_fmt_ratio(r->ratio, ratio, sizeof(ratio));
	if (compare_row_significant(r) && !isnan(r->ratio))
		snprintf(cell[C_RATIO], CELL, "%s%s%s", mark, ratio, mark);
	else
		snprintf(cell[C_RATIO], CELL, "%s", ratio);
	compare_fmt_ci(r->ci_lo, r->ci_hi, cell[C_CI], CELL);
	compare_fmt_p(r->p, cell[C_P], CELL);
	snprintf(cell[C_VERDICT], CELL, "%s%s%s",
		 compare_row_significant(r) ? mark : "",
		 compare_verdict_name(r->verdict),
		 compare_row_significant(r) ? mark : "");
}

static void print_summary_line(const struct compare_report *rep, FILE *f)
{
	char *s = compare_summary_str(rep);

	fprintf(f, "%s\n", s ? s : "Summary: out of memory");
	free(s);
}

static void print_table(const struct compare_scenario *s, bool md, FILE *f)
{
	size_t w[NCOLS], i, c;
	char(*cells)[NCOLS][CELL];

	cells = calloc(s->nrows ? s->nrows : 1, sizeof(*cells));
	if (!cells)
		return; /* the caller's ferror() check reports nothing lost */
	for (c = 0; c < NCOLS; c++)
		w[c] = strlen(col_head[c]);
	for (i = 0; i < s->nrows; i++) {
		row_cells(&s->rows[i], md ? "**" : "*", cells[i]);
		for (c = 0; c < NCOLS; c++)
			if (strlen(cells[i][c]) > w[c])
				w[c] = strlen(cells[i][c]);
	}
	if (md) {
		fputs("|", f);
		for (c = 0; c < NCOLS; c++)
			fprintf(f, " %s |", col_head[c]);
		fputs("\n|", f);
		for (c = 0; c < NCOLS; c++)
			fputs(c < C_N || c == C_VERDICT ? "---|" : "---:|", f);
		fputc('\n', f);
	} else {
		for (c = 0; c < NCOLS; c++)
			fprintf(f, c < C_N ? "%-*s%s" : "%*s%s", (int)w[c],
				col_head[c], c + 1 < NCOLS ? "  " : "\n");
	}
	for (i = 0; i < s->nrows; i++) {
		if (md) {
			fputs("|", f);
			for (c = 0; c < NCOLS; c++)
				fprintf(f, " %s |", cells[i][c]);
			fputc('\n', f);
			continue;
		}
		for (c = 0; c < NCOLS; c++)
			fprintf(f, c < C_N ? "%-*s%s" : "%*s%s", (int)w[c],
				cells[i][c], c + 1 < NCOLS ? "  " : "\n");
	}
	free(cells);
}

/* Row @i repeats the metric and note of an earlier row. */
static bool note_seen(const struct compare_scenario *s, size_t i)
{
	size_t k;

	for (k = 0; k < i; k++)
		if (s->rows[k].note &&
		    !strcmp(s->rows[k].metric, s->rows[i].metric) &&
		    !strcmp(s->rows[k].note, s->rows[i].note))
			return true;
	return false;
}

/* "Heading:" and an item per line, nothing when @n is 0. */
static void print_list(FILE *f, bool md, const char *heading, char *const *v,
		       size_t n)
{
	size_t i;

	if (n)
		fprintf(f, md ? "\n**%s:**\n\n" : "\n%s:\n", heading);
	for (i = 0; i < n; i++)
		fprintf(f, "%s%s\n", md ? "- " : "  ", v[i]);
}

static void print_lists(const struct compare_scenario *s, bool md, FILE *f)
{
	const char *item = md ? "- " : "  ";
	size_t i;

	size_t k, same;
	bool any = false;

	/* one line per distinct note: the same reason on every point */
	for (i = 0; i < s->nrows; i++) {
		const struct compare_row *r = &s->rows[i];

		if (!r->note || note_seen(s, i))
			continue;
		for (k = i + 1, same = 1; k < s->nrows; k++)
			same += s->rows[k].note &&
				!strcmp(s->rows[k].metric, r->metric) &&
				!strcmp(s->rows[k].note, r->note);
		if (!any)
			fprintf(f, "\n%s\n", md ? "**Notes:**\n" : "Notes:");
		any = true;
		if (same > 1)
			fprintf(f, "%s%s (%zu points): %s\n", item, r->metric,
				same, r->note);
		else
			fprintf(f, "%s%s, %s: %s\n", item, r->metric, r->point,
				r->note);
	}
	print_list(f, md, "Warnings of the points above", s->point_warnings,
		   s->npoint_warnings);
	print_list(f, md, "Points only in base", s->only_base, s->nonly_base);
	print_list(f, md, "Points only in new", s->only_new, s->nonly_new);
}

static void print_curves(const struct compare_scenario *s, bool md, FILE *f)
{
	char bf[128], nf[128], ratio[160];
	size_t i;

	if (!s->ncurves)
		return;
	fprintf(f,
		"\n%sCurves: cost = a + b * xarray entries, fitted to the "
		"per-point medians%s\n",
		md ? "**" : "", md ? "**\n" : "");
	if (md)
		fputs("| group | metric | base b [95% CI] | new b [95% CI] | "
		      "slope new/base |\n|---|---|---:|---:|---:|\n",
		      f);
	for (i = 0; i < s->ncurves; i++) {
		const struct compare_curve *c = &s->curves[i];
		const char *unit = strcmp(c->metric, "busy_scan_calls") ? "ns" :
									  "";

		compare_print_fit(&c->base, c->have_base, unit, bf, sizeof(bf));
		compare_print_fit(&c->new_, c->have_new, unit, nf, sizeof(nf));
		compare_curve_ratio(c, md ? "**" : "*", ratio, sizeof(ratio));
		if (md)
			fprintf(f, "| %s | %s per entry | %s | %s | %s%s |\n",
				c->group, c->metric, bf, nf, ratio,
				c->disjoint ? " (CIs disjoint)" : "");
		else
			fprintf(f,
				"  %s, %s per entry:\n    base b = %s\n"
				"    new  b = %s\n    slope new/base %s%s\n",
				c->group, c->metric, bf, nf, ratio,
				c->disjoint ? " (the CIs do not overlap)" : "");
	}
}

static void print_header(const struct compare_report *rep, bool md, FILE *f)
{
	const struct compare_opts *o = &rep->opts;

	if (md)
		fprintf(f,
			"# daxbench compare\n\n"
			"- base: %s\n- new: %s\n"
			"- rule: a change needs the whole 95%% CI of the "
			"ratio new/base of medians beyond %g%% and p < %g; "
			"the run is the unit of replication (see each "
			"scenario for how its runs were treated)\n"
			"- lower is better: op_latency, busy_scan_calls, "
			"busy_scan_time, busy_scan_time_per_call, "
			"pinner_io_latency; higher is better: "
			"pinner_iops\n\n",
			rep->base_label, rep->new_label, o->threshold * 100,
			o->alpha);
	else
		fprintf(f,
			"daxbench compare\nbase: %s\nnew:  %s\n"
			"rule: a change needs the whole 95%% CI of new/base "
			"(medians) beyond %g%% and p < %g;\n"
			"      significant changes are marked *like this*\n",
			rep->base_label, rep->new_label, o->threshold * 100,
			o->alpha);
}

void compare_print_tabular(const struct compare_report *rep, bool md, FILE *f)
{
	size_t i, k;

	print_header(rep, md, f);
	for (i = 0; i < rep->nscn; i++) {
		const struct compare_scenario *s = &rep->scn[i];

		char runs[512], *bf, *nf, *bp, *np, *st;

		compare_runs_sentence(s, &rep->opts, runs, sizeof(runs));
		bf = compare_files_str(s->base_paths, s->nbase_runs,
				       s->base_path);
		nf = compare_files_str(s->new_paths, s->nnew_runs, s->new_path);
		bp = compare_prov_str(s->base);
		np = compare_prov_str(s->new_);
		if (md) {
			/* an id of our own: renderers name headings variously */
			st = compare_scenario_anchor(rep, s->name);
			fprintf(f,
				"<a id=\"%s\"></a>\n\n## %s\n\n- base: `%s`%s\n"
				"- new: `%s`%s\n- runs: %s\n\n",
				st ? st : "", s->name, bf ? bf : "?",
				bp ? bp : "", nf ? nf : "?", np ? np : "",
				runs);
			free(st);
		}
		if (!md)
			fprintf(f,
				"\n== %s ==\nbase: %s%s\nnew:  %s%s\n"
				"runs: %s\n",
				s->name, bf ? bf : "?", bp ? bp : "",
				nf ? nf : "?", np ? np : "", runs);
		free(bf);
		free(nf);
		free(bp);
		free(np);
		st = compare_sha_note(s);
		if (st)
			fprintf(f, md ? "> **Note:** %s\n\n" : "NOTE: %s\n",
				st);
		free(st);
		for (k = 0; k < s->nwarnings; k++)
			fprintf(f,
				md ? "> **WARNING:** %s\n\n" : "WARNING: %s\n",
				s->warnings[k]);
		st = compare_scenario_stalls_str(s);
		if (st)
			fprintf(f, md ? "**STALLS:** %s.\n\n" : "STALLS: %s.\n",
				st);
		free(st);
		print_table(s, md, f);
		print_lists(s, md, f);
		print_curves(s, md, f);
		if (md)
			fputc('\n', f);
	}
	for (i = 0; i < rep->nonly_base; i++)
		fprintf(f, "%sScenario only in base: %s\n", md ? "- " : "\n",
			rep->only_base[i]);
	for (i = 0; i < rep->nonly_new; i++)
		fprintf(f, "%sScenario only in new: %s\n", md ? "- " : "\n",
			rep->only_new[i]);
	fputc('\n', f);
	print_summary_line(rep, f);
}

/*
 * For report, which gives its document one H1 of its own and sets each
 * scenario's figures beside the scenario's table: the rule of the
 * Markdown header as a list, and one scenario's section alone under a
 * heading of @level '#'s. compare_print_tabular() prints the same.
 */
void compare_print_md_rule(const struct compare_report *rep, FILE *f)
{
	fprintf(f,
		"- rule: a change needs the whole 95%% CI of the ratio "
		"new/base of medians beyond %g%% and p < %g; the run is the "
		"unit of replication (see each scenario for how its runs "
		"were treated)\n"
		"- lower is better: op_latency, busy_scan_calls, "
		"busy_scan_time, busy_scan_time_per_call, pinner_io_latency; "
		"higher is better: pinner_iops\n\n",
		rep->opts.threshold * 100, rep->opts.alpha);
}

void compare_print_md_scenario(const struct compare_report *rep,
			       const struct compare_scenario *s, int level,
			       FILE *f)
{
	char runs[512], *bf, *nf, *bp, *np, *st;
	size_t k;

	compare_runs_sentence(s, &rep->opts, runs, sizeof(runs));
	bf = compare_files_str(s->base_paths, s->nbase_runs, s->base_path);
	nf = compare_files_str(s->new_paths, s->nnew_runs, s->new_path);
	bp = compare_prov_str(s->base);
	np = compare_prov_str(s->new_);
	st = compare_scenario_anchor(rep, s->name);
	fprintf(f,
		"<a id=\"%s\"></a>\n\n%.*s %s\n\n- base: `%s`%s\n"
		"- new: `%s`%s\n- runs: %s\n\n",
		st ? st : "", level, "######", s->name, bf ? bf : "?",
		bp ? bp : "", nf ? nf : "?", np ? np : "", runs);
	free(st);
	free(bf);
	free(nf);
	free(bp);
	free(np);
	st = compare_sha_note(s);
	if (st)
		fprintf(f, "> **Note:** %s\n\n", st);
	free(st);
	for (k = 0; k < s->nwarnings; k++)
		fprintf(f, "> **WARNING:** %s\n\n", s->warnings[k]);
	st = compare_scenario_stalls_str(s);
	if (st)
		fprintf(f, "**STALLS:** %s.\n\n", st);
	free(st);
	print_table(s, true, f);
	print_lists(s, true, f);
	print_curves(s, true, f);
	fputc('\n', f);
}
