// SPDX-License-Identifier: GPL-2.0-only
/*
 * One scalar value against its node of the schema: booleans, strings,
 * names, enums and integers checked, sizes and durations parsed from
 * their units into bytes and nanoseconds, ranges enforced, and the hint
 * a user needs when a decimal unit ("64MB") was the mistake.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario-int.h"
#include "units.h"

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
const char *scn_decimal_hint(const json_t *in, uint64_t align, char *buf,
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

static int check_string(const struct ctx *c, const struct node *n,
			const json_t *in, const char *path)
{
	char g[64];

	if (json_is_string(in) && json_string_length(in) >= (size_t)n->min)
		return 0;
	return fail(c, path, "expected a%s string%s, got %s",
		    n->min ? " non-empty" : "", n->nullable ? " or null" : "",
		    scn_got(in, g, sizeof(g)));
}

/* A scenario's name becomes part of its results' file names. */
static int check_name(const struct ctx *c, const json_t *in, const char *path)
{
	const char *s = json_string_value(in);
	size_t i, len = s ? strlen(s) : 0;
	char g[64];

	for (i = 0; s && i < len; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("._-", s[i]))
			break;
	if (s && len && i == len && len <= SCENARIO_MAX_NAME)
		return 0;
	return fail(
		c, path,
		"expected 1 to %d of A-Z a-z 0-9 . _ - (it becomes part of a file name), got %s",
		SCENARIO_MAX_NAME, scn_got(in, g, sizeof(g)));
}

static int check_enum(const struct ctx *c, const struct node *n,
		      const json_t *in, const char *path)
{
	const char *const *ch;
	char want[256], g[64];
	size_t used = 0;

	for (ch = n->choices; json_is_string(in) && *ch; ch++)
		if (!strcmp(*ch, json_string_value(in)))
			return 0;
	for (ch = n->choices; *ch && used < sizeof(want); ch++)
		used += (size_t)snprintf(want + used, sizeof(want) - used,
					 "%s\"%s\"",
					 ch == n->choices ? "" : ", ", *ch);
	return fail(c, path, "expected one of %s, got %s", want,
		    scn_got(in, g, sizeof(g)));
}

static int check_int(const struct ctx *c, const struct node *n,
		     const json_t *in, const char *path)
{
	char want[256], g[64];

	if (json_is_integer(in) && json_integer_value(in) >= 0)
		return check_range(c, n, path, "an integer", in,
				   (uint64_t)json_integer_value(in));
	range_text(n, "an integer", want, sizeof(want));
	return fail(c, path, "expected %s%s, got %s", want,
		    n->nullable ? " or null" : "", scn_got(in, g, sizeof(g)));
}

static int check_schema(const struct ctx *c, const json_t *in, const char *path)
{
	char g[64];

	if (!json_is_integer(in))
		return fail(c, path, "expected the integer %d, got %s",
			    SCENARIO_SCHEMA, scn_got(in, g, sizeof(g)));
	if (json_integer_value(in) > SCENARIO_SCHEMA)
		return fail(c, path,
			    "schema %" JSON_INTEGER_FORMAT
			    " is newer than this daxbench (%d) understands",
			    json_integer_value(in), SCENARIO_SCHEMA);
	if (json_integer_value(in) < 1)
		return fail(c, path, "expected %d, got %s", SCENARIO_SCHEMA,
			    scn_got(in, g, sizeof(g)));
	return 0;
}

int scn_resolve_scalar(const struct ctx *c, const struct node *n,
		       const json_t *in, const char *path, json_t **out)
{
	char g[64];
	int rc;

	switch (n->kind) {
	case K_BOOL:
	case K_RESOLVED:
		if (!json_is_boolean(in))
			return fail(c, path, "expected true or false, got %s",
				    scn_got(in, g, sizeof(g)));
		/* whatever "resolved" said, what comes out is resolved */
		*out = n->kind == K_RESOLVED ? json_true() :
					       json_incref((json_t *)in);
		return 0;
	case K_SIZE:
	case K_DURATION:
		return resolve_quantity(c, n, in, path, out);
	case K_STRING:
		rc = check_string(c, n, in, path);
		break;
	case K_NAME:
		rc = check_name(c, in, path);
		break;
	case K_ENUM:
		rc = check_enum(c, n, in, path);
		break;
	case K_INT:
		rc = check_int(c, n, in, path);
		break;
	case K_SCHEMA:
		rc = check_schema(c, in, path);
		break;
	default:
		return fail(c, path, "internal error: unexpected field kind");
	}
	if (!rc)
		*out = json_incref((json_t *)in);
	return rc;
}
