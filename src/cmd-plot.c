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

static int cmd_plot(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	struct plot_opts o = { .dir = "plots", .png = true, .svg = true };
	struct side {
		json_t **res;
		char **paths;
		size_t n;
	} *sides = NULL;
	json_t **all = NULL;
	size_t nall = 0, nsides = 0, i, k;
	struct plot_report rep;
	struct db_err err;
	bool quiet = false;
	int c, rc = 0;

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
	/*
	 * The sides stay loaded until the figures are drawn: their samples
	 * live beside the trees (compare_load_side()), not in them.
	 */
	for (i = (size_t)optind; !rc && i < (size_t)argc; i++) {
		struct side *ns;
		json_t **nv;

		ns = realloc(sides, (nsides + 1) * sizeof(*sides));
		if (!ns) {
			rc = db_err_set(&err, -ENOMEM, "out of memory");
			break;
		}
		sides = ns;
		rc = compare_load_side(argv[i], &sides[nsides].res,
				       &sides[nsides].paths, &sides[nsides].n,
				       &err);
		if (rc)
			break;
		nsides++;
		nv = realloc(all, (nall + sides[nsides - 1].n) * sizeof(*all));
		if (!nv) {
			rc = db_err_set(&err, -ENOMEM, "out of memory");
			break;
		}
		all = nv;
		for (k = 0; k < sides[nsides - 1].n; k++)
			all[nall++] = sides[nsides - 1].res[k];
	}
	if (!rc)
		rc = plot_results(all, nall, &o, &rep, &err);
	free(all);
	for (i = 0; i < nsides; i++)
		compare_free_side(sides[i].res, sides[i].paths, sides[i].n);
	free(sides);
	if (rc) {
		fprintf(stderr, "daxbench plot: %s\n", err.msg);
		return rc == -EINVAL || rc == -ENOENT ||
				       rc == -EPROTONOSUPPORT ?
			       DB_EXIT_USAGE :
			       DB_EXIT_SYSTEM;
	}
	plot_print(&rep, &o, "plot", stdout, stderr, quiet);
	rc = rep.nfailed ? DB_EXIT_SYSTEM : DB_EXIT_OK;
	plot_free(&rep);
	return db_finish_stdout("plot", rc);
}
