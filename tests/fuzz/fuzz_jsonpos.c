// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target for the JSON position scanner (jsonpos.h). The input is
 * handed over without a NUL after it, as jsonpos_scan() allows, so that
 * AddressSanitizer sees any read past the end. When jansson accepts the
 * text, the scanner must have seen it too: the root and every top-level
 * key of an object are in the table, at a 1-based line and column
 * inside the text. Every lookup, exact or near, must come back sane.
 */
#include <errno.h>
#include <jansson.h>

#include "fuzz.h"
#include "jsonpos.h"

static void check_loc(const struct jsonpos_loc *l, unsigned int lines,
		      const char *what)
{
	FUZZ_CHECK(l->line >= 1 && l->line <= lines && l->col >= 1,
		   "%s at %u:%u (text has %u lines)", what, l->line, l->col,
		   lines);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct jsonpos *jp = NULL;
	struct jsonpos_loc loc, first;
	unsigned int lines = 1;
	const char *dup, *k;
	json_t *root, *v;
	size_t i;
	int rc;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	for (i = 0; i < size; i++)
		lines += text[i] == '\n';
	rc = jsonpos_scan(text, size, &jp);
	if (rc) {
		FUZZ_CHECK(rc == -ENOMEM, "jsonpos_scan: %d", rc);
		return 0;
	}
	if (jsonpos_duplicate(jp, &dup, &loc, &first)) {
		FUZZ_CHECK(dup != NULL, "duplicate without a path");
		check_loc(&loc, lines, "duplicate");
		check_loc(&first, lines, "first of a duplicate");
	}
	/* lookups of paths that may or may not be there */
	if (!jsonpos_find_near(jp, "pinners.region.length", true, &loc))
		check_loc(&loc, lines, "near pinners.region.length");
	if (!jsonpos_find_near(jp, "sweep.pinners.threads[3]", false, &loc))
		check_loc(&loc, lines, "near sweep.pinners.threads[3]");
	root = json_loadb(text, size, JSON_DECODE_ANY, NULL);
	if (root) {
		FUZZ_CHECK(!jsonpos_find(jp, "", false, &loc),
			   "jansson parsed it, the root was not seen");
		check_loc(&loc, lines, "root");
		json_object_foreach(root, k, v)
		{
			/* keys with dots or brackets are ambiguous by design */
			if (strpbrk(k, ".["))
				continue;
			FUZZ_CHECK(!jsonpos_find(jp, k, true, &loc),
				   "top-level key \"%s\" not seen", k);
			check_loc(&loc, lines, k);
			FUZZ_CHECK(!jsonpos_find(jp, k, false, &loc),
				   "value of \"%s\" not seen", k);
			check_loc(&loc, lines, k);
		}
		json_decref(root);
	}
	jsonpos_free(jp);
	return 0;
}
