// SPDX-License-Identifier: GPL-2.0-only
/*
 * The table 'daxbench run' prints after a scenario (see run-table.h):
 * one line a point, its brief label as wide as the widest, op and scan
 * figures in units, stalls, how many ops met a pin, errors, whether the
 * mapping was verified.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "label.h"
#include "run-table.h"
#include "units.h"

static const char *fmt_ns(json_t *metric, const char *key, char *buf,
			  size_t len)
{
	json_t *v = json_object_get(json_object_get(metric, "summary"), key);

	if (!json_is_number(v))
		return "-";
	return units_fmt_duration((uint64_t)json_number_value(v), buf, len);
}

/*
 * "busy/ops" from pin_evidence: how many ops met a busy page, of the
 * measured ops (those n counts) where the result has them apart.
 */
static const char *fmt_pins(json_t *point, char *buf, size_t len)
{
	json_t *ev = json_object_get(point, "pin_evidence");
	json_t *m = json_object_get(ev, "measured");
	json_t *busy;
	long long ops;

	if (!ev)
		return "-";
	if (json_is_object(m))
		ev = m;
	busy = json_object_get(ev, "busy_seen");
	ops = json_integer_value(json_object_get(ev, "ops"));
	if (json_is_integer(busy))
		snprintf(buf, len, "%s%lld/%lld",
			 json_integer_value(busy) ? "" : "!",
			 json_integer_value(busy), ops);
	else
		snprintf(buf, len, "%lld/%lld held",
			 json_integer_value(
				 json_object_get(ev, "held_at_start")),
			 ops);
	return buf;
}

/* "punch_hole thr=2": the point's brief label, "(single)" for none */
static char *point_label(json_t *pt)
{
	char *l = label_point(json_object_get(pt, "params"), NULL, true);

	if (l && !*l) {
		free(l);
		l = strdup("(single)");
	}
	return l;
}

/* The widest label, so that none is clipped. */
static int label_width(json_t *points)
{
	json_t *pt;
	size_t i;
	int w = 5; /* "point" */

	json_array_foreach(points, i, pt)
	{
		char *l = point_label(pt);

		if (l && (int)strlen(l) > w)
			w = (int)strlen(l);
		free(l);
	}
	return w;
}

static void print_point(FILE *f, json_t *pt, int w)
{
	json_t *m = json_object_get(pt, "metrics");
	json_t *calls = json_object_get(m, "busy_scan_calls");
	json_t *mean =
		json_object_get(json_object_get(calls, "summary"), "mean");
	json_t *mv = json_object_get(pt, "mapping_verified");
	char *label = point_label(pt);
	char a[32], b[32], c[32], sc[16] = "-", pins[40];

	/* no op finished (all stalled): no mean, not a zero */
	if (json_is_number(mean))
		snprintf(sc, sizeof(sc), "%.2f", json_number_value(mean));
	fprintf(f, "  %-*s %10s %10s %7s %10s %6zu %9s %6zu %s\n", w,
		label ? label : "?",
		fmt_ns(json_object_get(m, "op_latency"), "p50", a, sizeof(a)),
		fmt_ns(json_object_get(m, "op_latency"), "p99", b, sizeof(b)),
		sc,
		fmt_ns(json_object_get(m, "busy_scan_time"), "p50", c,
		       sizeof(c)),
		json_array_size(json_object_get(pt, "stalls")),
		fmt_pins(pt, pins, sizeof(pins)),
		json_array_size(json_object_get(pt, "errors")),
		json_is_true(mv)  ? "verified" :
		json_is_false(mv) ? "NOT AS ASKED" :
				    "unverified");
	free(label);
}

/*
 * Under the table, each stall's verdict and what showed it:
 * "  odirect op 1: wake missing (pins and mappings gone: ...)".
 */
static void print_diagnoses(FILE *f, json_t *points)
{
	json_t *pt, *st;
	size_t i, k;

	json_array_foreach(points, i, pt)
	{
		char *label = point_label(pt);

		json_array_foreach(json_object_get(pt, "stalls"), k, st)
		{
			const char *d = json_string_value(
				json_object_get(st, "diagnosis"));

			if (!d)
				continue;
			fprintf(f, "  %s %s %lld: %s, ended by %s (%s)\n",
				label ? label : "?",
				json_string_value(json_object_get(st, "during")) ?:
					"op",
				json_integer_value(json_object_get(st, "op")),
				d,
				json_string_value(json_object_get(st, "ended_by")) ?:
					"?",
				json_string_value(json_object_get(st, "diagnosis_why")) ?:
					"");
		}
		free(label);
	}
}

void run_table_print(FILE *f, const char *name, json_t *result)
{
	json_t *points = json_object_get(result, "points"), *pt;
	int w = label_width(points);
	size_t i;

	fprintf(f, "\n%s\n", name);
	fprintf(f, "  %-*s %10s %10s %7s %10s %6s %9s %6s %s\n", w, "point",
		"op p50", "op p99", "scans", "scan p50", "stalls", "pins met",
		"errors", "mapping");
	json_array_foreach(points, i, pt)
	{
		print_point(f, pt, w);
	}
	print_diagnoses(f, points);
}

/*
 * A point's warnings, once each on stderr: a reader of the table must
 * not take a point that measured something else for what it asked.
 */
