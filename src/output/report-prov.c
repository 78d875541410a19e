// SPDX-License-Identifier: GPL-2.0-only
/*
 * Where each side's results came from (see report.h), as a Markdown
 * table per scenario: the daxbench that ran them (tool.version and
 * tool.git), the command line (invocation.argv) and the scenario file
 * (scenario_file.path, .sha256 and the --set overrides), from every run
 * of the side. Results from before these were recorded say so.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#define NOT_RECORDED "not recorded"

/*
 * @s made safe for a Markdown table cell: '|' escaped, '`' (which would
 * end a code span) as '\'', a newline as a space. malloc'd.
 */
static char *cell(const char *s)
{
	char *out = malloc(2 * strlen(s) + 1), *o = out;

	for (; out && *s; s++) {
		if (*s == '|')
			*o++ = '\\';
		*o++ = *s == '`' ? '\'' : *s == '\n' ? ' ' : *s;
	}
	if (out)
		*o = '\0';
	return out;
}

/* invocation.argv as one command line, or NULL when not recorded. */
static char *command_line(const json_t *r)
{
	char **w, *line = NULL, *n;
	size_t nw, i;

	if (compare_cmdline_words(r, &w, &nw))
		return NULL;
	for (i = 0; i < nw; i++) {
		n = db_asprintf("%s%s%s", line ? line : "", line ? " " : "",
				w[i]);
		free(line);
		line = n;
		if (!line)
			break;
	}
	compare_strv_free(w, nw);
	return line;
}

/* "repeat=6, timeout=10s", "none", or NULL when not recorded. */
static char *sets_of(const json_t *r)
{
	const json_t *sets =
		json_object_get(json_object_get(r, "scenario_file"), "sets");
	const json_t *a;
	char *out, *n;
	size_t i;

	if (!json_is_array(sets))
		return NULL;
	if (!json_array_size(sets))
		return strdup("none");
	out = strdup("");
	json_array_foreach(sets, i, a)
	{
		char *c =
			cell(json_string_value(a) ? json_string_value(a) : "?");

		n = out && c ? db_asprintf("%s%s`--set %s`", out, i ? ", " : "",
					   c) :
			       NULL;
		free(c);
		free(out);
		out = n;
	}
	return out;
}

/* @s in a table cell: as code when @code; NULL stays NULL. */
static char *in_cell(const char *s, bool code)
{
	char *c = s ? cell(s) : NULL, *out;

	if (!c || !code)
		return c;
	out = db_asprintf("`%s`", c);
	free(c);
	return out;
}

/* "0.1.0, git 37c8259" of tool. */
static char *tool_of(const json_t *r)
{
	const json_t *t = json_object_get(r, "tool");
	const char *v = json_string_value(json_object_get(t, "version"));
	const char *g = json_string_value(json_object_get(t, "git"));
	char *s = db_asprintf("%s, git %s", v ? v : "?", g ? g : NOT_RECORDED);
	char *c = in_cell(s, false);

	free(s);
	return c;
}

static char *file_of(const json_t *r, const char *key)
{
	return in_cell(json_string_value(json_object_get(
			       json_object_get(r, "scenario_file"), key)),
		       true);
}

/* What one row shows of a run; NULL when the run has none of it. */
typedef char *(*prov_fn)(const json_t *r);

static char *path_of(const json_t *r)
{
	return file_of(r, "path");
}

static char *sha_of(const json_t *r)
{
	return file_of(r, "sha256");
}

static char *argv_of(const json_t *r)
{
	char *l = command_line(r), *c = in_cell(l, true);

	free(l);
	return c;
}

/*
 * @fn of each run of a side: the value, when the runs agree; else each
 * run's ("run 1: ...; run 2: ..."). malloc'd, NULL when out of memory.
 */
static char *side_value(json_t *const *runs, size_t n, prov_fn fn)
{
	char **v = calloc(n ? n : 1, sizeof(*v)), *out = NULL, *t;
	bool same = true;
	size_t i;

	for (i = 0; v && i < n; i++) {
		v[i] = fn(runs[i]);
		if (!v[i])
			v[i] = strdup(NOT_RECORDED);
		same = same && v[i] && !strcmp(v[i], v[0]);
	}
	if (v && (same || n == 1))
		out = strdup(n && v[0] ? v[0] : NOT_RECORDED);
	for (i = 0; v && !same && i < n; i++) {
		t = db_asprintf("%s%srun %zu: %s", out ? out : "",
				out ? "; " : "", i + 1, v[i] ? v[i] : "?");
		free(out);
		out = t;
	}
	for (i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
	return out;
}

static void prov_row(FILE *f, const struct compare_scenario *s,
		     const char *what, prov_fn fn)
{
	char *b = side_value(s->base_runs, s->nbase_runs, fn);
	char *n = side_value(s->new_runs, s->nnew_runs, fn);

	fprintf(f, "| %s | %s | %s |\n", what, b ? b : "?", n ? n : "?");
	free(b);
	free(n);
}

void report_provenance(FILE *f, const struct compare_scenario *s)
{
	fputs("**Provenance:**\n\n| | base | new |\n|---|---|---|\n", f);
	prov_row(f, s, "daxbench", tool_of);
	prov_row(f, s, "command", argv_of);
	prov_row(f, s, "scenario file", path_of);
	prov_row(f, s, "scenario sha256", sha_of);
	prov_row(f, s, "overrides", sets_of);
	fputc('\n', f);
}
