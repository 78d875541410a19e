// SPDX-License-Identifier: GPL-2.0-only
/*
 * The KCIDB I/O report of a set of results (kcidb-io schema 5.3): a
 * checkout and a build per kernel (export-kernel.c), a test per scenario
 * point (export-test.c) and, with a comparison, its issues and incidents
 * (export-issue.c). An object met twice (a kernel's second result, a
 * result given twice) is written once.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "export-int.h"

struct kcidb {
	const char *origin;
	json_t *checkouts, *builds, *tests;
	json_t *seen; /* every id written: {"id": true} */
};

/* Append @obj (taken over) to @arr unless its id is there already. */
static int add_once(struct kcidb *k, json_t *arr, json_t *obj)
{
	const char *id = json_string_value(json_object_get(obj, "id"));
	int rc = 0;

	if (!id)
		rc = -ENOMEM;
	else if (!json_object_get(k->seen, id) &&
		 (json_object_set_new(k->seen, id, json_true()) ||
		  json_array_append(arr, obj)))
		rc = -ENOMEM;
	json_decref(obj);
	return rc;
}

static int add_result(struct kcidb *k, const json_t *result, const char *path)
{
	size_t n = json_array_size(json_object_get(result, "points")), i;
	json_t *checkout, *build;
	char **names;
	int rc;

	rc = export_kernel(result, k->origin, &checkout, &build);
	if (rc)
		return rc;
	rc = add_once(k, k->checkouts, checkout);
	if (!rc)
		rc = add_once(k, k->builds, build);
	else
		json_decref(build);
	if (!rc)
		rc = export_point_names(result, &names);
	if (rc)
		return rc;
	for (i = 0; !rc && i < n; i++)
		rc = add_once(k, k->tests,
			      export_test(k->origin, result, path, i,
					  names[i]));
	export_names_free(names, n);
	return rc;
}

/* The issues and incidents of @cmp, set in @r. */
static int add_comparison(json_t *r, const struct compare_report *cmp,
			  const char *origin)
{
	json_t *issues = json_array(), *incidents = json_array();
	int rc = issues && incidents ? 0 : -ENOMEM;

	if (!rc)
		rc = export_issues(cmp, origin, issues, incidents);
	export_put_new(r, "issues", issues, &rc);
	export_put_new(r, "incidents", incidents, &rc);
	return rc;
}

int export_kcidb(const struct export_input *in, const char *origin,
		 json_t **report, struct db_err *err)
{
	struct kcidb k = { .origin = origin };
	size_t i;
	json_t *r;
	int rc;

	*report = NULL;
	rc = export_origin_check(origin, err);
	if (rc)
		return rc;
	r = json_pack("{s:{s:i,s:i},s:[],s:[],s:[]}", "version", "major",
		      EXPORT_KCIDB_MAJOR, "minor", EXPORT_KCIDB_MINOR,
		      "checkouts", "builds", "tests");
	k.seen = json_object();
	k.checkouts = json_object_get(r, "checkouts");
	k.builds = json_object_get(r, "builds");
	k.tests = json_object_get(r, "tests");
	rc = r && k.seen ? 0 : -ENOMEM;
	for (i = 0; !rc && i < in->n; i++)
		rc = add_result(&k, in->results[i],
				in->paths ? in->paths[i] : NULL);
	if (!rc && in->cmp)
		rc = add_comparison(r, in->cmp, origin);
	json_decref(k.seen);
	if (rc) {
		json_decref(r);
		return db_err_set(err, rc, "out of memory");
	}
	*report = r;
	return 0;
}
