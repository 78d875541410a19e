/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Handing results to the kernel community's CI engine instead of growing
 * a scheduler: a KCIDB I/O report (KernelCI's common results database:
 * a checkout and a build per kernel measured, a test per scenario point
 * and, from a comparison, its regressions and stalls as issues with
 * their incidents), and the lava-test-case calls a LAVA test shell runs
 * to record each point. Every id is derived from the results' content,
 * so the same results always give the same ids. The module builds and
 * writes to the FILE * it is given; the command prints.
 */
#ifndef DAXBENCH_EXPORT_H
#define DAXBENCH_EXPORT_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

#include "compare.h"
#include "err.h"

/* The KCIDB I/O schema version the report follows (kernelci/kcidb-io). */
#define EXPORT_KCIDB_MAJOR 5
#define EXPORT_KCIDB_MINOR 3

/* A point's outcome, in KCIDB's words (and its priority order). */
enum export_status {
	EXPORT_FAIL, /* an op stalled or failed */
	EXPORT_ERROR, /* the point could not run (setup failed, interrupted) */
	EXPORT_SKIP, /* nothing measured: no op latency */
	EXPORT_PASS,
};

/* What to export: results, and a comparison against a baseline. */
struct export_input {
	json_t *const *results; /* as compare_load_side() loads them */
	char *const *paths; /* the file of each */
	size_t n;
	/* compare_run() of a baseline against exactly @results, or NULL */
	const struct compare_report *cmp;
};

/**
 * export_origin_check() - @origin names the CI system in every KCIDB id:
 * one or more of [a-z0-9_]. Return: 0 or -EINVAL with the reason in @err.
 */
int export_origin_check(const char *origin, struct db_err *err);

/**
 * export_point_status() - the outcome of point @point of @result: FAIL
 * when an op stalled (compare's count, older results included) or
 * returned an error, ERROR when the point failed before its ops (an
 * error of no op) or was interrupted, SKIP when it measured no op
 * latency, PASS otherwise. A pin method the kernel refused is a result
 * (pinners.refused), not an error.
 */
enum export_status export_point_status(const json_t *result,
				       const json_t *point);

/** export_status_name() - "FAIL", "ERROR", "SKIP" or "PASS". */
const char *export_status_name(enum export_status s);

/**
 * export_point_names() - a name for each point of @result, safe as a
 * node of a dotted path and as a word of a shell command line
 * ([A-Za-z0-9_-], at least one): the brief label of label_point()
 * ("pte size=2MiB" is "pte_size-2MiB"), the full label where two brief
 * ones would be the same, "point" for a scenario without a sweep.
 * *@names: a malloc'd array of json_array_size(points) malloc'd strings;
 * free with export_names_free(). Return: 0 or -ENOMEM.
 */
int export_point_names(const json_t *result, char ***names);
void export_names_free(char **names, size_t n);

/**
 * export_path_node() - @s made a node of a dotted path as above ("" and
 * what keeps no character give @empty). malloc'd; NULL when out of memory.
 */
char *export_path_node(const char *s, const char *empty);

/**
 * export_kcidb() - the KCIDB I/O report of @in in *@report: "version"
 * (EXPORT_KCIDB_MAJOR.MINOR), "checkouts", "builds", "tests" and, with
 * @in->cmp, "issues" and "incidents"; every id "@origin:..." and stable.
 * Return: 0, -ENOMEM, or -EINVAL for an @origin KCIDB refuses (@err).
 */
int export_kcidb(const struct export_input *in, const char *origin,
		 json_t **report, struct db_err *err);

/**
 * export_lava() - a line per point of @in->results to @f:
 * "lava-test-case NAME --result pass|fail|skip|unknown" and, when the
 * point measured an op latency, "--measurement P50 --units ns". NAME is
 * "SCENARIO.POINT" (export_point_names()), "SCENARIO-runK.POINT" for the
 * k-th result of a scenario given more than once, at most 100 characters.
 * FAIL is fail, ERROR unknown, SKIP skip.
 * Return: 0, -ENOMEM or -EIO.
 */
int export_lava(const struct export_input *in, FILE *f);

#endif
