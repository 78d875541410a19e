// SPDX-License-Identifier: GPL-2.0-only
/*
 * A point as the CI systems see it: its outcome (PASS, FAIL, ERROR,
 * SKIP), its name as a node of a dotted test path (KCIDB) and as a word
 * of a shell command (LAVA), and its figures.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "export-int.h"
#include "label.h"

const char *export_status_name(enum export_status s)
{
	switch (s) {
	case EXPORT_FAIL:
		return "FAIL";
	case EXPORT_ERROR:
		return "ERROR";
	case EXPORT_SKIP:
		return "SKIP";
	case EXPORT_PASS:
		break;
	}
	return "PASS";
}

double export_summary(const json_t *point, const char *metric,
		      const char *field)
{
	const json_t *m =
		json_object_get(json_object_get(point, "metrics"), metric);
	const json_t *v = json_object_get(json_object_get(m, "summary"), field);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

/*
 * Errors of an op (an index >= 0) are the kernel's answer to the op;
 * the others (op -1, or a phase) stopped the point before its ops.
 */
static void point_errors(const json_t *point, bool *of_op, bool *of_setup)
{
	const json_t *e;
	size_t i;

	*of_op = *of_setup = false;
	json_array_foreach(json_object_get(point, "errors"), i, e)
	{
		const json_t *op = json_object_get(e, "op");

		if (json_is_integer(op) && json_integer_value(op) >= 0)
			*of_op = true;
		else
			*of_setup = true;
	}
}

size_t export_point_stalls(const json_t *result, const json_t *point)
{
	json_t *run = (json_t *)result;
	struct compare_stalls st;
	size_t stalls = json_array_size(json_object_get(point, "stalls"));

	if (!compare_count_stalls(&point, &run, 1, &st) && st.stalls > stalls)
		stalls = st.stalls;
	return stalls;
}

enum export_status export_point_status(const json_t *result,
				       const json_t *point)
{
	bool of_op, of_setup;

	point_errors(point, &of_op, &of_setup);
	if (export_point_stalls(result, point) || of_op)
		return EXPORT_FAIL;
	if (of_setup || json_object_get(point, "interrupted_by"))
		return EXPORT_ERROR;
	if (!(export_summary(point, "op_latency", "n") > 0))
		return EXPORT_SKIP;
	return EXPORT_PASS;
}

char *export_path_node(const char *s, const char *empty)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	if (!out)
		return NULL;
	for (; *s; s++) {
		char c = *s;

		if (c == '=')
			c = '-';
		else if (!isalnum((unsigned char)c) && c != '-' && c != '_')
			c = '_';
		/* "a b" and "a. b" alike: one '_', none at either end */
		if (c == '_' && (o == out || o[-1] == '_'))
			continue;
		*o++ = c;
	}
	while (o > out && o[-1] == '_')
		o--;
	*o = '\0';
	if (!*out) {
		free(out);
		out = strdup(empty);
	}
	return out;
}

static char *point_node(const json_t *point, bool brief)
{
	char *l = label_point(json_object_get(point, "params"), NULL, brief);
	char *n = l ? export_path_node(l, "point") : NULL;

	free(l);
	return n;
}

static bool name_taken(char *const *names, size_t n, size_t i)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (k != i && names[k] && !strcmp(names[k], names[i]))
			return true;
	return false;
}

void export_names_free(char **names, size_t n)
{
	size_t i;

	for (i = 0; names && i < n; i++)
		free(names[i]);
	free(names);
}

int export_point_names(const json_t *result, char ***names)
{
	const json_t *pts = json_object_get(result, "points");
	size_t n = json_array_size(pts), i;
	char **v = calloc(n + 1, sizeof(*v));
	bool *full = calloc(n + 1, sizeof(*full));
	int rc = v && full ? 0 : -ENOMEM;

	for (i = 0; !rc && i < n; i++)
		if (!(v[i] = point_node(json_array_get(pts, i), true)))
			rc = -ENOMEM;
	/* two brief labels alike: both spelt out in full */
	for (i = 0; !rc && i < n; i++)
		full[i] = name_taken(v, n, i);
	for (i = 0; !rc && i < n; i++) {
		if (!full[i])
			continue;
		free(v[i]);
		if (!(v[i] = point_node(json_array_get(pts, i), false)))
			rc = -ENOMEM;
	}
	/* params alike (a sweep that repeats a value): the point's number */
	for (i = 0; !rc && i < n; i++) {
		char *t;

		if (!name_taken(v, n, i))
			continue;
		t = db_asprintf("%s_p%zu", v[i], i + 1);
		free(v[i]);
		if (!(v[i] = t))
			rc = -ENOMEM;
	}
	free(full);
	if (rc) {
		export_names_free(v, n);
		return rc;
	}
	*names = v;
	return 0;
}
