// SPDX-License-Identifier: GPL-2.0-only
/*
 * The sweep's points: the cross product of the sweep lists, in the order
 * of daxbench-scenario(5) (the first key varies slowest). A point is the
 * resolved scenario with its sweep values written in, sharing the rest.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "scenario-int.h"

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
	json_t *sweep = json_object_get(resolved, "sweep");
	size_t n = 1;
	void *it;

	/* plain loops: clang-format mangles the jansson foreach macros */
	for (it = json_object_iter(sweep); it;
	     it = json_object_iter_next(sweep, it))
		if (__builtin_mul_overflow(
			    n, json_array_size(json_object_iter_value(it)), &n))
			return SIZE_MAX;
	return n;
}

/* {"pinners.threads": 4}: the value each sweep key takes in a point. */
static json_t *point_params(json_t *sweep, const size_t *choice)
{
	json_t *params = json_object();
	size_t i = 0;
	void *it;

	for (it = json_object_iter(sweep); it && params;
	     it = json_object_iter_next(sweep, it))
		if (json_object_set(params, json_object_iter_key(it),
				    json_array_get(json_object_iter_value(it),
						   choice[i++]))) {
			json_decref(params);
			params = NULL;
		}
	return params;
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
		*params = point_params(sweep, choice);
		if (!*params)
			rc = scn_nomem(c);
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
int scn_check_points(struct ctx *c, const json_t *resolved)
{
	size_t i, n = scenario_npoints(resolved);
	int rc = 0;

	for (i = 0; i < n && !rc; i++)
		rc = point_in_ctx(c, resolved, i, NULL, NULL, NULL);
	return rc;
}
