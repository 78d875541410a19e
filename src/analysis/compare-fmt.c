// SPDX-License-Identifier: GPL-2.0-only
/*
 * Output formats of compare (see compare.h): an aligned text table that
 * marks significant changes with asterisks the way mmtests'
 * compare-kernels does, a Markdown table, a plain-ASCII layout that fits
 * 72 columns so that it can be pasted into a review reply unchanged, and
 * JSON for CI. All four show the same rows; only the layout differs.
 * This file holds what they share, the figures and sentences of a
 * report in words, and compare_print(); the layouts are compare-text.c
 * (text and Markdown), compare-email.c and compare-json.c, and where
 * the sides came from is compare-prov.c.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compare-int.h"
#include "units.h"

char *compare_fmt_val(double v, const char *unit, char *buf, size_t len)
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

char *compare_fmt_ratio(double v, char *buf, size_t len)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else if (isinf(v))
		snprintf(buf, len, "inf");
	else if (fabs(v) >= 1e4) /* the t interval of 2 runs against 1 */
		snprintf(buf, len, "%.3g", v);
	else
		snprintf(buf, len, "%.3f", v);
	return buf;
}

char *compare_fmt_ci(double lo, double hi, char *buf, size_t len)
{
	char a[32], b[32];

	if (isnan(lo) || isnan(hi))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "[%s, %s]",
			 compare_fmt_ratio(lo, a, sizeof(a)),
			 compare_fmt_ratio(hi, b, sizeof(b)));
	return buf;
}

char *compare_fmt_p(double p, char *buf, size_t len)
{
	if (isnan(p))
		snprintf(buf, len, "n/a");
	else if (p < 1e-4)
		snprintf(buf, len, "<0.0001");
	else
		snprintf(buf, len, "%.4f", p);
	return buf;
}

char *compare_fmt_noise(const struct compare_row *r, char *buf, size_t len)
{
	buf[0] = '\0';
	/* one run a side: the verdict rests on noise assumed, say how much */
	if (!isnan(r->p) && !r->run_noise_measured && !isnan(r->run_noise))
		snprintf(buf, len, "assumes %.2g%% run noise",
			 r->run_noise * 100);
	return buf;
}

/* A fitted slope: small and signed, so no rounding to whole ns. */
static char *fmt_slope(double v, const char *unit, char *buf, size_t len)
{
	char a[32];

	if (!isnan(v) && fabs(v) < 1000)
		snprintf(buf, len, "%.3g%s", v, unit);
	else if (v < 0) /* a CI bound below 0 keeps its unit: "-2.83us" */
		snprintf(buf, len, "-%s",
			 compare_fmt_val(-v, unit, a, sizeof(a)));
	else
		compare_fmt_val(v, unit, buf, len);
	return buf;
}

bool compare_row_significant(const struct compare_row *r)
{
	return r->verdict == COMPARE_REGRESSION ||
	       r->verdict == COMPARE_IMPROVEMENT || r->verdict == COMPARE_STALL;
}

bool compare_is_stall_row(const struct compare_row *r)
{
	return !strcmp(r->metric, COMPARE_STALL_METRIC);
}

/* A verdict a reader acts on: a change, or a stall on either side. */
static bool verdict_is_change(enum compare_verdict v)
{
	return v == COMPARE_REGRESSION || v == COMPARE_IMPROVEMENT ||
	       v == COMPARE_STALL || v == COMPARE_STALL_BOTH;
}

/*
 * The stalls of the point of row @i changed: its stall row, first among
 * its adjacent rows, is a STALL or an improvement.
 */
static bool point_stalls_changed(const struct compare_scenario *s, size_t i)
{
	size_t k = i;

	while (k > 0 && !strcmp(s->rows[k - 1].point, s->rows[i].point))
		k--;
	return compare_is_stall_row(&s->rows[k]) &&
	       (s->rows[k].verdict == COMPARE_STALL ||
		s->rows[k].verdict == COMPARE_IMPROVEMENT);
}

bool compare_row_shown(const struct compare_opts *o,
		       const struct compare_scenario *s, size_t i)
{
	enum compare_verdict v = s->rows[i].verdict;

	if (!o->changes_only || verdict_is_change(v))
		return true;
	/*
	 * Where a side newly stalls (or stops stalling), the ops left are
	 * few: a wide CI, or no samples at all, is the stall's doing, and
	 * these rows show what the point still measured.
	 */
	return (v == COMPARE_INCONCLUSIVE || v == COMPARE_TOO_FEW_RUNS ||
		v == COMPARE_NOT_COMPARABLE) &&
	       point_stalls_changed(s, i);
}

bool compare_verdict_changed(enum compare_verdict v)
{
	return v == COMPARE_REGRESSION || v == COMPARE_IMPROVEMENT;
}

bool compare_curve_shown(const struct compare_opts *o,
			 const struct compare_curve *c)
{
	return !o->changes_only || compare_verdict_changed(c->verdict);
}

size_t compare_left_out(const struct compare_opts *o,
			const struct compare_scenario *s,
			enum compare_verdict v)
{
	size_t i, n = 0;

	for (i = 0; i < s->nrows; i++)
		n += s->rows[i].verdict == v && !compare_row_shown(o, s, i);
	return n;
}

/* Every verdict, in the order a reader weighs them. */
static const enum compare_verdict verdict_order[] = {
	COMPARE_STALL,	    COMPARE_REGRESSION,	  COMPARE_IMPROVEMENT,
	COMPARE_STALL_BOTH, COMPARE_INCONCLUSIVE, COMPARE_TOO_FEW_RUNS,
	COMPARE_UNCHANGED,  COMPARE_UNTESTED,	  COMPARE_NOT_COMPARABLE,
};

/* "30 of 36 rows (24 unchanged, 6 n/a) and 2 of 2 curves (unchanged)" */
char *compare_left_out_str(const struct compare_opts *o,
			   const struct compare_scenario *s)
{
	char by[256] = "", curves[96] = "";
	size_t i, k, n = 0, nc = 0, used;

	for (k = 0; k < sizeof(verdict_order) / sizeof(*verdict_order); k++) {
		size_t c = compare_left_out(o, s, verdict_order[k]);

		if (!c)
			continue;
		used = strlen(by);
		snprintf(by + used, sizeof(by) - used, "%s%zu %s",
			 used ? ", " : "", c,
			 compare_verdict_name(verdict_order[k]));
		n += c;
	}
	for (i = 0; i < s->ncurves; i++)
		nc += !compare_curve_shown(o, &s->curves[i]);
	if (nc)
		snprintf(curves, sizeof(curves), "%s%zu of %zu curve%s",
			 n ? " and " : "", nc, s->ncurves,
			 s->ncurves == 1 ? "" : "s");
	if (!n && !nc)
		return NULL;
	if (!n)
		return strdup(curves);
	return db_asprintf("%zu of %zu row%s (%s)%s", n, s->nrows,
			   s->nrows == 1 ? "" : "s", by, curves);
}

bool compare_scenario_quiet(const struct compare_opts *o,
			    const struct compare_scenario *s)
{
	size_t i;

	if (!o->changes_only || s->nwarnings || s->npoint_warnings ||
	    s->nonly_base || s->nonly_new || compare_prov_has_notes(s))
		return false;
	for (i = 0; i < s->nrows; i++)
		if (compare_row_shown(o, s, i))
			return false;
	for (i = 0; i < s->ncurves; i++)
		if (compare_curve_shown(o, &s->curves[i]))
			return false;
	return true;
}

const char *compare_only_heading(const struct compare_scenario *s, bool base)
{
	/* the other side's newest run gives the points, if it got there */
	if (!json_is_false(
		    json_object_get(base ? s->new_ : s->base, "complete")))
		return base ? "Points only in base" : "Points only in new";
	return base ? "Points only in base (the incomplete new run did not "
		      "reach them)" :
		      "Points only in new (the incomplete base run did not "
		      "reach them)";
}

const char *compare_dir_name(enum compare_dir d)
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
char *compare_summary_str(const struct compare_report *rep)
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

/*
 * The stalls of one scenario in a sentence, NULL when neither side
 * stalled (or out of memory: the rows still say it).
 */
char *compare_scenario_stalls_str(const struct compare_scenario *s)
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
void compare_runs_sentence(const struct compare_scenario *s,
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

void compare_print_fit(const struct twosample_fit *fit, bool have,
		       const char *unit, char *buf, size_t len)
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

/*
 * "1.201 [1.150, 1.252] p=0.0010 *regression*": the slope ratio with
 * its bootstrap CI and verdict, marked like a row.
 */
char *compare_curve_ratio(const struct compare_curve *c, const char *mark,
			  char *buf, size_t len)
{
	char r[32], ci[64], p[32];
	bool sig = compare_verdict_changed(c->verdict);

	if (c->undefined) {
		snprintf(buf, len,
			 "undefined (the base slope's 95%% CI "
			 "reaches 0)");
		return buf;
	}
	compare_fmt_ratio(c->slope_ratio, r, sizeof(r));
	if (isnan(c->ci_lo)) {
		snprintf(buf, len, "%s", r);
		return buf;
	}
	if (!mark) {
		snprintf(buf, len, "%s %s p=%s", r,
			 compare_fmt_ci(c->ci_lo, c->ci_hi, ci, sizeof(ci)),
			 compare_fmt_p(c->p, p, sizeof(p)));
		return buf;
	}
	snprintf(buf, len, "%s %s p=%s %s%s%s", r,
		 compare_fmt_ci(c->ci_lo, c->ci_hi, ci, sizeof(ci)),
		 compare_fmt_p(c->p, p, sizeof(p)), sig ? mark : "",
		 compare_verdict_name(c->verdict), sig ? mark : "");
	return buf;
}

/* "path" or "3 runs: a.json, b.json, c.json" (base names). */
char *compare_files_str(char *const *paths, size_t n, const char *one)
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

/*
 * Word-wrap @text to @cols: the first line after @first, the others
 * after @rest. A word longer than a line (a path) is never cut, which
 * would break it for whoever copies it: it has a line of its own, and
 * goes past @cols.
 */
void compare_wrap(FILE *f, size_t cols, const char *first, const char *rest,
		  const char *text)
{
	const char *p = text, *prefix = first;

	while (*p) {
		size_t plen = strlen(prefix), len, cut;
		/* a prefix near the width still gets a few columns */
		size_t room = cols > plen + 8 ? cols - plen : 8;

		while (*p == ' ')
			p++;
		len = strlen(p);
		if (len <= room) {
			cut = len;
		} else {
			for (cut = room; cut > 0 && p[cut] != ' '; cut--)
				;
			if (!cut)
				cut = strcspn(p, " ");
		}
		fprintf(f, "%s%.*s\n", prefix, (int)cut, p);
		p += cut;
		prefix = rest;
	}
}

/*
 * A command line of shell words to @cols: the first line after @first,
 * the others after @rest, a line that goes on ending in " \" so that
 * the whole pastes into a shell as it is. Words are never cut: one
 * longer than a line goes past it.
 */
void compare_wrap_cmd(FILE *f, size_t cols, const char *first, const char *rest,
		      char *const *words, size_t n)
{
	size_t i, col = strlen(first), len;

	fputs(first, f);
	for (i = 0; i < n; i++) {
		len = strlen(words[i]);
		/* room for the word, and for " \" unless it is the last */
		if (i && col + 1 + len + (i + 1 < n ? 2 : 0) > cols) {
			fprintf(f, " \\\n%s", rest);
			col = strlen(rest);
		} else if (i) {
			fputc(' ', f);
			col++;
		}
		fputs(words[i], f);
		col += len;
	}
	fputc('\n', f);
}
