// SPDX-License-Identifier: GPL-2.0-only
/*
 * Scenario errors, located: the line and column of the offending value
 * (through jsonpos), or of the sweep value that made a point invalid, or
 * the --set override that put it there; and the few words ("got ...")
 * every message is made of.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario-int.h"

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
char *scn_source_path(const struct ctx *c, const char *path)
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

const struct override *scn_overridden(const struct ctx *c, const char *path)
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
int scn_fail_at(const struct ctx *c, const char *path, const char *alt,
		bool key, const char *fmt, ...)
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

/* What a value is, for "got ...": a short rendering a user recognises. */
const char *scn_got(const json_t *v, char *buf, size_t len)
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

int scn_nomem(const struct ctx *c)
{
	return db_err_set(c->err, -ENOMEM, "%s: out of memory",
			  c->origin ? c->origin : "--set");
}
