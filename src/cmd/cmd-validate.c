// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench validate: check scenario files without running them, the way a
 * compiler checks source: each problem printed once as FILE:LINE:COL:
 * PATH: message, every file checked, exit 2 if any was bad. --print shows
 * what a run would use (the resolved scenario, defaults filled in and
 * units in bytes and nanoseconds) and --points lists the sweep points,
 * so a user can see what a sweep expands to before spending an hour on it.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daxbench.h"
#include "scenario.h"

static int cmd_validate(int argc, char **argv);

const struct cmd_entry cmd_validate_entry = {
	.name = "validate",
	.summary = "check scenario files without running them",
	.usage =
		"usage: daxbench validate [-q] [--print] [--points] [--set PATH=VALUE]... FILE...\n"
		"\n"
		"Check each scenario FILE: JSON syntax, duplicate and unknown keys,\n"
		"types, units, ranges, and every point of its sweep. Problems are\n"
		"printed to stderr as FILE:LINE:COL: JSON.PATH: message. A FILE may\n"
		"be the name of a shipped scenario, as for 'daxbench run'.\n"
		"\n"
		"  -q, --quiet       print nothing; the exit status tells\n"
		"  -p, --print       print each resolved scenario (defaults filled in,\n"
		"                    sizes in bytes, durations in ns) as JSON\n"
		"  -P, --points      print the sweep points, one line each\n"
		"  -s, --set P=V     override field P (as 'daxbench run --set' does)\n"
		"                    before checking; repeatable\n"
		"\n"
		"A valid scenario whose pinners no op can meet is warned about\n"
		"(FILE:LINE:COL: JSON.PATH: warning: ...); it still counts as valid.\n"
		"\n"
		"Exit status: 0 all files valid, 2 a file is invalid or unreadable,\n"
		"3 output could not be written. See daxbench-scenario(5).\n",
	.exec = cmd_validate,
};

static int print_points(const json_t *resolved)
{
	size_t i, n = scenario_npoints(resolved);
	struct db_err err;

	for (i = 0; i < n; i++) {
		json_t *params = NULL;
		char *s;
		int rc;

		rc = scenario_point(resolved, i, NULL, &params, NULL, &err);
		if (rc) {
			fprintf(stderr, "daxbench validate: %s\n", err.msg);
			return rc;
		}
		s = json_dumps(params, JSON_ENCODE_ANY);
		json_decref(params);
		if (!s)
			return -ENOMEM;
		printf("%zu/%zu %s\n", i + 1, n, s);
		free(s);
	}
	return 0;
}

/* The --set that put @field's value there, or NULL: the last one wins. */
static const char *set_of(const char *field, const char *const *sets,
			  size_t nsets)
{
	size_t n = strlen(field);

	while (nsets--)
		if (!strncmp(sets[nsets], field, n) && sets[nsets][n] == '=')
			return sets[nsets];
	return NULL;
}

/* A warning on a valid scenario: said, located, but not a failure. */
static int advise(const char *file, const char *const *sets, size_t nsets,
		  const json_t *resolved)
{
	const json_t *sweep = json_object_get(resolved, "sweep");
	struct scenario_advice adv;
	char where[300], path[200];
	const char *set;
	int rc = scenario_advice(resolved, &adv);

	if (rc <= 0)
		return rc;
	set = set_of(adv.field, sets, nsets);
	if (set)
		snprintf(where, sizeof(where), "%s: --set %s", file, set);
	else {
		/* a swept field is where its values are */
		snprintf(path, sizeof(path), "%s%s",
			 json_object_get(sweep, adv.field) ? "sweep." : "",
			 adv.field);
		scenario_where(file, path, where, sizeof(where));
	}
	fprintf(stderr, "daxbench validate: %s: %s: warning: %s\n", where,
		adv.field, adv.msg);
	return 0;
}

static int check_file(const char *path, const char *const *sets, size_t nsets,
		      bool quiet, bool print, bool points)
{
	json_t *resolved = NULL;
	struct db_err err;
	char *found = NULL;
	int rc;

	rc = scenario_load_arg(path, sets, nsets, &found, &resolved, &err);
	if (!rc && !quiet)
		rc = advise(found, sets, nsets, resolved);
	free(found);
	if (rc) {
		if (!quiet)
			fprintf(stderr, "daxbench validate: %s\n", err.msg);
		json_decref(resolved);
		return rc == -ENOMEM ? DB_EXIT_SYSTEM : DB_EXIT_USAGE;
	}
	if (print && !quiet) {
		rc = json_dumpf(resolved, stdout, JSON_INDENT(2));
		putchar('\n');
	}
	if (!rc && points && !quiet)
		rc = print_points(resolved);
	json_decref(resolved);
	return rc == -ENOMEM ? DB_EXIT_SYSTEM : rc ? DB_EXIT_USAGE : DB_EXIT_OK;
}

static int cmd_validate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "print", no_argument, NULL, 'p' },
		{ "points", no_argument, NULL, 'P' },
		{ "set", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	bool quiet = false, print = false, points = false;
	const char **sets;
	size_t nsets = 0;
	int c, i, rc = DB_EXIT_OK;

	/* at most one --set per argument, so argc bounds them */
	sets = calloc((size_t)argc, sizeof(*sets));
	if (!sets) {
		fprintf(stderr, "daxbench validate: out of memory\n");
		return DB_EXIT_SYSTEM;
	}
	optind = 1;
	while ((c = getopt_long(argc, argv, "qpPs:", opts, NULL)) != -1) {
		switch (c) {
		case 'q':
			quiet = true;
			break;
		case 'p':
			print = true;
			break;
		case 'P':
			points = true;
			break;
		case 's':
			sets[nsets++] = optarg;
			break;
		default:
			free(sets);
			return db_usage_error(&cmd_validate_entry,
					      "unknown option");
		}
	}
	if (optind >= argc) {
		free(sets);
		return db_usage_error(&cmd_validate_entry,
				      "no scenario file given");
	}
	for (i = optind; i < argc; i++) {
		int r = check_file(argv[i], sets, nsets, quiet, print, points);

		/* a system error outranks a bad file */
		if (r > rc)
			rc = r;
	}
	free(sets);
	return db_finish_stdout("validate", rc);
}
