/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the files of the result module (src/result*.c; result.c says
 * which holds what) share and nobody else needs: the tool a result
 * names, and the schema check that the full and the lean loader both
 * run. The API is result.h.
 */
#ifndef DAXBENCH_RESULT_INT_H
#define DAXBENCH_RESULT_INT_H

#include <jansson.h>

#include "result.h"

/* ---- result-provenance.c: where a result came from ------------------ */

/* {"name", "version", "git"}: the build that writes a result. */
json_t *result_tool(void);

/* ---- result-load.c: the schema check --------------------------------- */

/*
 * Check that @r is a result this daxbench reads: its schema, and every
 * required field of the right type. @file names it in messages.
 */
int result_check(const char *file, const json_t *r, struct db_err *err);
/* result_check() @r: then *@result = @r, else @r is dropped. */
int result_check_loaded(const char *origin, json_t *r, json_t **result,
			struct db_err *err);

#endif
