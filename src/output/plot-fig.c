// SPDX-License-Identifier: GPL-2.0-only
/*
 * One figure's files (see plot-int.h): its numbers go to NAME.dat as
 * gnuplot "index" blocks, one per line drawn, and NAME.gp plots them by
 * relative name, so the pair can be moved, edited and rerun anywhere.
 * NAME is the figure's kind, scenario and point, made safe for a file
 * name. NAME.gp lays the figure out in pixels: the image grows with its
 * title and legend, so that both stay inside it whatever their length,
 * and the axes span the data. gnuplot is run (child.h) in the output
 * directory; when it is missing the .gp/.dat files are still written
 * and the caller says which package to install.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "compare.h"
#include "plot-int.h"
#include "sort.h"

/* gnuplot strings are double-quoted here: keep quotes out of them */
static void unquote(char *s)
{
	for (; *s; s++)
		if (*s == '"' || *s == '\\')
			*s = '\'';
}

/* Layout, in pixels: wide enough for a 100-character title line. */
#define FIG_W 1100
#define FIG_PLOT_H 440 /* the plot area itself */
#define FIG_ROW 17 /* a line of text: gnuplot's is 15.5 at this font */
#define FIG_XAXIS 60 /* the x tics and label under the plot */
#define TITLE_COLS 96 /* a title line wraps here */

/* A name for a file: [A-Za-z0-9._-] only; ' ' is '_', '=' is '-'. */
static void safe_name(char *s)
{
	for (; *s; s++)
		if (*s == '=')
			*s = '-';
		else if (!(('a' <= *s && *s <= 'z') ||
			   ('A' <= *s && *s <= 'Z') ||
			   ('0' <= *s && *s <= '9') || *s == '.' || *s == '-' ||
			   *s == '_'))
			*s = '_';
}

/* A name no figure of this call has yet: "-2", "-3" ... when taken. */
static char *unique_name(struct ctx *c, const char *stem)
{
	char *name = strdup(stem);
	size_t i, k = 1;

	for (i = 0; name && i < c->rep->nfigs; i++) {
		if (strcmp(c->rep->figs[i].name, name))
			continue;
		free(name);
		name = db_asprintf("%s-%zu", stem, ++k);
		i = (size_t)-1; /* check the new name from the start */
	}
	return name;
}

/*
 * @t with a newline where a line would pass TITLE_COLS (at its last
 * space, or inside a word that long), malloc'd: gnuplot centres a
 * title and cuts what passes either edge of the image.
 */
static char *wrap(const char *t)
{
	char *out = malloc(2 * strlen(t) + 1), *line, *space = NULL, *o;

	if (!out)
		return NULL;
	for (o = line = out; *t; t++) {
		*o = *t;
		if (*o == '\n')
			line = o + 1, space = NULL;
		else if (*o == ' ')
			space = o;
		o++;
		if (o - line <= TITLE_COLS || !t[1])
			continue;
		if (space) {
			*space = '\n';
			line = space + 1;
		} else {
			*o++ = '\n';
			line = o;
		}
		space = NULL;
	}
	*o = '\0';
	return out;
}

int fig_begin(struct ctx *c, struct fig *f, const char *kind,
	      const struct pscn *s, const char *point, const char *what)
{
	size_t i, pooled = 0;
	char *path, *stem, *t;

	memset(f, 0, sizeof(*f));
	f->c = c;
	f->scn = s->name;
	f->kind = kind;
	f->xmin = f->ymin = INFINITY;
	f->xmax = f->ymax = -INFINITY;
	for (i = 0; i < s->nser; i++)
		pooled += s->ser[i].nruns > 1;
	stem = db_asprintf("%s-%s%s%s", kind, s->name,
			   point && *point ? "-" : "", point ? point : "");
	if (stem)
		safe_name(stem);
	f->name = stem ? unique_name(c, stem) : NULL;
	free(stem);
	t = db_asprintf("%s: %s%s", s->name, what,
			pooled ? "\n(each kernel's runs pooled)" : "");
	f->title = t ? wrap(t) : NULL;
	free(t);
	if (!f->name || !f->title)
		return -ENOMEM;
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
		s->name, f->name);
	f->cl = open_memstream(&f->clauses, &f->clauses_len);
	return f->cl ? 0 : -ENOMEM;
}

/* Start a block of NAME.dat; @style follows "using ..." in the clause. */
void fig_block(struct fig *f, const char *label, const char *using,
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
	f->keys++;
}

/* A clause that is not data (a fitted line, y = x), titled or not. */
void fig_func(struct fig *f, const char *title, const char *fmt, ...)
{
	char *t = title ? strdup(title) : NULL;
	va_list ap;

	if (ftell(f->cl))
		fputs(", \\\n     ", f->cl);
	va_start(ap, fmt);
	vfprintf(f->cl, fmt, ap);
	va_end(ap);
	if (t) {
		unquote(t);
		fprintf(f->cl, " title \"%s\"", t);
		f->keys++;
	} else {
		fputs(" notitle", f->cl);
	}
	free(t);
}

/* Note a point drawn: its x (NaN: none) and y (only > 0 counts). */
void fig_xy(struct fig *f, double x, double y)
{
	size_t k;

	if (!isnan(x)) {
		f->xmin = x < f->xmin ? x : f->xmin;
		f->xmax = x > f->xmax ? x : f->xmax;
		for (k = 0; k < f->nxs && f->xs[k] != x; k++)
			;
		if (k == f->nxs && k < PLOT_MAX_X)
			f->xs[f->nxs++] = x;
	}
	if (y > 0 && y < f->ymin)
		f->ymin = y;
	if (y > 0 && y > f->ymax)
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

/* The 1, 2 or 5 times a power of 10 nearest above @x. */
static double nice_step(double x)
{
	double d = pow(10, floor(log10(x))), m = x / d;

	return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * d;
}

/* The round step below @step: 10 -> 5 -> 2 -> 1 -> 0.5 ... */
static double smaller_step(double step)
{
	double d = pow(10, floor(log10(step) + 1e-9)), m = step / d;

	return m > 4 ? 2 * d : m > 1.5 ? d : d / 2;
}

/*
 * Tics on a log axis over [@lo, @hi] that a reader can read: gnuplot
 * labels only the decades, so an axis within one (2-9 ms) showed one
 * lone "10". Every 1, 2 and 5 of each decade; where that makes fewer
 * than 3 labels, every digit; fewer still (an axis within a factor of
 * 3), evenly spaced round values.
 */
static void log_tics(FILE *gp, char axis, double lo, double hi)
{
	static const int steps[2][9] = { { 1, 2, 5 },
					 { 1, 2, 3, 4, 5, 6, 7, 8, 9 } };
	static const int nsteps[2] = { 3, 9 };
	double d, v, step;
	int pass, k, n = 0, sep = 0;

	if (!(lo > 0) || !(hi > lo))
		return;
	for (pass = 0; pass < 2 && n < 3; pass++) {
		n = 0;
		for (d = pow(10, floor(log10(lo))); d <= hi; d *= 10)
			for (k = 0; k < nsteps[pass]; k++) {
				v = steps[pass][k] * d;
				n += v >= lo && v <= hi;
			}
	}
	fprintf(gp, "set %ctics (", axis);
	if (n >= 3) {
		for (d = pow(10, floor(log10(lo))); d <= hi; d *= 10)
			for (k = 0; k < nsteps[pass - 1]; k++) {
				v = steps[pass - 1][k] * d;
				if (v >= lo && v <= hi)
					fprintf(gp, "%s%.6g", sep++ ? ", " : "",
						v);
			}
	} else {
		/* the largest round step that still gives 3 labels */
		for (step = nice_step((hi - lo) / 2);
		     floor(hi / step) - ceil(lo / step) < 2;)
			step = smaller_step(step);
		for (v = ceil(lo / step) * step; v <= hi * (1 + 1e-9);
		     v += step)
			fprintf(gp, "%s%.6g", sep++ ? ", " : "", v);
	}
	fputs(")\n", gp);
}

/*
 * The axes span the data: gnuplot's autoscale widens a log axis to
 * whole decades (2-16 MiB drawn over 1-100). The x tics are the values
 * swept, when the caller asks and there are few enough to read.
 */
static void fig_axes(struct fig *f, FILE *gp)
{
	double lo = f->xmin, hi = f->xmax, pad;
	size_t k;

	if (f->logx)
		fputs("set logscale x\n", gp);
	if (f->logy)
		fputs("set logscale y\n", gp);
	if (f->nxs && f->logx && lo > 0) {
		fprintf(gp, "set xrange [%.6g:%.6g]\n", lo / 1.25, hi * 1.25);
	} else if (f->nxs) {
		pad = hi > lo ? (hi - lo) * 0.08 : (lo ? fabs(lo) * 0.1 : 1);
		fprintf(gp, "set xrange [%.6g:%.6g]\n", lo - pad, hi + pad);
	}
	if (f->logy && f->ymax > 0) {
		fprintf(gp, "set yrange [%.6g:%.6g]\n", f->ymin / 2,
			f->ymax * 2);
		log_tics(gp, 'y', f->ymin / 2, f->ymax * 2);
	}
	if (f->nxs && f->logx && lo > 0 && (!f->xtics_data || f->nxs > 16))
		log_tics(gp, 'x', lo / 1.25, hi * 1.25);
	if (!f->xtics_data || !f->nxs || f->nxs > 16)
		return;
	sort_double(f->xs, f->nxs);
	fputs("set xtics (", gp);
	for (k = 0; k < f->nxs; k++)
		fprintf(gp, "%s%.6g", k ? ", " : "", f->xs[k]);
	fputs(")\n", gp);
}

/*
 * The title on top and the legend under the x axis, one entry a row,
 * each in a band of the image sized for it: the image grows with them
 * and the plot area keeps FIG_PLOT_H, so nothing is cut or dropped.
 */
static int fig_layout(struct fig *f, FILE *gp)
{
	int lines = 1, top, bottom, h;
	const char *p;

	for (p = f->title; *p; p++)
		lines += *p == '\n';
	top = (lines + 1) * FIG_ROW + 12;
	bottom = FIG_XAXIS + f->keys * FIG_ROW + 16;
	h = top + FIG_PLOT_H + bottom;
	fprintf(gp,
		"set tmargin at screen %.4f\nset bmargin at screen %.4f\n"
		"set lmargin 12\nset rmargin 6\n"
		"set key at screen 0.5, screen %.4f center top vertical "
		"maxcols 1 Left reverse samplen 4 spacing 1 noenhanced\n",
		1 - (double)top / h, (double)bottom / h,
		(double)(f->keys * FIG_ROW + 8) / h);
	return h;
}

/* The title as a gnuplot string: its newlines as "\n". */
static void put_title(FILE *gp, const char *t)
{
	fputs("set title \"", gp);
	for (; *t; t++)
		if (*t == '\n')
			fputs("\\n", gp);
		else
			fputc(*t, gp);
	fputs("\" noenhanced\n", gp);
}

/* NAME.gp: the title, the layout, the axes and a plot per format. */
static int fig_write_gp(struct fig *f)
{
	struct ctx *c = f->c;
	char *path = db_asprintf("%s/%s.gp", c->o->dir, f->name);
	FILE *gp = path ? fopen(path, "w") : NULL;
	int rc = 0, h;

	if (!gp) {
		rc = db_err_set(c->err, path ? -errno : -ENOMEM,
				"%s: cannot create: %s", path ? path : "?",
				strerror(errno));
		free(path);
		return rc;
	}
	fprintf(gp,
		"# daxbench plot: %s\n"
		"# Edit freely, then rerun: gnuplot %s.gp\n"
		"# (reads %s.dat from this directory)\n"
		"set encoding utf8\n",
		f->scn, f->name, f->name);
	put_title(gp, f->title);
	h = fig_layout(f, gp);
	fputs("set grid\nset samples 1000\n", gp);
	fig_axes(f, gp);
	fputs(f->setup, gp);
	if (c->o->png)
		fprintf(gp,
			"if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) "
			"{ set terminal pngcairo size %d,%d font 'sans,10' "
			"noenhanced } else { set terminal png size "
			"%d,%d noenhanced }\n"
			"set output '%s.png'\nplot %s\nunset output\n",
			FIG_W, h, FIG_W, h, f->name, f->clauses);
	if (c->o->svg)
		fprintf(gp,
			"set terminal svg size %d,%d font 'sans,10' "
			"noenhanced\n"
			"set output '%s.svg'\nplot %s\nunset output\n",
			FIG_W, h, f->name, f->clauses);
	if (fclose(gp))
		rc = db_err_set(c->err, -EIO, "%s: write failed", path);
	free(path);
	return rc;
}

/* Add the figure to the report (its name and title go with it), draw it. */
static int fig_report(struct fig *f)
{
	struct plot_report *rep = f->c->rep;
	struct plot_fig *figs, *pf;
	char *t;
	int rc;

	figs = realloc(rep->figs, (rep->nfigs + 1) * sizeof(*figs));
	if (!figs)
		return -ENOMEM;
	rep->figs = figs;
	pf = &figs[rep->nfigs];
	pf->name = f->name;
	pf->title = f->title;
	pf->kind = f->kind;
	pf->rendered = false;
	pf->scenario = strdup(f->scn);
	pf->params = f->params;
	f->name = f->title = NULL;
	f->params = NULL;
	/* the report's title is one line */
	for (t = pf->title; *t; t++)
		if (*t == '\n')
			*t = ' ';
	rc = run_gnuplot(f->c, pf);
	pf->rendered = rc == 1;
	rep->nfigs++;
	return rc == 1 ? 0 : rc;
}

void fig_abort(struct fig *f)
{
	char *dat = f->name ? db_asprintf("%s/%s.dat", f->c->o->dir, f->name) :
			      NULL;

	if (f->cl)
		fclose(f->cl);
	if (f->dat)
		fclose(f->dat);
	if (dat)
		unlink(dat); /* half a figure is none */
	free(dat);
	free(f->clauses);
	free(f->name);
	free(f->title);
	json_decref(f->params);
	memset(f, 0, sizeof(*f));
}

int fig_end(struct fig *f)
{
	int rc = 0;

	fclose(f->cl);
	f->cl = NULL;
	if (fclose(f->dat))
		rc = db_err_set(f->c->err, -EIO, "%s.dat: write failed",
				f->name);
	f->dat = NULL;
	if (!rc)
		rc = fig_write_gp(f);
	if (!rc)
		rc = fig_report(f);
	free(f->clauses);
	free(f->name);
	free(f->title);
	json_decref(f->params);
	return rc;
}

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
