// SPDX-License-Identifier: GPL-2.0-only
/*
 * The bounded recorder of a metric (see recorder.h). Past the cap the
 * samples so far are folded into a histogram and dropped; from then on
 * percentiles come from buckets of 1/128 of a power of two, within 0.4%
 * of a real sample, while n, min, max and mean stay exact.
 */
#include <errno.h>
#include <stdlib.h>

#include "recorder.h"
#include "result.h"

void record_init(struct record *r, size_t cap)
{
	r->s.v = NULL;
	r->s.n = r->s.cap = 0;
	r->h = NULL;
	r->cap = cap ? cap : RECORD_DEFAULT_CAP;
}

int record_add(struct record *r, uint64_t v)
{
	size_t i;

	if (r->h) {
		hist_add(r->h, v);
		return 0;
	}
	if (r->s.n < r->cap)
		return samples_add(&r->s, v);
	r->h = malloc(sizeof(*r->h));
	if (!r->h)
		return -ENOMEM;
	hist_init(r->h);
	for (i = 0; i < r->s.n; i++)
		hist_add(r->h, r->s.v[i]);
	samples_free(&r->s);
	hist_add(r->h, v);
	return 0;
}

size_t record_n(const struct record *r)
{
	return r->h ? (size_t)r->h->n : r->s.n;
}

json_t *record_metric(const struct record *r, const char *unit)
{
	struct summary sum;
	json_t *m;

	if (!r->h) {
		m = result_metric(unit, r->s.v, r->s.n);
		if (m)
			json_object_set_new(m, "recorded_as",
					    json_string("samples"));
		return m;
	}
	hist_summary(r->h, &sum);
	return json_pack("{s:s,s:o,s:o,s:s}", "unit", unit, "histogram",
			 hist_to_json(r->h), "summary",
			 result_summary_json(&sum), "recorded_as", "histogram");
}

void record_free(struct record *r)
{
	samples_free(&r->s);
	free(r->h);
	r->h = NULL;
}
