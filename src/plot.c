// SPDX-License-Identifier: GPL-2.0-only
/*
 * Figures from results (see plot.h): the results grouped by scenario and
 * their lines named, the report of what was drawn and skipped. What each
 * figure draws is plot-draw.c's, the files of a figure plot-fig.c's.
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

const char *plot_gnuplot_path(void)
{
	const char *g = getenv("GNUPLOT");

	return g && *g ? g : GNUPLOT_PATH;
}

int plot_skip(struct ctx *c, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = db_vasprintf(fmt, ap);
	va_end(ap);
	return compare_strv_add(&c->rep->skipped, &c->rep->nskipped, s);
}

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

	if (!rel)
		rel = "unknown kernel";
	if (!json_is_object(vm))
		return db_asprintf("%s", rel);
	return db_asprintf("%s (%s)", rel, accel ? accel : "VM");
}

/* "LABEL run TAIL": the run id's random tail tells runs apart. */
static int add_run_id(struct ctx *c, size_t i)
{
	const char *id =
		json_string_value(json_object_get(c->res[i], "run_id"));
	const char *tail = id ? strrchr(id, '-') : NULL;
	char *l = db_asprintf("%s run %s", c->labels[i], tail ? tail + 1 : id);

	if (!l)
		return -ENOMEM;
	free(c->labels[i]);
	c->labels[i] = l;
	return 0;
}

/* Each result's line name: the label given, else its kernel's. */
static int name_lines(struct ctx *c)
{
	const struct plot_opts *o = c->o;
	bool *dup = calloc(c->n, sizeof(*dup));
	size_t i, k;
	int rc = 0;

	c->labels = calloc(c->n, sizeof(*c->labels));
	if (!c->labels || !dup)
		rc = -ENOMEM;
	for (i = 0; !rc && i < c->n; i++) {
		c->labels[i] = o->labels ? strdup(o->labels[i]) :
					   plot_kernel_label(c->res[i]);
		if (!c->labels[i])
			rc = -ENOMEM;
	}
	/* the same kernel twice: tell the lines apart by run id */
	for (i = 0; !rc && !o->labels && i < c->n; i++)
		for (k = 0; k < c->n; k++)
			dup[i] |= k != i && !strcmp(c->labels[i], c->labels[k]);
	for (i = 0; !rc && !o->labels && i < c->n; i++)
		if (dup[i])
			rc = add_run_id(c, i);
	free(dup);
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

		if (done[i])
			continue;
		for (m = 0, k = i; k < c->n; k++)
			if (!strcmp(compare_scenario_name(c->res[k]), scn)) {
				done[k] = true;
				idx[m++] = k;
			}
		rc = plot_scenario(c, scn, idx, m, drawn);
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
	return rc;
}

void plot_free(struct plot_report *rep)
{
	size_t i;

	for (i = 0; i < rep->nfigs; i++) {
		free(rep->figs[i].name);
		free(rep->figs[i].title);
		free(rep->figs[i].scenario);
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

void plot_print(const struct plot_report *rep, const struct plot_opts *o,
		const char *cmd, FILE *out, FILE *warn)
{
	size_t i;

	for (i = 0; i < rep->nfigs; i++)
		fprintf(out, "%s/%s: .gp .dat%s%s\n", o->dir, rep->figs[i].name,
			rep->figs[i].rendered && o->png ? " .png" : "",
			rep->figs[i].rendered && o->svg ? " .svg" : "");
	for (i = 0; i < rep->nskipped; i++)
		fprintf(out, "skipped: %s\n", rep->skipped[i]);
	for (i = 0; i < rep->nfailed; i++)
		fprintf(warn, "daxbench %s: %s\n", cmd, rep->failed[i]);
	if (rep->gnuplot_missing)
		fprintf(warn,
			"daxbench %s: warning: %s: not found: images not "
			"drawn; install gnuplot (Debian/Ubuntu: apt-get "
			"install gnuplot-nox) and run 'gnuplot NAME.gp' in "
			"%s, or set GNUPLOT\n",
			cmd, rep->gnuplot, o->dir);
}
