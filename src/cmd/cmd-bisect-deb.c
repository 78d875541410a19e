// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench bisect --good PKG --bad PKG: the bisection of Debian's builds
 * of one kernel flavour, where there is no tree to hand to git. The
 * builds between the two ends that the archive still holds are the
 * history; each step is bisect_step() with --debian-kernel BUILD added
 * to the vm options, in OUTDIR/BUILD. A build that cannot be tested is
 * passed over for its nearest neighbour, as git bisect skip does.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bisect.h"
#include "daxbench.h"
#include "err.h"
#include "vm.h"

static void say(void *arg, const char *msg)
{
	(void)arg;
	fprintf(stderr, "daxbench bisect: %s\n", msg);
}

/* The untested build nearest the middle of (@lo, @hi), or -1. */
static int pick(const int *state, int lo, int hi)
{
	int mid = lo + (hi - lo) / 2, d;

	for (d = 0; d < hi - lo; d++) {
		if (mid - d > lo && state[mid - d] < 0)
			return mid - d;
		if (mid + d < hi && state[mid + d] < 0)
			return mid + d;
	}
	return -1;
}

/* @a with "--debian-kernel @pkg" before its "--" (the guest's command). */
static int with_kernel(const struct bisect_args *a, const char *pkg,
		       struct bisect_args *b)
{
	int i, n = 0;

	*b = *a;
	b->missing_is_skip = true;
	b->vm = calloc((size_t)a->nvm + 3, sizeof(*b->vm));
	if (!b->vm)
		return -1;
	for (i = 0; i < a->nvm && strcmp(a->vm[i], "--"); i++)
		b->vm[n++] = a->vm[i];
	b->vm[n++] = "--debian-kernel";
	b->vm[n++] = (char *)pkg;
	for (; i < a->nvm; i++)
		b->vm[n++] = a->vm[i];
	b->nvm = n;
	return 0;
}

/* The value of --cache among the vm options, or NULL. */
static const char *cache_opt(const struct bisect_args *a)
{
	int i;

	for (i = 0; i + 1 < a->nvm && strcmp(a->vm[i], "--"); i++)
		if (!strcmp(a->vm[i], "--cache"))
			return a->vm[i + 1];
	return NULL;
}

/* One step on build @pkg, in OUT/@pkg: a BISECT_ code. */
static int try_build(const char *self, const struct bisect_args *a,
		     const char *out, const char *pkg)
{
	struct bisect_args b;
	char *dir = db_asprintf("%s/%s", out, pkg);
	int rc;

	if (!dir || with_kernel(a, pkg, &b)) {
		free(dir);
		return bisect_verdict(BISECT_STOP, "out of memory");
	}
	fprintf(stderr, "daxbench bisect: testing %s (in %s)\n", pkg, dir);
	rc = bisect_step(self, &b, dir);
	free(b.vm);
	free(dir);
	return rc;
}

/* What the bisection found, on stdout; its exit code. */
static int found(char **pkgs, const int *state, int lo, int hi)
{
	int i;

	if (hi == lo + 1) {
		printf("%s is the first bad build (%s the last good)\n",
		       pkgs[hi], pkgs[lo]);
		return BISECT_GOOD;
	}
	printf("the first bad build is one of these (the builds between "
	       "could not be tested):\n");
	for (i = lo + 1; i <= hi; i++)
		printf("  %s%s\n", pkgs[i],
		       state[i] == BISECT_SKIP ? " (could not be tested)" : "");
	return BISECT_SKIP;
}

/* Halve (@lo, @hi) until no untested build is left inside it. */
static int halve(const char *self, const struct bisect_args *a, const char *out,
		 char **pkgs, int *state, int n)
{
	int lo = 0, hi = n - 1, mid, rc;

	while ((mid = pick(state, lo, hi)) >= 0) {
		rc = try_build(self, a, out, pkgs[mid]);
		if (rc == BISECT_STOP)
			return rc;
		state[mid] = rc;
		if (rc == BISECT_GOOD)
			lo = mid;
		else if (rc == BISECT_BAD)
			hi = mid;
	}
	return found(pkgs, state, lo, hi);
}

int bisect_debian(const char *self, const struct bisect_args *a)
{
	struct db_err err = { 0 };
	char stamp[64], *cache = NULL, **pkgs = NULL;
	const char *out = bisect_outdir(a, stamp, sizeof(stamp));
	size_t n = 0, i;
	int *state, rc;

	rc = vm_cache_dir(cache_opt(a), &cache, &err);
	if (!rc)
		rc = vm_debian_builds(a->good, a->bad, cache, say, NULL, &pkgs,
				      &n, &err);
	free(cache);
	if (rc)
		return bisect_verdict(BISECT_STOP,
				      err.msg[0] ? err.msg : "out of memory");
	fprintf(stderr,
		"daxbench bisect: %zu Debian builds from %s to %s; steps in "
		"%s/<build>\n",
		n, a->good, a->bad, out);
	for (i = 1; i + 1 < n; i++)
		fprintf(stderr, "daxbench bisect:   between: %s\n", pkgs[i]);
	state = malloc(n * sizeof(*state));
	if (!state) {
		vm_builds_free(pkgs, n);
		return bisect_verdict(BISECT_STOP, "out of memory");
	}
	for (i = 0; i < n; i++)
		state[i] = -1;
	state[0] = BISECT_GOOD;
	state[n - 1] = BISECT_BAD;
	rc = halve(self, a, out, pkgs, state, (int)n);
	free(state);
	vm_builds_free(pkgs, n);
	return rc;
}
