// SPDX-License-Identifier: GPL-2.0-only
/*
 * The names compare gives things: the table of which way each metric
 * regresses, verdict names, point and kernel labels, the Markdown ids
 * (anchors) report links to, and the string lists the report is made
 * of. No statistics here, and nothing that reads samples.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compare-int.h"
#include "hypervisor.h"
#include "label.h"

/*
 * The one place that says which way each metric regresses. Latencies,
 * scan times and scan counts (1 + retries) are better low; the pinners'
 * I/O rate is better high.
 */
const struct compare_metric_entry compare_metric_table[] = {
	{ "op_latency", COMPARE_LOWER_BETTER },
	{ "busy_scan_calls", COMPARE_LOWER_BETTER },
	{ "busy_scan_time", COMPARE_LOWER_BETTER },
	{ "busy_scan_time_per_call", COMPARE_LOWER_BETTER },
	{ "busy_scan_unmap_time", COMPARE_LOWER_BETTER },
	{ "busy_scan_walk_time", COMPARE_LOWER_BETTER },
	{ "pinner_io_latency", COMPARE_LOWER_BETTER },
	{ "pinner_iops", COMPARE_HIGHER_BETTER },
};
const size_t compare_nmetrics =
	sizeof(compare_metric_table) / sizeof(compare_metric_table[0]);

enum compare_dir compare_metric_dir(const char *metric)
{
	size_t i;

	for (i = 0; i < compare_nmetrics; i++)
		if (!strcmp(compare_metric_table[i].name, metric))
			return compare_metric_table[i].dir;
	return COMPARE_DIR_UNKNOWN;
}

bool compare_metric_known(const char *metric)
{
	return compare_metric_dir(metric) != COMPARE_DIR_UNKNOWN;
}

const char *compare_metric_names(void)
{
	return "op_latency, busy_scan_calls, busy_scan_time, "
	       "busy_scan_time_per_call, busy_scan_unmap_time, "
	       "busy_scan_walk_time, pinner_io_latency (lower is better); "
	       "pinner_iops (higher is better)";
}

const char *compare_verdict_name(enum compare_verdict v)
{
	switch (v) {
	case COMPARE_UNCHANGED:
		return "unchanged";
	case COMPARE_REGRESSION:
		return "regression";
	case COMPARE_IMPROVEMENT:
		return "improvement";
	case COMPARE_UNTESTED:
		return "n/a";
	case COMPARE_STALL:
		return "STALL";
	case COMPARE_STALL_BOTH:
		return "stalls on both";
	case COMPARE_INCONCLUSIVE:
		return "inconclusive";
	case COMPARE_TOO_FEW_RUNS:
		return "too few runs";
	case COMPARE_NOT_COMPARABLE:
		break;
	}
	return "not comparable";
}

/* --- small helpers ------------------------------------------------- */

char *compare_anchor(const char *prefix, const char *name)
{
	char *a = db_asprintf("%s-%s", prefix, name), *c;

	for (c = a ? a + strlen(prefix) + 1 : NULL; c && *c; c++) {
		*c = (char)tolower((unsigned char)*c);
		if (!(('a' <= *c && *c <= 'z') || ('0' <= *c && *c <= '9')))
			*c = '-';
	}
	return a;
}

char *compare_scenario_anchor(const struct compare_report *rep,
			      const char *name)
{
	return compare_anchor(rep->anchor ? rep->anchor : "scn", name);
}

int compare_strv_add(char ***v, size_t *n, char *s)
{
	char **nv;

	if (!s)
		return -ENOMEM;
	nv = realloc(*v, (*n + 1) * sizeof(*nv));
	if (!nv) {
		free(s);
		return -ENOMEM;
	}
	nv[(*n)++] = s;
	*v = nv;
	return 0;
}

bool compare_strv_has(char *const *v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

int compare_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void compare_strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

const char *compare_scenario_name(const json_t *result)
{
	const char *s = json_string_value(
		json_object_get(json_object_get(result, "scenario"), "name"));

	return s ? s : "?";
}

/* A params value written the way the scenario author wrote it. */

char *compare_point_label(const json_t *params, const char *skip_key)
{
	char *out = label_point(params, skip_key, false);

	if (out && !*out) {
		free(out);
		out = strdup(skip_key ? "all points" : "(single point)");
	}
	return out;
}

/*
 * What ran a result that no daxbench vm guest ran: bare metal only when
 * the result says so (host.hypervisor), a VM host by its hypervisor.
 */
const char *compare_machine_label(const json_t *host)
{
	const char *hv = hypervisor_label(json_object_get(host, "hypervisor"));

	return hv ? hv : "machine not recorded";
}

char *compare_kernel_label(const json_t *result)
{
	const json_t *host = json_object_get(result, "host");
	const json_t *vm = json_object_get(host, "vm");
	const char *rel = json_string_value(
		json_object_get(json_object_get(host, "kernel"), "release"));
	const char *accel, *img;

	if (!rel)
		rel = "unknown kernel";
	if (!json_is_object(vm))
		return db_asprintf("%s (%s)", rel, compare_machine_label(host));
	accel = json_string_value(json_object_get(vm, "accel"));
	img = json_string_value(json_object_get(vm, "kernel"));
	if (img)
		return db_asprintf("%s (VM %s, kernel %s)", rel,
				   accel ? accel : "?", img);
	return db_asprintf("%s (VM %s)", rel, accel ? accel : "?");
}

/* "NAME sha256 0123456789ab" for each patch, "no patch" for none. */
static char *patches_label(const json_t *patches)
{
	char *s = strdup(json_array_size(patches) ? "" : "no patch"), *t;
	const json_t *p;
	size_t i;

	json_array_foreach(patches, i, p)
	{
		const char *f = json_string_value(json_object_get(p, "file"));
		const char *sha =
			json_string_value(json_object_get(p, "sha256"));
		const char *base = f ? strrchr(f, '/') : NULL;

		if (!s)
			return NULL;
		t = db_asprintf("%s%s%s sha256 %.12s", s, i ? ", " : "",
				base ? base + 1 :
				f    ? f :
				       "?",
				sha ? sha : "?");
		free(s);
		s = t;
	}
	return s;
}

char *compare_kbuild_label(const json_t *result)
{
	const json_t *b = json_object_get(
		json_object_get(json_object_get(result, "host"), "vm"),
		"kernel_build");
	const json_t *src = json_object_get(b, "source");
	const char *pkg = json_string_value(json_object_get(src, "package"));
	const char *ver = json_string_value(json_object_get(src, "version"));
	const char *path = json_string_value(json_object_get(src, "path"));
	const char *cfg = json_string_value(
		json_object_get(json_object_get(b, "config"), "config_sha256"));
	char *p, *s;

	if (!json_is_object(b))
		return NULL;
	p = patches_label(json_object_get(b, "patches"));
	s = db_asprintf("build %s of %s%s%s; %s; config sha256 %.12s; %s",
			json_string_value(json_object_get(b, "key")) ?: "?",
			pkg  ? pkg :
			path ? path :
			       "?",
			pkg && ver ? " " : "", pkg && ver ? ver : "",
			p ? p : "?", cfg ? cfg : "?",
			json_string_value(json_object_get(b, "compiler")) ?:
				"compiler not recorded");
	free(p);
	return s;
}
