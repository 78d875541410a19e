/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Why a stalled op waited: a verdict derived only from what was observed
 * of that stall (what ended it, what the op returned, what the kernel's
 * busy scans said), never from the kernel's version. The verdicts:
 * - "wake missing": the page went idle and the waiter was never woken:
 *   the wait's own condition held when a signal woke it;
 * - "never idle": a mapping's reference kept the page busy: dropping the
 *   mappings ended the wait;
 * - "still pinned": the op waited on pins that were still held;
 * - "unknown": none of the above was shown.
 */
#ifndef DAXBENCH_DIAGNOSE_H
#define DAXBENCH_DIAGNOSE_H

#include <stdbool.h>

/* What ended a stalled op, as the result's stalls[].ended_by spells it. */
enum stall_end {
	STALL_ITSELF, /* ended before the watchdog acted, pins in place */
	STALL_PIN_RELEASE, /* ended once the pins were released */
	STALL_UNMAP, /* ended once the mappings were dropped */
	STALL_SIGNAL, /* ended by SIGUSR1 */
	STALL_HUNG, /* never ended */
};

/* The verdicts, as the result's stalls[].diagnosis spells them. */
#define DIAGNOSE_NVERDICTS 4
extern const char *const diagnose_verdicts[DIAGNOSE_NVERDICTS];

struct stall_facts {
	enum stall_end end;
	bool pins_released; /* observed gone when the op was signalled */
	int rc; /* what the op returned: 0 or -errno (not for hung) */
	bool provisional; /* a checkpoint's guess while the op still waits */
	/*
	 * The op's busy scans after the signal, when traced (-1: not
	 * traced): one that found no busy page confirms the page idle.
	 */
	int scans_after_signal;
	int busy_after_signal; /* of those, scans that found a busy page */
};

struct diagnosis {
	const char *verdict;
	const char *why; /* which observation shows it */
};

const char *stall_end_name(enum stall_end e);

/** diagnose() - the verdict on one stall from @f alone. */
void diagnose(const struct stall_facts *f, struct diagnosis *d);

#endif
