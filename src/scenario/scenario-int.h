/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the files of the scenario loader (src/scenario*.c; scenario.c says
 * which holds what) share and nobody else needs: the schema table's
 * types, the context errors are reported and located through, and the
 * steps one file calls in another. The API is scenario.h.
 */
#ifndef DAXBENCH_SCENARIO_INT_H
#define DAXBENCH_SCENARIO_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jsonpos.h"
#include "scenario.h"

#define SCENARIO_MAX_NAME 100
#define SCENARIO_MAX_NODE 1023 /* libnuma's usual node mask size, less 1 */
#define MIB2 (2ULL << 20)
#define FS_BLOCK 4096ULL /* DAX needs fs block size == page size */
#define DIO_ALIGN 512ULL /* the smallest logical block O_DIRECT takes */
#define BIG INT64_MAX /* resolved numbers are json_int_t */

enum kind {
	K_OBJECT,
	K_INT,
	K_BOOL,
	K_STRING,
	K_NAME,
	K_ENUM,
	K_SIZE,
	K_DURATION,
	K_SCHEMA,
	K_SWEEP,
	K_RESOLVED, /* "resolved": true in what comes out */
};

struct node {
	const char *key;
	enum kind kind;
	bool nullable;
	bool required; /* no default: missing is an error */
	const char *def; /* default, as JSON text resolved like input */
	int64_t min, max; /* numbers: inclusive; strings: min length */
	int64_t align; /* K_SIZE: must be a multiple of this */
	const char *const *choices; /* K_ENUM, NULL-terminated */
	const struct node *children; /* K_OBJECT, { NULL }-terminated */
	const char *why; /* appended to a range error */
};

/* One --set PATH=VALUE, applied to the file's JSON before any check. */
struct override {
	char *path;
	const char *assignment; /* "PATH=VALUE", as the user wrote it */
};

/*
 * Where errors go and how they are located. During a point check, @sweep
 * and @choice say which sweep value each swept field took, so that an
 * error about that field points at the sweep value in the file. A value
 * that an override put there is blamed on that override instead.
 */
struct ctx {
	const char *origin; /* NULL: the one override of scenario_set() */
	const struct jsonpos *pos; /* NULL: no text to point into */
	struct db_err *err;
	const json_t *sweep;
	const size_t *choice;
	size_t point, npoints;
	const json_t *raw; /* the input as written, overrides applied */
	const struct override *sets;
	size_t nsets;
	/*
	 * Integers are bytes and nanoseconds without a unit: a scenario
	 * daxbench resolved. In one a person writes, "timeout": 5 is far
	 * more likely a slip than 5 ns, so a unit is required there.
	 */
	bool resolved_form;
};

/* ---- scenario-schema.c: what every field is ------------------------- */

/* The enum names are indexed by the enums of scenario.h. */
extern const char *const scn_mapping_names[];
extern const char *const scn_method_names[];
extern const char *const scn_op_names[];
/* The root of the table: a scenario, an object of every field. */
extern const struct node scn_schema_root;

/*
 * The node a dotted @path names, walking from the root. On failure,
 * @why says which object lacks which key.
 */
const struct node *scn_find_node(const char *path, char *why, size_t len);

/* ---- scenario-path.c: dotted paths into JSON ------------------------- */

/* "the sweep key K covers @path": K is @path or one of its parents */
size_t scn_covers(const char *k, const char *path);
/* "BASE.KEY" (or "KEY" at the root), malloc'd; NULL when out of memory. */
char *scn_join_path(const char *base, const char *key);
/* The value at dotted @path of a resolved scenario (keys hold no dots). */
json_t *scn_at(const json_t *root, const char *path);
/* The input's value at a scn_source_path() ("sweep.K[i]..."), or NULL. */
const json_t *scn_raw_at(const json_t *raw, const char *src);
/* Set @path of @root to @value, copying the objects on the way. */
int scn_set_shared(json_t *root, const char *path, json_t *value);

/* ---- scenario-error.c: reporting and locating errors ----------------- */

/* Where the value at @path came from: @path or "sweep.K[i]...". */
char *scn_source_path(const struct ctx *c, const char *path);
/* The override that put the value at @path there, or NULL. */
const struct override *scn_overridden(const struct ctx *c, const char *path);
/*
 * Report a problem with @path, located in the file or blamed on an
 * override (see scenario-error.c): -EINVAL with @c->err set.
 */
int __attribute__((format(printf, 5, 6)))
scn_fail_at(const struct ctx *c, const char *path, const char *alt, bool key,
	    const char *fmt, ...);
#define fail(c, path, ...) scn_fail_at(c, path, NULL, false, __VA_ARGS__)
/* What a value is, for "got ...": a short rendering a user recognises. */
const char *scn_got(const json_t *v, char *buf, size_t len);
/* -ENOMEM with "ORIGIN: out of memory" in @c->err. */
int scn_nomem(const struct ctx *c);

/* ---- scenario-value.c: scalars, sizes and durations ------------------ */

/* " (did you mean "64MiB"?)" for a decimal size that is not aligned. */
const char *scn_decimal_hint(const json_t *in, uint64_t align, char *buf,
			     size_t len);
/* Check and resolve @in, a value of scalar node @n, into *@out. */
int scn_resolve_scalar(const struct ctx *c, const struct node *n,
		       const json_t *in, const char *path, json_t **out);

/* ---- scenario-resolve.c: the walk of the table over the input -------- */

/*
 * Check @in (NULL: missing) against @n and resolve it into *@out:
 * defaults filled in, units normalised.
 */
int scn_resolve_node(const struct ctx *c, const struct node *n,
		     const json_t *in, const char *path, json_t **out);

/* ---- scenario-decode.c: a point's JSON into struct scenario ---------- */

/* -EINVAL: @path of what should be a resolved scenario is not. */
int scn_bad_resolved(const struct ctx *c, const char *path);
/* Decode the resolved point @p into @sc. */
int scn_decode(const struct ctx *c, const json_t *p, struct scenario *sc);

/* ---- scenario-check.c: the rules that tie fields together ------------ */

/* Check one decoded point; @region_null: region.length was null. */
int scn_check_rules(const struct ctx *c, const struct scenario *sc,
		    bool region_null);

/* ---- scenario-point.c: the sweep's points ---------------------------- */

/* Every point must be valid before anything runs. */
int scn_check_points(struct ctx *c, const json_t *resolved);

/* ---- scenario-set.c: --set overrides --------------------------------- */

/* Apply every "PATH=VALUE" of @sets to @root, recorded in @ov. */
int scn_apply_overrides(struct ctx *c, json_t *root, const char *const *sets,
			size_t nsets, struct override *ov);
/* Free the @n overrides recorded in @ov, and @ov. */
void scn_free_overrides(struct override *ov, size_t n);

#endif
