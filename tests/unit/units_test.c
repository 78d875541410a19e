// SPDX-License-Identifier: GPL-2.0-only
/*
 * The unit parser: every accepted form, and the junk, overflow and
 * fraction cases that must be errors rather than a different number.
 */
#include <errno.h>
#include <string.h>

#include "t.h"
#include "units.h"

static void size_ok(const char *s, uint64_t want)
{
	uint64_t v = 0;
	int rc = units_parse_size(s, &v);

	T_CHECK(rc == 0 && v == want, "size '%s': rc %d value %llu, want %llu",
		s, rc, (unsigned long long)v, (unsigned long long)want);
}

static void size_bad(const char *s, int want_rc)
{
	uint64_t v = 12345;
	int rc = units_parse_size(s, &v);

	T_CHECK(rc == want_rc && v == 12345, "size '%s': rc %d, want %d", s, rc,
		want_rc);
}

static void dur_ok(const char *s, uint64_t want)
{
	uint64_t v = 0;
	int rc = units_parse_duration(s, &v);

	T_CHECK(rc == 0 && v == want, "duration '%s': rc %d value %llu", s, rc,
		(unsigned long long)v);
}

static void dur_bad(const char *s, int want_rc)
{
	uint64_t v = 12345;
	int rc = units_parse_duration(s, &v);

	T_CHECK(rc == want_rc && v == 12345, "duration '%s': rc %d, want %d", s,
		rc, want_rc);
}

int main(void)
{
	char buf[32];

	size_ok("0", 0);
	size_ok("512", 512);
	size_ok("512B", 512);
	size_ok("4KiB", 4096);
	size_ok("4K", 4096);
	size_ok("4k", 4096);
	size_ok("10kB", 10000);
	size_ok("2MiB", 2 << 20);
	size_ok("2M", 2 << 20);
	size_ok("3MB", 3000000);
	size_ok("1GiB", 1ULL << 30);
	size_ok("1 GiB", 1ULL << 30);
	size_ok("1TiB", 1ULL << 40);
	size_ok("1.5KiB", 1536);
	size_ok("0.5MiB", 512 << 10);
	size_ok("18446744073709551615", UINT64_MAX);

	size_bad("", -EINVAL);
	size_bad("EiB", -EINVAL);
	size_bad("-1", -EINVAL);
	size_bad("-1GiB", -EINVAL);
	size_bad("1.3B", -EINVAL); /* a fraction of a byte */
	size_bad("0.1KiB", -EINVAL); /* 102.4 bytes */
	size_bad("2Mb", -EINVAL); /* bits are not a unit here */
	size_bad("2 MiB ", -EINVAL);
	size_bad("2  MiB", -EINVAL);
	size_bad(" 2MiB", -EINVAL);
	size_bad("2MiBx", -EINVAL);
	size_bad("1.", -EINVAL);
	size_bad(".5K", -EINVAL);
	size_bad("0x10", -EINVAL);
	size_bad("1e3", -EINVAL);
	size_bad("18446744073709551616", -ERANGE);
	size_bad("16777216TiB", -ERANGE);
	size_bad("99999999999999999999999", -ERANGE);

	dur_ok("0ns", 0);
	dur_ok("500ns", 500);
	dur_ok("250us", 250000);
	dur_ok("10ms", 10000000);
	dur_ok("2s", 2000000000ULL);
	dur_ok("1.5s", 1500000000ULL);
	dur_ok("1m", 60000000000ULL);
	dur_ok("1h", 3600000000000ULL);
	dur_bad("10", -EINVAL); /* a time needs a unit */
	dur_bad("1.5ns", -EINVAL);
	dur_bad("-2s", -EINVAL);
	dur_bad("2 sec", -EINVAL);
	dur_bad("2S", -EINVAL);
	dur_bad("99999999999h", -ERANGE);

	T_CHECK(!strcmp(units_fmt_size(2 << 20, buf, sizeof(buf)), "2MiB"),
		"fmt 2MiB: %s", buf);
	T_CHECK(!strcmp(units_fmt_size(1536, buf, sizeof(buf)), "1.50KiB"),
		"fmt 1536: %s", buf);
	T_CHECK(!strcmp(units_fmt_size(100, buf, sizeof(buf)), "100B"),
		"fmt 100: %s", buf);
	T_CHECK(!strcmp(units_fmt_duration(2500000, buf, sizeof(buf)),
			"2.50ms"),
		"fmt 2.5ms: %s", buf);
	return t_done();
}
