/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What pin.c (the threads, their ready, arm, pause and stop handshakes,
 * the reports) shares with the pin methods, one file each (pin-odirect.c,
 * pin-uring.c, pin-vmsplice.c): the set and its threads, struct pin_ops,
 * and the steps a method's loop is made of. A method touches the set's
 * atomics only through these helpers, so the handshakes stay in one
 * place.
 */
#ifndef DAXBENCH_PIN_INT_H
#define DAXBENCH_PIN_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

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
	 * atomic: between claiming an I/O (pin_may_start) and its end, or
	 * for io_uring until none is in flight: what pin_pause() waits out.
	 */
	int busy;
	bool held_open; /* pin_window (inject.h): the last claim was held */
	int done; /* atomic: the thread has ended and pins no more */
	int failing; /* atomic: its last I/O failed: pin_arm() need not wait */
	uint64_t gen; /* the last pin request this thread served */
	unsigned int idx;
	void *data; /* the method's own (a ring, a pipe), from its setup */
	struct pin_report rep;
};

struct pin_set {
	struct pin_config cfg;
	const struct pin_ops *ops;
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
	/*
	 * atomic: when every pinner had pinned (wait_ready), UINT64_MAX
	 * before: an I/O started earlier is in no figure (startup_ios)
	 */
	uint64_t ready_t;
	/* time the set spent paused since t_start, and the open pause's start */
	uint64_t paused_ns, pause_t;
	int solo; /* atomic: in the solo phase, until pin_mark() */
	struct pinner *p;
};

/* How a method's pins meet the ops: what pin_arm() and pin_pause() do. */
enum pin_pace {
	/*
	 * I/O after I/O, ops or not: pin_arm() waits for I/O in flight,
	 * pin_pause() stops new I/O, and the loop claims each I/O with
	 * pin_may_start().
	 */
	PIN_PACE_CONTINUOUS,
	/*
	 * A fresh pin per op, when pin_arm() asks (pin_next_request),
	 * held until pin_go() + hold (pin_hold): nothing to pause.
	 */
	PIN_PACE_LOCKSTEP,
};

/*
 * One pin method, like fio's struct ioengine_ops. A thread runs setup,
 * then loop, then teardown; everything else (starting, arming, pausing,
 * stopping, reporting) is pin.c's, chosen by pace and device.
 */
struct pin_ops {
	const char *name; /* as scenarios spell pinners.method */
	enum pin_method method;
	enum pin_pace pace;
	bool device; /* opens pin_config.device O_DIRECT, as ps->dev_fd */
	/*
	 * Per thread, before its loop: what it pins with, in p->data.
	 * 0, or -errno noted in p->rep: the thread then ends, having
	 * pinned nothing. NULL: nothing to set up.
	 */
	int (*setup)(struct pinner *p);
	/*
	 * Pin until pin_stopping(): call pin_ready() once pinning, keep
	 * p->inflight and the report. NULL: the method has no threads.
	 */
	void (*loop)(struct pinner *p);
	/*
	 * After the loop, or after setup failed: undo what setup did,
	 * found in p->data. NULL: nothing to undo.
	 */
	void (*teardown)(struct pinner *p);
};

/* the methods, each from its pin-<method>.c, listed in pin_table[] */
extern const struct pin_ops pin_odirect_ops;
extern const struct pin_ops pin_io_uring_ops;
extern const struct pin_ops pin_io_uring_fixed_ops;
extern const struct pin_ops pin_vmsplice_ops;

/* pin_ops_find() - the method @m, or NULL when there is none. */
const struct pin_ops *pin_ops_find(enum pin_method m);

static inline bool pin_stopping(const struct pin_set *ps)
{
	return __atomic_load_n(&ps->stop, __ATOMIC_ACQUIRE);
}

static inline bool pin_is_paused(const struct pin_set *ps)
{
	return __atomic_load_n(&ps->paused, __ATOMIC_ACQUIRE);
}

/*
 * Whether an I/O starting now belongs to the solo phase (pinners.solo).
 * Each I/O is counted in the phase it started in, by its own thread, so
 * no figure is read while another thread writes it.
 */
static inline bool pin_in_solo(const struct pin_set *ps)
{
	return __atomic_load_n(&ps->solo, __ATOMIC_ACQUIRE);
}

static inline void pin_set_inflight(struct pinner *p, int n)
{
	__atomic_store_n(&p->inflight, n, __ATOMIC_RELEASE);
}

/* The last I/O failed (or not): pin_arm() awaits no pin from a failure. */
static inline void pin_set_failing(struct pinner *p, bool failing)
{
	__atomic_store_n(&p->failing, failing, __ATOMIC_RELAXED);
}

/* The claim of pin_may_start() is over: pin_pause() may find us idle. */
static inline void pin_end_io(struct pinner *p)
{
	__atomic_store_n(&p->busy, 0, __ATOMIC_RELEASE);
}

/*
 * pin_may_start() - claim the next I/O (continuous methods); false when
 * the set was paused: the thread waited, with nothing in flight, until
 * resumed or stopped, and the caller looks again.
 */
bool pin_may_start(struct pinner *p);

/* pin_keep_pin() - pin_window (inject.h): hold a claimed I/O's pin. */
void pin_keep_pin(struct pinner *p);

/*
 * pin_ready() - this thread is pinning (or never will): pin_start()
 * returns when every thread is.
 */
void pin_ready(struct pinner *p);

/* pin_note_error() - count an error; the first one is the report's. */
void pin_note_error(struct pinner *p, int e, const char *what);

/* pin_refused() - the kernel refused the method itself: e is the result. */
void pin_refused(struct pinner *p, int e, const char *what);

/* pin_backoff() - a pause after errors, which a truncate may cause. */
void pin_backoff(void);

/*
 * pin_slot() - the @k-th I/O of thread @idx: its buffer in the region
 * and its offset on the device.
 */
void pin_slot(const struct pin_set *ps, unsigned int idx, uint64_t k,
	      unsigned char **buf, uint64_t *dev_off);

/* pin_count_io() - an I/O started at @t0 completed; @solo: in that phase. */
void pin_count_io(struct pinner *p, uint64_t t0, bool solo);

/*
 * pin_next_request() - lock-step: wait until pin_arm() asks for a fresh
 * pin; false when the set stops.
 */
bool pin_next_request(struct pinner *p);

/* pin_report_armed() - lock-step: tell pin_arm() whether the pin held. */
void pin_report_armed(struct pinner *p, bool held);

/*
 * pin_hold() - lock-step: hold the pin until the op it was taken for
 * has run for hold_ns (pin_go), or the set stops.
 */
void pin_hold(struct pinner *p);

#endif
