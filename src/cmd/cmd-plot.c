// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench plot: figures from result files with gnuplot. Every figure
 * is written as NAME.gp + NAME.dat + images, so that it can be restyled
 * by editing the script. A missing gnuplot is a warning, not a failure:
 * the scripts and data are the part that matters for a review, and the
 * images can be drawn later anywhere gnuplot is installed.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "daxbench.h"
#include "plot.h"

static int cmd_plot(int argc, char **argv);

const struct cmd_entry cmd_plot_entry = {
	.name = "plot",
	.summary = "draw figures from results with gnuplot",
	.usage =
		"usage: daxbench plot [-q] [-o DIR] [--format png|svg|both] RESULT...\n"
		"\n"
		"Draw the figures whose data exist in the RESULT files (or\n"
		"directories of them), results of the same scenario together,\n"
		"one colour per kernel, the runs of a kernel pooled:\n"
		"  scan-cost-SCN        scan cost vs mapping size, log-log, PMD and\n"
		"                       PTE lines with fitted lines (sweeps file.size)\n"
		"  threads-SCN          op latency vs pinner threads, log y\n"
		"  hold-SCN             op latency vs vmsplice hold, log y, with y = x\n"
		"  cdf-SCN-POINT        op latency CDF of a point, a line per kernel\n"
		"  scan-calls-SCN[-hold-H]  busy-scan calls per op (1 + retries),\n"
		"                       one figure per hold when the hold is swept\n"
		"POINT is the point's parameters (cdf-scan-cost-small-pmd_size-2MiB).\n"
		"Each figure is NAME.gp, NAME.dat and NAME.png / NAME.svg.\n"
		"\n"
		"  -o, --output DIR   where to write (default: plots)\n"
		"  -f, --format FMT   png, svg or both (default both)\n"
		"  -q, --quiet        print nothing but errors\n"
		"\n"
		"gnuplot is $GNUPLOT, else the one configure found. Without it the\n"
		".gp and .dat files are still written (exit 0, with a warning).\n"
		"Exit status: 0 ok, 2 usage or input error, 3 a file could not be\n"
		"written or gnuplot failed. See daxbench-plot(1).\n",
	.exec = cmd_plot,
};

/* The results named, loaded as compare loads a side, and all of them. */
struct inputs {
	struct side {
		json_t **res;
		char **paths;
		size_t n;
	} * sides;
	size_t nsides;
	json_t **all;
	size_t nall;
};

static void inputs_free(struct inputs *in)
{
	size_t i;

	free(in->all);
	for (i = 0; i < in->nsides; i++)
		compare_free_side(in->sides[i].res, in->sides[i].paths,
				  in->sides[i].n);
	free(in->sides);
}

/*
 * The sides stay loaded until the figures are drawn: their samples live
 * beside the trees (compare_load_side()), not in them.
 */
static int inputs_load(struct inputs *in, char *const *names, size_t n,
		       struct db_err *err)
{
	size_t i, k;
	int rc;

	for (i = 0; i < n; i++) {
		struct side *ns, *s;
		json_t **nv;

		ns = realloc(in->sides, (in->nsides + 1) * sizeof(*ns));
		if (!ns)
			return db_err_set(err, -ENOMEM, "out of memory");
		in->sides = ns;
		s = &in->sides[in->nsides];
		rc = compare_load_side(names[i], &s->res, &s->paths, &s->n,
				       err);
		if (rc)
			return rc;
		in->nsides++;
		nv = realloc(in->all, (in->nall + s->n) * sizeof(*nv));
		if (!nv)
			return db_err_set(err, -ENOMEM, "out of memory");
		in->all = nv;
		for (k = 0; k < s->n; k++)
			in->all[in->nall++] = s->res[k];
	}
	return 0;
}

static int cmd_plot(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	struct plot_opts o = { .dir = "plots", .png = true, .svg = true };
	struct inputs in = { 0 };
	struct plot_report rep;
	struct db_err err;
	bool quiet = false;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:f:q", opts, NULL)) != -1) {
		switch (c) {
		case 'q':
			quiet = true;
			break;
		case 'o':
			o.dir = optarg;
			break;
		case 'f':
			if (plot_parse_format(optarg, &o))
				return db_usage_error(&cmd_plot_entry,
						      "--format: '%s' is not "
						      "png, svg or both",
						      optarg);
			break;
		default:
			return db_usage_error(&cmd_plot_entry,
					      "unknown option");
		}
	}
	if (optind >= argc)
		return db_usage_error(&cmd_plot_entry, "no RESULT given");
	rc = inputs_load(&in, argv + optind, (size_t)(argc - optind), &err);
	if (rc) {
		inputs_free(&in);
		fprintf(stderr, "daxbench plot: %s\n", err.msg);
		return rc == -ENOMEM ? DB_EXIT_SYSTEM : DB_EXIT_USAGE;
	}
	/*
	 * What fails from here on is writing (-o DIR, a figure's files,
	 * gnuplot): a system error whatever the errno, ENOENT included
	 * (-o /proc/nope), as report and export have it.
	 */
	rc = plot_results(in.all, in.nall, &o, &rep, &err);
	inputs_free(&in);
	if (rc) {
		fprintf(stderr, "daxbench plot: %s\n", err.msg);
		return DB_EXIT_SYSTEM;
	}
	plot_print(&rep, &o, "plot", stdout, stderr, quiet);
	rc = rep.nfailed ? DB_EXIT_SYSTEM : DB_EXIT_OK;
	plot_free(&rep);
	return db_finish_stdout("plot", rc);
}
