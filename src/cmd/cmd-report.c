// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench report: one review bundle from a baseline and one or more new
 * sets of results: report.md (report-md.c: the findings, the
 * environment, each scenario's table with its provenance and figures),
 * report.html (report-html.c: report.md as one self-contained page),
 * report.txt (the 72-column email text) and the figures with their
 * scripts and data.
 * With several new sides, both files open with the summary table of
 * kernels x scenarios, then hold a section per pair. The bundle is
 * written even when something regressed, since that is when a reviewer
 * needs it most; the exit status is compare's, over every pair.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compare.h"
#include "daxbench.h"
#include "plot.h"
#include "report.h"

static int cmd_report(int argc, char **argv);

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.summary = "write a review bundle: comparison, email text, figures",
	.usage =
		"usage: daxbench report [-q] -o DIR [--threshold PCT] [--alpha A]\n"
		"                       [--force] [--run-noise PCT] [--changes-only]\n"
		"                       [--format png|svg|both] BASE NEW [NEW...]\n"
		"\n"
		"Compare BASE with each NEW as 'daxbench compare' does and write to DIR:\n"
		"  report.md    the findings (every regression and stall, linked to\n"
		"               its table), the environment of both sides, and each\n"
		"               scenario's table, provenance and figures together\n"
		"  report.html  report.md as one self-contained web page: the\n"
		"               figures embedded, nothing fetched\n"
		"  report.txt   the comparison in email format (ASCII, 72 columns)\n"
		"  summary.txt  the findings alone, short enough to paste into a\n"
		"               reply: each side's kernel, the rule, and per pair\n"
		"               every stall, slope and change with its ratio and CI\n"
		"  *.gp *.dat *.png *.svg   the figures of 'daxbench plot'\n"
		"\n"
		"With several NEW, the reports open with a summary table\n"
		"of kernels x scenarios: a row per scenario of BASE, a column per side\n"
		"(BASE, then each NEW), each cell the side's stalled ops of the ops\n"
		"attempted and, for a NEW, its regressions (STALLs among them) and\n"
		"improvements against BASE, or 'not run'. Then a section per pair\n"
		"BASE -> NEW N as with one NEW; its figures go to DIR/pair-N/.\n"
		"\n"
		"  -o, --output DIR      the bundle's directory (required)\n"
		"  -t, --threshold PCT   as for compare (default 5)\n"
		"  -a, --alpha A         as for compare (default 0.01)\n"
		"      --force           as for compare\n"
		"      --run-noise PCT   as for compare (default 2)\n"
		"      --changes-only    as for compare, in every file: each table\n"
		"                        keeps its changes and stalls alone\n"
		"  -f, --format FMT      figure format: png, svg or both (default)\n"
		"  -q, --quiet           print nothing but errors\n"
		"\n"
		"Exit status: 0 no regression, 1 a regression in any pair (the\n"
		"bundle is written either way), 2 usage or input error (a NEW that\n"
		"cannot be read among them), 3 a file could not be written.\n"
		"See daxbench-report(1).\n",
	.exec = cmd_report,
};

/* report.txt: compare's email text, after the summary with several. */
static int write_txt(FILE *f, struct report_bundle *b, struct db_err *err)
{
	size_t k, n = b->m->nsides;
	int rc = 0;

	(void)err;
	if (n > 1)
		rc = compare_multi_print(b->m, COMPARE_EMAIL, f);
	for (k = 0; !rc && k < n; k++) {
		if (n > 1)
			fprintf(f,
				"\n%.72s\nPair %zu of %zu: base -> new %zu\n\n",
				"----------------------------------------"
				"----------------------------------------",
				k + 1, n, k + 1);
		rc = compare_print(b->pairs[k].rep, COMPARE_EMAIL, f);
	}
	return rc;
}

/*
 * summary.txt: what a reply on a mailing list can quote, 72 columns:
 * every side's kernel, the rule, and each pair's findings.
 */
static int write_summary(FILE *f, struct report_bundle *b, struct db_err *err)
{
	(void)err;
	return compare_multi_summary(b->m, f);
}

/* report.md, its text kept in b->md for report.html. */
static int write_md(FILE *f, struct report_bundle *b, struct db_err *err)
{
	FILE *m = open_memstream(&b->md, &b->mdlen);
	int rc;

	(void)err;
	if (!m)
		return -ENOMEM;
	rc = report_write_md(m, b);
	if (fclose(m) || rc)
		return rc ? rc : -EIO;
	return fwrite(b->md, 1, b->mdlen, f) == b->mdlen ? 0 : -EIO;
}

/* report.html: report.md's text rendered, the figures embedded. */
static int write_html(FILE *f, struct report_bundle *b, struct db_err *err)
{
	return report_html(b->md, b->dir, f, err);
}

static int write_file(struct report_bundle *b, const char *name,
		      int (*fn)(FILE *, struct report_bundle *,
				struct db_err *),
		      struct db_err *err)
{
	char path[4096];
	FILE *f;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", b->dir, name);
	f = fopen(path, "w");
	if (!f)
		return db_err_set(err, -errno, "%s: cannot create: %s", path,
				  strerror(errno));
	rc = fn(f, b, err);
	if (fclose(f) && !rc)
		rc = -EIO;
	if (rc == -ENOMEM || rc == -EIO)
		return db_err_set(err, rc, "%s: %s", path, strerror(-rc));
	return rc; /* report_html() named the file it could not read */
}

/* "base: KERNEL": a line's name, its kernel's brief label; malloc'd. */
static char *side_label(const char *side, const json_t *result)
{
	char *k = plot_kernel_label(result);
	char *l = k ? db_asprintf("%s: %s", side, k) : NULL;

	free(k);
	return l;
}

/*
 * Draw the figures of @p: every run of base and new of every scenario,
 * a line per side with its runs pooled, as compare pooled them.
 */
static int plot_pair(struct report_pair *p, struct plot_opts *po, bool quiet,
		     struct db_err *err)
{
	const struct compare_report *rep = p->rep;
	size_t n = 0, i, k;
	json_t **res;
	char **labels;
	int rc = 0;

	for (i = 0; i < rep->nscn; i++)
		n += rep->scn[i].nbase_runs + rep->scn[i].nnew_runs;
	res = calloc(n ? n : 1, sizeof(*res));
	labels = calloc(n ? n : 1, sizeof(*labels));
	for (i = 0, n = 0; res && labels && i < rep->nscn; i++) {
		const struct compare_scenario *s = &rep->scn[i];

		/* figures name lines briefly; the table names them in full */
		for (k = 0; k < s->nbase_runs; k++, n++) {
			res[n] = s->base_runs[k];
			labels[n] = side_label("base", s->base);
		}
		for (k = 0; k < s->nnew_runs; k++, n++) {
			res[n] = s->new_runs[k];
			labels[n] = side_label("new", s->new_);
		}
	}
	for (i = 0; res && labels && i < n; i++)
		rc = labels[i] ? rc : -ENOMEM;
	if (!res || !labels || rc)
		rc = db_err_set(err, -ENOMEM, "out of memory");
	po->labels = (const char *const *)labels;
	po->dir = p->dir;
	if (!rc)
		rc = plot_results(res, n, po, &p->pr, err);
	if (!rc)
		plot_print(&p->pr, po, "report", stdout, stderr, quiet);
	po->labels = NULL;
	for (i = 0; labels && i < n; i++)
		free(labels[i]);
	free(labels);
	free(res);
	return rc;
}

/* Pair @k of @m: its figures in @dir, or in @dir/pair-N with several. */
static void pair_init(struct report_pair *p, const char *dir,
		      const struct compare_multi *m, size_t k)
{
	const char *id = m->side[k].id;

	p->rep = &m->side[k].rep;
	p->level = m->nsides == 1 ? 2 : 3;
	if (m->nsides == 1) {
		snprintf(p->dir, sizeof(p->dir), "%s", dir);
		snprintf(p->fig, sizeof(p->fig), "fig");
		return;
	}
	snprintf(p->dir, sizeof(p->dir), "%s/%s", dir, id);
	snprintf(p->sub, sizeof(p->sub), "%s/", id);
	snprintf(p->fig, sizeof(p->fig), "%s-fig", id);
}

static int bundle(const char *dir, const struct compare_multi *m,
		  struct plot_opts *po, bool quiet, struct db_err *err)
{
	struct report_bundle b = { .dir = dir, .m = m, .po = po };
	size_t k, failed = 0;
	int rc = 0;

	b.pairs = calloc(m->nsides, sizeof(*b.pairs));
	if (!b.pairs)
		return db_err_set(err, -ENOMEM, "out of memory");
	/* plot makes the pair's directory, not the bundle's around it */
	if (m->nsides > 1 && mkdir(dir, 0755) && errno != EEXIST)
		rc = db_err_set(err, -errno, "%s: cannot create: %s", dir,
				strerror(errno));
	for (k = 0; !rc && k < m->nsides; k++) {
		pair_init(&b.pairs[k], dir, m, k);
		rc = plot_pair(&b.pairs[k], po, quiet, err);
		failed += b.pairs[k].pr.nfailed;
	}
	if (!rc)
		rc = write_file(&b, "summary.txt", write_summary, err);
	if (!rc)
		rc = write_file(&b, "report.txt", write_txt, err);
	if (!rc)
		rc = write_file(&b, "report.md", write_md, err);
	if (!rc)
		rc = write_file(&b, "report.html", write_html, err);
	free(b.md);
	if (!rc && !quiet)
		printf("%s/summary.txt\n%s/report.md\n%s/report.html\n"
		       "%s/report.txt\n",
		       dir, dir, dir, dir);
	if (!rc && failed)
		rc = db_err_set(err, -EIO, "gnuplot failed on %zu figure%s",
				failed, failed == 1 ? "" : "s");
	for (k = 0; k < m->nsides; k++)
		plot_free(&b.pairs[k].pr);
	free(b.pairs);
	return rc;
}

static int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		COMPARE_LONG_OPTS,
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "changes-only", no_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 },
	};
	struct plot_opts po = { .png = true, .svg = true };
	bool quiet = false;
	struct compare_multi m;
	struct compare_opts o;
	const char *dir = NULL;
	struct db_err err;
	char why[256];
	int c, rc;

	compare_opts_init(&o);
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:t:a:f:q", opts, NULL)) != -1) {
		rc = compare_parse_opt(c, optarg, &o, why, sizeof(why));
		if (rc < 0)
			return db_usage_error(&cmd_report_entry, "%s", why);
		if (rc)
			continue;
		if (c == 'o')
			dir = optarg;
		else if (c == 'q')
			quiet = true;
		else if (c == 'C')
			o.changes_only = true;
		else if (c != 'f')
			return db_usage_error(&cmd_report_entry,
					      "unknown option");
		else if (plot_parse_format(optarg, &po))
			return db_usage_error(&cmd_report_entry,
					      "--format: '%s' is not png, svg "
					      "or both",
					      optarg);
	}
	if (!dir)
		return db_usage_error(&cmd_report_entry, "-o DIR is required");
	if (argc - optind < 2)
		return db_usage_error(
			&cmd_report_entry,
			"expected BASE and one or more NEW, got %d argument%s",
			argc - optind, argc - optind == 1 ? "" : "s");
	rc = compare_multi_paths(argv[optind], argv + optind + 1,
				 (size_t)(argc - optind - 1), &o, &m, &err);
	if (rc) {
		fprintf(stderr, "daxbench report: %s\n", err.msg);
		return rc == -ENOMEM ? DB_EXIT_SYSTEM : DB_EXIT_USAGE;
	}
	if (o.force && !quiet)
		fprintf(stderr,
			"daxbench report: warning: --force: results that "
			"differ in kind are compared; see the WARNING lines\n");
	rc = bundle(dir, &m, &po, quiet, &err);
	c = compare_multi_regressed(&m) ? DB_EXIT_REGRESSION : DB_EXIT_OK;
	compare_multi_free(&m);
	if (rc) {
		fprintf(stderr, "daxbench report: %s\n", err.msg);
		return DB_EXIT_SYSTEM;
	}
	return db_finish_stdout("report", c);
}
