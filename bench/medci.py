# SPDX-License-Identifier: GPL-2.0-only
"""The median of a benchmark's per-round ratios, its distribution-free 95%
interval and the verdict against a target. Shared by bench/guest (import)
and the shell benchmarks (lib.sh median_verdict: numbers on stdin,
prints "MEDIAN LO HI VERDICT").

A target missed by the median but inside the interval is "unresolved":
on these machines a round can be 10x off, and the table must not call
noise a miss, nor a miss met."""
import math
import statistics
import sys


def median_ci(xs):
    # the order statistics k and n-k+1 with P(Binomial(n, 1/2) < k) <= 2.5%
    xs, n = sorted(xs), len(xs)
    k, tail = 0, 0.0
    while tail + math.comb(n, k) / 2 ** n <= 0.025:
        tail += math.comb(n, k) / 2 ** n
        k += 1
    return (xs[k - 1], xs[n - k]) if k else (xs[0], xs[-1])


def verdict(xs, op, limit):
    """(median, lo, hi, verdict) for a target "median OP limit"."""
    m = statistics.median(xs)
    lo, hi = median_ci(xs)
    if op == "<=":
        v = "met" if m <= limit else ("MISSED" if lo > limit else "unresolved")
    else:
        v = "met" if m >= limit else ("MISSED" if hi < limit else "unresolved")
    return m, lo, hi, v


if __name__ == "__main__":
    xs = [float(x) for x in sys.stdin.read().split()]
    m, lo, hi, v = verdict(xs, sys.argv[1], float(sys.argv[2]))
    print("%.4f %.3f %.3f %s" % (m, lo, hi, v))
