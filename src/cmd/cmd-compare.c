// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench compare: the verdict on a baseline and a new set of results,
 * with the exit status of diff(1) so that CI can gate on it: 0 nothing
 * regressed, 1 something did, 2 the input could not be compared. The
 * analysis lives in compare.c and the rooms it names, the output
 * formats in compare-fmt.c and its layouts; this file only parses
 * options and prints errors, once.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "daxbench.h"
#include "fsutil.h"

static int cmd_compare(int argc, char **argv);

const struct cmd_entry cmd_compare_entry = {
	.name = "compare",
	.summary = "compare a baseline result with a new one, with statistics",
	.usage =
		"usage: daxbench compare [--threshold PCT] [--alpha A] [--metric NAME]...\n"
		"                        [--format text|markdown|email|json] [--force]\n"
		"                        [--run-noise PCT] [--changes-only] [--summary]\n"
		"                        BASE NEW\n"
		"\n"
		"Compare result files, or directories of them matched by scenario\n"
		"name; points are matched by their sweep params. For every metric\n"
		"and point: n, median, p90 and p99 of each side, the ratio NEW/BASE\n"
		"of the medians with a bootstrap 95% CI (fixed seed), a p-value, and\n"
		"a verdict. A change is reported only when the whole CI lies beyond\n"
		"the threshold AND p < alpha. Several results of a scenario on a\n"
		"side are repeated runs: the CI resamples runs, then samples, and p\n"
		"is a t test on the per-run medians, so drift between runs counts.\n"
		"With one run per side, that drift is assumed (--run-noise) and the\n"
		"test is Mann-Whitney U on the samples.\n"
		"Scan-cost sweeps (over file.size) are also fitted as\n"
		"cost = a + b * xarray entries per mapping mode; the slope ratio\n"
		"gets a bootstrap CI and a verdict like any metric.\n"
		"Verdicts: regression, improvement, unchanged (the whole CI within\n"
		"the threshold), inconclusive, too few runs.\n"
		"\n"
		"Stalls (ops that outlived the scenario's timeout) are counted per\n"
		"point, summed over runs, and are never latencies: op_latency\n"
		"samples >= timeout are dropped and counted with them. NEW stalling\n"
		"where BASE did not is a regression, verdict STALL, whatever the\n"
		"latencies say; BASE stalling where NEW does not, an improvement.\n"
		"\n"
		"  -t, --threshold PCT  smallest change reported, percent (default 5)\n"
		"  -a, --alpha A        significance level (default 0.01)\n"
		"  -m, --metric NAME    compare only NAME; repeatable\n"
		"  -f, --format FMT     text (default, 100 columns), markdown, email\n"
		"                       (ASCII, 72 columns) or json\n"
		"      --changes-only   print only regressions, improvements and\n"
		"                       stalls (and what a stall leaves inconclusive),\n"
		"                       with every warning and note; the summary and\n"
		"                       exit status still count every comparison\n"
		"      --summary        print only the findings, in 72 columns: the\n"
		"                       kernels, the counts, each stall, slope and\n"
		"                       change with its ratio and CI (for a reply)\n"
		"      --force          compare results of different scenarios or\n"
		"                       target kinds (DAX, VM, accel), with a warning\n"
		"      --run-noise PCT  between-run noise assumed with one run per\n"
		"                       side (sd of log median, default 2)\n"
		"\n"
		"Metrics: op_latency, busy_scan_calls, busy_scan_time,\n"
		"busy_scan_time_per_call, busy_scan_unmap_time,\n"
		"busy_scan_walk_time, pinner_io_latency (lower is better);\n"
		"pinner_iops (higher is better).\n"
		"\n"
		"Exit status: 0 no regression, 1 a regression (a STALL too), 2\n"
		"usage or input error, 3 output could not be written. See\n"
		"daxbench-compare(1).\n",
	.exec = cmd_compare,
};

static int parse_format(const char *s, enum compare_format *fmt)
{
	static const char *const names[] = { "text", "markdown", "email",
					     "json" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i])) {
			*fmt = (enum compare_format)i;
			return 0;
		}
	return -EINVAL;
}

/*
 * compare's options into @o, @fmt and @metrics (room for @argc of them,
 * *@nmetrics used), BASE and NEW left at argv[optind].
 * Return: 0, or db_usage_error()'s exit status.
 */
static int parse_args(int argc, char **argv, struct compare_opts *o,
		      enum compare_format *fmt, const char **metrics,
		      size_t *nmetrics)
{
	static const struct option opts[] = {
		COMPARE_LONG_OPTS,
		{ "metric", required_argument, NULL, 'm' },
		{ "format", required_argument, NULL, 'f' },
		{ "changes-only", no_argument, NULL, 'C' },
		{ "summary", no_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 },
	};
	char why[256];
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "t:a:m:f:", opts, NULL)) != -1) {
		rc = compare_parse_opt(c, optarg, o, why, sizeof(why));
		if (rc < 0)
			rc = db_usage_error(&cmd_compare_entry, "%s", why);
		else if (rc)
			continue;
		else if (c == 'm' && !compare_metric_known(optarg))
			rc = db_usage_error(&cmd_compare_entry,
					    "--metric: unknown metric '%s'; "
					    "known: %s",
					    optarg, compare_metric_names());
		else if (c == 'm')
			metrics[(*nmetrics)++] = optarg;
		else if (c == 'C')
			o->changes_only = true;
		else if (c == 'S')
			*fmt = COMPARE_SUMMARY;
		else if (c == 'f' && parse_format(optarg, fmt))
			rc = db_usage_error(&cmd_compare_entry,
					    "--format: '%s' is not text, "
					    "markdown, email or json",
					    optarg);
		else if (c != 'f')
			rc = db_usage_error(&cmd_compare_entry,
					    "unknown option");
		if (rc)
			return rc;
	}
	if (argc - optind != 2)
		return db_usage_error(
			&cmd_compare_entry,
			"expected BASE and NEW, got %d argument%s",
			argc - optind, argc - optind == 1 ? "" : "s");
	return 0;
}

/*
 * BASE and NEW are one file, by one name or two: a slip of the shell
 * history, and every figure would be compared with itself.
 */
static void warn_same_file(const char *base, const char *new_)
{
	if (!strcmp(base, new_))
		fprintf(stderr,
			"daxbench compare: warning: %s: both sides are this "
			"file; every figure is compared with itself\n",
			base);
	else
		fprintf(stderr,
			"daxbench compare: warning: %s and %s: both sides are "
			"the same file; every figure is compared with itself\n",
			base, new_);
}

static int cmd_compare(int argc, char **argv)
{
	enum compare_format fmt = COMPARE_TEXT;
	struct compare_report rep;
	struct compare_opts o;
	struct compare_input in;
	struct db_err err;
	const char **metrics;
	size_t nmetrics = 0;
	int c, rc;

	compare_opts_init(&o);
	/* at most one --metric per argument, so argc bounds them */
	metrics = calloc((size_t)argc, sizeof(*metrics));
	if (!metrics) {
		fprintf(stderr, "daxbench compare: out of memory\n");
		return DB_EXIT_SYSTEM;
	}
	rc = parse_args(argc, argv, &o, &fmt, metrics, &nmetrics);
	if (rc) {
		free(metrics);
		return rc;
	}
	if (nmetrics) {
		o.metrics = metrics;
		o.nmetrics = nmetrics;
	}
	rc = compare_paths(argv[optind], argv[optind + 1], &o, &in, &rep, &err);
	free(metrics);
	if (rc) {
		fprintf(stderr, "daxbench compare: %s\n", err.msg);
		return rc == -ENOMEM ? DB_EXIT_SYSTEM : DB_EXIT_USAGE;
	}
	if (o.force)
		fprintf(stderr,
			"daxbench compare: warning: --force: results that "
			"differ in kind are compared; see the WARNING lines\n");
	if (fsutil_same_file(argv[optind], argv[optind + 1]) == 1)
		warn_same_file(argv[optind], argv[optind + 1]);
	rc = compare_print(&rep, fmt, stdout);
	c = rep.regressions ? DB_EXIT_REGRESSION : DB_EXIT_OK;
	compare_free(&rep);
	compare_input_free(&in);
	if (rc) {
		fprintf(stderr, "daxbench compare: stdout: %s\n",
			strerror(-rc));
		return DB_EXIT_SYSTEM;
	}
	return db_finish_stdout("compare", c);
}
