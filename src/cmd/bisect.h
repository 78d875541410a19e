/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * daxbench bisect's halves: the step and the bisection of a git tree in
 * cmd-bisect.c, the bisection of Debian's builds in cmd-bisect-deb.c.
 */
#ifndef DAXBENCH_CMD_BISECT_H
#define DAXBENCH_CMD_BISECT_H

#include <stdbool.h>
#include <stddef.h>

/* git bisect run's codes; 128 and above stop it. */
enum {
	BISECT_GOOD = 0,
	BISECT_BAD = 1,
	BISECT_SKIP = 125,
	BISECT_STOP = 128,
};

struct bisect_args {
	const char *baseline, *outdir, *tree, *good, *bad;
	char **vm; /* the vm options and the guest's command */
	int nvm;
	bool missing_is_skip; /* a kernel the archive lacks: skip, not stop */
};

/* -o OUTDIR, else bisect-YYYYmmdd-HHMMSS of now, written into @stamp. */
const char *bisect_outdir(const struct bisect_args *a, char *stamp, size_t len);

/* "daxbench bisect: good|bad|skip|stop: WHY" on stderr; @code. */
int bisect_verdict(int code, const char *why);

/*
 * One step into @out: the kernel the vm options of @a name fetched or
 * built, booted, its results compared with the baseline: a BISECT_ code.
 */
int bisect_step(const char *self, const struct bisect_args *a, const char *out);

/*
 * The whole bisection of Debian's builds from @a->good to @a->bad, a
 * step each in OUTDIR/<package>: 0 when the first bad build was found,
 * 125 when it is among builds that could not be tested, 128 stopped.
 */
int bisect_debian(const char *self, const struct bisect_args *a);

#endif
