// SPDX-License-Identifier: GPL-2.0-only
/*
 * label_point(): units from the schema (a size, a duration, a count
 * that looks like neither), a mode's value alone in the brief form, a
 * swept object spelt out, a skipped key, and an empty params object.
 */
#include <stdlib.h>
#include <string.h>

#include "label.h"
#include "t.h"

static void expect(const char *json, const char *skip, bool brief,
		   const char *want)
{
	json_t *p = json_loads(json, 0, NULL);
	char *got = p ? label_point(p, skip, brief) : NULL;

	T_CHECK(got && !strcmp(got, want), "%s%s: got \"%s\", want \"%s\"",
		json, brief ? " (brief)" : "", got ? got : "(null)", want);
	free(got);
	json_decref(p);
}

int main(void)
{
	const char *pt = "{\"file.mapping\": \"pte\", \"file.size\": 2097152}";

	expect(pt, NULL, false, "file.mapping=pte file.size=2MiB");
	expect(pt, NULL, true, "pte size=2MiB");
	expect(pt, "file.mapping", true, "size=2MiB");
	expect("{\"operation.type\": \"punch_hole\", \"pinners.threads\": 2}",
	       NULL, true, "punch_hole thr=2");
	/* a duration in units, whatever its name: hold, interval, solo */
	expect("{\"pinners.hold\": 100000000}", NULL, true, "hold=100ms");
	expect("{\"operation.interval\": 1000}", NULL, false,
	       "operation.interval=1us");
	expect("{\"pinners.hold\": 1500000}", NULL, true, "hold=1500us");
	expect("{\"pinners.hold\": 1500001}", NULL, true, "hold=1.50ms");
	expect("{\"timeout\": 120000000000}", NULL, true, "timeout=2m");
	/* a plain count stays a number even where "size" is near */
	expect("{\"pinners.queue_depth\": 32}", NULL, true, "qd=32");
	/* a whole object swept: its fields, never clipped JSON */
	expect("{\"pinners\": {\"method\": \"odirect\", \"threads\": 2, "
	       "\"io_size\": 4096}}",
	       NULL, true, "odirect thr=2 io_size=4KiB");
	expect("{\"pinners\": {\"method\": \"odirect\", \"threads\": 2}}", NULL,
	       false, "pinners.method=odirect pinners.threads=2");
	expect("{}", NULL, true, "");
	return t_done();
}
