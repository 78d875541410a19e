/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CLOCK_MONOTONIC in nanoseconds, and the timespecs absolute waits take:
 * the one clock every timed thing in daxbench reads (op latency, the
 * watchdog, the pinners, progress), so that their instants compare.
 */
#ifndef DAXBENCH_NSTIME_H
#define DAXBENCH_NSTIME_H

#include <stdint.h>
#include <time.h>

/** nstime_of() - @t in ns. */
static inline uint64_t nstime_of(const struct timespec *t)
{
	return (uint64_t)t->tv_sec * 1000000000ULL + (uint64_t)t->tv_nsec;
}

/** nstime_now() - CLOCK_MONOTONIC, in ns. */
static inline uint64_t nstime_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return nstime_of(&ts);
}

/** nstime_ts() - @ns as a timespec, for absolute waits on the clock. */
static inline struct timespec nstime_ts(uint64_t ns)
{
	struct timespec ts = { (time_t)(ns / 1000000000ULL),
			       (long)(ns % 1000000000ULL) };

	return ts;
}

#endif
