// SPDX-License-Identifier: GPL-2.0-only
/*
 * A point's resolved JSON decoded into struct scenario, the form the
 * engine runs. Resolution made every field the right type; one that is
 * not is a text that claimed to be a resolved scenario and is not.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "scenario-int.h"

int scn_bad_resolved(const struct ctx *c, const char *path)
{
	db_err_set(
		c->err, -EINVAL,
		"%s: %s: missing or of the wrong type (not a resolved scenario)",
		c->origin ? c->origin : "--set", path);
	/*
	 * The constant, not db_err_set()'s value: the getters below leave
	 * their output unset on failure, and scan-build, which cannot see
	 * into err.c, would take a 0 from db_err_set() for possible.
	 */
	return -EINVAL;
}

static int get_u64(const struct ctx *c, const json_t *p, const char *path,
		   uint64_t *v)
{
	json_t *j = scn_at(p, path);

	if (!json_is_integer(j) || json_integer_value(j) < 0)
		return scn_bad_resolved(c, path);
	*v = (uint64_t)json_integer_value(j);
	return 0;
}

static int get_uint(const struct ctx *c, const json_t *p, const char *path,
		    unsigned int *v)
{
	uint64_t u;
	int rc = get_u64(c, p, path, &u);

	if (rc)
		return rc;
	if (u > UINT32_MAX)
		return scn_bad_resolved(c, path);
	*v = (unsigned int)u;
	return 0;
}

static int get_node_id(const struct ctx *c, const json_t *p, const char *path,
		       int *v)
{
	uint64_t u;

	if (json_is_null(scn_at(p, path))) {
		*v = -1;
		return 0;
	}
	if (get_u64(c, p, path, &u) || u > SCENARIO_MAX_NODE)
		return scn_bad_resolved(c, path);
	*v = (int)u;
	return 0;
}

static int get_bool(const struct ctx *c, const json_t *p, const char *path,
		    bool *v)
{
	json_t *j = scn_at(p, path);

	if (!json_is_boolean(j))
		return scn_bad_resolved(c, path);
	*v = json_is_true(j);
	return 0;
}

static int get_str(const struct ctx *c, const json_t *p, const char *path,
		   bool nullable, const char **v)
{
	json_t *j = scn_at(p, path);

	if (nullable && json_is_null(j)) {
		*v = NULL;
		return 0;
	}
	if (!json_is_string(j))
		return scn_bad_resolved(c, path);
	*v = json_string_value(j);
	return 0;
}

static int get_enum(const struct ctx *c, const json_t *p, const char *path,
		    const char *const *names, int *v)
{
	const char *s;
	int i;

	if (get_str(c, p, path, false, &s))
		return -EINVAL;
	for (i = 0; names[i]; i++)
		if (!strcmp(names[i], s)) {
			*v = i;
			return 0;
		}
	return scn_bad_resolved(c, path);
}

int scn_decode(const struct ctx *c, const json_t *p, struct scenario *sc)
{
	int mapping = 0, method = 0, type = 0;
	int rc = 0;

	memset(sc, 0, sizeof(*sc));
	rc |= get_str(c, p, "name", false, &sc->name);
	rc |= get_str(c, p, "description", false, &sc->description);
	rc |= get_str(c, p, "target.dir", true, &sc->target.dir);
	rc |= get_bool(c, p, "target.require_dax", &sc->target.require_dax);
	rc |= get_str(c, p, "target.fs", false, &sc->target.fs);
	rc |= get_u64(c, p, "file.size", &sc->file.size);
	rc |= get_enum(c, p, "file.mapping", scn_mapping_names, &mapping);
	rc |= get_bool(c, p, "file.prefault", &sc->file.prefault);
	rc |= get_enum(c, p, "pinners.method", scn_method_names, &method);
	rc |= get_uint(c, p, "pinners.threads", &sc->pinners.threads);
	rc |= get_u64(c, p, "pinners.io_size", &sc->pinners.io_size);
	rc |= get_uint(c, p, "pinners.queue_depth", &sc->pinners.queue_depth);
	rc |= get_u64(c, p, "pinners.hold", &sc->pinners.hold_ns);
	rc |= get_u64(c, p, "pinners.solo", &sc->pinners.solo_ns);
	rc |= get_u64(c, p, "pinners.region.offset",
		      &sc->pinners.region_offset);
	if (json_is_null(scn_at(p, "pinners.region.length")))
		sc->pinners.region_length = UINT64_MAX; /* fixed up below */
	else
		rc |= get_u64(c, p, "pinners.region.length",
			      &sc->pinners.region_length);
	rc |= get_str(c, p, "pinners.device", true, &sc->pinners.device);
	rc |= get_node_id(c, p, "pinners.numa.cpunodebind",
			  &sc->pinners.cpunodebind);
	rc |= get_node_id(c, p, "pinners.numa.membind", &sc->pinners.membind);
	rc |= get_enum(c, p, "operation.type", scn_op_names, &type);
	rc |= get_u64(c, p, "operation.offset", &sc->op.offset);
	rc |= get_u64(c, p, "operation.length", &sc->op.length);
	rc |= get_u64(c, p, "operation.interval", &sc->op.interval_ns);
	rc |= get_uint(c, p, "repeat", &sc->repeat);
	rc |= get_uint(c, p, "warmup", &sc->warmup);
	rc |= get_u64(c, p, "timeout", &sc->timeout_ns);
	rc |= get_bool(c, p, "trace.busy_scan", &sc->trace.busy_scan);
	rc |= get_bool(c, p, "trace.fault_mode", &sc->trace.fault_mode);
	rc |= get_bool(c, p, "trace.interleave", &sc->trace.interleave);
	if (rc)
		return -EINVAL;
	sc->file.mapping = (enum map_mode)mapping;
	sc->pinners.method = (enum pin_method)method;
	sc->op.type = (enum op_type)type;
	if (sc->pinners.region_length == UINT64_MAX)
		sc->pinners.region_length =
			sc->pinners.region_offset < sc->file.size ?
				sc->file.size - sc->pinners.region_offset :
				0;
	return 0;
}
