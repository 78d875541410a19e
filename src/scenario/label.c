// SPDX-License-Identifier: GPL-2.0-only
/*
 * Point labels (see label.h). What unit a number has comes from the
 * scenario schema, not from guessing at the field's name.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "label.h"
#include "scenario.h"
#include "units.h"

/* Fields whose value says it all: "punch_hole", not "type=punch_hole". */
static const char *const bare[] = { "operation.type", "pinners.method",
				    "file.mapping" };

/* Short names for the brief label's most common fields. */
static const struct {
	const char *path, *name;
} shorter[] = {
	{ "pinners.threads", "thr" },
	{ "pinners.queue_depth", "qd" },
};

/* "100ms" where a unit divides exactly, as a scenario would say it */
static void fmt_duration(uint64_t ns, char *buf, size_t len)
{
	static const struct {
		uint64_t ns;
		const char *unit;
	} units[] = {
		{ 3600000000000ULL, "h" }, { 60000000000ULL, "m" },
		{ 1000000000ULL, "s" },	   { 1000000ULL, "ms" },
		{ 1000ULL, "us" },
	};
	size_t i;

	for (i = 0; ns && i < sizeof(units) / sizeof(units[0]); i++)
		if (ns % units[i].ns == 0) {
			snprintf(buf, len, "%llu%s",
				 (unsigned long long)(ns / units[i].ns),
				 units[i].unit);
			return;
		}
	units_fmt_duration(ns, buf, len);
}

static void value_str(const char *path, const json_t *v, char *buf, size_t len)
{
	char *s;

	if (json_is_string(v)) {
		snprintf(buf, len, "%s", json_string_value(v));
		return;
	}
	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		uint64_t u = (uint64_t)json_integer_value(v);

		switch (scenario_field_unit(path)) {
		case SCENARIO_UNIT_BYTES:
			units_fmt_size(u, buf, len);
			return;
		case SCENARIO_UNIT_NS:
			fmt_duration(u, buf, len);
			return;
		case SCENARIO_UNIT_NONE:
			break;
		}
	}
	s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
	snprintf(buf, len, "%s", s ? s : "?");
	free(s);
}

static const char *brief_name(const char *path, bool *alone)
{
	const char *dot = strrchr(path, '.');
	size_t i;

	for (i = 0; i < sizeof(bare) / sizeof(bare[0]); i++)
		if (!strcmp(path, bare[i]))
			*alone = true;
	for (i = 0; i < sizeof(shorter) / sizeof(shorter[0]); i++)
		if (!strcmp(path, shorter[i].path))
			return shorter[i].name;
	return dot ? dot + 1 : path;
}

/* Append "path=value" (or its brief form) to *@out. */
static int add_field(char **out, const char *path, const json_t *v, bool brief)
{
	bool alone = false;
	const char *name = brief ? brief_name(path, &alone) : path;
	char val[128], *n;

	value_str(path, v, val, sizeof(val));
	n = db_asprintf("%s%s%s%s%s", *out, **out ? " " : "", alone ? "" : name,
			alone ? "" : "=", val);
	free(*out);
	*out = n;
	return n ? 0 : -1;
}

/* A swept object ("pinners": {...}) is its fields, one by one. */
static int add_value(char **out, const char *path, const json_t *v, bool brief)
{
	const char *key;
	json_t *sub;

	if (!json_is_object(v))
		return add_field(out, path, v, brief);
	json_object_foreach((json_t *)v, key, sub)
	{
		char *p = db_asprintf("%s.%s", path, key);
		int rc = p ? add_value(out, p, sub, brief) : -1;

		free(p);
		if (rc)
			return rc;
	}
	return 0;
}

char *label_point(const json_t *params, const char *skip_key, bool brief)
{
	const char *key;
	json_t *v;
	char *out = strdup("");

	json_object_foreach((json_t *)params, key, v)
	{
		if (!out)
			return NULL;
		if (skip_key && !strcmp(key, skip_key))
			continue;
		if (add_value(&out, key, v, brief)) {
			free(out); /* NULL already when a string failed */
			return NULL;
		}
	}
	return out;
}
