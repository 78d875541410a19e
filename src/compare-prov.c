// SPDX-License-Identifier: GPL-2.0-only
/*
 * Where the two sides of a comparison came from, in words: the build
 * of daxbench that wrote each side's newest run and the scenario file
 * it read (by its SHA-256), and the notes a reviewer must not miss when
 * the two differ.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "compare-int.h"

/* tool.git of result @r, or NULL (a result older than the field) */
static const char *git_of(const json_t *r)
{
	return json_string_value(
		json_object_get(json_object_get(r, "tool"), "git"));
}

/* scenario_file.sha256 of result @r, or NULL */
static const char *sha_of(const json_t *r)
{
	return json_string_value(
		json_object_get(json_object_get(r, "scenario_file"), "sha256"));
}

/*
 * " (git 37c8259, scenario sha256 c62581eca48d)" for the newest run of
 * a side, the parts it has; "" for a result from before provenance.
 */
char *compare_prov_str(const json_t *r)
{
	const char *git = git_of(r), *sha = sha_of(r);

	if (!git && !sha)
		return strdup("");
	return db_asprintf(" (%s%s%s%s%.12s)", git ? "git " : "",
			   git ? git : "", git && sha ? ", " : "",
			   sha ? "scenario sha256 " : "", sha ? sha : "");
}

/* "base and new ran different scenario files ...", or NULL */
char *compare_sha_note(const struct compare_scenario *s)
{
	const char *b = sha_of(s->base), *n = sha_of(s->new_);

	if (!b || !n || !strcmp(b, n))
		return NULL;
	return db_asprintf("base and new ran different scenario files "
			   "(sha256 %.12s and %.12s)",
			   b, n);
}
