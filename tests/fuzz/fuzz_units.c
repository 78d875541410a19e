// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target for the unit parser (units.h). Besides not crashing, the
 * parser must agree with itself: a value it accepts, printed back as
 * plain digits ("1048576", "1048576ns"), parses to the same value, and
 * so does the "for people" rendering of a size when that rendering is a
 * whole number in a unit the parser knows. A parser that accepted input
 * it cannot reproduce would make resolved scenarios drift from the files
 * they came from.
 */
#include <errno.h>
#include <inttypes.h>

#include "fuzz.h"
#include "units.h"

static void check_size(uint64_t v)
{
	char buf[64], *fmt;
	uint64_t back = 0;
	int rc;

	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	rc = units_parse_size(buf, &back);
	FUZZ_CHECK(!rc && back == v, "\"%s\" -> %d, %" PRIu64, buf, rc, back);
	fmt = units_fmt_size(v, buf, sizeof(buf));
	FUZZ_CHECK(fmt == buf && *buf, "units_fmt_size(%" PRIu64 ")", v);
	/* PiB and EiB are for display only; fractions are rounded */
	if (strchr(buf, '.') || strstr(buf, "PiB") || strstr(buf, "EiB"))
		return;
	rc = units_parse_size(buf, &back);
	FUZZ_CHECK(!rc && back == v,
		   "\"%s\" (from %" PRIu64 ") -> %d, %" PRIu64, buf, v, rc,
		   back);
}

static void check_duration(uint64_t v)
{
	char buf[64];
	uint64_t back = 0;
	int rc;

	snprintf(buf, sizeof(buf), "%" PRIu64 "ns", v);
	rc = units_parse_duration(buf, &back);
	FUZZ_CHECK(!rc && back == v, "\"%s\" -> %d, %" PRIu64, buf, rc, back);
	FUZZ_CHECK(units_fmt_duration(v, buf, sizeof(buf)) == buf && *buf,
		   "units_fmt_duration(%" PRIu64 ")", v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t v = 0;
	char *s;
	int rc;

	if (size > 256)
		return 0;
	s = fuzz_cstr(data, size);
	if (!s)
		return 0;
	rc = units_parse_size(s, &v);
	FUZZ_CHECK(!rc || rc == -EINVAL || rc == -ERANGE, "size rc %d", rc);
	if (!rc)
		check_size(v);
	rc = units_parse_duration(s, &v);
	FUZZ_CHECK(!rc || rc == -EINVAL || rc == -ERANGE, "duration rc %d", rc);
	if (!rc)
		check_duration(v);
	/* the raw bytes as a number too, so large values get printed */
	if (size >= sizeof(v)) {
		memcpy(&v, data, sizeof(v));
		check_size(v);
		check_duration(v);
	}
	free(s);
	return 0;
}
