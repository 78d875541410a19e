// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fault injection (see inject.h). The configuration is read once, on the
 * first call; counters are atomic because pinner threads hit sites too.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inject.h"

static const char *const site_names[INJECT_NSITES] = {
	[INJECT_CREATE] = "create",
	[INJECT_RESTORE] = "restore",
	[INJECT_PIN_IO] = "pin_io",
	[INJECT_PIN_THREAD] = "pin_thread",
	[INJECT_URING_SETUP] = "uring_setup",
	[INJECT_OP_PINWAIT] = "op_pinwait",
	[INJECT_OP_MAPWAIT] = "op_mapwait",
	[INJECT_OP_NOWAKE] = "op_nowake",
	[INJECT_OP_SLEEP] = "op_sleep",
	[INJECT_OP_HANG] = "op_hang",
	[INJECT_RESTORE_SLEEP] = "restore_sleep",
	[INJECT_TRACE_TINY] = "trace_tiny",
	[INJECT_PIN_WINDOW] = "pin_window",
	[INJECT_RESTORE_PINWAIT] = "restore_pinwait",
	[INJECT_PROBE_ENABLE] = "probe_enable",
};

static const struct {
	const char *name;
	int err;
} errnos[] = {
	{ "ENOSPC", ENOSPC }, { "EIO", EIO },	    { "EFAULT", EFAULT },
	{ "ENOMEM", ENOMEM }, { "EINTR", EINTR },   { "EPERM", EPERM },
	{ "EINVAL", EINVAL }, { "EAGAIN", EAGAIN }, { "ECANCELED", ECANCELED },
	{ "ENOSYS", ENOSYS },
};

static struct {
	bool on;
	int err;
	uint64_t nth; /* 0: every time */
	uint64_t seen;
} sites[INJECT_NSITES];

static pthread_once_t once = PTHREAD_ONCE_INIT;

static int parse_errno(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (!strcmp(s, errnos[i].name))
			return errnos[i].err;
	return atoi(s);
}

static void load(void)
{
	const char *env = getenv("DAXBENCH_INJECT");
	char *copy, *tok, *save = NULL;
	int i;

	if (!env || !*env)
		return;
	copy = strdup(env);
	for (tok = copy ? strtok_r(copy, ",", &save) : NULL; tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '='), *at;

		if (!eq)
			continue;
		*eq++ = '\0';
		at = strchr(eq, '@');
		if (at)
			*at++ = '\0';
		for (i = 0; i < INJECT_NSITES; i++) {
			if (strcmp(tok, site_names[i]))
				continue;
			sites[i].err = parse_errno(eq);
			sites[i].nth = at ? strtoull(at, NULL, 10) : 0;
			sites[i].on = sites[i].err > 0;
		}
	}
	free(copy);
}

bool inject_hit(enum inject_site site, int *err)
{
	uint64_t n;

	pthread_once(&once, load);
	if (!sites[site].on)
		return false;
	n = __atomic_add_fetch(&sites[site].seen, 1, __ATOMIC_RELAXED);
	if (sites[site].nth && n != sites[site].nth)
		return false;
	*err = sites[site].err;
	return true;
}
