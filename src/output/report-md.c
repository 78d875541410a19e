// SPDX-License-Identifier: GPL-2.0-only
/*
 * report.md (see report.h): the headline counts, the findings linked to
 * their tables and figures, the environment of both sides, then each
 * scenario's table (compare's Markdown), provenance and figures
 * together; with several new sides, the summary table and then a
 * section per pair, a heading level down. One H1 heads the document.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "units.h"

static const char *jstr(const json_t *o, const char *a, const char *b)
{
	const json_t *v = json_object_get(o, a);
	const char *s;

	if (b)
		v = json_object_get(v, b);
	s = json_string_value(v);
	if (s)
		return s;
	if (json_is_boolean(v))
		return json_is_true(v) ? "yes" : "no";
	return json_is_null(v) ? "none" : "-";
}

static void env_row(FILE *f, const char *what, const char *b, const char *n)
{
	fprintf(f, "| %s | %s | %s |\n", what, b, n);
}

/* "#" @n times: a heading of level @n. */
static const char *hashes(int n)
{
	static const char h[] = "######";

	return h + sizeof(h) - 1 - (n < 1 ? 1 : n > 6 ? 6 : n);
}

/* What a kernel built from source was made of, when either side was. */
static void kbuild_row(FILE *f, const json_t *b, const json_t *n)
{
	char *bk = compare_kbuild_label(b), *nk = compare_kbuild_label(n);

	if (bk || nk)
		env_row(f, "kernel build", bk ? bk : "-", nk ? nk : "-");
	free(bk);
	free(nk);
}

/* The environment of both sides of the first compared scenario. */
static void environment(FILE *f, const struct report_pair *p)
{
	const struct compare_report *rep = p->rep;
	const json_t *b = rep->scn[0].base, *n = rep->scn[0].new_;
	const json_t *bh = json_object_get(b, "host");
	const json_t *nh = json_object_get(n, "host");
	const json_t *bt = json_object_get(b, "target");
	const json_t *nt = json_object_get(n, "target");
	char bm[32], nm[32];

	fprintf(f, "%s Environment\n\n| | base | new |\n|---|---|---|\n",
		hashes(p->level));
	env_row(f, "kernel", jstr(bh, "kernel", "release"),
		jstr(nh, "kernel", "release"));
	env_row(f, "kernel version", jstr(bh, "kernel", "version"),
		jstr(nh, "kernel", "version"));
	env_row(f, "daxbench vm",
		json_is_object(json_object_get(bh, "vm")) ?
			jstr(bh, "vm", "accel") :
			"no",
		json_is_object(json_object_get(nh, "vm")) ?
			jstr(nh, "vm", "accel") :
			"no");
	env_row(f, "machine", compare_machine_label(bh),
		compare_machine_label(nh));
	env_row(f, "VM kernel", jstr(bh, "vm", "kernel"),
		jstr(nh, "vm", "kernel"));
	kbuild_row(f, b, n);
	env_row(f, "cpu", jstr(bh, "cpu", NULL), jstr(nh, "cpu", NULL));
	units_fmt_size((uint64_t)json_integer_value(
			       json_object_get(bh, "memory_bytes")),
		       bm, sizeof(bm));
	units_fmt_size((uint64_t)json_integer_value(
			       json_object_get(nh, "memory_bytes")),
		       nm, sizeof(nm));
	env_row(f, "memory", bm, nm);
	env_row(f, "filesystem", jstr(bt, "fs", NULL), jstr(nt, "fs", NULL));
	env_row(f, "device", jstr(bt, "device", NULL),
		jstr(nt, "device", NULL));
	env_row(f, "mount options", jstr(bt, "mount_options", NULL),
		jstr(nt, "mount_options", NULL));
	env_row(f, "DAX", jstr(bt, "dax", NULL), jstr(nt, "dax", NULL));
	env_row(f, "daxbench", jstr(b, "tool", "version"),
		jstr(n, "tool", "version"));
	env_row(f, "daxbench git", jstr(b, "tool", "git"),
		jstr(n, "tool", "git"));
	fputs("\nEach scenario's section says which command line and "
	      "scenario file made its results.\n\n",
	      f);
}

/* Figure @g is of scenario @s (either side's name, under --force). */
static bool fig_of(const struct plot_fig *g, const struct compare_scenario *s)
{
	return !strcmp(g->scenario, s->name) ||
	       !strcmp(g->scenario, compare_scenario_name(s->new_));
}

/*
 * The figures of scenario @s, after its table: each under an id of its
 * own, inline as a relative image link (report.html embeds them), with
 * its title and links to its script and data.
 */
static void figures(FILE *f, const struct report_pair *p,
		    const struct compare_scenario *s,
		    const struct plot_opts *po)
{
	const struct plot_report *pr = &p->pr;
	size_t i, n = 0;

	for (i = 0; i < pr->nfigs; i++) {
		const struct plot_fig *g = &pr->figs[i];

		if (!fig_of(g, s))
			continue;
		if (!n++)
			fputs("**Figures:**\n\n", f);
		fprintf(f, "<a id=\"%s-%s\"></a>\n\n", p->fig, g->name);
		if (g->rendered)
			fprintf(f, "![%s](%s%s.%s)\n\n", g->title, p->sub,
				g->name, po->png ? "png" : "svg");
		else
			fprintf(f,
				"(not drawn: %s; run `gnuplot %s.gp` in "
				"%s)\n\n",
				pr->gnuplot_missing ? "gnuplot not installed" :
						      "gnuplot failed",
				g->name, *p->sub ? p->sub : "this directory");
		fprintf(f,
			"%s. Script [%s.gp](%s%s.gp), data "
			"[%s.dat](%s%s.dat).\n\n",
			g->title, g->name, p->sub, g->name, g->name, p->sub,
			g->name);
	}
}

/* What compare says after its tables: scenarios on one side only. */
static void unmatched(FILE *f, const struct report_pair *p)
{
	const struct compare_report *rep = p->rep;
	const struct plot_report *pr = &p->pr;
	size_t i;

	for (i = 0; i < rep->nonly_base; i++)
		fprintf(f, "- Scenario only in base: %s\n", rep->only_base[i]);
	for (i = 0; i < rep->nonly_new; i++)
		fprintf(f, "- Scenario only in new: %s\n", rep->only_new[i]);
	for (i = 0; i < pr->nskipped; i++)
		fprintf(f, "- Figure not drawn: %s\n", pr->skipped[i]);
	fputc('\n', f);
}

/*
 * Links to the figures of @s that show row @r: the scenario's sweep
 * figures (where stalls are marked), the CDF of the row's point and the
 * scan calls at its hold.
 */
void report_figure_links(FILE *f, const struct compare_scenario *s,
			 const struct compare_row *r,
			 const struct report_pair *p)
{
	const struct plot_report *pr = &p->pr;
	const char *sep = "; figures: ";
	size_t i;

	for (i = 0; i < pr->nfigs; i++) {
		const struct plot_fig *g = &pr->figs[i];

		/* the histogram of every point says nothing of this one */
		if (!plot_fig_shows(g, g->scenario, r->params) ||
		    !fig_of(g, s) ||
		    (!g->params && !strcmp(g->kind, "scan-calls")))
			continue;
		fprintf(f, "%s[%s](#%s-%s)", sep,
			!g->params		? g->name :
			!strcmp(g->kind, "cdf") ? "CDF" :
						  "scan calls",
			p->fig, g->name);
		sep = ", ";
	}
}

static const struct compare_curve *curve_of(const struct compare_scenario *s,
					    const char *group,
					    const char *metric)
{
	size_t i;

	for (i = 0; i < s->ncurves; i++)
		if (!strcmp(s->curves[i].group, group) &&
		    !strcmp(s->curves[i].metric, metric))
			return &s->curves[i];
	return NULL;
}

/* "the unmap", "the walk", "both parts" or "neither part alone" */
static const char *changed_part(const struct compare_curve *u,
				const struct compare_curve *w)
{
	bool cu = compare_verdict_changed(u->verdict);
	bool cw = compare_verdict_changed(w->verdict);

	if (cu && cw)
		return "both parts";
	if (cu)
		return "the unmap";
	return cw ? "the walk" : "neither part alone";
}

/* A slope ratio to two decimals, or "undefined" (compare says why). */
static const char *ratio2(const struct compare_curve *c, char buf[32])
{
	if (isnan(c->slope_ratio))
		return "undefined";
	snprintf(buf, 32, "%.2f", c->slope_ratio);
	return buf;
}

/*
 * A busy scan's slope that changed, where both sides timed its unmap
 * apart: which part the change is in, first thing in the report.
 */
static void scan_parts(FILE *f, const struct compare_report *rep)
{
	const struct compare_curve *c, *u, *w;
	char r[3][32];
	size_t i, k;

	for (i = 0; i < rep->nscn; i++) {
		const struct compare_scenario *s = &rep->scn[i];

		for (k = 0; k < s->ncurves; k++) {
			c = &s->curves[k];
			if (strcmp(c->metric, "busy_scan_time_per_call") ||
			    !compare_verdict_changed(c->verdict))
				continue;
			u = curve_of(s, c->group, "busy_scan_unmap_time");
			w = curve_of(s, c->group, "busy_scan_walk_time");
			if (!u || !w)
				continue;
			fprintf(f,
				"- **Scan slope**: %s, `%s`: new/base %s "
				"(%s); the unmap %s (%s), the walk %s "
				"(%s): the change is in %s.\n",
				s->name, c->group, ratio2(c, r[0]),
				compare_verdict_name(c->verdict),
				ratio2(u, r[1]),
				compare_verdict_name(u->verdict),
				ratio2(w, r[2]),
				compare_verdict_name(w->verdict),
				changed_part(u, w));
		}
	}
}

/*
 * What the report of one pair holds: the headline counts, the rule, the
 * findings, the environment, and each scenario's table, provenance and
 * figures together.
 */
static int pair_md(FILE *f, const struct report_pair *p,
		   const struct plot_opts *po)
{
	const struct compare_report *rep = p->rep;
	size_t i;

	fprintf(f,
		"Base: %s. New: %s. **%zu regression%s (%zu "
		"STALL%s), %zu improvement%s; %zu point%s stall on "
		"base, %zu on new.** The email version of the tables "
		"is [report.txt](report.txt); [report.html](report.html) "
		"is this report as one web page, figures included.\n\n",
		rep->base_label, rep->new_label, rep->regressions,
		rep->regressions == 1 ? "" : "s", rep->stall_regressions,
		rep->stall_regressions == 1 ? "" : "s", rep->improvements,
		rep->improvements == 1 ? "" : "s", rep->stall_points_base,
		rep->stall_points_base == 1 ? "" : "s", rep->stall_points_new);
	scan_parts(f, rep);
	compare_print_md_rule(rep, f);
	report_findings(f, p, hashes(p->level));
	environment(f, p);
	for (i = 0; i < rep->nscn; i++) {
		compare_print_md_scenario(rep, &rep->scn[i], p->level, f);
		report_provenance(f, &rep->scn[i]);
		figures(f, p, &rep->scn[i], po);
	}
	unmatched(f, p);
	return ferror(f) ? -EIO : 0;
}

int report_write_md(FILE *f, const struct report_bundle *b)
{
	size_t k, n = b->m->nsides;
	int rc;

	fputs("# daxbench review report\n\n", f);
	if (n == 1)
		return pair_md(f, &b->pairs[0], b->po);
	fprintf(f,
		"Base: %s, against %zu new sides, each compared as "
		"`daxbench compare` does in a section of its own below. The "
		"email version is [report.txt](report.txt); "
		"[report.html](report.html) is this report as one web page, "
		"figures included.\n\n",
		b->m->side[0].rep.base_label, n);
	rc = compare_multi_print(b->m, COMPARE_MARKDOWN, f);
	for (k = 0; !rc && k < n; k++) {
		fprintf(f,
			"<a id=\"%s\"></a>\n\n## Pair %zu: base → new %zu\n\n",
			b->m->side[k].id, k + 1, k + 1);
		rc = pair_md(f, &b->pairs[k], b->po);
	}
	return rc;
}
