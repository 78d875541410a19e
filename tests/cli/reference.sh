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
done
t_done
