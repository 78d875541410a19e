// SPDX-License-Identifier: GPL-2.0-only
/*
 * Scenario loading and validation (see scenario.h and
 * daxbench-scenario(5)): reading a file or a text and the steps from it
 * to a resolved scenario. One table, scn_schema_root, says what every
 * field is: its type, its default, its range. Resolution walks that table
 * over the user's JSON, rejects unknown keys, fills in defaults and
 * normalises units (sizes become integers of bytes, durations integers
 * of nanoseconds), so that the resolved scenario a result stores can be
 * read by scripts without a unit parser. Rules that tie fields together
 * (offset + length inside the file, threads for a pinning method) are
 * checked on every sweep point, each decoded as the engine will see it,
 * so an invalid combination is reported before anything runs. Errors are
 * located through jsonpos: the line and column of the offending value,
 * or of the sweep value that made a point invalid.
 *
 * The other files (all but scenario-find.c share scenario-int.h):
 *   scenario-schema.c   the table, the enum names, a field by its path
 *   scenario-resolve.c  the table walked over the input; the sweep's lists
 *   scenario-value.c    one scalar: types, units, ranges
 *   scenario-error.c    error messages and where they point
 *   scenario-path.c     dotted paths into the JSON
 *   scenario-point.c    the sweep's points
 *   scenario-decode.c   a point into struct scenario
 *   scenario-check.c    the rules between fields, on each point
 *   scenario-set.c      --set overrides
 *   scenario-find.c     a SCENARIO argument: a path or a shipped name
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonpos.h"
#include "scenario-int.h"

/* Scenario files are written by hand; anything bigger is a mistake. */
#define SCENARIO_MAX_FILE_BYTES (4 << 20)

/*
 * Check and resolve @text. Every override is applied to the input first
 * and only the outcome is checked, so that no order of --set matters:
 * file.size=3MiB before or after file.mapping=pte is the same scenario.
 * @resolved_form: the text is one daxbench resolved (a result's), so its
 * integers are bytes and nanoseconds even without "resolved": true.
 */
static int load_text(const char *text, size_t len, const char *origin,
		     const char *const *sets, size_t nsets, bool resolved_form,
		     json_t **resolved, struct db_err *err)
{
	struct ctx c = { .origin = origin, .err = err };
	struct override *ov = NULL;
	struct jsonpos *jp = NULL;
	json_error_t jerr;
	json_t *root, *res = NULL;
	int rc;

	rc = jsonpos_scan(text, len, &jp);
	if (rc)
		return db_err_set(err, rc, "%s: out of memory", origin);
	c.pos = jp;
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		struct jsonpos_loc loc, first;
		const char *dup;

		if (strstr(jerr.text, "duplicate") &&
		    jsonpos_duplicate(jp, &dup, &loc, &first))
			rc = db_err_set(
				err, -EINVAL,
				"%s:%u:%u: %s: duplicate key (first at %u:%u)",
				origin, loc.line, loc.col, dup, first.line,
				first.col);
		else
			rc = db_err_set(err, -EINVAL,
					"%s:%d:%d: invalid JSON: %s", origin,
					jerr.line > 0 ? jerr.line : 1,
					jerr.column > 0 ? jerr.column : 1,
					jerr.text);
		jsonpos_free(jp);
		return rc;
	}
	/* a result is the file most often given here by mistake */
	if (json_object_get(root, "run_id") &&
	    json_object_get(root, "points")) {
		json_decref(root);
		jsonpos_free(jp);
		return db_err_set(err, -EINVAL,
				  "%s: this is a result file; validate and run "
				  "read scenarios (compare, plot, report and "
				  "export read results)",
				  origin);
	}
	c.raw = root;
	c.resolved_form = resolved_form ||
			  json_is_true(json_object_get(root, "resolved"));
	ov = calloc(nsets ? nsets : 1, sizeof(*ov));
	if (!ov)
		rc = scn_nomem(&c);
	/* input that is no object is its own error, found just below */
	else if (json_is_object(root))
		rc = scn_apply_overrides(&c, root, sets, nsets, ov);
	if (!rc)
		rc = scn_resolve_node(&c, &scn_schema_root, root, "", &res);
	if (!rc)
		rc = scn_check_points(&c, res);
	scn_free_overrides(ov, c.nsets);
	json_decref(root);
	jsonpos_free(jp);
	if (rc) {
		json_decref(res);
		return rc;
	}
	*resolved = res;
	return 0;
}

int scenario_load_string(const char *text, const char *origin,
			 json_t **resolved, struct db_err *err)
{
	return load_text(text, strlen(text), origin ? origin : "<string>", NULL,
			 0, true, resolved, err);
}

/* The whole of the scenario file @path, in malloc'd *@text. */
static int read_file(const char *path, char **text, size_t *textlen,
		     struct db_err *err)
{
	size_t len = 0, cap = 64 << 10;
	char *buf = malloc(cap), *nb;
	FILE *f;
	int rc;

	/* set on failure too: scan-build cannot see that db_err_set() is < 0 */
	*text = NULL;
	*textlen = 0;
	if (!buf)
		return db_err_set(err, -ENOMEM, "%s: out of memory", path);
	f = fopen(path, "r");
	if (!f) {
		rc = -errno;
		free(buf);
		return db_err_set(err, rc, "%s: %s", path, strerror(-rc));
	}
	for (;;) {
		size_t got = fread(buf + len, 1, cap - len, f);

		len += got;
		if (len < cap)
			break;
		if (cap >= SCENARIO_MAX_FILE_BYTES) {
			fclose(f);
			free(buf);
			return db_err_set(
				err, -EFBIG,
				"%s: larger than %d bytes; not a scenario",
				path, SCENARIO_MAX_FILE_BYTES);
		}
		cap *= 2;
		nb = realloc(buf, cap);
		if (!nb) {
			fclose(f);
			free(buf);
			return db_err_set(err, -ENOMEM, "%s: out of memory",
					  path);
		}
		buf = nb;
	}
	if (ferror(f)) {
		rc = -(errno ? errno : EIO);
		fclose(f);
		free(buf);
		return db_err_set(err, rc, "%s: %s", path, strerror(-rc));
	}
	fclose(f);
	*text = buf;
	*textlen = len;
	return 0;
}

int scenario_load_sets(const char *path, const char *const *sets, size_t nsets,
		       json_t **resolved, struct db_err *err)
{
	size_t len;
	char *buf;
	int rc;

	rc = read_file(path, &buf, &len, err);
	if (rc)
		return rc;
	rc = load_text(buf, len, path, sets, nsets, false, resolved, err);
	free(buf);
	return rc;
}

int scenario_load(const char *path, json_t **resolved, struct db_err *err)
{
	return scenario_load_sets(path, NULL, 0, resolved, err);
}
