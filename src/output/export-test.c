// SPDX-License-Identifier: GPL-2.0-only
/*
 * A scenario point as a KCIDB test: its path daxbench.SCENARIO.POINT,
 * its outcome, the op p50 as its number, what made it FAIL or ERROR as
 * its log excerpt, the machine and DAX target as its environment, and
 * in its misc the point's key figures (op p50/p99, busy-scan calls and
 * time, stalls, errors, the mapping and whether it was verified) and
 * what ran it (daxbench's version and git, the scenario and its sha256).
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export-int.h"
#include "sha256.h"
#include "units.h"

/* KCIDB caps a log excerpt at 16 KiB */
#define EXPORT_EXCERPT_MAX 16384

/* "2026-11-25T12:01:02Z": what RFC 3339 (KCIDB's date-time) accepts. */
static bool is_rfc3339(const char *s)
{
	static const char form[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t i;

	for (i = 0; s && form[i]; i++) {
		bool digit = s[i] >= '0' && s[i] <= '9';

		if (form[i] == 'd' ? !digit : s[i] != form[i])
			return false;
	}
	return s && !s[i];
}

static double number_or_nan(const json_t *j)
{
	return json_is_number(j) ? json_number_value(j) : NAN;
}

/* {"n", "p50", "p99"} of @metric, when it was measured. */
static void put_figures(json_t *misc, const char *key, const json_t *point,
			const char *metric, int *rc)
{
	json_t *o;

	if (*rc || !json_object_get(json_object_get(point, "metrics"), metric))
		return;
	o = json_object();
	if (!o)
		*rc = -ENOMEM;
	export_put_num(o, "n", export_summary(point, metric, "n"), rc);
	export_put_num(o, "p50", export_summary(point, metric, "p50"), rc);
	export_put_num(o, "p99", export_summary(point, metric, "p99"), rc);
	export_put_new(misc, key, o, rc);
}

/* The point's key figures and which point it is. */
static void misc_point(json_t *misc, const json_t *result, size_t i, int *rc)
{
	static const char *const params_key[] = { "params", NULL };
	static const char *const keys[] = { "ops_attempted",	"ops_skipped",
					    "mapping_verified", "pin_evidence",
					    "warnings",		NULL };
	const json_t *pt = json_array_get(json_object_get(result, "points"), i);
	const json_t *um = json_object_get(pt, "unmeasured");
	const json_t *mode =
		json_object_get(json_object_get(pt, "mapping"), "mode");
	const json_t *refused = json_object_get(
		json_object_get(json_object_get(pt, "pinners"), "refused"),
		"strerror");
	char *label = compare_point_label(json_object_get(pt, "params"), NULL);

	if (!label)
		*rc = -ENOMEM;
	export_put_num(misc, "point", (double)(i + 1), rc);
	export_put_str(misc, "point_label", label, rc);
	export_put_keys(misc, pt, params_key, rc);
	put_figures(misc, "op_latency_ns", pt, "op_latency", rc);
	put_figures(misc, "busy_scan_calls", pt, "busy_scan_calls", rc);
	put_figures(misc, "busy_scan_time_ns", pt, "busy_scan_time", rc);
	export_put_num(misc, "stalls", (double)export_point_stalls(result, pt),
		       rc);
	export_put_num(misc, "errors",
		       (double)json_array_size(json_object_get(pt, "errors")),
		       rc);
	export_put_str(misc, "mapping", json_string_value(mode), rc);
	export_put_keys(misc, pt, keys, rc);
	export_put_str(misc, "pins_refused", json_string_value(refused), rc);
	if (json_object_size(um))
		export_put_new(misc, "unmeasured", json_deep_copy(um), rc);
	free(label);
}

/*
 * The SHA-256 of the resolved scenario (defaults filled in, --set
 * applied) as compact JSON with sorted keys: what was run, also in
 * results older than scenario_file and its sha256 of the file.
 */
static void put_scenario_digest(json_t *o, const json_t *result, int *rc)
{
	char hex[SHA256_HEX_LEN];
	char *text = json_dumps(json_object_get(result, "scenario"),
				JSON_COMPACT | JSON_SORT_KEYS |
					JSON_REAL_PRECISION(17));

	if (!text) {
		*rc = *rc ?: -ENOMEM;
		return;
	}
	sha256_hex(text, strlen(text), hex);
	free(text);
	export_put_str(o, "resolved_sha256", hex, rc);
}

/* Which daxbench ran what: its version and git, the scenario's sha256. */
static void misc_run(json_t *misc, const json_t *result, const char *path,
		     int *rc)
{
	static const char *const tool_keys[] = { "version", "git", NULL };
	static const char *const file_keys[] = { "sha256", "sets", NULL };
	const char *base = path ? strrchr(path, '/') : NULL;
	const json_t *run_id = json_object_get(result, "run_id");
	json_t *scn;

	export_put_sub(misc, "daxbench", json_object_get(result, "tool"),
		       tool_keys, rc);
	export_put_sub(misc, "scenario",
		       json_object_get(result, "scenario_file"), file_keys, rc);
	scn = json_object_get(misc, "scenario");
	export_put_str(scn, "name", compare_scenario_name(result), rc);
	put_scenario_digest(scn, result, rc);
	export_put_str(misc, "run_id", json_string_value(run_id), rc);
	export_put_str(misc, "result_file", base ? base + 1 : path, rc);
}

/* "daxbench vm guest (QEMU 7.2, tcg); ext4 DAX on /dev/pmem0" */
static char *environment_comment(const json_t *result)
{
	const json_t *host = json_object_get(result, "host");
	const json_t *vm = json_object_get(host, "vm");
	const json_t *tgt = json_object_get(result, "target");
	const char *fs = json_string_value(json_object_get(tgt, "fs"));
	const char *dev = json_string_value(json_object_get(tgt, "device"));
	const char *dax = json_is_true(json_object_get(tgt, "dax")) ?
				  " DAX" :
				  " (not DAX)";
	const char *qemu, *accel;

	if (!json_is_object(vm))
		return db_asprintf("%s; %s%s on %s",
				   compare_machine_label(host), fs ?: "?", dax,
				   dev ?: "?");
	qemu = json_string_value(json_object_get(vm, "qemu"));
	accel = json_string_value(json_object_get(vm, "accel"));
	return db_asprintf("daxbench vm guest (QEMU %s, %s); %s%s on %s",
			   qemu ?: "?", accel ?: "?", fs ?: "?", dax,
			   dev ?: "?");
}

/* Where it ran: the machine and the DAX target. */
static json_t *test_environment(const json_t *result)
{
	static const char *const host_keys[] = {
		"cpu",	      "cpus", "memory_bytes", "numa_nodes", "thp",
		"hypervisor", NULL
	};
	static const char *const vm_keys[] = { "accel", "qemu", "pmem_bytes",
					       "fs", NULL };
	static const char *const tgt_keys[] = { "fs", "dax", "device",
						"mount_options", NULL };
	const json_t *host = json_object_get(result, "host");
	const json_t *vm = json_object_get(host, "vm");
	json_t *env = json_pack("{s:{}}", "misc");
	json_t *misc = json_object_get(env, "misc");
	char *comment = environment_comment(result);
	int rc = env && comment ? 0 : -ENOMEM;

	export_put_str(env, "comment", comment, &rc);
	export_put_keys(misc, host, host_keys, &rc);
	if (json_is_object(vm))
		export_put_sub(misc, "vm", vm, vm_keys, &rc);
	export_put_sub(misc, "target", json_object_get(result, "target"),
		       tgt_keys, &rc);
	free(comment);
	if (rc) {
		json_decref(env);
		return NULL;
	}
	return env;
}

static void excerpt_stall(FILE *f, const json_t *s)
{
	const json_t *wn = json_object_get(s, "waited_ns");
	const char *during = json_string_value(json_object_get(s, "during"));
	const char *by = json_string_value(json_object_get(s, "ended_by"));
	const char *stack = json_string_value(json_object_get(s, "stack"));
	const char *diag = json_string_value(json_object_get(s, "diagnosis"));
	const char *why =
		json_string_value(json_object_get(s, "diagnosis_why"));
	bool released = json_is_true(json_object_get(s, "pins_released"));
	char w[32];

	units_fmt_duration(json_is_integer(wn) && json_integer_value(wn) > 0 ?
				   (uint64_t)json_integer_value(wn) :
				   0,
			   w, sizeof(w));
	fprintf(f, "op %lld stalled (during %s): waited %s, ended by %s%s\n",
		json_integer_value(json_object_get(s, "op")), during ?: "op", w,
		by ?: "?", released ? ", pins released" : "");
	if (diag)
		fprintf(f, "diagnosis: %s (%s)\n", diag, why ?: "");
	fputs(stack ?: "", f);
}

/* What made a point FAIL or ERROR: its stalls and errors, in words. */
static char *test_excerpt(const json_t *point)
{
	const json_t *e, *intr = json_object_get(point, "interrupted_by");
	char *text = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	json_array_foreach(json_object_get(point, "stalls"), i, e)
	{
		excerpt_stall(f, e);
	}
	json_array_foreach(json_object_get(point, "errors"), i, e)
	{
		const char *what =
			json_string_value(json_object_get(e, "what"));
		const char *why =
			json_string_value(json_object_get(e, "strerror"));

		fprintf(f, "error: op %lld: %s: %s\n",
			json_integer_value(json_object_get(e, "op")),
			what ?: "?", why ?: "?");
	}
	if (intr)
		fprintf(f, "interrupted by %s\n",
			json_string_value(intr) ?: "?");
	if (fclose(f)) {
		free(text);
		return NULL;
	}
	if (len > EXPORT_EXCERPT_MAX) {
		len = EXPORT_EXCERPT_MAX;
		/* never half a UTF-8 character */
		while (len && (text[len] & 0xc0) == 0x80)
			len--;
		text[len] = '\0';
	}
	return text;
}

/* The op p50 as the test's number: KCIDB scales "s" for display. */
static json_t *test_number(const json_t *point, enum export_status st)
{
	double p50 = export_summary(point, "op_latency", "p50");

	if (!isfinite(p50) || (st != EXPORT_PASS && st != EXPORT_FAIL))
		return NULL;
	return json_pack("{s:f,s:s,s:s}", "value", p50 * 1e-9, "unit", "s",
			 "prefix", "metric");
}

/* What identifies the test: its ids, path, outcome and when it ran. */
static void test_head(json_t *t, const char *origin, const json_t *result,
		      size_t i, const char *name, int *rc)
{
	const json_t *pt = json_array_get(json_object_get(result, "points"), i);
	const char *started =
		json_string_value(json_object_get(result, "started"));
	char *id = export_test_id(origin, result, i);
	char *bid = export_build_id(result, origin);
	char *scn = export_path_node(compare_scenario_name(result), "scenario");
	char *path = scn ? db_asprintf("daxbench.%s.%s", scn, name) : NULL;
	char *label = compare_point_label(json_object_get(pt, "params"), NULL);
	char *comment = label ? db_asprintf("daxbench %s: %s",
					    compare_scenario_name(result),
					    label) :
				NULL;

	if (!id || !bid || !path || !comment)
		*rc = *rc ?: -ENOMEM;
	export_put_str(t, "id", id, rc);
	export_put_str(t, "build_id", bid, rc);
	export_put_str(t, "origin", origin, rc);
	export_put_str(t, "path", path, rc);
	export_put_str(t, "comment", comment, rc);
	export_put_str(t, "start_time", is_rfc3339(started) ? started : NULL,
		       rc);
	free(id);
	free(bid);
	free(scn);
	free(path);
	free(label);
	free(comment);
}

json_t *export_test(const char *origin, const json_t *result, const char *path,
		    size_t i, const char *name)
{
	const json_t *pt = json_array_get(json_object_get(result, "points"), i);
	enum export_status st = export_point_status(result, pt);
	double ns = number_or_nan(json_object_get(pt, "setup_ns")) +
		    number_or_nan(json_object_get(pt, "measure_ns"));
	char *excerpt = st == EXPORT_FAIL || st == EXPORT_ERROR ?
				test_excerpt(pt) :
				NULL;
	json_t *t = json_object(), *misc = json_object();
	json_t *env = test_environment(result);
	int rc = t && misc && env ? 0 : -ENOMEM;

	test_head(t, origin, result, i, name, &rc);
	export_put_str(t, "status", export_status_name(st), &rc);
	export_put_num(t, "duration", ns * 1e-9, &rc);
	export_put_new(t, "number", test_number(pt, st), &rc);
	export_put_str(t, "log_excerpt", excerpt && *excerpt ? excerpt : NULL,
		       &rc);
	export_put_new(t, "environment", env, &rc);
	misc_run(misc, result, path, &rc);
	misc_point(misc, result, i, &rc);
	export_put_new(t, "misc", misc, &rc);
	free(excerpt);
	if (rc) {
		json_decref(t);
		return NULL;
	}
	return t;
}
