// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel source a lab kernel is built from (--kernel-source): a tree
 * of the reviewer's, read where it is and never written to, or Debian's
 * linux-source-X package, fetched through the private apt and unpacked
 * once into CACHE/ksrc. Either way it comes with a digest for the
 * build's cache key and a record of what it was for the results: a
 * Debian package by name, version, suite and the .deb's SHA-256; a git
 * tree by its commit and the digest of its uncommitted changes; any
 * other tree by the digest of its files' names, sizes and times.
 */
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "sha256.h"
#include "vm-int.h"

void vm_ksrc_free(struct vm_ksrc *s)
{
	free(s->dir);
	free(s->label);
	free(s->digest);
	json_decref(s->json);
	memset(s, 0, sizeof(*s));
}

/* ---- a tree of the reviewer's --------------------------------------- */

static struct sha256 *walk_digest; /* nftw() passes no argument */
static size_t walk_skip; /* the length of the tree's own path */

static int walk_one(const char *path, const struct stat *st, int type,
		    struct FTW *ftw)
{
	char line[64];

	(void)ftw;
	if (type != FTW_F || !S_ISREG(st->st_mode))
		return 0;
	if (strstr(path + walk_skip, "/.git/"))
		return 0;
	snprintf(line, sizeof(line), " %lld %lld.%09ld\n",
		 (long long)st->st_size, (long long)st->st_mtim.tv_sec,
		 st->st_mtim.tv_nsec);
	sha256_update(walk_digest, path + walk_skip, strlen(path + walk_skip));
	sha256_update(walk_digest, line, strlen(line));
	return 0;
}

/* The digest of every file's name, size and time under @dir (no git). */
static int listing_digest(const char *dir, char hex[SHA256_HEX_LEN])
{
	unsigned char d[SHA256_LEN];
	struct sha256 c;
	int rc;

	sha256_init(&c);
	walk_digest = &c;
	walk_skip = strlen(dir);
	rc = nftw(dir, walk_one, 32, FTW_PHYS);
	walk_digest = NULL;
	if (rc)
		return -EIO;
	sha256_final(&c, d);
	sha256_hex(d, sizeof(d), hex);
	return 0;
}

/* "git -C @dir ARGS": its output in *@out, 0 when it ran and exited 0. */
static int git_out(const char *dir, const char *a1, const char *a2, char **out)
{
	char *argv[] = {
		"git", "-C", (char *)dir, (char *)a1, (char *)a2, NULL
	};
	struct child_io io = { 0 };
	int status = 0, rc = child_run(argv, &io, &status);

	*out = io.out;
	if (!rc && status) {
		free(io.out);
		*out = NULL;
		return -EIO;
	}
	return rc;
}

/* A git tree: its commit, and its uncommitted changes' digest. */
static int git_digest(struct vm_ksrc *s)
{
	char *head = NULL, *diff = NULL, hex[SHA256_HEX_LEN] = "";
	int rc = git_out(s->dir, "rev-parse", "HEAD", &head);

	if (!rc)
		rc = git_out(s->dir, "diff", "HEAD", &diff);
	if (!rc) {
		vm_trim(head);
		if (*diff)
			sha256_hex(diff, strlen(diff), hex);
		s->digest = db_asprintf("git %s%s%s", head,
					*hex ? " diff " : "", hex);
		s->json = json_pack("{s:s,s:s,s:s,s:b}", "kind", "tree", "path",
				    s->dir, "git_commit", head, "dirty",
				    *hex != '\0');
		if (*hex && s->json)
			json_object_set_new(s->json, "diff_sha256",
					    json_string(hex));
		s->label = db_asprintf("%s (git %.12s%s)", s->dir, head,
				       *hex ? " + changes" : "");
	}
	free(head);
	free(diff);
	if (!rc && (!s->digest || !s->json || !s->label))
		rc = -ENOMEM;
	return rc;
}

static int resolve_tree_src(const char *src, struct vm_ksrc *s,
			    struct db_err *err)
{
	static const char *const need[] = { "Makefile", "Kconfig",
					    "arch/x86/Kconfig" };
	char hex[SHA256_HEX_LEN], *p;
	size_t i;
	int rc;

	s->dir = realpath(src, NULL);
	if (!s->dir)
		return db_err_set(err, -errno, "--kernel-source %s: %s", src,
				  strerror(errno));
	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		p = db_asprintf("%s/%s", s->dir, need[i]);
		rc = p && vm_exists(p) ? 0 : -EINVAL;
		free(p);
		if (rc)
			return db_err_set(err, rc,
					  "--kernel-source %s: not a kernel "
					  "source tree (no %s)",
					  src, need[i]);
	}
	p = db_asprintf("%s/.git", s->dir);
	rc = p && vm_exists(p) ? git_digest(s) : -ENOENT;
	free(p);
	if (!rc)
		return 0;
	/* not git, or no git to ask: what the files are */
	rc = listing_digest(s->dir, hex);
	if (rc)
		return db_err_set(err, rc,
				  "--kernel-source %s: cannot read "
				  "the tree",
				  src);
	s->digest = db_asprintf("tree %s", hex);
	s->label = strdup(s->dir);
	s->json = json_pack("{s:s,s:s,s:s}", "kind", "tree", "path", s->dir,
			    "listing_sha256", hex);
	return s->digest && s->label && s->json ? 0 : -ENOMEM;
}

/* ---- Debian's linux-source-X ---------------------------------------- */

/* The tarball in an unpacked linux-source .deb: in @tmp/usr/src. */
static char *deb_tarball(const char *tmp)
{
	char *pat = db_asprintf("%s/usr/src/linux-source-*.tar.*", tmp), *p;
	glob_t g;

	if (!pat || glob(pat, 0, NULL, &g)) {
		free(pat);
		return NULL;
	}
	p = g.gl_pathc == 1 ? strdup(g.gl_pathv[0]) : NULL;
	globfree(&g);
	free(pat);
	return p;
}

/* @deb's source tree into @out, whole or not at all. */
static int unpack_source(const char *deb, const char *out, vm_progress_fn pr,
			 void *parg, struct db_err *err)
{
	char *tmp = db_asprintf("%s.tmp.%d", out, (int)getpid());
	char *debdir = tmp ? db_asprintf("%s/deb", tmp) : NULL, *tar = NULL;
	char *x1[] = { "dpkg-deb", "-x", (char *)deb, debdir, NULL };
	char *x2[] = { "tar", "-xf", NULL, "-C", tmp, NULL };
	char *top = NULL;
	struct child_io io = { 0 };
	glob_t g = { 0 };
	int rc;

	if (!debdir) {
		free(tmp);
		return -ENOMEM;
	}
	vm_rm_rf(tmp);
	rc = fsutil_mkdir_p(debdir, 0755);
	if (!rc)
		rc = vm_tool_run_ok(x1, &io, err);
	free(io.out);
	tar = rc ? NULL : deb_tarball(debdir);
	if (!rc && !tar)
		rc = db_err_set(err, -EINVAL,
				"%s: no usr/src/linux-source-*.tar.* inside",
				deb);
	if (!rc && pr)
		pr(parg, "unpacking the kernel source (about a minute)");
	memset(&io, 0, sizeof(io));
	x2[2] = tar;
	if (!rc)
		rc = vm_tool_run_ok(x2, &io, err);
	free(io.out);
	top = rc ? NULL : db_asprintf("%s/linux-source-*", tmp);
	if (top && !glob(top, GLOB_ONLYDIR, NULL, &g) && g.gl_pathc == 1) {
		if (rename(g.gl_pathv[0], out))
			rc = db_err_set(err, -errno, "%s: %s", out,
					strerror(errno));
	} else if (!rc) {
		rc = db_err_set(err, -EINVAL,
				"%s: its tarball holds no "
				"linux-source-* directory",
				deb);
	}
	if (top)
		globfree(&g);
	vm_rm_rf(tmp);
	free(top);
	free(tar);
	free(debdir);
	free(tmp);
	return rc;
}

/* "linux-source-6.1" for "6.1" or "linux-source-6.1"; NULL otherwise. */
static char *source_package(const char *src)
{
	if (!strncmp(src, "linux-source-", 13) && src[13])
		return strdup(src);
	if (vm_version_prefix(src))
		return db_asprintf("linux-source-%s", src);
	return NULL;
}

static int resolve_debian_src(const char *pkg, const char *cache,
			      vm_progress_fn pr, void *parg, struct vm_ksrc *s,
			      struct db_err *err)
{
	char *debs = db_asprintf("%s/debs", cache), *deb = NULL, *suite;
	char ver[128], hex[SHA256_HEX_LEN] = "", *mark = NULL;
	char *sha = NULL;
	int rc = debs ? vm_deb_download(pkg, cache, debs, pr, parg, &deb, err) :
			-ENOMEM;

	if (!rc)
		rc = vm_deb_field(deb, "Version", ver, sizeof(ver), err);
	if (!rc) {
		s->dir = db_asprintf("%s/ksrc/%s_%s", cache, pkg, ver);
		mark = db_asprintf("%s/ksrc/%s_%s.sha256", cache, pkg, ver);
		rc = s->dir && mark ? 0 : -ENOMEM;
	}
	/* the mark is written last: a tree without one is half unpacked */
	if (!rc && (vm_read_all(mark, &sha, NULL) || !vm_exists(s->dir))) {
		vm_rm_rf(s->dir);
		rc = unpack_source(deb, s->dir, pr, parg, err);
		if (!rc)
			rc = sha256_file(deb, hex);
		if (!rc) {
			FILE *f = fopen(mark, "w");

			rc = f && fprintf(f, "%s\n", hex) > 0 && !fclose(f) ?
				     0 :
				     -EIO;
		}
	} else if (!rc) {
		snprintf(hex, sizeof(hex), "%.64s", sha);
	}
	suite = rc ? NULL : vm_deb_suite(cache, deb, pkg, ver);
	if (!rc) {
		s->digest = db_asprintf("debian %s %s %s", pkg, ver, hex);
		s->label = db_asprintf("%s %s", pkg, ver);
		s->json = json_pack("{s:s,s:s,s:s,s:s?,s:s}", "kind", "debian",
				    "package", pkg, "version", ver, "suite",
				    suite, "deb_sha256", hex);
		rc = s->digest && s->label && s->json ? 0 : -ENOMEM;
	}
	free(suite);
	free(sha);
	free(mark);
	free(deb);
	free(debs);
	return rc;
}

int vm_ksrc_resolve(const char *src, const char *cache, vm_progress_fn pr,
		    void *parg, struct vm_ksrc *s, struct db_err *err)
{
	struct stat st;
	char *pkg;
	int rc;

	memset(s, 0, sizeof(*s));
	if (!stat(src, &st) && S_ISDIR(st.st_mode)) {
		rc = resolve_tree_src(src, s, err);
	} else {
		pkg = source_package(src);
		if (!pkg)
			return db_err_set(err, -ENOENT,
					  "--kernel-source %s: no such "
					  "directory, nor a Debian source "
					  "(linux-source-6.1, or 6.1)",
					  src);
		rc = resolve_debian_src(pkg, cache, pr, parg, s, err);
		free(pkg);
	}
	if (rc)
		vm_ksrc_free(s);
	return rc;
}
