#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# trace.interleave in a real guest (issue 27): the probes stay out of
# op_latency. A point without pinners is measured in a traced block
# (busy-scan metrics) and a timed block (op_latency, probes disarmed),
# with one settling op between; trace.interleave false and points with
# pinners trace every op they time; op_timing says which. A stall on a
# timed op re-arms the probes before its pins go, is diagnosed, and says
# its scans before the stall went unseen. The run's one trace serves
# every point of a sweep, not only the first. Probes that fail to
# disarm midway are all put back: the ops after are traced whole.
. "${top_srcdir}/tests/lib.sh"

need_guest
out="$T_TMP/vmout"
g="$top_srcdir/tests/vm/guest"

# shellcheck disable=SC2086
guest_exec "$out" "$T_TMP/guest" "guest script exits 0" --timeout 5m $kpkg \
	-- exec sh "$g/interleave.sh" "$g/interleave.json" \
	"$g/interleave-stall.json" "$g/hold.json" "$g/trace-sweep.json"
for r in blocks stall pinned sweep halfway; do
	expect_match "^$r 0\$" "$(cat "$out/rc.txt")" "$r: run exit 0"
done

# check NAME: python on the results of run NAME (r), assertions in stdin
check() {
	name=$1
	shift
	{
		printf 'import json, glob, os, sys\n'
		printf 'f, = glob.glob(os.path.join(sys.argv[1], "*.json"))\n'
		printf 'r = json.load(open(f))\n'
		printf 'pts = r["points"]\n'
		printf 'def n(p, m): return p["metrics"][m]["summary"]["n"]\n'
		cat
	} >"$T_TMP/check.py"
	if python3 "$T_TMP/check.py" "$out/$name" >"$T_TMP/check.out" 2>&1; then
		ok "$*"
	else
		fail "$*: $(tail -n 3 "$T_TMP/check.out")"
	fi
}

check blocks "interleaved: half traced, half timed, one op settles" <<'P'
for i in (0, 2):
    p = pts[i]
    assert p["op_timing"] == "interleaved", p["op_timing"]
    assert n(p, "op_latency") == 3 and n(p, "busy_scan_time") == 3, p["metrics"]
    assert n(p, "busy_scan_unmap_time") == 3, p["metrics"]
    assert p["ops_attempted"] == 1 + 6 + 1 and p["ops_skipped"] == 0, p
    assert min(p["metrics"]["busy_scan_calls"]["samples"]) >= 1, p["metrics"]
P
check blocks "trace.interleave false: every op traced and timed" <<'P'
for i in (1, 3):
    p = pts[i]
    assert p["op_timing"] == "traced", p["op_timing"]
    assert n(p, "op_latency") == 6 and n(p, "busy_scan_time") == 6, p["metrics"]
    # it began with the probes as the point before left them, disarmed:
    # its warm-up op settled after they were armed, no op beyond
    # warmup + repeat
    assert p["ops_attempted"] == 7, p
P
check stall "a timed op's stall: probes re-armed, diagnosed, scans unseen said" <<'P'
p, = pts
s, = p["stalls"]
assert s["op"] == 3 and s["during"] == "op", s
assert s["untraced_until_stall"] is True, s
assert s["ended_by"] == "unmap" and s["diagnosis"] == "never idle", s
for k in ("busy_scan_calls", "busy_scans_found", "busy_page"):
    assert k not in s, (k, s)
assert "release_events" in s, s
# the two traced ops gave their scans; no timed op ended to give a time
assert n(p, "busy_scan_time") == 2, p["metrics"]
assert p["ops_attempted"] == 4 and p["ops_skipped"] == 1, p
P
check pinned "with pinners every op is traced; without, interleaved" <<'P'
by = {p["params"]["pinners.method"]: p for p in pts}
assert by["vmsplice"]["op_timing"] == "traced", by["vmsplice"]
assert n(by["vmsplice"], "op_latency") == n(by["vmsplice"], "busy_scan_time"), by["vmsplice"]["metrics"]
ev = by["vmsplice"]["pin_evidence"]
assert ev["traced_ops"] == ev["ops"], ev
assert by["none"]["op_timing"] == "interleaved", by["none"]
assert n(by["none"], "op_latency") == 2 and n(by["none"], "busy_scan_time") == 1, by["none"]["metrics"]
P
check sweep "a sweep's later points get the probes its first did not need" <<'P'
rp = r["capabilities"]["release_probes"]
assert rp["__bio_release_pages"] is True, rp
by = {(p["params"]["pinners.method"], p["params"]["trace.busy_scan"]): p for p in pts}
for m in ("none", "vmsplice"):
    off = by[(m, False)]
    assert off["op_timing"] == "untraced", (m, off["op_timing"])
    assert "trace.busy_scan is off" in off["unmeasured"]["busy_scan_calls"], off["unmeasured"]
assert by[("none", True)]["op_timing"] == "interleaved", by[("none", True)]
assert n(by[("none", True)], "busy_scan_time") == 1, by[("none", True)]["metrics"]
on = by[("vmsplice", True)]
assert on["op_timing"] == "traced", on["op_timing"]
assert n(on, "busy_scan_time") == 2 and n(on, "op_latency") == 2, on["metrics"]
# the release probes only where pins are, none fired where they were off
assert by[("none", True)]["release_probes"] == {"armed": False, "calls": 0}, by[("none", True)]
assert on["release_probes"]["armed"] is True, on["release_probes"]
P
check halfway "a disarm that failed midway: all armed again, every op traced" <<'P'
p = pts[0]
w = [x for x in p["warnings"] if "could not disarm the probes" in x]
assert w, p["warnings"]
# 3 traced ops, then the failed change: the 3 left traced and timed,
# their scans whole (with the busy-page probes left off, none is seen)
assert n(p, "busy_scan_time") == 6 and n(p, "op_latency") == 3, p["metrics"]
assert min(p["metrics"]["busy_scan_calls"]["samples"]) >= 1, p["metrics"]
assert p["ops_attempted"] == 1 + 6, p
# the next points begin as this one left them, armed: interleaved again
assert pts[2]["op_timing"] == "interleaved", pts[2]["op_timing"]
assert n(pts[2], "busy_scan_time") == 3, pts[2]["metrics"]
P
t_done
