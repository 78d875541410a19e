// SPDX-License-Identifier: GPL-2.0-only
/*
 * Strict parsing of human-written sizes and durations. Scenario files are
 * written by hand and a typo such as "2Mb" or "-1GiB" must be an error,
 * not a silently different experiment, so nothing here is lenient: one
 * number, an optional single space, one known unit.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "units.h"

struct unit {
	const char *name;
	uint64_t mult;
};

#define KI (1ULL << 10)
static const struct unit size_units[] = {
	{ "", 1 },
	{ "B", 1 },
	{ "K", KI },
	{ "k", KI },
	{ "KiB", KI },
	{ "KB", 1000 },
	{ "kB", 1000 },
	{ "M", KI *KI },
	{ "MiB", KI *KI },
	{ "MB", 1000000ULL },
	{ "G", KI *KI *KI },
	{ "GiB", KI *KI *KI },
	{ "GB", 1000000000ULL },
	{ "T", KI *KI *KI *KI },
	{ "TiB", KI *KI *KI *KI },
	{ "TB", 1000000000000ULL },
	{ NULL, 0 },
};

static const struct unit time_units[] = {
	{ "ns", 1 },
	{ "us", 1000 },
	{ "\xc2\xb5s", 1000 },
	{ "ms", 1000000 },
	{ "s", 1000000000ULL },
	{ "m", 60000000000ULL },
	{ "min", 60000000000ULL },
	{ "h", 3600000000000ULL },
	{ NULL, 0 },
};

/*
 * Parse "<digits>[.<digits>][ ]<unit>" against @units. The value must come
 * out as a whole number of the base unit, computed exactly in integers.
 */
static int parse_with_units(const char *s, const struct unit *units,
			    uint64_t *out)
{
	uint64_t whole = 0, frac = 0, frac_div = 1;
	const char *p = s;
	const struct unit *u;
	int digits = 0;

	if (!s)
		return -EINVAL;
	while (isdigit((unsigned char)*p)) {
		if (__builtin_mul_overflow(whole, 10, &whole) ||
		    __builtin_add_overflow(whole, (uint64_t)(*p - '0'), &whole))
			return -ERANGE;
		p++;
		digits++;
	}
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return -EINVAL;
		while (isdigit((unsigned char)*p)) {
			/* 18 fractional digits are more than any unit needs */
			if (frac_div >= 1000000000000000000ULL)
				return -EINVAL;
			frac = frac * 10 + (uint64_t)(*p - '0');
			frac_div *= 10;
			p++;
		}
	}
	if (!digits)
		return -EINVAL;
	if (*p == ' ')
		p++;
	for (u = units; u->name; u++) {
		uint64_t v, f;

		if (strcmp(p, u->name))
			continue;
		if (__builtin_mul_overflow(whole, u->mult, &v))
			return -ERANGE;
		if (frac) {
			unsigned __int128 fm =
				(unsigned __int128)frac * u->mult;

			if (fm % frac_div)
				return -EINVAL; /* a fraction of the base unit */
			f = (uint64_t)(fm / frac_div);
			if (__builtin_add_overflow(v, f, &v))
				return -ERANGE;
		}
		*out = v;
		return 0;
	}
	return -EINVAL;
}

int units_parse_size(const char *s, uint64_t *bytes)
{
	return parse_with_units(s, size_units, bytes);
}

int units_parse_duration(const char *s, uint64_t *ns)
{
	/* The empty unit is not in time_units: "10" is not a duration. */
	return parse_with_units(s, time_units, ns);
}

char *units_fmt_size(uint64_t bytes, char *buf, size_t len)
{
	static const char *const names[] = { "B",   "KiB", "MiB", "GiB",
					     "TiB", "PiB", "EiB" };
	unsigned int i = 0;
	uint64_t b = bytes;

	while (b >= 1024 && !(b % 1024) && i < 6) {
		b /= 1024;
		i++;
	}
	if (b < 1024 || i == 6) {
		snprintf(buf, len, "%llu%s", (unsigned long long)b, names[i]);
		return buf;
	}
	/* not a whole multiple: show two decimals of the largest unit */
	{
		double d = (double)bytes;

		for (i = 0; d >= 1024 && i < 6; i++)
			d /= 1024;
		snprintf(buf, len, "%.2f%s", d, names[i]);
	}
	return buf;
}

char *units_fmt_duration(uint64_t ns, char *buf, size_t len)
{
	if (ns < 1000)
		snprintf(buf, len, "%lluns", (unsigned long long)ns);
	else if (ns < 1000000)
		snprintf(buf, len, "%.2fus", ns / 1e3);
	else if (ns < 1000000000)
		snprintf(buf, len, "%.2fms", ns / 1e6);
	else
		snprintf(buf, len, "%.2fs", ns / 1e9);
	return buf;
}
