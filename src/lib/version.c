// SPDX-License-Identifier: GPL-2.0-only
/*
 * The git revision of the build. git-version.h is written by make on
 * every build but only changes when the revision does, and only this
 * file includes it, so a new commit rebuilds one object, not the tool.
 */
#include <stddef.h>

#include "version.h"

#include "git-version.h"

const char *db_git_revision(void)
{
	return *DAXBENCH_GIT ? DAXBENCH_GIT : NULL;
}
