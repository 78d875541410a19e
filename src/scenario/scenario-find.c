// SPDX-License-Identifier: GPL-2.0-only
/*
 * A SCENARIO argument is a path or the name of a shipped scenario
 * ("pinners-odirect", "small/pinners-odirect"), so that the standard
 * suite runs without its user knowing where it was installed. A path
 * that exists always wins: a user's own file is never shadowed by ours.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "datadir.h"
#include "scenario.h"

/* "name" or "small/name", never out of the scenarios directory */
static bool is_name(const char *arg)
{
	const char *p;

	if (!*arg || *arg == '/' || *arg == '.')
		return false;
	for (p = arg; (p = strstr(p, "..")); p += 2)
		if ((p == arg || p[-1] == '/') && (!p[2] || p[2] == '/'))
			return false;
	return true;
}

int scenario_find(const char *arg, char **path, struct db_err *err)
{
	const char *dir = datadir_scenarios();
	size_t n = strlen(arg);
	bool json = n > 5 && !strcmp(arg + n - 5, ".json");
	char *p = NULL;

	if (!access(arg, F_OK) || !is_name(arg)) {
		/* a path: if it does not exist, the loader says so */
		*path = strdup(arg);
		return *path ? 0 :
			       db_err_set(err, -ENOMEM, "%s: out of memory",
					  arg);
	}
	if (asprintf(&p, "%s/%s%s", dir, arg, json ? "" : ".json") < 0)
		return db_err_set(err, -ENOMEM, "%s: out of memory", arg);
	if (!access(p, F_OK)) {
		*path = p;
		return 0;
	}
	free(p);
	return db_err_set(err, -ENOENT,
			  "%s: no such file, nor a scenario of that name in %s",
			  arg, dir);
}

int scenario_load_arg(const char *arg, const char *const *sets, size_t nsets,
		      char **path, json_t **resolved, struct db_err *err)
{
	int rc = scenario_find(arg, path, err);

	if (rc)
		return rc;
	rc = scenario_load_sets(*path, sets, nsets, resolved, err);
	if (rc) {
		free(*path);
		*path = NULL;
	}
	return rc;
}
