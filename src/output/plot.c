// SPDX-License-Identifier: GPL-2.0-only
/*
 * Figures from results (see plot.h): the lines named and coloured, the
 * results grouped by scenario, which figures each scenario gets, and the
 * report of what was drawn and skipped. What each figure draws is
 * plot-xy.c's and plot-dist.c's, the files of a figure plot-fig.c's.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compare.h"
#include "plot-int.h"

/*
 * A line's name in a figure: the kernel release and, in a guest, the
 * accelerator. Legends have room for little more; the full description
 * of each side (package, QEMU, run id) is in the report and the results.
 */
char *plot_kernel_label(const json_t *result)
{
	const json_t *host = json_object_get(result, "host");
	const json_t *vm = json_object_get(host, "vm");
	const char *rel = json_string_value(
		json_object_get(json_object_get(host, "kernel"), "release"));
	const char *accel = json_string_value(json_object_get(vm, "accel"));

	/* a baseline without DAX must never pass for a DAX line */
	const char *nodax = json_is_false(json_object_get(
				    json_object_get(result, "target"), "dax")) ?
				    " (no DAX)" :
				    "";

	if (!rel)
		rel = "unknown kernel";
	if (!json_is_object(vm))
		return db_asprintf("%s%s", rel, nodax);
	return db_asprintf("%s (%s)%s", rel, accel ? accel : "VM", nodax);
}

/*
 * Each result's line name (the label given, else its kernel's) and its
 * colour: one per distinct name, in the order they first come, so that
 * a kernel has the same colour in every figure and its runs one line.
 */
static int name_lines(struct ctx *c)
{
	const struct plot_opts *o = c->o;
	size_t i, k, ncol = 0;

	c->labels = calloc(c->n, sizeof(*c->labels));
	c->colour = calloc(c->n, sizeof(*c->colour));
	if (!c->labels || !c->colour)
		return -ENOMEM;
	for (i = 0; i < c->n; i++) {
		c->labels[i] = o->labels ? strdup(o->labels[i]) :
					   plot_kernel_label(c->res[i]);
		if (!c->labels[i])
			return -ENOMEM;
		for (k = 0; k < i && strcmp(c->labels[k], c->labels[i]); k++)
			;
		c->colour[i] = k < i ? c->colour[k] : ncol++;
	}
	return 0;
}

/* Which figures scenario @s calls for; *@drawn: the kinds drawn. */
static int plot_scenario(struct ctx *c, const struct pscn *s,
			 unsigned int *drawn)
{
	const char *why = "not in the results";
	size_t pi;
	int rc = 0;

	if (pscn_sweeps(c, s, "file.size")) {
		rc = fig_scan_cost(c, s);
		*drawn |= 1;
	}
	if (!rc && pscn_sweeps(c, s, "pinners.threads")) {
		rc = fig_threads(c, s);
		*drawn |= 2;
	}
	if (!rc && pscn_sweeps(c, s, "pinners.hold")) {
		rc = fig_hold(c, s);
		*drawn |= 4;
	}
	if (!rc && pscn_has_metric(c, s, "op_latency", &why)) {
		for (pi = 0; !rc && pi < s->npts; pi++)
			rc = fig_cdf(c, s, pi);
		*drawn |= 8;
	}
	why = "not in the results";
	if (!rc && pscn_has_metric(c, s, "busy_scan_calls", &why))
		rc = fig_calls(c, s);
	else if (!rc)
		rc = plot_skip(c,
			       "busy-scan calls histogram for %s: "
			       "busy_scan_calls unmeasured (%s)",
			       s->name, why);
	return rc;
}

/* Each kind of figure that no scenario had the data for. */
static int plot_undrawn(struct ctx *c, unsigned int drawn)
{
	int rc = 0;

	if (!(drawn & 1))
		rc = plot_skip(c, "scan cost vs mapping size: no result sweeps "
				  "file.size");
	if (!rc && !(drawn & 2))
		rc = plot_skip(c, "op latency vs pinner threads: no result "
				  "sweeps pinners.threads");
	if (!rc && !(drawn & 4))
		rc = plot_skip(c, "vmsplice hold vs op latency: no result "
				  "sweeps pinners.hold");
	if (!rc && !(drawn & 8))
		rc = plot_skip(c, "op latency CDF: no op_latency samples");
	return rc;
}

/* The figures of each scenario, its results together, in their order. */
static int by_scenario(struct ctx *c, unsigned int *drawn)
{
	size_t *idx = calloc(c->n, sizeof(*idx)), i, k, m;
	bool *done = calloc(c->n, sizeof(*done));
	int rc = idx && done ? 0 : -ENOMEM;

	for (i = 0; !rc && i < c->n; i++) {
		const char *scn = compare_scenario_name(c->res[i]);
		struct pscn s;

		if (done[i])
			continue;
		for (m = 0, k = i; k < c->n; k++)
			if (!strcmp(compare_scenario_name(c->res[k]), scn)) {
				done[k] = true;
				idx[m++] = k;
			}
		rc = pscn_build(c, scn, idx, m, &s);
		if (!rc)
			rc = plot_scenario(c, &s, drawn);
		pscn_free(&s);
	}
	free(idx);
	free(done);
	return rc;
}

int plot_results(json_t *const *results, size_t n, const struct plot_opts *opts,
		 struct plot_report *rep, struct db_err *err)
{
	struct ctx c = {
		.o = opts, .rep = rep, .err = err, .res = results, .n = n
	};
	unsigned int drawn = 0;
	size_t i;
	int rc;

	memset(rep, 0, sizeof(*rep));
	rep->gnuplot = plot_gnuplot_path();
	if (mkdir(opts->dir, 0755) && errno != EEXIST)
		return db_err_set(err, -errno, "%s: cannot create: %s",
				  opts->dir, strerror(errno));
	rc = name_lines(&c);
	if (!rc)
		rc = by_scenario(&c, &drawn);
	if (!rc)
		rc = plot_undrawn(&c, drawn);
	if (rc == -ENOMEM)
		db_err_set(err, rc, "out of memory");
	for (i = 0; c.labels && i < n; i++)
		free(c.labels[i]);
	free(c.labels);
	free(c.colour);
	return rc;
}

void plot_free(struct plot_report *rep)
{
	size_t i;

	for (i = 0; i < rep->nfigs; i++) {
		free(rep->figs[i].name);
		free(rep->figs[i].title);
		free(rep->figs[i].scenario);
		json_decref(rep->figs[i].params);
	}
	free(rep->figs);
	compare_strv_free(rep->skipped, rep->nskipped);
	compare_strv_free(rep->failed, rep->nfailed);
	memset(rep, 0, sizeof(*rep));
}

int plot_parse_format(const char *s, struct plot_opts *o)
{
	o->png = !strcmp(s, "png") || !strcmp(s, "both");
	o->svg = !strcmp(s, "svg") || !strcmp(s, "both");
	return o->png || o->svg ? 0 : -EINVAL;
}

bool plot_fig_shows(const struct plot_fig *g, const char *scenario,
		    const json_t *params)
{
	const char *key;
	json_t *v;

	if (strcmp(g->scenario, scenario))
		return false;
	json_object_foreach(g->params, key, v)
	{
		if (!json_equal(v, json_object_get(params, key)))
			return false;
	}
	return true;
}

void plot_print(const struct plot_report *rep, const struct plot_opts *o,
		const char *cmd, FILE *out, FILE *err, bool quiet)
{
	size_t i;

	for (i = 0; i < rep->nfailed; i++)
		fprintf(err, "daxbench %s: %s\n", cmd, rep->failed[i]);
	if (quiet)
		return;
	for (i = 0; i < rep->nfigs; i++)
		fprintf(out, "%s/%s: .gp .dat%s%s\n", o->dir, rep->figs[i].name,
			rep->figs[i].rendered && o->png ? " .png" : "",
			rep->figs[i].rendered && o->svg ? " .svg" : "");
	for (i = 0; i < rep->nskipped; i++)
		fprintf(out, "skipped: %s\n", rep->skipped[i]);
	if (rep->gnuplot_missing)
		fprintf(err,
			"daxbench %s: warning: %s: not found: images not "
			"drawn; install gnuplot (Debian/Ubuntu: apt-get "
			"install gnuplot-nox) and run 'gnuplot NAME.gp' in "
			"%s, or set GNUPLOT\n",
			cmd, rep->gnuplot, o->dir);
}
