// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scenario loader: defaults, every validation rule with the position
 * it reports, the sweep's cross-product order and the decoding of each
 * point, run --set overrides, and the jsonpos table the positions come
 * from. Texts are inline so that each case shows its own input.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "jsonpos.h"
#include "scenario.h"
#include "t.h"

#define MIB (1ULL << 20)

/* A minimal valid prefix; cases append fields to it. */
#define HEAD "{\"schema\": 1, \"name\": \"t\", "

static json_t *load_ok(const char *text)
{
	struct db_err err = { "" };
	json_t *r = NULL;
	int rc = scenario_load_string(text, "t.json", &r, &err);

	T_CHECK(rc == 0 && r, "load %s: rc %d: %s", text, rc, err.msg);
	return r;
}

/* @want is a substring of the message, e.g. "t.json:1:40: file.size: " */
static void load_bad(const char *text, const char *want)
{
	struct db_err err = { "" };
	json_t *r = NULL;
	int rc = scenario_load_string(text, "t.json", &r, &err);

	T_CHECK(rc == -EINVAL && !r && strstr(err.msg, want),
		"load %s: rc %d, message '%s', wanted '%s'", text, rc, err.msg,
		want);
	json_decref(r);
}

/* @assignment must fail with a message that contains @want */
static void set_bad(json_t *r, const char *assignment, const char *want)
{
	struct db_err err = { "" };
	int rc = scenario_set(r, assignment, &err);

	T_CHECK(rc == -EINVAL && strstr(err.msg, want),
		"--set %s: rc %d, message '%s', wanted '%s'", assignment, rc,
		err.msg, want);
}

static long long num(const json_t *r, const char *a, const char *b)
{
	json_t *o = json_object_get(r, a);

	return json_integer_value(b ? json_object_get(o, b) : o);
}

static const char *str(const json_t *r, const char *a, const char *b)
{
	return json_string_value(json_object_get(json_object_get(r, a), b));
}

static void test_defaults(void)
{
	json_t *r = load_ok("{\"schema\": 1, \"name\": \"m\"}");
	json_t *p, *region, *numa;
	struct scenario sc;
	struct db_err err;

	if (!r)
		return;
	T_CHECK(!strcmp(json_string_value(json_object_get(r, "description")),
			""),
		"description default");
	T_CHECK(json_is_null(
			json_object_get(json_object_get(r, "target"), "dir")),
		"target.dir null");
	T_CHECK(json_is_true(json_object_get(json_object_get(r, "target"),
					     "require_dax")),
		"require_dax");
	T_CHECK(!strcmp(str(r, "target", "fs"), "any"), "fs any");
	T_CHECK(num(r, "file", "size") == 64 * (long long)MIB, "file.size");
	T_CHECK(!strcmp(str(r, "file", "mapping"), "pmd"), "mapping");
	p = json_object_get(r, "pinners");
	T_CHECK(!strcmp(str(r, "pinners", "method"), "none"), "method");
	T_CHECK(num(p, "threads", NULL) == 1, "threads");
	T_CHECK(num(p, "io_size", NULL) == 4096, "io_size");
	T_CHECK(num(p, "queue_depth", NULL) == 1, "queue_depth");
	T_CHECK(num(p, "hold", NULL) == 0 &&
			json_is_integer(json_object_get(p, "hold")),
		"hold is integer ns");
	region = json_object_get(p, "region");
	T_CHECK(num(region, "offset", NULL) == 0 &&
			json_is_null(json_object_get(region, "length")),
		"region {0, null}");
	numa = json_object_get(p, "numa");
	T_CHECK(json_is_null(json_object_get(numa, "cpunodebind")) &&
			json_is_null(json_object_get(numa, "membind")),
		"numa nulls");
	T_CHECK(!strcmp(str(r, "operation", "type"), "punch_hole"), "op");
	T_CHECK(num(r, "operation", "length") == 2 * (long long)MIB, "op len");
	T_CHECK(json_object_size(json_object_get(r, "sweep")) == 0, "sweep");
	T_CHECK(num(r, "repeat", NULL) == 50, "repeat");
	T_CHECK(num(r, "warmup", NULL) == 5, "warmup");
	T_CHECK(num(r, "timeout", NULL) == 10000000000LL, "timeout ns");
	T_CHECK(json_is_true(json_object_get(json_object_get(r, "trace"),
					     "busy_scan")),
		"busy_scan");
	T_CHECK(scenario_npoints(r) == 1, "one point");
	T_CHECK(scenario_point(r, 0, &sc, NULL, NULL, &err) == 0, "point: %s",
		err.msg);
	T_CHECK(sc.pinners.region_length == 64 * MIB,
		"region null decodes to the rest of the file: %llu",
		(unsigned long long)sc.pinners.region_length);
	T_CHECK(sc.pinners.cpunodebind == -1 && sc.pinners.membind == -1 &&
			!sc.pinners.device && !sc.target.dir,
		"nulls decode to -1 / NULL");
	T_CHECK(sc.timeout_ns == 10000000000ULL && sc.repeat == 50 &&
			sc.op.type == OP_PUNCH_HOLE &&
			sc.file.mapping == MAP_PMD,
		"decoded defaults");
	json_decref(r);
}

static void test_units(void)
{
	json_t *r = load_ok(HEAD "\"file\": {\"size\": 4194304}, "
				 "\"pinners\": {\"hold\": 1500, "
				 "\"region\": {\"offset\": \"1.5KiB\"}}, "
				 "\"timeout\": \"250us\"}");

	if (!r)
		return;
	T_CHECK(num(r, "file", "size") == 4 * (long long)MIB, "int size");
	T_CHECK(num(json_object_get(r, "pinners"), "hold", NULL) == 1500,
		"integer duration is ns");
	T_CHECK(num(json_object_get(json_object_get(r, "pinners"), "region"),
		    "offset", NULL) == 1536,
		"1.5KiB");
	T_CHECK(num(r, "timeout", NULL) == 250000, "250us");
	json_decref(r);
}

/* Every rule, with the line:column of the value it names. */
static void test_rules(void)
{
	load_bad("{\"schema\": 1, \"name\": \"t\",}",
		 "t.json:1:27: invalid JSON");
	load_bad("", "t.json:1:1: invalid JSON");
	load_bad(HEAD "\"repeat\": 1,\n \"repeat\": 2}",
		 "t.json:2:2: repeat: duplicate key (first at 1:28)");
	load_bad("[1]", "t.json:1:1: expected a JSON object, got an array");
	load_bad("{\"name\": \"t\"}", "t.json:1:1: schema: missing");
	load_bad("{\"schema\": 1}", "t.json:1:1: name: missing");
	load_bad(
		"{\"schema\": 2, \"name\": \"t\"}",
		"t.json:1:12: schema: schema 2 is newer than this daxbench (1) understands");
	load_bad("{\"schema\": 0, \"name\": \"t\"}",
		 "1:12: schema: expected 1");
	load_bad("{\"schema\": \"1\", \"name\": \"t\"}",
		 "1:12: schema: expected");
	load_bad("{\"schema\": 1, \"name\": \"a b\"}", "1:23: name: expected");
	load_bad("{\"schema\": 1, \"name\": \"\"}", "1:23: name: expected");
	load_bad("{\"schema\": 1, \"name\": \"../x\"}", "name: expected");
	load_bad(HEAD "\"bogus\": 1}", "t.json:1:28: bogus: unknown key");
	load_bad(
		HEAD "\"trace\": {\"busy\": true}}",
		"1:38: trace.busy: unknown key (trace takes: busy_scan, fault_mode, interleave)");
	load_bad(HEAD "\"description\": 5}",
		 "1:43: description: expected a string");
	load_bad(HEAD "\"target\": {\"fs\": \"btrfs\"}}",
		 "1:45: target.fs: expected one of");
	load_bad(HEAD "\"target\": {\"require_dax\": 1}}",
		 "target.require_dax: expected true or false, got 1");
	load_bad(HEAD "\"target\": {\"dir\": \"\"}}",
		 "target.dir: expected a non-empty string or null");
	load_bad(HEAD "\"file\": {\"size\": \"2Mb\"}}",
		 "1:45: file.size: expected a size");
	load_bad(HEAD "\"file\": {\"size\": -2}}",
		 "file.size: expected a size");
	load_bad(HEAD "\"file\": {\"size\": \"-2MiB\"}}",
		 "\"-2MiB\": negative");
	load_bad(HEAD "\"file\": {\"size\": \"1.3B\"}}",
		 "a fraction of a byte");
	load_bad(HEAD "\"file\": {\"size\": 2.0}}",
		 "file.size: expected a size");
	load_bad(HEAD "\"file\": {\"size\": \"99999999TiB\"}}", "too large");
	load_bad(HEAD "\"file\": {\"size\": 0}}",
		 "file.size: expected a size > 0");
	load_bad(HEAD "\"file\": {\"size\": \"3MiB\"}}",
		 "1:45: file.size: expected a multiple of 2MiB");
	load_bad(HEAD "\"file\": {\"mapping\": \"huge\"}}",
		 "file.mapping: expected one of \"pmd\", \"pte\"");
	load_bad(HEAD "\"timeout\": \"10\"}",
		 "1:39: timeout: expected a duration");
	load_bad(HEAD "\"timeout\": \"1.5ns\"}", "a fraction of a nanosecond");
	load_bad(HEAD "\"timeout\": 0}", "timeout: expected a duration > 0");
	load_bad(HEAD "\"pinners\": {\"hold\": \"2 sec\"}}",
		 "pinners.hold: expected a duration");
	load_bad(HEAD "\"pinners\": {\"method\": \"gup\"}}",
		 "pinners.method: expected one of");
	load_bad(HEAD "\"operation\": {\"type\": \"fpunch\"}}",
		 "operation.type: expected one of");
	/* 0 threads is no pinners, whatever the method: a baseline */
	json_decref(load_ok(
		HEAD
		"\"pinners\": {\"method\": \"vmsplice\", \"threads\": 0}}"));
	load_bad(HEAD "\"pinners\": {\"threads\": 1025}}",
		 "pinners.threads: expected an integer in 0..1024");
	load_bad(HEAD "\"pinners\": {\"threads\": 2.5}}", "got 2.5");
	load_bad(HEAD "\"pinners\": {\"io_size\": 0}}",
		 "pinners.io_size: expected a size >= 512");
	load_bad(HEAD "\"pinners\": {\"io_size\": 1000}}", "a multiple of 512");
	load_bad(HEAD "\"pinners\": {\"queue_depth\": 0}}",
		 "pinners.queue_depth: expected an integer in 1..4096");
	load_bad(HEAD "\"pinners\": {\"queue_depth\": 4097}}",
		 "pinners.queue_depth");
	load_bad(
		HEAD "\"pinners\": {\"numa\": {\"cpunodebind\": -1}}}",
		"pinners.numa.cpunodebind: expected an integer in 0..1023 or null");
	load_bad(HEAD "\"repeat\": 0}",
		 "repeat: expected an integer in 1..10000000");
	load_bad(HEAD "\"repeat\": 10000001}", "repeat:");
	load_bad(HEAD "\"warmup\": 1000001}",
		 "warmup: expected an integer in 0..1000000");
	load_bad(
		HEAD
		"\"operation\": {\"offset\": \"63MiB\", \"length\": \"2MiB\"}}",
		"1:71: operation.length: expected operation.offset + operation.length <= file.size (67108864)");
	load_bad(HEAD "\"operation\": {\"offset\": 18446744073709551615}}",
		 "invalid JSON: too big integer");
	load_bad(
		HEAD
		"\"operation\": {\"type\": \"collapse_range\", \"offset\": 1024}}",
		"operation.offset: expected a multiple of 4KiB for collapse_range");
	load_bad(
		HEAD
		"\"operation\": {\"type\": \"insert_range\", \"length\": 6000}}",
		"operation.length: expected a multiple of 4KiB for insert_range");
	load_bad(
		HEAD
		"\"operation\": {\"type\": \"collapse_range\", \"offset\": \"62MiB\"}}",
		"operation.length: expected collapse_range to end before the end of the file");
	load_bad(HEAD "\"operation\": {\"length\": 0}}",
		 "operation.length: expected a size > 0");
	load_bad(
		HEAD
		"\"pinners\": {\"method\": \"odirect\", \"region\": {\"offset\": \"64MiB\"}}}",
		"pinners.region.offset: expected an offset inside the file");
	load_bad(
		HEAD
		"\"pinners\": {\"method\": \"odirect\", \"region\": {\"offset\": 100}}}",
		"pinners.region.offset: expected a multiple of 512 for method \"odirect\"");
	load_bad(
		HEAD
		"\"pinners\": {\"method\": \"odirect\", \"region\": {\"offset\": \"63MiB\", \"length\": \"2MiB\"}}}",
		"pinners.region.length: expected region.offset + region.length <= file.size");
	load_bad(
		HEAD
		"\"pinners\": {\"method\": \"odirect\", \"region\": {\"length\": 512}}}",
		"pinners.region.length: expected a region of at least pinners.io_size (4096 bytes), got 512");
	load_bad(
		HEAD
		"\"file\": {\"size\": 2048, \"mapping\": \"pte\"}, \"operation\": {\"length\": 1024}, "
		"\"pinners\": {\"method\": \"vmsplice\"}}",
		"(null: to the end of the file)");
	/* pinners "none" skips the pinner rules: their fields are unused */
	json_decref(load_ok(
		HEAD
		"\"file\": {\"size\": 2048, \"mapping\": \"pte\"}, "
		"\"operation\": {\"length\": 1024}, \"pinners\": {\"threads\": 0}}"));
	/* vmsplice buffers need no O_DIRECT alignment */
	json_decref(load_ok(
		HEAD
		"\"pinners\": {\"method\": \"vmsplice\", \"region\": {\"offset\": 100}}}"));
}

static void test_sweep_rules(void)
{
	load_bad(HEAD "\"sweep\": []}", "1:37: sweep: expected an object");
	load_bad(
		HEAD "\"sweep\": {\"pinners.treads\": [1]}}",
		"1:38: sweep.pinners.treads: names no field of a scenario: pinners has no \"treads\"");
	load_bad(
		HEAD "\"sweep\": {\"repeat.x\": [1]}}",
		"sweep.repeat.x: names no field of a scenario: repeat has no fields");
	load_bad(
		HEAD "\"sweep\": {\"pinners.threads\": 4}}",
		"1:57: sweep.pinners.threads: expected a non-empty list of values, got 4");
	load_bad(HEAD "\"sweep\": {\"pinners.threads\": []}}",
		 "expected a non-empty list of values, got []");
	load_bad(HEAD "\"sweep\": {\"schema\": [1]}}",
		 "sweep.schema: \"schema\" cannot be swept");
	load_bad(HEAD "\"sweep\": {\"name\": [\"a\"]}}",
		 "\"name\" cannot be swept");
	load_bad(HEAD "\"sweep\": {\"sweep\": [{}]}}",
		 "\"sweep\" cannot be swept");
	load_bad(HEAD "\"sweep\": {\"pinners.threads\": [1, \"2\"]}}",
		 "1:61: sweep.pinners.threads[1]: expected an integer");
	load_bad(HEAD "\"sweep\": {\"file.size\": [\"2MiB\", 2097152]}}",
		 "sweep.file.size[1]: repeats the value of sweep.file.size[0]");
	load_bad(HEAD
		 "\"sweep\": {\"pinners\": [{}], \"pinners.hold\": [\"1s\"]}}",
		 "sweep.pinners.hold: overlaps the sweep of \"pinners\"");
	load_bad(HEAD "\"sweep\": {\"pinners.numa\": [{\"membind\": -3}]}}",
		 "sweep.pinners.numa[0].membind: expected an integer");
	load_bad(HEAD "\"sweep\": {\"pinners.numa\": [{\"memb\": 0}]}}",
		 "sweep.pinners.numa[0].memb: unknown key");
	/* 101 x 100 = 10100 > SCENARIO_MAX_POINTS */
	{
		char text[4096];
		size_t n = (size_t)snprintf(text, sizeof(text),
					    HEAD "\"sweep\": {\"repeat\": [");
		int i;

		for (i = 1; i <= 101; i++)
			n += (size_t)snprintf(text + n, sizeof(text) - n,
					      "%s%d", i > 1 ? "," : "", i);
		n += (size_t)snprintf(text + n, sizeof(text) - n,
				      "], \"warmup\": [");
		for (i = 0; i < 100; i++)
			n += (size_t)snprintf(text + n, sizeof(text) - n,
					      "%s%d", i ? "," : "", i);
		snprintf(text + n, sizeof(text) - n, "]}}");
		load_bad(
			text,
			"sweep: expected at most 10000 points, got a cross product of 101 x 100 = 10100");
		/* exactly the limit is fine */
		memmove(strstr(text, ",101]"), "]}}", 4);
		json_decref(load_ok(text));
	}
	/* the point that breaks is named, and located at its sweep value */
	load_bad(
		HEAD "\"file\": {\"mapping\": \"pte\"},\n"
		     "\"sweep\": {\"file.size\": [\"8MiB\",\n \"1MiB\"]}}",
		"t.json:3:2: operation.length: expected operation.offset + operation.length <= file.size (1048576), got 0 + 2097152 (sweep point 2 of 2: file.size=1048576)");
	/* threads [0, 1, 2] under any method: 0 is the baseline point */
	json_decref(load_ok(HEAD
			    "\"pinners\": {\"method\": \"odirect\"},\n"
			    "\"sweep\": {\"pinners.threads\": [0, 1, 2]}}"));
	json_decref(load_ok(
		HEAD
		"\"pinners\": {\"threads\": 0, \"region\": {\"offset\": 100}},\n"
		"\"sweep\": {\"pinners.method\": [\"none\", \"odirect\"]}}"));
	/* a swept method makes the region offset invalid: at the method */
	load_bad(
		HEAD
		"\"pinners\": {\"region\": {\"offset\": 100}},\n"
		"\"sweep\": {\"pinners.method\": [\"none\", \"odirect\"]}}",
		"t.json:2:38: pinners.region.offset: expected a multiple of 512 for method \"odirect\" (O_DIRECT buffers are block aligned), got 100 (sweep point 2 of 2: pinners.method=\"odirect\")");
	/* a rule no sweep value takes part in: no sweep point in the text */
	{
		struct db_err err = { "" };
		json_t *r = NULL;
		int rc = scenario_load_string(
			HEAD "\"file\": {\"size\": \"3MiB\"},\n"
			     "\"sweep\": {\"repeat\": [1, 2]}}",
			"t.json", &r, &err);

		T_CHECK(rc == -EINVAL &&
				strstr(err.msg,
				       "t.json:1:45: file.size: expected a multiple of 2MiB") &&
				!strstr(err.msg, "sweep point"),
			"no sweep tail: %s", err.msg);
	}
}

static void test_points(void)
{
	json_t *r = load_ok(HEAD
			    "\"file\": {\"size\": \"8MiB\"}, "
			    "\"pinners\": {\"method\": \"odirect\", "
			    "\"region\": {\"offset\": \"1MiB\"}}, "
			    "\"sweep\": {\"pinners.threads\": [1, 2, 4], "
			    "\"file.mapping\": [\"pmd\", \"pte\"], "
			    "\"pinners.device\": [null, \"/dev/nullb0\"]}}");
	struct scenario sc;
	struct db_err err;
	json_t *params = NULL, *pj = NULL;
	size_t i;
	int rc;

	if (!r)
		return;
	T_CHECK(scenario_npoints(r) == 12, "3 x 2 x 2 = %zu",
		scenario_npoints(r));
	for (i = 0; i < 12; i++) {
		unsigned int threads[] = { 1, 2, 4 };

		rc = scenario_point(r, i, &sc, &params, NULL, &err);
		T_CHECK(rc == 0, "point %zu: %s", i, err.msg);
		/* first key slowest, last key fastest */
		T_CHECK(sc.pinners.threads == threads[i / 4],
			"point %zu threads %u", i, sc.pinners.threads);
		T_CHECK(sc.file.mapping == ((i / 2) % 2 ? MAP_PTE : MAP_PMD),
			"point %zu mapping", i);
		T_CHECK((i % 2) ?
				sc.pinners.device && !strcmp(sc.pinners.device,
							     "/dev/nullb0") :
				!sc.pinners.device,
			"point %zu device; strings outlive the point JSON", i);
		T_CHECK(json_integer_value(
				json_object_get(params, "pinners.threads")) ==
					(json_int_t)threads[i / 4] &&
				json_object_size(params) == 3,
			"point %zu params", i);
		T_CHECK(sc.pinners.region_offset == MIB &&
				sc.pinners.region_length == 7 * MIB,
			"region null: 8MiB - 1MiB, got %llu",
			(unsigned long long)sc.pinners.region_length);
		json_decref(params);
		params = NULL;
	}
	rc = scenario_point(r, 7, &sc, NULL, &pj, &err);
	T_CHECK(rc == 0 && pj, "point_json: %s", err.msg);
	T_CHECK(json_object_size(json_object_get(pj, "sweep")) == 0,
		"a point sweeps nothing");
	T_CHECK(!strcmp(str(pj, "file", "mapping"), "pte") &&
			num(pj, "pinners", "threads") == 2,
		"point 7 is threads 2, pte");
	/* the resolved scenario is untouched by building points */
	T_CHECK(!strcmp(str(r, "file", "mapping"), "pmd") &&
			num(r, "pinners", "threads") == 1,
		"resolved unchanged");
	T_CHECK(!strcmp(sc.name, "t") && !strcmp(sc.description, ""),
		"name, description");
	json_decref(pj);
	rc = scenario_point(r, 12, &sc, NULL, NULL, &err);
	T_CHECK(rc == -ERANGE && strstr(err.msg, "out of range"),
		"idx 12: rc %d %s", rc, err.msg);
	T_CHECK(!strcmp(scenario_method_name(PIN_IO_URING_FIXED),
			"io_uring_fixed") &&
			!strcmp(scenario_op_name(OP_ZERO_RANGE),
				"zero_range") &&
			!strcmp(scenario_mapping_name(MAP_PTE), "pte"),
		"names");
	json_decref(r);
}

static void test_set(void)
{
	json_t *r = load_ok(HEAD "\"pinners\": {\"method\": \"odirect\"}, "
				 "\"sweep\": {\"pinners.threads\": [1, 2], "
				 "\"file.size\": [\"4MiB\", \"8MiB\"]}}");
	struct db_err err;
	json_t *before;
	int rc;

	if (!r)
		return;
	rc = scenario_set(r, "pinners.threads=8", &err);
	T_CHECK(rc == 0 && num(r, "pinners", "threads") == 8, "set: %s",
		err.msg);
	T_CHECK(!json_object_get(json_object_get(r, "sweep"),
				 "pinners.threads") &&
			scenario_npoints(r) == 2,
		"setting a swept field drops its sweep");
	rc = scenario_set(r, "pinners.hold=250us", &err);
	T_CHECK(rc == 0 && num(r, "pinners", "hold") == 250000,
		"non-JSON value is a string: %s", err.msg);
	rc = scenario_set(r, "sweep.pinners.queue_depth=[1, 8, 64]", &err);
	T_CHECK(rc == 0 && scenario_npoints(r) == 6, "add a sweep: %s",
		err.msg);
	rc = scenario_set(r, "sweep.file.size=null", &err);
	T_CHECK(rc == 0 && scenario_npoints(r) == 3, "drop a sweep: %s",
		err.msg);
	rc = scenario_set(r, "pinners.numa={\"membind\": 0}", &err);
	T_CHECK(rc == 0 &&
			json_is_null(json_object_get(
				json_object_get(json_object_get(r, "pinners"),
						"numa"),
				"cpunodebind")),
		"an object value gets its defaults: %s", err.msg);

	before = json_deep_copy(r);
	set_bad(r, "repeat=0",
		"--set repeat=0: repeat: expected an integer in 1..10000000, got 0");
	/* in a resolved scenario integers are ns; not in an override */
	set_bad(r, "timeout=5",
		"--set timeout=5: timeout: expected a duration with a unit (ns, us, ms, s, m or h");
	set_bad(r, "operation.length=4096",
		"expected a size with a unit (B, KiB");
	set_bad(r, "file.size=\"64MB\"",
		"got 64000000 (did you mean \"64MiB\"?)");
	set_bad(r, "pinners.thread=2", "pinners.thread: names no field");
	set_bad(r, "file.size=2Mb", "file.size: expected a size");
	set_bad(r, "schema=2", "schema: cannot be set");
	set_bad(r, "threads", "expected PATH=VALUE");
	set_bad(r, "sweep.file.size=null", "is not swept");
	T_CHECK(json_equal(before, r), "a failed --set changes nothing");
	json_decref(before);
	/* 0 needs no unit */
	rc = scenario_set(r, "pinners.hold=0", &err);
	T_CHECK(rc == 0, "hold=0: %s", err.msg);
	rc = scenario_set(r, "operation.offset=\"0\"", &err);
	T_CHECK(rc == 0, "offset=\"0\": %s", err.msg);
	rc = scenario_set(r, "pinners.threads=0", &err);
	T_CHECK(rc == 0, "threads=0 with odirect: %s", err.msg);
	json_decref(r);
}

/* scenario_load_sets() on @text written to a file; the message or "" */
static int load_file(const char *text, const char *const *sets, size_t nsets,
		     json_t **r, struct db_err *err)
{
	char path[] = "/tmp/daxbench-scenario-test.XXXXXX";
	int fd = mkstemp(path), rc;

	err->msg[0] = '\0';
	*r = NULL;
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		T_CHECK(0, "cannot write %s", path);
		if (fd >= 0)
			close(fd);
		return -EIO;
	}
	close(fd);
	rc = scenario_load_sets(path, sets, nsets, r, err);
	unlink(path);
	return rc;
}

static void test_load_file(void)
{
	static const char *const pte_first[] = { "file.mapping=pte",
						 "file.size=3MiB" };
	static const char *const size_first[] = { "file.size=3MiB",
						  "file.mapping=pte" };
	static const char *const no_sweep[] = { "sweep={}" };
	struct db_err err;
	json_t *r = NULL, *r2 = NULL;
	int rc = scenario_load("/nonexistent/x.json", &r, &err);

	T_CHECK(rc == -ENOENT && !r &&
			strstr(err.msg, "/nonexistent/x.json: No such file"),
		"missing file: rc %d %s", rc, err.msg);

	/* in a file a person wrote, a size or a duration needs a unit */
	rc = load_file(HEAD "\"timeout\": 5}", NULL, 0, &r, &err);
	T_CHECK(rc == -EINVAL &&
			strstr(err.msg,
			       ":1:39: timeout: expected a duration with a unit"),
		"timeout 5 in a file: %s", err.msg);
	rc = load_file(HEAD "\"operation\": {\"length\": \"4096\"}}", NULL, 0,
		       &r, &err);
	T_CHECK(rc == -EINVAL && strstr(err.msg, "operation.length: expected a "
						 "size with a unit"),
		"\"4096\" in a file: %s", err.msg);
	rc = load_file(HEAD "\"operation\": {\"offset\": 0}, "
			    "\"pinners\": {\"hold\": 0, \"solo\": \"0\"}}",
		       NULL, 0, &r, &err);
	T_CHECK(rc == 0, "0 needs no unit: %s", err.msg);
	json_decref(r);
	/* what daxbench resolved says so, and its integers are plain */
	rc = load_file(HEAD "\"timeout\": 5, \"resolved\": true}", NULL, 0, &r,
		       &err);
	T_CHECK(rc == 0 && num(r, "timeout", NULL) == 5 &&
			json_is_true(json_object_get(r, "resolved")),
		"resolved: %s", err.msg);
	json_decref(r);

	/* overrides are applied first, then checked: order does not matter */
	rc = load_file(HEAD "\"sweep\": {\"repeat\": [1, 2]}}", pte_first, 2,
		       &r, &err);
	T_CHECK(rc == 0, "pte first: %s", err.msg);
	rc = load_file(HEAD "\"sweep\": {\"repeat\": [1, 2]}}", size_first, 2,
		       &r2, &err);
	T_CHECK(rc == 0 && json_equal(r, r2), "size first: %s", err.msg);
	json_decref(r);
	json_decref(r2);
	rc = load_file(HEAD "\"sweep\": {\"repeat\": [1, 2]}}", size_first, 1,
		       &r, &err);
	T_CHECK(rc == -EINVAL &&
			strstr(err.msg, ": --set file.size=3MiB: file.size: "
					"expected a multiple of 2MiB") &&
			!strstr(err.msg, "sweep point"),
		"blamed on the override, no sweep tail: %s", err.msg);
	/* an invalid sweep that an override removes is never checked */
	rc = load_file(HEAD "\"sweep\": {\"file.size\": [\"1MiB\"]}}", NULL, 0,
		       &r, &err);
	T_CHECK(rc == -EINVAL && strstr(err.msg, "sweep point 1 of 1"),
		"the file alone: %s", err.msg);
	rc = load_file(HEAD "\"sweep\": {\"file.size\": [\"1MiB\"]}}", no_sweep,
		       1, &r, &err);
	T_CHECK(rc == 0 && scenario_npoints(r) == 1, "sweep={}: %s", err.msg);
	json_decref(r);
}

static void test_jsonpos(void)
{
	/* "é" is two bytes and one column; "\u00e9" in a key is decoded */
	static const char text[] =
		"{\"a\": {\"b\": [1,\n  {\"c\": \"\xc3\xa9\", \"d\": 2}]},\n"
		" \"x.y\": null, \"k\\u00e9\": true}";
	struct jsonpos_loc loc = { 0, 0 }, first;
	struct jsonpos *jp = NULL;
	const char *path;
	int rc = jsonpos_scan(text, strlen(text), &jp);

	T_CHECK(rc == 0 && jp, "scan: %d", rc);
	T_CHECK(!jsonpos_find(jp, "", false, &loc) && loc.line == 1 &&
			loc.col == 1,
		"root at 1:1");
	T_CHECK(!jsonpos_find(jp, "a.b[1].c", false, &loc) && loc.line == 2 &&
			loc.col == 9,
		"a.b[1].c at %u:%u", loc.line, loc.col);
	T_CHECK(!jsonpos_find(jp, "a.b[1].d", true, &loc) && loc.line == 2 &&
			loc.col == 14,
		"a.b[1].d key at %u:%u (UTF-8 counts once)", loc.line, loc.col);
	T_CHECK(!jsonpos_find(jp, "x.y", false, &loc) && loc.line == 3 &&
			loc.col == 9,
		"dotted key: %u:%u", loc.line, loc.col);
	T_CHECK(!jsonpos_find(jp, "k\xc3\xa9", true, &loc) && loc.line == 3,
		"escaped key decoded");
	T_CHECK(jsonpos_find(jp, "a.z", false, &loc) == -ENOENT, "absent");
	T_CHECK(!jsonpos_find_near(jp, "a.b[1].zz", false, &loc) &&
			loc.line == 2 && loc.col == 3,
		"near: the enclosing object, %u:%u", loc.line, loc.col);
	T_CHECK(!jsonpos_duplicate(jp, &path, &loc, &first), "no duplicate");
	jsonpos_free(jp);

	rc = jsonpos_scan("{\"a\": {\"b\": 1, \"b\": 2}, \"b\": 3}", 31, &jp);
	T_CHECK(rc == 0 && jsonpos_duplicate(jp, &path, &loc, &first) &&
			!strcmp(path, "a.b") && loc.col == 16 && first.col == 8,
		"duplicate a.b");
	jsonpos_free(jp);

	/* malformed text keeps what came before the fault */
	rc = jsonpos_scan("{\"a\": 1, \"b\": [2, }", 19, &jp);
	T_CHECK(rc == 0 && !jsonpos_find(jp, "b", false, &loc) && loc.col == 15,
		"tolerant scan");
	jsonpos_free(jp);

	/* jansson takes a NUL after a number; the scan must go on past it */
	rc = jsonpos_scan("{\"n\": 1\0, \"z\": 2}", 17, &jp);
	T_CHECK(rc == 0 && !jsonpos_find(jp, "z", true, &loc) && loc.col == 11,
		"key after a NUL: %u:%u", loc.line, loc.col);
	jsonpos_free(jp);
}

/*
 * A sweep far over the cap is refused at once, before its values are
 * resolved: each value is compared with those before it, so a list of
 * 200000 took minutes (a million: hours) to be refused. SIGALRM's
 * default action ends the test if it is slow again.
 */
static void test_sweep_cap_fast(void)
{
	size_t cap = 4 << 20, n, i;
	char *text = malloc(cap);
	int pass;

	if (!text) {
		T_CHECK(text, "out of memory");
		return;
	}
	/* an empty list first must not hide the long one behind it */
	for (pass = 0; pass < 2; pass++) {
		n = (size_t)snprintf(text, cap,
				     HEAD "\"sweep\": {%s\"repeat\": [",
				     pass ? "\"warmup\": [], " : "");
		for (i = 1; i <= 200000; i++)
			n += (size_t)snprintf(text + n, cap - n, "%s%zu",
					      i > 1 ? "," : "", i);
		snprintf(text + n, cap - n, "]}}");
		alarm(10);
		load_bad(
			text,
			"sweep: expected at most 10000 points, got a cross product of ");
		alarm(0);
	}
	free(text);
}

int main(void)
{
	test_defaults();
	test_units();
	test_rules();
	test_sweep_rules();
	test_sweep_cap_fast();
	test_points();
	test_set();
	test_load_file();
	test_jsonpos();
	return t_done();
}
