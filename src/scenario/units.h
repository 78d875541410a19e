/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sizes and durations as people write them ("2MiB", "500us"), parsed
 * strictly: overflow, negatives, fractions of the base unit and unknown
 * suffixes are errors.
 */
#ifndef DAXBENCH_UNITS_H
#define DAXBENCH_UNITS_H

#include <stddef.h>
#include <stdint.h>

/**
 * units_parse_size() - parse "4KiB", "2M", "1GiB", "512", "10kB" to bytes.
 * K/M/G/T with or without "iB" are powers of 2; kB/MB/GB/TB powers of 10.
 * A fraction is accepted only when the result is a whole byte ("1.5KiB").
 * Returns 0, -EINVAL (syntax, unit, fraction of a byte) or -ERANGE.
 */
int units_parse_size(const char *s, uint64_t *bytes);

/**
 * units_parse_duration() - parse "500ns", "250us", "10ms", "2s", "1m",
 * "1h" to nanoseconds. A bare number is rejected: a time needs a unit.
 * Returns 0, -EINVAL or -ERANGE.
 */
int units_parse_duration(const char *s, uint64_t *ns);

/** units_fmt_size() - "2MiB", "1.5GiB", "512B": for people, not files. */
char *units_fmt_size(uint64_t bytes, char *buf, size_t len);

/** units_fmt_duration() - "1.23ms", "2.00s", "850ns". */
char *units_fmt_duration(uint64_t ns, char *buf, size_t len);

#endif
