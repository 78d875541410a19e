// SPDX-License-Identifier: GPL-2.0-only
/*
 * Result files (see result.h and daxbench-result(5)). A result is a
 * jansson tree that the run engine fills while it runs; writing it is atomic and never
 * clobbers an earlier result, because a result that took an hour to make
 * must survive a crash, a full disk or a second run with the same name.
 * Reading checks the schema and every required field's type so that
 * compare and plot can trust the tree and report a bad file by name.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "result.h"
#include "sha256.h"
#include "stats.h"
#include "version.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif

/*
 * Now in ISO 8601 UTC: "2026-11-25T12:01:02Z", or in the basic format
 * "20261125T120102Z" (@compact) where it goes into a file name.
 */
static void utc_stamp(char *buf, size_t len, bool compact)
{
	struct tm tm;
	time_t now = time(NULL);

	gmtime_r(&now, &tm);
	if (compact)
		strftime(buf, len, "%Y%m%dT%H%M%SZ", &tm);
	else
		strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static uint32_t random32(void)
{
	uint32_t r;
	struct timespec ts;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) == (ssize_t)sizeof(r))
		return r;
	/* no entropy yet (early boot in a guest): time and pid still differ */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint32_t)(ts.tv_nsec ^ ((uint32_t)getpid() << 16) ^ ts.tv_sec);
}

int result_run_id(char *buf, size_t len)
{
	char stamp[32];
	int n;

	utc_stamp(stamp, sizeof(stamp), true);
	n = snprintf(buf, len, "%s-%08x", stamp, random32());
	return n < 0 || (size_t)n >= len ? -ENOSPC : 0;
}

/* Set @key to @val (reference stolen); -ENOMEM if either step failed. */
static int set_new(json_t *obj, const char *key, json_t *val)
{
	return json_object_set_new(obj, key, val) ? -ENOMEM : 0;
}

json_t *result_new(json_t *scenario)
{
	char run_id[64], started[32];
	json_t *r, *tool;
	int rc = 0;

	if (result_run_id(run_id, sizeof(run_id)))
		return NULL;
	utc_stamp(started, sizeof(started), false);
	r = json_object();
	tool = json_pack("{s:s, s:s, s:s?}", "name", PACKAGE_NAME, "version",
			 PACKAGE_VERSION, "git", db_git_revision());
	if (!r || !tool) {
		json_decref(r);
		json_decref(tool);
		return NULL;
	}
	/* null placeholders keep daxbench-result(5)'s key order in the file */
	rc |= set_new(r, "schema", json_integer(RESULT_SCHEMA));
	rc |= set_new(r, "tool", tool);
	rc |= set_new(r, "run_id", json_string(run_id));
	rc |= set_new(r, "invocation", json_null());
	rc |= set_new(r, "started", json_string(started));
	rc |= set_new(r, "finished", json_null());
	rc |= set_new(r, "complete", json_false());
	rc |= set_new(r, "host", json_null());
	rc |= set_new(r, "target", json_null());
	rc |= set_new(r, "capabilities", json_null());
	rc |= json_object_set(r, "scenario", scenario ? scenario : json_null());
	rc |= set_new(r, "scenario_file", json_null());
	rc |= set_new(r, "points", json_array());
	if (rc) {
		json_decref(r);
		return NULL;
	}
	return r;
}

/* @a to @av; an argument that is not UTF-8 (JSON cannot hold it) as null */
static int append_arg(json_t *av, const char *a)
{
	json_t *j = json_string(a);

	return json_array_append_new(av, j ? j : json_null()) ? -ENOMEM : 0;
}

json_t *result_invocation(const char *prog, int argc, char *const *argv)
{
	json_t *inv, *av = json_array();
	char *cwd = getcwd(NULL, 0);
	int i, rc = av ? 0 : -ENOMEM;

	if (!rc && prog)
		rc = append_arg(av, prog);
	for (i = 0; !rc && i < argc; i++)
		rc = append_arg(av, argv[i]);
	inv = rc ? NULL : json_pack("{s:o, s:s?}", "argv", av, "cwd", cwd);
	if (rc)
		json_decref(av);
	free(cwd);
	return inv;
}

int result_scenario_file(const char *path, const char *const *sets,
			 size_t nsets, json_t **out)
{
	char hex[SHA256_HEX_LEN];
	json_t *sv = json_array();
	size_t i;
	int rc = sv ? sha256_file(path, hex) : -ENOMEM;

	for (i = 0; !rc && i < nsets; i++)
		rc = json_array_append_new(sv, json_string(sets[i])) ? -ENOMEM :
								       0;
	if (rc) {
		json_decref(sv);
		return rc;
	}
	*out = json_pack("{s:s, s:s, s:o}", "path", path, "sha256", hex, "sets",
			 sv);
	return *out ? 0 : -ENOMEM;
}

/*
 * A summary figure: an integer when it is one (min, max, most medians),
 * so that files read as the integer nanoseconds daxbench-result(5)
 * promises, a real otherwise, and null when there is no value (never a
 * fake 0).
 */
static json_t *figure(double x)
{
	if (isnan(x))
		return json_null();
	if (x == floor(x) && fabs(x) < 9007199254740992.0) /* 2^53 */
		return json_integer((json_int_t)x);
	return json_real(x);
}

json_t *result_summary_json(const struct summary *s)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "n",
			 (json_int_t)s->n, "min", figure(s->min), "p50",
			 figure(s->p50), "p90", figure(s->p90), "p99",
			 figure(s->p99), "p999", figure(s->p999), "max",
			 figure(s->max), "mean", figure(s->mean), "stddev",
			 figure(s->stddev));
}

json_t *result_metric(const char *unit, const uint64_t *v, size_t n)
{
	struct summary s;
	json_t *m, *data;
	size_t i;

	if (stats_summary(v, n, &s))
		return NULL;
	m = json_pack("{s:s}", "unit", unit);
	if (!m)
		return NULL;
	data = json_array();
	if (set_new(m, "samples", data))
		goto fail;
	for (i = 0; i < n; i++)
		/* json_int_t is signed; ns never reach 2^63 */
		if (json_array_append_new(data, json_integer((json_int_t)v[i])))
			goto fail;
	if (set_new(m, "summary", result_summary_json(&s)))
		goto fail;
	return m;
fail:
	json_decref(m);
	return NULL;
}

json_t *result_point_new(json_t *params)
{
	return json_pack("{s:O, s:{}, s:{}, s:[], s:[], s:{}}", "params",
			 params ? params : json_null(), "metrics", "faults",
			 "stalls", "errors", "unmeasured");
}

int result_unmeasured(json_t *point, const char *metric, const char *why)
{
	json_t *un = json_object_get(point, "unmeasured");
	json_t *metrics = json_object_get(point, "metrics");

	if (!json_is_object(un) || !metric || !why)
		return -EINVAL;
	/* a metric is either measured or named here with its reason */
	if (json_is_object(metrics))
		json_object_del(metrics, metric);
	return set_new(un, metric, json_string(why));
}

int result_finish(json_t *result, bool complete)
{
	char now[32];

	utc_stamp(now, sizeof(now), false);
	if (set_new(result, "finished", json_string(now)))
		return -ENOMEM;
	return set_new(result, "complete", json_boolean(complete));
}

/* mkdir -p: make each missing component of @dir. */
static int mkdir_p(const char *dir, struct db_err *err)
{
	char *p, *s = strdup(dir);
	struct stat st;
	int rc = 0;

	if (!s)
		return db_err_set(err, -ENOMEM, "%s: out of memory", dir);
	for (p = s + 1;; p++) {
		char c = *p;

		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		if (mkdir(s, 0777) && errno != EEXIST) {
			rc = db_err_set(err, -errno, "%s: cannot create: %s", s,
					strerror(errno));
			break;
		}
		*p = c;
		if (!c)
			break;
	}
	free(s);
	if (rc)
		return rc;
	if (stat(dir, &st))
		return db_err_set(err, -errno, "%s: %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return db_err_set(err, -ENOTDIR, "%s: not a directory", dir);
	return 0;
}

/* The scenario name made safe as a file name component. */
static void file_stem(const json_t *result, char *buf, size_t len)
{
	const char *name = json_string_value(
		json_object_get(json_object_get(result, "scenario"), "name"));
	const char *run_id =
		json_string_value(json_object_get(result, "run_id"));
	char *p;

	snprintf(buf, len, "%s-%s", name && *name ? name : "result",
		 run_id ? run_id : "norunid");
	for (p = buf; *p; p++)
		if (*p == '/' || (unsigned char)*p < 0x20 ||
		    (p == buf && *p == '.'))
			*p = '_';
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t w = write(fd, buf, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

/*
 * Move @tmp to @final in @dfd. Without @force an existing file must
 * survive: RENAME_NOREPLACE where the filesystem has it, else link(2),
 * which fails with EEXIST just the same, then unlink of the temporary.
 */
static int publish(int dfd, const char *tmp, const char *final, bool force)
{
	if (force)
		return renameat(dfd, tmp, dfd, final) ? -errno : 0;
	if (!syscall(SYS_renameat2, dfd, tmp, dfd, final, RENAME_NOREPLACE))
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -errno;
	if (linkat(dfd, tmp, dfd, final, 0))
		return -errno;
	unlinkat(dfd, tmp, 0);
	return 0;
}

/* A new ".STEM.tmpXXXXXXXX" in @dfd, named in @tmp: its fd, or -errno. */
static int open_temp(int dfd, const char *stem, char *tmp, size_t len)
{
	int i, fd = -EEXIST;

	for (i = 0; i < 100 && fd == -EEXIST; i++) {
		snprintf(tmp, len, ".%s.tmp%08x", stem, random32());
		fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			    0666);
		if (fd < 0)
			fd = -errno;
	}
	return fd;
}

int result_dir_check(const char *dir, struct db_err *err)
{
	char tmp[320];
	int dfd, fd, rc;

	rc = mkdir_p(dir, err);
	if (rc)
		return rc;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return db_err_set(err, -errno, "%s: cannot open: %s", dir,
				  strerror(errno));
	fd = open_temp(dfd, "daxbench-probe", tmp, sizeof(tmp));
	if (fd < 0) {
		rc = db_err_set(err, fd, "%s: cannot create a file in it: %s",
				dir, strerror(-fd));
	} else {
		close(fd);
		unlinkat(dfd, tmp, 0);
	}
	close(dfd);
	return rc;
}

int result_write(json_t *result, const char *dir, bool force, char **path_out,
		 struct db_err *err)
{
	char stem[256], final[300], tmp[320];
	char *text = NULL, *path = NULL;
	int dfd = -1, fd, rc;

	if (path_out)
		*path_out = NULL;
	rc = mkdir_p(dir, err);
	if (rc)
		return rc;
	file_stem(result, stem, sizeof(stem));
	snprintf(final, sizeof(final), "%s.json", stem);
	if (asprintf(&path, "%s/%s", dir, final) < 0)
		return db_err_set(err, -ENOMEM, "%s: out of memory", dir);
	text = json_dumps(result, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
	if (!text) {
		rc = db_err_set(err, -ENOMEM, "%s: cannot encode JSON", path);
		goto out;
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		rc = db_err_set(err, -errno, "%s: cannot open: %s", dir,
				strerror(errno));
		goto out;
	}
	fd = open_temp(dfd, final, tmp, sizeof(tmp));
	if (fd == -EEXIST) {
		rc = db_err_set(err, fd, "%s: no free temporary name", dir);
		goto out;
	} else if (fd < 0) {
		rc = db_err_set(err, fd, "%s/%s: cannot create: %s", dir, tmp,
				strerror(-fd));
		goto out;
	}
	rc = write_all(fd, text, strlen(text));
	if (!rc)
		rc = write_all(fd, "\n", 1);
	if (!rc && fsync(fd))
		rc = -errno;
	if (close(fd) && !rc)
		rc = -errno;
	if (rc) {
		db_err_set(err, rc, "%s/%s: cannot write: %s", dir, tmp,
			   strerror(-rc));
		goto unlink_tmp;
	}
	rc = publish(dfd, tmp, final, force);
	if (rc == -EEXIST) {
		db_err_set(err, rc,
			   "%s: already exists, not replaced (use --force)",
			   path);
		goto unlink_tmp;
	} else if (rc) {
		db_err_set(err, rc, "%s: cannot rename into place: %s", path,
			   strerror(-rc));
		goto unlink_tmp;
	}
	/* the rename is only durable once the directory is */
	if (fsync(dfd)) {
		rc = db_err_set(err, -errno, "%s: fsync: %s", dir,
				strerror(errno));
		goto out;
	}
	if (path_out) {
		*path_out = path;
		path = NULL;
	}
	goto out;
unlink_tmp:
	unlinkat(dfd, tmp, 0);
out:
	if (dfd >= 0)
		close(dfd);
	free(text);
	free(path);
	return rc;
}

/* --- reading --------------------------------------------------------- */

static const char *type_name(const json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a real";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	case JSON_NULL:
	default:
		return "null";
	}
}

enum want { W_OBJECT, W_ARRAY, W_STRING, W_BOOL, W_NUMBER, W_STRING_NULL };

static const char *const want_name[] = {
	[W_OBJECT] = "an object", [W_ARRAY] = "an array",
	[W_STRING] = "a string",  [W_BOOL] = "a boolean",
	[W_NUMBER] = "a number",  [W_STRING_NULL] = "a string or null",
};

static bool is_want(const json_t *j, enum want w)
{
	switch (w) {
	case W_OBJECT:
		return json_is_object(j);
	case W_ARRAY:
		return json_is_array(j);
	case W_STRING:
		return json_is_string(j);
	case W_BOOL:
		return json_is_boolean(j);
	case W_NUMBER:
		return json_is_number(j);
	case W_STRING_NULL:
		return json_is_string(j) || json_is_null(j);
	}
	return false;
}

/*
 * Check @key of @obj (at JSON path @at, "" for the root). A missing key
 * is an error when @required. Sets *@out to the member (or NULL).
 */
static int check_field(const char *file, const json_t *obj, const char *at,
		       const char *key, enum want w, bool required,
		       json_t **out, struct db_err *err)
{
	json_t *j = json_object_get(obj, key);
	const char *dot = *at ? "." : "";

	if (out)
		*out = j;
	if (!j) {
		if (!required)
			return 0;
		return db_err_set(err, -EINVAL, "%s: %s%s%s: missing", file, at,
				  dot, key);
	}
	if (!is_want(j, w))
		return db_err_set(err, -EINVAL,
				  "%s: %s%s%s: expected %s, got %s", file, at,
				  dot, key, want_name[w], type_name(j));
	return 0;
}

static int check_metric(const char *file, const char *at, const json_t *m,
			struct db_err *err)
{
	static const char *const data[] = { "samples", "histogram", "summary",
					    "value" };
	static const enum want data_type[] = { W_ARRAY, W_OBJECT, W_OBJECT,
					       W_NUMBER };
	bool any = false;
	size_t i;
	int rc;

	if (!json_is_object(m))
		return db_err_set(err, -EINVAL,
				  "%s: %s: expected an object, got %s", file,
				  at, type_name(m));
	rc = check_field(file, m, at, "unit", W_STRING, true, NULL, err);
	for (i = 0; !rc && i < sizeof(data) / sizeof(data[0]); i++) {
		json_t *j;

		rc = check_field(file, m, at, data[i], data_type[i], false, &j,
				 err);
		any |= j != NULL;
	}
	if (!rc && !any)
		rc = db_err_set(err, -EINVAL,
				"%s: %s: has none of samples, histogram, "
				"summary, value",
				file, at);
	return rc;
}

static int check_point(const char *file, size_t idx, const json_t *p,
		       struct db_err *err)
{
	char at[64], mat[512];
	json_t *metrics = NULL;
	void *it;
	int rc;

	snprintf(at, sizeof(at), "points[%zu]", idx);
	if (!json_is_object(p))
		return db_err_set(err, -EINVAL,
				  "%s: %s: expected an object, got %s", file,
				  at, type_name(p));
	rc = check_field(file, p, at, "params", W_OBJECT, true, NULL, err);
	if (!rc)
		rc = check_field(file, p, at, "metrics", W_OBJECT, true,
				 &metrics, err);
	if (!rc)
		rc = check_field(file, p, at, "unmeasured", W_OBJECT, false,
				 NULL, err);
	/* plain loops: clang-format mangles the jansson foreach macros */
	for (it = json_object_iter(metrics); it && !rc;
	     it = json_object_iter_next(metrics, it)) {
		snprintf(mat, sizeof(mat), "%s.metrics.%s", at,
			 json_object_iter_key(it));
		rc = check_metric(file, mat, json_object_iter_value(it), err);
	}
	return rc;
}

/* Required top-level fields, in file order. */
static const struct {
	const char *key;
	enum want type;
} required_top[] = {
	{ "tool", W_OBJECT },	      { "run_id", W_STRING },
	{ "started", W_STRING },      { "complete", W_BOOL },
	{ "host", W_OBJECT },	      { "target", W_OBJECT },
	{ "capabilities", W_OBJECT }, { "scenario", W_OBJECT },
	{ "points", W_ARRAY },
};

static int result_check(const char *file, const json_t *r, struct db_err *err)
{
	json_t *schema, *tool, *points;
	size_t i;
	int rc;

	if (!json_is_object(r))
		return db_err_set(err, -EINVAL,
				  "%s: expected a result object, got %s", file,
				  type_name(r));
	schema = json_object_get(r, "schema");
	if (!schema)
		return db_err_set(err, -EINVAL, "%s: schema: missing", file);
	if (!json_is_integer(schema))
		return db_err_set(err, -EINVAL,
				  "%s: schema: expected an integer, got %s",
				  file, type_name(schema));
	if (json_integer_value(schema) > RESULT_SCHEMA)
		return db_err_set(err, -EPROTONOSUPPORT,
				  "%s: schema: version %" JSON_INTEGER_FORMAT
				  " is newer than this daxbench reads (%d); "
				  "upgrade daxbench",
				  file, json_integer_value(schema),
				  RESULT_SCHEMA);
	if (json_integer_value(schema) < 1)
		return db_err_set(err, -EINVAL,
				  "%s: schema: %" JSON_INTEGER_FORMAT
				  " is not a result schema version",
				  file, json_integer_value(schema));
	for (i = 0; i < sizeof(required_top) / sizeof(required_top[0]); i++) {
		rc = check_field(file, r, "", required_top[i].key,
				 required_top[i].type, true, NULL, err);
		if (rc)
			return rc;
	}
	rc = check_field(file, r, "", "finished", W_STRING_NULL, false, NULL,
			 err);
	tool = json_object_get(r, "tool");
	if (!rc)
		rc = check_field(file, tool, "tool", "name", W_STRING, true,
				 NULL, err);
	if (!rc)
		rc = check_field(file, tool, "tool", "version", W_STRING, true,
				 NULL, err);
	if (!rc)
		rc = check_field(file, tool, "tool", "git", W_STRING_NULL,
				 false, NULL, err);
	if (!rc && strcmp(json_string_value(json_object_get(tool, "name")),
			  PACKAGE_NAME))
		rc = db_err_set(
			err, -EINVAL,
			"%s: tool.name: \"%s\" is not %s: not a "
			"daxbench result",
			file, json_string_value(json_object_get(tool, "name")),
			PACKAGE_NAME);
	points = json_object_get(r, "points");
	for (i = 0; i < json_array_size(points) && !rc; i++)
		rc = check_point(file, i, json_array_get(points, i), err);
	return rc;
}

/* Keep @r as *@result if it is a result this daxbench reads; else drop it. */
static int result_check_loaded(const char *origin, json_t *r, json_t **result,
			       struct db_err *err)
{
	int rc = result_check(origin, r, err);

	if (rc) {
		json_decref(r);
		return rc;
	}
	*result = r;
	return 0;
}

int result_load(const char *path, json_t **result, struct db_err *err)
{
	json_error_t jerr;
	json_t *r;

	*result = NULL;
	r = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!r) {
		/* jansson says "unable to open" for every errno; keep ours */
		if (access(path, R_OK))
			return db_err_set(err, -errno, "%s: cannot read: %s",
					  path, strerror(errno));
		return db_err_set(err, -EINVAL, "%s:%d:%d: not valid JSON: %s",
				  path, jerr.line, jerr.column, jerr.text);
	}
	return result_check_loaded(path, r, result, err);
}

int result_load_string(const char *text, const char *origin, json_t **result,
		       struct db_err *err)
{
	json_error_t jerr;
	json_t *r;

	*result = NULL;
	if (!origin)
		origin = "<string>";
	r = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	if (!r)
		return db_err_set(err, -EINVAL, "%s:%d:%d: not valid JSON: %s",
				  origin, jerr.line, jerr.column, jerr.text);
	return result_check_loaded(origin, r, result, err);
}

/* --- lean reading ---------------------------------------------------- */

/*
 * result_load_lean(): compare reads results of 10^6 samples and more, and
 * a jansson tree spends ~50 bytes and an allocation on every one of
 * them. A pre-pass finds the arrays at points[i].metrics.M.samples that
 * hold only JSON numbers, reads them into doubles and hands jansson the
 * text with "[]" in their place. The pre-pass follows the grammar only
 * as far as it needs to and never judges the text: whenever jansson or
 * the schema check refuses the lean text, the file is loaded again the
 * full way, so that errors (and their line and column) are result_load()'s
 * own.
 */

struct lean_ent {
	const json_t *arr; /* the empty array left in the tree */
	size_t point;
	char *metric;
	double *v;
	size_t n;
};

struct result_samples {
	struct lean_ent *e;
	size_t n, cap;
};

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

/* Where the scanner is in a result, as far as sample arrays care. */
enum lean_ctx {
	LC_OTHER,
	LC_ROOT,
	LC_POINTS,
	LC_POINT,
	LC_METRICS,
	LC_METRIC,
	LC_SAMPLES,
};

/* Nesting beyond any result; bounds the recursion on hostile input. */
#define LEAN_MAX_DEPTH 64

struct lean_scan {
	const char *p, *end;
	const char *copied; /* the text before this is in out already */
	char *out;
	size_t outlen, outcap;
	struct result_samples *tab;
	size_t point; /* index in points[] of the point being scanned */
	const char *metric; /* key of the metric being scanned */
	size_t metric_len;
	int depth;
	int err; /* -EINVAL: not what a result looks like; -ENOMEM */
};

static void lean_ws(struct lean_scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' ||
				 *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

static const char *lean_ws_at(const char *q, const char *end)
{
	while (q < end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
		q++;
	return q;
}

/* A string at s->p: its raw bytes, and whether it has escapes. */
static void lean_string(struct lean_scan *s, const char **str, size_t *len,
			bool *esc)
{
	const char *q = s->p + 1;

	*esc = false;
	while (q < s->end && *q != '"') {
		if (*q == '\\') {
			*esc = true;
			q++;
		}
		q++;
	}
	if (q >= s->end) {
		s->err = -EINVAL;
		return;
	}
	*str = s->p + 1;
	*len = (size_t)(q - *str);
	s->p = q + 1;
}

static bool lean_is_digit(const char *q, const char *end)
{
	return q < end && *q >= '0' && *q <= '9';
}

/*
 * The end of the JSON number at @q, or NULL if there is none; *@is_int
 * when it has neither fraction nor exponent (jansson's integers).
 */
static const char *lean_number_end(const char *q, const char *end, bool *is_int)
{
	*is_int = true;
	if (q < end && *q == '-')
		q++;
	if (!lean_is_digit(q, end))
		return NULL;
	if (*q++ != '0')
		while (lean_is_digit(q, end))
			q++;
	if (q < end && *q == '.') {
		*is_int = false;
		if (!lean_is_digit(++q, end))
			return NULL;
		while (lean_is_digit(q, end))
			q++;
	}
	if (q < end && (*q == 'e' || *q == 'E')) {
		*is_int = false;
		q++;
		if (q < end && (*q == '+' || *q == '-'))
			q++;
		if (!lean_is_digit(q, end))
			return NULL;
		while (lean_is_digit(q, end))
			q++;
	}
	return q;
}

/*
 * The number [@q, @e) as json_number_value() would give it; false where
 * jansson refuses it (an integer beyond json_int_t, a real overflowing).
 */
static bool lean_number_value(const char *q, const char *e, bool is_int,
			      double *out)
{
	unsigned long long acc = 0, lim = LLONG_MAX;
	bool neg = *q == '-';
	char *stop;
	double d;

	if (!is_int) {
		errno = 0;
		d = strtod(q, &stop);
		if (stop != e || (errno == ERANGE && isinf(d)))
			return false;
		*out = d;
		return true;
	}
	if (neg) {
		q++;
		lim = (unsigned long long)LLONG_MAX + 1;
	}
	for (; q < e; q++) {
		unsigned int dig = (unsigned int)(*q - '0');

		if (acc > (lim - dig) / 10)
			return false;
		acc = acc * 10 + dig;
	}
	/* the same conversion as jansson's: to json_int_t, then to double */
	if (!neg)
		*out = (double)(long long)acc;
	else if (acc == lim)
		*out = (double)LLONG_MIN;
	else
		*out = (double)-(long long)acc;
	return true;
}

static int lean_append(struct lean_scan *s, const char *p, size_t len)
{
	if (s->outlen + len + 1 > s->outcap) {
		size_t cap = s->outcap ? s->outcap : 4096;
		char *o;

		while (cap < s->outlen + len + 1)
			cap *= 2;
		o = realloc(s->out, cap);
		if (!o)
			return -ENOMEM;
		s->out = o;
		s->outcap = cap;
	}
	memcpy(s->out + s->outlen, p, len);
	s->outlen += len;
	s->out[s->outlen] = '\0';
	return 0;
}

/*
 * Take the samples array at s->p if it holds one or more numbers and
 * nothing else: true when taken (s->p is past it), false to scan it as
 * any other array (jansson then keeps it, or refuses it).
 */
static bool lean_take(struct lean_scan *s)
{
	const char *q = lean_ws_at(s->p + 1, s->end), *start = q, *e;
	struct result_samples *tab = s->tab;
	size_t n = 0, i;
	bool is_int;
	double *v;

	/* count first: one allocation of the right size, no regrowing */
	for (;;) {
		e = lean_number_end(q, s->end, &is_int);
		if (!e)
			return false;
		n++;
		q = lean_ws_at(e, s->end);
		if (q < s->end && *q == ']')
			break;
		if (q >= s->end || *q != ',')
			return false;
		q = lean_ws_at(q + 1, s->end);
	}
	if (tab->n == tab->cap) {
		size_t cap = tab->cap ? tab->cap * 2 : 16;
		struct lean_ent *ne = realloc(tab->e, cap * sizeof(*ne));

		if (!ne) {
			s->err = -ENOMEM;
			return false;
		}
		tab->e = ne;
		tab->cap = cap;
	}
	v = malloc(n * sizeof(*v));
	if (!v) {
		s->err = -ENOMEM;
		return false;
	}
	for (q = start, i = 0; i < n; i++) {
		e = lean_number_end(q, s->end, &is_int);
		if (!lean_number_value(q, e, is_int, &v[i])) {
			free(v);
			return false;
		}
		q = lean_ws_at(lean_ws_at(e, s->end) + 1, s->end);
	}
	tab->e[tab->n].metric = strndup(s->metric, s->metric_len);
	if (!tab->e[tab->n].metric ||
	    lean_append(s, s->copied, (size_t)(s->p - s->copied)) ||
	    lean_append(s, "[]", 2)) {
		free(tab->e[tab->n].metric);
		free(v);
		s->err = -ENOMEM;
		return false;
	}
	while (*s->p != ']') /* the closing bracket found while counting */
		s->p++;
	s->p++;
	s->copied = s->p;
	tab->e[tab->n].arr = NULL;
	tab->e[tab->n].point = s->point;
	tab->e[tab->n].v = v;
	tab->e[tab->n].n = n;
	tab->n++;
	return true;
}

static void lean_value(struct lean_scan *s, enum lean_ctx ctx);

static enum lean_ctx lean_child(struct lean_scan *s, enum lean_ctx ctx,
				const char *key, size_t len, bool esc)
{
#define KEY_IS(lit) (len == sizeof(lit) - 1 && !memcmp(key, lit, len))
	/* an escaped key may still be one of these: left to jansson then */
	if (esc)
		return LC_OTHER;
	if (ctx == LC_ROOT && KEY_IS("points"))
		return LC_POINTS;
	if (ctx == LC_POINT && KEY_IS("metrics"))
		return LC_METRICS;
	if (ctx == LC_METRICS) {
		s->metric = key;
		s->metric_len = len;
		return LC_METRIC;
	}
	if (ctx == LC_METRIC && KEY_IS("samples"))
		return LC_SAMPLES;
	return LC_OTHER;
#undef KEY_IS
}

/*
 * After a member: true at the @close bracket (passed) or on an error,
 * false past a comma, with the next member to come.
 */
static bool lean_next(struct lean_scan *s, char close)
{
	lean_ws(s);
	if (!s->err && s->p < s->end && *s->p == close) {
		s->p++;
		return true;
	}
	if (!s->err && (s->p >= s->end || *s->p != ','))
		s->err = -EINVAL;
	if (s->err)
		return true;
	s->p++;
	return false;
}

/* Steps into an object or array; true when it closes at once (empty). */
static bool lean_open(struct lean_scan *s, char close)
{
	s->p++;
	lean_ws(s);
	if (s->p < s->end && *s->p == close) {
		s->p++;
		return true;
	}
	return false;
}

static void lean_object(struct lean_scan *s, enum lean_ctx ctx)
{
	const char *key;
	size_t len;
	bool esc;

	if (lean_open(s, '}'))
		return;
	while (!s->err) {
		if (s->p >= s->end || *s->p != '"') {
			s->err = -EINVAL;
			return;
		}
		lean_string(s, &key, &len, &esc);
		if (s->err)
			return;
		lean_ws(s);
		if (s->p >= s->end || *s->p != ':') {
			s->err = -EINVAL;
			return;
		}
		s->p++;
		lean_value(s, lean_child(s, ctx, key, len, esc));
		if (lean_next(s, '}'))
			return;
		lean_ws(s);
	}
}

static void lean_array(struct lean_scan *s, enum lean_ctx ctx)
{
	size_t idx = 0;

	if (ctx == LC_SAMPLES && (lean_take(s) || s->err))
		return;
	if (lean_open(s, ']'))
		return;
	while (!s->err) {
		if (ctx == LC_POINTS)
			s->point = idx++;
		lean_value(s, ctx == LC_POINTS ? LC_POINT : LC_OTHER);
		if (lean_next(s, ']'))
			return;
	}
}

static void lean_value(struct lean_scan *s, enum lean_ctx ctx)
{
	const char *str;
	size_t len;
	bool esc;

	lean_ws(s);
	if (s->p >= s->end || ++s->depth > LEAN_MAX_DEPTH) {
		s->err = -EINVAL;
		return;
	}
	if (*s->p == '{') {
		lean_object(s, ctx);
	} else if (*s->p == '[') {
		lean_array(s, ctx);
	} else if (*s->p == '"') {
		lean_string(s, &str, &len, &esc);
	} else {
		/* a number or literal: its end is all that matters here */
		const char *q = s->p;

		while (q < s->end && !strchr(",]}: \t\n\r\"{[", *q))
			q++;
		if (q == s->p || (q < s->end && !*q))
			s->err = -EINVAL;
		s->p = q;
	}
	s->depth--;
}

/*
 * Load @len bytes at @text leanly. Return 0 with *@result, 1 when the
 * text must be loaded the full way (jansson or the checks refuse the
 * lean text, or nothing was taken out), or -ENOMEM.
 */
static int lean_load(const char *text, size_t len, const char *origin,
		     json_t **result, struct result_samples **tab)
{
	struct lean_scan s = { .p = text, .end = text + len, .copied = text };
	struct db_err quiet = { 0 };
	const json_t *points;
	json_error_t jerr;
	json_t *r;
	size_t i;
	int rc = 1;

	s.tab = calloc(1, sizeof(*s.tab));
	if (!s.tab)
		return -ENOMEM;
	lean_value(&s, LC_ROOT);
	if (s.err || !s.tab->n) {
		rc = s.err == -ENOMEM ? -ENOMEM : 1;
		goto out;
	}
	if (lean_append(&s, s.copied, (size_t)(s.end - s.copied))) {
		rc = -ENOMEM;
		goto out;
	}
	r = json_loadb(s.out, s.outlen, JSON_REJECT_DUPLICATES, &jerr);
	/* the text is not needed past here: free it before any statistics */
	free(s.out);
	s.out = NULL;
	if (!r || result_check(origin, r, &quiet)) {
		json_decref(r);
		goto out;
	}
	points = json_object_get(r, "points");
	for (i = 0; i < s.tab->n; i++) {
		struct lean_ent *e = &s.tab->e[i];
		const json_t *a = json_object_get(
			json_object_get(
				json_object_get(json_array_get(points, e->point),
						"metrics"),
				e->metric),
			"samples");

		if (!json_is_array(a) || json_array_size(a)) {
			json_decref(r); /* cannot happen on valid JSON */
			goto out;
		}
		e->arr = a;
	}
	*result = r;
	*tab = s.tab;
	s.tab = NULL;
	rc = 0;
out:
	free(s.out);
	result_samples_free(s.tab);
	return rc;
}

int result_load_lean_buf(const char *text, size_t len, const char *origin,
			 json_t **result, struct result_samples **tab,
			 struct db_err *err)
{
	json_error_t jerr;
	json_t *r;
	int rc;

	*result = NULL;
	*tab = NULL;
	if (!origin)
		origin = "<string>";
	rc = lean_load(text, len, origin, result, tab);
	if (rc <= 0)
		return rc ? db_err_set(err, rc, "%s: out of memory", origin) :
			    0;
	r = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!r)
		return db_err_set(err, -EINVAL, "%s:%d:%d: not valid JSON: %s",
				  origin, jerr.line, jerr.column, jerr.text);
	return result_check_loaded(origin, r, result, err);
}

int result_load_lean(const char *path, json_t **result,
		     struct result_samples **tab, struct db_err *err)
{
	struct stat st;
	void *map;
	int fd, rc;

	*result = NULL;
	*tab = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return result_load(path, result, err);
	/*
	 * mmap, not a malloc'd copy: the pages of the text go back to the
	 * page cache with munmap() before the statistics need the memory.
	 */
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || !st.st_size) {
		close(fd);
		return result_load(path, result, err);
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return result_load(path, result, err);
	rc = lean_load(map, (size_t)st.st_size, path, result, tab);
	munmap(map, (size_t)st.st_size);
	if (rc < 0)
		return db_err_set(err, rc, "%s: out of memory", path);
	return rc ? result_load(path, result, err) : 0;
}
