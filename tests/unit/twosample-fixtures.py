#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# Prints the reference values committed in tests/unit/twosample_test.c. Needs
# scipy (Debian: apt-get install python3-scipy); make check does NOT run
# this, it only compares against the numbers this printed once:
#   /usr/bin/python3 tests/unit/twosample-fixtures.py
# (run with scipy 1.10.1 / numpy 1.24, Debian bookworm).
import numpy as np
from scipy import stats

rng = np.random.default_rng(20261125)
cases = {
    "exact5x6": ([1.1, 2.3, 3.5, 4.2, 5.9], [2.0, 6.1, 7.3, 8.8, 9.4, 10.2]),
    "exact20x25": (np.round(rng.normal(100, 10, 20), 3).tolist(),
                   np.round(rng.normal(108, 10, 25), 3).tolist()),
    "ties7x8": ([1, 2, 2, 3, 3, 3, 4], [2, 3, 4, 4, 5, 5, 6, 7]),
    "normal60x70": (np.round(rng.normal(50, 5, 60), 4).tolist(),
                    np.round(rng.normal(52, 5, 70), 4).tolist()),
    "n1": ([1.0], [2.0]),
    "ties200": (np.round(rng.normal(10, 2, 200)).tolist(),
                np.round(rng.normal(10.5, 2, 200)).tolist()),
}
for name, (x, y) in cases.items():
    has_ties = len(set(x + y)) < len(x + y)
    small = len(x) <= 50 and len(y) <= 50
    method = "exact" if small and not has_ties else "asymptotic"
    r = stats.mannwhitneyu(x, y, alternative="two-sided", method=method,
                           use_continuity=True)
    print(f"/* {name}: method={method} */")
    print(f"static const double {name}_x[] = {{ {', '.join(map(repr, x))} }};")
    print(f"static const double {name}_y[] = {{ {', '.join(map(repr, y))} }};")
    print(f"/* U1 = {r.statistic!r}, p = {r.pvalue!r} */")

# bootstrap percentile CI of median(y) / median(x), many resamples so
# that the reference itself carries little Monte Carlo error
bx = np.round(rng.lognormal(12, 0.3, 300)).tolist()
by = np.round(rng.lognormal(12.1, 0.3, 250)).tolist()
def ratio(a, b, axis=-1):
    return np.median(b, axis=axis) / np.median(a, axis=axis)
b = stats.bootstrap((bx, by), ratio, paired=False, vectorized=True,
                    n_resamples=20000, method="percentile",
                    confidence_level=0.95, random_state=1)
print("static const double boot_x[] = {", ", ".join(map(repr, bx)), "};")
print("static const double boot_y[] = {", ", ".join(map(repr, by)), "};")
print(f"/* ratio = {np.median(by) / np.median(bx)!r}, "
      f"ci = [{b.confidence_interval.low!r}, {b.confidence_interval.high!r}] */")

# least squares: slope, intercept, r^2 and the 95% CI of the slope
fx = [1, 2, 4, 8, 16, 32, 64, 128]
fy = [1210.0, 1390.5, 1805.2, 2598.0, 4230.9, 7400.1, 13905.7, 26600.2]
l = stats.linregress(fx, fy)
t = stats.t.ppf(0.975, len(fx) - 2)
print(f"/* linregress: a = {l.intercept!r}, b = {l.slope!r}, "
      f"r2 = {l.rvalue ** 2!r}, b_lo = {l.slope - t * l.stderr!r}, "
      f"b_hi = {l.slope + t * l.stderr!r} */")
for df in (1, 5, 30, 31, 50, 200):
    print(f"/* t975({df}) = {stats.t.ppf(0.975, df)!r} */")
