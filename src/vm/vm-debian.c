// SPDX-License-Identifier: GPL-2.0-only
/*
 * A guest kernel from Debian's packages: one linux-image .deb, or a split
 * kernel's metapackage with its linux-binary, linux-modules and
 * linux-base parts. Packages are fetched with apt-get download (the
 * host's apt first, then the private one of vm-apt.c that reads
 * bookworm .. sid), unpacked once into the cache with
 * a modules.dep made for them, and recorded with their version and the
 * suite they came from. A version prefix ("7", "6.12") picks the newest
 * package of that line.
 */
#include "config.h"

#include <ctype.h>
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

/* The only directory under ROOT/lib/modules. */
static int sole_release(const char *root, char *rel, size_t rlen,
			struct db_err *err)
{
	char *d = db_asprintf("%s/lib/modules", root);
	struct dirent *de;
	int found = 0;
	DIR *dir;

	if (!d)
		return -ENOMEM;
	dir = opendir(d);
	if (!dir) {
		db_err_set(err, -EINVAL, "%s: no kernel modules in the package",
			   d);
		free(d);
		return -EINVAL;
	}
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(rel, rlen, "%s", de->d_name);
		found++;
	}
	closedir(dir);
	free(d);
	if (found != 1)
		return db_err_set(err, -EINVAL,
				  "%s: %d module trees, expected one", root,
				  found);
	return 0;
}

int vm_deb_field(const char *deb, const char *field, char *out, size_t len,
		 struct db_err *err)
{
	char *argv[] = { "dpkg-deb", "-f", (char *)deb, (char *)field, NULL };
	struct child_io io = { 0 };
	int rc = vm_tool_run_ok(argv, &io, err);

	if (!rc) {
		snprintf(out, len, "%s", io.out);
		vm_trim(out);
	} else if (rc == -ENOENT) {
		db_err_set(err, rc,
			   "dpkg-deb: not found: apt-get install dpkg");
	} else {
		db_err_prefix(err, -EINVAL, "%s", deb);
		rc = -EINVAL;
	}
	free(io.out);
	return rc;
}

/*
 * The root that holds lib/modules/REL in an unpacked kernel: DIR itself
 * (bookworm's packages), or DIR/usr (merged-/usr split packages, whose
 * vmlinuz, config and modules.builtin sit in usr/lib/modules/REL too).
 */
static int kernel_root(const char *dir, char **root, char *rel, size_t rlen,
		       struct db_err *err)
{
	char *lm = db_asprintf("%s/lib/modules", dir);
	bool own = lm && vm_exists(lm);

	free(lm);
	*root = own ? strdup(dir) : db_asprintf("%s/usr", dir);
	if (!*root)
		return -ENOMEM;
	return sole_release(*root, rel, rlen, err);
}

/* BASE/boot/NAME-REL, else ROOT/lib/modules/REL/ALT (split packages). */
static char *kernel_file(const char *base, const char *root, const char *rel,
			 const char *name, const char *alt)
{
	char *p = db_asprintf("%s/boot/%s-%s", base, name, rel);

	if (!p || vm_exists(p))
		return p;
	free(p);
	p = db_asprintf("%s/lib/modules/%s/%s", root, rel, alt);
	if (p && !vm_exists(p)) {
		free(p);
		p = NULL;
	}
	return p;
}

/* Unpack @n packages into @tmp and give their modules a modules.dep. */
static int unpack_debs(char *const *debs, size_t n, const char *tmp,
		       struct db_err *err)
{
	char rel[256], *root = NULL;
	size_t i;
	int rc = fsutil_mkdir_p(tmp, 0755);

	for (i = 0; i < n && !rc; i++) {
		char *argv[] = { "dpkg-deb", "-x", debs[i], (char *)tmp, NULL };
		struct child_io io = { 0 };

		rc = vm_tool_run_ok(argv, &io, err);
		free(io.out);
		if (rc)
			db_err_prefix(err, rc, "%s", debs[i]);
	}
	if (!rc)
		rc = kernel_root(tmp, &root, rel, sizeof(rel), err);
	if (!rc) {
		/* a split kernel without its parts is no kernel to cache */
		char *img = kernel_file(tmp, root, rel, "vmlinuz", "vmlinuz");

		if (!img)
			rc = db_err_set(err, -EINVAL,
					"no boot/vmlinuz-%s nor "
					"lib/modules/%s/vmlinuz%s",
					rel, rel,
					n == 1 ?
						" (a split kernel: give its "
						"linux-binary, linux-modules "
						"and linux-base packages too)" :
						"");
		free(img);
	}
	/* the packages ship no modules.dep: make one for modprobe -d */
	if (!rc)
		rc = vm_depmod(root, rel, true, err);
	free(root);
	return rc;
}

/*
 * Extract a kernel's .deb files into the cache once; later runs reuse
 * it. One linux-image package, or a split one: the linux-image
 * metapackage with its linux-binary, linux-modules and linux-base.
 */
int vm_resolve_debs(char *const *debs, size_t n, const char *cache,
		    vm_progress_fn pr, void *parg, struct vm_kernel *k,
		    struct db_err *err)
{
	char pkg[256] = "", ver[128] = "", p[256], v[128], rel[256];
	char *dir = NULL, *tmp = NULL, *root = NULL;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		if (!vm_exists(debs[i]))
			return db_err_set(err, -ENOENT, "%s: %s", debs[i],
					  strerror(ENOENT));
		rc = vm_deb_field(debs[i], "Package", p, sizeof(p), err);
		if (!rc)
			rc = vm_deb_field(debs[i], "Version", v, sizeof(v),
					  err);
		if (rc)
			return rc;
		k->pkgs[i].name = strdup(p);
		k->pkgs[i].version = strdup(v);
		k->npkgs = i + 1;
		if (!strncmp(p, "linux-image-", 12) && !*pkg) {
			snprintf(pkg, sizeof(pkg), "%s", p);
			snprintf(ver, sizeof(ver), "%s", v);
		}
	}
	if (!*pkg)
		return db_err_set(err, -EINVAL,
				  "%s: package %s is not a linux-image",
				  debs[0], p);
	dir = db_asprintf("%s/kernels/%s_%s", cache, pkg, ver);
	tmp = db_asprintf("%s/kernels/.tmp-%s_%s.%d", cache, pkg, ver,
			  (int)getpid());
	if (!dir || !tmp) {
		rc = -ENOMEM;
		goto out;
	}
	if (!vm_exists(dir)) {
		if (pr)
			pr(parg, n > 1 ? "extracting the kernel packages" :
					 "extracting the kernel package");
		rc = unpack_debs(debs, n, tmp, err);
		if (!rc && rename(tmp, dir) && errno != ENOTEMPTY &&
		    errno != EEXIST)
			rc = db_err_set(err, -errno, "%s: %s", dir,
					strerror(errno));
		vm_rm_rf(tmp);
		if (rc) {
			db_err_prefix(err, rc, "%s", pkg);
			goto out;
		}
	}
	rc = kernel_root(dir, &root, rel, sizeof(rel), err);
	if (rc)
		goto out;
	k->release = strdup(rel);
	k->image = kernel_file(dir, root, rel, "vmlinuz", "vmlinuz");
	k->config = kernel_file(dir, root, rel, "config", "config");
	k->label = db_asprintf("%s %s", pkg, ver);
	k->modroot = root;
	root = NULL;
	if (!k->release || !k->label)
		rc = -ENOMEM;
	else if (!k->image)
		rc = db_err_set(err, -EINVAL, "%s: no vmlinuz in %s", pkg, dir);
out:
	free(root);
	free(dir);
	free(tmp);
	return rc;
}

/* The newest PKG_*.deb already in DIR (apt-get download names them so). */
static char *cached_deb(const char *dir, const char *pkg)
{
	size_t n = strlen(pkg);
	struct dirent *de;
	char *best = NULL;
	time_t t = 0;
	DIR *d = opendir(dir);

	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		struct stat st;
		char *p;
		size_t l = strlen(de->d_name);

		if (strncmp(de->d_name, pkg, n) || de->d_name[n] != '_' ||
		    l < 4 || strcmp(de->d_name + l - 4, ".deb"))
			continue;
		p = db_asprintf("%s/%s", dir, de->d_name);
		if (p && !stat(p, &st) && (!best || st.st_mtime > t)) {
			free(best);
			best = p;
			t = st.st_mtime;
		} else {
			free(p);
		}
	}
	closedir(d);
	return best;
}

static bool pkg_name_ok(const char *p)
{
	if (!*p || !isalnum((unsigned char)*p))
		return false;
	for (; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("+-.", *p))
			return false;
	return true;
}

int vm_not_found(const char *cache, const char *what, const char *why,
		 struct db_err *err)
{
	char *suites = vm_apt_suites(cache);

	db_err_set(err, -ENOPKG,
		   "%s: in no Debian suite that could be read%s%s"
		   " (suites: %s)",
		   what, *why ? ": " : "", why, suites ? suites : "?");
	free(suites);
	return -ENOPKG;
}

/* Whether apt's words @why say it knows no such package. */
static bool apt_missing(const char *why)
{
	return strstr(why, "Unable to locate") ||
	       strstr(why, "no installation") || strstr(why, "Can't select");
}

/* apt-get download @pkg into @dir: the host's apt, then the private one. */
int vm_deb_download(const char *pkg, const char *cache, const char *dir,
		    vm_progress_fn pr, void *parg, char **deb,
		    struct db_err *err)
{
	char *argv[] = { "apt-get",  "-o", "APT::Sandbox::User=root",
			 "download", "-q", (char *)pkg,
			 NULL };
	const char *const pargs[] = { "download", "-q", pkg, NULL };
	struct child_io io = { .cwd = dir };
	char msg[300];
	int rc, status = 0;

	*deb = cached_deb(dir, pkg);
	if (*deb)
		return 0;
	snprintf(msg, sizeof(msg), "downloading %s", pkg);
	if (pr)
		pr(parg, msg);
	rc = fsutil_mkdir_p(dir, 0755);
	if (!rc)
		rc = child_run(argv, &io, &status);
	free(io.out);
	if (rc == -ENOENT)
		return db_err_set(err, -ENOPKG,
				  "apt-get: not found: fetch the "
				  ".deb yourself and use --deb");
	if (rc || status) {
		/* not in the host's suites: look in the private apt's */
		memset(&io, 0, sizeof(io));
		rc = vm_apt_update(cache, pr, parg, err);
		if (rc)
			return db_err_prefix(err, rc, "%s", pkg);
		rc = vm_apt_run(cache, "apt-get", pargs, dir, &io, &status);
		free(io.out);
		if (!rc && status && apt_missing(io.errtxt))
			return vm_not_found(cache, pkg, "", err);
		if (!rc && status)
			return db_err_set(err, -ENOPKG,
					  "%s: apt-get download: %s", pkg,
					  io.errtxt[0] ? io.errtxt : "failed");
		if (rc)
			return db_err_set(err, rc, "%s: apt-get download: %s",
					  pkg, strerror(-rc));
	}
	*deb = cached_deb(dir, pkg);
	return *deb ? 0 :
		      db_err_set(err, -ENOPKG,
				 "%s: apt-get download left no .deb in %s", pkg,
				 dir);
}

/* The suite in an apt-cache madison line for @ver, e.g. "sid". */
static char *madison_suite(char *out, const char *ver)
{
	char *line, *save = NULL, *f[3], *s;
	int i;

	for (line = strtok_r(out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		/* " PKG | VERSION | URL SUITE/main amd64 Packages" */
		f[0] = line;
		for (i = 1; i < 3 && f[i - 1]; i++) {
			f[i] = strchr(f[i - 1], '|');
			if (f[i])
				*f[i]++ = '\0';
		}
		if (!f[1] || !f[2])
			continue;
		vm_trim(f[1]);
		s = f[1] + strspn(f[1], " ");
		if (strcmp(s, ver))
			continue;
		s = strchr(f[2] + strspn(f[2], " "), ' ');
		if (!s)
			continue;
		s += strspn(s, " ");
		s[strcspn(s, "/ ")] = '\0';
		return *s ? strdup(s) : NULL;
	}
	return NULL;
}

/*
 * The suite apt found @pkg @ver in (the host's apt, then the private
 * one), kept beside the .deb so that a cached package still says where
 * it came from when the lists are gone. NULL when apt does not know.
 */
char *vm_deb_suite(const char *cache, const char *deb, const char *pkg,
		   const char *ver)
{
	char *argv[] = { "apt-cache", "madison", (char *)pkg, NULL };
	const char *const pargs[] = { "madison", pkg, NULL };
	char *side = db_asprintf("%s.suite", deb), *suite = NULL;
	struct child_io io = { 0 };
	int status;
	FILE *f;

	if (!side)
		return NULL;
	if (!vm_read_all(side, &suite, NULL)) {
		vm_trim(suite);
		goto out;
	}
	if (!child_run(argv, &io, &status) && !status)
		suite = madison_suite(io.out, ver);
	free(io.out);
	memset(&io, 0, sizeof(io));
	if (!suite &&
	    !vm_apt_run(cache, "apt-cache", pargs, NULL, &io, &status) &&
	    !status)
		suite = madison_suite(io.out, ver);
	free(io.out);
	f = suite ? fopen(side, "w") : NULL;
	if (f) {
		fprintf(f, "%s\n", suite);
		fclose(f);
	}
out:
	free(side);
	return suite;
}

/*
 * The parts a split linux-image metapackage depends on: its
 * linux-binary, linux-modules and linux-base packages, by name.
 */
static int split_parts(const char *deb, char ***parts, size_t *n,
		       struct db_err *err)
{
	static const char *const kinds[] = { "linux-binary-", "linux-modules-",
					     "linux-base-" };
	char dep[4096], *tok, *save = NULL;
	size_t i;
	int rc = vm_deb_field(deb, "Depends", dep, sizeof(dep), err);

	*parts = calloc(4, sizeof(**parts));
	*n = 0;
	if (!*parts)
		return -ENOMEM;
	if (rc)
		return 0; /* no Depends: a kernel of one package */
	for (tok = strtok_r(dep, ",|", &save); tok;
	     tok = strtok_r(NULL, ",|", &save)) {
		tok += strspn(tok, " ");
		tok[strcspn(tok, " (")] = '\0';
		for (i = 0; i < 3 && *n < 3; i++) {
			if (strncmp(tok, kinds[i], strlen(kinds[i])))
				continue;
			(*parts)[(*n)++] = strdup(tok);
			break;
		}
	}
	return 0;
}

int vm_resolve_package(const char *pkg, const char *cache, vm_progress_fn pr,
		       void *parg, struct vm_kernel *k, struct db_err *err)
{
	char *dir = db_asprintf("%s/debs", cache), *debs[4] = { NULL };
	char **parts = NULL;
	size_t n = 0, i;
	int rc;

	if (!dir)
		return -ENOMEM;
	if (!pkg_name_ok(pkg)) {
		free(dir);
		return db_err_set(err, -EINVAL, "%s: not a Debian package name",
				  pkg);
	}
	rc = vm_deb_download(pkg, cache, dir, pr, parg, &debs[0], err);
	if (!rc)
		rc = split_parts(debs[0], &parts, &n, err);
	for (i = 0; !rc && i < n; i++)
		rc = vm_deb_download(parts[i], cache, dir, pr, parg,
				     &debs[i + 1], err);
	if (!rc)
		rc = vm_resolve_debs(debs, n + 1, cache, pr, parg, k, err);
	for (i = 0; !rc && i < k->npkgs; i++)
		k->pkgs[i].suite = vm_deb_suite(cache, debs[i], k->pkgs[i].name,
						k->pkgs[i].version);
	for (i = 0; i < 4; i++)
		free(debs[i]);
	for (i = 0; parts && i < n; i++)
		free(parts[i]);
	free(parts);
	free(dir);
	return rc;
}

int vm_image_names(const char *cache, const char *what, vm_progress_fn pr,
		   void *parg, char **names, struct db_err *err)
{
	const char *const args[] = { "search", "--names-only", "^linux-image-",
				     NULL };
	struct child_io io = { 0 };
	int rc, status;

	*names = NULL;
	rc = vm_apt_update(cache, pr, parg, err);
	if (rc)
		return db_err_prefix(err, rc, "%s", what);
	rc = vm_apt_run(cache, "apt-cache", args, NULL, &io, &status);
	if (rc)
		db_err_set(err, rc, "apt-cache search: %s", strerror(-rc));
	else if (status)
		rc = db_err_set(err, -ENOPKG, "apt-cache search: %s",
				io.errtxt[0] ? io.errtxt : "failed");
	if (rc) {
		free(io.out);
		return rc;
	}
	*names = io.out;
	return 0;
}

/*
 * --debian-kernel 7 / 7.3 / 6.12 / 6.1: the newest linux-image of that
 * line and @flavour ("cloud-amd64" unless said) in bookworm .. sid,
 * preferring the -unsigned package where both exist.
 */
int vm_resolve_version(const char *prefix, const char *flavour,
		       const char *cache, vm_progress_fn pr, void *parg,
		       char **pkg, struct db_err *err)
{
	char *want = db_asprintf("linux-image-%s", prefix);
	char *suffix = db_asprintf("-%s", flavour ? flavour : "cloud-amd64");
	char *usuffix = suffix ? db_asprintf("%s-unsigned", suffix) : NULL;
	char *line, *save = NULL, *best = NULL, *names = NULL, *what;
	int rc;

	*pkg = NULL;
	if (!want || !suffix || !usuffix) {
		rc = -ENOMEM;
		goto out;
	}
	what = db_asprintf("--debian-kernel %s", prefix);
	rc = what ? vm_image_names(cache, what, pr, parg, &names, err) :
		    -ENOMEM;
	free(what);
	if (rc)
		goto out;
	for (line = strtok_r(names, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		size_t l, w = strlen(want);
		char c;

		line[strcspn(line, " ")] = '\0';
		l = strlen(line);
		c = line[w];
		/* "6.1" is followed by ".0-57", never by "2" of 6.12 */
		if (strncmp(line, want, w) ||
		    (c != '.' && c != '-' && c != '+'))
			continue;
		if (!(l > strlen(suffix) &&
		      !strcmp(line + l - strlen(suffix), suffix)) &&
		    !(l > strlen(usuffix) &&
		      !strcmp(line + l - strlen(usuffix), usuffix)))
			continue;
		if (!best || strverscmp(line, best) > 0) {
			free(best);
			best = strdup(line);
		}
	}
	if (!best) {
		what = db_asprintf("--debian-kernel %s: linux-image-%s*%s",
				   prefix, prefix, suffix);
		rc = what ? vm_not_found(cache, what, "", err) : -ENOMEM;
		free(what);
		goto out;
	}
	*pkg = best;
out:
	free(names);
	free(want);
	free(suffix);
	free(usuffix);
	return rc;
}

bool vm_version_prefix(const char *s)
{
	if (!isdigit((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s) && *s != '.')
			return false;
	return s[-1] != '.';
}

/* The newest VM_DEFAULT_KERNEL_PATTERN apt knows, else the fixed name. */
char *vm_default_package(void)
{
	char *argv[] = { "apt-cache", "search", "--names-only",
			 VM_DEFAULT_KERNEL_PATTERN, NULL };
	struct child_io io = { 0 };
	long best_n = -1;
	char *best = NULL, *line, *save = NULL;
	int status;

	if (!child_run(argv, &io, &status) && !status) {
		for (line = strtok_r(io.out, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			char *sp = strchr(line, ' ');
			long n;

			if (sp)
				*sp = '\0';
			n = strtol(line + strlen("linux-image-6.1.0-"), NULL,
				   10);
			if (n > best_n) {
				free(best);
				best = strdup(line);
				best_n = n;
			}
		}
	}
	free(io.out);
	return best ? best : strdup(VM_DEFAULT_KERNEL_PKG);
}
