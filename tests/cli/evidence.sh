#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The shipped evidence (results/evidence) read back by compare and
# report, as a reviewer would: the stall rows count each side's stalls
# by diagnosis (6.1 "wake missing", 7.3 "never idle") in the JSON and on
# the text's "why" line; the scan's unmap and walk get curves of their
# own, the 7.3 slope change is in the unmap, and the report's headline
# says so. The A/Bs of the team's fixes (results/ab-6.1-bio-release-wake,
# results/ab-7.3-dax-break-layout-refault): on each filesystem every
# stall of the unpatched build is "wake missing" (6.1) or "never idle"
# with the file mapped again at the unmap (7.3), the patched build has
# none in as many runs, and nothing regresses.
. "${top_srcdir}/tests/lib.sh"

command -v python3 >/dev/null || skip "python3 not installed"
E=$top_srcdir/results/evidence
[ -d "$E" ] || skip "no results/evidence in $top_srcdir"

set +e
"$DAXBENCH" compare -f json "$E/stalls/6.1" "$E/stalls/7.3" >"$T_TMP/st.json" 2>/dev/null
rc=$?
"$DAXBENCH" compare "$E/stalls/6.1" "$E/stalls/7.3" >"$T_TMP/st.txt" 2>&1
"$DAXBENCH" compare -f json "$E/scan-split/6.1" "$E/scan-split/7.3" >"$T_TMP/sc.json" 2>/dev/null
"$DAXBENCH" report -o "$T_TMP/rep" "$E/scan-split/6.1" "$E/scan-split/7.3" >/dev/null 2>&1
set -e
[ "$rc" -le 1 ] && ok "compare of the stall runs exits $rc" || fail "compare exited $rc"
python3 - "$T_TMP/st.json" <<'P' && ok "stall rows count by diagnosis" || fail "stall rows count by diagnosis"
import json, sys
d = json.load(open(sys.argv[1]))
rows = [r for s in d["scenarios"] for r in s["rows"] if "stalls" in r]
assert rows, "no stall rows"
for r in rows:
    b, n = r["stalls"]["base"], r["stalls"]["new"]
    assert b["diagnoses"]["wake missing"] == b["stalls"] > 0, b
    assert n["diagnoses"]["never idle"] == n["stalls"] > 0, n
    assert b["undiagnosed"] == 0 and n["undiagnosed"] == 0, (b, n)
P
expect_match '^ +why +1 wake missing -> 1 never idle$' "$(cat "$T_TMP/st.txt")" \
	"the text's stall row says why"
python3 - "$T_TMP/sc.json" <<'P' && ok "the scan's parts have curves" || fail "the scan's parts have curves"
import json, sys
s, = json.load(open(sys.argv[1]))["scenarios"]
c = {(x["group"], x["metric"]): x for x in s["curves"]}
pte = "file.mapping=pte"
assert c[(pte, "busy_scan_time_per_call")]["verdict"] == "regression", c
assert c[(pte, "busy_scan_unmap_time")]["verdict"] == "regression", c
assert c[(pte, "busy_scan_walk_time")]["verdict"] != "regression", c
assert c[(pte, "busy_scan_unmap_time")]["slope_ratio"] > 10, c
P
expect_match 'Scan slope.*file.mapping=pte.*the change is in the unmap' \
	"$(cat "$T_TMP/rep/report.md")" "the report's headline names the part"

# abcheck DIR BASE DIAGNOSIS: the A/B in DIR/FS/BASE and its patched twin
abcheck() {
	for fs in ext4 xfs; do
		b=$(ls -d "$1/$fs/$2" 2>/dev/null)
		n=$(ls -d "$1/$fs/$2"+*/ 2>/dev/null | head -n 1)
		set +e
		"$DAXBENCH" compare -f json "$b" "$n" >"$T_TMP/ab.json" 2>"$T_TMP/ab.err"
		rc=$?
		set -e
		[ "$rc" -eq 0 ] && ok "$2 $fs A/B of the fix: compare exits 0 (no regression)" ||
			fail "$2 $fs A/B of the fix: compare exited $rc: $(tail -n 3 "$T_TMP/ab.err")"
		python3 - "$T_TMP/ab.json" "$3" "$b" <<'P' && ok "$2 $fs A/B: base stalls, all $3; the fix has none" ||
import glob, json, os, sys
d = json.load(open(sys.argv[1]))
assert d["stalls"]["points_base"] == 5 and d["stalls"]["points_new"] == 0, d["stalls"]
rows = [r for s in d["scenarios"] for r in s["rows"] if "stalls" in r]
assert len(rows) == 5, rows
for r in rows:
    b, n = r["stalls"]["base"], r["stalls"]["new"]
    assert r["verdict"] == "improvement", r
    assert b["stalls"] > 0 and b["diagnoses"][sys.argv[2]] == b["stalls"], b
    assert n["stalls"] == 0 and n["ops"] >= 9, n
for s in d["scenarios"]:
    assert len(s["base_files"]) == 3 and len(s["new_files"]) == 3, s["runs"]
# 7.x: the pages a pinner faulted back in while the truncate waited
if sys.argv[2] == "never idle":
    for f in glob.glob(os.path.join(sys.argv[3], "*.json")):
        for p in json.load(open(f))["points"]:
            for st in p["stalls"]:
                assert st["mapped_pages_at_unmap"] > 0, st
P
			fail "$2 $fs A/B: base stalls, all $3; the fix has none"
	done
}
abcheck "$top_srcdir/results/ab-6.1-bio-release-wake" linux-source-6.1 "wake missing"
abcheck "$top_srcdir/results/ab-7.3-dax-break-layout-refault" linux-source-7.3 "never idle"
t_done
