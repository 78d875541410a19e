// SPDX-License-Identifier: GPL-2.0-only
/*
 * Resolution: the schema table walked over the input, object by object.
 * Unknown keys are refused, missing fields get their defaults (checked
 * like input), and the sweep's keys and value lists are checked, each
 * value resolved as the field it sweeps.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario-int.h"

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

/*
 * The field sweep key @k of @in names (*@n), @p being its path: -EINVAL
 * when it names none, one that cannot be swept, or one a key before it
 * already sweeps (a pair is reported once, at the later key).
 */
static int sweep_key(const struct ctx *c, const json_t *in, const char *k,
		     const char *p, const struct node **n)
{
	const char *k2;
	json_t *l2;
	char why[400];

	*n = scn_find_node(k, why, sizeof(why));
	if (!strcmp(k, "schema") || !strcmp(k, "name") ||
	    !strcmp(k, "resolved") || !strcmp(k, "sweep") ||
	    scn_covers("sweep", k))
		return scn_fail_at(c, p, NULL, true, "\"%s\" cannot be swept",
				   k);
	if (!*n)
		return scn_fail_at(c, p, NULL, true,
				   "names no field of a scenario: %s", why);
	json_object_foreach((json_t *)in, k2, l2)
	{
		if (k2 == k)
			break;
		if (scn_covers(k2, k) || scn_covers(k, k2))
			return scn_fail_at(c, p, NULL, true,
					   "overlaps the sweep of \"%s\"", k2);
	}
	return 0;
}

/* The values of the sweep @list at @p, each resolved as field @n. */
static int sweep_values(const struct ctx *c, const struct node *n,
			const json_t *list, const char *p, json_t **out)
{
	json_t *vals;
	char g[64];
	size_t i, j;
	int rc = 0;

	if (!json_is_array(list) || !json_array_size(list))
		return fail(c, p, "expected a non-empty list of values, got %s",
			    json_is_array(list) ? "[]" :
						  scn_got(list, g, sizeof(g)));
	vals = json_array();
	if (!vals)
		return scn_nomem(c);
	for (i = 0; !rc && i < json_array_size(list); i++) {
		json_t *v = NULL;
		char *ep;

		if (asprintf(&ep, "%s[%zu]", p, i) < 0) {
			rc = scn_nomem(c);
			break;
		}
		rc = scn_resolve_node(c, n, json_array_get(list, i), ep, &v);
		for (j = 0; !rc && j < i; j++)
			if (json_equal(v, json_array_get(vals, j)))
				rc = fail(c, ep, "repeats the value of %s[%zu]",
					  p, j);
		if (!rc && json_array_append_new(vals, v))
			rc = scn_nomem(c);
		else if (rc)
			json_decref(v);
		free(ep);
	}
	if (rc) {
		json_decref(vals);
		return rc;
	}
	*out = vals;
	return 0;
}

static int resolve_sweep(const struct ctx *c, const json_t *in,
			 const char *path, json_t **out)
{
	const char *k;
	json_t *list, *res;
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
		json_t *vals = NULL;
		char *p = scn_join_path(path, k);

		if (!p) {
			rc = scn_nomem(c);
			break;
		}
		rc = sweep_key(c, in, k, p, &n);
		if (!rc)
			rc = sweep_values(c, n, list, p, &vals);
		/* set_new() drops @vals when it fails */
		if (!rc && json_object_set_new(res, k, vals))
			rc = scn_nomem(c);
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

int scn_resolve_node(const struct ctx *c, const struct node *n,
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
