// SPDX-License-Identifier: GPL-2.0-only
/*
 * The io_uring pin methods: each thread keeps queue_depth reads from
 * the device in flight into its slots of the region, each pinning its
 * buffer until it completes. io_uring_fixed registers the buffers
 * first, which takes long-term pins: what fsdax refuses is its result.
 */
#include <errno.h>
#include <liburing.h>
#include <stdlib.h>
#include <sys/uio.h>

#include "inject.h"
#include "nstime.h"
#include "pin-int.h"

/* An io_uring pinner's ring and its request slots (its p->data). */
struct uring_pin {
	/*
	 * Not the ring itself: scan-build took a call given &u->ring for
	 * one that may rewrite all of *u, and the buffers for leaked.
	 * NULL until io_uring_queue_init() made it.
	 */
	struct io_uring *ring;
	bool fixed; /* io_uring_fixed: the slots' buffers are registered */
	unsigned int qd; /* slots */
	struct iovec *iov; /* each slot's buffer in the region */
	uint64_t *t0; /* when the read in each slot started */
	bool *solo; /* and whether in the solo phase */
	unsigned int *freel, nfree; /* the slots with no read in flight */
	unsigned int inflight;
	uint64_t k; /* reads submitted */
};

/*
 * The request slots, each with its buffer in the region, registered for
 * io_uring_fixed. Returns 0, or -errno (noted in the report).
 */
static int uring_slots(struct pinner *p, struct uring_pin *u)
{
	struct pin_set *ps = p->ps;
	unsigned int i;
	int rc;

	u->t0 = calloc(u->qd, sizeof(*u->t0));
	u->solo = calloc(u->qd, sizeof(*u->solo));
	u->iov = calloc(u->qd, sizeof(*u->iov));
	u->freel = calloc(u->qd, sizeof(*u->freel));
	if (!u->t0 || !u->solo || !u->iov || !u->freel) {
		pin_note_error(p, ENOMEM, "io_uring buffers");
		return -ENOMEM;
	}
	for (i = 0; i < u->qd; i++) {
		uint64_t off;

		pin_slot(ps, p->idx, i, (unsigned char **)&u->iov[i].iov_base,
			 &off);
		u->iov[i].iov_len = ps->cfg.io_size;
		u->freel[u->nfree++] = i;
	}
	if (!u->fixed)
		return 0;
	/*
	 * Registered buffers take long-term (FOLL_LONGTERM) pins, which
	 * fsdax refuses: the errno is the result.
	 */
	rc = io_uring_register_buffers(u->ring, u->iov, u->qd);
	if (rc < 0)
		pin_refused(p, -rc, "io_uring_register_buffers");
	return rc < 0 ? rc : 0;
}

/*
 * The ring and the slots of an io_uring pinner, in p->data. A ring the
 * kernel will not make (or uring_setup, injected) refuses the method.
 */
static int uring_open(struct pinner *p, bool fixed)
{
	struct uring_pin *u = calloc(1, sizeof(*u));
	struct io_uring *ring = calloc(1, sizeof(*ring));
	int rc, e;

	if (!u || !ring) {
		free(u);
		free(ring);
		pin_note_error(p, ENOMEM, "io_uring ring");
		return -ENOMEM;
	}
	p->data = u;
	u->fixed = fixed;
	u->qd = p->ps->cfg.queue_depth;
	if (inject_hit(INJECT_URING_SETUP, &e))
		rc = -e;
	else
		rc = io_uring_queue_init(u->qd, ring, 0);
	if (rc < 0) {
		free(ring);
		pin_refused(p, -rc, "io_uring_queue_init");
		return rc;
	}
	u->ring = ring;
	return uring_slots(p, u);
}

static int uring_setup(struct pinner *p)
{
	return uring_open(p, false);
}

static int uring_fixed_setup(struct pinner *p)
{
	return uring_open(p, true);
}

static void uring_teardown(struct pinner *p)
{
	struct uring_pin *u = p->data;

	if (!u)
		return;
	free(u->t0);
	free(u->solo);
	free(u->iov);
	free(u->freel);
	if (u->ring)
		io_uring_queue_exit(u->ring);
	free(u->ring);
	free(u);
	p->data = NULL;
}

/* A read in every free slot, queued (submitted by the caller). */
static void uring_fill(struct pinner *p, struct uring_pin *u)
{
	struct pin_set *ps = p->ps;

	while (!pin_stopping(ps) && u->nfree) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(u->ring);
		unsigned char *buf;
		unsigned int i;
		uint64_t off;

		if (!sqe)
			break;
		/*
		 * Completions come back in any order: a request slot is
		 * reused only once its own completion is seen. Registered
		 * buffers stay with their slot.
		 */
		i = u->freel[--u->nfree];
		pin_slot(ps, p->idx, u->k++, &buf, &off);
		if (u->fixed)
			io_uring_prep_read_fixed(sqe, ps->dev_fd,
						 u->iov[i].iov_base,
						 (unsigned)ps->cfg.io_size, off,
						 (int)i);
		else
			io_uring_prep_read(sqe, ps->dev_fd, buf,
					   (unsigned)ps->cfg.io_size, off);
		u->solo[i] = pin_in_solo(ps);
		u->t0[i] = nstime_now();
		io_uring_sqe_set_data64(sqe, i);
		u->inflight++;
	}
}

/* Count the reads that completed and give their slots back. */
static void uring_reap(struct pinner *p, struct uring_pin *u)
{
	struct io_uring_cqe *cqe;
	unsigned int i;

	while (io_uring_peek_cqe(u->ring, &cqe) == 0) {
		i = (unsigned int)io_uring_cqe_get_data64(cqe);
		pin_set_failing(p, cqe->res < 0);
		if (cqe->res < 0)
			pin_note_error(p, -cqe->res, "io_uring read");
		else
			pin_count_io(p, u->t0[i], u->solo[i]);
		io_uring_cqe_seen(u->ring, cqe);
		u->freel[u->nfree++] = i;
		u->inflight--;
	}
}

/* Keep every slot reading until stopped, none in flight while paused. */
static void uring_loop(struct pinner *p)
{
	struct uring_pin *u = p->data;
	struct pin_set *ps = p->ps;
	int rc;

	while (!pin_stopping(ps) || u->inflight) {
		/* with none in flight, pin_pause() may have found us idle */
		if (!u->inflight && !pin_may_start(p))
			continue;
		if (!pin_is_paused(ps))
			uring_fill(p, u);
		rc = io_uring_submit(u->ring);
		pin_set_inflight(p, rc >= 0 ? (int)u->inflight : 0);
		pin_ready(p); /* requests in flight hold their pins */
		pin_keep_pin(p);
		/*
		 * Stopped or paused since the claim, nothing was queued: no
		 * completion would come, and a pinner blocks every signal.
		 */
		if (rc >= 0 && u->inflight)
			rc = io_uring_submit_and_wait(u->ring, 1);
		if (rc < 0 && rc != -EINTR) {
			pin_note_error(p, -rc, "io_uring_submit");
			break;
		}
		uring_reap(p, u);
		pin_set_inflight(p, (int)u->inflight);
		if (!u->inflight)
			pin_end_io(p);
		if (p->rep.errors > p->rep.ios + p->rep.solo_ios + 1000)
			pin_backoff();
	}
}

const struct pin_ops pin_io_uring_ops = {
	.name = "io_uring",
	.method = PIN_IO_URING,
	.pace = PIN_PACE_CONTINUOUS,
	.device = true,
	.setup = uring_setup,
	.loop = uring_loop,
	.teardown = uring_teardown,
};

const struct pin_ops pin_io_uring_fixed_ops = {
	.name = "io_uring_fixed",
	.method = PIN_IO_URING_FIXED,
	.pace = PIN_PACE_CONTINUOUS,
	.device = true,
	.setup = uring_fixed_setup,
	.loop = uring_loop,
	.teardown = uring_teardown,
};
