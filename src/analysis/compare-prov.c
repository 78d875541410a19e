// SPDX-License-Identifier: GPL-2.0-only
/*
 * Where the two sides of a comparison came from, in words: the build
 * of daxbench that wrote each side's newest run, its command line and
 * the scenario file it read (by its SHA-256, with the --set overrides),
 * and the notes a reviewer must not miss when the two sides differ in
 * them. A result from before a field was recorded has no note about it.
 */
#include "config.h"

#include <errno.h>
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

/* tool.version of result @r, "?" when absent (a required field) */
static const char *version_of(const json_t *r)
{
	return json_string_value(json_object_get(json_object_get(r, "tool"), "version")) ?:
		       "?";
}

/* "0.1.0 git 37c8259" or "0.1.0": the build that wrote @r */
static char *build_of(const json_t *r)
{
	const char *git = git_of(r);

	return db_asprintf("%s%s%s", version_of(r), git ? " git " : "",
			   git ? git : "");
}

/* "warmup=2, repeat=6", "none", or NULL: not recorded (or no memory) */
static char *sets_of(const json_t *r)
{
	const json_t *sets =
		json_object_get(json_object_get(r, "scenario_file"), "sets");
	const json_t *e;
	char *out = NULL, *o;
	size_t i;

	if (!json_is_array(sets))
		return NULL;
	if (!json_array_size(sets))
		return strdup("none");
	json_array_foreach(sets, i, e)
	{
		o = db_asprintf("%s%s%s", out ? out : "", out ? ", " : "",
				json_string_value(e) ?: "?");
		free(out);
		out = o;
		if (!o)
			break;
	}
	return out;
}

/*
 * "base and new WHAT (B and N)", or with @named "(base: B; new: N)",
 * when @b and @n (taken over; NULL: not recorded) differ; else NULL.
 */
static char *differ_note(char *b, char *n, const char *what, bool named)
{
	char *note = NULL;

	if (b && n && strcmp(b, n))
		note = db_asprintf("base and new %s (%s%s%s%s)", what,
				   named ? "base: " : "", b,
				   named ? "; new: " : " and ", n);
	free(b);
	free(n);
	return note;
}

/* "base and new applied different --set overrides ...", or NULL */
static char *sets_note(const struct compare_scenario *s)
{
	return differ_note(sets_of(s->base), sets_of(s->new_),
			   "applied different --set overrides", true);
}

/*
 * "base and new were written by different daxbench builds ...", or
 * NULL: a change in the tool can move its figures as much as one in
 * the kernel. Only builds that both say which revision they were count.
 */
static char *tool_note(const struct compare_scenario *s)
{
	if (!git_of(s->base) || !git_of(s->new_))
		return NULL;
	return differ_note(build_of(s->base), build_of(s->new_),
			   "were written by different daxbench builds", false);
}

/*
 * A point's op_timing; an older result, which has none, timed every op
 * as it was traced: "traced" where it has busy-scan metrics.
 */
static const char *timing_of_point(const json_t *pt)
{
	const char *t = json_string_value(json_object_get(pt, "op_timing"));

	if (t)
		return t;
	return json_object_get(json_object_get(pt, "metrics"),
			       "busy_scan_time") ?
		       "traced" :
		       "untraced";
}

/* The op_timing of @r's points, each kind once, in a fixed order. */
static char *timing_of(const json_t *r)
{
	static const char *const kinds[] = { "interleaved", "traced",
					     "untraced" };
	enum { NKINDS = sizeof(kinds) / sizeof(*kinds) };
	bool seen[NKINDS] = { false };
	char buf[64] = "";
	json_t *pt;
	size_t i, k;

	json_array_foreach(json_object_get(r, "points"), i, pt)
	{
		for (k = 0; k < NKINDS; k++)
			seen[k] |= !strcmp(timing_of_point(pt), kinds[k]);
	}
	for (k = 0; k < NKINDS; k++)
		if (seen[k])
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
				 "%s%s", *buf ? ", " : "", kinds[k]);
	return strdup(buf);
}

/*
 * "base and new timed their ops differently ...", or NULL: traced ops
 * carry the probes' cost in op_latency (30% in a TCG guest), which
 * would read as the kernel's.
 */
static char *timing_note(const struct compare_scenario *s)
{
	return differ_note(timing_of(s->base), timing_of(s->new_),
			   "timed op_latency differently (op_timing; traced "
			   "ops carry the probes' cost)",
			   true);
}

/*
 * Whether @pt traced its busy scans without pins but with the release
 * probes armed: it says so (release_probes), or it is from a result
 * older than the field, when a run that made them kept them armed in
 * every point. A point pinned where it has pin_evidence (the engine
 * writes it for each point with pinners, and only for those).
 */
static bool release_unpinned(const json_t *r, const json_t *pt)
{
	const json_t *rp = json_object_get(pt, "release_probes");
	json_t *caps = json_object_get(json_object_get(r, "capabilities"),
				       "release_probes");
	const char *k;
	json_t *v;

	if (json_object_get(pt, "pin_evidence") ||
	    !json_object_get(json_object_get(pt, "metrics"), "busy_scan_time"))
		return false;
	if (rp)
		return json_is_true(json_object_get(rp, "armed"));
	json_object_foreach(caps, k, v)
	{
		if (json_is_true(v))
			return true;
	}
	return false;
}

static bool any_release_unpinned(const json_t *r)
{
	const json_t *pt;
	size_t i;

	json_array_foreach(json_object_get(r, "points"), i, pt)
	{
		if (release_unpinned(r, pt))
			return true;
	}
	return false;
}

/*
 * "base traced the busy scans ...", or NULL: on 7.x a release probe
 * fires on every page a scan's unmap frees, which made a PTE unmap in a
 * TCG guest 4.9 times as slow; older results of a sweep that pins in
 * some points timed their unpinned points so.
 */
static char *release_note(const struct compare_scenario *s)
{
	bool b = any_release_unpinned(s->base),
	     n = any_release_unpinned(s->new_);

	if (!b && !n)
		return NULL;
	return db_asprintf("%s traced the busy scans of points without "
			   "pinners with the release-path probes armed (a "
			   "result older than points[].release_probes): on "
			   "7.x they fire on every page a scan's unmap frees, "
			   "and those scan times carry their cost",
			   b && n ? "base and new" :
			   b	  ? "base" :
				    "new");
}

int compare_prov_notes(const struct compare_scenario *s, char ***v, size_t *n)
{
	char *note[] = { compare_sha_note(s), sets_note(s), tool_note(s),
			 timing_note(s), release_note(s) };
	size_t i;
	int rc = 0;

	*v = NULL;
	*n = 0;
	for (i = 0; i < sizeof(note) / sizeof(*note); i++) {
		if (!rc && note[i])
			rc = compare_strv_add(v, n, note[i]);
		else
			free(note[i]);
	}
	if (rc) {
		compare_strv_free(*v, *n);
		*v = NULL;
		*n = 0;
	}
	return rc;
}

bool compare_prov_has_notes(const struct compare_scenario *s)
{
	char **v;
	size_t n;
	bool has = compare_prov_notes(s, &v, &n) || n; /* -ENOMEM: say so */

	compare_strv_free(v, n);
	return has;
}

/* @a as a POSIX shell reads it: bare when safe, else in single quotes */
static char *shell_word(const char *a)
{
	const char *c;
	char *out, *o;

	if (!a)
		return strdup(
			"?"); /* not UTF-8: the result could not hold it */
	if (*a && strspn(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRST"
			    "UVWXYZ0123456789_-+=./:,@%^") == strlen(a))
		return strdup(a);
	out = malloc(4 * strlen(a) + 3);
	if (!out)
		return NULL;
	o = out;
	*o++ = '\'';
	for (c = a; *c; c++) {
		if (*c == '\'') {
			memcpy(o, "'\\''", 4);
			o += 4;
		} else {
			*o++ = *c;
		}
	}
	*o++ = '\'';
	*o = '\0';
	return out;
}

int compare_cmdline_words(const json_t *r, char ***words, size_t *n)
{
	const json_t *argv =
		json_object_get(json_object_get(r, "invocation"), "argv");
	const json_t *a;
	size_t i;
	int rc = 0;

	*words = NULL;
	*n = 0;
	if (!json_is_array(argv) || !json_array_size(argv))
		return -ENOENT;
	json_array_foreach(argv, i, a)
	{
		rc = compare_strv_add(words, n,
				      shell_word(json_string_value(a)));
		if (rc)
			break;
	}
	if (rc) {
		compare_strv_free(*words, *n);
		*words = NULL;
		*n = 0;
	}
	return rc;
}

char *compare_tool_str(const json_t *r)
{
	return db_asprintf("daxbench %s", version_of(r));
}
