/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sorting samples in place, without a comparison callback or a second
 * buffer. compare sorts a million-sample side several times (the loader's
 * summary check, the two-sample tests, the drift of each half), and
 * qsort() with a comparator took four fifths of its time; a copy for a
 * merge sort would add the samples' size again to the peak RSS.
 */
#ifndef DAXBENCH_SORT_H
#define DAXBENCH_SORT_H

#include <stddef.h>

/**
 * sort_double() - sort @n doubles ascending, in place: -0.0 before 0.0,
 * NaNs (which samples never are) after +inf. The order of equal values
 * is that of any sort: they are the same bits.
 */
void sort_double(double *v, size_t n);

/**
 * sort_nth() - the @k-th smallest of @n doubles (0-based, k < n), found
 * by selection: @v is reordered so that v[k] holds it, nothing after it
 * is smaller and nothing before it larger. O(n) on average: a median
 * and its two neighbouring quantiles, all some callers want, cost less
 * than a sort.
 */
double sort_nth(double *v, size_t n, size_t k);

#endif
