// SPDX-License-Identifier: GPL-2.0-only
/*
 * Scenario loading and validation (see scenario.h and
 * daxbench-scenario(5)). One table, scn_schema_root, says what every field
 * is: its type, its default, its range. Resolution walks that table over
 * the user's JSON, rejects unknown keys, fills in defaults and
 * normalises units (sizes become integers of bytes, durations integers
 * of nanoseconds), so that the resolved scenario a result stores can be
 * read by scripts without a unit parser. Rules that tie fields together
 * (offset + length inside the file, threads for a pinning method) are
 * checked on every sweep point, each decoded as the engine will see it,
 * so an invalid combination is reported before anything runs. Errors are
 * located through jsonpos: the line and column of the offending value,
 * or of the sweep value that made a point invalid.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonpos.h"
#include "scenario.h"
#include "units.h"

/* Scenario files are written by hand; anything bigger is a mistake. */
#define SCENARIO_MAX_FILE_BYTES (4 << 20)
#define SCENARIO_MAX_NAME 100
#define SCENARIO_MAX_NODE 1023 /* libnuma's usual node mask size, less 1 */
#define MIB2 (2ULL << 20)
#define FS_BLOCK 4096ULL /* DAX needs fs block size == page size */
#define DIO_ALIGN 512ULL /* the smallest logical block O_DIRECT takes */

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

/* The enum names are indexed by the enums of scenario.h. */
static const char *const fs_names[] = { "any", "ext4", "xfs", NULL };
static const char *const scn_mapping_names[] = { "pmd", "pte", NULL };
static const char *const scn_method_names[] = {
	"none", "odirect", "io_uring", "io_uring_fixed", "vmsplice", NULL,
};
static const char *const scn_op_names[] = {
	"truncate",	"punch_hole", "collapse_range",
	"insert_range", "zero_range", NULL,
};

#define BIG INT64_MAX /* resolved numbers are json_int_t */
#define END                                                                   \
	{                                                                     \
		NULL, K_OBJECT, false, false, NULL, 0, 0, 0, NULL, NULL, NULL \
	}

static const struct node target_fields[] = {
	{ .key = "dir",
	  .kind = K_STRING,
	  .nullable = true,
	  .def = "null",
	  .min = 1 },
	{ .key = "require_dax", .kind = K_BOOL, .def = "true" },
	{ .key = "fs", .kind = K_ENUM, .def = "\"any\"", .choices = fs_names },
	END,
};

static const struct node file_fields[] = {
	{ .key = "size",
	  .kind = K_SIZE,
	  .def = "\"64MiB\"",
	  .min = 1,
	  .max = BIG },
	{ .key = "mapping",
	  .kind = K_ENUM,
	  .def = "\"pmd\"",
	  .choices = scn_mapping_names },
	{ .key = "prefault", .kind = K_BOOL, .def = "true" },
	END,
};

static const struct node region_fields[] = {
	{ .key = "offset", .kind = K_SIZE, .def = "0", .max = BIG },
	{ .key = "length",
	  .kind = K_SIZE,
	  .nullable = true,
	  .def = "null",
	  .min = 1,
	  .max = BIG },
	END,
};

static const struct node numa_fields[] = {
	{ .key = "cpunodebind",
	  .kind = K_INT,
	  .nullable = true,
	  .def = "null",
	  .max = SCENARIO_MAX_NODE },
	{ .key = "membind",
	  .kind = K_INT,
	  .nullable = true,
	  .def = "null",
	  .max = SCENARIO_MAX_NODE },
	END,
};

static const struct node pinners_fields[] = {
	{ .key = "method",
	  .kind = K_ENUM,
	  .def = "\"none\"",
	  .choices = scn_method_names },
	{ .key = "threads",
	  .kind = K_INT,
	  .def = "1",
	  .max = SCENARIO_MAX_THREADS },
	{ .key = "io_size",
	  .kind = K_SIZE,
	  .def = "\"4KiB\"",
	  .min = DIO_ALIGN,
	  .max = BIG,
	  .align = DIO_ALIGN,
	  .why = "O_DIRECT needs whole 512-byte blocks" },
	{ .key = "queue_depth",
	  .kind = K_INT,
	  .def = "1",
	  .min = 1,
	  .max = 4096 },
	{ .key = "hold", .kind = K_DURATION, .def = "\"0s\"", .max = BIG },
	{ .key = "solo", .kind = K_DURATION, .def = "\"0s\"", .max = BIG },
	{ .key = "region",
	  .kind = K_OBJECT,
	  .def = "{}",
	  .children = region_fields },
	{ .key = "device",
	  .kind = K_STRING,
	  .nullable = true,
	  .def = "null",
	  .min = 1 },
	{ .key = "numa",
	  .kind = K_OBJECT,
	  .def = "{}",
	  .children = numa_fields },
	END,
};

static const struct node operation_fields[] = {
	{ .key = "type",
	  .kind = K_ENUM,
	  .def = "\"punch_hole\"",
	  .choices = scn_op_names },
	{ .key = "offset", .kind = K_SIZE, .def = "0", .max = BIG },
	{ .key = "length",
	  .kind = K_SIZE,
	  .def = "\"2MiB\"",
	  .min = 1,
	  .max = BIG },
	{ .key = "interval", .kind = K_DURATION, .def = "\"0s\"", .max = BIG },
	END,
};

static const struct node trace_fields[] = {
	{ .key = "busy_scan", .kind = K_BOOL, .def = "true" },
	{ .key = "fault_mode", .kind = K_BOOL, .def = "true" },
	END,
};

static const struct node root_fields[] = {
	{ .key = "schema", .kind = K_SCHEMA, .required = true },
	{ .key = "name", .kind = K_NAME, .required = true },
	{ .key = "description", .kind = K_STRING, .def = "\"\"" },
	{ .key = "target",
	  .kind = K_OBJECT,
	  .def = "{}",
	  .children = target_fields },
	{ .key = "file",
	  .kind = K_OBJECT,
	  .def = "{}",
	  .children = file_fields },
	{ .key = "pinners",
	  .kind = K_OBJECT,
	  .def = "{}",
	  .children = pinners_fields },
	{ .key = "operation",
	  .kind = K_OBJECT,
	  .def = "{}",
	  .children = operation_fields },
	{ .key = "sweep", .kind = K_SWEEP, .def = "{}" },
	{ .key = "repeat",
	  .kind = K_INT,
	  .def = "50",
	  .min = 1,
	  .max = SCENARIO_MAX_REPEAT },
	{ .key = "warmup", .kind = K_INT, .def = "5", .max = 1000000 },
	{ .key = "timeout",
	  .kind = K_DURATION,
	  .def = "\"10s\"",
	  .min = 1,
	  .max = BIG },
	{ .key = "trace",
	  .kind = K_OBJECT,
	  .def = "{}",
	  .children = trace_fields },
	{ .key = "resolved", .kind = K_RESOLVED, .def = "false" },
	END,
};

static const struct node scn_schema_root = { .key = "",
					     .kind = K_OBJECT,
					     .children = root_fields };

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

const char *scenario_method_name(enum pin_method m)
{
	return (unsigned int)m < PIN_VMSPLICE + 1 ? scn_method_names[m] : "?";
}

const char *scenario_op_name(enum op_type t)
{
	return (unsigned int)t < OP_ZERO_RANGE + 1 ? scn_op_names[t] : "?";
}

const char *scenario_mapping_name(enum map_mode m)
{
	return (unsigned int)m < MAP_PTE + 1 ? scn_mapping_names[m] : "?";
}

/* "the sweep key K covers @path": K is @path or one of its parents */
static size_t scn_covers(const char *k, const char *path)
{
	size_t n = strlen(k);

	if (strncmp(k, path, n) || (path[n] && path[n] != '.'))
		return 0;
	return n;
}

/* The sweep key index covering @path in the current point, or -1. */
static long swept(const struct ctx *c, const char *path, size_t *klen)
{
	const char *k;
	json_t *v;
	long i = 0;

	if (!c->sweep)
		return -1;
	json_object_foreach((json_t *)c->sweep, k, v)
	{
		size_t n = scn_covers(k, path);

		if (n) {
			*klen = n;
			return i;
		}
		i++;
	}
	return -1;
}

/*
 * Where the value at @path came from, as a path into the input: @path
 * itself, or "sweep.K[i]..." when the sweep key K covers it in this
 * point. NULL when out of memory.
 */
static char *scn_source_path(const struct ctx *c, const char *path)
{
	size_t klen = 0;
	long k = swept(c, path, &klen);
	char *p;

	if (k < 0)
		return strdup(path);
	/* the value came from sweep."K"[i]; what follows K stays */
	if (asprintf(&p, "sweep.%.*s[%zu]%s", (int)klen, path, c->choice[k],
		     path + klen) < 0)
		return NULL;
	return p;
}

/*
 * The override that put the value at @src (a scn_source_path()) there: the
 * last one whose path is @src or holds it. NULL if the value is the
 * file's.
 */
static const struct override *override_of(const struct ctx *c, const char *src)
{
	size_t i = c->nsets;

	while (src && i--) {
		size_t n = strlen(c->sets[i].path);

		if (!strncmp(c->sets[i].path, src, n) &&
		    (!src[n] || src[n] == '.' || src[n] == '['))
			return &c->sets[i];
	}
	return NULL;
}

static const struct override *scn_overridden(const struct ctx *c,
					     const char *path)
{
	char *src = c->nsets ? scn_source_path(c, path) : NULL;
	const struct override *o = override_of(c, src);

	free(src);
	return o;
}

static bool locate(const struct ctx *c, const char *src, bool key,
		   struct jsonpos_loc *loc)
{
	return c->pos && !jsonpos_find_near(c->pos, src, key, loc);
}

/* "(sweep point 3 of 8: pinners.threads=0, file.mapping="pte")" */
static void point_suffix(const struct ctx *c, char *buf, size_t len)
{
	size_t used, i = 0;
	const char *k;
	json_t *list;

	buf[0] = '\0';
	if (!c->sweep || !json_object_size(c->sweep))
		return;
	used = (size_t)snprintf(buf, len,
				" (sweep point %zu of %zu:", c->point + 1,
				c->npoints);
	json_object_foreach((json_t *)c->sweep, k, list)
	{
		char *v = json_dumps(json_array_get(list, c->choice[i]),
				     JSON_ENCODE_ANY | JSON_COMPACT);

		if (used < len)
			used += (size_t)snprintf(buf + used, len - used,
						 "%s %s=%s", i ? "," : "", k,
						 v ? v : "?");
		free(v);
		i++;
	}
	if (used < len)
		snprintf(buf + used, len - used, ")");
}

/*
 * Report a problem with @path: "ORIGIN:LINE:COL: PATH: MESSAGE", or
 * "ORIGIN: --set PATH=VALUE: PATH: MESSAGE" when an override put the
 * value there. With @key the position is that of the key (unknown and
 * duplicate keys), else of the value. @alt, when not NULL, is another
 * field the rule involves: if @path holds the file's own value but @alt
 * was swept or overridden, that is what made this point invalid, so the
 * blame goes to @alt. Only an error that involves a swept field names
 * the sweep point: about any other, every point would say the same.
 */
static int __attribute__((format(printf, 5, 6)))
scn_fail_at(const struct ctx *c, const char *path, const char *alt, bool key,
	    const char *fmt, ...)
{
	const struct override *o;
	const char *blame = path;
	char msg[600], where[300], suffix[400] = "", *src;
	bool path_swept, alt_swept = false;
	struct jsonpos_loc loc;
	size_t klen;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	path_swept = swept(c, path, &klen) >= 0;
	if (alt) {
		alt_swept = swept(c, alt, &klen) >= 0;
		if (!path_swept && !scn_overridden(c, path) &&
		    (alt_swept || scn_overridden(c, alt))) {
			blame = alt;
			key = false;
		}
	}
	src = scn_source_path(c, blame);
	o = override_of(c, src);
	/* scenario_set(): a resolved scenario and one override to blame */
	if (!o && !c->origin && c->nsets)
		o = &c->sets[c->nsets - 1];
	if (o)
		snprintf(where, sizeof(where), "%s%s--set %s",
			 c->origin ? c->origin : "", c->origin ? ": " : "",
			 o->assignment);
	else if (src && locate(c, src, key, &loc))
		snprintf(where, sizeof(where), "%s:%u:%u", c->origin, loc.line,
			 loc.col);
	else
		snprintf(where, sizeof(where), "%s",
			 c->origin ? c->origin : "scenario");
	free(src);
	if (path_swept || alt_swept)
		point_suffix(c, suffix, sizeof(suffix));
	if (*path)
		return db_err_set(c->err, -EINVAL, "%s: %s: %s%s", where, path,
				  msg, suffix);
	return db_err_set(c->err, -EINVAL, "%s: %s%s", where, msg, suffix);
}

#define fail(c, path, ...) scn_fail_at(c, path, NULL, false, __VA_ARGS__)

/* What a value is, for "got ...": a short rendering a user recognises. */
static const char *scn_got(const json_t *v, char *buf, size_t len)
{
	switch (json_typeof(v)) {
	case JSON_STRING: {
		const char *s = json_string_value(v);

		snprintf(buf, len, "\"%.40s%s\"", s,
			 strlen(s) > 40 ? "..." : "");
		return buf;
	}
	case JSON_INTEGER:
		snprintf(buf, len, "%" JSON_INTEGER_FORMAT,
			 json_integer_value(v));
		return buf;
	case JSON_REAL:
		snprintf(buf, len, "%g", json_real_value(v));
		return buf;
	case JSON_TRUE:
		return "true";
	case JSON_FALSE:
		return "false";
	case JSON_NULL:
		return "null";
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	}
	return "?";
}

static char *scn_join_path(const char *base, const char *key)
{
	char *p;

	if (asprintf(&p, "%s%s%s", base, *base ? "." : "", key) < 0)
		return NULL;
	return p;
}

static int scn_nomem(const struct ctx *c)
{
	return db_err_set(c->err, -ENOMEM, "%s: out of memory",
			  c->origin ? c->origin : "--set");
}

/* "a size > 0 and <= 1024, a multiple of 512" from a node's range */
static void range_text(const struct node *n, const char *what, char *buf,
		       size_t len)
{
	size_t used = (size_t)snprintf(buf, len, "%s", what);

	if (n->kind == K_INT)
		used += (size_t)snprintf(buf + used, len - used,
					 " in %" PRId64 "..%" PRId64, n->min,
					 n->max);
	else if (n->min == 1)
		used += (size_t)snprintf(buf + used, len - used, " > 0");
	else if (n->min > 1)
		used += (size_t)snprintf(buf + used, len - used, " >= %" PRId64,
					 n->min);
	if (n->kind != K_INT && n->max && n->max != BIG && used < len)
		used += (size_t)snprintf(buf + used, len - used,
					 "%s <= %" PRId64, n->min ? " and" : "",
					 n->max);
	if (n->align && used < len)
		used += (size_t)snprintf(buf + used, len - used,
					 ", a multiple of %" PRId64, n->align);
	if (n->why && used < len)
		snprintf(buf + used, len - used, " (%s)", n->why);
}

/*
 * " (did you mean "64MiB"?)" when @in is a size in a decimal unit ("64MB"
 * is 64,000,000 bytes, as it should be) whose binary twin is a multiple
 * of @align: the likely intent when a size must be aligned and is not.
 * Empty otherwise.
 */
static const char *scn_decimal_hint(const json_t *in, uint64_t align, char *buf,
				    size_t len)
{
	static const char *const dec[] = { "kB", "KB", "MB", "GB", "TB" };
	static const char *const bin[] = { "KiB", "KiB", "MiB", "GiB", "TiB" };
	const char *s = json_string_value(in);
	char twin[80];
	size_t n, i;
	uint64_t v;

	buf[0] = '\0';
	n = s ? strlen(s) : 0;
	for (i = 0; align && n > 2 && i < sizeof(dec) / sizeof(dec[0]); i++) {
		if (strcmp(s + n - 2, dec[i]))
			continue;
		snprintf(twin, sizeof(twin), "%.*s%s", (int)(n - 2), s, bin[i]);
		if (!units_parse_size(twin, &v) && !(v % align))
			snprintf(buf, len, " (did you mean \"%s\"?)", twin);
		break;
	}
	return buf;
}

static int check_range(const struct ctx *c, const struct node *n,
		       const char *path, const char *what, const json_t *in,
		       uint64_t v)
{
	char want[200], g[64], hint[100];

	if (v >= (uint64_t)n->min && v <= (uint64_t)(n->max ? n->max : BIG) &&
	    (!n->align || !(v % (uint64_t)n->align)))
		return 0;
	range_text(n, what, want, sizeof(want));
	if (json_is_string(in))
		return fail(c, path, "expected %s, got %s = %llu%s", want,
			    scn_got(in, g, sizeof(g)), (unsigned long long)v,
			    scn_decimal_hint(in, (uint64_t)n->align, hint,
					     sizeof(hint)));
	return fail(c, path, "expected %s, got %s", want,
		    scn_got(in, g, sizeof(g)));
}

/* Why a size or duration string did not parse, in a user's words. */
static const char *unit_trouble(const char *s, int rc, bool duration)
{
	uint64_t v;
	char *whole;
	const char *dot;

	if (rc == -ERANGE)
		return "too large";
	if (*s == '-')
		return "negative";
	dot = strchr(s, '.');
	if (dot && (whole = strdup(s))) {
		/* drop the fraction: if the rest parses, the fraction was it */
		size_t k = (size_t)(dot - s), e = k + 1;

		while (isdigit((unsigned char)whole[e]))
			e++;
		memmove(whole + k, whole + e, strlen(whole + e) + 1);
		rc = duration ? units_parse_duration(whole, &v) :
				units_parse_size(whole, &v);
		free(whole);
		if (!rc)
			return duration ? "a fraction of a nanosecond" :
					  "a fraction of a byte";
	}
	return "unknown unit or malformed number";
}

/* A number with no unit: "512", "1.5", "0". */
static bool bare_number(const char *s)
{
	return isdigit((unsigned char)*s) && !s[strspn(s, "0123456789. ")];
}

/*
 * A size or a duration, resolved to an integer of bytes or nanoseconds.
 * Where a person wrote it (not a resolved scenario, or an override) a
 * number needs a unit, 0 excepted: 0 is 0 in any unit.
 */
static int resolve_quantity(const struct ctx *c, const struct node *n,
			    const json_t *in, const char *path, json_t **out)
{
	bool dur = n->kind == K_DURATION;
	bool strict = !c->resolved_form || scn_overridden(c, path);
	const char *s = json_string_value(in);
	char g[64];
	uint64_t v;
	int rc;

	if (json_is_integer(in) && json_integer_value(in) >= 0) {
		v = (uint64_t)json_integer_value(in);
		if (v && strict)
			goto no_unit;
	} else if (s) {
		if (bare_number(s)) {
			/* the empty unit: bytes, in a resolved scenario */
			rc = units_parse_size(s, &v);
			if ((rc || v) && (strict || dur))
				goto no_unit;
		} else {
			rc = dur ? units_parse_duration(s, &v) :
				   units_parse_size(s, &v);
		}
		if (rc)
			return fail(c, path,
				    "expected %s such as %s, got %s: %s",
				    dur ? "a duration" : "a size",
				    dur ? "\"10ms\"" : "\"2MiB\"",
				    scn_got(in, g, sizeof(g)),
				    unit_trouble(s, rc, dur));
	} else {
		return fail(c, path,
			    "expected %s (a string such as %s)%s, got %s",
			    dur ? "a duration" : "a size",
			    dur ? "\"10ms\"" : "\"2MiB\"",
			    n->nullable ? " or null" : "",
			    scn_got(in, g, sizeof(g)));
	}
	rc = check_range(c, n, path, dur ? "a duration" : "a size", in, v);
	if (rc)
		return rc;
	*out = json_integer((json_int_t)v);
	return *out ? 0 : scn_nomem(c);
no_unit:
	return fail(c, path, "expected %s, got %s",
		    dur ? "a duration with a unit (ns, us, ms, s, m or h; "
			  "only 0 needs none)" :
			  "a size with a unit (B, KiB, MiB, GiB, TiB, or kB, "
			  "MB, GB, TB for powers of 10; only 0 needs none)",
		    scn_got(in, g, sizeof(g)));
}

static int scn_resolve_scalar(const struct ctx *c, const struct node *n,
			      const json_t *in, const char *path, json_t **out)
{
	char want[256], g[64];
	int rc;

	switch (n->kind) {
	case K_BOOL:
		if (!json_is_boolean(in))
			return fail(c, path, "expected true or false, got %s",
				    scn_got(in, g, sizeof(g)));
		*out = json_incref((json_t *)in);
		return 0;
	case K_STRING:
		if (!json_is_string(in) ||
		    json_string_length(in) < (size_t)n->min)
			return fail(c, path, "expected a%s string%s, got %s",
				    n->min ? " non-empty" : "",
				    n->nullable ? " or null" : "",
				    scn_got(in, g, sizeof(g)));
		*out = json_incref((json_t *)in);
		return 0;
	case K_NAME: {
		const char *s = json_string_value(in);
		size_t i, len = s ? strlen(s) : 0;

		for (i = 0; s && i < len; i++)
			if (!isalnum((unsigned char)s[i]) &&
			    !strchr("._-", s[i]))
				break;
		if (!s || !len || i < len || len > SCENARIO_MAX_NAME)
			return fail(
				c, path,
				"expected 1 to %d of A-Z a-z 0-9 . _ - (it becomes part of a file name), got %s",
				SCENARIO_MAX_NAME, scn_got(in, g, sizeof(g)));
		*out = json_incref((json_t *)in);
		return 0;
	}
	case K_ENUM: {
		const char *const *ch;
		size_t used = 0;

		for (ch = n->choices; json_is_string(in) && *ch; ch++)
			if (!strcmp(*ch, json_string_value(in))) {
				*out = json_incref((json_t *)in);
				return 0;
			}
		for (ch = n->choices; *ch && used < sizeof(want); ch++)
			used += (size_t)snprintf(
				want + used, sizeof(want) - used, "%s\"%s\"",
				ch == n->choices ? "" : ", ", *ch);
		return fail(c, path, "expected one of %s, got %s", want,
			    scn_got(in, g, sizeof(g)));
	}
	case K_INT:
		if (!json_is_integer(in) || json_integer_value(in) < 0) {
			range_text(n, "an integer", want, sizeof(want));
			return fail(c, path, "expected %s%s, got %s", want,
				    n->nullable ? " or null" : "",
				    scn_got(in, g, sizeof(g)));
		}
		rc = check_range(c, n, path, "an integer", in,
				 (uint64_t)json_integer_value(in));
		if (!rc)
			*out = json_incref((json_t *)in);
		return rc;
	case K_SIZE:
	case K_DURATION:
		return resolve_quantity(c, n, in, path, out);
	case K_RESOLVED:
		if (!json_is_boolean(in))
			return fail(c, path, "expected true or false, got %s",
				    scn_got(in, g, sizeof(g)));
		/* whatever it said, what comes out is resolved */
		*out = json_true();
		return 0;
	case K_SCHEMA:
		if (!json_is_integer(in))
			return fail(c, path, "expected the integer %d, got %s",
				    SCENARIO_SCHEMA, scn_got(in, g, sizeof(g)));
		if (json_integer_value(in) > SCENARIO_SCHEMA)
			return fail(
				c, path,
				"schema %" JSON_INTEGER_FORMAT
				" is newer than this daxbench (%d) understands",
				json_integer_value(in), SCENARIO_SCHEMA);
		if (json_integer_value(in) < 1)
			return fail(c, path, "expected %d, got %s",
				    SCENARIO_SCHEMA, scn_got(in, g, sizeof(g)));
		*out = json_incref((json_t *)in);
		return 0;
	default:
		break;
	}
	return fail(c, path, "internal error: unexpected field kind");
}

static int scn_resolve_node(const struct ctx *c, const struct node *n,
			    const json_t *in, const char *path, json_t **out);

static int resolve_object(const struct ctx *c, const struct node *n,
			  const json_t *in, const char *path, json_t **out)
{
	const struct node *ch;
	const char *k;
	json_t *v, *res;
	char g[64];
	int rc = 0;

	if (!json_is_object(in))
		return fail(c, path, "expected %s, got %s",
			    *path ? "an object" : "a JSON object",
			    scn_got(in, g, sizeof(g)));
	json_object_foreach((json_t *)in, k, v)
	{
		char names[300], *p;
		size_t used = 0;

		for (ch = n->children; ch->key; ch++)
			if (!strcmp(ch->key, k))
				break;
		if (ch->key)
			continue;
		for (ch = n->children; ch->key && used < sizeof(names); ch++)
			used += (size_t)snprintf(names + used,
						 sizeof(names) - used, "%s%s",
						 ch == n->children ? "" : ", ",
						 ch->key);
		p = scn_join_path(path, k);
		if (!p)
			return scn_nomem(c);
		rc = scn_fail_at(c, p, NULL, true, "unknown key (%s takes: %s)",
				 *path ? path : "a scenario", names);
		free(p);
		return rc;
	}
	res = json_object();
	if (!res)
		return scn_nomem(c);
	for (ch = n->children; ch->key && !rc; ch++) {
		char *p = scn_join_path(path, ch->key);
		json_t *cv = NULL;

		if (!p) {
			rc = scn_nomem(c);
			break;
		}
		rc = scn_resolve_node(c, ch, json_object_get(in, ch->key), p,
				      &cv);
		if (!rc && json_object_set_new(res, ch->key, cv))
			rc = scn_nomem(c);
		free(p);
	}
	if (rc) {
		json_decref(res);
		return rc;
	}
	*out = res;
	return 0;
}

/*
 * The node a dotted @path names, walking from the root. On failure,
 * @why says which object lacks which key.
 */
static const struct node *scn_find_node(const char *path, char *why, size_t len)
{
	const struct node *n = &scn_schema_root;
	const char *p = path;
	char parent[128] = "a scenario";

	for (;;) {
		const char *dot = strchr(p, '.');
		size_t klen = dot ? (size_t)(dot - p) : strlen(p);
		const struct node *ch = NULL, *c;
		size_t used;

		if (n->kind == K_OBJECT)
			for (c = n->children; c->key; c++)
				if (strlen(c->key) == klen &&
				    !strncmp(c->key, p, klen)) {
					ch = c;
					break;
				}
		if (!ch) {
			if (n->kind != K_OBJECT) {
				snprintf(why, len, "%s has no fields", parent);
				return NULL;
			}
			used = (size_t)snprintf(why, len,
						"%s has no \"%.*s\" (it has",
						parent, (int)klen, p);
			for (c = n->children; c->key && used < len; c++)
				used += (size_t)snprintf(
					why + used, len - used, "%s %s",
					c == n->children ? "" : ",", c->key);
			if (used < len)
				snprintf(why + used, len - used, ")");
			return NULL;
		}
		n = ch;
		if (!dot)
			return n;
		snprintf(parent, sizeof(parent), "%.*s", (int)(dot - path),
			 path);
		p = dot + 1;
	}
}

/*
 * The cap on a sweep's cross product, checked on the lists as written
 * and before any value is resolved: resolving compares each value with
 * the ones before it, so a list of a million values would otherwise
 * take hours to be refused.
 */
static int check_sweep_cap(const struct ctx *c, const json_t *in,
			   const char *path)
{
	size_t product = 1, used = 0;
	bool overflow = false;
	char sizes[256];
	const char *k;
	json_t *list;

	/* an empty list is its own error, later; it must not hide a long one */
	json_object_foreach((json_t *)in, k, list)
	{
		if (json_array_size(list) &&
		    __builtin_mul_overflow(product, json_array_size(list),
					   &product))
			overflow = true;
	}
	if (!overflow && product <= SCENARIO_MAX_POINTS)
		return 0;
	sizes[0] = '\0';
	json_object_foreach((json_t *)in, k, list)
	{
		if (json_is_array(list) && used < sizeof(sizes))
			used += (size_t)snprintf(sizes + used,
						 sizeof(sizes) - used, "%s%zu",
						 used ? " x " : "",
						 json_array_size(list));
	}
	if (overflow)
		return fail(
			c, path,
			"expected at most %d points, got a cross product of %s (overflows)",
			SCENARIO_MAX_POINTS, sizes);
	return fail(
		c, path,
		"expected at most %d points, got a cross product of %s = %zu",
		SCENARIO_MAX_POINTS, sizes, product);
}

static int resolve_sweep(const struct ctx *c, const json_t *in,
			 const char *path, json_t **out)
{
	const char *k, *k2;
	json_t *list, *l2, *res;
	char g[64];
	int rc = 0;

	if (!json_is_object(in))
		return fail(
			c, path,
			"expected an object of \"dotted.path\": [values], got %s",
			scn_got(in, g, sizeof(g)));
	rc = check_sweep_cap(c, in, path);
	if (rc)
		return rc;
	res = json_object();
	if (!res)
		return scn_nomem(c);
	json_object_foreach((json_t *)in, k, list)
	{
		const struct node *n;
		char why[400], *p;
		json_t *vals;
		size_t i, j;

		p = scn_join_path(path, k);
		if (!p) {
			rc = scn_nomem(c);
			break;
		}
		n = scn_find_node(k, why, sizeof(why));
		if (!strcmp(k, "schema") || !strcmp(k, "name") ||
		    !strcmp(k, "resolved") || !strcmp(k, "sweep") ||
		    scn_covers("sweep", k))
			rc = scn_fail_at(c, p, NULL, true,
					 "\"%s\" cannot be swept", k);
		else if (!n)
			rc = scn_fail_at(c, p, NULL, true,
					 "names no field of a scenario: %s",
					 why);
		json_object_foreach((json_t *)in, k2, l2)
		{
			if (rc || k2 == k)
				break;
			if (scn_covers(k2, k) || scn_covers(k, k2))
				rc = scn_fail_at(c, p, NULL, true,
						 "overlaps the sweep of \"%s\"",
						 k2);
		}
		if (!rc && (!json_is_array(list) || !json_array_size(list)))
			rc = fail(c, p,
				  "expected a non-empty list of values, got %s",
				  json_is_array(list) ?
					  "[]" :
					  scn_got(list, g, sizeof(g)));
		vals = rc ? NULL : json_array();
		if (!rc && !vals)
			rc = scn_nomem(c);
		for (i = 0; !rc && i < json_array_size(list); i++) {
			json_t *v = NULL;
			char *ep;

			if (asprintf(&ep, "%s[%zu]", p, i) < 0) {
				rc = scn_nomem(c);
				break;
			}
			rc = scn_resolve_node(c, n, json_array_get(list, i), ep,
					      &v);
			for (j = 0; !rc && j < i; j++)
				if (json_equal(v, json_array_get(vals, j)))
					rc = fail(
						c, ep,
						"repeats the value of %s[%zu]",
						p, j);
			if (!rc && json_array_append_new(vals, v))
				rc = scn_nomem(c);
			else if (rc)
				json_decref(v);
			free(ep);
		}
		if (!rc && json_object_set_new(res, k, vals))
			rc = scn_nomem(c);
		else if (rc)
			json_decref(vals);
		free(p);
		if (rc)
			break;
	}
	if (rc) {
		json_decref(res);
		return rc;
	}
	*out = res;
	return 0;
}

static int scn_resolve_node(const struct ctx *c, const struct node *n,
			    const json_t *in, const char *path, json_t **out)
{
	json_t *def;
	int rc;

	if (!in) {
		if (n->required)
			return fail(c, path, "missing: a scenario needs \"%s\"",
				    n->key);
		/* a default goes through the same checks as input would */
		def = json_loads(n->def, JSON_DECODE_ANY, NULL);
		if (!def)
			return scn_nomem(c);
		rc = scn_resolve_node(c, n, def, path, out);
		json_decref(def);
		return rc;
	}
	if (json_is_null(in) && n->nullable) {
		*out = json_null();
		return 0;
	}
	if (n->kind == K_OBJECT)
		return resolve_object(c, n, in, path, out);
	if (n->kind == K_SWEEP)
		return resolve_sweep(c, in, path, out);
	return scn_resolve_scalar(c, n, in, path, out);
}

/* ---- points ---- */

/* The value at dotted @path of a resolved scenario (keys hold no dots). */
static json_t *scn_at(const json_t *root, const char *path)
{
	json_t *v = (json_t *)root;
	const char *p = path;

	while (v && *p) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		char key[64];

		if (n >= sizeof(key))
			return NULL;
		memcpy(key, p, n);
		key[n] = '\0';
		v = json_object_get(v, key);
		p += n + (dot ? 1 : 0);
	}
	return v;
}

/* The input's value at a scn_source_path() ("sweep.K[i]..."), or NULL. */
static const json_t *scn_raw_at(const json_t *raw, const char *src)
{
	const json_t *v = raw;
	char *end;

	if (!strncmp(src, "sweep.", 6)) {
		/* a sweep key is itself a dotted path: up to the index */
		size_t n = strcspn(src + 6, "[");
		char *k = strndup(src + 6, n);

		v = k ? json_object_get(json_object_get(raw, "sweep"), k) :
			NULL;
		free(k);
		src += 6 + n;
		if (*src != '[')
			return v;
		v = json_array_get(v, strtoul(src + 1, &end, 10));
		src = end + (*end == ']');
		src += *src == '.';
	}
	return scn_at(v, src);
}

/*
 * Set @path of @root to @value (a reference is taken), copying each
 * object on the way so that @root, a shallow copy, shares everything
 * else with the scenario it was copied from. An object missing on the
 * way (input that leaves it to its defaults) is made.
 */
static int scn_set_shared(json_t *root, const char *path, json_t *value)
{
	json_t *obj = root;
	char *p = strdup(path), *k, *dot;
	int rc = 0;

	if (!p)
		return -ENOMEM;
	for (k = p; (dot = strchr(k, '.')); k = dot + 1) {
		json_t *cur, *copy;

		*dot = '\0';
		cur = json_object_get(obj, k);
		copy = cur ? json_copy(cur) : json_object();
		if (!json_is_object(copy) ||
		    json_object_set_new(obj, k, copy)) {
			json_decref(copy);
			rc = -EINVAL;
			break;
		}
		obj = copy;
	}
	if (!rc && json_object_set(obj, k, value))
		rc = -EINVAL;
	free(p);
	return rc;
}

static int build_point(const json_t *resolved, const size_t *choice,
		       json_t **out)
{
	const json_t *sweep = json_object_get(resolved, "sweep");
	json_t *pj = json_copy((json_t *)resolved), *list;
	const char *k;
	size_t i = 0;
	int rc = 0;

	if (!pj)
		return -ENOMEM;
	json_object_foreach((json_t *)sweep, k, list)
	{
		rc = scn_set_shared(pj, k, json_array_get(list, choice[i++]));
		if (rc)
			break;
	}
	/* a point is a plain scenario: it sweeps nothing itself */
	if (!rc && json_object_set_new(pj, "sweep", json_object()))
		rc = -ENOMEM;
	if (rc) {
		json_decref(pj);
		return rc;
	}
	*out = pj;
	return 0;
}

static int scn_bad_resolved(const struct ctx *c, const char *path)
{
	return db_err_set(
		c->err, -EINVAL,
		"%s: %s: missing or of the wrong type (not a resolved scenario)",
		c->origin ? c->origin : "--set", path);
}

static int get_u64(const struct ctx *c, const json_t *p, const char *path,
		   uint64_t *v)
{
	json_t *j = scn_at(p, path);

	if (!json_is_integer(j) || json_integer_value(j) < 0)
		return scn_bad_resolved(c, path);
	*v = (uint64_t)json_integer_value(j);
	return 0;
}

static int get_uint(const struct ctx *c, const json_t *p, const char *path,
		    unsigned int *v)
{
	uint64_t u;
	int rc = get_u64(c, p, path, &u);

	if (!rc && u > UINT32_MAX)
		return scn_bad_resolved(c, path);
	*v = (unsigned int)u;
	return rc;
}

static int get_node_id(const struct ctx *c, const json_t *p, const char *path,
		       int *v)
{
	uint64_t u;

	if (json_is_null(scn_at(p, path))) {
		*v = -1;
		return 0;
	}
	if (get_u64(c, p, path, &u) || u > SCENARIO_MAX_NODE)
		return scn_bad_resolved(c, path);
	*v = (int)u;
	return 0;
}

static int get_bool(const struct ctx *c, const json_t *p, const char *path,
		    bool *v)
{
	json_t *j = scn_at(p, path);

	if (!json_is_boolean(j))
		return scn_bad_resolved(c, path);
	*v = json_is_true(j);
	return 0;
}

static int get_str(const struct ctx *c, const json_t *p, const char *path,
		   bool nullable, const char **v)
{
	json_t *j = scn_at(p, path);

	if (nullable && json_is_null(j)) {
		*v = NULL;
		return 0;
	}
	if (!json_is_string(j))
		return scn_bad_resolved(c, path);
	*v = json_string_value(j);
	return 0;
}

static int get_enum(const struct ctx *c, const json_t *p, const char *path,
		    const char *const *names, int *v)
{
	const char *s;
	int i;

	if (get_str(c, p, path, false, &s))
		return -EINVAL;
	for (i = 0; names[i]; i++)
		if (!strcmp(names[i], s)) {
			*v = i;
			return 0;
		}
	return scn_bad_resolved(c, path);
}

static int scn_decode(const struct ctx *c, const json_t *p, struct scenario *sc)
{
	int mapping = 0, method = 0, type = 0;
	int rc = 0;

	memset(sc, 0, sizeof(*sc));
	rc |= get_str(c, p, "name", false, &sc->name);
	rc |= get_str(c, p, "description", false, &sc->description);
	rc |= get_str(c, p, "target.dir", true, &sc->target.dir);
	rc |= get_bool(c, p, "target.require_dax", &sc->target.require_dax);
	rc |= get_str(c, p, "target.fs", false, &sc->target.fs);
	rc |= get_u64(c, p, "file.size", &sc->file.size);
	rc |= get_enum(c, p, "file.mapping", scn_mapping_names, &mapping);
	rc |= get_bool(c, p, "file.prefault", &sc->file.prefault);
	rc |= get_enum(c, p, "pinners.method", scn_method_names, &method);
	rc |= get_uint(c, p, "pinners.threads", &sc->pinners.threads);
	rc |= get_u64(c, p, "pinners.io_size", &sc->pinners.io_size);
	rc |= get_uint(c, p, "pinners.queue_depth", &sc->pinners.queue_depth);
	rc |= get_u64(c, p, "pinners.hold", &sc->pinners.hold_ns);
	rc |= get_u64(c, p, "pinners.solo", &sc->pinners.solo_ns);
	rc |= get_u64(c, p, "pinners.region.offset",
		      &sc->pinners.region_offset);
	if (json_is_null(scn_at(p, "pinners.region.length")))
		sc->pinners.region_length = UINT64_MAX; /* fixed up below */
	else
		rc |= get_u64(c, p, "pinners.region.length",
			      &sc->pinners.region_length);
	rc |= get_str(c, p, "pinners.device", true, &sc->pinners.device);
	rc |= get_node_id(c, p, "pinners.numa.cpunodebind",
			  &sc->pinners.cpunodebind);
	rc |= get_node_id(c, p, "pinners.numa.membind", &sc->pinners.membind);
	rc |= get_enum(c, p, "operation.type", scn_op_names, &type);
	rc |= get_u64(c, p, "operation.offset", &sc->op.offset);
	rc |= get_u64(c, p, "operation.length", &sc->op.length);
	rc |= get_u64(c, p, "operation.interval", &sc->op.interval_ns);
	rc |= get_uint(c, p, "repeat", &sc->repeat);
	rc |= get_uint(c, p, "warmup", &sc->warmup);
	rc |= get_u64(c, p, "timeout", &sc->timeout_ns);
	rc |= get_bool(c, p, "trace.busy_scan", &sc->trace.busy_scan);
	rc |= get_bool(c, p, "trace.fault_mode", &sc->trace.fault_mode);
	if (rc)
		return -EINVAL;
	sc->file.mapping = (enum map_mode)mapping;
	sc->pinners.method = (enum pin_method)method;
	sc->op.type = (enum op_type)type;
	if (sc->pinners.region_length == UINT64_MAX)
		sc->pinners.region_length =
			sc->pinners.region_offset < sc->file.size ?
				sc->file.size - sc->pinners.region_offset :
				0;
	return 0;
}

/* scn_decimal_hint() for the value at @path of this point, as written. */
static const char *point_hint(const struct ctx *c, const char *path,
			      uint64_t align, char *buf, size_t len)
{
	char *src = c->raw ? scn_source_path(c, path) : NULL;

	scn_decimal_hint(src ? scn_raw_at(c->raw, src) : NULL, align, buf, len);
	free(src);
	return buf;
}

/* The rules that tie fields together, on one decoded point. */
static int scn_check_rules(const struct ctx *c, const struct scenario *sc,
			   bool region_null)
{
	const char *m = scenario_method_name(sc->pinners.method);
	const char *op = scenario_op_name(sc->op.type);
	uint64_t size = sc->file.size, end;
	char hint[100];

	if (sc->file.mapping == MAP_PMD && size % MIB2)
		return scn_fail_at(
			c, "file.size", "file.mapping", false,
			"expected a multiple of 2MiB for mapping \"pmd\", got %llu%s",
			(unsigned long long)size,
			point_hint(c, "file.size", MIB2, hint, sizeof(hint)));
	if (sc->op.type == OP_COLLAPSE_RANGE ||
	    sc->op.type == OP_INSERT_RANGE) {
		if (sc->op.offset % FS_BLOCK)
			return scn_fail_at(
				c, "operation.offset", "operation.type", false,
				"expected a multiple of 4KiB for %s (the filesystem block size under DAX), got %llu%s",
				op, (unsigned long long)sc->op.offset,
				point_hint(c, "operation.offset", FS_BLOCK,
					   hint, sizeof(hint)));
		if (sc->op.length % FS_BLOCK)
			return scn_fail_at(
				c, "operation.length", "operation.type", false,
				"expected a multiple of 4KiB for %s (the filesystem block size under DAX), got %llu%s",
				op, (unsigned long long)sc->op.length,
				point_hint(c, "operation.length", FS_BLOCK,
					   hint, sizeof(hint)));
	}
	if (__builtin_add_overflow(sc->op.offset, sc->op.length, &end) ||
	    end > size)
		return scn_fail_at(
			c, "operation.length", "file.size", false,
			"expected operation.offset + operation.length <= file.size (%llu), got %llu + %llu",
			(unsigned long long)size,
			(unsigned long long)sc->op.offset,
			(unsigned long long)sc->op.length);
	if (sc->op.type == OP_COLLAPSE_RANGE && end == size)
		return scn_fail_at(
			c, "operation.length", "file.size", false,
			"expected collapse_range to end before the end of the file (the kernel refuses one that reaches it), got %llu + %llu = file.size",
			(unsigned long long)sc->op.offset,
			(unsigned long long)sc->op.length);
	if (sc->pinners.solo_ns && (sc->pinners.method == PIN_NONE ||
				    sc->pinners.method == PIN_VMSPLICE))
		return scn_fail_at(
			c, "pinners.solo", "pinners.method", false,
			"expected \"0s\" for method \"%s\" (a solo phase needs pinners that pin without ops: odirect, io_uring, io_uring_fixed), got %llu ns",
			m, (unsigned long long)sc->pinners.solo_ns);
	/* 0 threads is no pinners, whatever the method: a sweep's baseline */
	if (sc->pinners.method == PIN_NONE || !sc->pinners.threads)
		return 0;
	if (sc->pinners.region_offset >= size)
		return scn_fail_at(
			c, "pinners.region.offset", "file.size", false,
			"expected an offset inside the file (< file.size %llu), got %llu",
			(unsigned long long)size,
			(unsigned long long)sc->pinners.region_offset);
	if (sc->pinners.method != PIN_VMSPLICE &&
	    sc->pinners.region_offset % DIO_ALIGN)
		return scn_fail_at(
			c, "pinners.region.offset", "pinners.method", false,
			"expected a multiple of 512 for method \"%s\" (O_DIRECT buffers are block aligned), got %llu%s",
			m, (unsigned long long)sc->pinners.region_offset,
			point_hint(c, "pinners.region.offset", DIO_ALIGN, hint,
				   sizeof(hint)));
	if (!region_null &&
	    (__builtin_add_overflow(sc->pinners.region_offset,
				    sc->pinners.region_length, &end) ||
	     end > size))
		return scn_fail_at(
			c, "pinners.region.length", "file.size", false,
			"expected region.offset + region.length <= file.size (%llu), got %llu + %llu",
			(unsigned long long)size,
			(unsigned long long)sc->pinners.region_offset,
			(unsigned long long)sc->pinners.region_length);
	if (sc->pinners.region_length < sc->pinners.io_size)
		return scn_fail_at(
			c, "pinners.region.length", "pinners.io_size", false,
			"expected a region of at least pinners.io_size (%llu bytes), got %llu%s",
			(unsigned long long)sc->pinners.io_size,
			(unsigned long long)sc->pinners.region_length,
			region_null ? " (null: to the end of the file)" : "");
	return 0;
}

/* Point @idx's sweep indexes: mixed radix, the last key fastest. */
static int decode_index(const json_t *sweep, size_t idx, size_t **choice)
{
	size_t n = json_object_size(sweep), i = n;
	const char *k;
	json_t *list;
	size_t *ch = calloc(n ? n : 1, sizeof(*ch));

	if (!ch)
		return -ENOMEM;
	while (i--) {
		size_t j = 0;

		/* jansson iterates in insertion order; find key i */
		json_object_foreach((json_t *)sweep, k, list)
		{
			if (j++ != i)
				continue;
			ch[i] = idx % json_array_size(list);
			idx /= json_array_size(list);
			break;
		}
	}
	*choice = ch;
	return 0;
}

size_t scenario_npoints(const json_t *resolved)
{
	const json_t *sweep = json_object_get(resolved, "sweep");
	json_t *list;
	const char *k;
	size_t n = 1;

	json_object_foreach(
		(json_t *)sweep, k,
		list) if (__builtin_mul_overflow(n, json_array_size(list),
						 &n)) return SIZE_MAX;
	return n;
}

static int point_in_ctx(struct ctx *c, const json_t *resolved, size_t idx,
			struct scenario *sc, json_t **params,
			json_t **point_json)
{
	json_t *sweep = json_object_get(resolved, "sweep"), *pj = NULL;
	size_t *choice = NULL;
	struct scenario tmp;
	int rc;

	if (!json_is_object(sweep))
		return scn_bad_resolved(c, "sweep");
	c->npoints = scenario_npoints(resolved);
	if (idx >= c->npoints)
		return db_err_set(c->err, -ERANGE,
				  "%s: point %zu out of range (%zu points)",
				  c->origin, idx, c->npoints);
	rc = decode_index(sweep, idx, &choice);
	if (!rc)
		rc = build_point(resolved, choice, &pj);
	if (rc) {
		free(choice);
		return rc == -ENOMEM ? scn_nomem(c) :
				       scn_bad_resolved(c, "sweep");
	}
	c->sweep = sweep;
	c->choice = choice;
	c->point = idx;
	if (!sc)
		sc = &tmp;
	rc = scn_decode(c, pj, sc);
	if (!rc)
		rc = scn_check_rules(
			c, sc,
			json_is_null(scn_at(pj, "pinners.region.length")));
	if (!rc && params) {
		const char *k;
		json_t *list;
		size_t i = 0;

		*params = json_object();
		json_object_foreach(
			sweep, k,
			list) if (!*params ||
				  json_object_set(*params, k,
						  json_array_get(list,
								 choice[i++])))
		{
			json_decref(*params);
			rc = scn_nomem(c);
			break;
		}
	}
	c->sweep = NULL;
	c->choice = NULL;
	free(choice);
	if (!rc && point_json)
		*point_json = pj;
	else
		json_decref(pj);
	return rc;
}

int scenario_point(const json_t *resolved, size_t idx, struct scenario *sc,
		   json_t **params, json_t **point_json, struct db_err *err)
{
	const char *name = json_string_value(json_object_get(resolved, "name"));
	struct ctx c = { .origin = name ? name : "scenario", .err = err };

	return point_in_ctx(&c, resolved, idx, sc, params, point_json);
}

/* Every point must be valid before anything runs. */
static int scn_check_points(struct ctx *c, const json_t *resolved)
{
	size_t i, n = scenario_npoints(resolved);
	int rc = 0;

	for (i = 0; i < n && !rc; i++)
		rc = point_in_ctx(c, resolved, i, NULL, NULL, NULL);
	return rc;
}

/*
 * Put @value at @path of @scn, the input as written (or a private copy
 * of a resolved scenario). "sweep.K" sets or, with null, removes the
 * sweep of K; any other field is fixed to @value and no longer swept.
 */
static int apply_set(const struct ctx *c, json_t *scn, const char *path,
		     json_t *value)
{
	json_t *sweep = json_object_get(scn, "sweep"), *list;
	char why[400];
	const char *k;
	void *tmp;

	if (!strncmp(path, "sweep.", 6)) {
		/* made in place: set_new() owns the new object either way */
		if (!sweep) {
			if (json_object_set_new(scn, "sweep", json_object()))
				return scn_nomem(c);
			sweep = json_object_get(scn, "sweep");
		}
		/* a file's sweep that is no object is the file's error */
		if (!json_is_object(sweep))
			return 0;
		if (json_is_null(value))
			return json_object_del(sweep, path + 6) ?
				       fail(c, path, "is not swept") :
				       0;
		return json_object_set(sweep, path + 6, value) ? scn_nomem(c) :
								 0;
	}
	if (!strcmp(path, "schema") || !strcmp(path, "resolved"))
		return fail(c, path, "cannot be set");
	if (!scn_find_node(path, why, sizeof(why)))
		return fail(c, path, "names no field of a scenario: %s", why);
	if (!strcmp(path, "sweep"))
		return json_object_set(scn, "sweep", value) ? scn_nomem(c) : 0;
	if (json_is_object(sweep))
		json_object_foreach_safe(sweep, tmp, k,
					 list) if (scn_covers(k, path) ||
						   scn_covers(path, k))
			json_object_del(sweep, k);
	if (scn_set_shared(scn, path, value))
		return fail(c, path, "cannot be set here");
	return 0;
}

/*
 * Apply every "PATH=VALUE" of @sets to @root in turn, each recorded in
 * @ov (and c->sets) first, so that what it put there is blamed on it.
 * VALUE is JSON when it parses ("8", "null", "[1,2]"), else a string.
 */
static int scn_apply_overrides(struct ctx *c, json_t *root,
			       const char *const *sets, size_t nsets,
			       struct override *ov)
{
	size_t i;
	int rc;

	c->sets = ov;
	for (i = 0; i < nsets; i++) {
		const char *eq = strchr(sets[i], '=');
		json_t *value;

		if (!eq || eq == sets[i])
			return db_err_set(c->err, -EINVAL,
					  "%s%s--set %s: expected PATH=VALUE",
					  c->origin ? c->origin : "",
					  c->origin ? ": " : "", sets[i]);
		ov[i].assignment = sets[i];
		ov[i].path = strndup(sets[i], (size_t)(eq - sets[i]));
		if (!ov[i].path)
			return scn_nomem(c);
		c->nsets = i + 1;
		value = json_loads(eq + 1, JSON_DECODE_ANY, NULL);
		if (!value)
			value = json_string(eq + 1);
		if (!value)
			return fail(c, ov[i].path, "expected a UTF-8 value");
		rc = apply_set(c, root, ov[i].path, value);
		json_decref(value);
		if (rc)
			return rc;
	}
	return 0;
}

static void scn_free_overrides(struct override *ov, size_t n)
{
	while (ov && n--)
		free(ov[n].path);
	free(ov);
}

/*
 * Check and resolve @text. Every override is applied to the input first
 * and only the outcome is checked, so that no order of --set matters:
 * file.size=3MiB before or after file.mapping=pte is the same scenario.
 * @resolved_form: the text is one daxbench resolved (a result's), so its
 * integers are bytes and nanoseconds even without "resolved": true.
 */
static int load_text(const char *text, size_t len, const char *origin,
		     const char *const *sets, size_t nsets, bool resolved_form,
		     json_t **resolved, struct db_err *err)
{
	struct ctx c = { .origin = origin, .err = err };
	struct override *ov = NULL;
	struct jsonpos *jp = NULL;
	json_error_t jerr;
	json_t *root, *res = NULL;
	int rc;

	rc = jsonpos_scan(text, len, &jp);
	if (rc)
		return db_err_set(err, rc, "%s: out of memory", origin);
	c.pos = jp;
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		struct jsonpos_loc loc, first;
		const char *dup;

		if (strstr(jerr.text, "duplicate") &&
		    jsonpos_duplicate(jp, &dup, &loc, &first))
			rc = db_err_set(
				err, -EINVAL,
				"%s:%u:%u: %s: duplicate key (first at %u:%u)",
				origin, loc.line, loc.col, dup, first.line,
				first.col);
		else
			rc = db_err_set(err, -EINVAL,
					"%s:%d:%d: invalid JSON: %s", origin,
					jerr.line > 0 ? jerr.line : 1,
					jerr.column > 0 ? jerr.column : 1,
					jerr.text);
		jsonpos_free(jp);
		return rc;
	}
	c.raw = root;
	c.resolved_form = resolved_form ||
			  json_is_true(json_object_get(root, "resolved"));
	ov = calloc(nsets ? nsets : 1, sizeof(*ov));
	if (!ov)
		rc = scn_nomem(&c);
	/* input that is no object is its own error, found just below */
	else if (json_is_object(root))
		rc = scn_apply_overrides(&c, root, sets, nsets, ov);
	if (!rc)
		rc = scn_resolve_node(&c, &scn_schema_root, root, "", &res);
	if (!rc)
		rc = scn_check_points(&c, res);
	scn_free_overrides(ov, c.nsets);
	json_decref(root);
	jsonpos_free(jp);
	if (rc) {
		json_decref(res);
		return rc;
	}
	*resolved = res;
	return 0;
}

int scenario_load_string(const char *text, const char *origin,
			 json_t **resolved, struct db_err *err)
{
	return load_text(text, strlen(text), origin ? origin : "<string>", NULL,
			 0, true, resolved, err);
}

int scenario_load_sets(const char *path, const char *const *sets, size_t nsets,
		       json_t **resolved, struct db_err *err)
{
	size_t len = 0, cap = 64 << 10;
	char *buf = malloc(cap), *nb;
	FILE *f;
	int rc;

	if (!buf)
		return db_err_set(err, -ENOMEM, "%s: out of memory", path);
	f = fopen(path, "r");
	if (!f) {
		rc = -errno;
		free(buf);
		return db_err_set(err, rc, "%s: %s", path, strerror(-rc));
	}
	for (;;) {
		size_t got = fread(buf + len, 1, cap - len, f);

		len += got;
		if (len < cap)
			break;
		if (cap >= SCENARIO_MAX_FILE_BYTES) {
			fclose(f);
			free(buf);
			return db_err_set(
				err, -EFBIG,
				"%s: larger than %d bytes; not a scenario",
				path, SCENARIO_MAX_FILE_BYTES);
		}
		cap *= 2;
		nb = realloc(buf, cap);
		if (!nb) {
			fclose(f);
			free(buf);
			return db_err_set(err, -ENOMEM, "%s: out of memory",
					  path);
		}
		buf = nb;
	}
	if (ferror(f)) {
		rc = -(errno ? errno : EIO);
		fclose(f);
		free(buf);
		return db_err_set(err, rc, "%s: %s", path, strerror(-rc));
	}
	fclose(f);
	rc = load_text(buf, len, path, sets, nsets, false, resolved, err);
	free(buf);
	return rc;
}

int scenario_load(const char *path, json_t **resolved, struct db_err *err)
{
	return scenario_load_sets(path, NULL, 0, resolved, err);
}

int scenario_set(json_t *resolved, const char *assignment, struct db_err *err)
{
	struct override ov = { 0 };
	struct ctx c = { .err = err, .resolved_form = true };
	json_t *scn, *res = NULL;
	int rc;

	scn = json_deep_copy(resolved);
	c.raw = scn;
	rc = scn ? scn_apply_overrides(&c, scn, &assignment, 1, &ov) :
		   scn_nomem(&c);
	if (!rc)
		rc = scn_resolve_node(&c, &scn_schema_root, scn, "", &res);
	if (!rc)
		rc = scn_check_points(&c, res);
	if (!rc &&
	    (json_object_clear(resolved) || json_object_update(resolved, res)))
		rc = scn_nomem(&c);
	free(ov.path);
	json_decref(res);
	json_decref(scn);
	return rc;
}
