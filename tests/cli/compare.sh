#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# daxbench compare on synthetic results whose answer is known: a 20%
# shift is a regression (exit 1) and an 20% speed-up an improvement;
# 100 seeded pairs without a shift give a false-positive rate at or
# below alpha; different scenarios and target kinds are refused (exit 2)
# unless --force, which warns; points and metrics present on one side
# are listed; email lines fit 72 columns; JSON parses; reruns agree.
. "${top_srcdir}/tests/lib.sh"

command -v python3 >/dev/null || skip "python3 not installed"
syn() { python3 "$top_srcdir/tests/cli/synth-result.py" "$@"; }
d=$T_TMP
# Text wraps at 100 columns: joined TEXT is TEXT on one line, blanks
# squeezed, for a pattern that may span a wrap; block TEXT POINT is the
# lines under POINT's heading (its metrics and their n/p90/p99 lines).
joined() { printf '%s\n' "$1" | tr -s ' \n' '  ' | sed 's/ $//'; }
block() {
	printf '%s\n' "$1" | awk -v p="$2" '$0 == p { on = 1; next }
		/^[^ ]/ || /^$/ { on = 0 } on'
}

syn "$d/base.json" --seed 1
syn "$d/slow.json" --seed 2 --shift 1.2 --kernel 6.13.0-synth
syn "$d/fast.json" --seed 3 --shift 0.8

# a known 20% shift: regression, marked, exit 1
expect_rc 1 "$DAXBENCH" compare "$d/base.json" "$d/slow.json"
expect_match 'op_latency .*\*1\.[12][0-9]*\*.*\*regression\*' "$T_OUT" "20% marked"
expect_match 'Summary: [1-9][0-9]* regression' "$T_OUT" "summary counts it"
# the rate-like metric regresses downward: never "improvement" here
if printf '%s\n' "$T_OUT" | grep -q 'pinner_iops.*improvement'; then
	fail "pinner_iops slower reported as an improvement"; else ok "pinner_iops slower is no improvement"; fi
# a histogram-only metric and a single value get figures, no test
expect_match 'pinner_io_latency.*n/a' "$T_OUT" "histogram metric untested"
expect_match 'histogram only: no raw samples' "$T_OUT" "says why"
# unmeasured metrics are listed with the reason
expect_match 'busy_scan_time.*not comparable' "$T_OUT" "unmeasured row"
expect_match 'tracefs: not mounted' "$T_OUT" "unmeasured reason"
# scan-cost sweeps are fitted as curves per mapping mode
expect_match 'file.mapping=pte, busy_scan_time_per_call per entry' "$T_OUT" "curve"
expect_match 'slope new/base 1\.[12]' "$T_OUT" "slope ratio about 1.2"
# ... with a bootstrap CI and a verdict like any metric's
expect_match 'slope new/base 1\.[12][0-9]* \[1\.[01][0-9]*, 1\.[23][0-9]*\] p=0\.00[0-9]* \*regression\*' "$T_OUT" "slope CI and verdict"
# a base slope whose CI reaches 0 divides nothing: no ratio, no verdict
syn "$d/flat.json" --seed 11 --slope 0
T_OUT=$("$DAXBENCH" compare "$d/flat.json" "$d/base.json") || true
expect_match "slope new/base undefined \(the base slope's 95% CI reaches 0\)" "$T_OUT" "slope ratio over a flat base"
"$DAXBENCH" compare --format json "$d/flat.json" "$d/base.json" | python3 -c '
import json, sys
c = [c for s in json.load(sys.stdin)["scenarios"] for c in s["curves"]]
u = [x for x in c if "slope_ratio_undefined" in x]
assert u and all(x["slope_ratio"] is None and x["verdict"] == "n/a"
                 and x["base"]["b_ci"][0] <= 0 for x in u), c
' && ok "json: the undefined ratio is null, untested, with why" || fail "json: undefined slope ratio"
# the opposite shift is an improvement, and exit 0
expect_rc 0 "$DAXBENCH" compare "$d/base.json" "$d/fast.json"
expect_match '\*improvement\*' "$T_OUT" "20% faster"
# a threshold above the shift hides it
expect_rc 0 "$DAXBENCH" compare --threshold 30 "$d/base.json" "$d/slow.json"
# --metric restricts the rows
expect_rc 1 "$DAXBENCH" compare --metric op_latency --format json "$d/base.json" "$d/slow.json"
printf '%s\n' "$T_OUT" | python3 -c '
import json, sys
d = json.load(sys.stdin)
rows = [r for s in d["scenarios"] for r in s["rows"]]
assert rows and all(r["metric"] == "op_latency" for r in rows), rows
curves = [c for s in d["scenarios"] for c in s["curves"]]
assert d["regression"] is True and d["regressions"] == len(rows) + \
    sum(c["verdict"] == "regression" for c in curves)
for r in rows:
    assert r["ci95"][0] > 1.05 and r["p"] < 0.01, r
    assert r["base"]["n"] == 60 and r["test"] == "mwu-normal", r
c = [c for s in d["scenarios"] for c in s["curves"]
     if c["group"] == "file.mapping=pte"][0]
lo, hi = c["slope_ratio_ci95"]
assert 1.05 < lo < c["slope_ratio"] < hi and c["verdict"] == "regression", c
assert 0 < c["slope_ratio_p"] < 0.01, c
' && ok "json for --metric op_latency" || fail "json for --metric op_latency"

# --summary: the findings alone, 72 columns, counts as the full output's
expect_rc 1 "$DAXBENCH" compare --summary "$d/base.json" "$d/slow.json"
expect_match '^new/base: [1-9][0-9]* regressions \(0 STALL\), 0 improvements' "$T_OUT" "summary counts"
expect_match '^  busy-scan slopes per entry, new/base' "$T_OUT" "summary: the slope"
expect_match '^      1\.[0-9]+ \[1\.[0-9]+, 1\.[0-9]+\] ' "$T_OUT" "summary: a change with its CI"
w=$(printf '%s\n' "$T_OUT" | awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }')
[ "$w" -le 72 ] && ok "summary within 72 columns" || fail "summary has a line of $w columns"
# reruns print the same thing (fixed bootstrap seed)
"$DAXBENCH" compare "$d/base.json" "$d/slow.json" >"$d/o1" || true
"$DAXBENCH" compare "$d/base.json" "$d/slow.json" >"$d/o2" || true
cmp -s "$d/o1" "$d/o2" && ok "two runs of compare agree" || fail "two runs of compare differ"

# email: ASCII, <= 72 columns, kernels in the header
syn "$d/vmnew.json" --seed 4 --shift 1.2 --vm kvm --kernel 6.14.0-rc1
syn "$d/vmbase.json" --seed 5 --vm kvm
expect_rc 1 "$DAXBENCH" compare --format email "$d/vmbase.json" "$d/vmnew.json"
expect_match '^new: +6\.14\.0-rc1 \(VM kvm, kernel bzImage-6\.14\.0-rc1\)' "$T_OUT" "email names the kernels"
expect_match 'REGRESSION' "$T_OUT" "email marks the regression"
long=$(printf '%s\n' "$T_OUT" | awk 'length > 72' | wc -l)
[ "$long" -eq 0 ] && ok "email lines within 72 columns" || fail "$long email lines longer than 72 columns"
if printf '%s\n' "$T_OUT" | LC_ALL=C grep -q '[^ -~]'; then
	fail "email output is not plain ASCII"; else ok "email output is plain ASCII"; fi

# markdown is a table
expect_rc 1 "$DAXBENCH" compare --format markdown "$d/base.json" "$d/slow.json"
expect_match '^\| point \| metric \|' "$T_OUT" "markdown header"
expect_match '\*\*regression\*\*' "$T_OUT" "markdown marks"

# the machine each side ran on: bare metal only when the result says so
python3 - "$d/fast.json" "$d/kvmhost.json" "$d/unsaid.json" <<'P'
import json, sys
r = json.load(open(sys.argv[1]))
r["host"]["hypervisor"] = {"detected": True, "cpuid_vendor": "KVMKVMKVM",
                           "name": "KVM", "dmi_vendor": None, "dmi_product": None}
json.dump(r, open(sys.argv[2], "w"))
del r["host"]["hypervisor"]
json.dump(r, open(sys.argv[3], "w"))
P
expect_rc 0 "$DAXBENCH" compare "$d/base.json" "$d/kvmhost.json"
expect_match 'synth \(bare metal\)' "$T_OUT" "bare metal when the result says so"
expect_match 'synth \(VM: KVM\)' "$T_OUT" "a KVM host is a VM"
expect_rc 0 "$DAXBENCH" compare "$d/base.json" "$d/unsaid.json"
expect_match 'synth \(machine not recorded\)' "$T_OUT" "an older result claims nothing"

# refusals: another scenario, another target kind, a guest vs the host
syn "$d/other.json" --seed 6 --name another-scenario
syn "$d/nodax.json" --seed 7 --dax no
syn "$d/tcg.json" --seed 8 --vm tcg
expect_rc 2 "$DAXBENCH" compare "$d/base.json" "$d/other.json"
expect_match "daxbench compare: .*refused: different scenarios" "$T_ERR" "scenario refusal"
expect_rc 2 "$DAXBENCH" compare "$d/base.json" "$d/nodax.json"
expect_match 'different target kinds \(DAX yes vs no\)' "$T_ERR" "dax refusal"
expect_rc 2 "$DAXBENCH" compare "$d/base.json" "$d/vmbase.json"
expect_match 'daxbench vm guest vs host' "$T_ERR" "vm refusal"
expect_rc 2 "$DAXBENCH" compare "$d/vmbase.json" "$d/tcg.json"
expect_match 'different VM accelerators \(kvm vs tcg\)' "$T_ERR" "accel refusal"
expect_rc 0 "$DAXBENCH" compare --force "$d/base.json" "$d/nodax.json"
expect_match 'WARNING: FORCED comparison' "$T_OUT" "forced table warns"
expect_match 'warning: --force' "$T_ERR" "forced stderr warning"
expect_rc 0 "$DAXBENCH" compare --force --format email "$d/base.json" "$d/other.json"
expect_match 'WARNING: FORCED' "$T_OUT" "forced email warns"

# points on one side only are listed, not dropped
syn "$d/dropped.json" --seed 9 --drop-last --extra-point
expect_rc 0 "$DAXBENCH" compare "$d/base.json" "$d/dropped.json"
expect_match 'Points only in base:' "$T_OUT" "only-in-base heading"
expect_match '^  file.mapping=pte file.size=32MiB$' "$T_OUT" "the dropped point"
expect_match '^  file.mapping=pmd file.size=64MiB$' "$T_OUT" "the extra point"

# directories match by scenario name; unmatched scenarios are listed
mkdir "$d/A" "$d/B"
cp "$d/base.json" "$d/other.json" "$d/A/"
syn "$d/B/new.json" --seed 10
syn "$d/B/threads.json" --seed 11 --kind threads
expect_rc 0 "$DAXBENCH" compare "$d/A" "$d/B"
expect_match '== synth-scan ==' "$T_OUT" "matched by name"
expect_match 'Scenario only in base: another-scenario' "$T_OUT" "unmatched base"
expect_match 'Scenario only in new: synth-threads' "$T_OUT" "unmatched new"

# stalls: an op that outlived the timeout is an outcome, not a latency.
# New stalls at a point whose latencies improved: a STALL, exit 1
syn "$d/st-new.json" --seed 2 --shift 0.8 --stall 0
expect_rc 1 "$DAXBENCH" compare "$d/base.json" "$d/st-new.json"
b=$(block "$T_OUT" "file.mapping=pmd file.size=2MiB")
expect_match '^  stalls +none +1 stalled .*\*STALL\*$' "$b" "STALL row"
expect_match '^      ops +60 -> 61$' "$b" "STALL row's ops"
expect_match 'op_latency .*\*improvement\*' "$T_OUT" "latencies improved all the same"
expect_match 'Summary: 1 regression \(1 STALL\), [0-9]+ improvements in [0-9]+ comparisons; no point stalls on base, 1 point on new \(1 stalled op\)\.$' "$(joined "$T_OUT")" "summary counts the STALL"
expect_rc 1 "$DAXBENCH" compare --format json --metric op_latency "$d/base.json" "$d/st-new.json"
printf '%s\n' "$T_OUT" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["regression"] is True and d["regressions"] == 1, d["regressions"]
assert d["stalls"] == {"regressions": 1, "ops_base": 0, "ops_new": 1,
                       "points_base": 0, "points_new": 1,
                       "censored_dropped": 0}, d["stalls"]
assert "1 STALL" in d["summary"]
rows = [r for s in d["scenarios"] for r in s["rows"]]
st = [r for r in rows if r["metric"] == "stalls"]
assert len(st) == 1 and st[0]["verdict"] == "STALL", st
assert st[0]["point"] == "file.mapping=pmd file.size=2MiB"
assert st[0]["stalls"]["new"]["stalls"] == 1 and st[0]["stalls"]["new"]["ops"] == 61
assert st[0]["stalls"]["base"]["stalls"] == 0
assert st[0]["stalls"]["new"]["timeout_ns"] == 5e9
# --metric does not hide a stall; the other rows are the asked metric
assert all(r["metric"] == "op_latency" for r in rows if r is not st[0])
' && ok "json names the STALL" || fail "json names the STALL"
expect_rc 1 "$DAXBENCH" compare --format email "$d/base.json" "$d/st-new.json"
expect_match '^  stalls: \*\* STALL \*\*$' "$T_OUT" "email STALL"
expect_match '^Summary: 1 regression \(1 STALL\)' "$T_OUT" "email summary"
long=$(printf '%s\n' "$T_OUT" | awk 'length > 72' | wc -l)
[ "$long" -eq 0 ] && ok "email lines within 72 columns with stalls" || fail "$long email lines over 72 columns with stalls"
expect_rc 1 "$DAXBENCH" compare --format markdown "$d/base.json" "$d/st-new.json"
expect_match '^\*\*STALLS:\*\* no point stalls on base, 1 point on new' "$T_OUT" "markdown STALLS line"
expect_match '\| stalls \| 60/61 \| none \| 1 stalled \|.*\*\*STALL\*\*' "$T_OUT" "markdown STALL row"

# the reverse, written the old way (the stalled op also an op_latency
# sample, as the shipped references are): an improvement, exit 0, the
# stalled op counted once and its samples dropped from the statistics
syn "$d/st-old.json" --seed 3 --stall 1 --old-stalls
expect_rc 0 "$DAXBENCH" compare "$d/st-old.json" "$d/base.json"
b=$(block "$T_OUT" "file.mapping=pmd file.size=8MiB")
expect_match '^  stalls +1 stalled +none .*\*improvement\*$' "$b" "stall gone: improvement"
expect_match 'base 1 of 61 ops \(1 of 1 run\), new none of 60 ops' "$T_OUT" "counted once"
expect_match 'op_latency, file.mapping=pmd file.size=8MiB: samples of stalled ops \(>= the timeout\) dropped: 1 base, 0 new' "$(joined "$T_OUT")" "censored sample dropped"
expect_match 'busy_scan_calls, file.mapping=pmd file.size=8MiB: samples of stalled ops' "$T_OUT" "same op dropped from per-op metrics"
expect_match '^      n +60 -> 60 ' "$(printf '%s\n' "$b" | grep -A1 '^  op_latency ')" \
	"op_latency n without the stalled op"
expect_match 'Summary: 0 regressions, 1 improvement in [0-9]+ comparisons; 1 point stalls on base \(1 stalled op\), none on new; 1 censored sample \(stalled ops\) dropped\.$' "$(joined "$T_OUT")" "summary"
# a sample past the timeout that no stall record matches is no sample
# daxbench writes: the file is refused, not a stall made up from it
syn "$d/st-cens.json" --seed 3 --censored 2
expect_rc 2 "$DAXBENCH" compare "$d/st-cens.json" "$d/base.json"
expect_match "^daxbench compare: $d/st-cens.json: points\[2\]\.metrics\.op_latency\.samples\[60\]: 5000000777 is at or beyond the point's timeout \(5\.00s\), and none of its stalls\[\] waited that long\$" "$T_ERR" "censored sample without a stall record refused"
# both sides stall: said, not a regression
syn "$d/st-new2.json" --seed 5 --stall 0
expect_rc 1 "$DAXBENCH" compare "$d/st-new.json" "$d/st-new2.json"
expect_match 'stalls .*1 stalled +1 stalled .*stalls on both' "$T_OUT" "stalls on both"
expect_match '1 point stalls on base \(1 stalled op\), 1 point on new \(1 stalled op\)' "$T_OUT" "summary both"

# an incomplete run and the engine's point warnings are said, where the
# point has a verdict; a point with none keeps its warnings to itself
syn "$d/st-inc.json" --seed 2 --shift 0.8 --stall 0 --incomplete \
	--warning "0:pins never met an op" --warning "3:pmd fell back"
expect_rc 1 "$DAXBENCH" compare "$d/base.json" "$d/st-inc.json"
expect_match "^WARNING: new run $d/st-inc.json is incomplete \(interrupted by SIGINT\)" "$T_OUT" "incomplete run named"
expect_match '^  new, file.mapping=pmd file.size=2MiB: pins never met an op$' "$T_OUT" "point warning at the STALL"
expect_rc 0 "$DAXBENCH" compare --threshold 50 "$d/st-inc.json" "$d/st-inc.json"
if printf '%s\n' "$T_OUT" | grep -q 'pmd fell back'; then
	fail "warning of a point with nothing to act on"; else ok "no warning of a point with nothing to act on"; fi

# a histogram metric pools every run of a side, not the newest alone:
# an older base run of 3000 I/Os at ~8.2us and a newer one of 1000 at 2us
mkdir "$d/H" "$d/HN"
syn "$d/H/old.json" --seed 3 --hist 8192:3000
syn "$d/H/new.json" --seed 4
syn "$d/HN/a.json" --seed 5
syn "$d/HN/b.json" --seed 6
expect_rc 0 "$DAXBENCH" compare --format json --threshold 50 "$d/H" "$d/HN"
printf '%s\n' "$T_OUT" | python3 -c '
import json, sys
d = json.load(sys.stdin)
r = [r for s in d["scenarios"] for r in s["rows"]
     if r["metric"] == "pinner_io_latency"][0]
assert r["base"]["n"] == 4000 and r["new"]["n"] == 2000, r
assert 8192 <= r["base"]["p50"] < 8256 and r["new"]["p50"] < 2048, r
assert "pooled: 2 base, 2 new" in r["note"], r["note"]
' && ok "histogram runs pooled" || fail "histogram runs pooled"

# the shipped references (ext4): the 6.1 stalls are named, as
# improvements of 6.12, and 7.3 stalls where 6.1 did
ref="$top_srcdir/results/reference/ext4"
expect_rc 1 "$DAXBENCH" compare "$ref"/linux-image-6.1.*/ "$ref"/linux-image-6.12.*/
expect_match 'Summary: 5 regressions, 12 improvements in [0-9]+ comparisons; 10 points stall on base \(20 stalled ops\), none on new\.$' "$(joined "$T_OUT")" "reference summary"
b=$(block "$T_OUT" "operation.type=punch_hole pinners.threads=2")
expect_match '^  stalls +2 stalled +none .*\*improvement\*$' "$b" "punch_hole threads=2 stalls named"
expect_match '^      ops +3 -> 24$' "$b" "punch_hole threads=2 ops"
n=$(printf '%s\n' "$T_OUT" | grep -c ' stalls .*\*improvement\*')
[ "$n" -eq 10 ] && ok "10 stall improvements in the references" || fail "$n stall improvements in the references, wanted 10"
expect_rc 1 "$DAXBENCH" compare "$ref"/linux-image-6.1.*/ "$ref"/linux-image-7.*/
expect_match '10 points stall on base \(20 stalled ops\), 10 points on new \(15 stalled ops\)\.$' "$(joined "$T_OUT")" "7.3 stalls counted"

# results from before stalls were censored by the engine (the 6.1.0-56
# references of 2026-11-25): a stalled op's 10 s sample is dropped by
# compare, counted with the stalls, and never shown as a latency
old="$top_srcdir/tests/data/old-reference"
expect_rc 0 "$DAXBENCH" compare "$old/6.1" "$old/6.12"
expect_match 'Summary: 0 regressions, 4 improvements in [0-9]+ comparisons; 4 points stall on base \(7 stalled ops\), none on new; 3 censored samples \(stalled ops\) dropped\.$' "$(joined "$T_OUT")" "old reference summary"
if printf '%s\n' "$T_OUT" | grep -E 'op_latency.* 10\.0[0-9]s' >/dev/null; then
	fail "a stalled op is still a latency"; else ok "a stalled op is no latency"; fi

# usage and input errors are exit 2, named once
expect_rc 2 "$DAXBENCH" compare "$d/base.json"
expect_rc 2 "$DAXBENCH" compare --alpha 2 "$d/base.json" "$d/slow.json"
expect_match -- '--alpha' "$T_ERR" "bad alpha named"
expect_rc 2 "$DAXBENCH" compare --metric nonsense "$d/base.json" "$d/slow.json"
expect_rc 2 "$DAXBENCH" compare --format xml "$d/base.json" "$d/slow.json"
expect_rc 2 "$DAXBENCH" compare "$d/base.json" "$d/missing.json"
expect_match "^daxbench compare: $d/missing.json: cannot read" "$T_ERR" "missing file"
printf '{"schema": 1}' >"$d/bad.json"
expect_rc 2 "$DAXBENCH" compare "$d/base.json" "$d/bad.json"

# Runs cut short by stalls (ext4's A/B of the 6.1 fix): base ran 3
# times, but at the first point two runs stalled on op 0 and the third
# measured 2 ops before it stalled. Those 2 cannot stand for the runs
# that stalled: against 3 whole runs of new (1.6x slower) no verdict,
# and the note says which side; elsewhere the 1.6x is a regression.
mkdir "$d/cb" "$d/cn"
for i in 1 2 3; do
	syn "$d/cb/r$i.json" --seed $((40 + i))
	syn "$d/cn/r$i.json" --seed $((50 + i)) --shift 1.6
done
python3 - "$d/cb" <<'PY'
import json, sys
for i, keep in ((1, 2), (2, 0), (3, 0)):
    f = "%s/r%d.json" % (sys.argv[1], i)
    r = json.load(open(f))
    p = r["points"][0]
    for m in p["metrics"].values():
        if "samples" in m:
            m["samples"] = m["samples"][:keep]
            v = sorted(m["samples"])
            def q(x):
                h = (len(v) - 1) * x
                j = int(h)
                return v[j] if j + 1 >= len(v) else v[j] + (h - j) * (v[j + 1] - v[j])
            mean = sum(v) / len(v) if v else None
            m["summary"] = {"n": len(v), "min": v[0] if v else None,
                            "p50": q(.5) if v else None,
                            "p90": q(.9) if v else None,
                            "p99": q(.99) if v else None,
                            "p999": q(.999) if v else None,
                            "max": v[-1] if v else None, "mean": mean,
                            "stddev": (sum((x - mean) ** 2 for x in v) /
                                       (len(v) - 1)) ** .5
                            if len(v) > 1 else (0 if v else None)}
    p["stalls"] = [{"op": keep, "waited_ns": 6000000000,
                    "stalled_after_ns": 5000000000, "ended_by": "signal",
                    "pins_released": True,
                    "stack": "[<0>] ext4_break_layouts+0x7b/0x100"}]
    p["ops_attempted"] = keep + 1
    json.dump(r, open(f, "w"))
PY
expect_rc 1 "$DAXBENCH" compare --metric op_latency "$d/cb" "$d/cn"
b=$(block "$T_OUT" "file.mapping=pmd file.size=2MiB")
expect_match '^  op_latency .*too few runs$' "$b" "one run left by the stalls: no verdict"
expect_match 'op_latency, file.mapping=pmd file.size=2MiB: the base side has this point.s samples from 1 of its 3 runs \(the others stalled or ended before it\): no verdict from what the stalls let through' \
	"$(joined "$T_OUT")" "one run left: the note says why"
b=$(block "$T_OUT" "file.mapping=pmd file.size=8MiB")
expect_match '^  op_latency .*\*regression\*$' "$b" "a whole point beside it: the 1.6x is a regression"

# no shift, 100 seeded pairs: false positives at most alpha
syn "$d/p" --seed 1000 --many 100 -n 40
syn "$d/q" --seed 2000 --many 100 -n 40
i=0
while [ $i -lt 100 ]; do
	set +e
	"$DAXBENCH" compare --metric op_latency --metric busy_scan_time_per_call \
		--format json "$d/p-$i.json" "$d/q-$i.json" >"$d/pq-$i.out"
	rc=$?
	set -e
	[ $rc -le 1 ] || fail "pair $i: exit $rc"
	i=$((i + 1))
done
set -- $(python3 -c '
import json, sys
rows = fp = 0
for i in range(100):
    d = json.load(open("%s/pq-%d.out" % (sys.argv[1], i)))
    r = [r for s in d["scenarios"] for r in s["rows"]]
    rows += len(r)
    fp += sum(x["verdict"] in ("regression", "improvement") for x in r)
print(rows, fp)
' "$d")
rows=$1
fp=$2
echo "no-shift pairs: $fp changes reported in $rows comparisons"
[ "$rows" -eq 1200 ] && ok "1200 comparisons" || fail "expected 1200 comparisons, got $rows"
# alpha = 0.01: at most 12 of 1200
[ "$fp" -le $((rows / 100)) ] && ok "false-positive rate $fp/$rows within alpha" || fail "false-positive rate $fp/$rows > alpha"
t_done
