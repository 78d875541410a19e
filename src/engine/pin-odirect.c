// SPDX-License-Identifier: GPL-2.0-only
/*
 * The odirect pin method: one O_DIRECT pread after another from the
 * device into the thread's slots of the region, each pinning its buffer
 * for as long as it is in flight, as a DMA engine's would.
 */
#include <errno.h>
#include <unistd.h>

#include "inject.h"
#include "nstime.h"
#include "pin-int.h"

/* The read itself, or the pin_io failure injected in its place. */
static ssize_t odirect_pread(struct pin_set *ps, unsigned char *buf,
			     uint64_t off)
{
	int e;

	if (inject_hit(INJECT_PIN_IO, &e)) {
		errno = e;
		return -1;
	}
	return pread(ps->dev_fd, buf, ps->cfg.io_size, (off_t)off);
}

static void odirect_loop(struct pinner *p)
{
	struct pin_set *ps = p->ps;
	unsigned char *buf;
	uint64_t k, off, t0;
	bool solo;
	ssize_t r;
	int e;

	for (k = 0; !pin_stopping(ps); k++) {
		if (!pin_may_start(p))
			continue;
		pin_slot(ps, p->idx, k, &buf, &off);
		pin_ready(p); /* the pin lasts as long as the pread */
		solo = pin_in_solo(ps);
		t0 = nstime_now();
		pin_set_inflight(p, 1);
		r = odirect_pread(ps, buf, off);
		pin_keep_pin(p);
		pin_set_inflight(p, 0);
		pin_end_io(p);
		pin_set_failing(p, r < 0);
		if (r < 0) {
			pin_note_error(p, errno, "O_DIRECT pread");
			pin_backoff();
			continue;
		}
		pin_count_io(p, t0, solo);
		if (inject_hit(INJECT_PIN_THREAD, &e)) {
			/* as if the thread had died: its pins go with it */
			pin_note_error(p, e,
				       "pinner thread ended early (injected)");
			return;
		}
	}
}

const struct pin_ops pin_odirect_ops = {
	.name = "odirect",
	.method = PIN_ODIRECT,
	.pace = PIN_PACE_CONTINUOUS,
	.device = true,
	.loop = odirect_loop,
};
