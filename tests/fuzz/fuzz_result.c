// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target for the result reader (result_load_string(), the same
 * checks as result_load()). compare and plot trust what the reader lets
 * through, so an accepted result must really have the shape it promises:
 * the required top-level members with their types, every point an object
 * with "params" and "metrics" objects, every metric an object with a
 * string "unit", and numbers a run could have written (check_numbers()).
 * The fast loader agrees with it, and what it accepts, written back out,
 * reads the same.
 */
#include <errno.h>
#include <jansson.h>

#include "fuzz.h"
#include "hist.h"
#include "result.h"

/*
 * The samples of an accepted metric are what a run writes: non-negative
 * integers, op_latency's below @timeout unless a stall of the point
 * waited exactly that long (an older result's stalled op), and the
 * summary's n, min and max are theirs.
 */
static void check_samples(const json_t *p, size_t i, const char *k,
			  const json_t *s, const json_t *sum,
			  json_int_t timeout)
{
	json_int_t lo = INT64_MAX, hi = 0, v;
	const json_t *e, *st;
	size_t j, t;

	json_array_foreach(s, j, e)
	{
		bool stalled = false;

		FUZZ_CHECK(json_is_integer(e) && json_integer_value(e) >= 0,
			   "points[%zu].metrics.%s.samples[%zu]", i, k, j);
		v = json_integer_value(e);
		lo = v < lo ? v : lo;
		hi = v > hi ? v : hi;
		if (strcmp(k, "op_latency") || v < timeout)
			continue;
		json_array_foreach(json_object_get(p, "stalls"), t, st)
			stalled |=
			json_equal(json_object_get(st, "waited_ns"), e);
		FUZZ_CHECK(stalled,
			   "points[%zu].metrics.%s.samples[%zu]: "
			   "past the timeout, no stall",
			   i, k, j);
	}
	FUZZ_CHECK(json_integer_value(json_object_get(sum, "n")) ==
			   (json_int_t)json_array_size(s),
		   "points[%zu].metrics.%s.summary.n", i, k);
	if (!json_array_size(s))
		return;
	FUZZ_CHECK(json_number_value(json_object_get(sum, "min")) ==
				   (double)lo &&
			   json_number_value(json_object_get(sum, "max")) ==
				   (double)hi,
		   "points[%zu].metrics.%s.summary: min, max", i, k);
}

/*
 * The buckets of an accepted histogram: [low, count] pairs of counts,
 * each low where a log-linear bucket starts, rising; n their sum.
 */
static void check_buckets(size_t i, const char *k, const json_t *b,
			  const json_t *sum)
{
	uint64_t total = 0, low, prev = 0;
	const json_t *e;
	size_t j;

	json_array_foreach(b, j, e)
	{
		const json_t *l = json_array_get(e, 0),
			     *c = json_array_get(e, 1);

		FUZZ_CHECK(json_array_size(e) == 2 && json_is_integer(l) &&
				   json_integer_value(l) >= 0 &&
				   json_is_integer(c) &&
				   json_integer_value(c) >= 0,
			   "points[%zu].metrics.%s.histogram.buckets[%zu]", i,
			   k, j);
		low = (uint64_t)json_integer_value(l);
		FUZZ_CHECK(hist_bucket_low(hist_bucket(low)) == low &&
				   (!j || low > prev),
			   "points[%zu].metrics.%s.histogram.buckets[%zu][0]",
			   i, k, j);
		prev = low;
		total += (uint64_t)json_integer_value(c);
	}
	FUZZ_CHECK((uint64_t)json_integer_value(json_object_get(sum, "n")) ==
			   total,
		   "points[%zu].metrics.%s.summary.n", i, k);
}

static void check_numbers(const json_t *p, size_t i, const char *k,
			  const json_t *m, json_int_t timeout)
{
	const json_t *s = json_object_get(m, "samples");
	const json_t *b =
		json_object_get(json_object_get(m, "histogram"), "buckets");
	const json_t *sum = json_object_get(m, "summary");

	FUZZ_CHECK(!(s || b) || json_is_object(sum),
		   "points[%zu].metrics.%s: no summary", i, k);
	if (s)
		check_samples(p, i, k, s, sum, timeout);
	if (b)
		check_buckets(i, k, b, sum);
}

static void check_shape(const json_t *r)
{
	json_t *points = json_object_get(r, "points"), *p, *m;
	json_int_t timeout = json_integer_value(
		json_object_get(json_object_get(r, "scenario"), "timeout"));
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
	FUZZ_CHECK(timeout > 0, "scenario.timeout");
	FUZZ_CHECK(json_is_boolean(json_object_get(r, "complete")), "complete");
	FUZZ_CHECK(json_is_array(points), "points");
	json_array_foreach(points, i, p)
	{
		const json_t *pt = json_object_get(json_object_get(p, "params"),
						   "timeout");

		FUZZ_CHECK(json_is_object(json_object_get(p, "params")),
			   "points[%zu].params", i);
		FUZZ_CHECK(json_is_object(json_object_get(p, "metrics")),
			   "points[%zu].metrics", i);
		json_object_foreach(json_object_get(p, "metrics"), k, m)
		{
			FUZZ_CHECK(json_is_string(json_object_get(m, "unit")),
				   "points[%zu].metrics.%s.unit", i, k);
			check_numbers(p, i, k, m,
				      pt ? json_integer_value(pt) : timeout);
		}
	}
}

/*
 * The fast loader (compare's, plot's) says what the full one says: the
 * same code and message, and the same tree once its table's samples are
 * back in their arrays.
 */
static void check_fast(const char *text, int rc, const json_t *full,
		       const struct db_err *ferr)
{
	struct result_samples *tab = NULL;
	json_t *fast = NULL, *p, *m;
	struct db_err err;
	const double *v;
	const char *k;
	size_t i, j, n;
	int lrc;

	lrc = result_load_fast_buf(text, strlen(text), "fuzz.json", &fast, &tab,
				   &err);
	FUZZ_CHECK(lrc == rc, "fast %d, full %d: %s", lrc, rc, err.msg);
	if (rc) {
		FUZZ_CHECK(!strcmp(err.msg, ferr->msg),
			   "fast \"%s\", full \"%s\"", err.msg, ferr->msg);
		return;
	}
	json_array_foreach(json_object_get(fast, "points"), i, p)
	{
		json_object_foreach(json_object_get(p, "metrics"), k, m)
		{
			json_t *s = json_object_get(m, "samples");

			if (result_samples_get(tab, s, &v, &n))
				continue;
			for (j = 0; j < n; j++)
				json_array_append_new(
					s, json_integer((json_int_t)v[j]));
		}
	}
	FUZZ_CHECK(json_equal(fast, full), "the fast tree differs");
	json_decref(fast);
	result_samples_free(tab);
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
	check_fast(text, rc, r, &err);
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
