/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the files of the result module (src/result/result*.c; result.c
 * says which holds what) share and nobody else needs: the tool a result
 * names, and the checks that the full and the fast loader both run.
 * The API is result.h.
 */
#ifndef DAXBENCH_RESULT_INT_H
#define DAXBENCH_RESULT_INT_H

#include <jansson.h>
#include <stdint.h>

#include "result.h"

/* ---- result-provenance.c: where a result came from ------------------ */

/* {"name", "version", "git"}: the build that writes a result. */
json_t *result_tool(void);

/* ---- result-load.c: the schema check --------------------------------- */

/*
 * Check that @r is a result this daxbench reads: its schema, every
 * required field of the right type, and every metric's numbers (see
 * result_check_values()). @file names it in messages; @tab holds the
 * samples the fast loader took out of @r (NULL: none).
 */
int result_check(const char *file, const json_t *r,
		 const struct result_samples *tab, struct db_err *err);
/* result_check() @r: then *@result = @r, else @r is dropped. */
int result_check_loaded(const char *origin, json_t *r, json_t **result,
			struct db_err *err);

/* ---- result-samples.c: the sample arrays the fast loader took out ---- */

struct samples_ent {
	const json_t *arr; /* the empty array left in the tree */
	size_t point;
	char *metric;
	double *v;
	size_t n;
};

struct result_samples {
	struct samples_ent *e;
	size_t n, cap;
	/* open addressing on arr: index + 1 into e, 0 empty; ncap a power of 2 */
	size_t *slot, nslot;
};

/* result-samples.c: index @tab by its arrays once they are all set. */
int result_samples_index(struct result_samples *tab);

/* ---- result-values.c: what a metric's numbers must be --------------- */

/* The point a metric belongs to, as far as its numbers care. */
struct result_vctx {
	const char *file;
	const struct result_samples *tab; /* the fast loader's, or NULL */
	const json_t *stalls; /* the point's stalls[] */
	uint64_t timeout_ns; /* the point's */
};

/*
 * Check metric @name (@m, at JSON path @at) of a point: its samples are
 * non-negative integers, op_latency's below the timeout; its histogram
 * is log-linear and sane; its summary is the one they give.
 */
int result_check_values(const struct result_vctx *c, const char *at,
			const char *name, const json_t *m, struct db_err *err);

/* @j as JSON in @buf (cut short with "..."), for a message. */
const char *result_value_text(const json_t *j, char *buf, size_t len);

#endif
