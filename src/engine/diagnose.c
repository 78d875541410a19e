// SPDX-License-Identifier: GPL-2.0-only
/*
 * The verdict on a stalled op (see diagnose.h). The checks it rests on:
 * the watchdog ends a stall in stages (release the pins, drop the
 * mappings, signal), so the stage that ended it tells what held the
 * page; and every kernel's layout wait (___wait_var_event) tests its
 * condition once more when a signal wakes it, before it gives up with
 * EINTR. An op that returns 0 after the signal found its page idle:
 * it had only not been woken.
 */
#include "diagnose.h"

static const char *const end_names[] = {
	[STALL_ITSELF] = "itself", [STALL_PIN_RELEASE] = "pin_release",
	[STALL_UNMAP] = "unmap",   [STALL_SIGNAL] = "signal",
	[STALL_HUNG] = "hung",
};

const char *const diagnose_verdicts[DIAGNOSE_NVERDICTS] = {
	"wake missing",
	"never idle",
	"still pinned",
	"unknown",
};

const char *stall_end_name(enum stall_end e)
{
	return end_names[e];
}

static void verdict(struct diagnosis *d, const char *v, const char *why)
{
	d->verdict = v;
	d->why = why;
}

/* SIGUSR1 ended it: what the wait and the scans said as it woke. */
static void after_signal(const struct stall_facts *f, struct diagnosis *d)
{
	if (!f->pins_released)
		return verdict(d, "still pinned",
			       "signalled with its pins not yet gone");
	if (f->rc)
		return verdict(d, "unknown",
			       "pins and mappings gone: the wait's condition "
			       "still did not hold on the signal");
	if (f->scans_after_signal > 0 && !f->busy_after_signal)
		return verdict(d, "wake missing",
			       "pins and mappings gone: on the signal the "
			       "wait's condition held, the op completed and "
			       "its busy scan found no busy page: the page "
			       "was idle and nobody had woken the waiter");
	verdict(d, "wake missing",
		"pins and mappings gone: on the signal the wait's condition "
		"held and the op completed: the page was idle and nobody had "
		"woken the waiter");
}

void diagnose(const struct stall_facts *f, struct diagnosis *d)
{
	if (f->provisional)
		return verdict(d, "unknown",
			       "provisional: the op was still waiting");
	switch (f->end) {
	case STALL_ITSELF:
		return verdict(d, "still pinned",
			       "ended on its own past the timeout, its pins "
			       "never released");
	case STALL_PIN_RELEASE:
		return verdict(d, "still pinned",
			       "ended once its pins were released");
	case STALL_UNMAP:
		return verdict(d, "never idle",
			       "pins gone, it waited on, and ended once the "
			       "mappings of the file were dropped: a "
			       "mapping held the page");
	case STALL_SIGNAL:
		return after_signal(f, d);
	case STALL_HUNG:
		break;
	}
	if (!f->pins_released)
		return verdict(d, "still pinned",
			       "never ended, its pins not yet gone");
	verdict(d, "unknown",
		"never ended, not on the signal either, with pins and "
		"mappings gone");
}
