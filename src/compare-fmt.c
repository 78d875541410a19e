// SPDX-License-Identifier: GPL-2.0-only
/*
 * Output formats of compare (see compare.h): an aligned text table that
 * marks significant changes with asterisks the way mmtests'
 * compare-kernels does, a Markdown table, a plain-ASCII layout that fits
 * 72 columns so that it can be pasted into a review reply unchanged, and
 * JSON for CI. All four show the same rows; only the layout differs.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "units.h"

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

static char *fmt_val(double v, const char *unit, char *buf, size_t len)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else if (!strcmp(unit, "ns") && v >= 0 && v < 1.8e19)
		units_fmt_duration((uint64_t)llround(v), buf, len);
	else if (v == floor(v) && fabs(v) < 1e9)
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, "%.4g", v);
	return buf;
}

static char *fmt_ratio(double v, char *buf, size_t len)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else if (isinf(v))
		snprintf(buf, len, "inf");
	else
		snprintf(buf, len, "%.3f", v);
	return buf;
}

static char *fmt_ci(double lo, double hi, char *buf, size_t len)
{
	char a[32], b[32];

	if (isnan(lo) || isnan(hi))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "[%s, %s]", fmt_ratio(lo, a, sizeof(a)),
			 fmt_ratio(hi, b, sizeof(b)));
	return buf;
}

static char *fmt_p(double p, char *buf, size_t len)
{
	if (isnan(p))
		snprintf(buf, len, "n/a");
	else if (p < 1e-4)
		snprintf(buf, len, "<0.0001");
	else
		snprintf(buf, len, "%.4f", p);
	return buf;
}

/* A fitted slope: small and signed, so no rounding to whole ns. */
static char *fmt_slope(double v, const char *unit, char *buf, size_t len)
{
	if (!isnan(v) && fabs(v) < 1000)
		snprintf(buf, len, "%.3g%s", v, unit);
	else
		fmt_val(v, unit, buf, len);
	return buf;
}

static bool significant(const struct compare_row *r)
{
	return r->verdict == COMPARE_REGRESSION ||
	       r->verdict == COMPARE_IMPROVEMENT || r->verdict == COMPARE_STALL;
}

static bool stall_row(const struct compare_row *r)
{
	return !strcmp(r->metric, COMPARE_STALL_METRIC);
}

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
	if (stall_row(r)) {
		fmt_stalls(&r->stalls_base, cell[C_BP50], CELL);
		fmt_stalls(&r->stalls_new, cell[C_NP50], CELL);
	} else {
		fmt_val(r->base.p50, r->unit, cell[C_BP50], CELL);
		fmt_val(r->new_.p50, r->unit, cell[C_NP50], CELL);
	}
	fmt_val(r->base.p90, r->unit, cell[C_BP90], CELL);
	fmt_val(r->new_.p90, r->unit, cell[C_NP90], CELL);
	fmt_val(r->base.p99, r->unit, cell[C_BP99], CELL);
	fmt_val(r->new_.p99, r->unit, cell[C_NP99], CELL);
	fmt_ratio(r->ratio, ratio, sizeof(ratio));
	if (significant(r) && !isnan(r->ratio))
		snprintf(cell[C_RATIO], CELL, "%s%s%s", mark, ratio, mark);
	else
		snprintf(cell[C_RATIO], CELL, "%s", ratio);
	fmt_ci(r->ci_lo, r->ci_hi, cell[C_CI], CELL);
	fmt_p(r->p, cell[C_P], CELL);
	snprintf(cell[C_VERDICT], CELL, "%s%s%s", significant(r) ? mark : "",
		 compare_verdict_name(r->verdict), significant(r) ? mark : "");
}

static const char *dir_name(enum compare_dir d)
{
	return d == COMPARE_LOWER_BETTER  ? "lower is better" :
	       d == COMPARE_HIGHER_BETTER ? "higher is better" :
					    "unknown direction";
}

/* "none", "1 point" or "3 points" */
static const char *points_str(size_t n, char *buf, size_t len)
{
	if (!n)
		return "none";
	snprintf(buf, len, "%zu point%s", n, n == 1 ? "" : "s");
	return buf;
}

/* " (17 stalled ops)", or "" for none */
static const char *ops_str(size_t n, char *buf, size_t len)
{
	if (!n)
		return "";
	snprintf(buf, len, " (%zu stalled op%s)", n, n == 1 ? "" : "s");
	return buf;
}

/*
 * "9 points stall on base (17 stalled ops), none on new; 10 censored
 * samples (stalled ops) dropped", of a report or of one scenario.
 */
static char *stalls_phrase(size_t pb, size_t ob, size_t pn, size_t on,
			   size_t censored)
{
	char sb[32], sn[32], obs[48], ons[48], cens[96] = "";

	if (censored)
		snprintf(cens, sizeof(cens),
			 "; %zu censored sample%s (stalled ops) dropped",
			 censored, censored == 1 ? "" : "s");
	return db_asprintf("%s stall%s on base%s, %s on new%s%s",
			   pb ? points_str(pb, sb, sizeof(sb)) : "no point",
			   pb > 1 ? "" : "s", ops_str(ob, obs, sizeof(obs)),
			   points_str(pn, sn, sizeof(sn)),
			   ops_str(on, ons, sizeof(ons)), cens);
}

/*
 * The one-sentence verdict of the whole comparison: the regressions
 * (STALLs among them), the improvements, and the stalls of each side,
 * which are the finding even when nothing else moved.
 */
static char *summary_str(const struct compare_report *rep)
{
	char stall[64] = "", *st, *out;
	size_t i, n = 0;

	for (i = 0; i < rep->nscn; i++)
		n += rep->scn[i].nrows + rep->scn[i].ncurves;
	if (rep->stall_regressions)
		snprintf(stall, sizeof(stall), " (%zu STALL%s)",
			 rep->stall_regressions,
			 rep->stall_regressions == 1 ? "" : "s");
	st = stalls_phrase(rep->stall_points_base, rep->stall_ops_base,
			   rep->stall_points_new, rep->stall_ops_new,
			   rep->censored);
	out = st ? db_asprintf("Summary: %zu regression%s%s, %zu "
			       "improvement%s in %zu comparisons; %s.",
			       rep->regressions,
			       rep->regressions == 1 ? "" : "s", stall,
			       rep->improvements,
			       rep->improvements == 1 ? "" : "s", n, st) :
		   NULL;
	free(st);
	return out;
}

static void print_summary_line(const struct compare_report *rep, FILE *f)
{
	char *s = summary_str(rep);

	fprintf(f, "%s\n", s ? s : "Summary: out of memory");
	free(s);
}

/*
 * The stalls of one scenario in a sentence, NULL when neither side
 * stalled (or out of memory: the rows still say it).
 */
static char *scenario_stalls_str(const struct compare_scenario *s)
{
	size_t i, ob = 0, on = 0;

	if (!s->stall_points_base && !s->stall_points_new)
		return NULL;
	for (i = 0; i < s->nrows; i++) {
		ob += s->rows[i].stalls_base.stalls;
		on += s->rows[i].stalls_new.stalls;
	}
	return stalls_phrase(s->stall_points_base, ob, s->stall_points_new, on,
			     s->censored);
}

/*
 * How the scenario's verdicts treat run-to-run noise, in one sentence:
 * measured from repeated runs, or assumed with one run per side.
 */
static void runs_sentence(const struct compare_scenario *s,
			  const struct compare_opts *o, char *buf, size_t len)
{
	const struct compare_row *worst = NULL;
	size_t i;

	for (i = 0; i < s->nrows; i++) {
		const struct compare_row *r = &s->rows[i];

		if (r->run_noise_measured && !isnan(r->run_noise) &&
		    (!worst || r->run_noise > worst->run_noise))
			worst = r;
	}
	if (s->nbase_runs + s->nnew_runs < 3) {
		snprintf(buf, len,
			 "1 run per side: between-run noise not measured; "
			 "assumed %g%% (--run-noise), or the drift within "
			 "each run if larger, and the CI widened by it; "
			 "p from Mann-Whitney U on the samples. Repeat the "
			 "runs (several results per side) to measure it.",
			 o->run_noise * 100);
		return;
	}
	if (worst)
		snprintf(buf, len,
			 "%zu base run%s, %zu new run%s: CI from a bootstrap "
			 "of runs then samples, p from a t test on log "
			 "per-run medians; between-run noise measured, at "
			 "most %.1f%% (%s, %s).",
			 s->nbase_runs, s->nbase_runs == 1 ? "" : "s",
			 s->nnew_runs, s->nnew_runs == 1 ? "" : "s",
			 worst->run_noise * 100, worst->metric, worst->point);
	else
		snprintf(buf, len,
			 "%zu base run%s, %zu new run%s: CI from a bootstrap "
			 "of runs then samples, p from a t test on per-run "
			 "medians.",
			 s->nbase_runs, s->nbase_runs == 1 ? "" : "s",
			 s->nnew_runs, s->nnew_runs == 1 ? "" : "s");
}

static void print_fit(const struct stats2_fit *fit, bool have, const char *unit,
		      char *buf, size_t len)
{
	char b[32], lo[32], hi[32];

	if (!have) {
		snprintf(buf, len, "no fit (fewer than 2 sizes)");
		return;
	}
	fmt_slope(fit->b, unit, b, sizeof(b));
	if (isnan(fit->b_lo))
		snprintf(buf, len, "%s (no CI: 2 sizes)  R2 %.3f", b, fit->r2);
	else
		snprintf(buf, len, "%s [%s, %s]  R2 %.3f", b,
			 fmt_slope(fit->b_lo, unit, lo, sizeof(lo)),
			 fmt_slope(fit->b_hi, unit, hi, sizeof(hi)), fit->r2);
}

/* --- text and markdown --------------------------------------------- */

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

/*
 * "1.201 [1.150, 1.252] p=0.0010 *regression*": the slope ratio with
 * its bootstrap CI and verdict, marked like a row.
 */
static char *curve_ratio(const struct compare_curve *c, const char *mark,
			 char *buf, size_t len)
{
	char r[32], ci[64], p[32];
	bool sig = c->verdict == COMPARE_REGRESSION ||
		   c->verdict == COMPARE_IMPROVEMENT;

	fmt_ratio(c->slope_ratio, r, sizeof(r));
	if (isnan(c->ci_lo)) {
		snprintf(buf, len, "%s", r);
		return buf;
	}
	snprintf(buf, len, "%s %s p=%s %s%s%s", r,
		 fmt_ci(c->ci_lo, c->ci_hi, ci, sizeof(ci)),
		 fmt_p(c->p, p, sizeof(p)), sig ? mark : "",
		 compare_verdict_name(c->verdict), sig ? mark : "");
	return buf;
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

		print_fit(&c->base, c->have_base, unit, bf, sizeof(bf));
		print_fit(&c->new_, c->have_new, unit, nf, sizeof(nf));
		curve_ratio(c, md ? "**" : "*", ratio, sizeof(ratio));
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

/* "path" or "3 runs: a.json, b.json, c.json" (base names). */
static char *files_str(char *const *paths, size_t n, const char *one)
{
	char *out = n > 1 ? db_asprintf("%zu runs:", n) : strdup(one);
	size_t i;

	for (i = 0; n > 1 && out && i < n; i++) {
		const char *b = strrchr(paths[i], '/');
		char *o = db_asprintf("%s%s %s", out, i ? "," : "",
				      b ? b + 1 : paths[i]);

		free(out);
		out = o;
	}
	return out;
}

/* tool.git of result @r, or NULL (a result older than the field) */
static const char *git_of(const json_t *r)
{
	return json_string_value(
		json_object_get(json_object_get(r, "tool"), "git"));
}

/* scenario_file.sha256 of result @r, or NULL */
static const char *sha_of(const json_t *r)
{
	return json_string_value(
		json_object_get(json_object_get(r, "scenario_file"), "sha256"));
}

/*
 * " (git 37c8259, scenario sha256 c62581eca48d)" for the newest run of
 * a side, the parts it has; "" for a result from before provenance.
 */
static char *prov_str(const json_t *r)
{
	const char *git = git_of(r), *sha = sha_of(r);

	if (!git && !sha)
		return strdup("");
	return db_asprintf(" (%s%s%s%s%.12s)", git ? "git " : "",
			   git ? git : "", git && sha ? ", " : "",
			   sha ? "scenario sha256 " : "", sha ? sha : "");
}

/* "base and new ran different scenario files ...", or NULL */
static char *sha_note(const struct compare_scenario *s)
{
	const char *b = sha_of(s->base), *n = sha_of(s->new_);

	if (!b || !n || !strcmp(b, n))
		return NULL;
	return db_asprintf("base and new ran different scenario files "
			   "(sha256 %.12s and %.12s)",
			   b, n);
}

static void print_tabular(const struct compare_report *rep, bool md, FILE *f)
{
	size_t i, k;

	print_header(rep, md, f);
	for (i = 0; i < rep->nscn; i++) {
		const struct compare_scenario *s = &rep->scn[i];

		char runs[512], *bf, *nf, *bp, *np, *st;

		runs_sentence(s, &rep->opts, runs, sizeof(runs));
		bf = files_str(s->base_paths, s->nbase_runs, s->base_path);
		nf = files_str(s->new_paths, s->nnew_runs, s->new_path);
		bp = prov_str(s->base);
		np = prov_str(s->new_);
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
		st = sha_note(s);
		if (st)
			fprintf(f, md ? "> **Note:** %s\n\n" : "NOTE: %s\n",
				st);
		free(st);
		for (k = 0; k < s->nwarnings; k++)
			fprintf(f,
				md ? "> **WARNING:** %s\n\n" : "WARNING: %s\n",
				s->warnings[k]);
		st = scenario_stalls_str(s);
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

/* --- email: plain ASCII, 72 columns -------------------------------- */

/*
 * Word-wrap @text to COMPARE_EMAIL_COLS: the first line after @first,
 * the others after @rest. A word longer than a line (a path) is cut.
 */
static void wrap(FILE *f, const char *first, const char *rest, const char *text)
{
	const char *p = text, *prefix = first;

	while (*p) {
		size_t room = COMPARE_EMAIL_COLS - strlen(prefix), len, cut;

		while (*p == ' ')
			p++;
		len = strlen(p);
		if (len <= room) {
			cut = len;
		} else {
			for (cut = room; cut > 0 && p[cut] != ' '; cut--)
				;
			if (!cut)
				cut = room;
		}
		fprintf(f, "%s%.*s\n", prefix, (int)cut, p);
		p += cut;
		prefix = rest;
	}
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* ASCII only: kernels and paths are copied byte by byte otherwise */
static void ascii(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s > 126 || (*s < 32 && *s != '\n'))
			*s = '?';
}

void compare_email_wrap(FILE *f, const char *first, const char *rest,
			char *text)
{
	ascii(text);
	wrap(f, first, rest, text);
}

static void wrapf(FILE *f, const char *first, const char *rest, const char *fmt,
		  ...) __attribute__((format(printf, 4, 5)));

static void wrapf(FILE *f, const char *first, const char *rest, const char *fmt,
		  ...)
{
	char buf[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	compare_email_wrap(f, first, rest, buf);
}

static void email_row(const struct compare_row *r, FILE *f)
{
	char v[6][32], ratio[32], ci[64], p[32];

	if (r->verdict == COMPARE_NOT_COMPARABLE) {
		wrapf(f, "  ", "      ", "%s: not comparable: %s", r->metric,
		      r->note);
		return;
	}
	if (stall_row(r)) {
		wrapf(f, "  ", "    ", "%s: %s", r->metric,
		      r->verdict == COMPARE_STALL ?
			      "** STALL **" :
		      r->verdict == COMPARE_IMPROVEMENT ?
			      "** improvement **" :
			      compare_verdict_name(r->verdict));
		wrapf(f, "    ", "      ", "%s", r->note ? r->note : "");
		return;
	}
	wrapf(f, "  ", "    ", "%s (%s, %s)", r->metric,
	      *r->unit ? r->unit : "-", dir_name(r->dir));
	fprintf(f, "    %-10s %8s %12s %12s %12s\n", "", "n", "p50", "p90",
		"p99");
	fprintf(f, "    %-10s %8zu %12s %12s %12s\n", "base", r->base.n,
		fmt_val(r->base.p50, r->unit, v[0], 32),
		fmt_val(r->base.p90, r->unit, v[1], 32),
		fmt_val(r->base.p99, r->unit, v[2], 32));
	fprintf(f, "    %-10s %8zu %12s %12s %12s\n", "new", r->new_.n,
		fmt_val(r->new_.p50, r->unit, v[3], 32),
		fmt_val(r->new_.p90, r->unit, v[4], 32),
		fmt_val(r->new_.p99, r->unit, v[5], 32));
	if (isnan(r->p)) {
		wrapf(f, "    ", "      ", "new/base %s  (no test: %s)",
		      fmt_ratio(r->ratio, ratio, sizeof(ratio)),
		      r->note ? r->note : "n/a");
		return;
	}
	wrapf(f, "    ", "      ", "new/base %s %s  p=%s  %s",
	      fmt_ratio(r->ratio, ratio, sizeof(ratio)),
	      fmt_ci(r->ci_lo, r->ci_hi, ci, sizeof(ci)),
	      fmt_p(r->p, p, sizeof(p)),
	      significant(r) ?
		      (r->verdict == COMPARE_REGRESSION ? "** REGRESSION **" :
							  "** improvement **") :
		      compare_verdict_name(r->verdict));
	if (r->note)
		wrapf(f, "      (", "       ", "%s)", r->note);
}

static void print_email(const struct compare_report *rep, FILE *f)
{
	const struct compare_opts *o = &rep->opts;
	char bf[128], nf[128], ratio[160], *sum;
	size_t i, k;

	fputs("daxbench compare\n", f);
	wrapf(f, "base: ", "      ", "%s", rep->base_label);
	wrapf(f, "new:  ", "      ", "%s", rep->new_label);
	wrapf(f, "", "",
	      "Rule: a change needs the whole 95%% CI of new/base (medians) "
	      "beyond %g%% and p < %g, with the run as the unit of "
	      "replication. Lower is better for every metric but "
	      "pinner_iops.",
	      o->threshold * 100, o->alpha);
	sum = summary_str(rep);
	wrapf(f, "", "  ", "%s", sum ? sum : "Summary: out of memory");
	free(sum);
	for (i = 0; i < rep->nscn; i++) {
		const struct compare_scenario *s = &rep->scn[i];
		const char *last = "";
		char runs[512], *bfiles, *nfiles, *bp, *np, *note;

		runs_sentence(s, o, runs, sizeof(runs));
		bfiles = files_str(s->base_paths, s->nbase_runs,
				   base_name(s->base_path));
		nfiles = files_str(s->new_paths, s->nnew_runs,
				   base_name(s->new_path));
		fputc('\n', f);
		wrapf(f, "=== ", "    ", "%s ===", s->name);
		bp = prov_str(s->base);
		np = prov_str(s->new_);
		note = sha_note(s);
		wrapf(f, "base file: ", "  ", "%s%s", bfiles ? bfiles : "?",
		      bp ? bp : "");
		wrapf(f, "new file:  ", "  ", "%s%s", nfiles ? nfiles : "?",
		      np ? np : "");
		wrapf(f, "runs: ", "  ", "%s", runs);
		if (note)
			wrapf(f, "NOTE: ", "  ", "%s", note);
		free(bfiles);
		free(nfiles);
		free(bp);
		free(np);
		free(note);
		for (k = 0; k < s->nwarnings; k++)
			wrapf(f, "WARNING: ", "  ", "%s", s->warnings[k]);
		sum = scenario_stalls_str(s);
		if (sum)
			wrapf(f, "STALLS: ", "  ", "%s.", sum);
		free(sum);
		for (k = 0; k < s->nrows; k++) {
			if (strcmp(last, s->rows[k].point)) {
				last = s->rows[k].point;
				wrapf(f, "\n[", " ", "%s]", last);
			}
			email_row(&s->rows[k], f);
		}
		for (k = 0; k < s->npoint_warnings; k++)
			wrapf(f, "warning: ", "  ", "%s", s->point_warnings[k]);
		for (k = 0; k < s->nonly_base; k++)
			wrapf(f, "only in base: ", "  ", "%s", s->only_base[k]);
		for (k = 0; k < s->nonly_new; k++)
			wrapf(f, "only in new: ", "  ", "%s", s->only_new[k]);
		if (s->ncurves)
			wrapf(f, "\n", "",
			      "Curves: cost = a + b * xarray entries, fitted "
			      "to per-point medians:");
		for (k = 0; k < s->ncurves; k++) {
			const struct compare_curve *c = &s->curves[k];

			print_fit(&c->base, c->have_base, "ns", bf, sizeof(bf));
			print_fit(&c->new_, c->have_new, "ns", nf, sizeof(nf));
			wrapf(f, "  ", "    ", "%s, %s per entry:", c->group,
			      c->metric);
			wrapf(f, "    base b = ", "      ", "%s", bf);
			wrapf(f, "    new  b = ", "      ", "%s", nf);
			wrapf(f, "    slope new/base ", "      ", "%s%s",
			      curve_ratio(c, "**", ratio, sizeof(ratio)),
			      c->disjoint ? " (CIs do not overlap)" : "");
		}
	}
	for (i = 0; i < rep->nonly_base; i++)
		wrapf(f, "\nscenario only in base: ", "  ", "%s",
		      rep->only_base[i]);
	for (i = 0; i < rep->nonly_new; i++)
		wrapf(f, "\nscenario only in new: ", "  ", "%s",
		      rep->only_new[i]);
}

/* --- json ---------------------------------------------------------- */

static json_t *jnum(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *side_json(const struct compare_side *s)
{
	return json_pack("{s:I,s:o,s:o,s:o}", "n", (json_int_t)s->n, "p50",
			 jnum(s->p50), "p90", jnum(s->p90), "p99",
			 jnum(s->p99));
}

static json_t *fit_json(const struct stats2_fit *fit, bool have)
{
	if (!have)
		return json_null();
	return json_pack("{s:I,s:o,s:o,s:[o,o],s:o}", "n", (json_int_t)fit->n,
			 "a", jnum(fit->a), "b", jnum(fit->b), "b_ci",
			 jnum(fit->b_lo), jnum(fit->b_hi), "r2", jnum(fit->r2));
}

static json_t *stalls_json(const struct compare_stalls *st)
{
	return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:o}", "stalls",
			 (json_int_t)st->stalls, "ops", (json_int_t)st->ops,
			 "runs", (json_int_t)st->runs, "runs_stalled",
			 (json_int_t)st->runs_stalled, "censored_samples",
			 (json_int_t)st->censored, "hung", (json_int_t)st->hung,
			 "timeout_ns", jnum(st->timeout_ns));
}

/*
 * Fields added since the first JSON schema of compare, set on @row:
 * added, never renamed, so that scripts written against it keep working.
 */
static void row_json_additions(json_t *row, const struct compare_row *r)
{
	json_object_set_new(row, "p_floor", jnum(r->p_floor));
	json_object_set_new(row, "censored_dropped",
			    json_pack("[I,I]", (json_int_t)r->censored_base,
				      (json_int_t)r->censored_new));
	if (stall_row(r))
		json_object_set_new(row, "stalls",
				    json_pack("{s:o,s:o}", "base",
					      stalls_json(&r->stalls_base),
					      "new",
					      stalls_json(&r->stalls_new)));
}

static json_t *strv_json(char *const *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static json_t *scenario_json(const struct compare_scenario *s,
			     const struct compare_opts *o)
{
	char runs[512];
	json_t *rows = json_array(), *curves = json_array();
	size_t i;

	for (i = 0; i < s->nrows; i++) {
		const struct compare_row *r = &s->rows[i];
		json_t *row;

		row = json_pack(
			"{s:s,s:O,s:s,s:s,s:s,s:o,s:o,s:o,s:[o,o],"
			"s:o,s:s?,s:s,s:s?,s:[I,I],s:I,s:o,s:b}",
			"point", r->point, "params", r->params, "metric",
			r->metric, "unit", r->unit, "direction",
			dir_name(r->dir), "base", side_json(&r->base), "new",
			side_json(&r->new_), "ratio", jnum(r->ratio), "ci95",
			jnum(r->ci_lo), jnum(r->ci_hi), "p", jnum(r->p), "test",
			r->test, "verdict", compare_verdict_name(r->verdict),
			"note", r->note, "runs", (json_int_t)r->runs_base,
			(json_int_t)r->runs_new, "df", (json_int_t)r->df,
			"run_noise", jnum(r->run_noise), "run_noise_measured",
			r->run_noise_measured);
		if (row)
			row_json_additions(row, r);
		json_array_append_new(rows, row);
	}
	for (i = 0; i < s->ncurves; i++) {
		const struct compare_curve *c = &s->curves[i];

		json_array_append_new(
			curves,
			json_pack("{s:s,s:s,s:s,s:o,s:o,s:o,s:b,s:[o,o],s:o,"
				  "s:s}",
				  "group", c->group, "metric", c->metric, "x",
				  "xarray_entries", "base",
				  fit_json(&c->base, c->have_base), "new",
				  fit_json(&c->new_, c->have_new),
				  "slope_ratio", jnum(c->slope_ratio),
				  "slope_cis_disjoint", c->disjoint,
				  "slope_ratio_ci95", jnum(c->ci_lo),
				  jnum(c->ci_hi), "slope_ratio_p", jnum(c->p),
				  "verdict", compare_verdict_name(c->verdict)));
	}
	runs_sentence(s, o, runs, sizeof(runs));
	return json_pack("{s:s,s:s,s:s,s:o,s:o,s:s,s:o,s:o,s:o,s:o,s:o,s:{s:I,"
			 "s:I,s:I},s:o}",
			 "scenario", s->name, "base_file", s->base_path,
			 "new_file", s->new_path, "base_files",
			 strv_json(s->base_paths, s->nbase_runs), "new_files",
			 strv_json(s->new_paths, s->nnew_runs), "runs", runs,
			 "warnings", strv_json(s->warnings, s->nwarnings),
			 "only_in_base", strv_json(s->only_base, s->nonly_base),
			 "only_in_new", strv_json(s->only_new, s->nonly_new),
			 "rows", rows, "curves", curves, "stalls",
			 "points_base", (json_int_t)s->stall_points_base,
			 "points_new", (json_int_t)s->stall_points_new,
			 "censored_dropped", (json_int_t)s->censored,
			 "point_warnings",
			 strv_json(s->point_warnings, s->npoint_warnings));
}

static int print_json(const struct compare_report *rep, FILE *f)
{
	json_t *scn = json_array(), *root;
	char *sum;
	size_t i;
	int rc;

	for (i = 0; i < rep->nscn; i++)
		json_array_append_new(scn,
				      scenario_json(&rep->scn[i], &rep->opts));
	root = json_pack("{s:i,s:{s:f,s:f,s:f,s:s,s:f},s:s,s:s,s:b,s:I,s:I,"
			 "s:o,s:o,s:o}",
			 "schema", 1, "rule", "threshold", rep->opts.threshold,
			 "alpha", rep->opts.alpha, "ci_level", 0.95, "test",
			 "t-runs: Student t on log per-run medians (several "
			 "runs a side); perm-runs: exact permutation test on "
			 "them (too few runs or no spread for t); mwu-*: "
			 "two-sided Mann-Whitney U (one run a side, CI widened "
			 "by run_noise)",
			 "run_noise_assumed", rep->opts.run_noise,
			 "base_kernel", rep->base_label, "new_kernel",
			 rep->new_label, "regression", rep->regressions > 0,
			 "regressions", (json_int_t)rep->regressions,
			 "improvements", (json_int_t)rep->improvements,
			 "scenarios", scn, "scenarios_only_in_base",
			 strv_json(rep->only_base, rep->nonly_base),
			 "scenarios_only_in_new",
			 strv_json(rep->only_new, rep->nonly_new));
	sum = summary_str(rep);
	if (!root || !sum) {
		json_decref(root);
		free(sum);
		return -ENOMEM;
	}
	json_object_set_new(
		root, "stalls",
		json_pack("{s:I,s:I,s:I,s:I,s:I,s:I}", "regressions",
			  (json_int_t)rep->stall_regressions, "ops_base",
			  (json_int_t)rep->stall_ops_base, "ops_new",
			  (json_int_t)rep->stall_ops_new, "points_base",
			  (json_int_t)rep->stall_points_base, "points_new",
			  (json_int_t)rep->stall_points_new, "censored_dropped",
			  (json_int_t)rep->censored));
	json_object_set_new(root, "summary", json_string(sum));
	free(sum);
	rc = json_dumpf(root, f, JSON_INDENT(2));
	fputc('\n', f);
	json_decref(root);
	return rc ? -EIO : 0;
}

int compare_print(const struct compare_report *rep, enum compare_format fmt,
		  FILE *f)
{
	int rc = 0;

	switch (fmt) {
	case COMPARE_TEXT:
		print_tabular(rep, false, f);
		break;
	case COMPARE_MARKDOWN:
		print_tabular(rep, true, f);
		break;
	case COMPARE_EMAIL:
		print_email(rep, f);
		break;
	case COMPARE_JSON:
		rc = print_json(rep, f);
		break;
	}
	if (!rc && ferror(f))
		rc = -EIO;
	return rc;
}
