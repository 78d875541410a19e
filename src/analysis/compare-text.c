// SPDX-License-Identifier: GPL-2.0-only
/*
 * compare's text and Markdown layouts. Text fits COMPARE_TEXT_COLS
 * columns: under each point a line per metric with the medians, the
 * ratio new/base, its CI, p and the verdict, significant changes
 * marked *like this* (mmtests' compare-kernels style), then a line with
 * n, p90 and p99 from base to new; prose is word-wrapped. Markdown
 * keeps one table row per metric with every figure and **bold** marks:
 * a table row cannot be wrapped, and a renderer lays it out. Then the
 * notes, warnings and scan-cost curves of each scenario.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare-int.h"

#define CELL 96
#define COLS COMPARE_TEXT_COLS
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
	NCOLS, /* the Markdown table's columns; text's n, apart: */
	C_NB = NCOLS,
	C_NNEW,
	NCELLS
};

static const char *const col_head[NCOLS] = {
	"point",    "metric",  "n b/n",	   "base p50", "new p50",
	"base p90", "new p90", "base p99", "new p99",  "new/base",
	"95% CI",   "p",       "verdict",
};

/* The text table's line of a metric: these cells, the first left-aligned */
static const int text_main[] = { C_METRIC, C_BP50, C_NP50,   C_RATIO,
				 C_CI,	   C_P,	   C_VERDICT };
#define NMAIN (sizeof(text_main) / sizeof(*text_main))

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
		      char cell[NCELLS][CELL])
{
	char ratio[32];
	bool none = r->verdict == COMPARE_NOT_COMPARABLE && !r->base.n &&
		    !r->new_.n;

	snprintf(cell[C_POINT], CELL, "%s", r->point);
	snprintf(cell[C_METRIC], CELL, "%s", r->metric);
	if (none)
		snprintf(cell[C_N], CELL, "-");
	else
		snprintf(cell[C_N], CELL, "%zu/%zu", r->base.n, r->new_.n);
	snprintf(cell[C_NB], CELL, none ? "-" : "%zu", r->base.n);
	snprintf(cell[C_NNEW], CELL, none ? "-" : "%zu", r->new_.n);
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

/* @text word-wrapped to the text width after @first, then @rest */
static void wrap(FILE *f, const char *first, const char *rest, const char *text)
{
	compare_wrap(f, COLS, first, rest, text ? text : "out of memory");
}

static void print_md_table(const struct compare_scenario *s,
			   const struct compare_opts *o,
			   char (*cells)[NCELLS][CELL], FILE *f)
{
	char noise[48];
	size_t i, c;

	fputs("|", f);
	for (c = 0; c < NCOLS; c++)
		fprintf(f, " %s |", col_head[c]);
	fputs("\n|", f);
	for (c = 0; c < NCOLS; c++)
		fputs(c < C_N || c == C_VERDICT ? "---|" : "---:|", f);
	fputc('\n', f);
	for (i = 0; i < s->nrows; i++) {
		if (!compare_row_shown(o, s, i))
			continue;
		/* a verdict on noise assumed says so after it */
		compare_fmt_noise(&s->rows[i], noise, sizeof(noise));
		fputs("|", f);
		for (c = 0; c < NCOLS; c++) {
			bool v = c == C_VERDICT && *noise;

			fprintf(f, " %s%s%s%s |", cells[i][c], v ? " (" : "",
				v ? noise : "", v ? ")" : "");
		}
		fputc('\n', f);
	}
}

/* A metric's line: its main cells in columns of @w, no trailing blanks. */
static void print_main(FILE *f, char cell[NCELLS][CELL], const size_t *w)
{
	size_t k;

	for (k = 0; k < NMAIN; k++) {
		int c = text_main[k];

		if (!k)
			fprintf(f, "  %-*s", (int)w[c], cell[c]);
		else if (k + 1 < NMAIN)
			fprintf(f, "  %*s", (int)w[c], cell[c]);
		else
			fprintf(f, "  %s\n", cell[c]);
	}
}

/* Under a stall row: "why  wake missing 2 -> never idle 1", if said. */
static void print_diagnoses(FILE *f, const struct compare_row *r)
{
	char b[160], n[160];

	compare_diag_str(&r->stalls_base, "", b, sizeof(b));
	compare_diag_str(&r->stalls_new, "", n, sizeof(n));
	if (*b || *n)
		fprintf(f, "      why    %s -> %s\n", *b ? b : "-",
			*n ? n : "-");
}

/*
 * Under a metric's line, "n 40 -> 40   p90 1.20ms -> 1.30ms   p99 ...",
 * in columns of @w; the figures neither side has are left out.
 */
static void print_detail(FILE *f, const struct compare_row *r,
			 char cell[NCELLS][CELL], const size_t *w)
{
	static const struct {
		const char *name;
		int b, n;
	} pair[] = {
		{ "n", C_NB, C_NNEW },
		{ "p90", C_BP90, C_NP90 },
		{ "p99", C_BP99, C_NP99 },
	};
	char line[8 * CELL]; /* three pairs of cells and their labels */
	char noise[48];
	size_t k, used = 0;

	for (k = 0; k < sizeof(pair) / sizeof(*pair); k++) {
		const char *b = cell[pair[k].b], *n = cell[pair[k].n];

		if (!strcmp(b, "-") && !strcmp(n, "-"))
			continue;
		used += (size_t)snprintf(
			line + used, sizeof(line) - used, "%s%-3s %*s -> %-*s",
			used ? "   " : "",
			k || !compare_is_stall_row(r) ? pair[k].name : "ops",
			(int)w[pair[k].b], b, (int)w[pair[k].n], n);
		if (used >= sizeof(line)) {
			used = sizeof(line) - 1; /* cut: cannot happen */
			break;
		}
	}
	while (used && line[used - 1] == ' ')
		line[--used] = '\0';
	/* a verdict on noise assumed says so under it, where there is room */
	compare_fmt_noise(r, noise, sizeof(noise));
	if (*noise && 6 + used + 11 + strlen(noise) <= COLS)
		fprintf(f, "      %s   verdict %s\n", line, noise);
	else if (used)
		fprintf(f, "      %s\n", line);
	if (*noise && 6 + used + 11 + strlen(noise) > COLS)
		fprintf(f, "      verdict %s\n", noise);
	if (compare_is_stall_row(r))
		print_diagnoses(f, r);
}

static void print_text_table(const struct compare_scenario *s,
			     const struct compare_opts *o,
			     char (*cells)[NCELLS][CELL], FILE *f)
{
	char head[NCELLS][CELL];
	size_t w[NCELLS], i, c;
	const char *last = NULL;

	for (c = 0; c < NCELLS; c++) {
		snprintf(head[c], CELL, "%s", c < NCOLS ? col_head[c] : "");
		w[c] = strlen(head[c]);
	}
	for (i = 0; i < s->nrows; i++)
		for (c = 0; compare_row_shown(o, s, i) && c < NCELLS; c++)
			if (strlen(cells[i][c]) > w[c])
				w[c] = strlen(cells[i][c]);
	fputc('\n', f);
	print_main(f, head, w);
	for (i = 0; i < s->nrows; i++) {
		const struct compare_row *r = &s->rows[i];

		if (!compare_row_shown(o, s, i))
			continue;
		if (!last || strcmp(last, r->point))
			wrap(f, "", "    ", r->point);
		last = r->point;
		print_main(f, cells[i], w);
		print_detail(f, r, cells[i], w);
	}
}

static void print_table(const struct compare_scenario *s,
			const struct compare_opts *o, bool md, FILE *f)
{
	char(*cells)[NCELLS][CELL];
	size_t i, shown = 0;

	for (i = 0; i < s->nrows; i++)
		shown += compare_row_shown(o, s, i);
	if (!shown)
		return;
	cells = calloc(s->nrows, sizeof(*cells));
	if (!cells)
		return; /* the caller's ferror() check reports nothing lost */
	for (i = 0; i < s->nrows; i++)
		if (compare_row_shown(o, s, i))
			row_cells(&s->rows[i], md ? "**" : "*", cells[i]);
	if (md)
		print_md_table(s, o, cells, f);
	else
		print_text_table(s, o, cells, f);
	free(cells);
}

/* Shown row @i repeats the metric and note of an earlier shown row. */
static bool note_seen(const struct compare_scenario *s,
		      const struct compare_opts *o, size_t i)
{
	size_t k;

	for (k = 0; k < i; k++)
		if (s->rows[k].note && compare_row_shown(o, s, k) &&
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
	for (i = 0; i < n; i++) {
		if (md)
			fprintf(f, "- %s\n", v[i]);
		else
			wrap(f, "  ", "    ", v[i]);
	}
}

/* One line per distinct note of the shown rows: one reason, many points. */
static void print_notes(const struct compare_scenario *s,
			const struct compare_opts *o, bool md, FILE *f)
{
	size_t i, k, same;
	bool any = false;
	char *t;

	for (i = 0; i < s->nrows; i++) {
		const struct compare_row *r = &s->rows[i];

		if (!r->note || !compare_row_shown(o, s, i) ||
		    note_seen(s, o, i))
			continue;
		for (k = i + 1, same = 1; k < s->nrows; k++)
			same += s->rows[k].note && compare_row_shown(o, s, k) &&
				!strcmp(s->rows[k].metric, r->metric) &&
				!strcmp(s->rows[k].note, r->note);
		if (!any)
			fprintf(f, "\n%s\n", md ? "**Notes:**\n" : "Notes:");
		any = true;
		if (same > 1)
			t = db_asprintf("%s (%zu points): %s", r->metric, same,
					r->note);
		else
			t = db_asprintf("%s, %s: %s", r->metric, r->point,
					r->note);
		if (md)
			fprintf(f, "- %s\n", t ? t : "out of memory");
		else
			wrap(f, "  ", "    ", t);
		free(t);
	}
}

static void print_lists(const struct compare_scenario *s,
			const struct compare_opts *o, bool md, FILE *f)
{
	char *left = compare_left_out_str(o, s);

	print_notes(s, o, md, f);
	print_list(f, md, "Warnings of the points above", s->point_warnings,
		   s->npoint_warnings);
	print_list(f, md, compare_only_heading(s, true), s->only_base,
		   s->nonly_base);
	print_list(f, md, compare_only_heading(s, false), s->only_new,
		   s->nonly_new);
	if (left)
		fputc('\n', f);
	if (left && md)
		fprintf(f, "**Not shown (--changes-only):** %s.\n", left);
	else if (left)
		wrap(f, "Not shown (--changes-only): ", "  ", left);
	free(left);
}

static void print_curves(const struct compare_scenario *s,
			 const struct compare_opts *o, bool md, FILE *f)
{
	char bf[128], nf[128], ratio[160], *t;
	bool any = false;
	size_t i;

	for (i = 0; i < s->ncurves; i++) {
		const struct compare_curve *c = &s->curves[i];
		const char *unit = strcmp(c->metric, "busy_scan_calls") ? "ns" :
									  "";

		if (!compare_curve_shown(o, c))
			continue;
		if (!any && md)
			fputs("\n**Curves: cost = a + b * xarray entries, "
			      "fitted to the per-point medians**\n\n"
			      "| group | metric | base b [95% CI] | "
			      "new b [95% CI] | slope new/base |\n"
			      "|---|---|---:|---:|---:|\n",
			      f);
		else if (!any)
			fputs("\nCurves: cost = a + b * xarray entries, fitted "
			      "to the per-point medians\n",
			      f);
		any = true;
		compare_print_fit(&c->base, c->have_base, unit, bf, sizeof(bf));
		compare_print_fit(&c->new_, c->have_new, unit, nf, sizeof(nf));
		compare_curve_ratio(c, md ? "**" : "*", ratio, sizeof(ratio));
		if (md) {
			fprintf(f, "| %s | %s per entry | %s | %s | %s%s |\n",
				c->group, c->metric, bf, nf, ratio,
				c->disjoint ? " (CIs disjoint)" : "");
			continue;
		}
		t = db_asprintf("%s, %s per entry:", c->group, c->metric);
		wrap(f, "  ", "    ", t);
		free(t);
		wrap(f, "    base b = ", "      ", bf);
		wrap(f, "    new  b = ", "      ", nf);
		t = db_asprintf("%s%s", ratio,
				c->disjoint ? " (the CIs do not overlap)" : "");
		wrap(f, "    slope new/base ", "      ", t);
		free(t);
	}
}

static void print_header(const struct compare_report *rep, bool md, FILE *f)
{
	const struct compare_opts *o = &rep->opts;
	char *t;

	if (md) {
		fprintf(f, "# daxbench compare\n\n- base: %s\n- new: %s\n",
			rep->base_label, rep->new_label);
		compare_print_md_rule(rep, f);
		return;
	}
	fputs("daxbench compare\n", f);
	wrap(f, "base: ", "      ", rep->base_label);
	wrap(f, "new:  ", "      ", rep->new_label);
	t = db_asprintf("a change needs the whole 95%% CI of new/base "
			"(medians) beyond %g%% and p < %g; significant "
			"changes are marked *like this*; under each metric: "
			"n, p90 and p99, base -> new",
			o->threshold * 100, o->alpha);
	wrap(f, "rule: ", "      ", t);
	free(t);
	if (o->changes_only)
		wrap(f, "shown: ", "       ",
		     "the changes alone (--changes-only); the summary counts "
		     "every comparison");
}

/* @text as a Markdown code span, fenced longer than any ` run in it */
static void md_code(FILE *f, const char *text)
{
	const char *fence = strchr(text, '`') ? "`` " : "`";

	fprintf(f, "%s%s%s", fence, text, strchr(text, '`') ? " ``" : "`");
}

/* @n words joined by spaces; malloc'd, NULL when out of memory */
static char *join_words(char *const *w, size_t n)
{
	size_t i, len = 1;
	char *out;

	for (i = 0; i < n; i++)
		len += strlen(w[i]) + 1;
	out = malloc(len);
	if (!out)
		return NULL;
	*out = '\0';
	for (i = 0; i < n; i++) {
		if (i)
			strcat(out, " ");
		strcat(out, w[i]);
	}
	return out;
}

/* A side's command line (Markdown: a nested item), or "not recorded". */
static void print_cmdline(FILE *f, bool md, const json_t *r)
{
	char *tool = compare_tool_str(r), **words, *t, *j;
	size_t nw;
	int rc = compare_cmdline_words(r, &words, &nw);

	t = db_asprintf("%scommand (%s): ", md ? "    - " : "      ",
			tool ? tool : "?");
	if (rc || md)
		fputs(t ? t : "", f);
	if (rc) {
		fputs("not recorded\n", f);
	} else if (md) {
		j = join_words(words, nw);
		md_code(f, j ? j : "?");
		fputc('\n', f);
		free(j);
	} else {
		compare_wrap_cmd(f, COLS, t ? t : "      command: ", "        ",
				 words, nw);
	}
	free(t);
	free(tool);
	compare_strv_free(words, nw);
}

/*
 * A side's files and where its newest run came from: the build, the
 * scenario file's digest, the command line or "not recorded", and for
 * a kernel built by --kernel-source, what it was built of.
 */
static void print_side(FILE *f, bool md, const char *side, char *const *paths,
		       size_t n, const char *path, const json_t *r)
{
	char *files = compare_files_str(paths, n, path);
	char *prov = compare_prov_str(r), *t, *kb;

	if (md) {
		fprintf(f, "- %s: ", side);
		md_code(f, files ? files : "?");
		fprintf(f, "%s\n", prov ? prov : "");
	} else {
		t = db_asprintf("%s%s", files ? files : "?", prov ? prov : "");
		wrap(f, !strcmp(side, "base") ? "base: " : "new:  ", "      ",
		     t);
		free(t);
	}
	print_cmdline(f, md, r);
	kb = compare_kbuild_label(r);
	if (kb && md)
		fprintf(f, "    - kernel build: %s\n", kb);
	else if (kb)
		wrap(f, "      kernel build: ", "        ", kb);
	free(kb);
	free(files);
	free(prov);
}

/* The notes, warnings and stalls of @s above its table. */
static void print_notices(const struct compare_scenario *s, bool md, FILE *f)
{
	char **notes = NULL, *st, *t;
	size_t k, nnotes = 0;

	if (compare_prov_notes(s, &notes, &nnotes))
		fputs(md ? "> **Note:** out of memory\n\n" :
			   "NOTE: out of memory\n",
		      f);
	for (k = 0; k < nnotes; k++)
		if (md)
			fprintf(f, "> **Note:** %s\n\n", notes[k]);
		else
			wrap(f, "NOTE: ", "      ", notes[k]);
	compare_strv_free(notes, nnotes);
	for (k = 0; k < s->nwarnings; k++)
		if (md)
			fprintf(f, "> **WARNING:** %s\n\n", s->warnings[k]);
		else
			wrap(f, "WARNING: ", "         ", s->warnings[k]);
	st = compare_scenario_stalls_str(s);
	if (st && md)
		fprintf(f, "**STALLS:** %s.\n\n", st);
	else if (st) {
		t = db_asprintf("%s.", st);
		wrap(f, "STALLS: ", "        ", t);
		free(t);
	}
	free(st);
}

/*
 * A scenario's heading: Markdown gets an id report links to, and a
 * heading of @level '#'s.
 */
static void print_scenario_head(const struct compare_report *rep,
				const struct compare_scenario *s, bool md,
				int level, FILE *f)
{
	char *id;

	if (md) {
		/* an id of our own: renderers name headings variously */
		id = compare_scenario_anchor(rep, s->name);
		fprintf(f, "<a id=\"%s\"></a>\n\n%.*s %s\n\n", id ? id : "",
			level, "######", s->name);
		free(id);
	} else {
		fprintf(f, "\n== %s ==\n", s->name);
	}
}

static void print_scenario(const struct compare_report *rep,
			   const struct compare_scenario *s, bool md, int level,
			   FILE *f)
{
	char runs[512], *left;

	print_scenario_head(rep, s, md, level, f);
	if (compare_scenario_quiet(&rep->opts, s)) {
		/* --changes-only and nothing changed: say so in one line */
		left = compare_left_out_str(&rep->opts, s);
		if (md)
			fprintf(f, "No changes; not shown: %s.\n\n",
				left ? left : "nothing");
		else
			wrap(f, "no changes; not shown: ", "  ",
			     left ? left : "nothing");
		free(left);
		return;
	}
	compare_runs_sentence(s, &rep->opts, runs, sizeof(runs));
	print_side(f, md, "base", s->base_paths, s->nbase_runs, s->base_path,
		   s->base);
	print_side(f, md, "new", s->new_paths, s->nnew_runs, s->new_path,
		   s->new_);
	if (md)
		fprintf(f, "- runs: %s\n\n", runs);
	else
		wrap(f, "runs: ", "      ", runs);
	print_notices(s, md, f);
	print_table(s, &rep->opts, md, f);
	print_lists(s, &rep->opts, md, f);
	print_curves(s, &rep->opts, md, f);
	if (md)
		fputc('\n', f);
}

/* "Scenario only in base: NAME (PATH)" for each of @v */
static void print_only_scenarios(FILE *f, bool md, const char *side,
				 char *const *v, size_t n)
{
	char first[32];
	size_t i;

	snprintf(first, sizeof(first), "Scenario only in %s: ", side);
	for (i = 0; i < n; i++) {
		fputs(md ? "- " : "\n", f);
		if (md)
			fprintf(f, "%s%s\n", first, v[i]);
		else
			wrap(f, first, "  ", v[i]);
	}
}

void compare_print_tabular(const struct compare_report *rep, bool md, FILE *f)
{
	char *t;
	size_t i;

	print_header(rep, md, f);
	for (i = 0; i < rep->nscn; i++)
		print_scenario(rep, &rep->scn[i], md, 2, f);
	print_only_scenarios(f, md, "base", rep->only_base, rep->nonly_base);
	print_only_scenarios(f, md, "new", rep->only_new, rep->nonly_new);
	fputc('\n', f);
	t = compare_summary_str(rep);
	if (md)
		fprintf(f, "%s\n", t ? t : "Summary: out of memory");
	else
		wrap(f, "", "  ", t ? t : "Summary: out of memory");
	free(t);
}

/*
 * For report, which gives its document one H1 of its own and sets each
 * scenario's figures beside the scenario's table: the rule of the
 * Markdown header as a list, and one scenario's section alone under a
 * heading of @level '#'s, as compare_print_tabular() prints them.
 */
void compare_print_md_rule(const struct compare_report *rep, FILE *f)
{
	fprintf(f,
		"- rule: a change needs the whole 95%% CI of the ratio "
		"new/base of medians beyond %g%% and p < %g; the run is the "
		"unit of replication (see each scenario for how its runs "
		"were treated)\n"
		"- metrics: %s\n%s\n",
		rep->opts.threshold * 100, rep->opts.alpha,
		compare_metric_names(),
		rep->opts.changes_only ?
			"- shown: the changes alone (--changes-only); the "
			"summary counts every comparison\n" :
			"");
}

void compare_print_md_scenario(const struct compare_report *rep,
			       const struct compare_scenario *s, int level,
			       FILE *f)
{
	print_scenario(rep, s, true, level < 1 ? 1 : level > 6 ? 6 : level, f);
}
