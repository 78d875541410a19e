// SPDX-License-Identifier: GPL-2.0-only
/*
 * Results as LAVA test cases: a "lava-test-case NAME --result R
 * [--measurement V --units ns]" line per point, for a test shell to run
 * (contrib/lava/daxbench.yaml writes them to a file and sources it).
 * LAVA splits the line at blanks and takes only pass, fail, skip and
 * unknown as results and a plain number as a measurement, and its
 * result store keeps names of up to 100 characters: every line keeps to
 * that.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export-int.h"
#include "sha256.h"

#define LAVA_NAME_MAX 100

static const char *lava_result(enum export_status s)
{
	switch (s) {
	case EXPORT_FAIL:
		return "fail";
	case EXPORT_ERROR:
		return "unknown"; /* the point did not run: no verdict */
	case EXPORT_SKIP:
		return "skip";
	case EXPORT_PASS:
		break;
	}
	return "pass";
}

/* "1283630" or "83711.5": a plain decimal, never an exponent. */
static void fmt_measurement(double v, char *buf, size_t len)
{
	char *e;

	snprintf(buf, len, "%.3f", v);
	e = buf + strlen(buf);
	while (e > buf && e[-1] == '0')
		*--e = '\0';
	if (e > buf && e[-1] == '.')
		*--e = '\0';
}

/* Which result of its scenario @in->results[@i] is, counted from 1. */
static size_t scenario_run(const struct export_input *in, size_t i)
{
	const char *name = compare_scenario_name(in->results[i]);
	size_t k = 1, j;

	for (j = 0; j < i; j++)
		if (!strcmp(compare_scenario_name(in->results[j]), name))
			k++;
	return k;
}

/* "SCENARIO[-runK].POINT", cut to LAVA's 100 with a hash of the whole. */
static char *case_name(const char *scn, size_t k, const char *point)
{
	char hex[SHA256_HEX_LEN];
	char *n = k > 1 ? db_asprintf("%s-run%zu.%s", scn, k, point) :
			  db_asprintf("%s.%s", scn, point);

	if (n && strlen(n) > LAVA_NAME_MAX) {
		sha256_hex(n, strlen(n), hex);
		snprintf(n + LAVA_NAME_MAX - 9, 10, "-%.8s", hex);
	}
	return n;
}

static int lava_result_lines(const struct export_input *in, size_t i, FILE *f)
{
	const json_t *r = in->results[i];
	const json_t *pts = json_object_get(r, "points");
	size_t n = json_array_size(pts), j;
	char *scn = export_path_node(compare_scenario_name(r), "scenario");
	char **names = NULL, val[64];
	int rc = scn ? export_point_names(r, &names) : -ENOMEM;

	for (j = 0; !rc && j < n; j++) {
		const json_t *pt = json_array_get(pts, j);
		enum export_status st = export_point_status(r, pt);
		double p50 = export_summary(pt, "op_latency", "p50");
		char *name = case_name(scn, scenario_run(in, i), names[j]);

		if (!name) {
			rc = -ENOMEM;
			break;
		}
		fprintf(f, "lava-test-case %s --result %s", name,
			lava_result(st));
		if (isfinite(p50) && (st == EXPORT_PASS || st == EXPORT_FAIL)) {
			fmt_measurement(p50, val, sizeof(val));
			fprintf(f, " --measurement %s --units ns", val);
		}
		fputc('\n', f);
		free(name);
	}
	export_names_free(names, n);
	free(scn);
	return rc;
}

int export_lava(const struct export_input *in, FILE *f)
{
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < in->n; i++)
		rc = lava_result_lines(in, i, f);
	if (!rc && ferror(f))
		rc = -EIO;
	return rc;
}
