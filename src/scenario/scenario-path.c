// SPDX-License-Identifier: GPL-2.0-only
/*
 * Dotted paths ("pinners.region.offset") into scenario JSON: whether a
 * sweep key covers a field, the value at a path of the resolved scenario
 * or of the input as written, and setting one in a shallow copy.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario-int.h"

/* "the sweep key K covers @path": K is @path or one of its parents */
size_t scn_covers(const char *k, const char *path)
{
	size_t n = strlen(k);

	if (strncmp(k, path, n) || (path[n] && path[n] != '.'))
		return 0;
	return n;
}

char *scn_join_path(const char *base, const char *key)
{
	char *p;

	if (asprintf(&p, "%s%s%s", base, *base ? "." : "", key) < 0)
		return NULL;
	return p;
}

/* The value at dotted @path of a resolved scenario (keys hold no dots). */
json_t *scn_at(const json_t *root, const char *path)
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
const json_t *scn_raw_at(const json_t *raw, const char *src)
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
int scn_set_shared(json_t *root, const char *path, json_t *value)
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
