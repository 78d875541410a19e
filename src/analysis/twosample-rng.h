/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The seeded PRNG of the two-sample statistics (twosample-rng.c):
 * xoshiro256**, seeded with splitmix64, so that the same input always
 * prints the same output, on every machine and libc. Its users seed it
 * with TWOSAMPLE_BOOT_SEED (twosample.h) in compare.
 */
#ifndef DAXBENCH_TWOSAMPLE_RNG_H
#define DAXBENCH_TWOSAMPLE_RNG_H

#include <stddef.h>
#include <stdint.h>

struct twosample_rng {
	uint64_t s[4];
};

/** twosample_rng_seed() - seed xoshiro256** from @seed through splitmix64. */
void twosample_rng_seed(struct twosample_rng *r, uint64_t seed);

/** twosample_rng_next() - the next 64 random bits. */
uint64_t twosample_rng_next(struct twosample_rng *r);

/** twosample_rng_uniform() - a double uniform in [0, 1), 53 bits. */
double twosample_rng_uniform(struct twosample_rng *r);

/** twosample_rng_normal() - a standard normal deviate (Box-Muller). */
double twosample_rng_normal(struct twosample_rng *r);

/**
 * twosample_rng_below() - an index below @n (0 for n == 0); the modulo
 * bias is < n / 2^64, far below noise.
 */
size_t twosample_rng_below(struct twosample_rng *r, size_t n);

#endif
