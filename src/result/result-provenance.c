// SPDX-License-Identifier: GPL-2.0-only
/*
 * Where a result came from: the tool that wrote it (with the git revision
 * of its build), the command line as given and the directory it ran in,
 * and the scenario file by its SHA-256 with the --set overrides applied
 * to it, so that a result says how to make it again and whether its
 * scenario has changed since.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "result-int.h"
#include "sha256.h"
#include "version.h"

json_t *result_tool(void)
{
	return json_pack("{s:s, s:s, s:s?}", "name", PACKAGE_NAME, "version",
			 PACKAGE_VERSION, "git", db_git_revision());
}

/* @a to @av; an argument that is not UTF-8 (JSON cannot hold it) as null */
static int append_arg(json_t *av, const char *a)
{
	json_t *j = json_string(a);

	return json_array_append_new(av, j ? j : json_null()) ? -ENOMEM : 0;
}

json_t *result_invocation(const char *prog, int argc, char *const *argv)
{
	json_t *inv, *av = json_array();
	char *cwd = getcwd(NULL, 0);
	int i, rc = av ? 0 : -ENOMEM;

	if (!rc && prog)
		rc = append_arg(av, prog);
	for (i = 0; !rc && i < argc; i++)
		rc = append_arg(av, argv[i]);
	inv = rc ? NULL : json_pack("{s:o, s:s?}", "argv", av, "cwd", cwd);
	if (rc)
		json_decref(av);
	free(cwd);
	return inv;
}

int result_scenario_file(const char *path, const char *const *sets,
			 size_t nsets, json_t **out)
{
	char hex[SHA256_HEX_LEN];
	json_t *sv = json_array();
	size_t i;
	int rc = sv ? sha256_file(path, hex) : -ENOMEM;

	for (i = 0; !rc && i < nsets; i++)
		rc = json_array_append_new(sv, json_string(sets[i])) ? -ENOMEM :
								       0;
	if (rc) {
		json_decref(sv);
		return rc;
	}
	*out = json_pack("{s:s, s:s, s:o}", "path", path, "sha256", hex, "sets",
			 sv);
	return *out ? 0 : -ENOMEM;
}
