// SPDX-License-Identifier: GPL-2.0-only
/*
 * What every export file needs: ids derived from content (a KCIDB id must
 * stay the same when the same results are exported again, so it is a
 * hash of what it names, never a counter or a time), the origin check,
 * and setters that leave a field out rather than write null, which
 * KCIDB refuses.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "export-int.h"
#include "sha256.h"

/* 16 hex digits, 64 bits: no collision among a lab's results */
#define EXPORT_ID_HEX 16

char *export_id(const char *origin, const char *kind, const char *fmt, ...)
{
	char hex[SHA256_HEX_LEN], *content;
	va_list ap;

	va_start(ap, fmt);
	content = db_vasprintf(fmt, ap);
	va_end(ap);
	if (!content)
		return NULL;
	sha256_hex(content, strlen(content), hex);
	free(content);
	return db_asprintf("%s:%s-%.*s", origin, kind, EXPORT_ID_HEX, hex);
}

char *export_test_id(const char *origin, const json_t *result, size_t i)
{
	const json_t *pt = json_array_get(json_object_get(result, "points"), i);
	char *label = compare_point_label(json_object_get(pt, "params"), NULL);
	const char *run = json_string_value(json_object_get(result, "run_id"));
	char *id;

	if (!label)
		return NULL;
	id = export_id(origin, "test", "%s\n%s\n%zu\n%s", run ? run : "",
		       compare_scenario_name(result), i, label);
	free(label);
	return id;
}

int export_origin_check(const char *origin, struct db_err *err)
{
	const char *c;

	if (!origin || !*origin)
		return db_err_set(err, -EINVAL,
				  "--origin: KCIDB needs the name of the CI "
				  "system, one or more of a-z, 0-9 and _");
	for (c = origin; *c; c++)
		if (!islower((unsigned char)*c) &&
		    !isdigit((unsigned char)*c) && *c != '_')
			return db_err_set(err, -EINVAL,
					  "--origin '%s': KCIDB allows only "
					  "a-z, 0-9 and _ in an origin",
					  origin);
	return 0;
}

void export_put_new(json_t *o, const char *key, json_t *v, int *rc)
{
	if (*rc || !v) {
		json_decref(v);
		return;
	}
	/* json_object_set_new() takes @v over even when it fails */
	if (json_object_set_new(o, key, v))
		*rc = -ENOMEM;
}

void export_put_str(json_t *o, const char *key, const char *v, int *rc)
{
	json_t *s;

	if (*rc || !v)
		return;
	s = json_string(v);
	if (!s)
		*rc = -ENOMEM;
	export_put_new(o, key, s, rc);
}

void export_put_num(json_t *o, const char *key, double v, int *rc)
{
	json_t *n;

	if (*rc || !isfinite(v))
		return;
	/* whole numbers as integers, as the result files write them */
	if (v == floor(v) && fabs(v) < 9007199254740992.0)
		n = json_integer((json_int_t)v);
	else
		n = json_real(v);
	if (!n)
		*rc = -ENOMEM;
	export_put_new(o, key, n, rc);
}

void export_put_keys(json_t *dst, const json_t *src, const char *const *keys,
		     int *rc)
{
	for (; !*rc && *keys; keys++) {
		const json_t *v = json_object_get(src, *keys);
		json_t *c;

		if (!v || json_is_null(v))
			continue;
		c = json_deep_copy(v);
		if (!c)
			*rc = -ENOMEM;
		export_put_new(dst, *keys, c, rc);
	}
}

void export_put_sub(json_t *o, const char *key, const json_t *src,
		    const char *const *keys, int *rc)
{
	json_t *sub;

	if (*rc)
		return;
	sub = json_object();
	if (!sub)
		*rc = -ENOMEM;
	else
		export_put_keys(sub, src, keys, rc);
	export_put_new(o, key, sub, rc);
}
