// SPDX-License-Identifier: GPL-2.0-only
/*
 * The result writer and reader: a written result loads back unchanged,
 * the write leaves no temporary file and never replaces an existing one
 * without force, and the loader rejects broken files with a message that
 * names the file and the field.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hist.h"
#include "result.h"
#include "t.h"

static char tmpdir[] = "/tmp/daxbench-result-test.XXXXXX";

/* How many entries @dir holds, and whether any is a hidden temporary. */
static int count_entries(const char *dir, int *hidden)
{
	struct dirent *d;
	DIR *dp = opendir(dir);
	int n = 0;

	*hidden = 0;
	if (!dp)
		return -1;
	while ((d = readdir(dp))) {
		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		n++;
		*hidden += d->d_name[0] == '.';
	}
	closedir(dp);
	return n;
}

/* An I/O latency metric kept as a histogram, as recorder.c keeps one. */
static json_t *hist_metric(void)
{
	static const uint64_t io[] = { 5, 130, 131, 4100, 4101, 70000 };
	struct summary sum;
	struct hist *h = malloc(sizeof(*h));
	json_t *m;
	size_t i;

	hist_init(h);
	for (i = 0; i < sizeof(io) / sizeof(io[0]); i++)
		hist_add(h, io[i]);
	hist_summary(h, &sum);
	m = json_pack("{s:s, s:o, s:o}", "unit", "ns", "histogram",
		      hist_to_json(h), "summary", result_summary_json(&sum));
	free(h);
	return m;
}

static json_t *sample_result(void)
{
	static const uint64_t lat[] = { 1200, 1100, 1500, 1300, 1100 };
	/* 1 ms: the samples are below it, and a test edit reaches it */
	json_t *sc = json_pack("{s:i, s:s, s:i, s:i}", "schema", 1, "name",
			       "punch-test", "repeat", 5, "timeout", 1000000);
	json_t *r = result_new(sc);
	json_t *params = json_pack("{s:i}", "pinners.threads", 4);
	json_t *pt = result_point_new(params);
	json_t *metrics = json_object_get(pt, "metrics");

	json_decref(sc);
	json_decref(params);
	json_object_set_new(r, "host",
			    json_pack("{s:{s:s}}", "kernel", "release",
				      "6.1.0-test"));
	json_object_set_new(r, "target",
			    json_pack("{s:s, s:b}", "path", "/mnt", "dax", 1));
	json_object_set_new(r, "capabilities",
			    json_pack("{s:b, s:{}}", "tracefs", 0,
				      "unavailable"));
	json_object_set_new(metrics, "op_latency", result_metric("ns", lat, 5));
	json_object_set_new(metrics, "busy_scan_calls",
			    result_metric("calls", NULL, 0));
	json_object_set_new(metrics, "busy_scan_time",
			    result_metric("ns", lat, 2));
	json_object_set_new(metrics, "pinner_io_latency", hist_metric());
	json_array_append_new(json_object_get(r, "points"), pt);
	return r;
}

/* Load @text from a file and expect failure with @want in the message. */
static void expect_reject(const char *what, const char *text, int want_rc,
			  const char *want)
{
	char path[256];
	struct db_err err = { "" };
	json_t *r = (json_t *)1;
	FILE *f;
	int rc;

	snprintf(path, sizeof(path), "%s/%s.json", tmpdir, what);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	rc = result_load(path, &r, &err);
	T_CHECK(rc == want_rc, "%s: rc %d, want %d (%s)", what, rc, want_rc,
		err.msg);
	T_CHECK(r == NULL, "%s: result set on failure", what);
	T_CHECK(strstr(err.msg, path) != NULL, "%s: file not named: %s", what,
		err.msg);
	T_CHECK(strstr(err.msg, want) != NULL, "%s: no '%s' in: %s", what, want,
		err.msg);
	/* the same text from memory: the same verdict, named by its origin */
	r = (json_t *)1;
	rc = result_load_string(text, what, &r, &err);
	T_CHECK(rc == want_rc && r == NULL &&
			!strncmp(err.msg, what, strlen(what)) &&
			strstr(err.msg, want),
		"%s from memory: rc %d, want %d (%s)", what, rc, want_rc,
		err.msg);
}

/*
 * One way to break a good result: set @key of the object at @parent
 * ("scenario", "point", "metric" and "summary" of op_latency, "hist"
 * and "hsummary" of pinner_io_latency, or NULL for the top) to the JSON
 * text @val, or delete it when @val is NULL; loading must fail with @rc
 * and @want.
 */
struct breakage {
	const char *what, *parent, *key, *val;
	int rc;
	const char *want;
};

static const struct breakage breakages[] = {
	{ "schema-type", NULL, "schema", "\"1\"", -EINVAL,
	  "schema: expected an integer, got a string" },
	{ "schema-newer", NULL, "schema", "2", -EPROTONOSUPPORT,
	  "schema: version 2 is newer" },
	{ "schema-missing", NULL, "schema", NULL, -EINVAL, "schema: missing" },
	{ "host-missing", NULL, "host", NULL, -EINVAL, ": host: missing" },
	{ "complete-type", NULL, "complete", "\"yes\"", -EINVAL,
	  "complete: expected a boolean, got a string" },
	{ "not-ours", NULL, "tool", "{\"name\": \"fio\", \"version\": \"3\"}",
	  -EINVAL, "tool.name" },
	{ "metrics-missing", "point", "metrics", NULL, -EINVAL,
	  "points[0].metrics: missing" },
	{ "params-type", "point", "params", "[]", -EINVAL,
	  "points[0].params: expected an object, got an array" },
	{ "unit-missing", "metric", "unit", NULL, -EINVAL,
	  "points[0].metrics.op_latency.unit: missing" },
	{ "timeout-missing", "scenario", "timeout", NULL, -EINVAL,
	  "scenario.timeout: missing" },
	{ "timeout-zero", "scenario", "timeout", "0", -EINVAL,
	  "scenario.timeout: 0 is not a positive integer (ns)" },
	{ "point-timeout", "params", "timeout", "\"1s\"", -EINVAL,
	  "points[0].params.timeout: \"1s\" is not a positive integer" },
	{ "stalls-type", "point", "stalls", "{}", -EINVAL,
	  "points[0].stalls: expected an array, got an object" },
	/* the samples of a new user's hand edits (issue 29) */
	{ "sample-string", "metric", "samples",
	  "[1200, \"x\", 1500, 1300, 1100]", -EINVAL,
	  "points[0].metrics.op_latency.samples[1]: \"x\" is not a "
	  "non-negative integer" },
	{ "sample-negative", "metric", "samples",
	  "[1200, -5, 1500, 1300, 1100]", -EINVAL,
	  "points[0].metrics.op_latency.samples[1]: -5 is not a non-negative "
	  "integer" },
	{ "sample-huge", "metric", "samples", "[1200, 1e300, 1500, 1300, 1100]",
	  -EINVAL,
	  "points[0].metrics.op_latency.samples[1]: 1e300 is not a "
	  "non-negative integer" },
	{ "sample-timeout", "metric", "samples",
	  "[1200, 1000000, 1500, 1300, 1100]", -EINVAL,
	  "points[0].metrics.op_latency.samples[1]: 1000000 is at or beyond "
	  "the point's timeout (1.00ms), and none of its stalls[] waited" },
	{ "point-timeout-low", "params", "timeout", "1400", -EINVAL,
	  "points[0].metrics.op_latency.samples[2]: 1500 is at or beyond "
	  "the point's timeout" },
	{ "summary-missing", "metric", "summary", NULL, -EINVAL,
	  "points[0].metrics.op_latency.summary: missing" },
	{ "summary-n", "summary", "n", "4", -EINVAL,
	  "points[0].metrics.op_latency.summary.n: 4, but it has 5 samples" },
	{ "summary-min", "summary", "min", "1000", -EINVAL,
	  "points[0].metrics.op_latency.summary.min: 1000, but its samples "
	  "give 1100" },
	{ "summary-p50", "summary", "p50", "1250", -EINVAL,
	  "summary.p50: 1250, but its samples give 1200" },
	{ "summary-mean", "summary", "mean", "1240.5", -EINVAL,
	  "summary.mean: 1240.5, but its samples give 1240" },
	{ "summary-stddev", "summary", "stddev", "0", -EINVAL,
	  "summary.stddev: 0, but its samples give 167.332005306815" },
	{ "summary-p999-missing", "summary", "p999", NULL, -EINVAL,
	  "points[0].metrics.op_latency.summary.p999: missing" },
	{ "summary-null", "summary", "max", "null", -EINVAL,
	  "summary.max: null is not a non-negative number" },
	/* the histogram form */
	{ "hist-scheme", "hist", "scheme", "\"linear\"", -EINVAL,
	  "pinner_io_latency.histogram.scheme: \"linear\" is not "
	  "\"log-linear\"" },
	{ "hist-sub", "hist", "sub_buckets", "64", -EINVAL,
	  "pinner_io_latency.histogram.sub_buckets: 64 is not 128" },
	{ "hist-buckets-missing", "hist", "buckets", NULL, -EINVAL,
	  "pinner_io_latency.histogram.buckets: missing" },
	{ "hist-count", "hist", "buckets", "[[5, 1], [130, -2]]", -EINVAL,
	  "pinner_io_latency.histogram.buckets[1][1]: -2 is not a "
	  "non-negative integer" },
	{ "hist-count-real", "hist", "buckets", "[[5, 1.5]]", -EINVAL,
	  "pinner_io_latency.histogram.buckets[0][1]: 1.5 is not a "
	  "non-negative integer" },
	{ "hist-low", "hist", "buckets", "[[5, 1], [4099, 2]]", -EINVAL,
	  "pinner_io_latency.histogram.buckets[1][0]: 4099 is not the low "
	  "end of a log-linear bucket (4096 is)" },
	{ "hist-order", "hist", "buckets", "[[130, 2], [5, 1]]", -EINVAL,
	  "pinner_io_latency.histogram.buckets[1][0]: 5 does not follow 130" },
	{ "hist-pair", "hist", "buckets", "[[5, 1, 2]]", -EINVAL,
	  "pinner_io_latency.histogram.buckets[0]: [5,1,2] is not [low, "
	  "count]" },
	{ "hist-overflow", "hist", "buckets",
	  "[[5, 9223372036854775807], [130, 9223372036854775807], "
	  "[4096, 9223372036854775807]]",
	  -EINVAL,
	  "pinner_io_latency.histogram.buckets[2][1]: the counts add up past "
	  "2^64" },
	{ "hist-n", "hsummary", "n", "7", -EINVAL,
	  "pinner_io_latency.summary.n: 7, but its histogram counts 6" },
	{ "hist-min", "hsummary", "min", "4", -EINVAL,
	  "pinner_io_latency.summary.min: 4 is not in the histogram's lowest "
	  "bucket [5, 5]" },
	{ "hist-p50", "hsummary", "p50", "4000", -EINVAL,
	  "pinner_io_latency.summary.p50: 4000, but its histogram gives" },
	{ "hist-mean", "hsummary", "mean", "5", -EINVAL,
	  "pinner_io_latency.summary.mean: 5, but its histogram holds a mean "
	  "in [" },
	{ "hist-and-samples", "metric", "histogram",
	  "{\"scheme\": \"log-linear\", \"sub_buckets\": 128, "
	  "\"buckets\": []}",
	  -EINVAL,
	  "points[0].metrics.op_latency: has both samples and a histogram" },
	{ "value-negative", "metric", "value", "-1.5", -EINVAL,
	  "points[0].metrics.op_latency.value: -1.5 is negative" },
};

static void expect_broken(json_t *good, const struct breakage *b)
{
	json_t *copy = json_deep_copy(good), *obj = copy;
	json_t *pt = json_array_get(json_object_get(copy, "points"), 0);
	json_t *lat =
		json_object_get(json_object_get(pt, "metrics"), "op_latency");
	json_t *io = json_object_get(json_object_get(pt, "metrics"),
				     "pinner_io_latency");
	const char *p = b->parent ? b->parent : "";
	char *text;

	if (!strcmp(p, "scenario"))
		obj = json_object_get(copy, "scenario");
	else if (!strcmp(p, "point"))
		obj = pt;
	else if (!strcmp(p, "params"))
		obj = json_object_get(pt, "params");
	else if (!strcmp(p, "metric"))
		obj = lat;
	else if (!strcmp(p, "summary"))
		obj = json_object_get(lat, "summary");
	else if (!strcmp(p, "hist"))
		obj = json_object_get(io, "histogram");
	else if (!strcmp(p, "hsummary"))
		obj = json_object_get(io, "summary");
	if (b->val)
		json_object_set_new(obj, b->key,
				    json_loads(b->val, JSON_DECODE_ANY, NULL));
	else
		json_object_del(obj, b->key);
	text = json_dumps(copy, JSON_INDENT(2));
	json_decref(copy);
	expect_reject(b->what, text, b->rc, b->want);
	free(text);
}

static void test_new(json_t *r)
{
	const char *id = json_string_value(json_object_get(r, "run_id"));
	const char *started = json_string_value(json_object_get(r, "started"));
	regex_t re;
	json_t *s;

	T_CHECK(json_integer_value(json_object_get(r, "schema")) ==
			RESULT_SCHEMA,
		"schema");
	T_CHECK(!strcmp(json_string_value(json_object_get(
				json_object_get(r, "tool"), "name")),
			"daxbench"),
		"tool.name");
	T_CHECK(json_is_false(json_object_get(r, "complete")),
		"complete before finish");
	regcomp(&re, "^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$", REG_EXTENDED);
	T_CHECK(id && !regexec(&re, id, 0, NULL, 0), "run_id '%s'", id);
	regfree(&re);
	regcomp(&re, "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$", REG_EXTENDED);
	T_CHECK(started && !regexec(&re, started, 0, NULL, 0), "started '%s'",
		started);
	regfree(&re);

	/* an empty metric is n = 0 with null figures, not zeros */
	s = json_object_get(
		json_object_get(
			json_object_get(
				json_array_get(json_object_get(r, "points"), 0),
				"metrics"),
			"busy_scan_calls"),
		"summary");
	T_CHECK(json_integer_value(json_object_get(s, "n")) == 0 &&
			json_is_null(json_object_get(s, "p50")) &&
			json_is_null(json_object_get(s, "mean")) &&
			json_is_null(json_object_get(s, "stddev")),
		"empty summary: %s", json_dumps(s, JSON_COMPACT));
}

static void test_unmeasured(void)
{
	json_t *pt = result_point_new(NULL);
	json_t *m = json_object_get(pt, "metrics");

	json_object_set_new(m, "busy_scan_time", json_object());
	T_CHECK(result_unmeasured(pt, "busy_scan_time",
				  "tracefs: not mounted") == 0,
		"unmeasured failed");
	T_CHECK(!json_object_get(m, "busy_scan_time"),
		"metric kept beside its unmeasured reason");
	T_CHECK(!strcmp(json_string_value(json_object_get(
				json_object_get(pt, "unmeasured"),
				"busy_scan_time")),
			"tracefs: not mounted"),
		"reason not stored");
	json_decref(pt);
	pt = json_object();
	T_CHECK(result_unmeasured(pt, "x", "y") == -EINVAL,
		"unmeasured on a non-point");
	json_decref(pt);
}

int main(void)
{
	char dir[512], *path = NULL, *path2 = NULL, *before, *text;
	struct db_err err = { "" };
	json_t *r, *loaded = NULL, *m1, *m2;
	int rc, hidden;
	size_t half, i;

	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return T_EXIT_FAIL;
	}
	r = sample_result();
	test_new(r);
	test_unmeasured();
	T_CHECK(result_finish(r, true) == 0, "finish");
	T_CHECK(json_is_true(json_object_get(r, "complete")), "complete");
	T_CHECK(json_is_string(json_object_get(r, "finished")), "finished");

	/* the directory is made, and only the result is left in it */
	snprintf(dir, sizeof(dir), "%s/a/b", tmpdir);
	rc = result_write(r, dir, false, &path, &err);
	T_CHECK(rc == 0, "write: %d %s", rc, err.msg);
	T_CHECK(path && strstr(path, "/punch-test-") && strstr(path, ".json"),
		"path %s", path);
	T_CHECK(count_entries(dir, &hidden) == 1 && hidden == 0,
		"%d entries, %d hidden after write",
		count_entries(dir, &hidden), hidden);

	/* round trip */
	rc = result_load(path, &loaded, &err);
	T_CHECK(rc == 0, "load: %s", err.msg);
	T_CHECK(loaded && json_equal(json_object_get(loaded, "scenario"),
				     json_object_get(r, "scenario")),
		"scenario differs");
	T_CHECK(loaded && json_equal(json_object_get(loaded, "run_id"),
				     json_object_get(r, "run_id")),
		"run_id differs");
	m1 = json_object_get(
		json_object_get(json_array_get(json_object_get(r, "points"), 0),
				"metrics"),
		"op_latency");
	m2 = json_object_get(
		json_object_get(
			json_array_get(json_object_get(loaded, "points"), 0),
			"metrics"),
		"op_latency");
	T_CHECK(json_equal(json_object_get(m1, "samples"),
			   json_object_get(m2, "samples")),
		"samples differ");
	/* 1100 1100 1200 1300 1500: p50 an integer, mean 1240 */
	T_CHECK(json_integer_value(json_object_get(
			json_object_get(m2, "summary"), "p50")) == 1200,
		"p50");
	T_CHECK(fabs(json_number_value(json_object_get(
			     json_object_get(m2, "summary"), "stddev")) -
		     167.33200530681512) < 1e-6,
		"stddev after round trip");
	json_decref(loaded);

	/* a good result reads the same from memory */
	text = json_dumps(r, JSON_INDENT(2));
	rc = text ? result_load_string(text, NULL, &loaded, &err) : -ENOMEM;
	T_CHECK(rc == 0 && json_equal(loaded, r), "from memory: %d %s", rc,
		err.msg);
	json_decref(loaded);
	free(text);

	/* no overwrite without force; the old file is untouched */
	before = json_dumps(r, JSON_COMPACT);
	json_object_set_new(r, "complete", json_false());
	rc = result_write(r, dir, false, &path2, &err);
	T_CHECK(rc == -EEXIST, "second write: %d", rc);
	T_CHECK(strstr(err.msg, "already exists"), "message: %s", err.msg);
	T_CHECK(path2 == NULL, "path set on failure");
	T_CHECK(count_entries(dir, &hidden) == 1 && hidden == 0,
		"temporary left behind after a refused write");
	rc = result_load(path, &loaded, &err);
	T_CHECK(rc == 0 && json_is_true(json_object_get(loaded, "complete")),
		"refused write changed the file");
	json_decref(loaded);
	rc = result_write(r, dir, true, &path2, &err);
	T_CHECK(rc == 0 && path2 && !strcmp(path, path2), "forced write: %s",
		err.msg);
	rc = result_load(path, &loaded, &err);
	T_CHECK(rc == 0 && json_is_false(json_object_get(loaded, "complete")),
		"forced write did not replace");
	json_decref(loaded);
	free(path2);
	free(before);

	/* a file where the directory should be */
	snprintf(dir, sizeof(dir), "%s", path);
	rc = result_write(r, dir, false, NULL, &err);
	T_CHECK(rc == -ENOTDIR || rc == -EEXIST, "write into a file: %d %s", rc,
		err.msg);

	/* the loader's refusals, each naming the field */
	json_object_set_new(r, "complete", json_true());
	text = json_dumps(r, JSON_INDENT(2));
	half = strlen(text) / 2;
	text[half] = '\0';
	expect_reject("truncated", text, -EINVAL, "not valid JSON");
	free(text);
	expect_reject("array", "[1, 2]", -EINVAL, "expected a result object");
	for (i = 0; i < sizeof(breakages) / sizeof(breakages[0]); i++)
		expect_broken(r, &breakages[i]);
	snprintf(dir, sizeof(dir), "%s/none.json", tmpdir);
	rc = result_load(dir, &loaded, &err);
	T_CHECK(rc == -ENOENT && strstr(err.msg, "none.json"),
		"missing file: %d %s", rc, err.msg);

	free(path);
	json_decref(r);
	snprintf(dir, sizeof(dir), "rm -rf '%s'", tmpdir);
	if (system(dir))
		fprintf(stderr, "could not remove %s\n", tmpdir);
	return t_done();
}
