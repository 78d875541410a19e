// SPDX-License-Identifier: GPL-2.0-only
/*
 * Advice on a valid scenario: pinners that no op can meet. Such a
 * scenario runs, and each of its ops measures a layout break with no pin
 * in its way, which the user would otherwise learn from the result. Only
 * a certain outcome is advised, and there is one: fsdax refuses the
 * long-term pins of io_uring fixed buffers. Where the pins land is no
 * rule: ext4 and xfs, 6.1 to 7.3, break the layout of the whole file
 * whatever the op's range (daxbench-scenario(5)). Whether an O_DIRECT
 * pin, or a vmsplice pin held 0s, is still held when the busy-page scan
 * reaches its page is a race, measured on 6.12 at 0 to 5 ops in 10
 * whatever the region: the run reports it (pin_evidence).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "fsutil.h"
#include "jsonpos.h"
#include "scenario-int.h"

/* Can point @sc take a pin for its op to meet, on the DAX it asks for? */
static bool can_pin(const struct scenario *sc)
{
	/* FOLL_LONGTERM on fsdax: refused in every kernel we boot */
	return sc->pinners.method != PIN_IO_URING_FIXED ||
	       !sc->target.require_dax;
}

int scenario_advice(const json_t *resolved, struct scenario_advice *adv)
{
	size_t i, n = scenario_npoints(resolved), npinned = 0;
	struct db_err err;

	for (i = 0; i < n; i++) {
		struct scenario sc;
		int rc = scenario_point(resolved, i, &sc, NULL, NULL, &err);

		if (rc)
			return rc;
		if (!scenario_has_pinners(&sc))
			continue;
		/* one point whose pins can meet its op: the rest compare to it */
		if (can_pin(&sc))
			return 0;
		npinned++;
	}
	if (!npinned)
		return 0;
	adv->field = "pinners.method";
	snprintf(adv->msg, sizeof(adv->msg),
		 "no op can meet a pin: fsdax refuses the long-term pins of "
		 "io_uring fixed buffers, so each point records the refusal "
		 "as its error and its ops run with nothing in their way; "
		 "for pins that hold ops off set \"io_uring\" or "
		 "\"odirect\" (a pin per I/O), or \"vmsplice\" with "
		 "pinners.hold (a pin of known length)");
	return 1;
}

int scenario_where(const char *file, const char *path, char *buf, size_t len)
{
	struct jsonpos *jp = NULL;
	struct jsonpos_loc loc = { 0, 0 };
	char *text = NULL;
	size_t size = 0;
	int rc;

	snprintf(buf, len, "%s", file);
	rc = fsutil_read_all(file, &text, &size);
	if (!rc)
		rc = jsonpos_scan(text, size, &jp);
	if (!rc)
		rc = jsonpos_find_near(jp, path, false, &loc);
	if (!rc)
		snprintf(buf, len, "%s:%u:%u", file, loc.line, loc.col);
	jsonpos_free(jp);
	free(text);
	return rc;
}
