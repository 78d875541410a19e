/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A sweep point's label, from its params ({"file.size": 2097152, ...}):
 * sizes and durations in units, a swept object spelt out field by field,
 * never clipped JSON.
 */
#ifndef DAXBENCH_LABEL_H
#define DAXBENCH_LABEL_H

#include <jansson.h>
#include <stdbool.h>

/**
 * label_point() - "file.mapping=pte file.size=2MiB" in full; @brief:
 * "pte size=2MiB", "punch_hole thr=2", "odirect hold=100ms" (a mode's
 * value alone, other fields by their last name). @skip_key is left out.
 * "" when nothing is left. malloc'd; NULL when out of memory.
 */
char *label_point(const json_t *params, const char *skip_key, bool brief);

#endif
