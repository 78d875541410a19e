// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tracing of 'daxbench run' (see run-trace.h): what a scenario's
 * points need of it, and the trace kept from one scenario to the next.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "run-trace.h"
#include "scenario.h"

/*
 * The tracing set up for one scenario, kept for the next of this run
 * when that asks for the same: making the instance and the probes and
 * removing them again took 1.4 s a scenario in a TCG guest, where one
 * guest runs a whole suite in turn (vm --scenario-timeout). The probes
 * follow the op thread, which stays this one.
 */
static struct {
	bool busy, faults, release;
	struct trace *tr; /* NULL also when tracing was off or unavailable */
	json_t *unavail; /* what trace_open() found missing; NULL: none kept */
} kept;

void run_trace_close(void)
{
	trace_close(kept.tr);
	json_decref(kept.unavail);
	memset(&kept, 0, sizeof(kept));
}

/*
 * What the trace must offer any point of the sweep: busy scans, fault
 * events, the release path where something pins. Point 0 alone would
 * leave a later point that pins, or traces, without its probes.
 */
static void trace_needs(const json_t *resolved, size_t npoints, bool *busy,
			bool *faults, bool *release)
{
	struct scenario sc;
	struct db_err err;
	size_t i;

	*busy = *faults = *release = false;
	for (i = 0; i < npoints; i++) {
		json_t *pj = NULL;

		if (scenario_point(resolved, i, &sc, NULL, &pj, &err))
			continue; /* the run says why when it gets there */
		json_decref(pj);
		*busy |= sc.trace.busy_scan;
		*faults |= sc.trace.fault_mode;
		*release |= scenario_has_pinners(&sc);
	}
}

int run_trace_get(const json_t *resolved, size_t npoints, json_t *unavailable,
		  struct trace **tr, struct db_err *err)
{
	bool busy, faults, release;
	int rc;

	*tr = NULL;
	trace_needs(resolved, npoints, &busy, &faults, &release);

	if (!kept.unavail || kept.busy != busy || kept.faults != faults ||
	    kept.release != release) {
		run_trace_close();
		kept.unavail = json_object();
		if (!kept.unavail)
			return db_err_set(err, -ENOMEM, "out of memory");
		rc = trace_open(busy, faults, release,
				(pid_t)syscall(SYS_gettid), kept.unavail,
				&kept.tr, err);
		if (rc) {
			run_trace_close();
			return rc;
		}
		kept.busy = busy;
		kept.faults = faults;
		kept.release = release;
	}
	*tr = kept.tr;
	return json_object_update(unavailable, kept.unavail) ? -ENOMEM : 0;
}
