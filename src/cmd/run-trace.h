/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The tracing of 'daxbench run' (run-trace.c): one trace a scenario,
 * kept for the next scenario that needs the same.
 */
#ifndef DAXBENCH_RUN_TRACE_H
#define DAXBENCH_RUN_TRACE_H

#include <stddef.h>

#include <jansson.h>

#include "err.h"
#include "trace.h"

/**
 * run_trace_get() - the trace that every point of @resolved (@npoints
 * of them) needs, into *@tr (NULL when tracing is off or unavailable);
 * what it lacks is added to @unavailable. It stays this module's: it is
 * made on the calling thread, the op thread, and kept for the next
 * scenario. 0 or -errno with @err.
 */
int run_trace_get(const json_t *resolved, size_t npoints, json_t *unavailable,
		  struct trace **tr, struct db_err *err);

/** run_trace_close() - remove the kept trace (at the run's end). */
void run_trace_close(void);

#endif
