#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The engine on the host, on a non-DAX directory (the baseline): results
# are valid and complete, every pin method runs, layout ops do not wait
# for pins (a vmsplice hold of 20ms must not show in punch_hole), the
# test files are gone afterwards and canary files are untouched.
. "${top_srcdir}/tests/lib.sh"

command -v python3 >/dev/null || skip "python3 not installed"
tgt="$T_TMP/target"
out="$T_TMP/results"
mkdir -p "$tgt"
printf 'canary data\n' >"$tgt/canary"
cp "$tgt/canary" "$T_TMP/canary.orig"

cat >"$T_TMP/base.json" <<'J'
{ "schema": 1, "name": "host-baseline",
  "target": { "require_dax": false },
  "file": { "size": "4MiB", "mapping": "pmd" },
  "pinners": { "method": "none", "threads": 0 },
  "operation": { "type": "punch_hole", "offset": 0, "length": "2MiB" },
  "sweep": { "file.mapping": ["pmd", "pte"] },
  "repeat": 20, "warmup": 2, "timeout": "5s" }
J
cat >"$T_TMP/vms.json" <<'J'
{ "schema": 1, "name": "host-vmsplice",
  "target": { "require_dax": false },
  "file": { "size": "4MiB", "mapping": "pte" },
  "pinners": { "method": "vmsplice", "threads": 2, "io_size": "4KiB",
               "hold": "20ms", "region": { "offset": 0, "length": "2MiB" } },
  "operation": { "type": "punch_hole", "offset": 0, "length": "2MiB" },
  "repeat": 100, "warmup": 1, "timeout": "5s" }
J
cat >"$T_TMP/io.json" <<'J'
{ "schema": 1, "name": "host-io",
  "target": { "require_dax": false },
  "file": { "size": "4MiB", "mapping": "pte" },
  "pinners": { "method": "odirect", "threads": 2, "io_size": "4KiB",
               "queue_depth": 4, "region": { "offset": 0, "length": "1MiB" } },
  "operation": { "type": "truncate", "offset": "2MiB", "length": "2MiB" },
  "sweep": { "pinners.method": ["odirect", "io_uring", "io_uring_fixed"] },
  "repeat": 10, "warmup": 1, "timeout": "5s" }
J

expect_rc 0 "$DAXBENCH" run -q --dir "$tgt" -o "$out" "$T_TMP/base.json" "$T_TMP/vms.json" "$T_TMP/io.json"
expect_match 'host-baseline: 2 of 2 points' "$T_OUT" "baseline summary line"
# the table (without -q): a mode's value alone, other fields by name
expect_rc 0 "$DAXBENCH" run --dir "$tgt" -o "$T_TMP/table" "$T_TMP/io.json"
expect_match '^  io_uring_fixed +(-|[0-9.]+[mun]?s) ' "$T_OUT" "a swept mode's brief label"
expect_match '^  point +op p50 ' "$T_OUT" "table header"
# what it cannot measure is said at the start, with the reason, once
# for the three scenarios on one target
printf '%s\n' "$T_ERR" >"$T_TMP/run.err"
n=$(grep -c "^daxbench run: WARNING: $tgt is not DAX (.*): layout changes do not wait for pinned pages here" "$T_TMP/run.err" || true)
[ "$n" -eq 1 ] && ok "no-DAX warning once" || fail "no-DAX warning $n times, wanted 1: $T_ERR"
scan_why=$(python3 -c 'import json, glob, sys
r = json.load(open(glob.glob(sys.argv[1] + "/host-baseline-*.json")[0]))
print(r["capabilities"]["unavailable"].get("busy_scan", ""))' "$out")
n=$(grep -c '^daxbench run: WARNING: no busy-scan tracing (.*): busy_scan_calls and busy_scan_time will be unmeasured$' "$T_TMP/run.err" || true)
if [ -n "$scan_why" ]; then
	[ "$n" -eq 1 ] && ok "busy-scan warning once ($scan_why)" || fail "busy-scan warning $n times, wanted 1 ($scan_why): $T_ERR"
	grep -qF "no busy-scan tracing ($scan_why)" "$T_TMP/run.err" && ok "busy-scan warning with the recorded reason" ||
		fail "busy-scan warning without the recorded reason '$scan_why'"
else
	[ "$n" -eq 0 ] && ok "no busy-scan warning when traced" || fail "busy-scan warning though it was traced: $T_ERR"
fi

python3 - "$out" <<'P' && ok "result checks" || fail "result checks"
import json, sys, glob, os
out = sys.argv[1]
res = {}
for f in glob.glob(os.path.join(out, "*.json")):
    r = json.load(open(f))
    res[r["scenario"]["name"]] = r
assert set(res) == {"host-baseline", "host-vmsplice", "host-io"}, res.keys()
for r in res.values():
    assert r["schema"] == 1 and r["complete"] is True
    assert r["target"]["dax"] is False
    for k in ("host", "target", "capabilities", "scenario", "run_id"):
        assert k in r, k
b = res["host-baseline"]
assert [p["params"]["file.mapping"] for p in b["points"]] == ["pmd", "pte"]
for p in b["points"]:
    lat = p["metrics"]["op_latency"]
    # where the host traces busy scans, half the ops are traced, not timed
    n = 10 if p["op_timing"] == "interleaved" else 20
    assert lat["unit"] == "ns" and len(lat["samples"]) == n, (p["op_timing"], lat)
    assert lat["summary"]["n"] == n and lat["summary"]["min"] > 0
    # non-DAX: nothing can verify the mapping, and that is said
    assert p["mapping_verified"] is None and "faults" in p["unmeasured"]
    # the scan was either measured or its absence explained
    for m in ("busy_scan_calls", "busy_scan_time"):
        assert (m in p["metrics"]) != (m in p["unmeasured"]), m
v = res["host-vmsplice"]["points"][0]
lat = v["metrics"]["op_latency"]["summary"]
# no DAX layout break: a 20ms pin must not hold the punch
assert lat["p50"] < 10e6, lat
assert v["pinners"]["ios"] > 0, v["pinners"]
# each full pin lasted its hold; holds cut short by the end are apart
assert v["metrics"]["pinner_io_latency"]["summary"]["min"] >= 20e6, v["metrics"]
assert v["pinners"]["released_early"] <= 2, v["pinners"]
assert not v["stalls"], v["stalls"]
io = {p["params"]["pinners.method"]: p for p in res["host-io"]["points"]}
for m in ("odirect", "io_uring"):
    p = io[m]
    assert p["pinners"]["ios"] > 0, (m, p["pinners"])
    assert p["metrics"]["pinner_iops"]["value"] > 0
fx = io["io_uring_fixed"]
# a registered buffer in a shared file mapping: either pinned (non-DAX)
# or refused with an errno recorded; never silently nothing
assert fx["pinners"]["ios"] > 0 or "refused" in fx["pinners"], fx["pinners"]
P

# nothing left behind, nothing of the user's touched
left=$(find "$tgt" -name 'daxbench-*' | wc -l)
[ "$left" -eq 0 ] && ok "no test files left" || fail "$left test files left in $tgt"
cmp -s "$tgt/canary" "$T_TMP/canary.orig" && ok "canary unchanged" || fail "canary changed"

# past --max-samples a metric is a histogram, and says so
expect_rc 0 "$DAXBENCH" run -q --max-samples 5 --dir "$tgt" -o "$T_TMP/capped" "$T_TMP/base.json"
python3 - "$T_TMP/capped" <<'P' && ok "--max-samples" || fail "--max-samples"
import json, sys, glob, os
r = json.load(open(glob.glob(os.path.join(sys.argv[1], "*.json"))[0]))
for p in r["points"]:
    m = p["metrics"]["op_latency"]
    assert m["recorded_as"] == "histogram" and "samples" not in m, m.keys()
    assert m["summary"]["n"] == 20 and sum(c for _, c in m["histogram"]["buckets"]) == 20
P
expect_rc 2 "$DAXBENCH" run --max-samples 0 --dir "$tgt" "$T_TMP/base.json"

# operation.interval paces the ops (start to start) and its sleep is in
# no sample; a result from before the field existed is not "another
# scenario definition" when pooled with one that has its default
expect_rc 0 "$DAXBENCH" run -q --dir "$tgt" -o "$T_TMP/paced" --set operation.interval=40ms --set repeat=6 --set warmup=0 --set file.mapping=pte "$T_TMP/base.json"
python3 - "$T_TMP/paced" "$T_TMP/old" <<'P' && ok "operation.interval" || fail "operation.interval"
import json, sys, glob, os
f = glob.glob(os.path.join(sys.argv[1], "*.json"))[0]
r = json.load(open(f))
p = r["points"][0]
assert r["scenario"]["operation"]["interval"] == 40000000, r["scenario"]
# 6 ops started 40ms apart: at least 5 intervals
assert p["measure_ns"] >= 5 * 40e6, p["measure_ns"]
# (p50: one op that a loaded host descheduled may take 40ms)
assert p["metrics"]["op_latency"]["summary"]["p50"] < 40e6, p["metrics"]
r["scenario"]["operation"]["interval"] = 0
os.makedirs(sys.argv[2])
json.dump(r, open(os.path.join(sys.argv[2], "a.json"), "w"))
del r["scenario"]["operation"]["interval"]
json.dump(r, open(os.path.join(sys.argv[2], "b.json"), "w"))
P
expect_rc 0 "$DAXBENCH" run -q --dir "$tgt" -o "$T_TMP/unpaced" --set repeat=6 --set warmup=0 --set file.mapping=pte "$T_TMP/base.json"
"$DAXBENCH" compare --threshold 500 "$T_TMP/old" "$T_TMP/unpaced" >"$T_TMP/cmp.out" 2>&1 || true
if ! grep -q 'host-baseline' "$T_TMP/cmp.out"; then
	fail "compare of the old/new runs did not run: $(cat "$T_TMP/cmp.out")"
elif grep -q 'another scenario definition' "$T_TMP/cmp.out"; then
	fail "a missing operation.interval was taken for a change: $(cat "$T_TMP/cmp.out")"
else ok "a missing operation.interval is no change"; fi

# pinners.solo: the pinners run alone first and that phase is counted
# apart; the op loop's ios, latency histogram and time start after it
expect_rc 0 "$DAXBENCH" run -q --dir "$tgt" -o "$T_TMP/solo" --set pinners.solo=400ms "$T_TMP/io.json"
python3 - "$T_TMP/solo" <<'P' && ok "pinners.solo" || fail "pinners.solo"
import json, sys, glob, os
r = json.load(open(glob.glob(os.path.join(sys.argv[1], "*.json"))[0]))
assert r["scenario"]["pinners"]["solo"] == 400000000, r["scenario"]["pinners"]
for p in r["points"]:
    pin = p["pinners"]
    if "refused" in pin:
        continue
    solo = pin["solo"]
    assert solo["elapsed_ns"] >= 400e6 and solo["ios"] > 0, pin
    assert abs(solo["iops"] - solo["ios"] * 1e9 / solo["elapsed_ns"]) < 1e-6 * solo["iops"] + 1, solo
    # the loop's figures exclude the solo phase: its time is about the
    # loop's, and its latency histogram holds exactly its own I/Os
    assert pin["elapsed_ns"] < p["measure_ns"] + 200e6, (pin, p["measure_ns"])
    # and no solo I/O counted in the loop: at most the solo rate over the
    # loop's time (x4 for noise), plus what one queue can hold; or fewer
    # than the solo phase did (a solo phase slowed by a neighbour)
    assert (pin["ios"] < solo["ios"] or
            pin["ios"] <= 4 * solo["iops"] * pin["elapsed_ns"] / 1e9 + 8), (pin, solo, p["measure_ns"])
    if "pinner_io_latency" in p["metrics"]:
        lat = p["metrics"]["pinner_io_latency"]["summary"]
        assert lat["n"] == pin["ios"], (lat, pin)
    else:
        assert pin["ios"] == 0, pin
P

# pinners.threads 0 is no pinners whatever the method: the point of a
# sweep that is its baseline runs as method "none" would
expect_rc 0 "$DAXBENCH" run -q --dir "$tgt" -o "$T_TMP/zero" --set pinners.method=odirect \
	--set 'sweep.pinners.threads=[0, 1]' --set repeat=3 --set warmup=0 "$T_TMP/io.json"
python3 - "$T_TMP/zero" <<'P2' && ok "threads 0 with odirect" || fail "threads 0 with odirect"
import json, sys, glob, os
r = json.load(open(glob.glob(os.path.join(sys.argv[1], "*.json"))[0]))
assert r["complete"] is True
zero, one = r["points"]
assert zero["params"] == {"pinners.threads": 0}, zero["params"]
for k in ("pinners", "pin_evidence", "numa"):
    assert k not in zero, (k, zero.get(k))
assert not zero["errors"] and not zero.get("warnings"), zero
assert zero["metrics"]["op_latency"]["summary"]["n"] == 3
for m in ("pinner_io_latency", "pinner_iops"):
    assert m not in zero["metrics"] and m not in zero.get("unmeasured", {}), m
assert "pinners" in one and "pin_evidence" in one, one.keys()
P2

# an output directory that cannot be made is refused before any point
# runs (no point line, no test file), and said once
: >"$T_TMP/a-file"
for o in "$T_TMP/a-file/x" /proc/daxbench-nope; do
	expect_rc 3 "$DAXBENCH" run --dir "$tgt" -o "$o" "$T_TMP/base.json"
	expect_match "^daxbench run: output directory: $o: cannot create: " "$T_ERR" "-o $o"
	[ "$(printf '%s\n' "$T_ERR" | wc -l)" -eq 1 ] && ok "-o $o: one line" ||
		fail "-o $o: wanted one line, got: $T_ERR"
done

# a shipped scenario by name, from any directory
(cd "$T_TMP" && "$DAXBENCH" run -q --dir "$tgt" -o "$T_TMP/byname" \
	--set target.require_dax=false --set 'sweep={}' --set file.size=4MiB \
	--set repeat=2 --set warmup=0 small/scan-cost-truncate) >"$T_TMP/byname.out" 2>&1 &&
	grep -q '^scan-cost-truncate-small: 1 of 1 points' "$T_TMP/byname.out" && ok "run by name" ||
	fail "run by name: $(cat "$T_TMP/byname.out")"

# a file larger than the free space is refused before anything is made
expect_rc 2 "$DAXBENCH" run -q --dir "$tgt" -o "$out" --set file.size=16TiB "$T_TMP/base.json"
expect_match 'file.size 16TiB \(point 1\) is more than the .* free in' "$T_ERR" "free space message"

# a DAX requirement on a non-DAX target is a system error, named
expect_rc 3 "$DAXBENCH" run -q --dir "$tgt" -o "$out" --set target.require_dax=true "$T_TMP/base.json"
expect_match 'is not DAX' "$T_ERR" "require_dax message"
# no target at all is a usage error
expect_rc 2 env -u DAXBENCH_DIR "$DAXBENCH" run -q -o "$out" "$T_TMP/base.json"
expect_match 'no target directory' "$T_ERR" "missing --dir"
t_done
