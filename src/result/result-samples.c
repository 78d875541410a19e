// SPDX-License-Identifier: GPL-2.0-only
/*
 * The table of sample arrays the fast loader (result-fastload.c) took out
 * of a result's text: looked up by the checks (result-values.c) and by
 * compare, and freed by whoever loaded. Apart from the loader, so that
 * the checks the loader runs do not call back into it.
 */
#include "config.h"

#include <errno.h>
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
	free(tab);
}

int result_samples_get(const struct result_samples *tab, const json_t *samples,
		       const double **v, size_t *n)
{
	size_t i;

	for (i = 0; tab && i < tab->n; i++) {
		if (tab->e[i].arr != samples)
			continue;
		*v = tab->e[i].v;
		*n = tab->e[i].n;
		return 0;
	}
	return -ENOENT;
}
