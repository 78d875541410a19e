// SPDX-License-Identifier: GPL-2.0-only
/*
 * The seeded PRNG of the two-sample statistics (see twosample-rng.h):
 * xoshiro256**, seeded through splitmix64. Ours rather than rand(3), so
 * that a given input prints the same interval on every libc.
 */
#include "config.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "twosample-rng.h"

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void twosample_rng_seed(struct twosample_rng *r, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t twosample_rng_next(struct twosample_rng *r)
{
	uint64_t *s = r->s;
	uint64_t res = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return res;
}

double twosample_rng_uniform(struct twosample_rng *r)
{
	return (double)(twosample_rng_next(r) >> 11) * 0x1.0p-53;
}

double twosample_rng_normal(struct twosample_rng *r)
{
	double u = 1.0 - twosample_rng_uniform(r); /* (0, 1]: log() finite */
	double v = twosample_rng_uniform(r);

	return sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}

/* An index below @n; the modulo bias is < n / 2^64, far below noise. */
size_t twosample_rng_below(struct twosample_rng *r, size_t n)
{
	uint64_t x = twosample_rng_next(r);

	/* n == 0 (nothing to pick from) is never asked; 0 rather than a trap */
	return n > 0 ? (size_t)(x % n) : 0;
}
