// SPDX-License-Identifier: GPL-2.0-only
/*
 * Result files (see result.h and daxbench-result(5)): building the tree
 * and writing it. A result is a jansson tree that the run engine fills
 * while it runs; writing it is atomic and never clobbers an earlier
 * result, because a result that took an hour to make must survive a
 * crash, a full disk or a second run with the same name. The output
 * directory is probed the same way before a run starts.
 *
 * The other files:
 *   result-provenance.c  the tool, the invocation, the scenario file
 *   result-load.c        reading a result, its schema checked
 *   result-fastload.c    reading one fast, its samples as doubles
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "fsutil.h"
#include "result-int.h"
#include "stats.h"

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
	tool = result_tool();
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

/* mkdir -p @dir, a failure said in @err. */
static int make_dir(const char *dir, struct db_err *err)
{
	int rc = fsutil_mkdir_p(dir, 0777);

	if (rc == -EEXIST)
		return db_err_set(err, -ENOTDIR, "%s: not a directory", dir);
	if (rc == -ENOMEM)
		return db_err_set(err, rc, "%s: out of memory", dir);
	if (rc)
		return db_err_set(err, rc, "%s: cannot create: %s", dir,
				  strerror(-rc));
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

	rc = make_dir(dir, err);
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

/*
 * @text and a newline into a new temporary file in @dfd (@dir), named in
 * @tmp, on disk when this returns 0; else the file is gone again.
 */
static int write_temp(int dfd, const char *dir, const char *final,
		      const char *text, char *tmp, size_t len,
		      struct db_err *err)
{
	int fd = open_temp(dfd, final, tmp, len), rc;

	if (fd == -EEXIST)
		return db_err_set(err, fd, "%s: no free temporary name", dir);
	if (fd < 0)
		return db_err_set(err, fd, "%s/%s: cannot create: %s", dir, tmp,
				  strerror(-fd));
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
		unlinkat(dfd, tmp, 0);
	}
	return rc;
}

/* Move @tmp to @final (@path) in @dfd, durably; else drop @tmp. */
static int move_into_place(int dfd, const char *dir, const char *tmp,
			   const char *final, const char *path, bool force,
			   struct db_err *err)
{
	int rc = publish(dfd, tmp, final, force);

	if (rc) {
		if (rc == -EEXIST)
			db_err_set(
				err, rc,
				"%s: already exists, not replaced (use --force)",
				path);
		else
			db_err_set(err, rc, "%s: cannot rename into place: %s",
				   path, strerror(-rc));
		unlinkat(dfd, tmp, 0);
		return rc;
	}
	/* the rename is only durable once the directory is */
	if (fsync(dfd))
		return db_err_set(err, -errno, "%s: fsync: %s", dir,
				  strerror(errno));
	return 0;
}

int result_write(json_t *result, const char *dir, bool force, char **path_out,
		 struct db_err *err)
{
	char stem[256], final[300], tmp[320];
	char *text = NULL, *path = NULL;
	int dfd = -1, rc;

	if (path_out)
		*path_out = NULL;
	rc = make_dir(dir, err);
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
	rc = write_temp(dfd, dir, final, text, tmp, sizeof(tmp), err);
	if (!rc)
		rc = move_into_place(dfd, dir, tmp, final, path, force, err);
	if (!rc && path_out) {
		*path_out = path;
		path = NULL;
	}
out:
	if (dfd >= 0)
		close(dfd);
	free(text);
	free(path);
	return rc;
}
