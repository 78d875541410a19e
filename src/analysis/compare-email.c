// SPDX-License-Identifier: GPL-2.0-only
/*
 * compare's email layout: plain ASCII, word-wrapped to 72 columns, a
 * block per metric instead of a wide table, so that it can be pasted
 * into a review reply unchanged.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "compare-int.h"

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
	compare_wrap(f, COMPARE_EMAIL_COLS, first, rest, text);
}

/* A verdict as the email marks it: plain text, no Markdown */
static const char *email_verdict(enum compare_verdict v)
{
	return v == COMPARE_REGRESSION	? "** REGRESSION **" :
	       v == COMPARE_IMPROVEMENT ? "** improvement **" :
					  compare_verdict_name(v);
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
	char v[6][32], ratio[32], ci[64], p[32], noise[48];

	if (r->verdict == COMPARE_NOT_COMPARABLE) {
		wrapf(f, "  ", "      ", "%s: not comparable: %s", r->metric,
		      r->note);
		return;
	}
	if (compare_is_stall_row(r)) {
		wrapf(f, "  ", "    ", "%s: %s", r->metric,
		      r->verdict == COMPARE_STALL ?
			      "** STALL **" :
		      r->verdict == COMPARE_IMPROVEMENT ?
			      "** improvement **" :
			      compare_verdict_name(r->verdict));
		wrapf(f, "    ", "      ", "%s", r->note ? r->note : "");
		return;
	}
	/* a time prints in the unit that suits each value: none to name */
	if (!strcmp(r->unit, "ns"))
		wrapf(f, "  ", "    ", "%s (a time, %s)", r->metric,
		      compare_dir_name(r->dir));
	else
		wrapf(f, "  ", "    ", "%s (%s, %s)", r->metric,
		      *r->unit ? r->unit : "-", compare_dir_name(r->dir));
	fprintf(f, "    %-10s %8s %12s %12s %12s\n", "", "n", "p50", "p90",
		"p99");
	fprintf(f, "    %-10s %8zu %12s %12s %12s\n", "base", r->base.n,
		compare_fmt_val(r->base.p50, r->unit, v[0], 32),
		compare_fmt_val(r->base.p90, r->unit, v[1], 32),
		compare_fmt_val(r->base.p99, r->unit, v[2], 32));
	fprintf(f, "    %-10s %8zu %12s %12s %12s\n", "new", r->new_.n,
		compare_fmt_val(r->new_.p50, r->unit, v[3], 32),
		compare_fmt_val(r->new_.p90, r->unit, v[4], 32),
		compare_fmt_val(r->new_.p99, r->unit, v[5], 32));
	if (isnan(r->p)) {
		wrapf(f, "    ", "      ", "new/base %s  (no test: %s)",
		      compare_fmt_ratio(r->ratio, ratio, sizeof(ratio)),
		      r->note ? r->note : "n/a");
		return;
	}
	compare_fmt_noise(r, noise, sizeof(noise));
	wrapf(f, "    ", "      ", "new/base %s %s  p=%s  %s%s%s%s",
	      compare_fmt_ratio(r->ratio, ratio, sizeof(ratio)),
	      compare_fmt_ci(r->ci_lo, r->ci_hi, ci, sizeof(ci)),
	      compare_fmt_p(r->p, p, sizeof(p)), email_verdict(r->verdict),
	      *noise ? " (" : "", noise, *noise ? ")" : "");
	if (r->note)
		wrapf(f, "      (", "       ", "%s)", r->note);
}

/* The command line of result @r, ASCII, or "not recorded". */
static void email_cmdline(FILE *f, const char *side, const json_t *r)
{
	char *tool = compare_tool_str(r), **words, first[64];
	size_t nw, i;

	snprintf(first, sizeof(first), "%s command (%s): ", side,
		 tool ? tool : "?");
	free(tool);
	if (compare_cmdline_words(r, &words, &nw)) {
		wrapf(f, first, "  ", "not recorded");
		return;
	}
	for (i = 0; i < nw; i++)
		ascii(words[i]);
	ascii(first);
	compare_wrap_cmd(f, COMPARE_EMAIL_COLS, first, "  ", words, nw);
	compare_strv_free(words, nw);
}

/* A scenario's files, commands, runs, notes, warnings and stalls. */
static void email_scenario_head(const struct compare_scenario *s,
				const struct compare_opts *o, FILE *f)
{
	char runs[512], *bfiles, *nfiles, *bp, *np, *note, **notes;
	size_t k, nnotes;

	compare_runs_sentence(s, o, runs, sizeof(runs));
	bfiles = compare_files_str(s->base_paths, s->nbase_runs,
				   base_name(s->base_path));
	nfiles = compare_files_str(s->new_paths, s->nnew_runs,
				   base_name(s->new_path));
	bp = compare_prov_str(s->base);
	np = compare_prov_str(s->new_);
	wrapf(f, "base file: ", "  ", "%s%s", bfiles ? bfiles : "?",
	      bp ? bp : "");
	wrapf(f, "new file:  ", "  ", "%s%s", nfiles ? nfiles : "?",
	      np ? np : "");
	email_cmdline(f, "base", s->base);
	email_cmdline(f, "new", s->new_);
	wrapf(f, "runs: ", "  ", "%s", runs);
	free(bfiles);
	free(nfiles);
	free(bp);
	free(np);
	if (compare_prov_notes(s, &notes, &nnotes))
		wrapf(f, "NOTE: ", "  ", "out of memory");
	for (k = 0; k < nnotes; k++)
		wrapf(f, "NOTE: ", "  ", "%s", notes[k]);
	compare_strv_free(notes, nnotes);
	for (k = 0; k < s->nwarnings; k++)
		wrapf(f, "WARNING: ", "  ", "%s", s->warnings[k]);
	note = compare_scenario_stalls_str(s);
	if (note)
		wrapf(f, "STALLS: ", "  ", "%s.", note);
	free(note);
}

/* A scenario's scan-cost curves, a block each. */

static void email_curves(const struct compare_scenario *s,
			 const struct compare_opts *o, FILE *f)
{
	char bf[128], nf[128], ratio[160];
	bool any = false;
	size_t k;

	for (k = 0; k < s->ncurves; k++) {
		const struct compare_curve *c = &s->curves[k];

		if (!compare_curve_shown(o, c))
			continue;
		if (!any)
			wrapf(f, "\n", "",
			      "Curves: cost = a + b * xarray entries, fitted "
			      "to per-point medians:");
		any = true;

		compare_print_fit(&c->base, c->have_base, "ns", bf, sizeof(bf));
		compare_print_fit(&c->new_, c->have_new, "ns", nf, sizeof(nf));
		wrapf(f, "  ", "    ", "%s, %s per entry:", c->group,
		      c->metric);
		wrapf(f, "    base b = ", "      ", "%s", bf);
		wrapf(f, "    new  b = ", "      ", "%s", nf);
		/* marked as a row is; a ratio without a CI has no verdict */
		compare_curve_ratio(c, NULL, ratio, sizeof(ratio));
		wrapf(f, "    slope new/base ", "      ", "%s%s%s%s", ratio,
		      isnan(c->ci_lo) ? "" : " ",
		      isnan(c->ci_lo) ? "" : email_verdict(c->verdict),
		      c->disjoint ? " (CIs do not overlap)" : "");
	}
}

/* "Heading:" and an item per line, nothing when @n is 0. */
static void email_list(FILE *f, const char *heading, char *const *v, size_t n)
{
	size_t i;

	if (n)
		wrapf(f, "", "  ", "%s:", heading);
	for (i = 0; i < n; i++)
		wrapf(f, "  ", "    ", "%s", v[i]);
}

/* A scenario: its head, its rows by point, its lists and curves. */
static void email_scenario(const struct compare_scenario *s,
			   const struct compare_opts *o, FILE *f)
{
	const char *last = "";
	char *left = compare_left_out_str(o, s);
	size_t k;

	fputc('\n', f);
	wrapf(f, "=== ", "    ", "%s ===", s->name);
	if (compare_scenario_quiet(o, s)) {
		wrapf(f, "no changes; not shown: ", "  ", "%s",
		      left ? left : "nothing");
		free(left);
		return;
	}
	email_scenario_head(s, o, f);
	for (k = 0; k < s->nrows; k++) {
		if (!compare_row_shown(o, s, k))
			continue;
		if (strcmp(last, s->rows[k].point)) {
			last = s->rows[k].point;
			wrapf(f, "\n[", " ", "%s]", last);
		}
		email_row(&s->rows[k], f);
	}
	for (k = 0; k < s->npoint_warnings; k++)
		wrapf(f, "warning: ", "  ", "%s", s->point_warnings[k]);
	email_list(f, compare_only_heading(s, true), s->only_base,
		   s->nonly_base);
	email_list(f, compare_only_heading(s, false), s->only_new,
		   s->nonly_new);
	email_curves(s, o, f);
	if (left)
		wrapf(f, "\nnot shown (--changes-only): ", "  ", "%s", left);
	free(left);
}

void compare_print_email(const struct compare_report *rep, FILE *f)
{
	const struct compare_opts *o = &rep->opts;
	char *sum;
	size_t i;

	fputs("daxbench compare\n", f);
	wrapf(f, "base: ", "      ", "%s", rep->base_label);
	wrapf(f, "new:  ", "      ", "%s", rep->new_label);
	wrapf(f, "", "",
	      "Rule: a change needs the whole 95%% CI of new/base (medians) "
	      "beyond %g%% and p < %g, with the run as the unit of "
	      "replication. Lower is better for every metric but "
	      "pinner_iops.",
	      o->threshold * 100, o->alpha);
	if (o->changes_only)
		wrapf(f, "", "", "Shown: the changes alone (--changes-only).");
	sum = compare_summary_str(rep);
	wrapf(f, "", "  ", "%s", sum ? sum : "Summary: out of memory");
	free(sum);
	for (i = 0; i < rep->nscn; i++)
		email_scenario(&rep->scn[i], o, f);
	for (i = 0; i < rep->nonly_base; i++)
		wrapf(f, "\nscenario only in base: ", "  ", "%s",
		      rep->only_base[i]);
	for (i = 0; i < rep->nonly_new; i++)
		wrapf(f, "\nscenario only in new: ", "  ", "%s",
		      rep->only_new[i]);
}
