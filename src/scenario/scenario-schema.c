// SPDX-License-Identifier: GPL-2.0-only
/*
 * The schema of a scenario as one table: every field's type, default and
 * range (daxbench-scenario(5) in data). Resolution walks it over the
 * input (scenario-resolve.c); the names of the enums of scenario.h are
 * here too, so that the table and the decoder agree on them.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "scenario-int.h"

/* The enum names are indexed by the enums of scenario.h. */
static const char *const fs_names[] = { "any", "ext4", "xfs", NULL };
const char *const scn_mapping_names[] = { "pmd", "pte", NULL };
const char *const scn_method_names[] = {
	"none", "odirect", "io_uring", "io_uring_fixed", "vmsplice", NULL,
};
const char *const scn_op_names[] = {
	"truncate",	"punch_hole", "collapse_range",
	"insert_range", "zero_range", NULL,
};

#define END                                                                   \
	{                                                                     \
		NULL, K_OBJECT, false, false, NULL, 0, 0, 0, NULL, NULL, NULL \
	}

static const struct node target_fields[] = {
	{ .key = "dir",
	  .kind = K_STRING,
	  .nullable = true,
	  .def = "null",
	  .min = 1 },
	{ .key = "require_dax", .kind = K_BOOL, .def = "true" },
	{ .key = "fs", .kind = K_ENUM, .def = "\"any\"", .choices = fs_names },
	END,
};

static const struct node file_fields[] = {
	{ .key = "size",
	  .kind = K_SIZE,
	  .def = "\"64MiB\"",
	  .min = 1,
	  .max = BIG },
	{ .key = "mapping",
	  .kind = K_ENUM,
	  .def = "\"pmd\"",
	  .choices = scn_mapping_names },
	{ .key = "prefault", .kind = K_BOOL, .def = "true" },
	END,
};

static const struct node region_fields[] = {
	{ .key = "offset", .kind = K_SIZE, .def = "0", .max = BIG },
	{ .key = "length",
	  .kind = K_SIZE,
	  .nullable = true,
	  .def = "null",
	  .min = 1,
	  .max = BIG },
	END,
};

static const struct node numa_fields[] = {
	{ .key = "cpunodebind",
	  .kind = K_INT,
	  .nullable = true,
	  .def = "null",
	  .max = SCENARIO_MAX_NODE },
	{ .key = "membind",
	  .kind = K_INT,
	  .nullable = true,
	  .def = "null",
	  .max = SCENARIO_MAX_NODE },
	END,
};

static const struct node pinners_fields[] = {
	{ .key = "method",
	  .kind = K_ENUM,
	  .def = "\"none\"",
	  .choices = scn_method_names },
	{ .key = "threads",
	  .kind = K_INT,
	  .def = "1",
	  .max = SCENARIO_MAX_THREADS },
	{ .key = "io_size",
	  .kind = K_SIZE,
	  .def = "\"4KiB\"",
	  .min = DIO_ALIGN,
	  .max = BIG,
	  .align = DIO_ALIGN,
	  .why = "O_DIRECT needs whole 512-byte blocks" },
	{ .key = "queue_depth",
	  .kind = K_INT,
	  .def = "1",
	  .min = 1,
	  .max = 4096 },
	{ .key = "hold", .kind = K_DURATION, .def = "\"0s\"", .max = BIG },
	{ .key = "solo", .kind = K_DURATION, .def = "\"0s\"", .max = BIG },
	{ .key = "region",
	  .kind = K_OBJECT,
	  .def = "{}",
	  .children = region_fields },
	{ .key = "device",
	  .kind = K_STRING,
	  .nullable = true,
	  .def = "null",
	  .min = 1 },
	{ .key = "numa",
	  .kind = K_OBJECT,
	  .def = "{}",
	  .children = numa_fields },
	END,
};

static const struct node operation_fields[] = {
	{ .key = "type",
	  .kind = K_ENUM,
	  .def = "\"punch_hole\"",
	  .choices = scn_op_names },
	{ .key = "offset", .kind = K_SIZE, .def = "0", .max = BIG },
	{ .key = "length",
	  .kind = K_SIZE,
	  .def = "\"2MiB\"",
	  .min = 1,
	  .max = BIG },
	{ .key = "interval", .kind = K_DURATION, .def = "\"0s\"", .max = BIG },
	END,
};

static const struct node trace_fields[] = {
	{ .key = "busy_scan", .kind = K_BOOL, .def = "true" },
	{ .key = "fault_mode", .kind = K_BOOL, .def = "true" },
	{ .key = "interleave", .kind = K_BOOL, .def = "true" },
	END,
};

static const struct node root_fields[] = {
	{ .key = "schema", .kind = K_SCHEMA, .required = true },
	{ .key = "name", .kind = K_NAME, .required = true },
	{ .key = "description", .kind = K_STRING, .def = "\"\"" },
	{ .key = "target",
	  .kind = K_OBJECT,
	  .def = "{}",
	  .children = target_fields },
	{ .key = "file",
	  .kind = K_OBJECT,
	  .def = "{}",
	  .children = file_fields },
	{ .key = "pinners",
	  .kind = K_OBJECT,
	  .def = "{}",
	  .children = pinners_fields },
	{ .key = "operation",
	  .kind = K_OBJECT,
	  .def = "{}",
	  .children = operation_fields },
	{ .key = "sweep", .kind = K_SWEEP, .def = "{}" },
	{ .key = "repeat",
	  .kind = K_INT,
	  .def = "50",
	  .min = 1,
	  .max = SCENARIO_MAX_REPEAT },
	{ .key = "warmup", .kind = K_INT, .def = "5", .max = 1000000 },
	{ .key = "timeout",
	  .kind = K_DURATION,
	  .def = "\"10s\"",
	  .min = 1,
	  .max = BIG },
	{ .key = "trace",
	  .kind = K_OBJECT,
	  .def = "{}",
	  .children = trace_fields },
	{ .key = "resolved", .kind = K_RESOLVED, .def = "false" },
	END,
};

const struct node scn_schema_root = { .key = "",
				      .kind = K_OBJECT,
				      .children = root_fields };

const char *scenario_method_name(enum pin_method m)
{
	return (unsigned int)m < PIN_VMSPLICE + 1 ? scn_method_names[m] : "?";
}

const char *scenario_op_name(enum op_type t)
{
	return (unsigned int)t < OP_ZERO_RANGE + 1 ? scn_op_names[t] : "?";
}

const char *scenario_mapping_name(enum map_mode m)
{
	return (unsigned int)m < MAP_PTE + 1 ? scn_mapping_names[m] : "?";
}

/*
 * The node a dotted @path names, walking from the root. On failure,
 * @why says which object lacks which key.
 */
const struct node *scn_find_node(const char *path, char *why, size_t len)
{
	const struct node *n = &scn_schema_root;
	const char *p = path;
	char parent[128] = "a scenario";

	for (;;) {
		const char *dot = strchr(p, '.');
		size_t klen = dot ? (size_t)(dot - p) : strlen(p);
		const struct node *ch = NULL, *c;
		size_t used;

		if (n->kind == K_OBJECT)
			for (c = n->children; c->key; c++)
				if (strlen(c->key) == klen &&
				    !strncmp(c->key, p, klen)) {
					ch = c;
					break;
				}
		if (!ch) {
			if (n->kind != K_OBJECT) {
				snprintf(why, len, "%s has no fields", parent);
				return NULL;
			}
			used = (size_t)snprintf(why, len,
						"%s has no \"%.*s\" (it has",
						parent, (int)klen, p);
			for (c = n->children; c->key && used < len; c++)
				used += (size_t)snprintf(
					why + used, len - used, "%s %s",
					c == n->children ? "" : ",", c->key);
			if (used < len)
				snprintf(why + used, len - used, ")");
			return NULL;
		}
		n = ch;
		if (!dot)
			return n;
		snprintf(parent, sizeof(parent), "%.*s", (int)(dot - path),
			 path);
		p = dot + 1;
	}
}

enum scenario_unit scenario_field_unit(const char *path)
{
	char why[8]; /* the reason is not wanted here */
	const struct node *n = scn_find_node(path, why, sizeof(why));

	if (!n)
		return SCENARIO_UNIT_NONE;
	return n->kind == K_SIZE     ? SCENARIO_UNIT_BYTES :
	       n->kind == K_DURATION ? SCENARIO_UNIT_NS :
				       SCENARIO_UNIT_NONE;
}
