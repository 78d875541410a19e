// SPDX-License-Identifier: GPL-2.0-only
/*
 * layout_fiemap() checks every extent, not one FIEMAP batch: a pmd file
 * punched into 1024 extents (every other 4 KiB of 8 MiB) is reported
 * with all 1024, each one misaligned. Skips where the filesystem of
 * /var/tmp (or $TMPDIR) cannot punch holes or answer FIEMAP.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "layout.h"
#include "t.h"

#define SIZE (8ULL << 20)
#define HOLES 1024

static int fiemap_extents(struct dax_file *f, json_int_t *n, json_int_t *bad)
{
	json_t *r = NULL;
	int rc = layout_fiemap(f, &r);

	*n = json_integer_value(json_object_get(r, "extents"));
	*bad = json_integer_value(json_object_get(r, "misaligned"));
	if (!rc)
		T_CHECK(json_is_false(json_object_get(r, "aligned")),
			"aligned: not false with %lld of %lld misaligned",
			(long long)*bad, (long long)*n);
	json_decref(r);
	return rc;
}

int main(void)
{
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/var/tmp";
	char tmpl[256];
	struct dax_file f;
	struct db_err err;
	json_int_t n = 0, bad = 0;
	unsigned int i;
	int rc;

	snprintf(tmpl, sizeof(tmpl), "%s/fiemap_test.XXXXXX", tmp);
	if (!mkdtemp(tmpl)) {
		perror("mkdtemp");
		return T_EXIT_FAIL;
	}
	rc = layout_create(tmpl, SIZE, MAP_PMD, &f, &err);
	if (rc) {
		fprintf(stderr, "layout_create: %s\n", err.msg);
		rmdir(tmpl);
		return T_EXIT_FAIL;
	}
	for (i = 0; i < HOLES && !rc; i++)
		rc = fallocate(f.fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			       (off_t)(2 * i + 1) * 4096, 4096);
	if (!rc)
		rc = fiemap_extents(&f, &n, &bad);
	else
		rc = -errno;
	layout_destroy(&f);
	rmdir(tmpl);
	if (rc == -EOPNOTSUPP)
		return t_skip("%s cannot punch holes or answer FIEMAP", tmp);
	T_CHECK(!rc, "layout_fiemap: %s", strerror(-rc));
	T_CHECK(n == HOLES, "extents: %lld, want %d", (long long)n, HOLES);
	T_CHECK(bad == HOLES, "misaligned: %lld, want %d", (long long)bad,
		HOLES);
	return t_done();
}
