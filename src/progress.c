// SPDX-License-Identifier: GPL-2.0-only
/*
 * The progress of a run on the user's terminal (see progress.h).
 */
#include <stdio.h>

#include "engine.h"
#include "progress.h"

void show_progress(void *arg, unsigned int done, unsigned int total)
{
	struct progress *p = arg;
	uint64_t now = engine_now_ns(), eta;
	double frac;

	if (p->quiet || !p->tty)
		return;
	if (done != total && now - p->last < 200000000ULL)
		return; /* 5 updates a second are plenty */
	p->last = now;
	frac = ((double)p->point + (double)done / total) / (double)p->npoints;
	eta = frac > 0 ?
		      (uint64_t)((double)(now - p->start) * (1 - frac) / frac) :
		      0;
	fprintf(stderr, "\r\033[K%s: point %zu/%zu, op %u/%u, ETA %llus",
		p->scenario, p->point + 1, p->npoints, done, total,
		(unsigned long long)(eta / 1000000000ULL));
}
