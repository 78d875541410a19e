/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Result files (FORMATS.md): built as a jansson tree while a run goes on,
 * written atomically (temporary file in the same directory, fsync,
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
 * result_new() - a result skeleton: schema, tool, a fresh run_id, the
 * start time, complete=false, the resolved @scenario (a reference is
 * taken) and an empty "points" array. host, target and capabilities are
 * set by the caller (see sysinfo.h). NULL on allocation failure.
 */
json_t *result_new(json_t *scenario);

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
 * result_load() - read and check a result file: valid JSON, an object
 * with a "schema" this daxbench reads, and the required top-level fields
 * of the right types. Errors name the file and the field.
 */
int result_load(const char *path, json_t **result, struct db_err *err);

/**
 * result_load_string() - the same checks on a NUL-terminated JSON text
 * already in memory (tests, fuzzing, results read from a pipe); @origin
 * (NULL: "<string>") names the text in messages.
 */
int result_load_string(const char *text, const char *origin, json_t **result,
		       struct db_err *err);

#endif
