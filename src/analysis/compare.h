/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Comparing a baseline result with a new one: results matched by
 * scenario name (several results of a scenario on a side are repeated
 * runs, pooled by run), points by their params, each metric compared
 * with medians and percentiles, a bootstrap CI of the ratio of medians
 * and a test that respects runs, scan-cost sweeps compared as fitted
 * lines, and the
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

#include "diagnose.h"
#include "err.h"
#include "twosample-fit.h"

#define COMPARE_THRESHOLD 0.05 /* 5%: smaller shifts are not reported */
#define COMPARE_ALPHA 0.01 /* false alarms cost more than misses */
#define COMPARE_EMAIL_COLS 72
#define COMPARE_TEXT_COLS 100 /* the text layout's width */
/*
 * Between-run noise assumed when a side has one run and cannot show it:
 * the standard deviation of log(run median), 2%, what a quiet bare-metal
 * machine gives. Shared or virtualised hosts are far noisier; repeated
 * runs measure it (compare prints it) and --run-noise sets it.
 */
#define COMPARE_RUN_NOISE 0.02

enum compare_dir {
	COMPARE_LOWER_BETTER, /* latencies, counts: regress upward */
	COMPARE_HIGHER_BETTER, /* rates: regress downward */
	COMPARE_DIR_UNKNOWN,
};

enum compare_verdict {
	COMPARE_UNCHANGED, /* the whole CI within 1 +/- threshold */
	COMPARE_REGRESSION,
	COMPARE_IMPROVEMENT,
	COMPARE_UNTESTED, /* figures shown, no test possible */
	COMPARE_NOT_COMPARABLE, /* unmeasured or absent on a side */
	COMPARE_STALL, /* new stalls where base did not: a regression */
	COMPARE_STALL_BOTH, /* both sides stall at the point */
	COMPARE_INCONCLUSIVE, /* neither a change nor shown unchanged */
	/* no split of the runs could reach alpha; the last (compare-json.c) */
	COMPARE_TOO_FEW_RUNS,
};

/* The metric name of a point's stall row. */
#define COMPARE_STALL_METRIC "stalls"

/*
 * The stalled ops of one point on one side, over every run of it. A
 * stall is an op that outlived the scenario's timeout: a stall record,
 * or (results written before stalls left op_latency) an op_latency
 * sample >= timeout without one. Either way it is censored: counted
 * here, never a latency.
 */
struct compare_stalls {
	size_t runs; /* runs that have the point */
	size_t runs_stalled; /* of them, runs with a stalled op */
	size_t stalls; /* stalled ops */
	size_t ops; /* ops attempted (or measured, in older results) */
	size_t censored; /* op_latency samples >= timeout dropped */
	size_t hung; /* stalls that never ended (ended_by "hung") */
	/* stall records by diagnosis (diagnose_verdicts), and without one */
	size_t diag[DIAGNOSE_NVERDICTS], undiagnosed;
	double timeout_ns; /* the scenario's timeout; NaN if absent */
};

enum compare_format {
	COMPARE_TEXT,
	COMPARE_MARKDOWN,
	COMPARE_EMAIL,
	COMPARE_JSON,
	COMPARE_SUMMARY, /* compare_print_summary() under its kernels */
};

struct compare_opts {
	double threshold; /* a fraction: 0.05 for 5% */
	double alpha;
	const char *const *metrics; /* NULL: every metric */
	size_t nmetrics;
	bool force; /* compare what would be refused, warn */
	double run_noise; /* assumed between-run sd of log medians, 1 run */
	/*
	 * Print only the changes (compare_row_shown()) and the notes; the
	 * verdicts, summary and exit status are those of every row.
	 */
	bool changes_only;
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
	/* the smallest p the test could give ("perm-runs"); NaN: no floor */
	double p_floor;
	/* "mwu-exact", "mwu-normal", "t-runs", "perm-runs" or NULL */
	const char *test;
	size_t runs_base, runs_new; /* runs with samples of this metric */
	size_t df; /* of the t test over runs; 0 for mwu */
	/*
	 * Between-run noise, sd of log(run median): measured from the runs
	 * ("t-runs"), or with one run per side the larger of --run-noise and
	 * the drift seen within the runs, by which the CI was widened.
	 */
	double run_noise;
	bool run_noise_measured;
	enum compare_verdict verdict;
	char *note; /* why untested or not comparable */
	/* samples >= timeout dropped from this metric, per side */
	size_t censored_base, censored_new;
	/* the stall row (metric COMPARE_STALL_METRIC) only */
	struct compare_stalls stalls_base, stalls_new;
};

struct compare_curve {
	char *group; /* the params other than file.size */
	char *metric;
	bool have_base, have_new;
	struct twosample_fit base, new_;
	double slope_ratio; /* NaN unless both fits exist */
	bool disjoint; /* the two slope CIs do not overlap */
	/* no ratio (slope_ratio NaN): the base slope's CI reaches 0 */
	bool undefined;
	/* bootstrap 95% CI and p of slope_ratio (NaN: none), as a metric */
	double ci_lo, ci_hi, p;
	enum compare_verdict verdict;
};

struct compare_scenario {
	char *name;
	char *base_path, *new_path; /* of the newest run */
	json_t *base, *new_; /* the newest run of each side */
	/* every run, oldest first ("started"); references, paths copied */
	json_t **base_runs, **new_runs;
	char **base_paths, **new_paths;
	size_t nbase_runs, nnew_runs;
	char **warnings; /* printed on every table of this scenario */
	size_t nwarnings;
	char **only_base, **only_new; /* point labels */
	size_t nonly_base, nonly_new;
	struct compare_row *rows;
	size_t nrows;
	struct compare_curve *curves;
	size_t ncurves;
	/* points with a stalled op on each side; samples censored */
	size_t stall_points_base, stall_points_new, censored;
	/* "base, POINT: warning" of the points whose verdict matters */
	char **point_warnings;
	size_t npoint_warnings;
};

struct compare_report {
	struct compare_opts opts;
	char *base_label, *new_label; /* kernels, for headers */
	struct compare_scenario *scn;
	size_t nscn;
	char **only_base, **only_new; /* "name (path)" of unmatched results */
	size_t nonly_base, nonly_new;
	size_t regressions, improvements; /* regressions count STALLs */
	size_t stall_regressions; /* points that stall on new only */
	size_t stall_points_base, stall_points_new; /* over scenarios */
	size_t stall_ops_base, stall_ops_new; /* stalled ops, over points */
	size_t censored; /* op samples >= timeout dropped, both sides */
	/*
	 * The prefix of the Markdown ids of the scenarios, "scn" when NULL;
	 * set by the caller (not freed) when one document holds several
	 * reports, whose ids must not collide.
	 */
	const char *anchor;
};

/**
 * compare_metric_dir() - which way @metric regresses. The one table that
 * says so lives in compare-label.c; unknown metrics are
 * COMPARE_DIR_UNKNOWN and are shown but never given a verdict.
 */
enum compare_dir compare_metric_dir(const char *metric);

/** compare_metric_known() - @metric is in the direction table. */
bool compare_metric_known(const char *metric);

/**
 * compare_diag_str() - "@lead2 wake missing, 1 never idle": the stall
 * records of @st by diagnosis; "" when none has one.
 */
void compare_diag_str(const struct compare_stalls *st, const char *lead,
		      char *buf, size_t len);

/** compare_metric_names() - "op_latency, busy_scan_calls, ..." (static). */
const char *compare_metric_names(void);

/**
 * compare_load_side() - load @path, a result file or a directory of
 * them (every *.json in it, not recursive), with result_load_fast().
 * @results/@paths: new arrays (json references, malloc'd strings) of
 * @n entries; free with compare_free_side(). The "samples" arrays of
 * the trees may be empty: their values are kept beside them until
 * compare_free_side(), so read them with compare_metric_values() and
 * do not keep a tree past that.
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

/* getopt_long() entries of the options compare and report share. */
/* clang-format off */
#define COMPARE_LONG_OPTS                                       \
	{ "threshold", required_argument, NULL, 't' },          \
	{ "alpha", required_argument, NULL, 'a' },              \
	{ "force", no_argument, NULL, 'F' },                    \
	{ "run-noise", required_argument, NULL, 'N' }
/* clang-format on */

/**
 * compare_parse_opt() - apply getopt's @c / @arg to @o when it is one of
 * COMPARE_LONG_OPTS.
 * Return: 1 when applied, 0 when @c is not a compare option, -EINVAL
 * with a message (static or in @why, @len) for a bad value.
 */
int compare_parse_opt(int c, const char *arg, struct compare_opts *o, char *why,
		      size_t len);

/** compare_opts_init() - the defaults: 5%, 0.01, --run-noise 2%. */
void compare_opts_init(struct compare_opts *o);

/** compare_print() - write @rep to @f in @fmt. 0 or -EIO. */
int compare_print(const struct compare_report *rep, enum compare_format fmt,
		  FILE *f);

/* The verdicts of one scenario that a summary counts. */
struct compare_tally {
	size_t regressions, improvements; /* regressions count STALLs */
	size_t stall_regressions; /* points that stall on new only */
};

/**
 * compare_scenario_tally() - count the regressions and improvements of
 * @s's rows and curves the way compare_run() counts those of a report.
 */
void compare_scenario_tally(const struct compare_scenario *s,
			    struct compare_tally *t);

/** compare_free() - free everything compare_run() allocated. */
void compare_free(struct compare_report *rep);

/* One baseline against several new sides: a report per pair. */
struct compare_multi_side {
	const char *path; /* as given */
	json_t **res;
	char **paths;
	size_t n;
	struct compare_report rep; /* the base against this side */
	char id[32]; /* "pair-N", N from 1: the pair's id in a document */
	char anchor[48]; /* "pair-N-scn": rep.anchor with several sides */
};

/* A cell of the summary: one scenario on one side. */
struct compare_multi_cell {
	bool run; /* the side has a result of the scenario */
	size_t stalls, ops; /* stalled of attempted, every run and point */
	struct compare_tally tally; /* a new side's pair, in the scenario */
};

struct compare_multi {
	const char *base_path; /* as given */
	json_t **base;
	char **base_paths;
	size_t nbase;
	struct compare_multi_side *side;
	size_t nsides;
	char **scenarios; /* the base's, in compare_run()'s order */
	size_t nscn;
	/* [scenario * (nsides + 1) + column]: column 0 the base, then sides */
	struct compare_multi_cell *cell;
};

/**
 * compare_multi_paths() - load @base once and compare it with each of
 * the @nnew paths @news as compare_paths() compares two, then fill the
 * summary of @m. With several sides each report's scenario ids are
 * prefixed by its side's id, and an error names the side's path.
 * Return: 0, or compare_paths()'s errors with @m freed already.
 */
int compare_multi_paths(const char *base, char *const *news, size_t nnew,
			const struct compare_opts *opts,
			struct compare_multi *m, struct db_err *err);

/** compare_multi_regressed() - a pair has a regression (or a STALL). */
bool compare_multi_regressed(const struct compare_multi *m);

/**
 * compare_multi_print() - write the summary table of kernels ×
 * scenarios in @fmt, COMPARE_MARKDOWN or COMPARE_EMAIL (-EINVAL for the
 * others). The Markdown links each side's column to the id side.id and
 * its cells to the pair's scenario tables: the caller writes both.
 * Return: 0, -EIO.
 */
int compare_multi_print(const struct compare_multi *m, enum compare_format fmt,
			FILE *f);
void compare_multi_free(struct compare_multi *m);

/* One finding: a stall row, a changed slope with its parts, or a change. */
#define COMPARE_MAX_FOLD 4
struct compare_finding {
	int rank; /* 0 stalls, 1 slopes, 2 changes */
	double size; /* |log new/base|, to order the changes */
	size_t seq; /* the order compare found it in, for ties */
	const struct compare_scenario *s;
	/* the rows it tells, r[0] shown, the others the same value */
	const struct compare_row *r[COMPARE_MAX_FOLD];
	size_t nr;
	const struct compare_curve *c[3]; /* the slope, then its parts */
	size_t nc;
	unsigned int regr, impr; /* the verdicts it carries */
	/*
	 * A slope's: the busy-scan changes at single sizes it tells (their
	 * findings folded into it), and the largest of them
	 */
	size_t nfold;
	const struct compare_row *largest;
	double largest_size;
};

/**
 * compare_findings() - every verdict of @rep that the headline counts,
 * and every stall, as findings (compare-findings.c), ordered: stalls,
 * slopes, then changes by size. Busy-scan changes at one size that a
 * changed slope of the same sweep explains are folded into it; *@v
 * malloc'd.
 * Return: 0 or -ENOMEM.
 */
int compare_findings(const struct compare_report *rep,
		     struct compare_finding **v, size_t *n);

/** compare_finding_verdict() - the verdict finding @it shows. */
enum compare_verdict compare_finding_verdict(const struct compare_finding *it);

/**
 * compare_print_summary() - the findings of @rep under a line of counts
 * headed @name, in 72 columns of plain text (compare-summary.c).
 */
int compare_print_summary(const struct compare_report *rep, const char *name,
			  FILE *f);
/**
 * compare_multi_summary() - report's summary.txt: every side's kernel,
 * the rule, and compare_print_summary() of each pair.
 */
int compare_multi_summary(const struct compare_multi *m, FILE *f);
/* The rule a verdict follows, and with it the kernels of both sides. */
void compare_summary_rule(const struct compare_opts *o, FILE *f);
void compare_summary_head(const struct compare_report *rep, FILE *f);

/**
 * compare_curve_ratio() - "1.201 [1.150, 1.252] p=0.0010 *regression*",
 * a curve's slope ratio with CI, p and verdict (significant ones between
 * @mark; none at all for a NULL @mark), or "undefined (...)", into @buf.
 */
char *compare_curve_ratio(const struct compare_curve *c, const char *mark,
			  char *buf, size_t len);

/** compare_verdict_changed() - a regression or an improvement. */
bool compare_verdict_changed(enum compare_verdict v);

/** compare_fmt_ci() - "[1.150, 1.252]", or "-" for no CI, into @buf. */
char *compare_fmt_ci(double lo, double hi, char *buf, size_t len);

/** compare_verdict_name() - "regression", "improvement", ... */
const char *compare_verdict_name(enum compare_verdict v);

/* Helpers shared with plot and report. */

/**
 * compare_curve_slope() - the line compare fits to @metric over the
 * xarray entries, in the points of @group (a compare_point_label() with
 * file.size skipped) of @nruns runs, each run's medians a point of the
 * fit; in @buf its slope as compare prints it ("6.91us [2.66us,
 * 11.16us]  R2 0.725"). Plot draws this same line.
 * Return: 0; -ENODATA when there is no fit (@buf says why); -ENOMEM.
 */
int compare_curve_slope(json_t *const *runs, size_t nruns, const char *group,
			const char *metric, struct twosample_fit *fit,
			char *buf, size_t len);

/**
 * compare_point_label() - "file.mapping=pmd file.size=2MiB" from a
 * point's params, sizes and durations written for people; "(single
 * point)" for empty params. malloc'd, NULL on allocation failure.
 */
char *compare_point_label(const json_t *params, const char *skip_key);

/**
 * compare_kernel_label() - "6.12.0 (bare metal)", "6.18.4 (VM: KVM)" or
 * "6.12.0 (VM tcg, kernel PKG)" (a daxbench vm guest) for a result's
 * host. malloc'd.
 */
char *compare_kernel_label(const json_t *result);

/**
 * compare_kbuild_label() - what a kernel built by 'daxbench vm
 * --kernel-source' was made of (host.vm.kernel_build): "build KEY of
 * linux-source-6.1 6.1.192-3; fix.patch sha256 0123456789ab; config
 * sha256 ...; gcc ...", malloc'd; NULL for a kernel not built so.
 */
char *compare_kbuild_label(const json_t *result);

/**
 * compare_machine_label() - for a host that is not a daxbench vm guest:
 * "bare metal", "VM: KVM", or "machine not recorded" (older results).
 */
const char *compare_machine_label(const json_t *host);

/**
 * compare_metric_values() - the samples of @metric in @point, as sorted
 * doubles (malloc'd; *v NULL when n is 0). -ENOENT when the metric has
 * no "samples" array.
 */
int compare_metric_values(const json_t *point, const char *metric, double **v,
			  size_t *n);

/** compare_timeout_ns() - @result's scenario.timeout in ns; NaN: none. */
double compare_timeout_ns(const json_t *result);

/**
 * compare_metric_values_censored() - compare_metric_values() without
 * the stalled ops of older results: op_latency samples >= @timeout_ns
 * (NaN: keep all) are left out, and so is the same op's sample of any
 * other metric that holds one sample per op. @dropped (may be NULL):
 * how many were left out.
 */
int compare_metric_values_censored(const json_t *point, const char *metric,
				   double timeout_ns, double **v, size_t *n,
				   size_t *dropped);

/**
 * compare_values_op_view() - the same samples in op order, unsorted,
 * with no copy where no op is censored: *@v a view of the loader's
 * table (do not keep it past the results), or *@owned (free it).
 */
int compare_values_op_view(const json_t *point, const char *metric,
			   double timeout, const double **v, size_t *n,
			   double **owned);

/**
 * compare_count_stalls() - the stalled ops of one point over @n runs:
 * @pts[k] is the point in result @runs[k] (NULL where that run lacks
 * it). A stall record counts; so does an op_latency sample >= the run's
 * scenario.timeout, unless a record's waited_ns equals it (results
 * written before stalled ops left op_latency hold both).
 * Return: 0 or -ENOMEM.
 */
int compare_count_stalls(const json_t *const *pts, json_t *const *runs,
			 size_t n, struct compare_stalls *st);

/**
 * compare_anchor() - "@prefix-NAME" with NAME's characters outside
 * [a-z0-9] as '-', lower case: an HTML id that every Markdown renderer
 * keeps, for report's links into compare's Markdown. malloc'd.
 */
char *compare_anchor(const char *prefix, const char *name);

/**
 * compare_scenario_anchor() - the id of scenario @name's table in
 * @rep's Markdown: compare_anchor() of @rep->anchor or "scn". malloc'd.
 */
char *compare_scenario_anchor(const struct compare_report *rep,
			      const char *name);

/**
 * compare_email_wrap() - write @text (made ASCII in place) word-wrapped
 * to COMPARE_EMAIL_COLS, the first line after @first, the others after
 * @rest: the email format's layout, for text printed beside it.
 */
void compare_email_wrap(FILE *f, const char *first, const char *rest,
			char *text);

/** compare_strv_add() - append @s (taken over; NULL: -ENOMEM) to a list. */
int compare_strv_add(char ***v, size_t *n, char *s);
void compare_strv_free(char **v, size_t n);
/** compare_strv_has() - @v (@n strings) holds @s. */
bool compare_strv_has(char *const *v, size_t n, const char *s);

/** compare_scenario_name() - result.scenario.name, or "?" */
const char *compare_scenario_name(const json_t *result);

/**
 * compare_print_md_rule() - the rule that compare's Markdown opens
 * with, as a list, without its heading.
 */
void compare_print_md_rule(const struct compare_report *rep, FILE *f);

/**
 * compare_print_md_scenario() - scenario @s of @rep in compare's
 * Markdown alone (its id, files, table, notes and curves) under a
 * heading of @level '#'s (1-6): report sets a scenario's figures after
 * its table and keeps one H1 in its document.
 */
void compare_print_md_scenario(const struct compare_report *rep,
			       const struct compare_scenario *s, int level,
			       FILE *f);

/**
 * compare_cmdline_words() - the command line of result @r
 * (invocation.argv), each argument quoted for a POSIX shell where it
 * needs it, into a new list @words of @n (compare_strv_free() it).
 * Return: 0, -ENOENT (not recorded: a result older than the field),
 * -ENOMEM.
 */
int compare_cmdline_words(const json_t *r, char ***words, size_t *n);

#endif
