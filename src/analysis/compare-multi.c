// SPDX-License-Identifier: GPL-2.0-only
/*
 * One baseline against several new sides (see compare.h): the baseline
 * is loaded once and compared with each side as compare_run() compares
 * two, and the pairs are summed up in one table of kernels × scenarios
 * whose cells give the stalled ops of a side and the verdicts of its
 * pair, so that a reviewer of several kernels sees where to look before
 * reading any pair.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"

/* Stalled ops and ops attempted over every point of @runs named @name. */
static int count_stalls(json_t *const *runs, size_t n, const char *name,
			struct compare_multi_cell *c)
{
	struct compare_stalls st;
	const json_t *p;
	size_t i, k;
	int rc;

	for (i = 0; i < n; i++) {
		if (strcmp(compare_scenario_name(runs[i]), name))
			continue;
		c->run = true;
		json_array_foreach(json_object_get(runs[i], "points"), k, p)
		{
			rc = compare_count_stalls(&p, &runs[i], 1, &st);
			if (rc)
				return rc;
			c->stalls += st.stalls;
			c->ops += st.ops;
		}
	}
	return 0;
}

static const struct compare_scenario *
find_scenario(const struct compare_report *rep, const char *name)
{
	size_t i;

	for (i = 0; i < rep->nscn; i++)
		if (!strcmp(rep->scn[i].name, name))
			return &rep->scn[i];
	return NULL;
}

/* The row of scenario @name: the base's cell, then each side's. */
static int fill_row(const struct compare_multi *m, const char *name,
		    struct compare_multi_cell *row)
{
	const struct compare_scenario *s;
	size_t k;
	int rc;

	rc = count_stalls(m->base, m->nbase, name, &row[0]);
	for (k = 0; !rc && k < m->nsides; k++) {
		s = find_scenario(&m->side[k].rep, name);
		if (!s)
			continue; /* the pair lists it as only in base */
		/* the runs the pair compared: --force may pair other names */
		rc = count_stalls(s->new_runs, s->nnew_runs,
				  compare_scenario_name(s->new_), &row[k + 1]);
		compare_scenario_tally(s, &row[k + 1].tally);
	}
	return rc;
}

/* The scenarios of the base in compare_run()'s order, and their rows. */
static int summarise(struct compare_multi *m)
{
	size_t i, cols = m->nsides + 1;
	int rc = 0;

	for (i = 0; !rc && i < m->nbase; i++) {
		const char *name = compare_scenario_name(m->base[i]);

		if (!compare_strv_has(m->scenarios, m->nscn, name))
			rc = compare_strv_add(&m->scenarios, &m->nscn,
					      strdup(name));
	}
	if (!rc) {
		m->cell = calloc(m->nscn * cols, sizeof(*m->cell));
		if (!m->cell)
			rc = -ENOMEM;
	}
	for (i = 0; !rc && i < m->nscn; i++)
		rc = fill_row(m, m->scenarios[i], &m->cell[i * cols]);
	return rc;
}

/* Load side @k and compare the base with it. */
static int compare_side(struct compare_multi *m, size_t k, const char *path,
			const struct compare_opts *opts, struct db_err *err)
{
	struct compare_multi_side *sd = &m->side[k];
	int rc;

	sd->path = path;
	snprintf(sd->id, sizeof(sd->id), "pair-%zu", k + 1);
	snprintf(sd->anchor, sizeof(sd->anchor), "%s-scn", sd->id);
	rc = compare_load_side(path, &sd->res, &sd->paths, &sd->n, err);
	if (rc)
		return rc; /* the message names the path */
	rc = compare_run(m->base, m->base_paths, m->nbase, sd->res, sd->paths,
			 sd->n, opts, &sd->rep, err);
	/* "no scenario in common" must say which side had none */
	if (rc && m->nsides > 1 && rc != -ENOMEM)
		return db_err_prefix(err, rc, "%s", path);
	/* one pair's document needs no ids of its own: compare's stay */
	if (m->nsides > 1)
		sd->rep.anchor = sd->anchor;
	return rc;
}

int compare_multi_paths(const char *base, char *const *news, size_t nnew,
			const struct compare_opts *opts,
			struct compare_multi *m, struct db_err *err)
{
	size_t k;
	int rc;

	memset(m, 0, sizeof(*m));
	if (!nnew)
		return db_err_set(err, -EINVAL, "nothing to compare");
	m->base_path = base;
	m->side = calloc(nnew, sizeof(*m->side));
	if (!m->side)
		return db_err_set(err, -ENOMEM, "out of memory");
	m->nsides = nnew;
	rc = compare_load_side(base, &m->base, &m->base_paths, &m->nbase, err);
	for (k = 0; !rc && k < nnew; k++)
		rc = compare_side(m, k, news[k], opts, err);
	if (!rc)
		rc = summarise(m);
	if (rc == -ENOMEM)
		db_err_set(err, rc, "out of memory");
	if (rc)
		compare_multi_free(m);
	return rc;
}

bool compare_multi_regressed(const struct compare_multi *m)
{
	size_t k;

	for (k = 0; k < m->nsides; k++)
		if (m->side[k].rep.regressions)
			return true;
	return false;
}

void compare_multi_free(struct compare_multi *m)
{
	size_t k;

	for (k = 0; k < m->nsides; k++) {
		/* the reports reference the trees: free them first */
		compare_free(&m->side[k].rep);
		compare_free_side(m->side[k].res, m->side[k].paths,
				  m->side[k].n);
	}
	free(m->side);
	compare_free_side(m->base, m->base_paths, m->nbase);
	compare_strv_free(m->scenarios, m->nscn);
	free(m->cell);
	memset(m, 0, sizeof(*m));
}

/* --- the summary table --------------------------------------------- */

static const char *const legend =
	"Each cell: stalled ops of the ops attempted on that side, over its "
	"runs and points; for a new side, the regressions (with the STALLs "
	"among them: points that stall on new only) and the improvements "
	"against base";

/* "[2/242 stalled · **1 regr (1 STALL)** · 4 impr](#id)" */
static void md_cell(const struct compare_multi_cell *c, bool base,
		    const char *anchor, FILE *f)
{
	const struct compare_tally *t = &c->tally;
	const char *b = t->regressions ? "**" : "";

	if (!c->run) {
		fputs(" not run |", f);
		return;
	}
	if (base) {
		fprintf(f, " %zu/%zu stalled |", c->stalls, c->ops);
		return;
	}
	fprintf(f, " [%zu/%zu stalled · %s%zu regr", c->stalls, c->ops, b,
		t->regressions);
	if (t->stall_regressions)
		fprintf(f, " (%zu STALL)", t->stall_regressions);
	fprintf(f, "%s · %zu impr](#%s) |", b, t->improvements,
		anchor ? anchor : "");
}

static void print_md(const struct compare_multi *m, FILE *f)
{
	size_t i, k, cols = m->nsides + 1;

	fprintf(f,
		"## Summary: kernels × scenarios\n\n%s. A cell links to "
		"its comparison.\n\n| scenario | base: %s |",
		legend, m->side[0].rep.base_label);
	for (k = 0; k < m->nsides; k++)
		fprintf(f, " [new %zu](#%s): %s |", k + 1, m->side[k].id,
			m->side[k].rep.new_label);
	fputs("\n|---|", f);
	for (k = 0; k < cols; k++)
		fputs("---|", f);
	fputc('\n', f);
	for (i = 0; i < m->nscn; i++) {
		fprintf(f, "| %s |", m->scenarios[i]);
		for (k = 0; k < cols; k++) {
			char *a =
				k ? compare_scenario_anchor(&m->side[k - 1].rep,
							    m->scenarios[i]) :
				    NULL;

			md_cell(&m->cell[i * cols + k], !k, a, f);
			free(a);
		}
		fputc('\n', f);
	}
	fprintf(f, "\n- base: `%s`\n", m->base_path);
	for (k = 0; k < m->nsides; k++)
		fprintf(f, "- new %zu: `%s`\n", k + 1, m->side[k].path);
	fputc('\n', f);
}

/* "  new 2        0      360     1     0  (1 STALL)" */
static void email_cell(const struct compare_multi_cell *c, const char *side,
		       bool base, FILE *f)
{
	if (!c->run) {
		fprintf(f, "  %-18s%9s\n", side, "not run");
		return;
	}
	if (base) {
		fprintf(f, "  %-18s%9zu%11zu%6s%6s\n", side, c->stalls, c->ops,
			"-", "-");
		return;
	}
	fprintf(f, "  %-18s%9zu%11zu%6zu%6zu", side, c->stalls, c->ops,
		c->tally.regressions, c->tally.improvements);
	if (c->tally.stall_regressions)
		fprintf(f, "  (%zu STALL)", c->tally.stall_regressions);
	fputc('\n', f);
}

/* @text (malloc'd, taken over) through compare_email_wrap(). */
static void email_line(FILE *f, const char *first, const char *rest, char *text)
{
	if (text)
		compare_email_wrap(f, first, rest, text);
	else
		fputs("(out of memory)\n", f);
	free(text);
}

static void print_email(const struct compare_multi *m, FILE *f)
{
	size_t i, k, cols = m->nsides + 1;
	char side[32];

	email_line(f, "", "",
		   db_asprintf("Summary, kernels x scenarios. %s.", legend));
	email_line(f, "  base:  ", "    ",
		   db_asprintf("%s, %s", m->side[0].rep.base_label,
			       m->base_path));
	for (k = 0; k < m->nsides; k++) {
		snprintf(side, sizeof(side), "  new %zu: ", k + 1);
		email_line(f, side, "    ",
			   db_asprintf("%s, %s", m->side[k].rep.new_label,
				       m->side[k].path));
	}
	fprintf(f, "\n%-20s%9s%11s%6s%6s\n", "scenario, side", "stalled", "ops",
		"regr", "impr");
	for (i = 0; i < m->nscn; i++) {
		email_line(f, "", "  ", strdup(m->scenarios[i]));
		for (k = 0; k < cols; k++) {
			if (k)
				snprintf(side, sizeof(side), "new %zu", k);
			email_cell(&m->cell[i * cols + k], k ? side : "base",
				   !k, f);
		}
	}
}

int compare_multi_print(const struct compare_multi *m, enum compare_format fmt,
			FILE *f)
{
	if (fmt == COMPARE_MARKDOWN)
		print_md(m, f);
	else if (fmt == COMPARE_EMAIL)
		print_email(m, f);
	else
		return -EINVAL;
	return ferror(f) ? -EIO : 0;
}
