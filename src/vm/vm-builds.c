// SPDX-License-Identifier: GPL-2.0-only
/*
 * Debian's builds of one kernel flavour between two of them, oldest
 * first: what 'daxbench bisect --good PKG --bad PKG' bisects when there
 * is no git tree. The archive holds several builds of a line at once
 * (bookworm's point release and bookworm-security: 6.1.0-47, -50, -53
 * .. -57 on 2026-12-07), and each build is a package of its own name,
 * so apt's package names are the history.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vm-int.h"

#define IMAGE "linux-image-"
#define UNSIGNED "-unsigned"

/*
 * A package name's version ("6.1.0-57", "7.3.4+deb13") and flavour
 * ("cloud-amd64", without "-unsigned"): 0, or -EINVAL when @pkg is not
 * linux-image-VERSION-FLAVOUR.
 */
static int split_name(const char *pkg, size_t *vlen, const char **flav,
		      size_t *flen)
{
	const char *v = pkg + strlen(IMAGE), *p = v;
	size_t l;

	if (strncmp(pkg, IMAGE, strlen(IMAGE)) || !isdigit((unsigned char)*p))
		return -EINVAL;
	while (isdigit((unsigned char)*p) || *p == '.')
		p++;
	if (*p == '-' && isdigit((unsigned char)p[1])) /* Debian's ABI: -57 */
		for (p++; isdigit((unsigned char)*p); p++)
			;
	else if (*p == '+') /* +deb13 */
		p += strcspn(p, "-");
	if (*p != '-' || !p[1])
		return -EINVAL;
	*vlen = (size_t)(p - v);
	*flav = p + 1;
	l = strlen(*flav);
	if (l > strlen(UNSIGNED) &&
	    !strcmp(*flav + l - strlen(UNSIGNED), UNSIGNED))
		l -= strlen(UNSIGNED);
	*flen = l;
	return 0;
}

struct build {
	char *pkg;
	char *ver;
};

/* strverscmp on the versions: 6.1.0-47 < 6.1.0-57 < 6.12.107+deb13 */
static int by_version(const void *a, const void *b)
{
	return strverscmp(((const struct build *)a)->ver,
			  ((const struct build *)b)->ver);
}

/* @pkg into @v, one per version: the -unsigned name where both are. */
static int add_build(struct build *v, size_t *n, const char *pkg, size_t vlen)
{
	const char *ver = pkg + strlen(IMAGE);
	size_t i;

	for (i = 0; i < *n; i++)
		if (strlen(v[i].ver) == vlen && !strncmp(v[i].ver, ver, vlen))
			break;
	if (i < *n && strstr(v[i].pkg, UNSIGNED))
		return 0;
	if (i < *n) {
		free(v[i].pkg);
		v[i].pkg = strdup(pkg);
		return v[i].pkg ? 0 : -ENOMEM;
	}
	v[i].pkg = strdup(pkg);
	v[i].ver = strndup(ver, vlen);
	if (!v[i].pkg || !v[i].ver) {
		free(v[i].pkg);
		free(v[i].ver);
		return -ENOMEM;
	}
	(*n)++;
	return 0;
}

/* Whether @pkg is of the flavour @flav and between @lo and @hi. */
static bool in_range(const char *pkg, const char *flav, size_t flen,
		     const char *lo, const char *hi, size_t *vlen)
{
	const char *f;
	size_t l;
	char *ver;
	bool in;

	if (split_name(pkg, vlen, &f, &l) || l != flen || strncmp(f, flav, l))
		return false;
	ver = strndup(pkg + strlen(IMAGE), *vlen);
	in = ver && strverscmp(ver, lo) >= 0 && strverscmp(ver, hi) <= 0;
	free(ver);
	return in;
}

static int collect(char *names, const char *flav, size_t flen, const char *lo,
		   const char *hi, struct build **v, size_t *n)
{
	char *line, *save = NULL;
	size_t cap = 0, vlen;
	int rc = 0;

	for (line = strtok_r(names, "\n", &save); line && !rc;
	     line = strtok_r(NULL, "\n", &save)) {
		line[strcspn(line, " ")] = '\0';
		if (!in_range(line, flav, flen, lo, hi, &vlen))
			continue;
		if (*n == cap) {
			struct build *nv;

			cap = cap ? 2 * cap : 16;
			nv = realloc(*v, cap * sizeof(**v));
			if (!nv)
				return -ENOMEM;
			*v = nv;
		}
		rc = add_build(*v, n, line, vlen);
	}
	return rc;
}

void vm_builds_free(char **pkgs, size_t n)
{
	size_t i;

	for (i = 0; pkgs && i < n; i++)
		free(pkgs[i]);
	free(pkgs);
}

/* The ends' versions (malloc'd), checked: one flavour, good older. */
static int ends(const char *good, const char *bad, char **lo, char **hi,
		const char **flav, size_t *flen, struct db_err *err)
{
	const char *bf;
	size_t gl, bl, bfl;

	if (split_name(good, &gl, flav, flen)) {
		db_err_set(
			err, -EINVAL,
			"--good %s: not a linux-image-VERSION-FLAVOUR package",
			good);
		return -EINVAL;
	}
	if (split_name(bad, &bl, &bf, &bfl)) {
		db_err_set(
			err, -EINVAL,
			"--bad %s: not a linux-image-VERSION-FLAVOUR package",
			bad);
		return -EINVAL;
	}
	if (*flen != bfl || strncmp(*flav, bf, bfl)) {
		db_err_set(err, -EINVAL,
			   "%s and %s are builds of different flavours", good,
			   bad);
		return -EINVAL;
	}
	*lo = strndup(good + strlen(IMAGE), gl);
	*hi = strndup(bad + strlen(IMAGE), bl);
	if (!*lo || !*hi)
		return -ENOMEM;
	if (strverscmp(*lo, *hi) >= 0) {
		db_err_set(err, -EINVAL, "--good %s is not older than --bad %s",
			   good, bad);
		return -EINVAL;
	}
	return 0;
}

/* Whether the first (@last: the last) of @v is of version @ver. */
static bool at_end(const struct build *v, size_t n, const char *ver, bool last)
{
	return n && !strcmp(v[last ? n - 1 : 0].ver, ver);
}

int vm_debian_builds(const char *good, const char *bad, const char *cache,
		     vm_progress_fn pr, void *parg, char ***pkgs, size_t *n,
		     struct db_err *err)
{
	char *lo = NULL, *hi = NULL, *names = NULL;
	struct build *v = NULL;
	const char *flav = NULL;
	size_t flen = 0, i, k = 0;
	int rc;

	*pkgs = NULL;
	*n = 0;
	rc = ends(good, bad, &lo, &hi, &flav, &flen, err);
	if (!rc)
		rc = vm_image_names(cache, "bisect", pr, parg, &names, err);
	if (!rc)
		rc = collect(names, flav, flen, lo, hi, &v, &k);
	if (!rc) {
		if (k)
			qsort(v, k, sizeof(*v), by_version);
		if (!at_end(v, k, lo, false))
			rc = vm_not_found(cache, good, "", err);
		else if (!at_end(v, k, hi, true))
			rc = vm_not_found(cache, bad, "", err);
	}
	if (!rc)
		*pkgs = calloc(k + 1, sizeof(**pkgs));
	if (!rc && !*pkgs)
		rc = -ENOMEM;
	for (i = 0; i < k; i++) {
		if (!rc)
			(*pkgs)[i] = v[i].pkg;
		else
			free(v[i].pkg);
		free(v[i].ver);
	}
	if (!rc)
		*n = k;
	free(v);
	free(names);
	free(lo);
	free(hi);
	return rc;
}
