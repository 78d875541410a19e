/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the files of export (src/export-*.c) share and nobody else needs:
 * ids derived from content, JSON setters that leave out what is not
 * known (KCIDB allows no null), a point's figures, the checkout and
 * build of a result's kernel, and the issues of a comparison. The API
 * is export.h.
 */
#ifndef DAXBENCH_EXPORT_INT_H
#define DAXBENCH_EXPORT_INT_H

#include <jansson.h>
#include <stddef.h>

#include "export.h"

/* ---- export-util.c: ids and setters --------------------------------- */

/*
 * "@origin:@kind-" and the first 16 hex digits of the SHA-256 of the
 * formatted content: the same content, the same id. malloc'd; NULL when
 * out of memory.
 */
char *export_id(const char *origin, const char *kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * The id of the test of point @i of @result: from its run_id, scenario
 * name, index and full label. malloc'd; NULL when out of memory.
 */
char *export_test_id(const char *origin, const json_t *result, size_t i);

/*
 * Setters with a sticky error, checked once after a run of them as
 * ferror() is after a run of writes: each does nothing once *@rc is set
 * and sets it to -ENOMEM when it fails. Nothing is written for what is
 * not known (KCIDB allows no null): a NULL @v, a @v that is not finite,
 * a key @src lacks or holds null.
 * export_put_str(): a copy of string @v.
 * export_put_num(): the number @v, an integer when whole.
 * export_put_new(): @v itself, its reference taken over in any case.
 * export_put_keys(): deep copies of the @keys (NULL-ended) of @src.
 * export_put_sub(): a new object of the @keys of @src (maybe empty).
 */
void export_put_str(json_t *o, const char *key, const char *v, int *rc);
void export_put_num(json_t *o, const char *key, double v, int *rc);
void export_put_new(json_t *o, const char *key, json_t *v, int *rc);
void export_put_keys(json_t *dst, const json_t *src, const char *const *keys,
		     int *rc);
void export_put_sub(json_t *o, const char *key, const json_t *src,
		    const char *const *keys, int *rc);

/* ---- export-point.c: a point's figures ------------------------------- */

/* @field of the summary of @metric in @point; NaN when there is none. */
double export_summary(const json_t *point, const char *metric,
		      const char *field);

/*
 * The stalled ops of @point of @result: its stall records, or compare's
 * count where that is more (older results kept a stall as a sample).
 */
size_t export_point_stalls(const json_t *result, const json_t *point);

/* ---- export-test.c: a point as a KCIDB test ------------------------- */

/*
 * The test of point @i of @result, read from @path, @name its node of
 * the test path (export_point_names()). A new reference; NULL when out
 * of memory.
 */
json_t *export_test(const char *origin, const json_t *result, const char *path,
		    size_t i, const char *name);

/* ---- export-kernel.c: the kernel a result ran on --------------------- */

/*
 * The checkout and build of @result's kernel (KCIDB objects, new
 * references), a checkout per kernel source, a build per kernel binary,
 * the git commit in when the kernel's release names one. 0 or -ENOMEM.
 */
int export_kernel(const json_t *result, const char *origin, json_t **checkout,
		  json_t **build);

/* The id export_kernel() gives @result's build. malloc'd or NULL. */
char *export_build_id(const json_t *result, const char *origin);

/* ---- export-issue.c: a comparison's findings ------------------------- */

/*
 * Append to @issues an issue per regression, stall and slope regression
 * of @rep, and to @incidents one per test of the new side that shows it.
 * 0 or -ENOMEM.
 */
int export_issues(const struct compare_report *rep, const char *origin,
		  json_t *issues, json_t *incidents);

#endif
