/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fault injection for the tests: failures that a real machine produces
 * rarely or not on demand (ENOSPC while re-extending the file, EIO from
 * the pin device, a pinner thread that dies) are made to happen at named
 * sites, so that the paths handling them are exercised. Configured by
 * DAXBENCH_INJECT="SITE=ERRNO[@N],..." (errno by name or number; @N: only
 * the Nth time the site is reached, counting from 1; default every time).
 * Without the variable every site costs one predictable branch.
 */
#ifndef DAXBENCH_INJECT_H
#define DAXBENCH_INJECT_H

#include <stdbool.h>

enum inject_site {
	INJECT_CREATE, /* layout_create: the test file */
	INJECT_RESTORE, /* layout_restore: re-extending the file */
	INJECT_PIN_IO, /* a pinner's I/O */
	INJECT_PIN_THREAD, /* a pinner thread dies after its first pin */
	INJECT_URING_SETUP, /* io_uring_queue_init: io_uring unavailable */
	/*
	 * The layout op itself, for the stall paths: instead of the syscall
	 * it waits until the pinners are released (op_pinwait), until the
	 * mapping is dropped (op_mapwait), until a signal (op_sleep:
	 * returns the errno; op_nowake: succeeds, as a wait whose page went
	 * idle unwoken), or forever, ignoring signals (op_hang). The errno
	 * of op_sleep and op_hang is what they fail with, when they do; the
	 * others' is unused.
	 */
	INJECT_OP_PINWAIT,
	INJECT_OP_MAPWAIT,
	INJECT_OP_NOWAKE,
	INJECT_OP_SLEEP,
	INJECT_OP_HANG,
	/* the restore after an op waits until a signal (restore_sleep) */
	INJECT_RESTORE_SLEEP,
	/*
	 * The trace instance gets one page per CPU instead of 8 MiB, so
	 * that the events of a prefault overflow it (the errno is unused).
	 */
	INJECT_TRACE_TINY,
	/*
	 * The windows of the pinners' pause and stop handshakes, held open
	 * (the errno is unused). pin_window: a pinner about to start I/O
	 * with none in flight waits there until the set is paused or
	 * stopped (1 s at most), and an I/O it then starts keeps its pin
	 * while the set stays paused. restore_pinwait: the restore waits,
	 * as a DAX layout break does, for the pins it meets in 100 ms.
	 */
	INJECT_PIN_WINDOW,
	INJECT_RESTORE_PINWAIT,
	/* arming or disarming one probe (a write to its event's enable) */
	INJECT_PROBE_ENABLE,
	INJECT_NSITES,
};

/**
 * inject_hit() - whether @site fails this time; *@err gets the positive
 * errno to fail with.
 */
bool inject_hit(enum inject_site site, int *err);

#endif
