// SPDX-License-Identifier: GPL-2.0-only
/*
 * Pinner threads (see pin.h). Each thread owns a slice of the pinned
 * region and does real I/O into it, so the pages are held by
 * get_user_pages() exactly as a DMA engine would hold them: for the time
 * the I/O is in flight (O_DIRECT, io_uring) or until a pipe is drained
 * (vmsplice). Stopping is cooperative: the flag is checked between I/Os,
 * and sleepers (vmsplice holds) are woken through a condition variable.
 */
#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <linux/fs.h>
#include <numa.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "inject.h"
#include "nstime.h"
#include "pin.h"

struct pinner {
	struct pin_set *ps;
	pthread_t tid;
	bool started;
	bool ready;
	/*
	 * atomic: I/Os of this thread in flight now (submitted and not yet
	 * reaped, for io_uring), or 1 while its pipe holds a vmsplice pin.
	 * The op thread reads it for pin_evidence and to start an op only
	 * when every pinner holds a page.
	 */
	int inflight;
	/*
	 * atomic: between claiming an I/O (may_start) and its end, or for
	 * io_uring until none is in flight: what pin_pause() waits out.
	 */
	int busy;
	bool held_open; /* pin_window (inject.h): the last claim was held */
	int done; /* atomic: the thread has ended and pins no more */
	int failing; /* atomic: its last I/O failed: pin_arm() need not wait */
	uint64_t gen; /* the last pin request this thread served */
	unsigned int idx;
	struct pin_report rep;
};

struct pin_set {
	struct pin_config cfg;
	int dev_fd;
	uint64_t dev_size;
	uint64_t nslots; /* io_size sized slots in the region */
	int stop; /* atomic: stop pinning, drop pins */
	int paused; /* atomic: no new I/O until pin_resume() */
	unsigned int not_ready; /* threads not ready after wait_ready() */
	pthread_mutex_t lock;
	pthread_cond_t wake;
	unsigned int ready; /* threads that have pinned (or given up) */
	uint64_t gen; /* per-op pin requests (vmsplice), see pin_arm */
	unsigned int armed; /* threads holding a pin of this gen */
	unsigned int arm_failed; /* threads that could not pin for this gen */
	uint64_t go_gen, go_ns; /* when the op of gen go_gen started */
	uint64_t t_start;
	int solo; /* atomic: in the solo phase, until pin_mark() */
	struct pinner *p;
};

static bool stopping(const struct pin_set *ps)
{
	return __atomic_load_n(&ps->stop, __ATOMIC_ACQUIRE);
}

static bool is_paused(const struct pin_set *ps)
{
	return __atomic_load_n(&ps->paused, __ATOMIC_ACQUIRE);
}

/*
 * While paused (pin_pause), a continuous pinner starts no I/O: wait here
 * with none in flight until resumed or stopped.
 */
static void wait_paused(struct pin_set *ps)
{
	if (!is_paused(ps))
		return;
	pthread_mutex_lock(&ps->lock);
	while (is_paused(ps) && !stopping(ps))
		pthread_cond_wait(&ps->wake, &ps->lock);
	pthread_mutex_unlock(&ps->lock);
}

static void set_inflight(struct pinner *p, int n)
{
	__atomic_store_n(&p->inflight, n, __ATOMIC_RELEASE);
}

/*
 * For the tests (inject.h, pin_window): hold open the moment between a
 * pinner's decision to start I/O, with none in flight, and its claim,
 * until the set is paused or stopped (1 s at most).
 */
static bool hold_window(struct pin_set *ps)
{
	struct timespec ms = { 0, 1000000 };
	uint64_t end;
	int e;

	if (!inject_hit(INJECT_PIN_WINDOW, &e))
		return false;
	end = nstime_now() + 1000000000ULL;
	while (!is_paused(ps) && !stopping(ps) && nstime_now() < end)
		nanosleep(&ms, NULL);
	return true;
}

/*
 * pin_window, after a held claim: the I/O it started keeps its pin while
 * the set is paused, so that a restore it overlaps must see it.
 */
static void keep_pin(struct pinner *p)
{
	struct timespec ms = { 0, 1000000 };

	while (p->held_open && is_paused(p->ps) && !stopping(p->ps))
		nanosleep(&ms, NULL);
}

static void end_io(struct pinner *p)
{
	__atomic_store_n(&p->busy, 0, __ATOMIC_RELEASE);
}

/*
 * Claim the next I/O, or while paused wait with none in flight until
 * resumed or stopped and say no (the caller looks again). The claim is
 * published before paused is read, and pin_pause() stores paused before
 * it reads the claims, all four sequentially consistent: of two that
 * cross, at least one sees the other, so no pinner starts I/O after
 * pin_pause() has found it idle.
 */
static bool may_start(struct pinner *p)
{
	struct pin_set *ps = p->ps;

	p->held_open = hold_window(ps);
	__atomic_store_n(&p->busy, 1, __ATOMIC_SEQ_CST);
	if (!__atomic_load_n(&ps->paused, __ATOMIC_SEQ_CST))
		return true;
	end_io(p);
	wait_paused(ps);
	return false;
}

static void note_error(struct pinner *p, int e, const char *what)
{
	p->rep.errors++;
	if (!p->rep.first_errno) {
		p->rep.first_errno = e;
		snprintf(p->rep.first_error, sizeof(p->rep.first_error),
			 "%s: %s", what, strerror(e));
	}
}

/*
 * Tell pin_start() this thread is pinning (or never will): the op loop
 * must not begin before the pins it is meant to meet exist.
 */
static void mark_ready(struct pinner *p)
{
	struct pin_set *ps = p->ps;

	if (p->ready)
		return;
	p->ready = true;
	pthread_mutex_lock(&ps->lock);
	ps->ready++;
	pthread_cond_broadcast(&ps->wake);
	pthread_mutex_unlock(&ps->lock);
}

/* Errors are expected while a truncate has cut the region off: don't spin. */
static void backoff(void)
{
	struct timespec ts = { 0, 200000 };

	nanosleep(&ts, NULL);
}

/* The k-th I/O of thread @idx: its slot in the region, its device offset. */
static void slot_of(struct pin_set *ps, unsigned int idx, uint64_t k,
		    unsigned char **buf, uint64_t *dev_off)
{
	uint64_t slot = (idx + k * ps->cfg.threads) % ps->nslots;

	*buf = ps->cfg.region + slot * ps->cfg.io_size;
	*dev_off =
		(slot * ps->cfg.io_size) % (ps->dev_size - ps->cfg.io_size + 1);
	*dev_off &= ~(uint64_t)511;
}

/*
 * Whether an I/O starting now belongs to the solo phase (pinners.solo).
 * Each I/O is counted in the phase it started in, by its own thread, so
 * no figure is read while another thread writes it.
 */
static bool in_solo(struct pin_set *ps)
{
	return __atomic_load_n(&ps->solo, __ATOMIC_ACQUIRE);
}

/* A completed I/O started at @t0, in the solo phase when @solo. */
static void count_io(struct pinner *p, uint64_t t0, bool solo)
{
	if (solo) {
		p->rep.solo_ios++;
		return;
	}
	hist_add(&p->rep.lat, nstime_now() - t0);
	p->rep.ios++;
}

static void pin_odirect(struct pinner *p)
{
	struct pin_set *ps = p->ps;
	unsigned char *buf;
	uint64_t k, off, t0;
	bool solo;
	ssize_t r;
	int e;

	for (k = 0; !stopping(ps); k++) {
		if (!may_start(p))
			continue;
		slot_of(ps, p->idx, k, &buf, &off);
		mark_ready(p); /* the pin lasts as long as the pread */
		solo = in_solo(ps);
		t0 = nstime_now();
		set_inflight(p, 1);
		if (inject_hit(INJECT_PIN_IO, &e)) {
			errno = e;
			r = -1;
		} else {
			r = pread(ps->dev_fd, buf, ps->cfg.io_size, (off_t)off);
		}
		keep_pin(p);
		set_inflight(p, 0);
		end_io(p);
		__atomic_store_n(&p->failing, r < 0, __ATOMIC_RELAXED);
		if (r < 0) {
			note_error(p, errno, "O_DIRECT pread");
			backoff();
			continue;
		}
		count_io(p, t0, solo);
		if (inject_hit(INJECT_PIN_THREAD, &e)) {
			/* as if the thread had died: its pins go with it */
			note_error(p, e,
				   "pinner thread ended early (injected)");
			return;
		}
	}
}

/* An io_uring pinner's ring and its request slots. */
struct uring_pin {
	/*
	 * Not the ring itself: scan-build took a call given &u->ring for
	 * one that may rewrite all of *u, and the buffers for leaked.
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

/* The kernel refused the pin method itself: that errno is the result. */
static void refused(struct pinner *p, int e, const char *what)
{
	p->rep.refused = true;
	p->rep.refused_errno = e;
	note_error(p, e, what);
}

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
		note_error(p, ENOMEM, "io_uring buffers");
		return -ENOMEM;
	}
	for (i = 0; i < u->qd; i++) {
		uint64_t off;

		slot_of(ps, p->idx, i, (unsigned char **)&u->iov[i].iov_base,
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
		refused(p, -rc, "io_uring_register_buffers");
	return rc < 0 ? rc : 0;
}

/* A read in every free slot, queued (submitted by the caller). */
static void uring_fill(struct pinner *p, struct uring_pin *u)
{
	struct pin_set *ps = p->ps;

	while (!stopping(ps) && u->nfree) {
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
		slot_of(ps, p->idx, u->k++, &buf, &off);
		if (u->fixed)
			io_uring_prep_read_fixed(sqe, ps->dev_fd,
						 u->iov[i].iov_base,
						 (unsigned)ps->cfg.io_size, off,
						 (int)i);
		else
			io_uring_prep_read(sqe, ps->dev_fd, buf,
					   (unsigned)ps->cfg.io_size, off);
		u->solo[i] = in_solo(ps);
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
		__atomic_store_n(&p->failing, cqe->res < 0, __ATOMIC_RELAXED);
		if (cqe->res < 0)
			note_error(p, -cqe->res, "io_uring read");
		else
			count_io(p, u->t0[i], u->solo[i]);
		io_uring_cqe_seen(u->ring, cqe);
		u->freel[u->nfree++] = i;
		u->inflight--;
	}
}

/* Keep every slot reading until stopped, none in flight while paused. */
static void uring_loop(struct pinner *p, struct uring_pin *u)
{
	struct pin_set *ps = p->ps;
	int rc;

	while (!stopping(ps) || u->inflight) {
		/* with none in flight, pin_pause() may have found us idle */
		if (!u->inflight && !may_start(p))
			continue;
		if (!is_paused(ps))
			uring_fill(p, u);
		rc = io_uring_submit(u->ring);
		set_inflight(p, rc >= 0 ? (int)u->inflight : 0);
		mark_ready(p); /* requests in flight hold their pins */
		keep_pin(p);
		/*
		 * Stopped or paused since the claim, nothing was queued: no
		 * completion would come, and a pinner blocks every signal.
		 */
		if (rc >= 0 && u->inflight)
			rc = io_uring_submit_and_wait(u->ring, 1);
		if (rc < 0 && rc != -EINTR) {
			note_error(p, -rc, "io_uring_submit");
			break;
		}
		uring_reap(p, u);
		set_inflight(p, (int)u->inflight);
		if (!u->inflight)
			end_io(p);
		if (p->rep.errors > p->rep.ios + p->rep.solo_ios + 1000)
			backoff();
	}
}

static void pin_uring(struct pinner *p, bool fixed)
{
	struct io_uring ring;
	struct uring_pin u = { .ring = &ring,
			       .fixed = fixed,
			       .qd = p->ps->cfg.queue_depth };
	int rc, e;

	if (inject_hit(INJECT_URING_SETUP, &e))
		rc = -e;
	else
		rc = io_uring_queue_init(u.qd, &ring, 0);
	if (rc < 0) {
		refused(p, -rc, "io_uring_queue_init");
		return;
	}
	if (!uring_slots(p, &u))
		uring_loop(p, &u);
	free(u.t0);
	free(u.solo);
	free(u.iov);
	free(u.freel);
	io_uring_queue_exit(&ring);
}

/*
 * Hold a lock-step pin for @ns counted from the start of the op it was
 * taken for (pin_go), so the op cannot end before @ns has passed; return
 * early when the set is told to stop.
 */
static void hold(struct pin_set *ps, uint64_t gen, uint64_t ns)
{
	struct timespec until;
	uint64_t end;

	pthread_mutex_lock(&ps->lock);
	while (!stopping(ps) && ps->go_gen != gen)
		pthread_cond_wait(&ps->wake, &ps->lock);
	end = ps->go_ns + ns;
	until = nstime_ts(end);
	while (!stopping(ps) && nstime_now() < end &&
	       pthread_cond_timedwait(&ps->wake, &ps->lock, &until) !=
		       ETIMEDOUT)
		;
	pthread_mutex_unlock(&ps->lock);
}

/* Wait for the next pin request; false when told to stop. */
static bool next_request(struct pinner *p)
{
	struct pin_set *ps = p->ps;
	bool go;

	pthread_mutex_lock(&ps->lock);
	while (!stopping(ps) && p->gen == ps->gen)
		pthread_cond_wait(&ps->wake, &ps->lock);
	go = !stopping(ps);
	p->gen = ps->gen;
	pthread_mutex_unlock(&ps->lock);
	return go;
}

/* Tell pin_arm() whether this thread holds a whole pin for its request. */
static void report_armed(struct pinner *p, bool held)
{
	struct pin_set *ps = p->ps;

	pthread_mutex_lock(&ps->lock);
	if (p->gen == ps->gen && held)
		ps->armed++;
	else if (p->gen == ps->gen)
		ps->arm_failed++;
	pthread_cond_broadcast(&ps->wake);
	pthread_mutex_unlock(&ps->lock);
}

/*
 * vmsplice pins are taken in step with the ops (see pin_arm): a fresh pin
 * right before each op, held for exactly "hold", so that on DAX every op
 * meets a pin of known remaining duration. That is the ground truth the
 * hold sweep is for.
 */
static void pin_vmsplice(struct pinner *p)
{
	struct pin_set *ps = p->ps;
	unsigned char *scratch;
	int fds[2];
	uint64_t k;

	scratch = malloc(ps->cfg.io_size);
	if (!scratch || pipe2(fds, O_CLOEXEC)) {
		note_error(p, scratch ? errno : ENOMEM, "pipe");
		free(scratch);
		return;
	}
	/* the whole pin must fit in the pipe, or vmsplice pins a part */
	if (ps->cfg.io_size > 65536 &&
	    fcntl(fds[1], F_SETPIPE_SZ, (int)ps->cfg.io_size) <
		    (int)ps->cfg.io_size) {
		note_error(p, errno ? errno : ENOSPC,
			   "F_SETPIPE_SZ (pipe-max-size?)");
		goto out;
	}
	mark_ready(p);
	for (k = 0; next_request(p); k++) {
		struct iovec iov;
		uint64_t off, t0;
		size_t left;
		bool early;
		ssize_t r;

		slot_of(ps, p->idx, k, (unsigned char **)&iov.iov_base, &off);
		iov.iov_len = ps->cfg.io_size;
		t0 = nstime_now();
		r = vmsplice(fds[1], &iov, 1, SPLICE_F_NONBLOCK);
		/* a pin is armed only when it holds the whole io_size */
		if (r == (ssize_t)iov.iov_len)
			set_inflight(p, 1);
		report_armed(p, r == (ssize_t)iov.iov_len);
		if (r < 0) {
			note_error(p, errno, "vmsplice");
			continue;
		}
		if (r != (ssize_t)iov.iov_len)
			note_error(p, EAGAIN, "vmsplice pinned a part");
		/* the pages stay referenced by the pipe until drained */
		hold(ps, p->gen, ps->cfg.hold_ns);
		/* a hold cut short by stop is not a sample of the hold */
		early = stopping(ps) && nstime_now() - t0 < ps->cfg.hold_ns;
		for (left = (size_t)r; left;) {
			ssize_t d = read(fds[0], scratch, left);

			if (d <= 0) {
				note_error(p, d ? errno : EPIPE, "pipe drain");
				break;
			}
			left -= (size_t)d;
		}
		set_inflight(p, 0);
		if (early) {
			p->rep.released_early++;
			continue;
		}
		/* no solo phase: see scenario-check.c */
		count_io(p, t0, false);
	}
out:
	close(fds[0]);
	close(fds[1]);
	free(scratch);
}

static void *pinner_main(void *arg)
{
	struct pinner *p = arg;
	struct pin_set *ps = p->ps;

	if (ps->cfg.cpunodebind >= 0 && numa_run_on_node(ps->cfg.cpunodebind))
		note_error(p, errno, "numa_run_on_node");
	if (ps->cfg.membind >= 0) {
		struct bitmask *bm = numa_allocate_nodemask();

		if (bm) {
			numa_bitmask_setbit(bm, (unsigned)ps->cfg.membind);
			numa_set_membind(bm);
			numa_free_nodemask(bm);
		}
	}
	switch (ps->cfg.method) {
	case PIN_ODIRECT:
		pin_odirect(p);
		break;
	case PIN_IO_URING:
		pin_uring(p, false);
		break;
	case PIN_IO_URING_FIXED:
		pin_uring(p, true);
		break;
	case PIN_VMSPLICE:
		pin_vmsplice(p);
		break;
	case PIN_NONE:
		break;
	}
	set_inflight(p, 0);
	end_io(p);
	pthread_mutex_lock(&ps->lock);
	__atomic_store_n(&p->done, 1, __ATOMIC_RELEASE);
	pthread_cond_broadcast(&ps->wake); /* pin_arm() awaits it no more */
	pthread_mutex_unlock(&ps->lock);
	mark_ready(p); /* a thread that failed early must not be awaited */
	return NULL;
}

static int open_device(struct pin_set *ps, struct db_err *err)
{
	const char *dev = ps->cfg.device;
	struct stat st;

	if (ps->cfg.method == PIN_VMSPLICE || ps->cfg.method == PIN_NONE)
		return 0;
	if (!dev)
		return db_err_set(err, -EINVAL, "pinners.device: none given");
	ps->dev_fd = open(dev, O_RDONLY | O_DIRECT | O_CLOEXEC);
	if (ps->dev_fd < 0)
		return db_err_set(err, -errno, "%s: open O_DIRECT: %s", dev,
				  strerror(errno));
	if (fstat(ps->dev_fd, &st))
		return db_err_set(err, -errno, "%s: stat: %s", dev,
				  strerror(errno));
	if (S_ISBLK(st.st_mode)) {
		if (ioctl(ps->dev_fd, BLKGETSIZE64, &ps->dev_size))
			return db_err_set(err, -errno, "%s: size: %s", dev,
					  strerror(errno));
	} else {
		ps->dev_size = (uint64_t)st.st_size;
	}
	if (ps->dev_size < ps->cfg.io_size)
		return db_err_set(err, -EINVAL,
				  "%s: %llu bytes, smaller than one I/O", dev,
				  (unsigned long long)ps->dev_size);
	return 0;
}

/*
 * Wait 10 s at most: a pin that cannot be taken is reported (the threads
 * still not ready, in pin_report.not_ready), not awaited.
 */
static void wait_ready(struct pin_set *ps)
{
	struct timespec until;
	uint64_t end = nstime_now() + 10000000000ULL;

	until = nstime_ts(end);
	pthread_mutex_lock(&ps->lock);
	while (ps->ready < ps->cfg.threads &&
	       pthread_cond_timedwait(&ps->wake, &ps->lock, &until) !=
		       ETIMEDOUT)
		;
	ps->not_ready = ps->cfg.threads - ps->ready;
	pthread_mutex_unlock(&ps->lock);
}

int pin_start(const struct pin_config *cfg, struct pin_set **out,
	      struct db_err *err)
{
	sigset_t block, old;
	pthread_condattr_t ca;
	struct pin_set *ps;
	unsigned int i;
	int rc;

	*out = NULL;
	ps = calloc(1, sizeof(*ps));
	if (!ps)
		return db_err_set(err, -ENOMEM, "out of memory");
	ps->cfg = *cfg;
	ps->dev_fd = -1;
	pthread_mutex_init(&ps->lock, NULL);
	/* holds are timed against CLOCK_MONOTONIC, like everything else */
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&ps->wake, &ca);
	pthread_condattr_destroy(&ca);
	ps->nslots = cfg->io_size ? cfg->region_len / cfg->io_size : 0;
	ps->p = calloc(cfg->threads ? cfg->threads : 1, sizeof(*ps->p));
	if (!ps->p) {
		rc = db_err_set(err, -ENOMEM, "out of memory");
		goto fail;
	}
	for (i = 0; i < cfg->threads; i++) {
		ps->p[i].ps = ps;
		ps->p[i].idx = i;
		hist_init(&ps->p[i].rep.lat);
	}
	*out = ps;
	ps->solo = cfg->solo; /* before any thread starts */
	ps->t_start = nstime_now();
	if (cfg->method == PIN_NONE || !cfg->threads)
		return 0;
	if (!ps->nslots) {
		rc = db_err_set(err, -EINVAL,
				"pinners.region: shorter than one I/O");
		goto fail;
	}
	rc = open_device(ps, err);
	if (rc)
		goto fail;
	/* signals are for the op thread: pinners must never take them */
	sigfillset(&block);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	for (i = 0; i < cfg->threads; i++) {
		rc = -pthread_create(&ps->p[i].tid, NULL, pinner_main,
				     &ps->p[i]);
		if (rc)
			break;
		ps->p[i].started = true;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc) {
		db_err_set(err, rc, "pinner thread %u: %s", i, strerror(-rc));
		pin_stop(ps, NULL);
		*out = NULL;
		return rc;
	}
	wait_ready(ps);
	return 0;
fail:
	*out = NULL;
	pin_stop(ps, NULL);
	return rc;
}

static unsigned int threads_done(const struct pin_set *ps)
{
	unsigned int i, n = 0;

	for (i = 0; i < ps->cfg.threads; i++)
		n += (unsigned int)__atomic_load_n(&ps->p[i].done,
						   __ATOMIC_ACQUIRE);
	return n;
}

/* vmsplice: a fresh pin from every live thread (see pin_arm). */
static int arm_lockstep(struct pin_set *ps, uint64_t end)
{
	struct timespec until = nstime_ts(end);
	int rc = 0;

	pthread_mutex_lock(&ps->lock);
	ps->gen++;
	ps->armed = ps->arm_failed = 0;
	pthread_cond_broadcast(&ps->wake);
	while (!stopping(ps) &&
	       ps->armed + ps->arm_failed + threads_done(ps) <
		       ps->cfg.threads &&
	       rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&ps->wake, &ps->lock, &until);
	rc = rc == ETIMEDOUT && !stopping(ps) ? -ETIMEDOUT : 0;
	pthread_mutex_unlock(&ps->lock);
	return rc;
}

/*
 * Continuous pinners: wait until every thread that still runs has an I/O
 * in flight, so that the op meets pins rather than the gap between two
 * I/Os (or a pinner still re-faulting its buffer after the restore). A
 * thread whose I/Os fail is not awaited: it would hold one only for the
 * instant its syscall fails. Polled: the pinners' hot loop must not pay
 * for a wakeup per I/O.
 */
static int arm_continuous(struct pin_set *ps, uint64_t end)
{
	struct timespec nap = { 0, 20000 };
	unsigned int spins = 0, i, need;

	for (;;) {
		need = 0;
		for (i = 0; i < ps->cfg.threads; i++)
			if (!__atomic_load_n(&ps->p[i].done,
					     __ATOMIC_ACQUIRE) &&
			    !__atomic_load_n(&ps->p[i].failing,
					     __ATOMIC_RELAXED) &&
			    __atomic_load_n(&ps->p[i].inflight,
					    __ATOMIC_ACQUIRE) <= 0)
				need++;
		if (!need || stopping(ps))
			return 0;
		if (nstime_now() >= end)
			return -ETIMEDOUT;
		if (++spins < 64)
			sched_yield();
		else
			nanosleep(&nap, NULL);
	}
}

int pin_arm(struct pin_set *ps, uint64_t timeout_ns)
{
	uint64_t end = nstime_now() + timeout_ns;

	if (!ps || ps->cfg.method == PIN_NONE || !ps->cfg.threads)
		return 0;
	if (ps->cfg.method == PIN_VMSPLICE)
		return arm_lockstep(ps, end);
	return arm_continuous(ps, end);
}

unsigned int pin_held(const struct pin_set *ps)
{
	unsigned int i, n = 0;

	for (i = 0; ps && i < ps->cfg.threads; i++)
		n += __atomic_load_n(&ps->p[i].inflight, __ATOMIC_ACQUIRE) > 0;
	return n;
}

bool pin_released(const struct pin_set *ps)
{
	return !ps || (stopping(ps) && !pin_held(ps));
}

void pin_go(struct pin_set *ps, uint64_t t0)
{
	if (!ps || ps->cfg.method != PIN_VMSPLICE || !ps->cfg.threads)
		return;
	pthread_mutex_lock(&ps->lock);
	ps->go_gen = ps->gen;
	ps->go_ns = t0;
	pthread_cond_broadcast(&ps->wake);
	pthread_mutex_unlock(&ps->lock);
}

void pin_release(struct pin_set *ps)
{
	if (!ps)
		return;
	pthread_mutex_lock(&ps->lock);
	__atomic_store_n(&ps->stop, 1, __ATOMIC_RELEASE);
	pthread_cond_broadcast(&ps->wake);
	pthread_mutex_unlock(&ps->lock);
}

/* Pinners that claimed I/O (see may_start): seq_cst, as its partner. */
static unsigned int pins_busy(const struct pin_set *ps)
{
	unsigned int i, n = 0;

	for (i = 0; i < ps->cfg.threads; i++)
		n += __atomic_load_n(&ps->p[i].busy, __ATOMIC_SEQ_CST) > 0;
	return n;
}

int pin_pause(struct pin_set *ps, uint64_t timeout_ns)
{
	struct timespec nap = { 0, 20000 };
	uint64_t end = nstime_now() + timeout_ns;

	if (!ps || ps->cfg.method == PIN_NONE ||
	    ps->cfg.method == PIN_VMSPLICE || !ps->cfg.threads)
		return 0;
	__atomic_store_n(&ps->paused, 1, __ATOMIC_SEQ_CST);
	while (pins_busy(ps)) {
		if (nstime_now() >= end)
			return -ETIMEDOUT;
		nanosleep(&nap, NULL);
	}
	return 0;
}

void pin_resume(struct pin_set *ps)
{
	if (!ps || !__atomic_load_n(&ps->paused, __ATOMIC_ACQUIRE))
		return;
	pthread_mutex_lock(&ps->lock);
	__atomic_store_n(&ps->paused, 0, __ATOMIC_RELEASE);
	pthread_cond_broadcast(&ps->wake);
	pthread_mutex_unlock(&ps->lock);
}

uint64_t pin_mark(struct pin_set *ps)
{
	uint64_t now = nstime_now(), since = now - ps->t_start;

	ps->t_start = now;
	__atomic_store_n(&ps->solo, 0, __ATOMIC_RELEASE);
	return since;
}

void pin_stop(struct pin_set *ps, struct pin_report *rep)
{
	unsigned int i;

	if (!ps)
		return;
	pin_release(ps);
	if (rep) {
		memset(rep, 0, sizeof(*rep));
		hist_init(&rep->lat);
	}
	for (i = 0; ps->p && i < ps->cfg.threads; i++) {
		struct pin_report *r = &ps->p[i].rep;

		if (ps->p[i].started)
			pthread_join(ps->p[i].tid, NULL);
		if (!rep)
			continue;
		hist_merge(&rep->lat, &r->lat);
		rep->ios += r->ios;
		rep->solo_ios += r->solo_ios;
		rep->errors += r->errors;
		rep->released_early += r->released_early;
		if (r->first_errno && !rep->first_errno) {
			rep->first_errno = r->first_errno;
			memcpy(rep->first_error, r->first_error,
			       sizeof(rep->first_error));
		}
		if (r->refused && !rep->refused) {
			rep->refused = true;
			rep->refused_errno = r->refused_errno;
		}
	}
	if (rep) {
		rep->elapsed_ns = nstime_now() - ps->t_start;
		rep->not_ready = ps->not_ready;
	}
	if (ps->dev_fd >= 0)
		close(ps->dev_fd);
	pthread_cond_destroy(&ps->wake);
	pthread_mutex_destroy(&ps->lock);
	free(ps->p);
	free(ps);
}
