// SPDX-License-Identifier: GPL-2.0-only
/*
 * The vmsplice pin method. Its pins are taken in step with the ops (see
 * pin_arm): a fresh pin right before each op, held for exactly "hold",
 * so that on DAX every op meets a pin of known remaining duration. That
 * is the ground truth the hold sweep is for. A page spliced into a pipe
 * stays referenced until the pipe is drained.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/uio.h>
#include <unistd.h>

#include "nstime.h"
#include "pin-int.h"

/* A vmsplice pinner's pipe, and where its drains read to (its p->data). */
struct vms_pin {
	int fds[2]; /* -1: not open */
	unsigned char *scratch;
};

static int vms_setup(struct pinner *p)
{
	uint64_t size = p->ps->cfg.io_size;
	struct vms_pin *v = calloc(1, sizeof(*v));
	int e;

	if (!v) {
		pin_note_error(p, ENOMEM, "pipe");
		return -ENOMEM;
	}
	v->fds[0] = v->fds[1] = -1;
	p->data = v;
	v->scratch = malloc(size);
	if (!v->scratch || pipe2(v->fds, O_CLOEXEC)) {
		e = v->scratch ? errno : ENOMEM;
		pin_note_error(p, e, "pipe");
		return -e;
	}
	/* the whole pin must fit in the pipe, or vmsplice pins a part */
	if (size > 65536 &&
	    fcntl(v->fds[1], F_SETPIPE_SZ, (int)size) < (int)size) {
		e = errno ? errno : ENOSPC;
		pin_note_error(p, e, "F_SETPIPE_SZ (pipe-max-size?)");
		return -e;
	}
	return 0;
}

static void vms_teardown(struct pinner *p)
{
	struct vms_pin *v = p->data;

	if (!v)
		return;
	if (v->fds[0] >= 0)
		close(v->fds[0]);
	if (v->fds[1] >= 0)
		close(v->fds[1]);
	free(v->scratch);
	free(v);
	p->data = NULL;
}

/* Read the @len bytes of a pin back out of the pipe: that releases it. */
static void vms_drain(struct pinner *p, struct vms_pin *v, size_t len)
{
	size_t left;

	for (left = len; left;) {
		ssize_t d = read(v->fds[0], v->scratch, left);

		if (d <= 0) {
			pin_note_error(p, d ? errno : EPIPE, "pipe drain");
			break;
		}
		left -= (size_t)d;
	}
}

static void vms_loop(struct pinner *p)
{
	struct vms_pin *v = p->data;
	struct pin_set *ps = p->ps;
	uint64_t k;

	pin_ready(p);
	for (k = 0; pin_next_request(p); k++) {
		struct iovec iov;
		uint64_t off, t0;
		bool early;
		ssize_t r;

		pin_slot(ps, p->idx, k, (unsigned char **)&iov.iov_base, &off);
		iov.iov_len = ps->cfg.io_size;
		t0 = nstime_now();
		r = vmsplice(v->fds[1], &iov, 1, SPLICE_F_NONBLOCK);
		/* a pin is armed only when it holds the whole io_size */
		if (r == (ssize_t)iov.iov_len)
			pin_set_inflight(p, 1);
		pin_report_armed(p, r == (ssize_t)iov.iov_len);
		if (r < 0) {
			pin_note_error(p, errno, "vmsplice");
			continue;
		}
		if (r != (ssize_t)iov.iov_len)
			pin_note_error(p, EAGAIN, "vmsplice pinned a part");
		pin_hold(p);
		/* a hold cut short by stop is not a sample of the hold */
		early = pin_stopping(ps) && nstime_now() - t0 < ps->cfg.hold_ns;
		vms_drain(p, v, (size_t)r);
		pin_set_inflight(p, 0);
		if (early) {
			p->rep.released_early++;
			continue;
		}
		/* no solo phase: see scenario-check.c */
		pin_count_io(p, t0, false);
	}
}

const struct pin_ops pin_vmsplice_ops = {
	.name = "vmsplice",
	.method = PIN_VMSPLICE,
	.pace = PIN_PACE_LOCKSTEP,
	.setup = vms_setup,
	.loop = vms_loop,
	.teardown = vms_teardown,
};
