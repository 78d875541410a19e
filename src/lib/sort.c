// SPDX-License-Identifier: GPL-2.0-only
/*
 * An in-place MSD radix sort (American flag sort) on doubles, read as
 * order-preserving 64-bit keys a byte at a time from the top. Samples of
 * one metric share their top bytes (nanoseconds of one magnitude), so
 * most levels find a single bucket and cost one counting pass; a bucket
 * below SMALL values is finished by insertion. sort_nth() is Hoare's
 * selection on the same keys.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "sort.h"

#define SMALL 48

/* The bits of @x as an unsigned key in the order of the doubles. */
static uint64_t key(double x)
{
	uint64_t b;

	memcpy(&b, &x, sizeof(b));
	/* negatives reversed, below the positives, which keep their order */
	return b >> 63 ? ~b : b | (1ULL << 63);
}

static unsigned int digit(double x, unsigned int shift)
{
	return (unsigned int)(key(x) >> shift) & 0xff;
}

static void insertion(double *v, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		double x = v[i];
		uint64_t kx = key(x);

		for (j = i; j && key(v[j - 1]) > kx; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* Swap each value into its bucket (from @next[d] to @end[d]) until full. */
static void permute(double *v, size_t *next, const size_t *end,
		    unsigned int shift)
{
	unsigned int d;

	for (d = 0; d < 256; d++) {
		while (next[d] < end[d]) {
			double x = v[next[d]];
			unsigned int e = digit(x, shift);

			while (e != d) {
				double y = v[next[e]];

				v[next[e]++] = x;
				x = y;
				e = digit(x, shift);
			}
			v[next[d]++] = x;
		}
	}
}

/* Sort @v by its bytes at @shift and below: the bytes above are equal. */
static void flag_sort(double *v, size_t n, unsigned int shift)
{
	size_t count[256] = { 0 }, next[256], end[256], i, at = 0;
	unsigned int d;

	if (n < SMALL) {
		insertion(v, n);
		return;
	}
	for (i = 0; i < n; i++)
		count[digit(v[i], shift)]++;
	for (d = 0; d < 256; d++) {
		next[d] = at;
		at += count[d];
		end[d] = at;
	}
	/* one bucket only: nothing moves at this byte */
	if (count[digit(v[0], shift)] != n)
		permute(v, next, end, shift);
	if (!shift)
		return;
	for (d = 0, at = 0; d < 256; at += count[d], d++)
		if (count[d] > 1)
			flag_sort(v + at, count[d], shift - 8);
}

void sort_double(double *v, size_t n)
{
	if (n > 1)
		flag_sort(v, n, 56);
}

static void swap(double *v, size_t a, size_t b)
{
	double t = v[a];

	v[a] = v[b];
	v[b] = t;
}

/* Move the median of v[lo], v[mid], v[hi] to v[lo]: the pivot. */
static void median3(double *v, size_t lo, size_t hi)
{
	size_t mid = lo + (hi - lo) / 2;

	if (key(v[mid]) < key(v[lo]))
		swap(v, mid, lo);
	if (key(v[hi]) < key(v[lo]))
		swap(v, hi, lo);
	if (key(v[hi]) < key(v[mid]))
		swap(v, hi, mid);
	swap(v, lo, mid);
}

double sort_nth(double *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;

	while (hi - lo >= SMALL) {
		size_t i = lo, j = hi + 1;
		uint64_t p;

		median3(v, lo, hi);
		p = key(v[lo]);
		/* Hoare: equal keys stop both scans, so runs of ties split */
		for (;;) {
			while (key(v[++i]) < p && i < hi)
				;
			while (key(v[--j]) > p)
				;
			if (i >= j)
				break;
			swap(v, i, j);
		}
		swap(v, lo, j);
		if (j == k)
			return v[k];
		if (k < j)
			hi = j - 1;
		else
			lo = j + 1;
	}
	insertion(v + lo, hi - lo + 1);
	return v[k];
}
