// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stalls in a comparison: the stalled ops of a point over a side's
 * runs, and the verdict of a point's stall row. A stall is an outcome,
 * never a latency: a rule decides it, not a test.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compare-int.h"
#include "units.h"

/* A stall record's diagnosis; results before it had none. */
static void count_diagnosis(struct compare_stalls *st, const json_t *rec)
{
	const char *d = json_string_value(json_object_get(rec, "diagnosis"));
	size_t i;

	for (i = 0; d && i < DIAGNOSE_NVERDICTS; i++)
		if (!strcmp(d, diagnose_verdicts[i])) {
			st->diag[i]++;
			return;
		}
	st->undiagnosed++;
}

/*
 * The stalled ops of a point, over a side's runs (@pts[k] the point in
 * run @runs[k], NULL where that run lacks it). A stall record is
 * authoritative; an op_latency sample >= the timeout is the same op
 * when it equals a record's waited_ns (older results kept both), and a
 * stalled op of its own when no record matches it.
 */
int compare_count_stalls(const json_t *const *pts, json_t *const *runs,
			 size_t n, struct compare_stalls *st)
{
	const json_t *recs, *e, *att;
	const double *lat;
	double *owned, tmo;
	size_t i, k, j, nl, nrec, matched, cens;
	bool *used;
	int rc;

	memset(st, 0, sizeof(*st));
	st->timeout_ns = NAN;
	for (i = 0; i < n; i++) {
		if (!pts[i])
			continue;
		tmo = compare_timeout_ns(runs[i]);
		if (!isnan(tmo))
			st->timeout_ns = tmo; /* the newest run's */
		recs = json_object_get(pts[i], "stalls");
		nrec = json_array_size(recs);
		rc = compare_values_view(pts[i], "op_latency", &lat, &nl,
					 &owned);
		if (rc == -ENOMEM)
			return rc;
		if (rc)
			nl = 0;
		used = calloc(nrec + 1, sizeof(*used));
		if (!used) {
			free(owned);
			return -ENOMEM;
		}
		matched = cens = 0;
		for (k = 0; !isnan(tmo) && k < nl; k++) {
			if (lat[k] < tmo)
				continue;
			cens++;
			json_array_foreach(recs, j, e)
			{
				if (used[j] ||
				    compare_num_or_nan(json_object_get(
					    e, "waited_ns")) != lat[k])
					continue;
				used[j] = true;
				matched++;
				break;
			}
		}
		json_array_foreach(recs, j, e)
		{
			st->hung += !strcmp(
				json_string_value(json_object_get(e, "ended_by")) ?:
					"",
				"hung");
			count_diagnosis(st, e);
		}
		free(used);
		free(owned);
		att = json_object_get(pts[i], "ops_attempted");
		st->runs++;
		st->censored += cens;
		st->stalls += nrec + cens - matched;
		st->runs_stalled += nrec + cens - matched > 0;
		st->ops += json_is_integer(att) ?
				   (size_t)json_integer_value(att) :
				   nl + nrec - matched;
	}
	return 0;
}

void compare_diag_str(const struct compare_stalls *st, const char *lead,
		      char *buf, size_t len)
{
	size_t i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < DIAGNOSE_NVERDICTS && off < len; i++)
		if (st->diag[i])
			off += (size_t)snprintf(buf + off, len - off,
						"%s%zu %s", off ? ", " : lead,
						st->diag[i],
						diagnose_verdicts[i]);
}

/*
 * "2 of 6 ops (2 of 2 runs; 2 wake missing)" or "none of 40 ops (2
 * runs)"
 */
static char *stalls_str(const struct compare_stalls *st)
{
	char hung[64] = "", diag[160];

	if (st->hung)
		snprintf(hung, sizeof(hung), ", %zu never ended", st->hung);
	compare_diag_str(st, "; ", diag, sizeof(diag));
	if (!st->stalls)
		return db_asprintf("none of %zu ops (%zu run%s)", st->ops,
				   st->runs, st->runs == 1 ? "" : "s");
	return db_asprintf("%zu of %zu ops (%zu of %zu run%s%s%s)", st->stalls,
			   st->ops, st->runs_stalled, st->runs,
			   st->runs == 1 ? "" : "s", hung, diag);
}

/*
 * The stall row of a point, when either side stalled: new stalling
 * where base did not is a regression whatever the latencies of the
 * other ops say, and the reverse an improvement.
 */
int compare_stall_verdict(struct compare_row *r)
{
	const struct compare_stalls *b = &r->stalls_base, *n = &r->stalls_new;
	double tmo = !isnan(n->timeout_ns) ? n->timeout_ns : b->timeout_ns;
	char *bs = stalls_str(b), *ns = stalls_str(n), t[32] = "?";

	if (!isnan(tmo))
		units_fmt_duration((uint64_t)tmo, t, sizeof(t));
	if (n->stalls && !b->stalls)
		r->verdict = COMPARE_STALL;
	else if (b->stalls && !n->stalls)
		r->verdict = COMPARE_IMPROVEMENT;
	else
		r->verdict = COMPARE_STALL_BOTH;
	r->base.n = b->ops;
	r->new_.n = n->ops;
	r->runs_base = b->runs;
	r->runs_new = n->runs;
	r->censored_base = b->censored;
	r->censored_new = n->censored;
	r->note = bs && ns ? db_asprintf("stalled ops (outlived the %s "
					 "timeout; censored, not latencies): "
					 "base %s, new %s",
					 t, bs, ns) :
			     NULL;
	free(bs);
	free(ns);
	return r->note ? 0 : -ENOMEM;
}
