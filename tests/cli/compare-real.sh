#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# daxbench compare on real runs of this host, not synthetic ones: the
# same kernel, run three times per side, interleaved A,B,A,B,A,B so that
# a drift of the machine (load, caches, emulator) lands on both sides;
# a pair of single runs under a fixed noise assumption; and a real
# injected change (the same truncate on a file 32x larger, which frees
# 32x the pages), which must be reported as a regression.
#
# Pass or fail must not depend on how noisy this host is, so for the
# same-kernel comparisons the test does not assert "no change" (a false
# positive at alpha 0.01 is rare, not impossible; it is printed). It
# asserts what compare must do with whatever the runs measured: its
# ratio, run noise and p are recomputed from the result files (the run
# is the unit: per-run medians, Student's t with 4 degrees of freedom),
# every verdict is the one the rule gives its CI and p, the exit status
# and counts follow the verdicts, and one run a side is widened by the
# fixed assumption below.
. "${top_srcdir}/tests/lib.sh"

command -v python3 >/dev/null || skip "python3 not installed"
tgt="$T_TMP/target"
mkdir -p "$tgt" "$T_TMP/A" "$T_TMP/B" "$T_TMP/small" "$T_TMP/big"

# a scan-cost-like sweep with no pinners, and a vmsplice point; small
# repeats so that six runs take about 20 s on a loaded 2-core host
cat >"$T_TMP/scan.json" <<'J'
{ "schema": 1, "name": "real-scan",
  "target": { "require_dax": false },
  "file": { "size": "2MiB", "mapping": "pte" },
  "pinners": { "method": "none", "threads": 0 },
  "operation": { "type": "truncate", "offset": 0, "length": "2MiB" },
  "sweep": { "file.size": ["2MiB", "8MiB"] },
  "repeat": 15, "warmup": 2, "timeout": "5s" }
J
cat >"$T_TMP/vms.json" <<'J'
{ "schema": 1, "name": "real-vmsplice",
  "target": { "require_dax": false },
  "file": { "size": "4MiB", "mapping": "pte" },
  "pinners": { "method": "vmsplice", "threads": 1, "io_size": "4KiB",
               "hold": "1ms", "region": { "offset": 0, "length": "2MiB" } },
  "operation": { "type": "punch_hole", "offset": 0, "length": "2MiB" },
  "repeat": 15, "warmup": 2, "timeout": "5s" }
J
# The injected change: one scenario name, one point, and only file.size
# differs (2MiB for the base, 64MiB for the new side). Truncating to 0
# frees every page of the file, so the op does 32x the work: a real,
# known slowdown, measured the same way as the runs above, not a
# rewritten number. compare warns that the definitions differ in "file"
# and compares them, as it would a kernel that made the op slower.
# 32x and not 4x: with fixed costs a 4x file is only ~2x slower, and the
# between-run noise of a loaded shared host (40-55% seen in CI) hides it
# from 3 runs a side; with 3 runs (t test, 4 degrees of freedom) even a
# 4x slowdown gave p = 0.018 once, so detection is asserted at alpha
# 0.05 (the same-kernel comparisons keep the default 0.01). The one
# outcome this test asserts: 32x the pages took ~15x as long here, a
# margin no host noise seen so far (at most 55% between runs) comes near.
inject() {
	sed "s/@SIZE@/$1/" <<'J'
{ "schema": 1, "name": "real-inject",
  "target": { "require_dax": false },
  "file": { "size": "@SIZE@", "mapping": "pte" },
  "pinners": { "method": "none", "threads": 0 },
  "operation": { "type": "truncate", "offset": 0, "length": "2MiB" },
  "repeat": 15, "warmup": 2, "timeout": "5s" }
J
}
inject 2MiB >"$T_TMP/small.json"
inject 64MiB >"$T_TMP/big.json"

run() { "$DAXBENCH" run -q --dir "$tgt" -o "$@" >/dev/null; }
for i in 1 2 3; do
	run "$T_TMP/A" "$T_TMP/scan.json" "$T_TMP/vms.json"
	run "$T_TMP/small" "$T_TMP/small.json"
	run "$T_TMP/B" "$T_TMP/scan.json" "$T_TMP/vms.json"
	run "$T_TMP/big" "$T_TMP/big.json"
done
[ "$(ls "$T_TMP/A" | wc -l)" -eq 6 ] && ok "6 base results" || fail "expected 6 base results"

# Checks a compare --format json on stdin against the result files it
# names: check.py MODE ALPHA NOISE RC, MODE runs (several runs a side,
# t test) or single (one run a side, NOISE percent assumed), RC
# compare's exit status.
cat >"$T_TMP/check.py" <<'P'
import json, math, statistics, sys

mode, alpha, noise, rc = sys.argv[1], float(sys.argv[2]), \
    float(sys.argv[3]) / 100, int(sys.argv[4])
d = json.load(sys.stdin)
thr = d["rule"]["threshold"]
assert d["rule"]["alpha"] == alpha, d["rule"]
nan = float("nan")


def num(v):
    return nan if v is None else v


def rule(lo, hi, p, p_floor, lower_better):
    """compare_decide(): daxbench-compare(1)'s rule."""
    lo, hi, p, p_floor = num(lo), num(hi), num(p), num(p_floor)
    up, down = lo > 1 + thr, hi < 1 - thr
    if p < alpha and (up or down):
        return "regression" if up == lower_better else "improvement"
    if lo >= 1 - thr and hi <= 1 + thr:
        return "unchanged"
    if p_floor >= alpha:
        return "too few runs"
    return "inconclusive"


def samples(path, params):
    """op_latency of the point, stalled ops (>= timeout) left out."""
    r = json.load(open(path))
    tmo = r["scenario"].get("timeout") or math.inf
    for p in r["points"]:
        if p["params"] == params:
            return [v for v in p["metrics"]["op_latency"]["samples"]
                    if v < tmo]
    raise AssertionError("%s: no point %s" % (path, params))


def t4_p(t):
    """Two-sided p of Student's t with 4 degrees of freedom."""
    a = t * t / (4 + t * t)
    cdf = 0.5 + 0.75 * math.copysign(math.sqrt(a), t) * (1 - a / 3)
    return 2 * (1 - cdf) if t > 0 else 2 * cdf


def near(a, b, tol):
    return abs(a - b) <= tol * max(1, abs(b))


tested = regressions = 0
for s in d["scenarios"]:
    for r in s["rows"]:
        regressions += r["verdict"] in ("regression", "STALL")
        if r["test"] is None:
            continue
        tested += 1
        if r["direction"] == "unknown direction":
            assert r["verdict"] == "n/a", r
            continue
        want = rule(*r["ci95"], r["p"], r["p_floor"],
                    r["direction"] == "lower is better")
        assert r["verdict"] == want, (r["verdict"], want, r)
        if r["metric"] != "op_latency":
            continue
        b = [samples(f, r["params"]) for f in s["base_files"]]
        n = [samples(f, r["params"]) for f in s["new_files"]]
        ratio = statistics.median(sum(n, [])) / statistics.median(sum(b, []))
        assert near(r["ratio"], ratio, 1e-9), (ratio, r)
        if mode == "single":
            # one run a side: noise assumed (or the drift seen within
            # the run, if larger), and the CI at least that wide
            assert r["runs"] == [1, 1] and r["test"].startswith("mwu-"), r
            assert r["run_noise"] >= noise and not r["run_noise_measured"]
            w = 1.959964 * math.sqrt(2) * r["run_noise"]
            lo, hi = r["ci95"]
            assert math.log(ratio / lo) >= w * (1 - 1e-9), (w, r)
            assert math.log(hi / ratio) >= w * (1 - 1e-9), (w, r)
            continue
        assert r["runs"] == [3, 3] and r["df"] == 4, r
        assert r["test"] == "t-runs" and r["run_noise_measured"], r
        assert r["run_noise"] is not None and r["p"] is not None, r
        lb = [math.log(statistics.median(v)) for v in b]
        ln = [math.log(statistics.median(v)) for v in n]
        ss = sum((x - statistics.mean(lb)) ** 2 for x in lb) + \
            sum((x - statistics.mean(ln)) ** 2 for x in ln)
        sd = math.sqrt(ss / 4)
        t = (statistics.mean(ln) - statistics.mean(lb)) / \
            (sd * math.sqrt(2 / 3))
        assert near(r["run_noise"], sd, 1e-9), (sd, r)
        assert near(r["p"], t4_p(t), 1e-6), (t4_p(t), r)
    for c in s["curves"]:
        if c["slope_ratio_ci95"][0] is None:
            assert c["verdict"] == "n/a", c
            continue
        tested += 1
        want = rule(*c["slope_ratio_ci95"], c["slope_ratio_p"], None, True)
        assert c["verdict"] == want, (c["verdict"], want, c)
        regressions += c["verdict"] == "regression"
assert tested, "no tested row"
assert d["regressions"] == regressions, (d["regressions"], regressions)
assert rc == (1 if regressions else 0), ("exit", rc, regressions)
print("checked %d verdicts; %s" % (tested, d["summary"]))
P
# check MODE ALPHA NOISE ARGS...: compare --format json ARGS, whatever
# its exit status, checked by check.py against the result files
check() {
	mode=$1 alpha=$2 noise=$3; shift 3
	set +e
	"$DAXBENCH" compare --format json --alpha "$alpha" \
		--run-noise "$noise" "$@" >"$T_TMP/json" 2>"$T_TMP/err"
	rc=$?
	set -e
	if python3 "$T_TMP/check.py" "$mode" "$alpha" "$noise" "$rc" \
		<"$T_TMP/json"; then
		ok "$mode compare of $*: verdicts match the results"
	else
		fail "$mode compare of $*: rc $rc, $(cat "$T_TMP/err")"
	fi
}
# show ARGS...: compare's text into the log and $T_OUT, any exit status
show() {
	set +e
	T_OUT=$("$DAXBENCH" compare "$@" 2>&1)
	set -e
	printf '%s\n' "$T_OUT" | sed 's/^/  | /'
}

# the same kernel, 3 runs a side
show "$T_TMP/A" "$T_TMP/B"
expect_match 'runs: 3 base runs, 3 new runs' "$T_OUT" "runs pooled"
check runs 0.01 2 "$T_TMP/A" "$T_TMP/B"

# One run per side: the between-run noise cannot be seen in the data,
# so it is assumed: 50%, a fixed figure rather than what this host just
# measured, because the between-run noise of these scenarios on loaded
# shared CI hosts was 40-55% (a quiet bare-metal machine gives the
# default 2%; single runs here have shown medians 1.8x apart). It widens
# the CI by a factor of at least exp(1.96 sqrt(2) 0.5) = 4 each way, so
# only medians more than 4x apart could be called changed.
noise=50
a1=$(ls "$T_TMP/A"/real-scan-* | head -1)
b1=$(ls "$T_TMP/B"/real-scan-* | head -1)
show --run-noise "$noise" "$a1" "$b1"
expect_match "runs: 1 run per side: between-run noise not measured; assumed $noise%" "$T_OUT" "single-run header"
check single 0.01 "$noise" "$a1" "$b1"

# the injected 32x larger truncate is found, with 3 runs a side
expect_rc 1 "$DAXBENCH" compare --alpha 0.05 --metric op_latency "$T_TMP/small" "$T_TMP/big" || true
printf '%s\n' "$T_OUT" | sed 's/^/  | /'
expect_match 'op_latency .*\*regression\*' "$T_OUT" "injected change found"
expect_match 'definitions differ in: file' "$T_OUT" "says what differs"
check runs 0.05 2 --metric op_latency "$T_TMP/small" "$T_TMP/big"
t_done
