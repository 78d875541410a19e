// SPDX-License-Identifier: GPL-2.0-only
/*
 * --set overrides: "dotted.path=VALUE" applied to the input as written
 * (or a copy of a resolved scenario), each one recorded so that an error
 * in a value it put there is blamed on it.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "scenario-int.h"

/* Drop the sweeps of @path, of the fields in it and of those holding it. */
static void unsweep(json_t *sweep, const char *path)
{
	void *it, *next;

	/* a plain loop: clang-format mangles the jansson foreach macros */
	for (it = json_object_iter(sweep); it; it = next) {
		const char *k = json_object_iter_key(it);

		next = json_object_iter_next(sweep, it);
		if (scn_covers(k, path) || scn_covers(path, k))
			json_object_del(sweep, k);
	}
}

/*
 * Put @value at @path of @scn, the input as written (or a private copy
 * of a resolved scenario). "sweep.K" sets or, with null, removes the
 * sweep of K; any other field is fixed to @value and no longer swept.
 */
static int apply_set(const struct ctx *c, json_t *scn, const char *path,
		     json_t *value)
{
	json_t *sweep = json_object_get(scn, "sweep");
	char why[400];

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
		unsweep(sweep, path);
	if (scn_set_shared(scn, path, value))
		return fail(c, path, "cannot be set here");
	return 0;
}

/*
 * Apply every "PATH=VALUE" of @sets to @root in turn, each recorded in
 * @ov (and c->sets) first, so that what it put there is blamed on it.
 * VALUE is JSON when it parses ("8", "null", "[1,2]"), else a string.
 */
int scn_apply_overrides(struct ctx *c, json_t *root, const char *const *sets,
			size_t nsets, struct override *ov)
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

void scn_free_overrides(struct override *ov, size_t n)
{
	while (ov && n--)
		free(ov[n].path);
	free(ov);
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
