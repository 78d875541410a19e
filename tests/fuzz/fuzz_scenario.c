// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target for the scenario loader (scenario_load_string()). A text
 * it rejects must come with a message that names where it came from. A
 * text it accepts must keep the loader's promises to the engine: every
 * point decodes, with the cross-field rules holding (offset + length
 * inside the file, a thread count in range); the point count is within
 * the sweep cap; resolving the resolved scenario changes nothing (what
 * 'validate --print' and a result store is itself a valid scenario);
 * and a --set override either applies or leaves the scenario untouched.
 */
#include <errno.h>
#include <jansson.h>

#include "fuzz.h"
#include "scenario.h"

static void check_point(const json_t *res, size_t idx)
{
	json_t *params = NULL, *pj = NULL;
	struct scenario sc;
	struct db_err err;
	int rc;

	rc = scenario_point(res, idx, &sc, &params, &pj, &err);
	FUZZ_CHECK(!rc, "point %zu of a loaded scenario: %s", idx, err.msg);
	FUZZ_CHECK(json_is_object(params) && json_is_object(pj),
		   "point %zu: params or point JSON missing", idx);
	FUZZ_CHECK(sc.name && *sc.name, "point %zu: no name", idx);
	FUZZ_CHECK(sc.op.offset <= sc.file.size &&
			   sc.op.length <= sc.file.size - sc.op.offset,
		   "point %zu: op %llu+%llu beyond file %llu", idx,
		   (unsigned long long)sc.op.offset,
		   (unsigned long long)sc.op.length,
		   (unsigned long long)sc.file.size);
	FUZZ_CHECK(sc.pinners.threads <= SCENARIO_MAX_THREADS,
		   "point %zu: %u threads", idx, sc.pinners.threads);
	FUZZ_CHECK(sc.repeat >= 1 && sc.repeat <= SCENARIO_MAX_REPEAT,
		   "point %zu: repeat %u", idx, sc.repeat);
	FUZZ_CHECK(sc.timeout_ns > 0, "point %zu: timeout 0", idx);
	/* 0 threads is no pinners: their region is never used */
	if (sc.pinners.method != PIN_NONE && sc.pinners.threads)
		FUZZ_CHECK(sc.pinners.region_offset < sc.file.size &&
				   sc.pinners.region_length <=
					   sc.file.size -
						   sc.pinners.region_offset,
			   "point %zu: pin region %llu+%llu beyond file %llu",
			   idx, (unsigned long long)sc.pinners.region_offset,
			   (unsigned long long)sc.pinners.region_length,
			   (unsigned long long)sc.file.size);
	json_decref(params);
	json_decref(pj);
}

/* Resolving the resolved scenario gives it back unchanged. */
static void check_idempotent(const json_t *res)
{
	char *text = json_dumps(res, JSON_INDENT(2));
	struct db_err err;
	json_t *again = NULL;
	int rc;

	if (!text)
		return;
	rc = scenario_load_string(text, "resolved", &again, &err);
	FUZZ_CHECK(!rc, "the resolved scenario does not load: %s\n%s", err.msg,
		   text);
	FUZZ_CHECK(json_equal(res, again), "resolving twice changed it:\n%s",
		   text);
	json_decref(again);
	free(text);
}

/* A --set that fails leaves the scenario as it was. */
static void check_set(json_t *res, const uint8_t *data, size_t size)
{
	static const char *const sets[] = {
		"pinners.threads=2",	  "file.size=2MiB",
		"sweep.repeat=[1,2]",	  "operation.length=4KiB",
		"pinners.method=odirect", "sweep.pinners.threads=null",
		"target.dir=/tmp",	  "timeout=0s",
	};
	json_t *before = json_deep_copy(res);
	struct db_err err;
	int rc;

	if (!before)
		return;
	rc = scenario_set(res, sets[data[size - 1] % 8], &err);
	if (rc)
		FUZZ_CHECK(json_equal(before, res),
			   "--set %s failed (%s) but changed the scenario",
			   sets[data[size - 1] % 8], err.msg);
	else
		check_point(res, 0);
	json_decref(before);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *res = NULL;
	struct db_err err;
	size_t n, i;
	char *text;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	text = fuzz_cstr(data, size);
	if (!text)
		return 0;
	if (scenario_load_string(text, "fuzz.json", &res, &err)) {
		FUZZ_CHECK(!strncmp(err.msg, "fuzz.json", 9),
			   "message does not name the origin: %s", err.msg);
		free(text);
		return 0;
	}
	n = scenario_npoints(res);
	FUZZ_CHECK(n >= 1 && n <= SCENARIO_MAX_POINTS, "%zu points", n);
	/* the first and last few: the loader itself checked them all */
	for (i = 0; i < n; i = i < 3 || i + 3 >= n ? i + 1 : n - 3)
		check_point(res, i);
	FUZZ_CHECK(scenario_point(res, n, NULL, NULL, NULL, &err) == -ERANGE,
		   "point %zu of %zu did not fail with -ERANGE", n, n);
	check_idempotent(res);
	if (size)
		check_set(res, data, size);
	json_decref(res);
	free(text);
	return 0;
}
