// SPDX-License-Identifier: GPL-2.0-only
/*
 * Pinner threads (see pin.h). Each thread owns a slice of the pinned
 * region and does real I/O into it, so the pages are held by
 * get_user_pages() exactly as a DMA engine would hold them: for the time
 * the I/O is in flight (O_DIRECT, io_uring) or until a pipe is drained
 * (vmsplice). Stopping is cooperative: the flag is checked between I/Os,
 * and sleepers (vmsplice holds) are woken through a condition variable.
 *
 * This file is what every method shares: the threads' start and stop,
 * the ready, pause and lock-step handshakes, the pin_window hooks and
 * the reports. The methods themselves are struct pin_ops, a file each
 * (pin-int.h), found in pin_table[].
 */
#include <errno.h>
#include <fcntl.h>
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
#include <time.h>
#include <unistd.h>

#include "inject.h"
#include "nstime.h"
#include "pin-int.h"

/*
 * While paused (pin_pause), a continuous pinner starts no I/O: wait here
 * with none in flight until resumed or stopped.
 */
static void wait_paused(struct pin_set *ps)
{
	if (!pin_is_paused(ps))
		return;
	pthread_mutex_lock(&ps->lock);
	while (pin_is_paused(ps) && !pin_stopping(ps))
		pthread_cond_wait(&ps->wake, &ps->lock);
	pthread_mutex_unlock(&ps->lock);
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
	while (!pin_is_paused(ps) && !pin_stopping(ps) && nstime_now() < end)
		nanosleep(&ms, NULL);
	/*
	 * Held open only across a pause: after the 1 s bound (a slow ASan
	 * op) the claim that follows is an ordinary one, whose I/O
	 * pin_pause() waits for, and keeping its pin would fake a stall.
	 */
	return pin_is_paused(ps) && !pin_stopping(ps);
}

/*
 * pin_window, after a held claim: the I/O it started keeps its pin while
 * the set is paused, so that a restore it overlaps must see it.
 */
void pin_keep_pin(struct pinner *p)
{
	struct timespec ms = { 0, 1000000 };

	while (p->held_open && pin_is_paused(p->ps) && !pin_stopping(p->ps))
		nanosleep(&ms, NULL);
}

/*
 * Claim the next I/O, or while paused wait with none in flight until
 * resumed or stopped and say no (the caller looks again). The claim is
 * published before paused is read, and pin_pause() stores paused before
 * it reads the claims, all four sequentially consistent: of two that
 * cross, at least one sees the other, so no pinner starts I/O after
 * pin_pause() has found it idle.
 */
bool pin_may_start(struct pinner *p)
{
	struct pin_set *ps = p->ps;

	p->held_open = hold_window(ps);
	__atomic_store_n(&p->busy, 1, __ATOMIC_SEQ_CST);
	if (!__atomic_load_n(&ps->paused, __ATOMIC_SEQ_CST))
		return true;
	pin_end_io(p);
	wait_paused(ps);
	return false;
}

void pin_note_error(struct pinner *p, int e, const char *what)
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
void pin_ready(struct pinner *p)
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
void pin_backoff(void)
{
	struct timespec ts = { 0, 200000 };

	nanosleep(&ts, NULL);
}

/* The k-th I/O of thread @idx: its slot in the region, its device offset. */
void pin_slot(const struct pin_set *ps, unsigned int idx, uint64_t k,
	      unsigned char **buf, uint64_t *dev_off)
{
	uint64_t slot = (idx + k * ps->cfg.threads) % ps->nslots;

	*buf = ps->cfg.region + slot * ps->cfg.io_size;
	*dev_off =
		(slot * ps->cfg.io_size) % (ps->dev_size - ps->cfg.io_size + 1);
	*dev_off &= ~(uint64_t)511;
}

/*
 * A completed I/O started at @t0, in the solo phase when @solo; one
 * started before every pinner was ready is counted apart.
 */
void pin_count_io(struct pinner *p, uint64_t t0, bool solo)
{
	if (t0 < __atomic_load_n(&p->ps->ready_t, __ATOMIC_ACQUIRE)) {
		p->rep.startup_ios++;
		return;
	}
	if (solo) {
		p->rep.solo_ios++;
		return;
	}
	hist_add(&p->rep.lat, nstime_now() - t0);
	p->rep.ios++;
}

/* The kernel refused the pin method itself: that errno is the result. */
void pin_refused(struct pinner *p, int e, const char *what)
{
	p->rep.refused = true;
	p->rep.refused_errno = e;
	pin_note_error(p, e, what);
}

/*
 * Hold a lock-step pin for hold_ns counted from the start of the op it
 * was taken for (pin_go), so the op cannot end before hold_ns has
 * passed; return early when the set is told to stop.
 */
void pin_hold(struct pinner *p)
{
	struct pin_set *ps = p->ps;
	struct timespec until;
	uint64_t end;

	pthread_mutex_lock(&ps->lock);
	while (!pin_stopping(ps) && ps->go_gen != p->gen)
		pthread_cond_wait(&ps->wake, &ps->lock);
	end = ps->go_ns + ps->cfg.hold_ns;
	until = nstime_ts(end);
	while (!pin_stopping(ps) && nstime_now() < end &&
	       pthread_cond_timedwait(&ps->wake, &ps->lock, &until) !=
		       ETIMEDOUT)
		;
	pthread_mutex_unlock(&ps->lock);
}

/* Wait for the next pin request; false when told to stop. */
bool pin_next_request(struct pinner *p)
{
	struct pin_set *ps = p->ps;
	bool go;

	pthread_mutex_lock(&ps->lock);
	while (!pin_stopping(ps) && p->gen == ps->gen)
		pthread_cond_wait(&ps->wake, &ps->lock);
	go = !pin_stopping(ps);
	p->gen = ps->gen;
	pthread_mutex_unlock(&ps->lock);
	return go;
}

/* Tell pin_arm() whether this thread holds a whole pin for its request. */
void pin_report_armed(struct pinner *p, bool held)
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

/* The NUMA placement asked for (pinners.numa), for this thread. */
static void place_thread(struct pinner *p)
{
	struct pin_set *ps = p->ps;

	if (ps->cfg.cpunodebind >= 0 && numa_run_on_node(ps->cfg.cpunodebind))
		pin_note_error(p, errno, "numa_run_on_node");
	if (ps->cfg.membind >= 0) {
		struct bitmask *bm = numa_allocate_nodemask();

		if (bm) {
			numa_bitmask_setbit(bm, (unsigned)ps->cfg.membind);
			numa_set_membind(bm);
			numa_free_nodemask(bm);
		}
	}
}

static void *pinner_main(void *arg)
{
	struct pinner *p = arg;
	struct pin_set *ps = p->ps;
	const struct pin_ops *ops = ps->ops;

	place_thread(p);
	if (!ops->setup || !ops->setup(p))
		ops->loop(p);
	if (ops->teardown)
		ops->teardown(p);
	pin_set_inflight(p, 0);
	pin_end_io(p);
	pthread_mutex_lock(&ps->lock);
	__atomic_store_n(&p->done, 1, __ATOMIC_RELEASE);
	pthread_cond_broadcast(&ps->wake); /* pin_arm() awaits it no more */
	pthread_mutex_unlock(&ps->lock);
	pin_ready(p); /* a thread that failed early must not be awaited */
	return NULL;
}

static int open_device(struct pin_set *ps, struct db_err *err)
{
	const char *dev = ps->cfg.device;
	struct stat st;

	if (!ps->ops->device)
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

/* A set of @cfg's threads, none started yet; NULL when out of memory. */
static struct pin_set *set_new(const struct pin_config *cfg,
			       const struct pin_ops *ops)
{
	struct pin_set *ps = calloc(1, sizeof(*ps));
	pthread_condattr_t ca;
	unsigned int i;

	if (!ps)
		return NULL;
	ps->cfg = *cfg;
	ps->ops = ops;
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
		pin_stop(ps, NULL);
		return NULL;
	}
	for (i = 0; i < cfg->threads; i++) {
		ps->p[i].ps = ps;
		ps->p[i].idx = i;
		hist_init(&ps->p[i].rep.lat);
	}
	ps->solo = cfg->solo; /* before any thread starts */
	ps->t_start = nstime_now();
	ps->ready_t = UINT64_MAX;
	return ps;
}

static int start_threads(struct pin_set *ps, struct db_err *err)
{
	sigset_t block, old;
	unsigned int i;
	int rc = 0;

	/* signals are for the op thread: pinners must never take them */
	sigfillset(&block);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	for (i = 0; i < ps->cfg.threads; i++) {
		rc = -pthread_create(&ps->p[i].tid, NULL, pinner_main,
				     &ps->p[i]);
		if (rc)
			break;
		ps->p[i].started = true;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc)
		return db_err_set(err, rc, "pinner thread %u: %s", i,
				  strerror(-rc));
	return 0;
}

/* "none": no threads, so arming, pausing or going does nothing. */
static const struct pin_ops pin_none_ops = {
	.name = "none",
	.method = PIN_NONE,
};

/* Every pin method: a new one is a file of its own and a row here. */
static const struct pin_ops *const pin_table[] = {
	&pin_none_ops,		 &pin_odirect_ops,  &pin_io_uring_ops,
	&pin_io_uring_fixed_ops, &pin_vmsplice_ops,
};

const struct pin_ops *pin_ops_find(enum pin_method m)
{
	size_t i;

	for (i = 0; i < sizeof(pin_table) / sizeof(pin_table[0]); i++)
		if (pin_table[i]->method == m)
			return pin_table[i];
	return NULL;
}

int pin_start(const struct pin_config *cfg, struct pin_set **out,
	      struct db_err *err)
{
	const struct pin_ops *ops = pin_ops_find(cfg->method);
	struct pin_set *ps;
	int rc;

	*out = NULL;
	if (!ops)
		return db_err_set(err, -EINVAL, "pinners.method: no method %d",
				  (int)cfg->method);
	ps = set_new(cfg, ops);
	if (!ps)
		return db_err_set(err, -ENOMEM, "out of memory");
	*out = ps;
	if (!ops->loop || !cfg->threads)
		return 0;
	if (!ps->nslots)
		rc = db_err_set(err, -EINVAL,
				"pinners.region: shorter than one I/O");
	else
		rc = open_device(ps, err);
	if (!rc)
		rc = start_threads(ps, err);
	if (rc) {
		*out = NULL;
		pin_stop(ps, NULL);
		return rc;
	}
	wait_ready(ps);
	/* the pinners' time starts once they all run (or gave up) */
	ps->t_start = nstime_now();
	__atomic_store_n(&ps->ready_t, ps->t_start, __ATOMIC_RELEASE);
	return 0;
}

static unsigned int threads_done(const struct pin_set *ps)
{
	unsigned int i, n = 0;

	for (i = 0; i < ps->cfg.threads; i++)
		n += (unsigned int)__atomic_load_n(&ps->p[i].done,
						   __ATOMIC_ACQUIRE);
	return n;
}

/* Lock-step: a fresh pin from every live thread (see pin_arm). */
static int arm_lockstep(struct pin_set *ps, uint64_t end)
{
	struct timespec until = nstime_ts(end);
	int rc = 0;

	pthread_mutex_lock(&ps->lock);
	ps->gen++;
	ps->armed = ps->arm_failed = 0;
	pthread_cond_broadcast(&ps->wake);
	while (!pin_stopping(ps) &&
	       ps->armed + ps->arm_failed + threads_done(ps) <
		       ps->cfg.threads &&
	       rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&ps->wake, &ps->lock, &until);
	rc = rc == ETIMEDOUT && !pin_stopping(ps) ? -ETIMEDOUT : 0;
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
		if (!need || pin_stopping(ps))
			return 0;
		if (nstime_now() >= end)
			return -ETIMEDOUT;
		if (++spins < 64)
			sched_yield();
		else
			nanosleep(&nap, NULL);
	}
}

/* Whether @ps has pinner threads, and they pin at @pace. */
static bool paced(const struct pin_set *ps, enum pin_pace pace)
{
	return ps && ps->ops->loop && ps->cfg.threads && ps->ops->pace == pace;
}

int pin_arm(struct pin_set *ps, uint64_t timeout_ns)
{
	uint64_t end = nstime_now() + timeout_ns;

	if (paced(ps, PIN_PACE_LOCKSTEP))
		return arm_lockstep(ps, end);
	if (paced(ps, PIN_PACE_CONTINUOUS))
		return arm_continuous(ps, end);
	return 0;
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
	return !ps || (pin_stopping(ps) && !pin_held(ps));
}

void pin_go(struct pin_set *ps, uint64_t t0)
{
	if (!paced(ps, PIN_PACE_LOCKSTEP))
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

	if (!paced(ps, PIN_PACE_CONTINUOUS))
		return 0;
	if (!__atomic_load_n(&ps->paused, __ATOMIC_ACQUIRE))
		ps->pause_t = nstime_now();
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
	ps->paused_ns += nstime_now() - ps->pause_t;
	pthread_mutex_lock(&ps->lock);
	__atomic_store_n(&ps->paused, 0, __ATOMIC_RELEASE);
	pthread_cond_broadcast(&ps->wake);
	pthread_mutex_unlock(&ps->lock);
}

uint64_t pin_mark(struct pin_set *ps)
{
	uint64_t now = nstime_now(), since = now - ps->t_start;

	ps->t_start = now;
	ps->paused_ns = 0;
	ps->pause_t = now; /* a pause still open counts from here */
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
		rep->startup_ios += r->startup_ios;
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
		uint64_t now = nstime_now();

		/* the time the pinners ran: every pause (a restore) left out */
		if (__atomic_load_n(&ps->paused, __ATOMIC_ACQUIRE))
			ps->paused_ns += now - ps->pause_t;
		rep->paused_ns = ps->paused_ns;
		rep->elapsed_ns = now - ps->t_start - ps->paused_ns;
		rep->not_ready = ps->not_ready;
	}
	if (ps->dev_fd >= 0)
		close(ps->dev_fd);
	pthread_cond_destroy(&ps->wake);
	pthread_mutex_destroy(&ps->lock);
	free(ps->p);
	free(ps);
}
