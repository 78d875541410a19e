// SPDX-License-Identifier: GPL-2.0-only
/*
 * The table of sample arrays the fast loader (result-fastload.c) took out
 * of a result's text: looked up by the checks (result-values.c) and by
 * compare, and freed by whoever loaded. Apart from the loader, so that
 * the checks the loader runs do not call back into it.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "result-int.h"

void result_samples_free(struct result_samples *tab)
{
	size_t i;

	if (!tab)
		return;
	for (i = 0; i < tab->n; i++) {
		free(tab->e[i].metric);
		free(tab->e[i].v);
	}
	free(tab->e);
	free(tab->slot);
	free(tab);
}

/* A pointer's slot: its bits mixed (Fibonacci hashing), as an index. */
static size_t slot_of(const json_t *arr, size_t nslot)
{
	return (size_t)(((uint64_t)(uintptr_t)arr * 0x9e3779b97f4a7c15ULL) >>
			32) &
	       (nslot - 1);
}

/*
 * Every lookup used to scan the whole table, and compare looks up every
 * array of every result: quadratic. A table twice the entries' size,
 * probed linearly, makes it one look or a few.
 */
int result_samples_index(struct result_samples *tab)
{
	size_t i, k, nslot = 16;

	while (nslot < 2 * tab->n)
		nslot *= 2;
	free(tab->slot);
	tab->slot = calloc(nslot, sizeof(*tab->slot));
	tab->nslot = tab->slot ? nslot : 0;
	if (!tab->slot)
		return -ENOMEM;
	for (i = 0; i < tab->n; i++) {
		for (k = slot_of(tab->e[i].arr, nslot); tab->slot[k];
		     k = (k + 1) & (nslot - 1))
			;
		tab->slot[k] = i + 1;
	}
	return 0;
}

int result_samples_get(const struct result_samples *tab, const json_t *samples,
		       const double **v, size_t *n)
{
	const struct samples_ent *e;
	size_t i, k;

	if (tab && tab->nslot) {
		for (k = slot_of(samples, tab->nslot); tab->slot[k];
		     k = (k + 1) & (tab->nslot - 1)) {
			e = &tab->e[tab->slot[k] - 1];
			if (e->arr == samples) {
				*v = e->v;
				*n = e->n;
				return 0;
			}
		}
		return -ENOENT;
	}
	for (i = 0; tab && i < tab->n; i++) {
		if (tab->e[i].arr != samples)
			continue;
		*v = tab->e[i].v;
		*n = tab->e[i].n;
		return 0;
	}
	return -ENOENT;
}
