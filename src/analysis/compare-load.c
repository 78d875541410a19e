// SPDX-License-Identifier: GPL-2.0-only
/*
 * Loading the sides of a comparison: a result file or a directory of
 * them, read with the fast loader (the samples kept beside the trees,
 * see result_load_fast()), and the samples of a metric read back out in op
 * order or sorted, without the stalled ops of older results.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compare-int.h"
#include "result.h"

/*
 * Sample tables of the results compare_paths() loaded fast (see
 * result_load_fast()), each with the tree it belongs to. The API hands
 * out bare json_t trees, so the tables live here rather than in them;
 * compare_free_side() drops a tree's table before the tree, so that a
 * freed array's address is never looked up.
 */
static struct tab_reg {
	const json_t *result;
	struct result_samples *tab;
} * tab_reg;
static size_t ntab_reg;

/*
 * Arrays of the tables that compare_values_sorted() sorted in place,
 * each with the drift of its op order, measured first: the order is
 * gone, and compare_run_drift() finds the figure here. Sorting in place
 * rather than a copy keeps compare's peak memory near the samples' own
 * size. An entry goes with its table (tab_forget()).
 */
static struct sorted_reg {
	const json_t *result; /* whose table holds the array */
	const double *arr;
	double drift;
} * sorted_reg;
static size_t nsorted_reg;

static void sorted_forget(const json_t *result)
{
	size_t i = 0;

	while (i < nsorted_reg)
		if (sorted_reg[i].result == result)
			sorted_reg[i] = sorted_reg[--nsorted_reg];
		else
			i++;
	if (!nsorted_reg) {
		free(sorted_reg);
		sorted_reg = NULL;
	}
}

static const struct sorted_reg *sorted_find(const double *arr)
{
	size_t i;

	for (i = 0; arr && i < nsorted_reg; i++)
		if (sorted_reg[i].arr == arr)
			return &sorted_reg[i];
	return NULL;
}

static int tab_register(const json_t *result, struct result_samples *tab)
{
	struct tab_reg *r;

	if (!tab)
		return 0;
	r = realloc(tab_reg, (ntab_reg + 1) * sizeof(*r));
	if (!r) {
		result_samples_free(tab);
		return -ENOMEM;
	}
	tab_reg = r;
	tab_reg[ntab_reg].result = result;
	tab_reg[ntab_reg++].tab = tab;
	return 0;
}

static void tab_forget(const json_t *result)
{
	size_t i;

	sorted_forget(result);
	for (i = 0; i < ntab_reg; i++) {
		if (tab_reg[i].result != result)
			continue;
		result_samples_free(tab_reg[i].tab);
		tab_reg[i] = tab_reg[--ntab_reg];
		break;
	}
	if (!ntab_reg) {
		free(tab_reg);
		tab_reg = NULL;
	}
}

/*
 * compare_values_view(), and the result whose table the view is of
 * (*@owner; NULL for a copy).
 */
static int view_of(const json_t *point, const char *metric, const double **v,
		   size_t *n, double **owned, const json_t **owner)
{
	const json_t *s = json_object_get(
		json_object_get(json_object_get(point, "metrics"), metric),
		"samples");
	const json_t *e;
	double *w;
	size_t i;

	*v = NULL;
	*n = 0;
	*owned = NULL;
	*owner = NULL;
	if (!json_is_array(s))
		return -ENOENT;
	if (!json_array_size(s)) {
		for (i = 0; i < ntab_reg; i++)
			if (!result_samples_get(tab_reg[i].tab, s, v, n)) {
				*owner = tab_reg[i].result;
				return 0;
			}
		return 0;
	}
	w = malloc(json_array_size(s) * sizeof(*w));
	if (!w)
		return -ENOMEM;
	json_array_foreach((json_t *)s, i, e)
	{
		if (!json_is_number(e))
			continue; /* result_load checked the arrays */
		w[(*n)++] = json_number_value(e);
	}
	*v = w;
	*owned = w;
	return 0;
}

/*
 * The samples of @metric in @point in the order they were taken: a view
 * of the fast loader's table, or a copy out of the tree in *@owned (free it).
 */
int compare_values_view(const json_t *point, const char *metric,
			const double **v, size_t *n, double **owned)
{
	const json_t *owner;

	return view_of(point, metric, v, n, owned, &owner);
}

double compare_timeout_ns(const json_t *result)
{
	const json_t *t =
		json_object_get(json_object_get(result, "scenario"), "timeout");

	return json_is_number(t) && json_number_value(t) > 0 ?
		       json_number_value(t) :
		       NAN;
}

/*
 * The samples of @metric in op order without the stalled ops: results
 * written before stalls left op_latency hold a stalled op as a sample
 * >= @timeout, and a per-op metric with as many samples as op_latency
 * has its value for that op at the same index (its scan was cut short
 * too). *@v is a copy (free it); *@dropped counts what was left out.
 */
int compare_values_op_order(const json_t *point, const char *metric,
			    double timeout, double **v, size_t *n,
			    size_t *dropped)
{
	const double *view, *lat;
	double *owned, *lown = NULL, *w;
	size_t nv, nl, i;
	int rc;

	*v = NULL;
	*n = 0;
	*dropped = 0;
	rc = compare_values_view(point, metric, &view, &nv, &owned);
	if (rc || !nv || !view) {
		free(owned);
		return rc;
	}
	lat = isnan(timeout) ? NULL : view;
	if (lat && strcmp(metric, "op_latency")) {
		rc = compare_values_view(point, "op_latency", &lat, &nl, &lown);
		if (rc == -ENOMEM) {
			free(owned);
			return rc;
		}
		if (rc || nl != nv)
			lat = NULL; /* not one sample per op: nothing to align */
	}
	w = owned ? owned : malloc(nv * sizeof(*w));
	if (!w) {
		free(lown);
		return -ENOMEM;
	}
	for (i = 0; i < nv; i++) {
		if (lat && lat[i] >= timeout) {
			(*dropped)++;
			continue;
		}
		w[(*n)++] = view[i];
	}
	free(lown);
	*v = w;
	return 0;
}

/* Whether op_latency of @point has a sample at or beyond @timeout. */
static int any_censored(const json_t *point, double timeout, bool *any)
{
	const double *lat;
	double *own;
	size_t n, i;
	int rc;

	*any = false;
	if (isnan(timeout))
		return 0;
	rc = compare_values_view(point, "op_latency", &lat, &n, &own);
	if (rc == -ENOMEM)
		return rc;
	for (i = 0; !rc && lat && i < n && !*any; i++)
		*any = lat[i] >= timeout;
	free(own);
	return 0;
}

int compare_values_op_view(const json_t *point, const char *metric,
			   double timeout, const double **v, size_t *n,
			   double **owned)
{
	size_t dropped;
	bool any;
	int rc = any_censored(point, timeout, &any);

	*owned = NULL;
	if (rc)
		return rc;
	if (!any)
		return compare_values_view(point, metric, v, n, owned);
	rc = compare_values_op_order(point, metric, timeout, owned, n,
				     &dropped);
	*v = *owned;
	return rc;
}

int compare_metric_values_censored(const json_t *point, const char *metric,
				   double timeout_ns, double **v, size_t *n,
				   size_t *dropped)
{
	size_t d;
	int rc = compare_values_op_order(point, metric, timeout_ns, v, n, &d);

	if (dropped)
		*dropped = d;
	if (!rc && *n)
		twosample_sort(*v, *n);
	return rc;
}

/* Sort the table array @arr of @owner in place, its drift taken first. */
static int sort_in_place(const json_t *owner, const double *arr, size_t n)
{
	struct sorted_reg *r;
	double drift;
	int rc;

	if (sorted_find(arr))
		return 0; /* an earlier comparison of the same run did */
	rc = compare_drift_of(arr, n, &drift);
	if (rc)
		return rc;
	r = realloc(sorted_reg, (nsorted_reg + 1) * sizeof(*r));
	if (!r)
		return -ENOMEM;
	sorted_reg = r;
	sorted_reg[nsorted_reg++] = (struct sorted_reg){ .result = owner,
							 .arr = arr,
							 .drift = drift };
	twosample_sort((double *)arr, n); /* the loader's, malloc()ed */
	return 0;
}

int compare_values_sorted(const json_t *point, const char *metric,
			  double timeout, const double **v, size_t *n,
			  double **owned, size_t *dropped)
{
	const json_t *owner;
	const double *view;
	bool any;
	int rc = any_censored(point, timeout, &any);

	*v = NULL;
	*n = 0;
	*owned = NULL;
	*dropped = 0;
	if (rc)
		return rc;
	if (any) {
		rc = compare_metric_values_censored(point, metric, timeout,
						    owned, n, dropped);
		*v = *owned;
		return rc;
	}
	rc = view_of(point, metric, &view, n, owned, &owner);
	if (rc || !*n || !view)
		return rc;
	if (*owned)
		twosample_sort(*owned, *n);
	else
		rc = sort_in_place(owner, view, *n);
	*v = view;
	return rc;
}

int compare_sorted_drift(const json_t *point, const char *metric, double *sd)
{
	const struct sorted_reg *r;
	const double *view;
	double *own;
	size_t n;

	if (compare_values_view(point, metric, &view, &n, &own) || own) {
		free(own);
		return -ENOENT;
	}
	r = sorted_find(view);
	if (!r)
		return -ENOENT;
	*sd = r->drift;
	return 0;
}

int compare_metric_values(const json_t *point, const char *metric, double **v,
			  size_t *n)
{
	return compare_metric_values_censored(point, metric, NAN, v, n, NULL);
}

void compare_free_side(json_t **results, char **paths, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		tab_forget(results[i]);
		json_decref(results[i]);
	}
	free(results);
	compare_strv_free(paths, n);
}

/*
 * compare_load_side(), with the fast loader when @fast: the samples then
 * live in tab_reg, not in the trees, until compare_free_side().
 */
static int load_side(const char *path, json_t ***results, char ***paths,
		     size_t *n, bool fast, struct db_err *err)
{
	char **names = NULL;
	size_t nnames = 0, i;
	struct dirent *de;
	struct stat st;
	DIR *d;
	int rc = 0;

	*results = NULL;
	*paths = NULL;
	*n = 0;
	if (stat(path, &st))
		return db_err_set(err, -errno, "%s: cannot read: %s", path,
				  strerror(errno));
	if (!S_ISDIR(st.st_mode)) {
		rc = compare_strv_add(&names, &nnames, strdup(path));
	} else {
		d = opendir(path);
		if (!d)
			return db_err_set(err, -errno, "%s: cannot read: %s",
					  path, strerror(errno));
		while (!rc && (de = readdir(d))) {
			size_t len = strlen(de->d_name);

			if (len < 6 || strcmp(de->d_name + len - 5, ".json"))
				continue;
			/* DIR/ as the shell completes it: one slash */
			rc = compare_strv_add(
				&names, &nnames,
				db_asprintf("%s%s%s", path,
					    path[strlen(path) - 1] == '/' ? "" :
									    "/",
					    de->d_name));
		}
		closedir(d);
		/* readdir order is arbitrary; output must not be */
		if (nnames)
			qsort(names, nnames, sizeof(*names), compare_name_cmp);
		if (!rc && !nnames)
			rc = db_err_set(err, -ENOENT,
					"%s: no result files (*.json) in it",
					path);
	}
	if (!rc) {
		*results = calloc(nnames, sizeof(**results));
		if (!*results)
			rc = -ENOMEM;
	}
	for (i = 0; !rc && i < nnames; i++) {
		struct result_samples *tab = NULL;

		if (fast)
			rc = result_load_fast(names[i], &(*results)[i], &tab,
					      err);
		else
			rc = result_load(names[i], &(*results)[i], err);
		if (!rc) {
			(*n)++;
			rc = tab_register((*results)[i], tab);
		}
	}
	if (rc) {
		if (rc == -ENOMEM)
			db_err_set(err, rc, "%s: out of memory", path);
		for (i = 0; i < *n; i++) {
			tab_forget((*results)[i]);
			json_decref((*results)[i]);
		}
		free(*results);
		compare_strv_free(names, nnames);
		*results = NULL;
		*n = 0;
		return rc;
	}
	*paths = names;
	return 0;
}

int compare_load_side(const char *path, json_t ***results, char ***paths,
		      size_t *n, struct db_err *err)
{
	return load_side(path, results, paths, n, true, err);
}

void compare_input_free(struct compare_input *in)
{
	compare_free_side(in->base, in->base_paths, in->nbase);
	compare_free_side(in->new_, in->new_paths, in->nnew);
	memset(in, 0, sizeof(*in));
}
