// SPDX-License-Identifier: GPL-2.0-only
/*
 * One figure's files (see plot-int.h): its numbers go to NAME.dat as
 * gnuplot "index" blocks, one per line drawn, and NAME.gp plots them by
 * relative name, so the pair can be moved, edited and rerun anywhere.
 * gnuplot is run (child.h) in the output directory; when it is missing
 * the .gp/.dat files are still written and the caller says which package
 * to install.
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

/* A figure titled "SCENARIO: WHAT - KERNELS" (kernels: second line). */
int fig_begin(struct ctx *c, struct fig *f, const char *kind, const char *scn,
	      const char *suffix, const size_t *idx, size_t n, const char *what)
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
}

/* A clause that is not data (a fitted line, y = x). */
void fig_func(struct fig *f, const char *fmt, ...)
{
	va_list ap;

	if (ftell(f->cl))
		fputs(", \\\n     ", f->cl);
	va_start(ap, fmt);
	vfprintf(f->cl, fmt, ap);
	va_end(ap);
}

/* Note a value drawn on the y axis. */
void fig_y(struct fig *f, double y)
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

/* NAME.gp: the title, the axes and one plot command per image format. */
static int fig_write_gp(struct fig *f)
{
	struct ctx *c = f->c;
	char *path = db_asprintf("%s/%s.gp", c->o->dir, f->name);
	FILE *gp = path ? fopen(path, "w") : NULL;
	int rc = 0;

	if (!gp) {
		rc = db_err_set(c->err, path ? -errno : -ENOMEM,
				"%s: cannot create: %s", path ? path : "?",
				strerror(errno));
		free(path);
		return rc;
	}
	/* ms next to a 5 s stall marker: a linear axis shows neither */
	if (f->auto_logy && f->ymin > 0 && f->ymax / f->ymin > 100)
		strncat(f->setup, "set logscale y\n",
			sizeof(f->setup) - strlen(f->setup) - 1);
	fprintf(gp,
		"# daxbench plot: %s\n"
		"# Edit freely, then rerun: gnuplot %s.gp\n"
		"# (reads %s.dat from this directory)\n"
		"set title \"%.*s\\n%s\" noenhanced\n"
		"set key below noenhanced\n"
		"set grid\n%s",
		f->title, f->name, f->name, title_split(f->title), f->title,
		title_rest(f->title), f->setup);
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
	free(path);
	return rc;
}

/* Add the figure to the report (its name and title go with it), draw it. */
static int fig_report(struct fig *f)
{
	struct plot_report *rep = f->c->rep;
	struct plot_fig *figs, *pf;
	int rc;

	figs = realloc(rep->figs, (rep->nfigs + 1) * sizeof(*figs));
	if (!figs)
		return -ENOMEM;
	rep->figs = figs;
	pf = &figs[rep->nfigs];
	pf->name = f->name;
	pf->title = f->title;
	pf->rendered = false;
	pf->scenario = strdup(f->scn);
	pf->point = f->point;
	f->name = f->title = NULL;
	rc = run_gnuplot(f->c, pf);
	pf->rendered = rc == 1;
	rep->nfigs++;
	return rc == 1 ? 0 : rc;
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
	return rc;
}
