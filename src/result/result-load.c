// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading results (result_load(), result_load_string()): the schema and
 * every required field's type are checked, and each metric's numbers
 * (result-values.c), so that compare, plot, report and export can trust
 * the tree and a bad file is reported by name and JSON path.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "result-int.h"

static const char *type_name(const json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a real";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	case JSON_NULL:
	default:
		return "null";
	}
}

enum want { W_OBJECT, W_ARRAY, W_STRING, W_BOOL, W_NUMBER, W_STRING_NULL };

static const char *const want_name[] = {
	[W_OBJECT] = "an object", [W_ARRAY] = "an array",
	[W_STRING] = "a string",  [W_BOOL] = "a boolean",
	[W_NUMBER] = "a number",  [W_STRING_NULL] = "a string or null",
};

static bool is_want(const json_t *j, enum want w)
{
	switch (w) {
	case W_OBJECT:
		return json_is_object(j);
	case W_ARRAY:
		return json_is_array(j);
	case W_STRING:
		return json_is_string(j);
	case W_BOOL:
		return json_is_boolean(j);
	case W_NUMBER:
		return json_is_number(j);
	case W_STRING_NULL:
		return json_is_string(j) || json_is_null(j);
	}
	return false;
}

/*
 * Check @key of @obj (at JSON path @at, "" for the root). A missing key
 * is an error when @required. Sets *@out to the member (or NULL).
 */
static int check_field(const char *file, const json_t *obj, const char *at,
		       const char *key, enum want w, bool required,
		       json_t **out, struct db_err *err)
{
	json_t *j = json_object_get(obj, key);
	const char *dot = *at ? "." : "";

	if (out)
		*out = j;
	if (!j) {
		if (!required)
			return 0;
		return db_err_set(err, -EINVAL, "%s: %s%s%s: missing", file, at,
				  dot, key);
	}
	if (!is_want(j, w))
		return db_err_set(err, -EINVAL,
				  "%s: %s%s%s: expected %s, got %s", file, at,
				  dot, key, want_name[w], type_name(j));
	return 0;
}

static int check_metric(const char *file, const char *at, const json_t *m,
			struct db_err *err)
{
	static const char *const data[] = { "samples", "histogram", "summary",
					    "value" };
	static const enum want data_type[] = { W_ARRAY, W_OBJECT, W_OBJECT,
					       W_NUMBER };
	bool any = false;
	size_t i;
	int rc;

	if (!json_is_object(m))
		return db_err_set(err, -EINVAL,
				  "%s: %s: expected an object, got %s", file,
				  at, type_name(m));
	rc = check_field(file, m, at, "unit", W_STRING, true, NULL, err);
	for (i = 0; !rc && i < sizeof(data) / sizeof(data[0]); i++) {
		json_t *j;

		rc = check_field(file, m, at, data[i], data_type[i], false, &j,
				 err);
		any |= j != NULL;
	}
	if (!rc && !any)
		rc = db_err_set(err, -EINVAL,
				"%s: %s: has none of samples, histogram, "
				"summary, value",
				file, at);
	return rc;
}

/*
 * A timeout (scenario.timeout, a point's params.timeout): integer
 * nanoseconds above 0, as a resolved scenario holds it. *@ns is left
 * alone when an optional one is absent.
 */
static int check_timeout_field(const char *file, const json_t *obj,
			       const char *at, bool required, uint64_t *ns,
			       struct db_err *err)
{
	const json_t *t = json_object_get(obj, "timeout");
	char buf[64];

	if (!t && !required)
		return 0;
	if (!t)
		return db_err_set(err, -EINVAL, "%s: %s.timeout: missing", file,
				  at);
	if (!json_is_integer(t) || json_integer_value(t) <= 0)
		return db_err_set(err, -EINVAL,
				  "%s: %s.timeout: %s is not a positive "
				  "integer (ns)",
				  file, at,
				  result_value_text(t, buf, sizeof(buf)));
	*ns = (uint64_t)json_integer_value(t);
	return 0;
}

static int check_point(const char *file, size_t idx, const json_t *p,
		       uint64_t timeout_ns, const struct result_samples *tab,
		       struct db_err *err)
{
	struct result_vctx vc = { .file = file, .tab = tab };
	char at[64], pat[80], mat[512];
	json_t *params = NULL, *metrics = NULL, *stalls = NULL;
	void *it;
	int rc;

	snprintf(at, sizeof(at), "points[%zu]", idx);
	if (!json_is_object(p))
		return db_err_set(err, -EINVAL,
				  "%s: %s: expected an object, got %s", file,
				  at, type_name(p));
	rc = check_field(file, p, at, "params", W_OBJECT, true, &params, err);
	if (!rc)
		rc = check_field(file, p, at, "metrics", W_OBJECT, true,
				 &metrics, err);
	if (!rc)
		rc = check_field(file, p, at, "unmeasured", W_OBJECT, false,
				 NULL, err);
	if (!rc)
		rc = check_field(file, p, at, "stalls", W_ARRAY, false, &stalls,
				 err);
	/* a sweep over the timeout gives each point its own */
	snprintf(pat, sizeof(pat), "%s.params", at);
	if (!rc)
		rc = check_timeout_field(file, params, pat, false, &timeout_ns,
					 err);
	vc.stalls = stalls;
	vc.timeout_ns = timeout_ns;
	/* plain loops: clang-format mangles the jansson foreach macros */
	for (it = json_object_iter(metrics); it && !rc;
	     it = json_object_iter_next(metrics, it)) {
		const char *name = json_object_iter_key(it);

		snprintf(mat, sizeof(mat), "%s.metrics.%s", at, name);
		rc = check_metric(file, mat, json_object_iter_value(it), err);
		if (!rc)
			rc = result_check_values(&vc, mat, name,
						 json_object_iter_value(it),
						 err);
	}
	return rc;
}

/* Required top-level fields, in file order. */
static const struct {
	const char *key;
	enum want type;
} required_top[] = {
	{ "tool", W_OBJECT },	      { "run_id", W_STRING },
	{ "started", W_STRING },      { "complete", W_BOOL },
	{ "host", W_OBJECT },	      { "target", W_OBJECT },
	{ "capabilities", W_OBJECT }, { "scenario", W_OBJECT },
	{ "points", W_ARRAY },
};

/*
 * A scenario is the file a user most often gives by mistake: it has a
 * name, and none of what only a run writes.
 */
static bool is_scenario(const json_t *r)
{
	return json_is_string(json_object_get(r, "name")) &&
	       !json_object_get(r, "run_id") && !json_object_get(r, "points");
}

int result_check(const char *file, const json_t *r,
		 const struct result_samples *tab, struct db_err *err)
{
	json_t *schema, *tool, *points;
	uint64_t timeout_ns = 0;
	size_t i;
	int rc;

	if (!json_is_object(r))
		return db_err_set(err, -EINVAL,
				  "%s: expected a result object, got %s", file,
				  type_name(r));
	if (is_scenario(r))
		return db_err_set(err, -EINVAL,
				  "%s: this is a scenario file; compare, plot, "
				  "report and export read results (daxbench "
				  "run makes them from it)",
				  file);
	schema = json_object_get(r, "schema");
	if (!schema)
		return db_err_set(err, -EINVAL, "%s: schema: missing", file);
	if (!json_is_integer(schema))
		return db_err_set(err, -EINVAL,
				  "%s: schema: expected an integer, got %s",
				  file, type_name(schema));
	if (json_integer_value(schema) > RESULT_SCHEMA)
		return db_err_set(err, -EPROTONOSUPPORT,
				  "%s: schema: version %" JSON_INTEGER_FORMAT
				  " is newer than this daxbench reads (%d); "
				  "upgrade daxbench",
				  file, json_integer_value(schema),
				  RESULT_SCHEMA);
	if (json_integer_value(schema) < 1)
		return db_err_set(err, -EINVAL,
				  "%s: schema: %" JSON_INTEGER_FORMAT
				  " is not a result schema version",
				  file, json_integer_value(schema));
	for (i = 0; i < sizeof(required_top) / sizeof(required_top[0]); i++) {
		rc = check_field(file, r, "", required_top[i].key,
				 required_top[i].type, true, NULL, err);
		if (rc)
			return rc;
	}
	rc = check_field(file, r, "", "finished", W_STRING_NULL, false, NULL,
			 err);
	tool = json_object_get(r, "tool");
	if (!rc)
		rc = check_field(file, tool, "tool", "name", W_STRING, true,
				 NULL, err);
	if (!rc)
		rc = check_field(file, tool, "tool", "version", W_STRING, true,
				 NULL, err);
	if (!rc)
		rc = check_field(file, tool, "tool", "git", W_STRING_NULL,
				 false, NULL, err);
	if (!rc && strcmp(json_string_value(json_object_get(tool, "name")),
			  PACKAGE_NAME))
		rc = db_err_set(
			err, -EINVAL,
			"%s: tool.name: \"%s\" is not %s: not a "
			"daxbench result",
			file, json_string_value(json_object_get(tool, "name")),
			PACKAGE_NAME);
	if (!rc)
		rc = check_timeout_field(file, json_object_get(r, "scenario"),
					 "scenario", true, &timeout_ns, err);
	points = json_object_get(r, "points");
	for (i = 0; i < json_array_size(points) && !rc; i++)
		rc = check_point(file, i, json_array_get(points, i), timeout_ns,
				 tab, err);
	return rc;
}

/* Keep @r as *@result if it is a result this daxbench reads; else drop it. */
int result_check_loaded(const char *origin, json_t *r, json_t **result,
			struct db_err *err)
{
	int rc = result_check(origin, r, NULL, err);

	if (rc) {
		json_decref(r);
		return rc;
	}
	*result = r;
	return 0;
}

int result_load(const char *path, json_t **result, struct db_err *err)
{
	json_error_t jerr;
	json_t *r;

	*result = NULL;
	r = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!r) {
		/* jansson says "unable to open" for every errno; keep ours */
		if (access(path, R_OK))
			return db_err_set(err, -errno, "%s: cannot read: %s",
					  path, strerror(errno));
		return db_err_set(err, -EINVAL, "%s:%d:%d: not valid JSON: %s",
				  path, jerr.line, jerr.column, jerr.text);
	}
	return result_check_loaded(path, r, result, err);
}

int result_load_string(const char *text, const char *origin, json_t **result,
		       struct db_err *err)
{
	json_error_t jerr;
	json_t *r;

	*result = NULL;
	if (!origin)
		origin = "<string>";
	r = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	if (!r)
		return db_err_set(err, -EINVAL, "%s:%d:%d: not valid JSON: %s",
				  origin, jerr.line, jerr.column, jerr.text);
	return result_check_loaded(origin, r, result, err);
}
