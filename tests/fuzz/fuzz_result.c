// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target for the result reader (result_load_string(), the same
 * checks as result_load()). compare and plot trust what the reader lets
 * through, so an accepted result must really have the shape it promises:
 * the required top-level members with their types, every point an object
 * with "params" and "metrics" objects, every metric an object with a
 * string "unit". And what it accepts, written back out, reads the same.
 */
#include <errno.h>
#include <jansson.h>

#include "fuzz.h"
#include "result.h"

static void check_shape(const json_t *r)
{
	json_t *points = json_object_get(r, "points"), *p, *m;
	const char *k;
	size_t i;

	FUZZ_CHECK(json_is_integer(json_object_get(r, "schema")) &&
			   json_integer_value(json_object_get(r, "schema")) ==
				   RESULT_SCHEMA,
		   "schema");
	FUZZ_CHECK(json_is_string(json_object_get(json_object_get(r, "tool"),
						  "version")),
		   "tool.version");
	FUZZ_CHECK(json_is_object(json_object_get(r, "scenario")), "scenario");
	FUZZ_CHECK(json_is_boolean(json_object_get(r, "complete")), "complete");
	FUZZ_CHECK(json_is_array(points), "points");
	json_array_foreach(points, i, p)
	{
		FUZZ_CHECK(json_is_object(json_object_get(p, "params")),
			   "points[%zu].params", i);
		FUZZ_CHECK(json_is_object(json_object_get(p, "metrics")),
			   "points[%zu].metrics", i);
		json_object_foreach(json_object_get(p, "metrics"), k, m)
			FUZZ_CHECK(json_is_string(json_object_get(m, "unit")),
				   "points[%zu].metrics.%s.unit", i, k);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *r = NULL, *again = NULL;
	struct db_err err;
	char *text, *out;
	int rc;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	text = fuzz_cstr(data, size);
	if (!text)
		return 0;
	rc = result_load_string(text, "fuzz.json", &r, &err);
	if (rc) {
		FUZZ_CHECK(rc == -EINVAL || rc == -EPROTONOSUPPORT, "rc %d: %s",
			   rc, err.msg);
		FUZZ_CHECK(!strncmp(err.msg, "fuzz.json", 9),
			   "message does not name the origin: %s", err.msg);
		FUZZ_CHECK(r == NULL, "result set on failure");
		free(text);
		return 0;
	}
	check_shape(r);
	out = json_dumps(r, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
	if (out) {
		rc = result_load_string(out, "rewritten", &again, &err);
		FUZZ_CHECK(!rc, "a rewritten result does not load: %s",
			   err.msg);
		FUZZ_CHECK(json_equal(r, again), "rewriting changed it");
		json_decref(again);
		free(out);
	}
	json_decref(r);
	free(text);
	return 0;
}
