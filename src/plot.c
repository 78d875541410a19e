// SPDX-License-Identifier: GPL-2.0-only
/*
 * Figures from results (see plot.h). Each figure's numbers go to
 * NAME.dat as gnuplot "index" blocks, one per line drawn, and NAME.gp
 * plots them by relative name, so the pair can be moved, edited and
 * rerun anywhere. gnuplot is run (child.h) in the output directory;
 * when it is missing the .gp/.dat files are still written and the caller
 * says which package to install.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "compare.h"
#include "plot.h"
#include "stats.h"
#include "stats2.h"

#define CDF_POINTS 1000 /* a CDF line needs no more to look smooth */

static const char *const colours[] = {
	"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e",
	"#9467bd", "#8c564b", "#e377c2", "#17becf",
};
#define NCOLOURS (sizeof(colours) / sizeof(colours[0]))

struct ctx {
	const struct plot_opts *o;
	struct plot_report *rep;
	struct db_err *err;
	json_t *const *res;
	char **labels;
	size_t n;
};

struct fig {
	struct ctx *c;
	char *name, *title;
	const char *scn; /* the scenario drawn */
	long point; /* the point drawn (index in the first result), or -1 */
	double ymin, ymax; /* of the values drawn, for the y scale */
	bool auto_logy; /* log y when they span more than two decades */
	FILE *dat;
	char *clauses; /* the plot command's clauses */
	size_t clauses_len;
	FILE *cl;
	int blocks;
	char setup[1024]; /* axes, labels, scales */
};

const char *plot_gnuplot_path(void)
{
	const char *g = getenv("GNUPLOT");

	return g && *g ? g : GNUPLOT_PATH;
}

/* gnuplot strings are double-quoted here: keep quotes out of them */
static void unquote(char *s)
{
	for (; *s; s++)
		if (*s == '"' || *s == '\\')
			*s = '\'';
}

/* A file name from a scenario name: only [A-Za-z0-9._-]. */
static void safe_name(char *s)
{
	for (; *s; s++)
		if (!(('a' <= *s && *s <= 'z') || ('A' <= *s && *s <= 'Z') ||
		      ('0' <= *s && *s <= '9') || *s == '.' || *s == '-' ||
		      *s == '_'))
			*s = '_';
}

static int skip(struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int skip(struct ctx *c, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = db_vasprintf(fmt, ap);
	va_end(ap);
	return compare_strv_add(&c->rep->skipped, &c->rep->nskipped, s);
}

/* --- one figure ---------------------------------------------------- */

static char *kernels_of(struct ctx *c, const size_t *idx, size_t n);

/* A figure titled "SCENARIO: WHAT - KERNELS" (kernels: second line). */
static int fig_begin(struct ctx *c, struct fig *f, const char *kind,
		     const char *scn, const char *suffix, const size_t *idx,
		     size_t n, const char *what)
{
	char *kern = kernels_of(c, idx, n);
	char *path;

	memset(f, 0, sizeof(*f));
	f->c = c;
	f->scn = scn;
	f->point = -1;
	f->ymin = INFINITY;
	f->ymax = -INFINITY;
	f->name = db_asprintf("%s-%s%s", kind, scn, suffix ? suffix : "");
	f->title = db_asprintf("%s: %s - %s", scn, what, kern ? kern : "?");
	free(kern);
	if (!f->name || !f->title)
		return -ENOMEM;
	safe_name(f->name);
	unquote(f->title);
	path = db_asprintf("%s/%s.dat", c->o->dir, f->name);
	if (!path)
		return -ENOMEM;
	f->dat = fopen(path, "w");
	if (!f->dat) {
		int rc = db_err_set(c->err, -errno, "%s: cannot create: %s",
				    path, strerror(errno));

		free(path);
		return rc;
	}
	free(path);
	fprintf(f->dat,
		"# daxbench plot: %s\n# read by %s.gp; blocks are "
		"gnuplot 'index' numbers in order\n",
		f->title, f->name);
	f->cl = open_memstream(&f->clauses, &f->clauses_len);
	return f->cl ? 0 : -ENOMEM;
}

/* Start a block of NAME.dat; @style follows "using ..." in the clause. */
static void fig_block(struct fig *f, const char *label, const char *using,
		      const char *style)
{
	char *l = strdup(label ? label : "");

	if (l)
		unquote(l);
	fprintf(f->dat, "\n\n# block %d: %s\n", f->blocks, l ? l : "");
	fprintf(f->cl, "%s'%s.dat' index %d using %s %s title \"%s\"",
		ftell(f->cl) ? ", \\\n     " : "", f->name, f->blocks, using,
		style, l ? l : "");
	free(l);
	f->blocks++;
}

/* A clause that is not data (a fitted line, y = x). */
static void fig_func(struct fig *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fig_func(struct fig *f, const char *fmt, ...)
{
	va_list ap;

	if (ftell(f->cl))
		fputs(", \\\n     ", f->cl);
	va_start(ap, fmt);
	vfprintf(f->cl, fmt, ap);
	va_end(ap);
}

/* Note a value drawn on the y axis. */
static void fig_y(struct fig *f, double y)
{
	if (y > 0 && y < f->ymin)
		f->ymin = y;
	if (y > f->ymax)
		f->ymax = y;
}

/* Remove NAME.log: gnuplot drew the figure, or never ran. */
static void drop_log(struct ctx *c, const char *log)
{
	char *p = db_asprintf("%s/%s", c->o->dir, log);

	if (p)
		unlink(p);
	free(p);
}

/*
 * Run gnuplot on NAME.gp in the output directory, its output to
 * NAME.log. Returns 1 when it drew the figure; 0 when gnuplot is missing
 * or failed (then listed in rep->failed), or -errno.
 */
static int run_gnuplot(struct ctx *c, const struct plot_fig *f)
{
	const char *gp = plot_gnuplot_path();
	char *log = NULL, *argv[] = { (char *)gp, NULL, NULL };
	struct child_io io = { .cwd = c->o->dir, .err_to_out = true };
	int rc = -ENOMEM, st;

	c->rep->gnuplot = gp;
	if (c->rep->gnuplot_missing)
		return 0;
	io.out_path = log = db_asprintf("%s.log", f->name);
	argv[1] = db_asprintf("%s.gp", f->name);
	if (log && argv[1])
		rc = child_run(argv, &io, &st);
	if (rc == -ENOENT || rc == -EACCES || rc == -ENOTDIR) {
		/* plot_print() says so, once */
		c->rep->gnuplot_missing = true;
		drop_log(c, log);
		rc = 0;
	} else if (rc && rc != -ENOMEM) {
		rc = db_err_set(c->err, rc, "%s: %s", c->o->dir, strerror(-rc));
	} else if (!rc && !st) {
		drop_log(c, log); /* rendered: keep no empty log */
		rc = 1;
	} else if (!rc) {
		rc = compare_strv_add(
			&c->rep->failed, &c->rep->nfailed,
			db_asprintf("%s: gnuplot failed (%s %d), see %s/%s",
				    f->name, WIFEXITED(st) ? "exit" : "signal",
				    WIFEXITED(st) ? WEXITSTATUS(st) :
						    WTERMSIG(st),
				    c->o->dir, log));
	}
	free(argv[1]);
	free(log);
	return rc;
}

/* Titles are "what - kernels": the kernels go on a second line. */
static int title_split(const char *t)
{
	const char *d = strstr(t, " - ");

	return d ? (int)(d - t) : (int)strlen(t);
}

static const char *title_rest(const char *t)
{
	const char *d = strstr(t, " - ");

	return d ? d + 3 : "";
}

static int fig_end(struct fig *f)
{
	struct ctx *c = f->c;
	struct plot_fig *figs;
	char *path = NULL;
	FILE *gp = NULL;
	int rc = 0;

	fclose(f->cl);
	f->cl = NULL;
	if (fclose(f->dat))
		rc = db_err_set(c->err, -EIO, "%s.dat: write failed", f->name);
	f->dat = NULL;
	path = db_asprintf("%s/%s.gp", c->o->dir, f->name);
	if (!rc && path)
		gp = fopen(path, "w");
	if (!rc && !gp)
		rc = db_err_set(c->err, path ? -errno : -ENOMEM,
				"%s: cannot create: %s", path ? path : "?",
				strerror(errno));
	/* ms next to a 5 s stall marker: a linear axis shows neither */
	if (f->auto_logy && f->ymin > 0 && f->ymax / f->ymin > 100)
		strncat(f->setup, "set logscale y\n",
			sizeof(f->setup) - strlen(f->setup) - 1);
	if (!rc) {
		fprintf(gp,
			"# daxbench plot: %s\n"
			"# Edit freely, then rerun: gnuplot %s.gp\n"
			"# (reads %s.dat from this directory)\n"
			"set title \"%.*s\\n%s\" noenhanced\n"
			"set key below noenhanced\n"
			"set grid\n%s",
			f->title, f->name, f->name, title_split(f->title),
			f->title, title_rest(f->title), f->setup);
		if (c->o->png)
			fprintf(gp,
				"if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) "
				"{ set terminal pngcairo size 1100,650 "
				"noenhanced } else { set terminal png size "
				"1100,650 noenhanced }\n"
				"set output '%s.png'\nplot %s\nunset output\n",
				f->name, f->clauses);
		if (c->o->svg)
			fprintf(gp,
				"set terminal svg size 1100,650 noenhanced\n"
				"set output '%s.svg'\nplot %s\nunset output\n",
				f->name, f->clauses);
		if (fclose(gp))
			rc = db_err_set(c->err, -EIO, "%s: write failed", path);
	}
	free(path);
	figs = rc ? NULL :
		    realloc(c->rep->figs, (c->rep->nfigs + 1) * sizeof(*figs));
	if (!rc && !figs)
		rc = -ENOMEM;
	if (!rc) {
		c->rep->figs = figs;
		figs[c->rep->nfigs].name = f->name;
		figs[c->rep->nfigs].title = f->title;
		figs[c->rep->nfigs].rendered = false;
		figs[c->rep->nfigs].scenario = strdup(f->scn);
		figs[c->rep->nfigs].point = f->point;
		f->name = f->title = NULL;
		rc = run_gnuplot(c, &figs[c->rep->nfigs]);
		figs[c->rep->nfigs].rendered = rc == 1;
		c->rep->nfigs++;
		if (rc == 1)
			rc = 0;
	}
	free(f->clauses);
	free(f->name);
	free(f->title);
	return rc;
}

/* --- data helpers -------------------------------------------------- */

static const json_t *points(const json_t *r)
{
	return json_object_get(r, "points");
}

static bool sweeps(const json_t *r, const char *key)
{
	return json_object_get(json_object_get(json_object_get(r, "scenario"),
					       "sweep"),
			       key) != NULL;
}

/*
 * The samples of @metric at point @p of result @r without the ops that
 * stalled (a stall is drawn as one, never as a latency).
 */
static int values(const json_t *r, const json_t *p, const char *metric,
		  double **v, size_t *n)
{
	return compare_metric_values_censored(p, metric, compare_timeout_ns(r),
					      v, n, NULL);
}

/* median, p10, p90 of a metric's samples; false when there are none */
static bool med_p10_p90(const json_t *r, const json_t *p, const char *metric,
			double q[3])
{
	double *v;
	size_t n;

	if (values(r, p, metric, &v, &n) || !n) {
		free(v);
		return false;
	}
	q[0] = stats_quantile_sorted(v, n, 0.5);
	q[1] = stats_quantile_sorted(v, n, 0.1);
	q[2] = stats_quantile_sorted(v, n, 0.9);
	free(v);
	return true;
}

static double param_num(const json_t *p, const char *key)
{
	return json_number_value(
		json_object_get(json_object_get(p, "params"), key));
}

/* Kernels of the results of one scenario, for titles. */
static char *kernels_of(struct ctx *c, const size_t *idx, size_t n)
{
	char *s = strdup(""), *t;
	size_t i;

	for (i = 0; s && i < n; i++) {
		t = db_asprintf("%s%s%s", s, i ? " vs " : "",
				c->labels[idx[i]]);
		free(s);
		s = t;
	}
	return s;
}

/* Distinct group labels (params but @key) of result @r, in order. */
static int groups_of(const json_t *r, const char *key, char ***g, size_t *n)
{
	const json_t *p;
	size_t i, k;
	int rc = 0;

	json_array_foreach(points(r), i, p)
	{
		char *l =
			compare_point_label(json_object_get(p, "params"), key);

		if (!l)
			return -ENOMEM;
		for (k = 0; k < *n; k++)
			if (!strcmp((*g)[k], l))
				break;
		if (k < *n)
			free(l);
		else if ((rc = compare_strv_add(g, n, l)))
			return rc;
	}
	return 0;
}

/* "5 s" for a timeout of 5e9 ns: a legend reads better without ".00" */
static void fmt_timeout(double ns, char *buf, size_t len)
{
	if (ns >= 1e9)
		snprintf(buf, len, "%g s", ns / 1e9);
	else
		snprintf(buf, len, "%g ms", ns / 1e6);
}

/*
 * The points of result @ri where ops stalled, as a block of their own:
 * a distinct marker at the timeout (where the op was censored, not a
 * latency it had) and how many stalled. Returns 1 when it drew one.
 */
static int stall_marks(struct fig *f, size_t ri, const char *xkey,
		       double xscale, double yscale)
{
	const json_t *r = f->c->res[ri], *p;
	double tmo = compare_timeout_ns(r), xs[64];
	char label[512], style[160], t[32];
	size_t k, j, nx = 0, counts[64];
	struct compare_stalls st;
	int rc;

	if (isnan(tmo))
		return 0;
	/* one marker per x: the groups' markers would hide each other */
	json_array_foreach(points(r), k, p)
	{
		double x = param_num(p, xkey) * xscale;

		rc = compare_count_stalls(&p, (json_t *const *)&r, 1, &st);
		if (rc)
			return rc;
		for (j = 0; st.stalls && j < nx && xs[j] != x; j++)
			;
		if (!st.stalls || (j == nx && nx == 64))
			continue;
		if (j == nx) {
			xs[nx] = x;
			counts[nx++] = 0;
		}
		counts[j] += st.stalls;
	}
	if (nx) /* room for the labels of markers at the edges */
		strncat(f->setup, "set offsets graph 0.08, graph 0.08, 0, 0\n",
			sizeof(f->setup) - strlen(f->setup) - 1);
	for (j = 0; j < nx; j++) {
		if (!j) {
			fmt_timeout(tmo, t, sizeof(t));
			snprintf(label, sizeof(label),
				 "%s: stalled (censored at %s)",
				 f->c->labels[ri], t);
			snprintf(style, sizeof(style),
				 "with points pt 8 ps 2.5 lw 2 lc rgb '%s'",
				 colours[ri % NCOLOURS]);
			fig_block(f, label, "1:2", style);
			fig_func(f,
				 "'%s.dat' index %d using 1:2:(sprintf('%%d "
				 "stalled', $3)) with labels offset 0,-1.5 "
				 "tc rgb '%s' notitle",
				 f->name, f->blocks - 1,
				 colours[ri % NCOLOURS]);
		}
		fprintf(f->dat, "%.9g %.9g %zu\n", xs[j], tmo * yscale,
			counts[j]);
		fig_y(f, tmo * yscale);
	}
	return nx > 0;
}

/*
 * One line per result and group: x from @xkey's param (scaled by
 * @xscale), y the median of @metric with p10/p90 (scaled by @yscale).
 * Returns the number of blocks written.
 */
static int xy_lines(struct fig *f, const size_t *idx, size_t nidx,
		    const char *xkey, double xscale, const char *metric,
		    double yscale, bool fit_entries)
{
	struct ctx *c = f->c;
	size_t i, g, k;
	int blocks = 0, rc = 0;

	for (i = 0; !rc && i < nidx; i++) {
		const json_t *r = c->res[idx[i]];
		char **groups = NULL;
		size_t ng = 0;

		rc = groups_of(r, xkey, &groups, &ng);
		for (g = 0; !rc && g < ng; g++) {
			double xs[64], ys[64], per_entry = 0;
			size_t n = 0, rows = 0;
			const json_t *p;
			char label[512], style[128];

			snprintf(label, sizeof(label), "%s, %s",
				 c->labels[idx[i]], groups[g]);
			snprintf(style, sizeof(style),
				 "with yerrorlines lc rgb '%s' dt %zu pt %zu",
				 colours[i % NCOLOURS], g % 5 + 1, g + 4);
			fig_block(f, label, "1:2:3:4", style);
			json_array_foreach(points(r), k, p)
			{
				char *l = compare_point_label(
					json_object_get(p, "params"), xkey);
				const json_t *m = json_object_get(p, "mapping");
				double q[3], x;

				if (!l || strcmp(l, groups[g]) ||
				    !med_p10_p90(r, p, metric, q)) {
					free(l);
					continue;
				}
				free(l);
				x = param_num(p, xkey) * xscale;
				fprintf(f->dat, "%.9g %.9g %.9g %.9g\n", x,
					q[0] * yscale, q[1] * yscale,
					q[2] * yscale);
				fig_y(f, q[1] * yscale);
				fig_y(f, q[2] * yscale);
				rows++;
				if (fit_entries && n < 64 &&
				    json_integer_value(json_object_get(
					    m, "xarray_entries")) > 0) {
					double e = (double)json_integer_value(
						json_object_get(
							m, "xarray_entries"));

					xs[n] = e;
					ys[n++] = q[0] * yscale;
					per_entry = x / e;
				}
			}
			/*
			 * every op of the group stalled: an empty block would
			 * merge with the next one and shift gnuplot's index
			 */
			if (!rows)
				fputs("NaN NaN NaN NaN\n", f->dat);
			blocks++;
			if (fit_entries && n >= 2) {
				struct stats2_fit fit;

				if (stats2_linfit(xs, ys, n, &fit))
					continue;
				fig_func(f,
					 "%.9g + %.9g * x / %.9g lc rgb '%s' "
					 "dt %zu lw 1 title \"fit: %.3g + "
					 "%.3g per entry, R2 %.3f\"",
					 fit.a, fit.b, per_entry,
					 colours[i % NCOLOURS], g % 5 + 1,
					 fit.a, fit.b, fit.r2);
			}
		}
		compare_strv_free(groups, ng);
		if (!rc && !strcmp(metric, "op_latency"))
			rc = stall_marks(f, idx[i], xkey, xscale, yscale);
		blocks += rc > 0;
		rc = rc > 0 ? 0 : rc;
	}
	return rc ? rc : blocks;
}

/* --- the figures --------------------------------------------------- */

static bool all_points_have(const struct ctx *c, const size_t *idx, size_t n,
			    const char *metric)
{
	const json_t *p;
	size_t i, k;

	for (i = 0; i < n; i++) {
		json_array_foreach(points(c->res[idx[i]]), k, p)
		{
			if (!json_object_get(json_object_get(p, "metrics"),
					     metric))
				return false;
		}
	}
	return true;
}

static int fig_scan_cost(struct ctx *c, const char *scn, const size_t *idx,
			 size_t n)
{
	const char *metric =
		all_points_have(c, idx, n, "busy_scan_time_per_call") ?
			"busy_scan_time_per_call" :
			"op_latency";
	char what[128];
	struct fig f;
	int rc;

	snprintf(what, sizeof(what), "%s vs mapping size (median, p10-p90)",
		 metric);
	rc = fig_begin(c, &f, "scan-cost", scn, NULL, idx, n, what);
	if (rc)
		return rc;
	snprintf(f.setup, sizeof(f.setup),
		 "set logscale xy\nset xlabel 'mapping size (MiB)'\n"
		 "set ylabel '%s (us), median' noenhanced\n",
		 metric);
	rc = xy_lines(&f, idx, n, "file.size", 1.0 / (1 << 20), metric, 1e-3,
		      true);
	return rc < 0 ? rc : fig_end(&f);
}

static int fig_threads(struct ctx *c, const char *scn, const size_t *idx,
		       size_t n)
{
	const char *method = json_string_value(json_object_get(
		json_object_get(json_object_get(c->res[idx[0]], "scenario"),
				"pinners"),
		"method"));
	char what[160];
	struct fig f;
	int rc;

	snprintf(what, sizeof(what),
		 "op latency vs pinner threads (%s pinners; median, p10-p90)",
		 sweeps(c->res[idx[0]], "pinners.method") ? "per method" :
		 method					  ? method :
							    "?");
	rc = fig_begin(c, &f, "threads", scn, NULL, idx, n, what);
	if (rc)
		return rc;
	f.auto_logy = true;
	snprintf(f.setup, sizeof(f.setup),
		 "set logscale x 2\nset xlabel 'pinner threads'\n"
		 "set ylabel 'op latency (ms)'\n");
	rc = xy_lines(&f, idx, n, "pinners.threads", 1, "op_latency", 1e-6,
		      false);
	return rc < 0 ? rc : fig_end(&f);
}

static int fig_hold(struct ctx *c, const char *scn, const size_t *idx, size_t n)
{
	struct fig f;
	int rc;

	rc = fig_begin(c, &f, "hold", scn, NULL, idx, n,
		       "vmsplice hold vs op latency (median, p10-p90)");
	if (rc)
		return rc;
	f.auto_logy = true;
	snprintf(f.setup, sizeof(f.setup),
		 "set xlabel 'pinners.hold (ms)'\nset ylabel 'op latency "
		 "(ms)'\n");
	rc = xy_lines(&f, idx, n, "pinners.hold", 1e-6, "op_latency", 1e-6,
		      false);
	if (rc < 0)
		return rc;
	fig_func(&f, "x lc rgb 'gray' dt 3 title \"y = x (the op waits out "
		     "the pin)\"");
	return fig_end(&f);
}

/*
 * The stalled ops of one line of a CDF: a marker at the timeout, where
 * they were censored, spanning the share of ops they are.
 */
static void cdf_stalls(struct fig *f, const char *kernel, size_t i,
		       const struct compare_stalls *st, size_t nv)
{
	double all = (double)(nv + st->stalls);
	char label[512], style[128], t[32];

	fmt_timeout(st->timeout_ns, t, sizeof(t));
	snprintf(label, sizeof(label), "%s: %zu stalled (censored at %s)",
		 kernel, st->stalls, t);
	snprintf(style, sizeof(style),
		 "with linespoints pt 8 ps 2.5 lw 2 dt 2 lc rgb '%s'",
		 colours[i % NCOLOURS]);
	fig_block(f, label, "1:2", style);
	fprintf(f->dat, "%.9g %.9g\n%.9g 1\n", st->timeout_ns * 1e-6,
		(double)nv / all, st->timeout_ns * 1e-6);
}

static int fig_cdf(struct ctx *c, const char *scn, const size_t *idx, size_t n,
		   size_t pi)
{
	const json_t *p0 = json_array_get(points(c->res[idx[0]]), pi);
	const json_t *params = json_object_get(p0, "params");
	char *label = compare_point_label(params, NULL), *what, suffix[32];
	struct compare_stalls st;
	size_t i, k, m;
	struct fig f;
	double all;
	int rc;

	what = db_asprintf("op latency CDF at [%s]", label ? label : "?");
	free(label);
	snprintf(suffix, sizeof(suffix), "-p%zu", pi + 1);
	rc = what ? fig_begin(c, &f, "cdf", scn, suffix, idx, n, what) :
		    -ENOMEM;
	free(what);
	if (rc)
		return rc;
	f.point = (long)pi;
	snprintf(f.setup, sizeof(f.setup),
		 "set logscale x\nset xlabel 'op latency (ms)'\n"
		 "set ylabel 'fraction of ops <= x'\nset yrange [0:1]\n"
		 "set key bottom right inside\n");
	for (i = 0; i < n; i++) {
		const json_t *r = c->res[idx[i]], *p, *hit = NULL;
		char style[96];
		double *v;
		size_t nv;

		json_array_foreach(points(r), k, p)
		{
			if (json_equal(json_object_get(p, "params"), params))
				hit = p;
		}
		if (!hit || values(r, hit, "op_latency", &v, &nv))
			continue;
		rc = compare_count_stalls(&hit, (json_t *const *)&r, 1, &st);
		if (rc) {
			free(v);
			return rc;
		}
		/* of all ops: a point with stalls never reaches 1 */
		all = (double)(nv + st.stalls);
		snprintf(style, sizeof(style), "with steps lc rgb '%s' lw 2",
			 colours[i % NCOLOURS]);
		fig_block(&f, c->labels[idx[i]], "1:2", style);
		m = nv < CDF_POINTS ? nv : CDF_POINTS;
		if (!m) /* every op stalled: keep gnuplot's index in step */
			fputs("NaN NaN\n", f.dat);
		for (k = 0; k < m; k++) {
			/* every sample, or CDF_POINTS evenly spaced ranks */
			double q = m == nv ? (double)(k + 1) / (double)nv :
					     (double)(k + 1) / (double)m;
			double x = m == nv ? v[k] :
					     stats_quantile_sorted(v, nv, q);

			fprintf(f.dat, "%.9g %.9g\n", x * 1e-6,
				q * (double)nv / all);
		}
		free(v);
		if (st.stalls && !isnan(st.timeout_ns))
			cdf_stalls(&f, c->labels[idx[i]], i, &st, nv);
	}
	return fig_end(&f);
}

/* busy_scan_calls of one result, binned: @counts[64] is ">= 64". */
static uint64_t calls_counts(const json_t *res, uint64_t counts[65])
{
	uint64_t total = 0;
	const json_t *p;
	size_t k, j;

	json_array_foreach(points(res), k, p)
	{
		double *v;
		size_t nv;

		if (values(res, p, "busy_scan_calls", &v, &nv))
			continue;
		for (j = 0; j < nv; j++)
			counts[v[j] < 64 ? (size_t)v[j] : 64]++;
		total += nv;
		free(v);
	}
	return total;
}

static int fig_calls(struct ctx *c, const char *scn, const size_t *idx,
		     size_t n)
{
	double w = 0.8 / (double)n;
	uint64_t(*counts)[65], *total, all = 0;
	size_t i, j;
	char style[160];
	struct fig f;
	int rc;

	counts = calloc(n, sizeof(*counts));
	total = calloc(n, sizeof(*total));
	if (!counts || !total) {
		free(counts);
		free(total);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		all += total[i] = calls_counts(c->res[idx[i]], counts[i]);
	/* every op of every side stalled: gnuplot has nothing to draw */
	rc = all ? fig_begin(c, &f, "scan-calls", scn, NULL, idx, n,
			     "busy-scan calls per op (1 + retries), all "
			     "points") :
		   skip(c,
			"busy-scan calls histogram for %s: no samples (every "
			"op stalled)",
			scn);
	if (rc || !all)
		goto out;
	snprintf(f.setup, sizeof(f.setup),
		 "set xlabel 'busy-scan calls per op'\nset ylabel 'fraction "
		 "of ops'\nset style fill solid 0.6 border -1\n"
		 "set boxwidth %.3f\nset xtics 1\nset yrange [0:*]\n",
		 w);
	for (i = 0; i < n; i++) {
		snprintf(style, sizeof(style), "with boxes lc rgb '%s'",
			 colours[i % NCOLOURS]);
		fig_block(&f, c->labels[idx[i]], "($1 + $3):2", style);
		if (!total[i]) /* every op stalled: keep the index in step */
			fputs("NaN NaN NaN\n", f.dat);
		for (j = 0; j < 65; j++)
			if (counts[i][j])
				fprintf(f.dat, "%zu %.9g %.3f\n", j,
					(double)counts[i][j] / (double)total[i],
					((double)i - (double)(n - 1) / 2) * w);
	}
	rc = fig_end(&f);
out:
	free(counts);
	free(total);
	return rc;
}

/* --- driver -------------------------------------------------------- */

static bool any_metric(const struct ctx *c, const size_t *idx, size_t n,
		       const char *metric, const char **why)
{
	const json_t *p;
	size_t i, k;

	for (i = 0; i < n; i++)
		json_array_foreach(points(c->res[idx[i]]), k, p)
		{
			const char *u = json_string_value(json_object_get(
				json_object_get(p, "unmeasured"), metric));

			if (json_object_get(json_object_get(p, "metrics"),
					    metric))
				return true;
			if (u)
				*why = u;
		}
	return false;
}

static int plot_scenario(struct ctx *c, const char *scn, const size_t *idx,
			 size_t n, unsigned int *drawn)
{
	const json_t *r0 = c->res[idx[0]];
	const char *why = "not in the results";
	size_t pi;
	int rc = 0;

	if (sweeps(r0, "file.size")) {
		rc = fig_scan_cost(c, scn, idx, n);
		*drawn |= 1;
	}
	if (!rc && sweeps(r0, "pinners.threads")) {
		rc = fig_threads(c, scn, idx, n);
		*drawn |= 2;
	}
	if (!rc && sweeps(r0, "pinners.hold")) {
		rc = fig_hold(c, scn, idx, n);
		*drawn |= 4;
	}
	if (!rc && any_metric(c, idx, n, "op_latency", &why)) {
		for (pi = 0; !rc && pi < json_array_size(points(r0)); pi++)
			rc = fig_cdf(c, scn, idx, n, pi);
		*drawn |= 8;
	}
	why = "not in the results";
	if (!rc && any_metric(c, idx, n, "busy_scan_calls", &why)) {
		rc = fig_calls(c, scn, idx, n);
		*drawn |= 16;
	} else if (!rc) {
		rc = skip(c,
			  "busy-scan calls histogram for %s: "
			  "busy_scan_calls unmeasured (%s)",
			  scn, why);
	}
	return rc;
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

int plot_results(json_t *const *results, size_t n, const struct plot_opts *opts,
		 struct plot_report *rep, struct db_err *err)
{
	struct ctx c = {
		.o = opts, .rep = rep, .err = err, .res = results, .n = n
	};
	unsigned int drawn = 0;
	size_t i, k, *idx;
	bool *done;
	int rc = 0;

	memset(rep, 0, sizeof(*rep));
	rep->gnuplot = plot_gnuplot_path();
	if (mkdir(opts->dir, 0755) && errno != EEXIST)
		return db_err_set(err, -errno, "%s: cannot create: %s",
				  opts->dir, strerror(errno));
	c.labels = calloc(n, sizeof(*c.labels));
	idx = calloc(n, sizeof(*idx));
	done = calloc(n, sizeof(*done));
	if (!c.labels || !idx || !done) {
		rc = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		c.labels[i] = opts->labels ? strdup(opts->labels[i]) :
					     plot_kernel_label(results[i]);
		if (!c.labels[i]) {
			rc = -ENOMEM;
			goto out;
		}
	}
	/* the same kernel twice: tell the lines apart by run id */
	for (i = 0; !opts->labels && i < n; i++)
		for (k = 0; k < n; k++)
			done[i] |= k != i && !strcmp(c.labels[i], c.labels[k]);
	for (i = 0; !opts->labels && i < n; i++)
		if (done[i]) {
			const char *id = json_string_value(
				json_object_get(results[i], "run_id"));
			/* the run id's random tail tells runs apart */
			const char *tail = id ? strrchr(id, '-') : NULL;
			char *l = db_asprintf("%s run %s", c.labels[i],
					      tail ? tail + 1 : id);

			done[i] = false;
			if (!l) {
				rc = -ENOMEM;
				goto out;
			}
			free(c.labels[i]);
			c.labels[i] = l;
		}
	for (i = 0; !rc && i < n; i++) {
		const char *scn = compare_scenario_name(results[i]);
		size_t m = 0;

		if (done[i])
			continue;
		for (k = i; k < n; k++)
			if (!strcmp(compare_scenario_name(results[k]), scn)) {
				done[k] = true;
				idx[m++] = k;
			}
		rc = plot_scenario(&c, scn, idx, m, &drawn);
	}
	if (!rc && !(drawn & 1))
		rc = skip(&c, "scan cost vs mapping size: no result sweeps "
			      "file.size");
	if (!rc && !(drawn & 2))
		rc = skip(&c, "op latency vs pinner threads: no result sweeps "
			      "pinners.threads");
	if (!rc && !(drawn & 4))
		rc = skip(&c, "vmsplice hold vs op latency: no result sweeps "
			      "pinners.hold");
	if (!rc && !(drawn & 8))
		rc = skip(&c, "op latency CDF: no op_latency samples");
out:
	if (rc == -ENOMEM)
		db_err_set(err, rc, "out of memory");
	for (i = 0; c.labels && i < n; i++)
		free(c.labels[i]);
	free(c.labels);
	free(idx);
	free(done);
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
