// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a configuration fragment asked for and what 'make olddefconfig'
 * kept: Kconfig drops a symbol whose dependencies are not met without a
 * word, and a kernel may have renamed one. A lab kernel without, say,
 * FS_DAX boots and measures nothing, so every line of the fragments is
 * checked against the .config that came out, and each one lost is
 * named. Pure text in, text out: unit tested (tests/unit/vm_test.c).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm-int.h"

/*
 * One fragment or .config line as NAME and VALUE: "CONFIG_X=y" gives
 * ("CONFIG_X", "y"), "# CONFIG_X is not set" gives ("CONFIG_X", "n").
 * False for a comment or anything else.
 */
static bool kconfig_line(const char *l, size_t len, char *name, size_t nlen,
			 char *val, size_t vlen)
{
	const char *eq, *end = l + len;
	static const char unset[] = " is not set";
	size_t n;

	if (len > 9 && !strncmp(l, "# CONFIG_", 9)) {
		l += 2;
		n = strcspn(l, " \n");
		if (l + n + sizeof(unset) - 1 > end ||
		    strncmp(l + n, unset, sizeof(unset) - 1))
			return false;
		snprintf(name, nlen, "%.*s", (int)n, l);
		snprintf(val, vlen, "n");
		return true;
	}
	if (strncmp(l, "CONFIG_", 7))
		return false;
	eq = memchr(l, '=', len);
	if (!eq)
		return false;
	snprintf(name, nlen, "%.*s", (int)(eq - l), l);
	n = (size_t)(end - eq - 1);
	while (n && (eq[n] == ' ' || eq[n] == '\r'))
		n--;
	snprintf(val, vlen, "%.*s", (int)n, eq + 1);
	return true;
}

/* The value @name has in the .config text @cfg: "n" when it is absent. */
static void kconfig_value(const char *cfg, const char *name, char *val,
			  size_t vlen)
{
	char n[128];
	const char *l, *nl;

	snprintf(val, vlen, "n");
	for (l = cfg; l && *l; l = nl ? nl + 1 : NULL) {
		nl = strchr(l, '\n');
		size_t len = nl ? (size_t)(nl - l) : strlen(l);
		char v[256];

		if (kconfig_line(l, len, n, sizeof(n), v, sizeof(v)) &&
		    !strcmp(n, name)) {
			snprintf(val, vlen, "%s", v);
			return;
		}
	}
}

int vm_kconfig_lost(const char *want, const char *have, char **lost)
{
	char *out = NULL;
	size_t olen = 0;
	FILE *f = open_memstream(&out, &olen);
	const char *l, *nl;
	int count = 0;

	*lost = NULL;
	if (!f)
		return -ENOMEM;
	for (l = want; l && *l; l = nl ? nl + 1 : NULL) {
		nl = strchr(l, '\n');
		size_t len = nl ? (size_t)(nl - l) : strlen(l);
		char name[128], v[256], got[256];

		if (!kconfig_line(l, len, name, sizeof(name), v, sizeof(v)))
			continue;
		kconfig_value(have, name, got, sizeof(got));
		if (!strcmp(v, got))
			continue;
		fprintf(f, "%s%s=%s (%s)", count ? ", " : "", name, v,
			!strcmp(got, "n") ? "not set" : got);
		count++;
	}
	if (fclose(f)) {
		free(out);
		return -ENOMEM;
	}
	if (count)
		*lost = out;
	else
		free(out);
	return count;
}
