#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The shipped reference results stay readable by this daxbench: three
# kernels (6.1, 6.12, 7.x) on ext4 and on xfs, two runs of every scenario
# each; every file loads, the guest kernels are the lines they are named
# after, and one report per filesystem sets 6.12 and 7.x against 6.1
# (exit 0 or 1, never 2) with a summary table of the three.
. "${top_srcdir}/tests/lib.sh"

command -v python3 >/dev/null || skip "python3 not installed"
ref="$top_srcdir/results/reference"
for fs in ext4 xfs; do
	set -- "$ref/$fs"/linux-image-6.1.*/ "$ref/$fs"/linux-image-6.12.*/ \
		"$ref/$fs"/linux-image-7.*/
	[ "$#" -eq 3 ] && [ -d "$1" ] && [ -d "$2" ] && [ -d "$3" ] && ok "$fs: 6.1, 6.12 and 7.x kernels" ||
		fail "$fs: expected 6.1, 6.12 and 7.x kernels in $ref/$fs"
	python3 - "$fs" "$@" <<'P' && ok "$fs: reference files" || fail "$fs: reference files"
import json, sys, glob, os
fs, dirs = sys.argv[1], sys.argv[2:]
for d, line in zip(dirs, ("6.1.", "6.12.", "7.")):
    files = glob.glob(os.path.join(d, "*.json"))
    assert len(files) == 18, (d, len(files))  # 9 scenarios x 2 runs
    for f in files:
        r = json.load(open(f))
        assert r["host"]["kernel"]["release"].startswith(line), (f, r["host"]["kernel"])
        assert r["target"]["fs"] == fs and r["target"]["dax"] is True, (f, r["target"])
        assert r["host"]["vm"]["kernel_packages"], f
P
	"$DAXBENCH" --help | grep -q '^  report ' || skip "report not built"
	set +e
	"$DAXBENCH" report -o "$T_TMP/r-$fs" "$@" >"$T_TMP/out" 2>"$T_TMP/err"
	rc=$?
	set -e
	[ "$rc" -le 1 ] && ok "$fs: report of the references exits 0 or 1" || fail "$fs: report of the references exited $rc: $(head -n 3 "$T_TMP/err")"
	md=$(cat "$T_TMP/r-$fs/report.md")
	expect_match '^\| scenario \| base: 6\.1\.0-[0-9]+-cloud-amd64 .*\| \[new 1\]\(#pair-1\): 6\.12\.[0-9]+.*\| \[new 2\]\(#pair-2\): 7\.' \
		"$md" "$fs: summary table of the three kernels"
	expect_match '^\| stall-odirect-small \|' "$md" "$fs: a row per scenario"
	# the report's scan-cost figure labels each line with compare's
	# slope and CI (one fit, one number)
	gp=$(ls "$T_TMP/r-$fs"/pair-2/scan-cost-scan-cost-truncate-small.gp 2>/dev/null | head -n 1)
	"$DAXBENCH" compare "$1" "$3" >"$T_TMP/cmp.txt" 2>/dev/null || true
	want=$(sed -n '/^== scan-cost-truncate-small ==/,/^== /{/file.mapping=pte, busy_scan_time_per_call per entry/{n;s/^ *base b = //p}}' "$T_TMP/cmp.txt")
	[ -n "$want" ] && [ -n "$gp" ] && grep -qF "pte, per entry: b = $want\"" "$gp" &&
		ok "$fs: the figure's 6.1 pte slope is compare's ($want)" ||
		fail "$fs: the figure's slope is not compare's '$want' ($gp)"
	# summary.txt fits a reply: 72 columns, at most 60 lines, and its
	# counts are compare's
	sum="$T_TMP/r-$fs/summary.txt"
	n=$(wc -l <"$sum")
	[ "$n" -le 60 ] && ok "$fs: summary.txt is $n lines" || fail "$fs: summary.txt is $n lines, over 60"
	w=$(awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$sum")
	[ "$w" -le 72 ] && ok "$fs: summary.txt within 72 columns" || fail "$fs: summary.txt has a line of $w columns"
	# Findings hold every verdict compare counts, each once: a bullet
	# carries 1 verdict, or "[N verdicts]" where it folds N
	for k in 2 3; do
		"$DAXBENCH" compare --format json "$1" "$(eval echo "\$$k")" >"$T_TMP/c.json" 2>/dev/null || true
		python3 - "$T_TMP/c.json" "$T_TMP/r-$fs/report.md" "$((k - 1))" <<'P' && ok "$fs: findings of pair $((k - 1)) add up to compare's verdicts" || fail "$fs: findings of pair $((k - 1)) do not add up"
import json, re, sys
c = json.load(open(sys.argv[1]))
md = open(sys.argv[2]).read()
sec = md.split("## Pair %s:" % sys.argv[3])[1].split("\n## Pair ")[0]
want = c["regressions"] + c["improvements"]
find = sec.split("### Findings")[1].split("\n### ")[0] if "### Findings" in sec else ""
got = 0
for line in find.splitlines():
    m = re.match(r"- \*\*(regression|improvement|STALL)\*\*", line)
    if m:
        n = re.search(r"\[(\d+) verdicts\]", line)
        got += int(n.group(1)) if n else 1
rank = [0 if ", stalls (" in l else 1 if "slope of" in l else 2
        for l in find.splitlines() if l.startswith("- **")]
assert rank == sorted(rank), rank  # stalls, slopes, then the changes
head = re.search(r"(\d+) regressions? and (\d+) improvements? in", find)
assert got == want, (got, want)
summ = open(sys.argv[2].replace("report.md", "summary.txt")).read()
m = re.search(r"new %s: (\d+) regressions? \((\d+) STALL\), (\d+)"
              % sys.argv[3], summ.replace("\n  ", " "))
assert m and (int(m.group(1)), int(m.group(2)), int(m.group(3))) == \
    (c["regressions"], c["stalls"]["regressions"], c["improvements"]), (m and m.groups(), c["regressions"])
assert not want or (head and int(head.group(1)) + int(head.group(2)) == want), head
# the pair's caveat line names the scenarios compare has a NOTE for,
# where a reply quoting the summary would see them; none: no line
pair = summ.split("\nnew %s: " % sys.argv[3])[1].split("\nnew ")[0]
cav = re.search(r"\n  caveats \(NOTE in the full report\): (.*(?:\n    .*)*)", pair)
named = set(cav.group(1).replace("\n    ", " ").split(", ")) if cav else set()
noted = {x["scenario"] for x in c["scenarios"] if x["notes"]}
assert named == noted, (named, noted)
print("pair %s: %d verdicts in the findings, %d in compare; caveats %s"
      % (sys.argv[3], got, want, sorted(noted)))
P
	done
done
t_done
