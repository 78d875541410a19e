// SPDX-License-Identifier: GPL-2.0-only
/*
 * A private apt for Debian's kernels: its own sources list, lists and
 * archive cache under CACHE/apt, reading bookworm .. sid whatever the
 * host's /etc/apt lists, and never touching the host's apt state. It
 * sets its own policy on the command line, over the host's apt.conf.d:
 * a suite whose Release has expired (a mirror that lags or stopped) is
 * still read, with a note, since signatures and hashes are still
 * checked; a suite that cannot be read at all is left out, with a note,
 * and costs nothing of what the other suites have. Each suite's state
 * after the last update is kept in CACHE/apt/suites, so that a kernel
 * not found later can say what every suite was.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fsutil.h"
#include "vm-int.h"

/* Lists are read once a day; after a failed suite, again in an hour. */
#define APT_FRESH_S 86400
#define APT_RETRY_S 3600

static const struct {
	const char *archive, *suite;
} apt_suites[] = {
	{ "debian", "bookworm" },
	{ "debian", "bookworm-updates" },
	{ "debian-security", "bookworm-security" },
	{ "debian", "trixie" },
	{ "debian", "trixie-backports" },
	{ "debian", "sid" },
};

#define NSUITES (sizeof(apt_suites) / sizeof(apt_suites[0]))

static const char *const apt_policy[] = {
	/* an expired Release is noted, not refused (see the top) */
	"Acquire::Check-Valid-Until=false",
	"Acquire::AllowInsecureRepositories=false",
	"Acquire::AllowDowngradeToInsecureRepositories=false",
	/* kernels need the Packages lists alone */
	"Acquire::Languages=none",
	/* the cache is root's: no "Download is performed unsandboxed" */
	"APT::Sandbox::User=root",
};

static void apt_opts(struct argv_b *b, const char *apt)
{
	char *o[] = {
		db_asprintf("Dir::Etc::SourceList=%s/sources.list", apt),
		db_asprintf("Dir::Etc::SourceParts=%s/sources.list.d", apt),
		db_asprintf("Dir::State::Lists=%s/lists", apt),
		db_asprintf("Dir::Cache=%s/cache", apt),
		strdup("Dir::State::status=/dev/null"),
		strdup("Debug::NoLocking=1"),
	};
	size_t i;

	for (i = 0; i < sizeof(o) / sizeof(o[0]); i++) {
		vm_argv_add(b, "-o");
		vm_argv_push(b, o[i]);
	}
	for (i = 0; i < sizeof(apt_policy) / sizeof(apt_policy[0]); i++) {
		vm_argv_add(b, "-o");
		vm_argv_add(b, apt_policy[i]);
	}
}

int vm_apt_run(const char *cache, const char *tool, const char *const *args,
	       const char *cwd, struct child_io *io, int *status)
{
	struct argv_b b = { 0 };
	char *apt = db_asprintf("%s/apt", cache), **argv;
	int rc;

	if (!apt)
		return -ENOMEM;
	vm_argv_add(&b, tool);
	apt_opts(&b, apt);
	for (; *args; args++)
		vm_argv_add(&b, *args);
	argv = vm_argv_done(&b);
	free(apt);
	if (!argv)
		return -ENOMEM;
	io->cwd = cwd;
	rc = child_run(argv, io, status);
	vm_argv_free(argv);
	return rc;
}

/* The sources list the private apt reads, for @mirror. */
static char *sources_text(const char *mirror)
{
	char *s = strdup(""), *t;
	size_t i;

	for (i = 0; s && i < NSUITES; i++) {
		t = db_asprintf("%sdeb %s/%s %s main\n", s, mirror,
				apt_suites[i].archive, apt_suites[i].suite);
		free(s);
		s = t;
	}
	return s;
}

/* "Fri, 06 Nov 2026 08:08:01 UTC" (a Release's dates): 0 on success. */
static int release_time(const char *s, time_t *t)
{
	struct tm tm = { 0 };
	const char *end = strptime(s, "%a, %d %b %Y %H:%M:%S", &tm);

	if (!end)
		return -EINVAL;
	*t = timegm(&tm);
	return 0;
}

/* The value of @field in the Release text @rel, into @out. */
static bool release_field(const char *rel, const char *field, char *out,
			  size_t len)
{
	size_t n = strlen(field);
	const char *p;

	for (p = rel; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (strncmp(p, field, n) || p[n] != ':')
			continue;
		p += n + 1 + strspn(p + n + 1, " ");
		snprintf(out, len, "%.*s", (int)strcspn(p, "\n"), p);
		return true;
	}
	return false;
}

/* The Release apt keeps for suite @i in LISTS, or NULL. */
static char *suite_release(const char *lists, size_t i)
{
	char *in = db_asprintf("_%s_dists_%s_InRelease", apt_suites[i].archive,
			       apt_suites[i].suite);
	char *rel = in ? db_asprintf("_%s_dists_%s_Release",
				     apt_suites[i].archive,
				     apt_suites[i].suite) :
			 NULL;
	char *path = NULL, *text = NULL;
	struct dirent *de;
	DIR *d = rel ? opendir(lists) : NULL;

	while (d && !path && (de = readdir(d))) {
		size_t l = strlen(de->d_name), a = strlen(in), b = strlen(rel);

		if ((l > a && !strcmp(de->d_name + l - a, in)) ||
		    (l > b && !strcmp(de->d_name + l - b, rel)))
			path = db_asprintf("%s/%s", lists, de->d_name);
	}
	if (d)
		closedir(d);
	if (path && vm_read_all(path, &text, NULL))
		text = NULL;
	free(path);
	free(in);
	free(rel);
	return text;
}

/*
 * Whether apt's line @l speaks of suite @i: "/debian sid InRelease",
 * "/debian sid/main amd64 Packages" or ".../debian/dists/sid/...".
 */
static bool line_names_suite(const char *l, size_t len, size_t i)
{
	char a[128], b[128];
	size_t n;
	const char *p;

	n = (size_t)snprintf(a, sizeof(a), "/%s %s", apt_suites[i].archive,
			     apt_suites[i].suite);
	snprintf(b, sizeof(b), "/%s/dists/%s/", apt_suites[i].archive,
		 apt_suites[i].suite);
	for (p = l; p < l + len; p++) {
		if (!strncmp(p, a, n) && (p[n] == ' ' || p[n] == '/'))
			return true;
		if (!strncmp(p, b, strlen(b)))
			return true;
	}
	return false;
}

/*
 * Why apt could not update suite @i, from its output @log: the detail
 * line under its "Err:" (a 404, a missing file, a name that does not
 * resolve), else its first "E:" or "W:" line. False when none.
 */
static bool suite_failure(const char *log, size_t i, char *why, size_t len)
{
	const char *l, *nl, *next;
	bool found = false;

	for (l = log; l && *l; l = nl ? nl + 1 : NULL) {
		nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);

		if (strncmp(l, "Err:", 4) && strncmp(l, "E: ", 3) &&
		    strncmp(l, "W: ", 3))
			continue;
		if (!line_names_suite(l, n, i))
			continue;
		next = nl ? nl + 1 : NULL;
		if (!strncmp(l, "Err:", 4) && next && *next == ' ') {
			next += strspn(next, " ");
			snprintf(why, len, "%.*s", (int)strcspn(next, "\n"),
				 next);
			vm_trim(why);
			return true;
		}
		if (!found) {
			snprintf(why, len, "%.*s", (int)n - 3, l + 3);
			found = true;
		}
	}
	return found;
}

/* The date of @when as 2026-11-06. */
static void day_of(time_t when, char *out, size_t len)
{
	struct tm tm;

	gmtime_r(&when, &tm);
	strftime(out, len, "%Y-%m-%d", &tm);
}

/* What became of a suite at an update; only SUITE_READ says no note. */
enum suite_state {
	SUITE_READ,
	SUITE_EXPIRED, /* read all the same */
	SUITE_NOT_REFRESHED, /* its earlier lists are read */
	SUITE_LEFT_OUT, /* nothing of it is read */
};

/*
 * Suite @i after an update whose output is @log, and the note that says
 * it in @note ("" when it was read).
 */
static enum suite_state suite_state(const char *lists, const char *log,
				    size_t i, char *note, size_t len)
{
	enum suite_state state = SUITE_READ;
	char *rel = suite_release(lists, i);
	char why[300] = "", v[64], day[16] = "?";
	bool failed = suite_failure(log, i, why, sizeof(why));
	time_t t;

	*note = '\0';
	if (!rel) {
		snprintf(note, len, "left out: %s",
			 failed ? why : "apt kept no Release for it");
		return SUITE_LEFT_OUT;
	}
	if (failed) {
		state = SUITE_NOT_REFRESHED;
		if (release_field(rel, "Date", v, sizeof(v)) &&
		    !release_time(v, &t))
			day_of(t, day, sizeof(day));
		snprintf(note, len,
			 "not refreshed (%s); its lists of %s are used", why,
			 day);
	} else if (release_field(rel, "Valid-Until", v, sizeof(v)) &&
		   !release_time(v, &t) && t < time(NULL)) {
		state = SUITE_EXPIRED;
		day_of(t, day, sizeof(day));
		snprintf(note, len,
			 "its Release expired on %s (Valid-Until); used all "
			 "the same: signatures and hashes are still checked",
			 day);
	}
	free(rel);
	return state;
}

/*
 * Each suite's state into CACHE/apt/suites ("SUITE: NOTE" lines). The
 * number of usable suites in *@usable, of suites not fully read in
 * *@failed.
 */
static int record_suites(const char *apt, const char *log, size_t *usable,
			 size_t *failed)
{
	char *lists = db_asprintf("%s/lists", apt);
	char *path = db_asprintf("%s/suites", apt);
	char note[512];
	FILE *f = lists && path ? fopen(path, "w") : NULL;
	size_t i;
	int rc = f ? 0 : (lists && path ? -errno : -ENOMEM);

	*usable = *failed = 0;
	for (i = 0; !rc && i < NSUITES; i++) {
		enum suite_state st =
			suite_state(lists, log, i, note, sizeof(note));

		*usable += st != SUITE_LEFT_OUT;
		*failed += st == SUITE_LEFT_OUT || st == SUITE_NOT_REFRESHED;
		fprintf(f, "%s: %s\n", apt_suites[i].suite,
			*note ? note : "read");
	}
	if (f && fclose(f) && !rc)
		rc = -errno;
	free(lists);
	free(path);
	return rc;
}

/* A note through @pr for each suite of APT/suites that is not fine. */
static void say_notes(const char *apt, vm_progress_fn pr, void *parg)
{
	char *path = db_asprintf("%s/suites", apt), *text = NULL, *l, *save;
	char msg[600];

	if (!pr || !path || vm_read_all(path, &text, NULL))
		text = NULL;
	for (l = text ? strtok_r(text, "\n", &save) : NULL; l;
	     l = strtok_r(NULL, "\n", &save)) {
		size_t n = strlen(l);

		if (n > 6 && !strcmp(l + n - 6, ": read"))
			continue;
		snprintf(msg, sizeof(msg), "note: Debian's %s", l);
		pr(parg, msg);
	}
	free(text);
	free(path);
}

char *vm_apt_suites(const char *cache)
{
	char *path = db_asprintf("%s/apt/suites", cache), *text = NULL, *out;
	const char *p;
	size_t n = 0;

	if (!path || vm_read_all(path, &text, NULL)) {
		free(path);
		return strdup("the suites were not read");
	}
	free(path);
	vm_trim(text);
	/* a line a suite: "bookworm: read\nsid: ..." -> "...; sid: ..." */
	out = malloc(2 * strlen(text) + 1);
	for (p = text; out && *p; p++) {
		out[n++] = *p == '\n' ? ';' : *p;
		if (*p == '\n')
			out[n++] = ' ';
	}
	if (out)
		out[n] = '\0';
	free(text);
	return out;
}

/* Whether the sources list at @src says @want and is younger than a day. */
static bool lists_fresh(const char *src, const char *want)
{
	char *have = NULL;
	struct stat st;
	bool fresh;

	if (stat(src, &st) || vm_read_all(src, &have, NULL))
		return false;
	fresh = !strcmp(have, want) && time(NULL) - st.st_mtime < APT_FRESH_S &&
		st.st_mtime <= time(NULL);
	free(have);
	return fresh;
}

/* @text into the file @path, created or truncated: 0 or -errno. */
static int write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	int rc;

	if (!f)
		return -errno;
	rc = fputs(text, f) < 0 ? -EIO : 0;
	if (fclose(f) && !rc)
		rc = -errno;
	return rc;
}

/* Make the directories the private apt writes to. */
static int apt_dirs(const char *apt)
{
	static const char *const sub[] = { "lists/partial",
					   "cache/archives/partial",
					   "sources.list.d" };
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < sizeof(sub) / sizeof(sub[0]); i++) {
		char *d = db_asprintf("%s/%s", apt, sub[i]);

		rc = d ? fsutil_mkdir_p(d, 0755) : -ENOMEM;
		free(d);
	}
	return rc;
}

/* apt-get update, its whole output in APT/update.log; 0 or -errno. */
static int apt_get_update(const char *cache, const char *apt, char **log,
			  struct db_err *err)
{
	const char *const args[] = { "update", "-q", NULL };
	struct child_io io = { .out_path = "update.log", .err_to_out = true };
	char *path = db_asprintf("%s/update.log", apt);
	int rc, status;

	if (!path)
		return -ENOMEM;
	rc = vm_apt_run(cache, "apt-get", args, apt, &io, &status);
	if (rc == -ENOENT)
		rc = db_err_set(err, -ENOPKG,
				"apt-get: not found: apt-get "
				"install apt, or fetch the "
				".deb yourself and use --deb");
	else if (rc)
		db_err_set(err, rc, "apt-get update: %s", strerror(-rc));
	else if (vm_read_all(path, log, NULL))
		rc = db_err_set(err, -EIO, "%s: %s", path, strerror(errno));
	free(path);
	return rc;
}

int vm_apt_update(const char *cache, vm_progress_fn pr, void *parg,
		  struct db_err *err)
{
	const char *mirror = getenv("DAXBENCH_DEBIAN_MIRROR");
	char *apt = db_asprintf("%s/apt", cache), *log = NULL, *suites;
	char *src = apt ? db_asprintf("%s/sources.list", apt) : NULL;
	char *want = sources_text(mirror && *mirror ? mirror :
						      "http://deb.debian.org");
	size_t usable = 0, failed = 0;
	int rc;

	if (!apt || !src || !want) {
		rc = -ENOMEM;
		goto out;
	}
	rc = 0;
	if (lists_fresh(src, want))
		goto out;
	rc = apt_dirs(apt);
	if (!rc)
		rc = write_text(src, want);
	if (rc) {
		db_err_set(err, rc, "%s: %s", src, strerror(-rc));
		goto out;
	}
	if (pr)
		pr(parg, "reading Debian's kernel lists (bookworm .. sid) "
			 "into the cache");
	rc = apt_get_update(cache, apt, &log, err);
	if (!rc)
		rc = record_suites(apt, log, &usable, &failed);
	if (rc) {
		db_err_prefix(err, rc, "private apt lists in %s", apt);
	} else if (!usable) {
		suites = vm_apt_suites(cache);
		rc = db_err_set(err, -ENOPKG,
				"no Debian suite could be read (%s; apt's "
				"output: %s/update.log)",
				suites ? suites : "", apt);
		free(suites);
	} else {
		say_notes(apt, pr, parg);
	}
	if (!rc && failed) {
		/* read again within the hour, not on every guest */
		struct timespec t[2] = {
			{ .tv_sec = time(NULL) - APT_FRESH_S + APT_RETRY_S },
			{ .tv_sec = time(NULL) - APT_FRESH_S + APT_RETRY_S },
		};

		utimensat(AT_FDCWD, src, t, 0);
	}
	if (rc)
		unlink(src); /* read again next time */
out:
	free(log);
	free(want);
	free(apt);
	free(src);
	return rc;
}
