/* SPDX-License-Identifier: GPL-2.0-only */
/* The summary table of a scenario's result, as 'daxbench run' prints it. */
#ifndef DAXBENCH_RUN_TABLE_H
#define DAXBENCH_RUN_TABLE_H

#include <jansson.h>
#include <stdio.h>

/** run_table_print() - @result's points under the heading @name. */
void run_table_print(FILE *f, const char *name, json_t *result);

#endif
