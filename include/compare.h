/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Comparing a baseline result with a new one: results matched by
 * scenario name, points by their params, each metric compared with
 * medians and percentiles, a bootstrap CI of the ratio of medians and a
 * Mann-Whitney U test, scan-cost sweeps compared as fitted lines, and the
 * lot printed as text, Markdown, 72-column email text or JSON. The
 * module never prints on its own: formatters write to the FILE * they are
 * given, errors go into a struct db_err.
 */
#ifndef DAXBENCH_COMPARE_H
#define DAXBENCH_COMPARE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "err.h"
#include "stats2.h"

#define COMPARE_THRESHOLD 0.05 /* 5%: smaller shifts are not reported */
#define COMPARE_ALPHA 0.01 /* false alarms cost more than misses */
#define COMPARE_EMAIL_COLS 72

enum compare_dir {
	COMPARE_LOWER_BETTER, /* latencies, counts: regress upward */
	COMPARE_HIGHER_BETTER, /* rates: regress downward */
	COMPARE_DIR_UNKNOWN,
};

enum compare_verdict {
	COMPARE_UNCHANGED,
	COMPARE_REGRESSION,
	COMPARE_IMPROVEMENT,
	COMPARE_UNTESTED, /* figures shown, no test possible */
	COMPARE_NOT_COMPARABLE, /* unmeasured or absent on a side */
};

enum compare_format {
	COMPARE_TEXT,
	COMPARE_MARKDOWN,
	COMPARE_EMAIL,
	COMPARE_JSON,
};

struct compare_opts {
	double threshold; /* a fraction: 0.05 for 5% */
	double alpha;
	const char *const *metrics; /* NULL: every metric */
	size_t nmetrics;
	bool force; /* compare what would be refused, warn */
};

struct compare_side {
	size_t n;
	double p50, p90, p99; /* NaN where the side has no such figure */
};

struct compare_row {
	char *point; /* "file.mapping=pmd file.size=2MiB" */
	json_t *params;
	char *metric;
	char *unit;
	enum compare_dir dir;
	struct compare_side base, new_;
	double ratio, ci_lo, ci_hi; /* NaN: none */
	double p; /* NaN: no test */
	const char *test; /* "mwu-exact", "mwu-normal" or NULL */
	enum compare_verdict verdict;
	char *note; /* why untested or not comparable */
};

struct compare_curve {
	char *group; /* the params other than file.size */
	char *metric;
	bool have_base, have_new;
	struct stats2_fit base, new_;
	double slope_ratio; /* NaN unless both fits exist */
	bool disjoint; /* the two slope CIs do not overlap */
};

struct compare_scenario {
	char *name;
	char *base_path, *new_path;
	json_t *base, *new_;
	char **warnings; /* printed on every table of this scenario */
	size_t nwarnings;
	char **only_base, **only_new; /* point labels */
	size_t nonly_base, nonly_new;
	struct compare_row *rows;
	size_t nrows;
	struct compare_curve *curves;
	size_t ncurves;
};

struct compare_report {
	struct compare_opts opts;
	char *base_label, *new_label; /* kernels, for headers */
	struct compare_scenario *scn;
	size_t nscn;
	char **only_base, **only_new; /* "name (path)" of unmatched results */
	size_t nonly_base, nonly_new;
	size_t regressions, improvements;
};

/**
 * compare_metric_dir() - which way @metric regresses. The one table that
 * says so lives in compare.c; unknown metrics are COMPARE_DIR_UNKNOWN and
 * are shown but never given a verdict.
 */
enum compare_dir compare_metric_dir(const char *metric);

/** compare_metric_known() - @metric is in the direction table. */
bool compare_metric_known(const char *metric);

/** compare_metric_names() - "op_latency, busy_scan_calls, ..." (static). */
const char *compare_metric_names(void);

/**
 * compare_load_side() - load @path, a result file or a directory of
 * them (every *.json in it, not recursive), with result_load().
 * @results/@paths: new arrays (json references, malloc'd strings) of
 * @n entries; free with compare_free_side().
 */
int compare_load_side(const char *path, json_t ***results, char ***paths,
		      size_t *n, struct db_err *err);
void compare_free_side(json_t **results, char **paths, size_t n);

/**
 * compare_run() - compare BASE results with NEW ones. Two single files
 * are compared whatever their names (refused if the scenarios differ);
 * otherwise results are matched by scenario name and a name present on
 * one side only is listed in the report. Results of different scenario
 * names, schemas or target kinds (target.dax, VM or not, VM accel) are
 * refused with -EINVAL and the reason in @err unless @opts->force, which
 * compares them and adds a warning to that scenario.
 * Return: 0, -EINVAL (refused, nothing in common, bad input), -ENOMEM.
 */
int compare_run(json_t *const *base, char *const *base_paths, size_t nbase,
		json_t *const *new_, char *const *new_paths, size_t nnew,
		const struct compare_opts *opts, struct compare_report *rep,
		struct db_err *err);

struct compare_input {
	json_t **base, **new_;
	char **base_paths, **new_paths;
	size_t nbase, nnew;
};

/**
 * compare_paths() - compare_load_side() both paths into @in, then
 * compare_run(). On failure @in is freed already; on success free it
 * with compare_input_free() after the report (which references it).
 */
int compare_paths(const char *base, const char *new_,
		  const struct compare_opts *opts, struct compare_input *in,
		  struct compare_report *rep, struct db_err *err);
void compare_input_free(struct compare_input *in);

/**
 * compare_parse_threshold() - "5", "5%" or "0.5" percent to a fraction
 * in [0, 1000%). compare_parse_alpha() - a level in (0, 1).
 * Return: 0 or -EINVAL.
 */
int compare_parse_threshold(const char *s, double *frac);
int compare_parse_alpha(const char *s, double *alpha);

/** compare_print() - write @rep to @f in @fmt. 0 or -EIO. */
int compare_print(const struct compare_report *rep, enum compare_format fmt,
		  FILE *f);

/** compare_free() - free everything compare_run() allocated. */
void compare_free(struct compare_report *rep);

/** compare_verdict_name() - "regression", "improvement", ... */
const char *compare_verdict_name(enum compare_verdict v);

/* Helpers shared with plot and report. */

/**
 * compare_point_label() - "file.mapping=pmd file.size=2MiB" from a
 * point's params, sizes and durations written for people; "(single
 * point)" for empty params. malloc'd, NULL on allocation failure.
 */
char *compare_point_label(const json_t *params, const char *skip_key);

/**
 * compare_kernel_label() - "6.12.0 (bare metal)" or "6.12.0 (VM, kvm)"
 * for a result's host. malloc'd.
 */
char *compare_kernel_label(const json_t *result);

/**
 * compare_metric_values() - the samples of @metric in @point, as sorted
 * doubles (malloc'd; *v NULL when n is 0). -ENOENT when the metric has
 * no "samples" array.
 */
int compare_metric_values(const json_t *point, const char *metric, double **v,
			  size_t *n);

/** compare_strv_add() - append @s (taken over; NULL: -ENOMEM) to a list. */
int compare_strv_add(char ***v, size_t *n, char *s);
void compare_strv_free(char **v, size_t n);

/** compare_printf() - a malloc'd formatted string, NULL on failure. */
char *compare_printf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/** compare_scenario_name() - result.scenario.name, or "?" */
const char *compare_scenario_name(const json_t *result);

#endif
