// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench export: results handed to the kernel community's CI engine.
 * --kcidb writes one KCIDB I/O report (KernelCI's common results
 * database): a checkout and a build per kernel, a test per scenario
 * point, and with --compare BASE the regressions and stalls compare
 * finds as issues and incidents. --lava prints a lava-test-case call per
 * point for a LAVA test shell (contrib/lava/). The results are read as
 * compare reads them; the text is made whole, then written once.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "daxbench.h"
#include "export.h"

static int cmd_export(int argc, char **argv);

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.summary = "export results to KernelCI (KCIDB) or a LAVA test shell",
	.usage =
		"usage: daxbench export --kcidb --origin NAME [-o FILE] [--compare BASE]\n"
		"                       [--threshold PCT] [--alpha A] [--force]\n"
		"                       [--run-noise PCT] RESULT...\n"
		"       daxbench export --lava [-o FILE] RESULT...\n"
		"\n"
		"RESULT is a result file or a directory of them, as for compare.\n"
		"\n"
		"  --kcidb               one KCIDB I/O report (kcidb-io schema 5.3):\n"
		"                        a checkout and a build per kernel measured,\n"
		"                        a test per scenario point, its path\n"
		"                        daxbench.SCENARIO.POINT, its status FAIL when\n"
		"                        an op stalled or failed, ERROR when the\n"
		"                        point could not run, SKIP when it measured\n"
		"                        nothing, else PASS, and its op p50 as its\n"
		"                        number; the same results give the same ids\n"
		"  --lava                a line per point, 'lava-test-case NAME\n"
		"                        --result pass|fail|skip|unknown' with\n"
		"                        '--measurement P50 --units ns' when the\n"
		"                        point measured its ops, for a LAVA test\n"
		"                        shell to run (contrib/lava/daxbench.yaml)\n"
		"      --origin NAME     the CI system (a-z, 0-9, _): every id is\n"
		"                        NAME:... (required with --kcidb)\n"
		"  -o, --output FILE     write to FILE, not to stdout\n"
		"      --compare BASE    compare BASE with the RESULTs as 'daxbench\n"
		"                        compare' does: each regression and stall it\n"
		"                        finds is a KCIDB issue, with an incident\n"
		"                        per test that shows it\n"
		"  -t, --threshold PCT   as for compare (default 5), with --compare\n"
		"  -a, --alpha A         as for compare (default 0.01)\n"
		"      --force           as for compare\n"
		"      --run-noise PCT   as for compare (default 2)\n"
		"\n"
		"Exit status: 0 written (regressions found by --compare included:\n"
		"they are in the report), 2 usage or input error (a RESULT that\n"
		"cannot be read, results compare refuses), 3 FILE could not be\n"
		"written. See daxbench-export(1).\n",
	.exec = cmd_export,
};

enum { OPT_KCIDB = 256, OPT_LAVA, OPT_ORIGIN, OPT_COMPARE };

struct export_args {
	bool kcidb, lava;
	const char *origin, *output, *base;
	struct compare_opts co;
};

/* Results loaded as compare loads a side, every RESULT in one list. */
struct loaded {
	json_t **res;
	char **paths;
	size_t n;
};

static int parse_args(int argc, char **argv, struct export_args *a)
{
	static const struct option opts[] = {
		COMPARE_LONG_OPTS,
		{ "kcidb", no_argument, NULL, OPT_KCIDB },
		{ "lava", no_argument, NULL, OPT_LAVA },
		{ "origin", required_argument, NULL, OPT_ORIGIN },
		{ "compare", required_argument, NULL, OPT_COMPARE },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const struct cmd_entry *e = &cmd_export_entry;
	char why[256];
	int c, rc;

	memset(a, 0, sizeof(*a));
	compare_opts_init(&a->co);
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:t:a:", opts, NULL)) != -1) {
		rc = compare_parse_opt(c, optarg, &a->co, why, sizeof(why));
		if (rc < 0)
			return db_usage_error(e, "%s", why);
		if (rc)
			continue;
		switch (c) {
		case OPT_KCIDB:
			a->kcidb = true;
			break;
		case OPT_LAVA:
			a->lava = true;
			break;
		case OPT_ORIGIN:
			a->origin = optarg;
			break;
		case OPT_COMPARE:
			a->base = optarg;
			break;
		case 'o':
			a->output = optarg;
			break;
		default:
			return db_usage_error(e, "unknown option");
		}
	}
	if (a->kcidb == a->lava)
		return db_usage_error(e, "give one of --kcidb and --lava");
	if (a->kcidb && !a->origin)
		return db_usage_error(e, "--kcidb needs --origin NAME, the CI "
					 "system every id starts with");
	if (a->lava && (a->origin || a->base))
		return db_usage_error(e, "--origin and --compare are for "
					 "--kcidb");
	if (optind == argc)
		return db_usage_error(e, "no RESULT given");
	return 0;
}

static int load_all(char *const *args, size_t nargs, struct loaded *l,
		    struct db_err *err)
{
	size_t i, k;
	int rc = 0;

	memset(l, 0, sizeof(*l));
	for (i = 0; !rc && i < nargs; i++) {
		json_t **res, **nr;
		char **paths, **np;
		size_t n;

		rc = compare_load_side(args[i], &res, &paths, &n, err);
		if (rc)
			break;
		nr = realloc(l->res, (l->n + n) * sizeof(*nr));
		if (nr)
			l->res = nr;
		np = nr ? realloc(l->paths, (l->n + n) * sizeof(*np)) : NULL;
		if (np)
			l->paths = np;
		if (!nr || !np) {
			compare_free_side(res, paths, n);
			rc = db_err_set(err, -ENOMEM, "out of memory");
			break;
		}
		for (k = 0; k < n; k++) {
			l->res[l->n] = res[k];
			l->paths[l->n++] = paths[k];
		}
		free(res);
		free(paths);
	}
	if (rc) {
		compare_free_side(l->res, l->paths, l->n);
		memset(l, 0, sizeof(*l));
	}
	return rc;
}

/* @len bytes of @text to @file, or to stdout when it is NULL. */
static int write_out(const char *file, const char *text, size_t len)
{
	FILE *f = file ? fopen(file, "w") : stdout;
	int e;

	if (!f) {
		fprintf(stderr, "daxbench export: %s: cannot create: %s\n",
			file, strerror(errno));
		return DB_EXIT_SYSTEM;
	}
	if (fwrite(text, 1, len, f) != len)
		e = errno ? errno : EIO;
	else
		e = 0;
	if (!file)
		return e ? db_finish_stdout("export", DB_EXIT_SYSTEM) :
			   db_finish_stdout("export", DB_EXIT_OK);
	if (fclose(f) && !e)
		e = errno ? errno : EIO;
	if (e) {
		fprintf(stderr, "daxbench export: %s: %s\n", file, strerror(e));
		return DB_EXIT_SYSTEM;
	}
	return DB_EXIT_OK;
}

/* The text of the export of @in, malloc'd in *@text. */
static int make_text(const struct export_args *a, const struct export_input *in,
		     char **text, size_t *len, struct db_err *err)
{
	json_t *report;
	char *s;
	FILE *m;
	int rc;

	*text = NULL;
	*len = 0;
	if (a->lava) {
		m = open_memstream(text, len);
		if (!m)
			return db_err_set(err, -ENOMEM, "out of memory");
		rc = export_lava(in, m);
		if (fclose(m) && !rc)
			rc = -ENOMEM;
		return rc ? db_err_set(err, rc, "%s", strerror(-rc)) : 0;
	}
	rc = export_kcidb(in, a->origin, &report, err);
	if (rc)
		return rc;
	s = json_dumps(report, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
	json_decref(report);
	/* the closing brace ends a line, as a text file's last line does */
	*text = s ? db_asprintf("%s\n", s) : NULL;
	free(s);
	if (!*text)
		return db_err_set(err, -ENOMEM, "out of memory");
	*len = strlen(*text);
	return 0;
}

/* BASE loaded into @b and compared with the results @l, into @rep. */
static int compare_base(const struct export_args *a, const struct loaded *l,
			struct loaded *b, struct compare_report *rep,
			struct db_err *err)
{
	int rc;

	memset(rep, 0, sizeof(*rep));
	rc = compare_load_side(a->base, &b->res, &b->paths, &b->n, err);
	if (rc)
		return rc;
	rc = compare_run(b->res, b->paths, b->n, l->res, l->paths, l->n, &a->co,
			 rep, err);
	if (rc) {
		compare_free(rep);
		compare_free_side(b->res, b->paths, b->n);
		memset(b, 0, sizeof(*b));
	} else if (a->co.force) {
		fprintf(stderr, "daxbench export: warning: --force: results "
				"that differ in kind are compared\n");
	}
	return rc;
}

static int cmd_export(int argc, char **argv)
{
	struct export_input in = { 0 };
	struct loaded l, b = { 0 };
	struct compare_report rep;
	struct export_args a;
	struct db_err err;
	char *text = NULL;
	size_t len = 0;
	int rc;

	rc = parse_args(argc, argv, &a);
	if (rc)
		return rc;
	if (a.kcidb && export_origin_check(a.origin, &err))
		return db_usage_error(&cmd_export_entry, "%s", err.msg);
	rc = load_all(argv + optind, (size_t)(argc - optind), &l, &err);
	if (!rc && a.base)
		rc = compare_base(&a, &l, &b, &rep, &err);
	in.results = l.res;
	in.paths = l.paths;
	in.n = l.n;
	in.cmp = a.base && !rc ? &rep : NULL;
	if (!rc)
		rc = make_text(&a, &in, &text, &len, &err);
	if (in.cmp) {
		compare_free(&rep);
		compare_free_side(b.res, b.paths, b.n);
	}
	compare_free_side(l.res, l.paths, l.n);
	if (rc) {
		fprintf(stderr, "daxbench export: %s\n", err.msg);
		free(text);
		return rc == -ENOMEM ? DB_EXIT_SYSTEM : DB_EXIT_USAGE;
	}
	rc = write_out(a.output, text, len);
	free(text);
	return rc;
}
