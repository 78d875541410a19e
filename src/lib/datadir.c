// SPDX-License-Identifier: GPL-2.0-only
/*
 * The build tree or the installed data directory (see datadir.h). The
 * running binary's own directory decides: a daxbench copied or installed
 * elsewhere reads the installed files even while a build tree exists.
 */
#include "config.h"

#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "datadir.h"

bool datadir_in_build_tree(void)
{
	char exe[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return false;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return false;
	*slash = '\0';
	return !strcmp(exe, DAXBENCH_BUILDDIR);
}

const char *datadir_scenarios(void)
{
	return datadir_in_build_tree() ? DAXBENCH_SRCDIR "/scenarios" :
					 DAXBENCH_PKGDATADIR "/scenarios";
}

const char *datadir_kconfig(void)
{
	return datadir_in_build_tree() ?
		       DAXBENCH_SRCDIR "/kconfig/daxbench.config" :
		       DAXBENCH_PKGDATADIR "/kconfig/daxbench.config";
}
