/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Result files (daxbench-result(5)): built as a jansson tree while a run
 * goes on, written atomically (temporary file in the same directory, fsync,
 * rename), and read back with their schema checked for compare and plot.
 */
#ifndef DAXBENCH_RESULT_H
#define DAXBENCH_RESULT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define RESULT_SCHEMA 1

struct summary;

/**
 * result_new() - a result skeleton: schema, tool (with the git revision
 * of the build, see version.h), a fresh run_id, the start time,
 * complete=false, the resolved @scenario (a reference is taken) and an
 * empty "points" array. host, target, capabilities, invocation and
 * scenario_file (null here) are set by the caller (see sysinfo.h,
 * result_invocation() and result_scenario_file()). NULL on allocation
 * failure.
 */
json_t *result_new(json_t *scenario);

/**
 * result_invocation() - {"argv": [@prog, @argv...], "cwd": ...}: the
 * command line as given (@prog may be NULL), before getopt reorders it,
 * and the working directory its relative paths are relative to (null if
 * getcwd() failed). NULL on allocation failure.
 */
json_t *result_invocation(const char *prog, int argc, char *const *argv);

/**
 * result_scenario_file() - {"path": @path, "sha256": ..., "sets": [...]}
 * in *@out: the scenario file a result ran, the SHA-256 of its bytes and
 * the --set overrides applied to it, in order. 0, -ENOMEM or -errno of
 * reading @path.
 */
int result_scenario_file(const char *path, const char *const *sets,
			 size_t nsets, json_t **out);

/**
 * result_metric() - {"unit": @unit, "samples": [...], "summary": {...}}
 * from @n raw values. n == 0 gives "samples": [] and a summary of n = 0
 * with null figures. For too many values to keep, build the metric from
 * hist.h instead: "histogram" in place of "samples", same "summary" (see
 * result_summary_json()). NULL on allocation failure.
 */
json_t *result_metric(const char *unit, const uint64_t *v, size_t n);

/**
 * result_summary_json() - {"n", "min", "p50", "p90", "p99", "p999", "max",
 * "mean", "stddev"} of @s; figures with no value (n == 0) are null.
 */
json_t *result_summary_json(const struct summary *s);

/**
 * result_run_id() - a fresh run id, "20261125T120102Z-3fa2c1d0" (UTC
 * time and 32 random bits). 0 or -ENOSPC if @len is too small.
 */
int result_run_id(char *buf, size_t len);

/**
 * result_point_new() - {"params": @params (reference taken), "metrics": {},
 * "faults": {}, "stalls": [], "errors": [], "unmeasured": {}}.
 */
json_t *result_point_new(json_t *params);

/**
 * result_unmeasured() - record that @metric of @point was not measured,
 * and why; a metric of that name already in "metrics" is removed, since
 * a metric is either measured or named as unmeasured, never both.
 */
int result_unmeasured(json_t *point, const char *metric, const char *why);

/**
 * result_finish() - set "finished" to now and "complete" to @complete.
 */
int result_finish(json_t *result, bool complete);

/**
 * result_write() - write @result atomically as DIR/NAME.json, where NAME
 * is "<scenario name>-<run_id>". An existing file is never replaced
 * unless @force. @path_out (may be NULL) receives the path (malloc'd).
 */
int result_write(json_t *result, const char *dir, bool force, char **path_out,
		 struct db_err *err);

/**
 * result_dir_check() - make @dir as result_write() would (mkdir -p) and
 * create and remove a file in it: a run checks where its results go
 * before it spends an hour on the points, not after.
 */
int result_dir_check(const char *dir, struct db_err *err);

/**
 * result_load() - read and check a result file: valid JSON, an object
 * with a "schema" this daxbench reads, the required fields of the right
 * types, and every metric's numbers: samples that are non-negative
 * integers (op_latency's below the point's timeout), a log-linear
 * histogram, and a summary that agrees with them (daxbench-result(5),
 * READING RESULTS). Errors name the file and the JSON path.
 */
int result_load(const char *path, json_t **result, struct db_err *err);

/**
 * result_load_string() - the same checks on a NUL-terminated JSON text
 * already in memory (tests, fuzzing, results read from a pipe); @origin
 * (NULL: "<string>") names the text in messages.
 */
int result_load_string(const char *text, const char *origin, json_t **result,
		       struct db_err *err);

/*
 * Fast loading of big results, for compare and plot: a result of 10^6
 * samples is ~50 MB as a jansson tree (one json_t per sample) but 8 MB
 * as doubles. The sample arrays of points[].metrics.*.samples that hold
 * plain non-negative integers are read straight into doubles and left
 * in the tree as empty arrays; the table maps each such empty array to
 * its values. Everything else, and every check, is result_load()'s.
 */
struct result_samples;

/**
 * result_load_fast() - result_load() of @path, with the sample arrays in
 * *@tab (NULL when none were taken out). The same errors, in the same
 * words, as result_load(). Free the table with result_samples_free()
 * (after or before the tree; the tree holds no pointer into it).
 */
int result_load_fast(const char *path, json_t **result,
		     struct result_samples **tab, struct db_err *err);

/**
 * result_load_fast_buf() - the same on @len bytes of JSON text in
 * memory (need not be NUL-terminated); @origin as in
 * result_load_string().
 */
int result_load_fast_buf(const char *text, size_t len, const char *origin,
			 json_t **result, struct result_samples **tab,
			 struct db_err *err);

/**
 * result_samples_get() - the values of @samples, an array of a tree that
 * result_load_fast() gave with @tab, in file order, as jansson's
 * json_number_value() would read them. -ENOENT when @tab does not hold
 * it (read the array itself then).
 */
int result_samples_get(const struct result_samples *tab, const json_t *samples,
		       const double **v, size_t *n);

/** result_samples_free() - free a table (NULL is fine). */
void result_samples_free(struct result_samples *tab);

#endif
