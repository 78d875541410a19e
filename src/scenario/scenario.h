/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scenarios (daxbench-scenario(5)): loading, validation, defaults and
 * sweep points.
 *
 * The resolved scenario is kept as JSON (defaults filled in) because that
 * is what a result stores; a point is the resolved JSON with the sweep
 * values written into it, decoded into struct scenario for the engine.
 * Validation decodes every point, so "offset + length beyond the file" is
 * caught for every sweep combination before anything runs.
 */
#ifndef DAXBENCH_SCENARIO_H
#define DAXBENCH_SCENARIO_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "err.h"

#define SCENARIO_SCHEMA 1
#define SCENARIO_MAX_THREADS 1024 /* more is a typo, not an experiment */
#define SCENARIO_MAX_POINTS 10000 /* cap on a sweep's cross product */
#define SCENARIO_MAX_REPEAT 10000000

enum map_mode { MAP_PMD, MAP_PTE };

enum pin_method {
	PIN_NONE,
	PIN_ODIRECT,
	PIN_IO_URING,
	PIN_IO_URING_FIXED,
	PIN_VMSPLICE,
};

enum op_type {
	OP_TRUNCATE,
	OP_PUNCH_HOLE,
	OP_COLLAPSE_RANGE,
	OP_INSERT_RANGE,
	OP_ZERO_RANGE,
};

/*
 * One point of a scenario, fully decoded. Its strings point into the
 * resolved scenario it was decoded from, so they stay valid as long as
 * that does (a point's JSON shares them).
 */
struct scenario {
	const char *name;
	const char *description;
	struct {
		const char *dir; /* NULL: from --dir */
		bool require_dax;
		const char *fs; /* "any", "ext4", "xfs" */
	} target;
	struct {
		uint64_t size;
		enum map_mode mapping;
		bool prefault;
	} file;
	struct {
		enum pin_method method;
		unsigned int threads;
		uint64_t io_size;
		unsigned int queue_depth;
		uint64_t hold_ns;
		uint64_t solo_ns; /* pinners alone before the first op */
		uint64_t region_offset;
		/* null in JSON is decoded as file.size - region_offset */
		uint64_t region_length;
		const char *device; /* NULL: the engine picks a default */
		int cpunodebind; /* -1 when null */
		int membind; /* -1 when null */
	} pinners;
	struct {
		enum op_type type;
		uint64_t offset;
		uint64_t length;
		/* op start to next op start; 0: back to back */
		uint64_t interval_ns;
	} op;
	unsigned int repeat;
	unsigned int warmup;
	uint64_t timeout_ns;
	struct {
		bool busy_scan;
		bool fault_mode;
		bool interleave;
	} trace;
};

/**
 * scenario_find() - the file a SCENARIO argument means: @arg when it
 * exists (a path always wins) or is no plain name, else the shipped
 * scenario DIR/@arg.json (".json" may be given), DIR being
 * datadir_scenarios(): "pinners-odirect", "small/pinners-odirect".
 * @path: set to a malloc'd path on success.
 * Returns 0, -ENOENT (@err names the directory looked in) or -ENOMEM.
 */
int scenario_find(const char *arg, char **path, struct db_err *err);

/**
 * scenario_load_arg() - scenario_find() @arg, then scenario_load_sets()
 * the file: what 'run' and 'validate' do with each SCENARIO. @path is
 * set (malloc'd) only on success; messages name the file found.
 */
int scenario_load_arg(const char *arg, const char *const *sets, size_t nsets,
		      char **path, json_t **resolved, struct db_err *err);

/**
 * scenario_load() - read, check and resolve one scenario file.
 * @path: the file; error messages name it.
 * @resolved: on success, the scenario with defaults filled in (caller
 *            json_decref()s it).
 * @err: on failure "FILE:LINE:COL: JSON.PATH: what was expected, got what".
 *
 * Rejects unknown and duplicate keys, a newer "schema", bad units, a
 * size or duration without a unit (0 excepted; a file with "resolved":
 * true, as daxbench writes them, holds plain bytes and nanoseconds),
 * out-of-range values, sweep paths that name no field, and any sweep
 * point that would be invalid. Returns 0 or -EINVAL / -ENOENT / -ERANGE.
 */
int scenario_load(const char *path, json_t **resolved, struct db_err *err);

/**
 * scenario_load_sets() - scenario_load() with overrides ('run --set').
 * @sets: @nsets "dotted.path=VALUE" strings, applied in order to the file
 *        as written before anything is checked, so that only the outcome
 *        must be valid and their order does not matter (but for two on
 *        one path: the last wins). VALUE is parsed as JSON when it can
 *        be, else taken as a string ("2MiB"). Setting a field that is
 *        swept drops that sweep; "sweep.PATH=[...]" sets the sweep of
 *        PATH and "sweep.PATH=null" removes it.
 *
 * An error in a value an override put there reads "FILE: --set
 * ASSIGNMENT: JSON.PATH: ...", else as scenario_load()'s.
 */
int scenario_load_sets(const char *path, const char *const *sets, size_t nsets,
		       json_t **resolved, struct db_err *err);

/**
 * scenario_load_string() - the same checks on a JSON text daxbench wrote
 * (a result's stored scenario; tests): its integers are bytes and
 * nanoseconds, as in a resolved scenario. @origin names the text in
 * messages.
 */
int scenario_load_string(const char *text, const char *origin,
			 json_t **resolved, struct db_err *err);

/**
 * scenario_set() - apply one "dotted.path=VALUE" override to a resolved
 * scenario and re-check it, as scenario_load_sets() does. On error
 * @resolved is unchanged and the message reads "--set ASSIGNMENT:
 * JSON.PATH: ...".
 */
int scenario_set(json_t *resolved, const char *assignment, struct db_err *err);

/**
 * scenario_has_pinners() - whether the point pins at all: a method, and
 * threads to run it (0 threads is no pinners, whatever the method: a
 * sweep's baseline).
 */
static inline bool scenario_has_pinners(const struct scenario *sc)
{
	return sc->pinners.method != PIN_NONE && sc->pinners.threads;
}

/** scenario_npoints() - size of the sweep's cross product (1 if none). */
size_t scenario_npoints(const json_t *resolved);

/**
 * scenario_point() - decode point @idx (0-based, in the cross-product
 * order of daxbench-scenario(5): the first sweep key varies slowest).
 * @params: if not NULL, set to a new object of the sweep values of this
 *          point ({"pinners.threads": 4}); caller json_decref()s it.
 * @point_json: if not NULL, set to a new reference to the point's own
 *          resolved JSON, a valid scenario with "sweep": {} (caller
 *          json_decref()s it). It shares unswept subtrees with
 *          @resolved: treat it as read-only, or json_deep_copy() it.
 * @sc may be NULL to only check the point. Returns 0, -EINVAL (the
 * point breaks a rule; @err says which) or -ERANGE (@idx too large).
 */
int scenario_point(const json_t *resolved, size_t idx, struct scenario *sc,
		   json_t **params, json_t **point_json, struct db_err *err);

/* What a field's plain integers count, once a scenario is resolved. */
enum scenario_unit {
	SCENARIO_UNIT_NONE,
	SCENARIO_UNIT_BYTES,
	SCENARIO_UNIT_NS
};

/**
 * scenario_field_unit() - bytes for a size field ("file.size"), ns for a
 * duration ("pinners.hold"), none for anything else or an unknown path.
 */
enum scenario_unit scenario_field_unit(const char *path);

/* Advice on a valid scenario: what a user would want to know before a run. */
struct scenario_advice {
	const char *field; /* the field to change: "pinners.method" */
	char msg[400];
};

/**
 * scenario_advice() - whether the scenario's pinners can meet none of
 * its ops (every pinned point io_uring_fixed on DAX, which fsdax
 * refuses), said in @adv. Only what is certain is advised: whether an
 * O_DIRECT pin is met is timing, for the run to report. Returns 1 with
 * @adv filled in, 0 with nothing to say, or -errno.
 */
int scenario_advice(const json_t *resolved, struct scenario_advice *adv);

/**
 * scenario_where() - "FILE:LINE:COL" of the value at @path
 * ("pinners.method", "sweep.pinners.method") in scenario @file into @buf,
 * or of its nearest enclosing value when @path is not written there
 * (a default), or "FILE" when the text cannot be read. Returns 0, -ENOENT or -errno.
 */
int scenario_where(const char *file, const char *path, char *buf, size_t len);

const char *scenario_method_name(enum pin_method m);
const char *scenario_op_name(enum op_type t);
const char *scenario_mapping_name(enum map_mode m);

#endif
