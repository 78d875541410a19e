// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a metric's numbers must be, checked on every result read: its
 * samples non-negative integers, an op's below the point's timeout, its
 * histogram one of the log-linear scheme hist.c writes, and its summary
 * the one those samples or buckets give. compare, plot, report and
 * export compute from the samples but print and pool the summaries and
 * buckets, so a sample no run can take, or a summary that disagrees with
 * its data, would come out as a made-up change, CI or stall.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hist.h"
#include "result-int.h"
#include "stats.h"
#include "units.h"

/* The figures of a summary besides n, in file order. */
enum { F_MIN, F_P50, F_P90, F_P99, F_P999, F_MAX, F_MEAN, F_STDDEV, F_N };
static const char *const fig_name[F_N] = { "min",  "p50", "p90",  "p99",
					   "p999", "max", "mean", "stddev" };

struct fig {
	uint64_t n;
	double v[F_N];
};

const char *result_value_text(const json_t *j, char *buf, size_t len)
{
	char *s = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT |
					JSON_REAL_PRECISION(15));

	if (!s)
		snprintf(buf, len, "this value");
	else if (strlen(s) < len)
		snprintf(buf, len, "%s", s);
	else /* a whole object would drown the message */
		snprintf(buf, len, "%.*s...", (int)len - 4, s);
	free(s);
	return buf;
}

static bool is_count(const json_t *j)
{
	return json_is_integer(j) && json_integer_value(j) >= 0;
}

/*
 * How far a figure as written (15 significant digits) may be from the
 * one recomputed here, relative: a percentile is one interpolation
 * between two values and rounds to the same 15 digits, give or take the
 * last; a mean or a standard deviation sums every value, and a program
 * that sums them in another order (a script, numpy) drifts with n, yet
 * stays far within 1e-9 for any n a result holds. No hand edit is that
 * small.
 */
#define FIG_TOL 1e-12
#define SUM_TOL 1e-9

static bool same_figure(int k, double got, double want)
{
	double tol = k == F_MEAN || k == F_STDDEV ? SUM_TOL : FIG_TOL;

	return fabs(got - want) <= tol * fmax(1, fmax(fabs(got), fabs(want)));
}

static int not_count(const struct result_vctx *c, const char *at,
		     const char *what, size_t i, const json_t *j,
		     struct db_err *err)
{
	char t[64];

	return db_err_set(err, -EINVAL,
			  "%s: %s.%s[%zu]: %s is not a non-negative integer",
			  c->file, at, what, i,
			  result_value_text(j, t, sizeof(t)));
}

/*
 * The samples of the metric at @at, whole numbers, in *@v (a malloc'd
 * copy, NULL when there are none; the summary check sorts it): the fast
 * loader's, which holds only such numbers (see scan_take()), or the
 * tree's, each checked here.
 */
static int read_samples(const struct result_vctx *c, const char *at,
			const json_t *arr, double **v, size_t *n,
			struct db_err *err)
{
	const double *d = NULL;
	size_t i, len = json_array_size(arr);
	bool taken = !len && !result_samples_get(c->tab, arr, &d, &len);

	*v = NULL;
	*n = 0;
	if (!len)
		return 0;
	*v = malloc(len * sizeof(**v));
	if (!*v)
		return db_err_set(err, -ENOMEM, "%s: out of memory", c->file);
	for (i = 0; i < len; i++) {
		const json_t *j = taken ? NULL : json_array_get(arr, i);

		if (!taken && !is_count(j)) {
			free(*v);
			*v = NULL;
			return not_count(c, at, "samples", i, j, err);
		}
		(*v)[i] = taken ? d[i] : (double)json_integer_value(j);
	}
	*n = len;
	return 0;
}

/*
 * An op at or beyond the timeout is a stall, which stalls[] records and
 * no sample holds. Results written before that kept a stalled op as an
 * op_latency sample too: such a sample is the waited_ns of one of the
 * point's stalls, each matched once.
 */
static int check_timeout(const struct result_vctx *c, const char *at,
			 const double *v, size_t n, struct db_err *err)
{
	size_t i, k, nst = json_array_size(c->stalls);
	bool *used = NULL;
	char t[32];
	int rc = 0;

	for (i = 0; !rc && i < n; i++) {
		if (v[i] < (double)c->timeout_ns)
			continue;
		if (!used)
			used = calloc(nst + 1, sizeof(*used));
		if (!used)
			return db_err_set(err, -ENOMEM, "%s: out of memory",
					  c->file);
		for (k = 0; k < nst; k++) {
			const json_t *w = json_object_get(
				json_array_get(c->stalls, k), "waited_ns");

			if (!used[k] && is_count(w) &&
			    (double)json_integer_value(w) == v[i])
				break;
		}
		if (k < nst) {
			used[k] = true;
			continue;
		}
		rc = db_err_set(err, -EINVAL,
				"%s: %s.samples[%zu]: %" PRIu64
				" is at or beyond the point's timeout (%s), "
				"and none of its stalls[] waited that long",
				c->file, at, i, (uint64_t)v[i],
				units_fmt_duration(c->timeout_ns, t,
						   sizeof(t)));
	}
	free(used);
	return rc;
}

/*
 * The summary of the metric at @at into @f, its shape checked: every
 * figure there, null when n is 0 (never a made-up 0), else a
 * non-negative number, min and max whole (samples are integers).
 */
static int read_summary(const struct result_vctx *c, const char *at,
			const json_t *m, bool required, struct fig *f,
			struct db_err *err)
{
	const json_t *s = json_object_get(m, "summary"), *j;
	char t[64];
	size_t k;

	memset(f, 0, sizeof(*f));
	if (!s)
		return required ? db_err_set(err, -EINVAL,
					     "%s: %s.summary: missing (a "
					     "metric with samples or a "
					     "histogram has one)",
					     c->file, at) :
				  0;
	j = json_object_get(s, "n");
	if (!j)
		return db_err_set(err, -EINVAL, "%s: %s.summary.n: missing",
				  c->file, at);
	if (!is_count(j))
		return db_err_set(err, -EINVAL,
				  "%s: %s.summary.n: %s is not a non-negative "
				  "integer",
				  c->file, at,
				  result_value_text(j, t, sizeof(t)));
	f->n = (uint64_t)json_integer_value(j);
	for (k = 0; k < F_N; k++) {
		j = json_object_get(s, fig_name[k]);
		if (!j)
			return db_err_set(err, -EINVAL,
					  "%s: %s.summary.%s: missing", c->file,
					  at, fig_name[k]);
		result_value_text(j, t, sizeof(t));
		if (!f->n && !json_is_null(j))
			return db_err_set(err, -EINVAL,
					  "%s: %s.summary.%s: %s, but n is 0: "
					  "a figure of no values is null",
					  c->file, at, fig_name[k], t);
		if (!f->n)
			continue;
		if (!json_is_number(j) || json_number_value(j) < 0)
			return db_err_set(err, -EINVAL,
					  "%s: %s.summary.%s: %s is not a "
					  "non-negative number",
					  c->file, at, fig_name[k], t);
		f->v[k] = json_number_value(j);
		if ((k == F_MIN || k == F_MAX) && f->v[k] != floor(f->v[k]))
			return db_err_set(err, -EINVAL,
					  "%s: %s.summary.%s: %s is not a "
					  "whole number, as every value is",
					  c->file, at, fig_name[k], t);
	}
	return 0;
}

/* summary.@k of @f is @want, exactly or as written (same_figure()). */
static int agree(const struct result_vctx *c, const char *at,
		 const struct fig *f, int k, double want, bool exact,
		 const char *source, struct db_err *err)
{
	if (exact ? f->v[k] == want : same_figure(k, f->v[k], want))
		return 0;
	return db_err_set(err, -EINVAL,
			  "%s: %s.summary.%s: %.15g, but %s give%s %.15g",
			  c->file, at, fig_name[k], f->v[k], source,
			  strcmp(source, "its samples") ? "s" : "", want);
}

/* Every figure of the summary is the one the samples give. */
static int check_sample_summary(const struct result_vctx *c, const char *at,
				const struct fig *f, double *v, size_t n,
				struct db_err *err)
{
	struct summary s;
	double want[F_N];
	int k, rc;

	if (f->n != n)
		return db_err_set(err, -EINVAL,
				  "%s: %s.summary.n: %" PRIu64
				  ", but it has %zu samples",
				  c->file, at, f->n, n);
	if (!n)
		return 0;
	stats_summary_sort(v, n, &s); /* @v is read_samples()' copy */
	want[F_MIN] = s.min;
	want[F_P50] = s.p50;
	want[F_P90] = s.p90;
	want[F_P99] = s.p99;
	want[F_P999] = s.p999;
	want[F_MAX] = s.max;
	want[F_MEAN] = s.mean;
	want[F_STDDEV] = s.stddev;
	for (k = 0, rc = 0; !rc && k < F_N; k++)
		rc = agree(c, at, f, k, want[k], k == F_MIN || k == F_MAX,
			   "its samples", err);
	return rc;
}

/*
 * Without the values, what a summary says of itself: its percentiles in
 * order between min and max, and the mean between them too.
 */
static int check_order(const struct result_vctx *c, const char *at,
		       const struct fig *f, struct db_err *err)
{
	int k;

	if (!f->n)
		return 0;
	for (k = F_P50; k <= F_MAX; k++)
		if (f->v[k] < f->v[k - 1])
			return db_err_set(err, -EINVAL,
					  "%s: %s.summary.%s: %.15g is below "
					  "summary.%s (%.15g)",
					  c->file, at, fig_name[k], f->v[k],
					  fig_name[k - 1], f->v[k - 1]);
	if (f->v[F_MEAN] < f->v[F_MIN] * (1 - SUM_TOL) ||
	    f->v[F_MEAN] > f->v[F_MAX] * (1 + SUM_TOL))
		return db_err_set(err, -EINVAL,
				  "%s: %s.summary.mean: %.15g is not between "
				  "summary.min and summary.max",
				  c->file, at, f->v[F_MEAN]);
	return 0;
}

/* The header of a histogram: the one scheme and width hist.c writes. */
static int check_hist_scheme(const struct result_vctx *c, const char *at,
			     const json_t *h, const json_t **buckets,
			     struct db_err *err)
{
	const json_t *j = json_object_get(h, "scheme");
	char t[64];

	if (!j)
		return db_err_set(err, -EINVAL,
				  "%s: %s.histogram.scheme: missing", c->file,
				  at);
	if (!json_is_string(j) || strcmp(json_string_value(j), "log-linear"))
		return db_err_set(err, -EINVAL,
				  "%s: %s.histogram.scheme: %s is not "
				  "\"log-linear\", the one daxbench reads",
				  c->file, at,
				  result_value_text(j, t, sizeof(t)));
	j = json_object_get(h, "sub_buckets");
	if (!j)
		return db_err_set(err, -EINVAL,
				  "%s: %s.histogram.sub_buckets: missing",
				  c->file, at);
	if (!json_is_integer(j) || json_integer_value(j) != HIST_SUB)
		return db_err_set(err, -EINVAL,
				  "%s: %s.histogram.sub_buckets: %s is not %u, "
				  "the one daxbench reads",
				  c->file, at,
				  result_value_text(j, t, sizeof(t)), HIST_SUB);
	*buckets = json_object_get(h, "buckets");
	if (!*buckets)
		return db_err_set(err, -EINVAL,
				  "%s: %s.histogram.buckets: missing", c->file,
				  at);
	if (!json_is_array(*buckets))
		return db_err_set(err, -EINVAL,
				  "%s: %s.histogram.buckets: %s is not an "
				  "array",
				  c->file, at,
				  result_value_text(*buckets, t, sizeof(t)));
	return 0;
}

/*
 * The buckets into @h: each [low, count] of non-negative integers, low
 * the low end of a log-linear bucket, in rising order, each once. @lo
 * and @hi: the sums of count times the bucket's lowest and highest value.
 */
static int read_buckets(const struct result_vctx *c, const char *at,
			const json_t *b, struct hist *h, long double *lo,
			long double *hi, struct db_err *err)
{
	char t[64], what[64];
	uint64_t low, cnt, prev = 0;
	unsigned int bk;
	size_t i;

	*lo = *hi = 0;
	for (i = 0; i < json_array_size(b); i++) {
		const json_t *e = json_array_get(b, i);

		snprintf(what, sizeof(what), "histogram.buckets[%zu]", i);
		if (json_array_size(e) != 2)
			return db_err_set(err, -EINVAL,
					  "%s: %s.%s: %s is not [low, count]",
					  c->file, at, what,
					  result_value_text(e, t, sizeof(t)));
		if (!is_count(json_array_get(e, 0)))
			return not_count(c, at, what, 0, json_array_get(e, 0),
					 err);
		if (!is_count(json_array_get(e, 1)))
			return not_count(c, at, what, 1, json_array_get(e, 1),
					 err);
		low = (uint64_t)json_integer_value(json_array_get(e, 0));
		cnt = (uint64_t)json_integer_value(json_array_get(e, 1));
		bk = hist_bucket(low);
		if (hist_bucket_low(bk) != low)
			return db_err_set(err, -EINVAL,
					  "%s: %s.%s[0]: %" PRIu64
					  " is not the low end of a log-linear "
					  "bucket (%" PRIu64 " is)",
					  c->file, at, what, low,
					  hist_bucket_low(bk));
		if (i && low <= prev)
			return db_err_set(err, -EINVAL,
					  "%s: %s.%s[0]: %" PRIu64
					  " does not follow %" PRIu64
					  ": the buckets rise, each once",
					  c->file, at, what, low, prev);
		if (cnt > UINT64_MAX - h->n)
			return db_err_set(
				err, -EINVAL,
				"%s: %s.%s[1]: the counts add up past "
				"2^64",
				c->file, at, what);
		prev = low;
		h->count[bk] = cnt;
		h->n += cnt;
		*lo += (long double)low * cnt;
		*hi += (long double)(low + hist_bucket_width(bk) - 1) * cnt;
	}
	return 0;
}

/* The lowest (@last false) or highest non-empty bucket of @h. */
static unsigned int hist_end(const struct hist *h, bool last)
{
	unsigned int b;

	for (b = 0; b < HIST_BUCKETS; b++) {
		unsigned int k = last ? HIST_BUCKETS - 1 - b : b;

		if (h->count[k])
			return k;
	}
	return 0;
}

/* min (@k F_MIN) or max lies in bucket @b. */
static int in_bucket(const struct result_vctx *c, const char *at,
		     const struct fig *f, int k, unsigned int b,
		     struct db_err *err)
{
	uint64_t lo = hist_bucket_low(b), hi = lo + hist_bucket_width(b) - 1;

	if (f->v[k] >= (double)lo && f->v[k] <= (double)hi)
		return 0;
	return db_err_set(err, -EINVAL,
			  "%s: %s.summary.%s: %.15g is not in the histogram's "
			  "%s bucket [%" PRIu64 ", %" PRIu64 "]",
			  c->file, at, fig_name[k], f->v[k],
			  k == F_MIN ? "lowest" : "highest", lo, hi);
}

/*
 * The summary against the buckets: n is their count, min and max lie in
 * the end buckets, each percentile is the one hist_summary() reads from
 * them, and the mean lies between the buckets' low and high ends.
 */
static int check_hist_summary(const struct result_vctx *c, const char *at,
			      const struct fig *f, struct hist *h,
			      long double lo, long double hi,
			      struct db_err *err)
{
	struct summary s;
	int k, rc;

	if (f->n != h->n)
		return db_err_set(err, -EINVAL,
				  "%s: %s.summary.n: %" PRIu64
				  ", but its histogram counts %" PRIu64,
				  c->file, at, f->n, h->n);
	if (!h->n)
		return 0;
	rc = in_bucket(c, at, f, F_MIN, hist_end(h, false), err);
	if (!rc)
		rc = in_bucket(c, at, f, F_MAX, hist_end(h, true), err);
	if (rc)
		return rc;
	h->min = (uint64_t)f->v[F_MIN];
	h->max = (uint64_t)f->v[F_MAX];
	hist_summary(h, &s);
	rc = agree(c, at, f, F_P50, s.p50, false, "its histogram", err);
	if (!rc)
		rc = agree(c, at, f, F_P90, s.p90, false, "its histogram", err);
	if (!rc)
		rc = agree(c, at, f, F_P99, s.p99, false, "its histogram", err);
	if (!rc)
		rc = agree(c, at, f, F_P999, s.p999, false, "its histogram",
			   err);
	if (rc)
		return rc;
	lo /= h->n;
	hi /= h->n;
	k = F_MEAN;
	if (f->v[k] < (double)lo * (1 - SUM_TOL) ||
	    f->v[k] > (double)hi * (1 + SUM_TOL))
		return db_err_set(err, -EINVAL,
				  "%s: %s.summary.mean: %.15g, but its "
				  "histogram holds a mean in [%.15g, %.15g]",
				  c->file, at, f->v[k], (double)lo, (double)hi);
	return check_order(c, at, f, err);
}

static int check_hist(const struct result_vctx *c, const char *at,
		      const json_t *hj, const struct fig *f, struct db_err *err)
{
	const json_t *b = NULL;
	long double lo, hi;
	struct hist *h;
	int rc;

	rc = check_hist_scheme(c, at, hj, &b, err);
	if (rc)
		return rc;
	h = malloc(sizeof(*h));
	if (!h)
		return db_err_set(err, -ENOMEM, "%s: out of memory", c->file);
	hist_init(h);
	rc = read_buckets(c, at, b, h, &lo, &hi, err);
	if (!rc)
		rc = check_hist_summary(c, at, f, h, lo, hi, err);
	free(h);
	return rc;
}

/*
 * The samples first: a bad one is what a summary that disagrees with
 * them comes from, so it is the one to name.
 */
static int check_samples(const struct result_vctx *c, const char *at,
			 const char *name, const json_t *m, struct db_err *err)
{
	struct fig f;
	double *v;
	size_t n;
	int rc;

	rc = read_samples(c, at, json_object_get(m, "samples"), &v, &n, err);
	/* only an op is bounded by the timeout; its scans are parts of it */
	if (!rc && !strcmp(name, "op_latency"))
		rc = check_timeout(c, at, v, n, err);
	if (!rc)
		rc = read_summary(c, at, m, true, &f, err);
	if (!rc)
		rc = check_sample_summary(c, at, &f, v, n, err);
	free(v);
	return rc;
}

int result_check_values(const struct result_vctx *c, const char *at,
			const char *name, const json_t *m, struct db_err *err)
{
	const json_t *hist = json_object_get(m, "histogram");
	const json_t *value = json_object_get(m, "value");
	bool samples = json_object_get(m, "samples");
	struct fig f;
	char t[64];
	int rc;

	if (samples && hist)
		return db_err_set(err, -EINVAL,
				  "%s: %s: has both samples and a histogram; "
				  "a metric keeps one",
				  c->file, at);
	if (value && json_number_value(value) < 0)
		return db_err_set(err, -EINVAL, "%s: %s.value: %s is negative",
				  c->file, at,
				  result_value_text(value, t, sizeof(t)));
	if (samples)
		return check_samples(c, at, name, m, err);
	rc = read_summary(c, at, m, hist, &f, err);
	if (!rc && hist)
		rc = check_hist(c, at, hist, &f, err);
	else if (!rc)
		rc = check_order(c, at, &f, err);
	return rc;
}
